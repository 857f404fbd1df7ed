"""The mentor's log: one session of the staged return, recorded in a few key presses.

It opens filled in from the current step (LadderService.draft_session): today, the planned
minutes, the usual start time, the adult who meets the pupil. The focus starts on the attended
minutes with the value selected, so "came as planned" is Enter, and another number is the
digits and Enter. "Kom inte" (Alt+K) sets 0. How it went is Alt+1 … Alt+5 from anywhere, or 1 … 5
on the choices. Enter saves from any one-line field, Ctrl+Enter from the notes.

Picking another step (a session of an earlier step, recorded late) fills in that step's planned
minutes and start time, as LadderService.draft_session computes them; the attended minutes and
who met the pupil follow too unless the mentor has already changed them. "Träffade eleven" offers
the names already used in the case file, so the same person is written the same way.

Expected sessions of the current step that have no record yet are listed on the right: picking
one sets the date, so a forgotten session is ticked off rather than typed. Alt+V goes to the list
and picks the latest (the list makes its first row current on focus); Down picks earlier ones.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import QButtonGroup, QListWidgetItem, QWidget

from ..domain.ladder import ReturnPlan, Session
from ..services.ladder import LadderService
from .date_input import DateInput
from .feedback import scaled_font, set_secondary
from .ladder_parts import day_text, minutes_text, schedule_text, step_title
from .plan_fields import person, set_up_people_combo
from .record_dialog import RecordDialog, fit_lines

_DIGITS = {getattr(Qt.Key, f"Key_{n}"): n for n in range(1, 6)}


class SessionDialog(RecordDialog):
    """``saved`` carries the session as stored."""

    def __init__(
        self,
        ladder: LadderService,
        plan: ReturnPlan,
        missed: list[_dt.date] | None = None,
        parent: QWidget | None = None,
        today: Callable[[], _dt.date] = _dt.date.today,
        people: list[str] | None = None,
    ):
        super().__init__("session_dialog.ui", parent)
        self.setObjectName("sessionDialog")
        self.setWindowTitle(self.tr("Registrera tillfälle"))
        self._ladder = ladder
        self._plan = plan
        self._today = today
        self._draft = ladder.draft_session(plan, today())
        form = self.form
        form.scrollArea.setAccessibleName(self.tr("Tillfället"))
        form.stepSummary.setFont(scaled_font(form.stepSummary, 1.15, bold=True))
        set_secondary(form.missedHint)
        self._on = DateInput(form.onEdit, today)
        fit_lines(form.noteEdit, 3)
        fit_lines(form.wordsEdit, 2)
        form.missedList.setFixedWidth(form.fontMetrics().averageCharWidth() * 28)
        self._how = QButtonGroup(self)
        for value in range(1, 6):
            button = getattr(form, f"how{value}")
            self._how.addButton(button, value)
            button.installEventFilter(self)
        for step in plan.active_steps:
            form.stepCombo.addItem(step_title(plan, step), step.id)
        # PlanService.responsible_people and the adults of the ladder's steps, each once.
        names = dict.fromkeys([*(people or []), *(s.responsible for s in plan.active_steps)])
        set_up_people_combo(form.metByCombo, [n for n in names if n.strip()], self._draft.met_by)
        self._fill(self._draft)
        self._fill_missed(missed or [])
        self._bind_problems()
        form.attendedSpin.valueChanged.connect(self._attended_changed)
        form.cameNotCheck.toggled.connect(self._came_not_toggled)
        form.plannedSpin.valueChanged.connect(self._show_longer)
        form.missedList.currentItemChanged.connect(self._missed_chosen)
        form.stepCombo.activated.connect(self._step_chosen)
        # Ctrl+Enter saves from the multi-line fields, where Enter starts a new line.
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            action = QAction(self)
            action.setShortcut(QKeySequence(keys))
            action.triggered.connect(self._save_and_close)
            self.addAction(action)
        self.track_changes(
            form.onEdit,
            form.startTimeEdit,
            form.metByCombo,
            form.noteEdit,
            form.wordsEdit,
            form.stepCombo,
        )
        for spin in (form.attendedSpin, form.plannedSpin):
            spin.valueChanged.connect(self._mark_changed)
        self._how.idClicked.connect(self._mark_changed)
        self.fit_to_contents(min_characters=100)

    def _fill(self, draft: Session) -> None:
        form = self.form
        self._show_step(draft.step_id)
        form.stepCombo.setCurrentIndex(max(form.stepCombo.findData(draft.step_id), 0))
        self._on.set_date(draft.on)
        form.startTimeEdit.setText(draft.start_time)
        form.plannedSpin.setValue(draft.planned_minutes)
        form.attendedSpin.setValue(draft.attended_minutes)
        form.metByCombo.setEditText(draft.met_by)
        self._show_longer()

    def _show_step(self, step_id: str) -> None:
        form = self.form
        step = next(s for s in self._plan.steps if s.id == step_id)
        form.stepSummary.setText(
            self.tr("{title} · {schedule} · {minutes} per vecka").format(
                title=step_title(self._plan, step),
                schedule=schedule_text(step),
                minutes=minutes_text(step.planned_minutes),
            )
        )

    def _step_chosen(self, index: int) -> None:
        form = self.form
        step_id = form.stepCombo.itemData(index) or ""
        if not step_id or step_id == self._draft.step_id:
            return
        before, draft = self._draft, self._ladder.draft_session(self._plan, None, step_id)
        self._draft = replace(draft, on=before.on)
        self._show_step(step_id)
        # What the mentor typed stays; what came from the old step follows the new one.
        came_as_planned = form.attendedSpin.value() == form.plannedSpin.value()
        form.startTimeEdit.setText(draft.start_time)
        form.plannedSpin.setValue(draft.planned_minutes)
        if came_as_planned:
            form.attendedSpin.setValue(draft.planned_minutes)
        if person(form.metByCombo) == before.met_by:
            form.metByCombo.setEditText(draft.met_by)
        self._mark_changed()

    def _fill_missed(self, missed: list[_dt.date]) -> None:
        form = self.form
        for day in sorted(missed, reverse=True):  # the most recent, most likely, first
            item = QListWidgetItem(day_text(day))
            item.setData(Qt.ItemDataRole.UserRole, day.isoformat())
            form.missedList.addItem(item)
        form.missedList.setCurrentRow(-1)
        if missed:
            form.missedHint.setText(
                self.tr("Välj ett datum i listan för att registrera det tillfället i stället.")
            )
        else:
            # Nothing to pick from: the form gets the whole width.
            for widget in (form.missedLabel, form.missedList, form.missedHint):
                widget.hide()

    def _bind_problems(self) -> None:
        form = self.form
        for key, label, field in (
            ("attended_minutes", form.attendedProblem, form.attendedSpin),
            ("how_it_went", form.howProblem, form.how1),
            ("on", form.onProblem, form.onEdit),
            ("start_time", form.startTimeProblem, form.startTimeEdit),
            ("planned_minutes", form.plannedProblem, form.plannedSpin),
            ("step_id", form.stepProblem, form.stepCombo),
        ):
            self.problems.bind(key, label, field)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # The one number most sessions need, ready to be confirmed with Enter or typed over.
        spin = self.form.attendedSpin
        spin.setFocus(Qt.FocusReason.OtherFocusReason)
        spin.selectAll()

    # Behaviour --------------------------------------------------------------------------------
    def _attended_changed(self, value: int) -> None:
        check = self.form.cameNotCheck
        check.blockSignals(True)
        check.setChecked(value == 0)
        check.blockSignals(False)
        self._show_longer()

    def _came_not_toggled(self, came_not: bool) -> None:
        spin = self.form.attendedSpin
        spin.setValue(0 if came_not else self.form.plannedSpin.value())
        self._mark_changed()

    def _show_longer(self) -> None:
        form = self.form
        longer = form.attendedSpin.value() > form.plannedSpin.value() > 0
        # Allowed (the pupil stayed longer) and worth seeing: said in words, not refused.
        form.longerLabel.setText(self.tr("längre än planerat") if longer else "")

    def _missed_chosen(self, item: QListWidgetItem | None, _previous=None) -> None:
        if item is not None:
            self._on.set_date(item.data(Qt.ItemDataRole.UserRole))
            self._mark_changed()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # On the choices of how it went, the digits 1–5 choose directly.
        if event.type() == QEvent.Type.KeyPress and event.key() in _DIGITS:
            button = self._how.button(_DIGITS[event.key()])
            button.setChecked(True)
            button.setFocus()
            self._mark_changed()
            return True
        return super().eventFilter(watched, event)

    # Saving -----------------------------------------------------------------------------------
    def record_from_form(self) -> Session:
        form = self.form
        return replace(
            self._draft,
            step_id=form.stepCombo.currentData() or "",
            on=self._on.iso(),
            start_time=form.startTimeEdit.text().strip(),
            planned_minutes=form.plannedSpin.value(),
            attended_minutes=form.attendedSpin.value(),
            met_by=person(form.metByCombo),
            how_it_went=max(self._how.checkedId(), 0),
            note=form.noteEdit.toPlainText().strip(),
            pupil_words=form.wordsEdit.toPlainText().strip(),
        )

    def store(self, record: Session) -> Session:
        return self._ladder.record(record, today=self._today())
