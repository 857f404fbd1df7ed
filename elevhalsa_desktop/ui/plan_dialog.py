"""A plan (åtgärdsprogram or handlingsplan): needs, goals, participation, the decision,
interventions and follow-ups, and the steps of its life: draft, active, closed.

The dialog stays open when the plan is saved: a plan is worked on in a meeting, saved as it
grows, then activated, followed up and one day closed. Every save is a revision (the service
keeps them all); "Versioner…" shows them.
"""

from __future__ import annotations

import datetime as _dt

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialogButtonBox, QHeaderView, QWidget

from ..domain.plans import FollowUp, Intervention, Plan, PlanKind, PlanStatus
from ..domain.pupil import ValidationError
from ..services.plans import PlanService
from .audit_log_model import readable_time
from .date_input import DateInput
from .feedback import scaled_font, set_secondary
from .form_dialog import FormDialog
from .intervention_dialog import InterventionDialog, status_text
from .labels import plan_label
from .messages import ask_yes_no
from .plan_fields import normalise_name, person, set_up_people_combo
from .record_dialog import fit_lines
from .record_table import Column, RecordTable

#: Lines of text a long field shows before it scrolls, by field.
_TEXT_LINES = {
    "needsEdit": 5,
    "goalsShortEdit": 4,
    "goalsLongEdit": 4,
    "pupilParticipationEdit": 3,
    "guardianParticipationEdit": 3,
    "appealEdit": 4,
}
#: Rows a table shows before it scrolls.
_TABLE_ROWS = 4


