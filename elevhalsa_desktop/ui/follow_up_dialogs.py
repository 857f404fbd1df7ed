"""Putting a plan's follow-ups in the calendar, and recording one that was held.

The law wants every åtgärdsprogram to say when it is followed up and who is responsible; these
two dialogs are where that happens. Scheduling shows the resulting dates while the user chooses,
so "var 4:e vecka till och med juni" is seen as dates before anything is saved.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import replace

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QButtonGroup, QComboBox, QLabel, QLineEdit, QWidget

from ..domain import schedule
from ..domain.plans import (
    Decision,
    Effect,
    EffectNote,
    FollowUp,
    Plan,
    check_follow_up_record,
)
from ..domain.pupil import ValidationError
from ..services.plans import PlanService
from .date_input import DateInput
from .feedback import prepare_problem_label, set_secondary
from .form_dialog import FormDialog
from .labels import plan_label
from .plan_fields import fill_choices, person, set_up_people_combo
from .record_dialog import fit_lines


def _tr(text: str) -> str:
    return QCoreApplication.translate("follow_up_dialogs", text)


def ordinal_suffix(number: int) -> str:
    """The Swedish ordinal ending: 1:a, 2:a, 3:e … 21:a, 22:a, but 11:e and 12:e."""
    return ":a" if number % 10 in (1, 2) and number % 100 not in (11, 12) else ":e"


def dates_text(dates: list[_dt.date]) -> str:
    days = ", ".join(d.isoformat() for d in dates)
    if len(dates) == 1:
        return _tr("Uppföljning: {days}").format(days=days)
    return _tr("{n} uppföljningar: {days}").format(n=len(dates), days=days)


def _plan_name(plan: Plan) -> str:
    return plan.title or plan_label(plan.kind)


def _date_from(field: DateInput, key: str) -> _dt.date:
    """The date in ``field``, or a ValidationError under ``key`` that says what is wrong."""
    try:
        value = field.date()
    except ValueError:
        value = None
        problem = _tr("Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2027-01-04.")
    else:
        problem = _tr("Skriv ett datum.")
    if value is None:
        raise ValidationError({key: problem})
    return value


class ScheduleFollowUpDialog(FormDialog):
    """``saved`` holds the ids of the follow-ups put in the calendar."""

    saved = Signal(object)

    def __init__(
        self,
        plans: PlanService,
        plan: Plan,
        parent: QWidget | None = None,
        today: _dt.date | None = None,
    ):
        super().__init__("schedule_follow_up_dialog.ui", parent)
        self.setObjectName("scheduleFollowUpDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("Planera uppföljningar"))
        self.form.scrollArea.setAccessibleName(self.tr("När uppföljningarna ska hållas"))
        self._plans = plans
        self._plan = plan
        self._today = today or _dt.date.today()
        form = self.form
        form.introLabel.setText(
            self.tr("Uppföljningar av {plan}. De läggs i Att göra för den som är ansvarig.").format(
                plan=_plan_name(plan)
            )
        )
        self._until = DateInput(form.untilEdit, lambda: self._today)
        self._on_date = DateInput(form.dateEdit, lambda: self._today)
        first = schedule.in_weeks(self._today, form.everySpin.value())
        self._until.set_date(schedule.school_year_end(first))
        self._on_date.set_date(schedule.in_weeks(self._today, form.inWeeksSpin.value()))
        set_up_people_combo(form.responsibleCombo, plans.responsible_people(), plan.responsible)
        self._modes = QButtonGroup(self)
        for radio in (form.inWeeksRadio, form.everyRadio, form.onDateRadio):
            self._modes.addButton(radio)
        form.inWeeksRadio.setChecked(True)
        for key, label, field in (
            ("interval", form.untilProblem, form.everySpin),
            ("until", form.untilProblem, form.untilEdit),
            ("due_on", form.dateProblem, form.dateEdit),
            ("responsible", form.responsibleProblem, form.responsibleCombo),
        ):
            self.problems.bind(key, label, field)
        self._modes.buttonToggled.connect(self._mode_changed)
        form.inWeeksSpin.valueChanged.connect(self._update)
        form.everySpin.valueChanged.connect(self._update)
        form.untilEdit.textChanged.connect(self._update)
        form.dateEdit.textChanged.connect(self._update)
        self.track_changes(
            form.inWeeksRadio,
            form.everyRadio,
            form.onDateRadio,
            form.untilEdit,
            form.dateEdit,
            form.responsibleCombo,
        )
        self._mode_changed()
        self.fit_to_contents(min_characters=100)
        form.inWeeksSpin.setFocus()

    def _mode_changed(self, *_args) -> None:
        form = self.form
        # Only the chosen way's fields take input (and Tab), so what is shown is what is saved.
        for radio, fields in (
            (form.inWeeksRadio, (form.inWeeksSpin, form.inWeeksUnit)),
            (form.everyRadio, (form.everySpin, form.untilLabel, form.untilEdit)),
            (form.onDateRadio, (form.dateEdit,)),
        ):
            for field in fields:
                field.setEnabled(radio.isChecked())
        self.problems.clear()
        self._update()

    def _update(self, *_args) -> None:
        form = self.form
        weeks = form.inWeeksSpin.value()
        form.inWeeksUnit.setText(self.tr("vecka") if weeks == 1 else self.tr("veckor"))
        form.everySpin.setSuffix(ordinal_suffix(form.everySpin.value()))
        try:
            text = dates_text(self.dates())
        except ValidationError as error:
            text = next(iter(error.problems.values()))
        form.previewLabel.setText(text)

    def dates(self) -> list[_dt.date]:
        """The dates the choice gives. Raises ValidationError (keyed by field) when it gives none."""
        form = self.form
        if form.everyRadio.isChecked():
            first = schedule.in_weeks(self._today, form.everySpin.value())
            until = _date_from(self._until, "until")
            return schedule.every_weeks(first, form.everySpin.value(), until)
        if form.onDateRadio.isChecked():
            return [_date_from(self._on_date, "due_on")]
        return [schedule.in_weeks(self._today, form.inWeeksSpin.value())]

    def save(self) -> bool:
        return self.save_with(self._schedule)

    def _schedule(self) -> None:
        responsible = person(self.form.responsibleCombo)
        ids = self._plans.schedule(self._plan, self.dates(), responsible, today=self._today)
        self.saved.emit(ids)


class RecordFollowUpDialog(FormDialog):
    """``saved`` holds the follow-up as recorded."""

    saved = Signal(object)

    def __init__(
        self,
        plans: PlanService,
        plan: Plan,
        follow_up: FollowUp,
        parent: QWidget | None = None,
    ):
        super().__init__("record_follow_up_dialog.ui", parent)
        self.setObjectName("recordFollowUpDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("Dokumentera uppföljning"))
        self.form.scrollArea.setAccessibleName(self.tr("Uppföljningen"))
        self._plans = plans
        self._plan = plan
        self._follow_up = follow_up
        form = self.form
        form.introLabel.setText(
            self.tr("Uppföljning av {plan}, planerad till {due}.").format(
                plan=_plan_name(plan), due=follow_up.due_on
            )
        )
        self._held_on = DateInput(form.heldOnEdit)
        self._held_on.set_date(follow_up.held_on or _dt.date.today())
        form.participantsEdit.setText(follow_up.participants)
        form.notesEdit.setPlainText(follow_up.notes)
        fit_lines(form.notesEdit, 4)
        self._decisions = QButtonGroup(self)
        for radio, decision in (
            (form.continueRadio, Decision.CONTINUE),
            (form.changeRadio, Decision.CHANGE),
            (form.closeRadio, Decision.CLOSE),
        ):
            self._decisions.addButton(radio)
            radio.setProperty("decision", decision.value)
            radio.setChecked(follow_up.decision is decision)
        self._decisions.buttonToggled.connect(self._show_decision_hint)
        set_secondary(form.decisionHint)
        set_secondary(form.effectsHint)
        self._show_decision_hint()
        for key, label, field in (
            ("held_on", form.heldOnProblem, form.heldOnEdit),
            ("participants", form.participantsProblem, form.participantsEdit),
        ):
            self.problems.bind(key, label, field)
        self._rows = self._effect_rows()
        self.problems.bind("decision", form.decisionProblem, form.continueRadio)
        self.problems.bind("notes", form.notesProblem, form.notesEdit)
        self.track_changes(
            form.heldOnEdit,
            form.participantsEdit,
            form.continueRadio,
            form.changeRadio,
            form.closeRadio,
            form.notesEdit,
            *(widget for row in self._rows for widget in row[1:]),
        )
        self.fit_to_contents(min_characters=100)
        form.participantsEdit.setFocus()

    def _effect_rows(self) -> list[tuple[str, QComboBox, QLineEdit]]:
        """One row per intervention: its name, the effect and a comment. Built here because the
        number of rows is the plan's; the form holds the grid and its headers."""
        form = self.form
        grid = form.effectsGrid
        earlier = {note.intervention_id: note for note in self._follow_up.effects}
        rows = []
        previous: QWidget = form.participantsEdit
        for index, item in enumerate(self._plan.interventions):
            row = 1 + index * 2
            name = QLabel(item.what, form.effectsGroup)
            name.setWordWrap(True)
            name.setTextFormat(Qt.TextFormat.PlainText)
            effect = QComboBox(form.effectsGroup)
            effect.setObjectName(f"effect{index}")
            fill_choices(effect, Effect, none_text=self.tr("Inte bedömd"))
            effect.setAccessibleName(self.tr("Effekt av {what}").format(what=item.what))
            comment = QLineEdit(form.effectsGroup)
            comment.setObjectName(f"comment{index}")
            comment.setAccessibleName(self.tr("Kommentar om {what}").format(what=item.what))
            note = earlier.get(item.id)
            if note is not None:
                effect.setCurrentIndex(max(effect.findData(note.effect.value), 0))
                comment.setText(note.comment)
            name.setBuddy(effect)
            problem = QLabel(form.effectsGroup)
            prepare_problem_label(problem)
            grid.addWidget(name, row, 0)
            grid.addWidget(effect, row, 1)
            grid.addWidget(comment, row, 2)
            grid.addWidget(problem, row + 1, 0, 1, 3)
            self.problems.bind(f"effect_{index}", problem, effect)
            # Widgets made in code join the end of the tab chain; put them where they are seen.
            QWidget.setTabOrder(previous, effect)
            QWidget.setTabOrder(effect, comment)
            previous = comment
            rows.append((item.id, effect, comment))
        QWidget.setTabOrder(previous, form.continueRadio)
        form.noInterventionsLabel.setVisible(not rows)
        return rows

    def _decision(self) -> Decision | None:
        checked = self._decisions.checkedButton()
        return Decision(checked.property("decision")) if checked is not None else None

    def _show_decision_hint(self, *_args) -> None:
        hints = {
            Decision.CONTINUE: self.tr("Planen fortsätter som den är."),
            Decision.CHANGE: self.tr(
                "Planen fortsätter; ändra den sedan i planen, så sparas ändringen som en ny version."
            ),
            Decision.CLOSE: self.tr(
                "Planen avslutas när uppföljningen sparas. Den finns kvar med alla versioner."
            ),
        }
        decision = self._decision()
        self.form.decisionHint.setText(hints.get(decision, "") if decision else "")
        self.form.decisionHint.setVisible(decision is not None)

    def follow_up_from_form(self) -> FollowUp:
        form = self.form
        effects = tuple(
            EffectNote(intervention_id, Effect(effect.currentData()), comment.text().strip())
            for intervention_id, effect, comment in self._rows
            if effect.currentData()
        )
        return replace(
            self._follow_up,
            held_on=self._held_on.iso(),
            participants=form.participantsEdit.text().strip(),
            effects=effects,
            decision=self._decision(),
            notes=form.notesEdit.toPlainText(),
        )

    def _row_problems(self) -> dict[str, str]:
        """A comment needs an effect to belong to: say so rather than drop the comment."""
        return {
            f"effect_{index}": self.tr("Välj en effekt för kommentaren, eller ta bort kommentaren.")
            for index, (_id, effect, comment) in enumerate(self._rows)
            if comment.text().strip() and not effect.currentData()
        }

    def save(self) -> bool:
        return self.save_with(self._record)

    def _record(self) -> None:
        follow_up = self.follow_up_from_form()
        rows = self._row_problems()
        if rows:
            # Every problem at once: the rules' ones too, not only the rows'.
            raise ValidationError({**check_follow_up_record(follow_up, _dt.date.today()), **rows})
        self.saved.emit(self._plans.record(follow_up))