class PlanDialog(FormDialog):
    """``saved`` holds the plan as stored, after every save, activation, closing and follow-up
    change (the service moves the plan's next follow-up date and may close it)."""

    saved = Signal(object)
    closes_on_save = False

    def __init__(
        self,
        plans: PlanService,
        plan: Plan,
        parent: QWidget | None = None,
        *,
        pupil_name: str = "",
    ):
        super().__init__("plan_dialog.ui", parent)
        self.setObjectName("planDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._plans = plans
        self._plan = plan
        self._pupil_name = pupil_name
        self._follow_ups: list[FollowUp] = []
        self._people = plans.responsible_people()
        form = self.form
        form.scrollArea.setAccessibleName(self.tr("Planen"))
        form.kindLabel.setFont(scaled_font(form.kindLabel, 1.5, bold=True))
        for quiet in (
            form.versionLabel,
            form.goalsHint,
            form.participationHint,
            form.decisionHint,
            form.followUpHint,
            form.followUpsNote,
        ):
            set_secondary(quiet)
        close = form.buttonBox.button(QDialogButtonBox.StandardButton.Cancel)
        close.setText(self.tr("Stäng"))
        close.setAccessibleName(self.tr("Stäng"))
        self._save_button = form.buttonBox.button(QDialogButtonBox.StandardButton.Save)
        # Ctrl+S saves, as in other programs (the button's own key is its mnemonic, Alt+S).
        save = QAction(self)
        save.setShortcut(QKeySequence.StandardKey.Save)
        save.triggered.connect(self._save_button.click)
        self.addAction(save)

        self._follow_up_date = DateInput(form.followUpEdit)
        self._decided_on = DateInput(form.decidedOnEdit)
        set_up_people_combo(form.responsibleCombo, self._people, plan.responsible)
        for name, lines in _TEXT_LINES.items():
            fit_lines(getattr(form, name), lines)
        self._interventions: list[Intervention] = []
        self._intervention_table = RecordTable(
            form.interventionsTable, _intervention_columns(), key=lambda r: str(r[0])
        )
        self._follow_up_table = RecordTable(
            form.followUpsTable, _follow_up_columns(), key=lambda f: f.id
        )
        self._size_tables()
        self._bind_problems()
        self._connect()
        self._fill(plan)
        self.track_changes(
            form.titleEdit,
            form.responsibleCombo,
            form.followUpEdit,
            form.needsEdit,
            form.goalsShortEdit,
            form.goalsLongEdit,
            form.pupilParticipationEdit,
            form.guardianParticipationEdit,
            form.decidedByEdit,
            form.decidedOnEdit,
            form.appealEdit,
        )
        self._refresh_follow_ups()
        self._show_state()
        self.fit_to_contents(min_characters=125)
        form.titleEdit.setFocus()

    @property
    def plan(self) -> Plan:
        """The plan as last stored (or as given, before the first save)."""
        return self._plan

    # Set-up ---------------------------------------------------------------------------------------
    def _size_tables(self) -> None:
        form = self.form
        # What the intervention is gets the room that is left; the other columns fit their text.
        header = form.interventionsTable.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # A few rows, then the table scrolls: the dialog's own scroll area holds the rest.
        line = form.fontMetrics().lineSpacing()
        for view in (form.interventionsTable, form.followUpsTable):
            top = view.horizontalHeader().sizeHint().height()
            view.setMinimumHeight(top + line * 2)
            view.setMaximumHeight(top + (line + 10) * (_TABLE_ROWS + 1))

    def _bind_problems(self) -> None:
        form = self.form
        for key, label, field in (
            ("title", form.titleProblem, form.titleEdit),
            ("responsible", form.responsibleProblem, form.responsibleCombo),
            ("follow_up_on", form.followUpProblem, form.followUpEdit),
            ("needs", form.needsProblem, form.needsEdit),
            ("goals_short", form.goalsShortProblem, form.goalsShortEdit),
            ("goals_long", form.goalsLongProblem, form.goalsLongEdit),
            ("pupil_participation", form.pupilParticipationProblem, form.pupilParticipationEdit),
            (
                "guardian_participation",
                form.guardianParticipationProblem,
                form.guardianParticipationEdit,
            ),
            ("decided_by", form.decidedByProblem, form.decidedByEdit),
            ("decided_on", form.decidedOnProblem, form.decidedOnEdit),
            ("appeal_note", form.appealProblem, form.appealEdit),
            ("interventions", form.interventionsProblem, form.interventionsTable),
        ):
            self.problems.bind(key, label, field)

    def _connect(self) -> None:
        form = self.form
        form.activateButton.clicked.connect(self.activate)
        form.closePlanButton.clicked.connect(self.close_plan)
        form.reopenButton.clicked.connect(self.reopen_plan)
        form.historyButton.clicked.connect(self.show_history)
        form.addInterventionButton.clicked.connect(self.add_intervention)
        form.editInterventionButton.clicked.connect(self.edit_intervention)
        form.removeInterventionButton.clicked.connect(self.remove_intervention)
        self._intervention_table.open_requested.connect(self.edit_intervention)
        self._intervention_table.current_changed.connect(self._show_state)
        form.scheduleButton.clicked.connect(self.schedule_follow_ups)
        form.recordButton.clicked.connect(self.record_follow_up)
        self._follow_up_table.open_requested.connect(self.record_follow_up)
        self._follow_up_table.current_changed.connect(self._show_state)
        for shortcut, slot in (
            (QKeySequence(Qt.Key.Key_Insert), self.add_intervention),
            (QKeySequence(QKeySequence.StandardKey.Delete), self.remove_intervention),
        ):
            action = QAction(form.interventionsTable)
            action.setShortcut(shortcut)
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(slot)
            form.interventionsTable.addAction(action)

    # The form -------------------------------------------------------------------------------------
    def _fill(self, plan: Plan) -> None:
        """Show ``plan``; a field whose text is already the same is left alone, so refilling after
        a save keeps the cursor and scroll position where the user left them."""
        form = self.form
        for edit, value in (
            (form.titleEdit, plan.title),
            (form.decidedByEdit, plan.decided_by),
        ):
            if edit.text() != value:
                edit.setText(value)
        if person(form.responsibleCombo) != plan.responsible:
            form.responsibleCombo.setEditText(plan.responsible)
        self._follow_up_date.set_date(plan.follow_up_on)
        self._decided_on.set_date(plan.decided_on)
        for edit, value in (
            (form.needsEdit, plan.needs),
            (form.goalsShortEdit, plan.goals_short),
            (form.goalsLongEdit, plan.goals_long),
            (form.pupilParticipationEdit, plan.pupil_participation),
            (form.guardianParticipationEdit, plan.guardian_participation),
            (form.appealEdit, plan.appeal_note),
        ):
            if edit.toPlainText() != value:
                edit.setPlainText(value)
        self._set_interventions(list(plan.interventions))

    def plan_from_form(self) -> Plan:
        form = self.form
        return self._plan.with_changes(
            title=form.titleEdit.text().strip(),
            responsible=person(form.responsibleCombo),
            follow_up_on=self._follow_up_date.iso(),
            needs=form.needsEdit.toPlainText(),
            goals_short=form.goalsShortEdit.toPlainText(),
            goals_long=form.goalsLongEdit.toPlainText(),
            pupil_participation=form.pupilParticipationEdit.toPlainText(),
            guardian_participation=form.guardianParticipationEdit.toPlainText(),
            decided_by=normalise_name(form.decidedByEdit.text()),
            decided_on=self._decided_on.iso(),
            appeal_note=form.appealEdit.toPlainText(),
            interventions=tuple(self._interventions),
        )

    def _show_state(self) -> None:
        """Buttons, labels and read-only fields as the plan's status allows."""
        form, plan = self.form, self._plan
        saved, closed = bool(plan.id), plan.status is PlanStatus.CLOSED
        kind = plan_label(plan.kind)
        form.kindLabel.setText(kind)
        self.setWindowTitle(
            self.tr("{kind} för {name}").format(kind=kind, name=self._pupil_name)
            if self._pupil_name
            else kind
        )
        badge = form.planStatus
        badge.setText(plan_label(plan.status))
        badge.setAccessibleName(self.tr("Status: {status}").format(status=badge.text()))
        badge.setProperty("status", plan.status.value)
        badge.style().unpolish(badge)
        badge.style().polish(badge)
        version = (
            self.tr("version {n}, sparad {when}").format(
                n=plan.revision, when=readable_time(plan.updated_at)
            )
            if saved
            else self.tr("inte sparad ännu")
        )
        form.versionLabel.setText(
            f"{self._pupil_name} · {version}" if self._pupil_name else version.capitalize()
        )
        form.stateNote.setText(self._state_note())
        form.stateNote.setVisible(bool(form.stateNote.text()))
        form.decisionGroup.setVisible(plan.kind is PlanKind.ATGARDSPROGRAM)

        self._save_button.setText(
            self.tr("&Spara utkast") if plan.status is PlanStatus.DRAFT else self.tr("&Spara")
        )
        self._save_button.setAccessibleName(self._save_button.text().replace("&", ""))
        self._save_button.setVisible(not closed)
        self._save_button.setEnabled(not closed)  # Ctrl+S clicks it even when hidden
        form.activateButton.setVisible(plan.status is PlanStatus.DRAFT)
        form.closePlanButton.setVisible(saved and not closed)
        form.reopenButton.setVisible(saved and closed)
        form.historyButton.setEnabled(saved)

        for edit in (form.titleEdit, form.decidedByEdit, form.decidedOnEdit):
            edit.setReadOnly(closed)
        for edit in _TEXT_LINES:
            getattr(form, edit).setReadOnly(closed)
        form.responsibleCombo.setEnabled(not closed)
        has_open = any(not f.held for f in self._follow_ups)
        # Once follow-ups are in the calendar, the next date follows from them (the service keeps
        # it so); changing it here would leave Att göra showing another date.
        form.followUpEdit.setReadOnly(closed or (plan.status is PlanStatus.ACTIVE and has_open))
        form.followUpHint.setText(
            self.tr("Följer av de planerade uppföljningarna nedan.")
            if form.followUpEdit.isReadOnly() and not closed
            else self.tr("Uppföljningen läggs i Att göra när planen aktiveras.")
            if plan.status is PlanStatus.DRAFT
            else ""
        )
        form.followUpHint.setVisible(bool(form.followUpHint.text()))

        row_chosen = self._intervention_table.current() is not None
        form.addInterventionButton.setEnabled(not closed)
        form.editInterventionButton.setEnabled(not closed and row_chosen)
        form.removeInterventionButton.setEnabled(not closed and row_chosen)
        form.scheduleButton.setEnabled(not closed)
        form.recordButton.setEnabled(not closed and bool(self._follow_ups))
        form.followUpsNote.setText(self._follow_ups_note())
        form.followUpsNote.setVisible(bool(form.followUpsNote.text()))

    def _state_note(self) -> str:
        status = self._plan.status
        if status is PlanStatus.DRAFT:
            return self.tr(
                "Utkast: planen gäller först när den aktiveras. Då måste den ha en ansvarig och "
                "ett datum för uppföljning."
            )
        if status is PlanStatus.CLOSED:
            return self.tr(
                "Planen är avslutad och kan inte ändras. Den finns kvar som den var; alla "
                "tidigare versioner finns under Versioner. Behövs den igen kan den öppnas som "
                "ett utkast."
            )
        return ""

    def _follow_ups_note(self) -> str:
        if self._plan.status is PlanStatus.CLOSED:
            return ""
        if not self._follow_ups:
            return self.tr("Inga uppföljningar är planerade ännu.")
        if not any(not f.held for f in self._follow_ups):
            return self.tr("Ingen ny uppföljning är planerad.")
        return ""

    # Saving ---------------------------------------------------------------------------------------
    def save(self) -> bool:
        plan = self.plan_from_form()
        return self.save_with(lambda: self._stored(_grouped(lambda: self._plans.save(plan))))

    def activate(self) -> bool:
        plan = self.plan_from_form()
        return self.save_with(lambda: self._stored(_grouped(lambda: self._plans.activate(plan))))

    def close_plan(self) -> bool:
        if not ask_yes_no(
            self,
            self.tr("Avsluta planen"),
            self.tr(
                "Vill du avsluta planen? Den sparas som den är och finns kvar med alla versioner, "
                "men den kan inte ändras längre och dess uppföljningar försvinner från Att göra."
            ),
            self.tr("Avsluta planen"),
            self.tr("Låt den vara"),
        ):
            return False
        plan = self.plan_from_form()

        def write() -> None:
            current = self._plan
            if self.has_unsaved_changes():
                # What was typed is saved first (and checked), then the plan is closed.
                current = self._stored(_grouped(lambda: self._plans.save(plan)))
            self._stored(self._plans.close(current))

        return self.save_with(write)

    def reopen_plan(self) -> bool:
        if self._plan.status is not PlanStatus.CLOSED or not ask_yes_no(
            self,
            self.tr("Öppna planen igen"),
            self.tr(
                "Vill du öppna planen igen? Den blir ett utkast som kan ändras och måste aktiveras "
                "igen innan den gäller. Den avslutade versionen finns kvar under Versioner."
            ),
            self.tr("Öppna planen igen"),
            self.tr("Låt den vara"),
        ):
            return False
        return self.save_with(lambda: self._stored(self._plans.reopen(self._plan)))

    def _stored(self, plan: Plan) -> Plan:
        self._plan = plan
        # The stored interventions carry ids now; without them the next save would add them again.
        self._fill(plan)
        self.problems.clear()
        self.forget_changes()
        self._refresh_follow_ups()
        self._show_state()
        self.saved.emit(plan)
        return plan

    def validation_failed(self, error: ValidationError) -> None:
        rows = getattr(error, "intervention_rows", [])
        if rows:
            self._intervention_table.select(str(rows[0]))

    # Interventions --------------------------------------------------------------------------------
    def _set_interventions(self, items: list[Intervention]) -> None:
        self._interventions = items
        self._intervention_table.set_records(list(enumerate(items)))

    def add_intervention(self) -> None:
        if self._plan.status is PlanStatus.CLOSED:
            return
        # A new intervention starts with the plan's responsible person, the usual case.
        default = Intervention(what="", responsible=person(self.form.responsibleCombo))
        self._open_intervention(None, default)

    def edit_intervention(self) -> None:
        current = self._intervention_table.current()
        if current is not None and self._plan.status is not PlanStatus.CLOSED:
            self._open_intervention(current[0], current[1])

    def _open_intervention(self, row: int | None, item: Intervention) -> None:
        dialog = InterventionDialog(item, self._people, self, new=row is None)
        dialog.saved.connect(lambda changed: self._intervention_done(row, changed))
        dialog.open()

    def _intervention_done(self, row: int | None, item: Intervention) -> None:
        items = list(self._interventions)
        if row is None:
            items.append(item)
            row = len(items) - 1
        else:
            items[row] = item
        self._set_interventions(items)
        self._intervention_table.select(str(row))
        self._mark_changed()
        self._show_state()
        self.form.interventionsTable.setFocus()

    def remove_intervention(self) -> None:
        current = self._intervention_table.current()
        if current is None or self._plan.status is PlanStatus.CLOSED:
            return
        items = list(self._interventions)
        del items[current[0]]
        self._set_interventions(items)
        if items:
            self._intervention_table.select(str(min(current[0], len(items) - 1)))
        self._mark_changed()
        self._show_state()

    # Follow-ups -----------------------------------------------------------------------------------
    def _refresh_follow_ups(self) -> None:
        self._follow_ups = self._plans.follow_ups(self._plan.id) if self._plan.id else []
        self._follow_up_table.set_records(self._follow_ups)

    def _saved_first(self) -> bool:
        """Follow-ups belong to a stored plan: save what is typed first."""
        if self._plan.id and not self.has_unsaved_changes():
            return True
        return self.save()

    def schedule_follow_ups(self) -> None:
        from .follow_up_dialogs import ScheduleFollowUpDialog

        if self._plan.status is PlanStatus.CLOSED or not self._saved_first():
            return
        dialog = ScheduleFollowUpDialog(self._plans, self._plan, self)
        dialog.saved.connect(lambda _ids: self._follow_ups_changed(offer_next=False))
        dialog.open()

    def record_follow_up(self) -> None:
        from .follow_up_dialogs import RecordFollowUpDialog

        chosen = self._follow_up_table.current()
        if chosen is None or chosen.held:
            # The next one not yet held is the usual one to record.
            chosen = next((f for f in self._follow_ups if not f.held), chosen)
        if chosen is None or self._plan.status is PlanStatus.CLOSED or not self._saved_first():
            return
        dialog = RecordFollowUpDialog(self._plans, self._plan, chosen, self)
        dialog.saved.connect(lambda _item: self._follow_ups_changed(offer_next=True))
        dialog.open()

    def _follow_ups_changed(self, offer_next: bool) -> None:
        # The service moved the plan's next follow-up date, or closed the plan: show the stored
        # plan, keeping what the user has typed and not yet saved (there is nothing: the plan was
        # saved before the follow-up dialog opened).
        stored = next(
            (p for p in self._plans.plans(self._plan.pupil_id) if p.id == self._plan.id),
            self._plan,
        )
        self._stored(stored)
        if (
            offer_next
            and stored.status is not PlanStatus.CLOSED
            and not any(not f.held for f in self._follow_ups)
            and ask_yes_no(
                self,
                self.tr("Nästa uppföljning"),
                self.tr(
                    "Planen fortsätter, men ingen ny uppföljning är planerad. Vill du planera "
                    "nästa uppföljning nu?"
                ),
                self.tr("Planera uppföljning"),
                self.tr("Inte nu"),
            )
        ):
            self.schedule_follow_ups()

    # Versions -------------------------------------------------------------------------------------
    def show_history(self) -> None:
        from .plan_history_dialog import PlanHistoryDialog

        if self._plan.id:
            PlanHistoryDialog(self._plans, self._plan, self).open()


def _grouped(write):
    """Run ``write``; the rules' sentences about single interventions (``intervention_2``) are
    gathered under the interventions table, and the rows they concern are kept on the error."""
    try:
        return write()
    except ValidationError as error:
        rows = sorted(
            int(key.rsplit("_", 1)[1]) for key in error.problems if key.startswith("intervention_")
        )
        if not rows:
            raise
        problems = {
            key: text for key, text in error.problems.items() if not key.startswith("intervention_")
        }
        problems["interventions"] = "\n".join(error.problems[f"intervention_{row}"] for row in rows)
        grouped = ValidationError(problems)
        grouped.intervention_rows = rows
        raise grouped from None


def _tr(text: str) -> str:
    return QCoreApplication.translate("PlanDialog", text)


def _intervention_columns() -> list[Column]:
    return [
        Column(_tr("Insats"), lambda r: r[1].what),
        Column(_tr("Nivå"), lambda r: plan_label(r[1].level)),
        Column(_tr("Ansvarig"), lambda r: r[1].responsible),
        Column(_tr("Start"), lambda r: r[1].start),
        Column(_tr("Slut"), lambda r: r[1].end),
        Column(_tr("Hur ofta"), lambda r: r[1].frequency),
        Column(_tr("Status"), lambda r: status_text(r[1])),
    ]


def _follow_up_columns() -> list[Column]:
    def state(item: FollowUp) -> str:
        if item.held:
            decision = plan_label(item.decision) if item.decision else ""
            return _tr("Genomförd {date}: {decision}").format(date=item.held_on, decision=decision)
        return _tr("Försenad") if _overdue(item) else _tr("Planerad")

    return [
        Column(_tr("Datum"), lambda f: f.due_on, alert=_overdue),
        Column(_tr("Ansvarig"), lambda f: f.responsible),
        Column(_tr("Läge"), state, alert=_overdue),
    ]


def _overdue(item: FollowUp) -> bool:
    return not item.held and item.due_on < _dt.date.today().isoformat()
