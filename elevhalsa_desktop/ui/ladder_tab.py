"""The Återgång tab of a pupil's page: the staged return at a glance.

Where the pupil stands (the current step and what it takes to move on), what needs attention (a
shortened day without the head teacher's decision, a criterion that is met, expected sessions
with nothing recorded), the last three sessions, the ladder and the weekly chart. From here the
mentor records a session (Ctrl+R) and the coordinator decides on a step or edits the ladder.
Everything is read again from LadderService after a change.

A pupil may have had more than one staged return (one closed, a new one started later): a small
chooser shows which one is on screen, the open one first. A closed one is shown read-only, with
who closed it and why, and "Starta en stegvis återgång…" is offered again above it.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QWidget

from ..domain.ladder import ReturnPlan, Session, StepStatus
from ..domain.pupil import Pupil
from ..services.ladder import LadderOverview, LadderService
from ..services.plans import PlanService
from .close_return_dialog import CloseReturnDialog
from .decision_dialog import DecisionDialog
from .feedback import NOTICE_STYLE, problem_color, scaled_font, set_secondary, show_notice
from .forms import load_form
from .ladder_dialog import ReturnPlanDialog, new_return_plan
from .ladder_drawing import LadderDrawing
from .ladder_parts import (
    attendance_text,
    day_text,
    how_text,
    minutes_text,
    missed_text,
    schedule_text,
    step_by_id,
    step_number,
    step_title,
    tr,
)
from .progress_chart import ProgressChart
from .record_dialog import start_dialog
from .record_table import Column, RecordTable
from .session_dialog import SessionDialog

_WARNING_STYLE = (
    "QLabel {{ color: {colour}; background: #fbeae8; border: 1px solid #e4a9a3;"
    " border-radius: 4px; padding: 8px; font-weight: bold; }}"
)
_SUGGESTION_STYLE = (
    "QLabel { background: #e6f2e1; border: 1px solid #9cc68c; border-radius: 4px; padding: 8px; }"
)


class LadderTab(QWidget):
    #: The return plan, a session or a decision was saved here.
    changed = Signal()

    def __init__(
        self,
        ladder: LadderService,
        plans: PlanService,
        pupil: Pupil,
        parent: QWidget | None = None,
        today: Callable[[], _dt.date] = _dt.date.today,
    ):
        super().__init__(parent)
        self._ladder = ladder
        self._plans = plans
        self._pupil = pupil
        self._today = today
        self._overview: LadderOverview | None = None
        self._open_plan: ReturnPlan | None = None
        self._chosen_id = ""
        self.setAccessibleName(self.tr("Stegvis återgång för {name}").format(name=pupil.full_name))
        form = self.form = load_form("ladder_tab.ui", self)
        form.scrollArea.viewport().setAutoFillBackground(False)
        form.scrollContents.setAutoFillBackground(False)
        for title in (form.currentTitle, form.emptyTitle):
            title.setFont(scaled_font(title, 1.3, bold=True))
        for quiet in (form.sessionsNote, form.chartSummary, form.emptyText):
            set_secondary(quiet)
        for caption in form.findChildren(QLabel):
            if caption.objectName().endswith("Caption"):
                set_secondary(caption)
        self.drawing = LadderDrawing()
        form.ladderHolder.layout().addWidget(self.drawing)
        self.chart = ProgressChart()
        # Every section is as high as its contents; spare height stays below them.
        form.planLayout.addStretch(1)
        self.drawing.setMinimumHeight(form.fontMetrics().lineSpacing() * 8)
        form.chartHolder.layout().addWidget(self.chart)
        self.sessions_table = RecordTable(
            form.sessionsTable,
            self._session_columns(),
            key=lambda s: s.id,
            stretch_column=5,
            fit_rows=(1, 3),
        )
        record = QAction(self.tr("Registrera tillfälle"), self)
        record.setShortcut(QKeySequence("Ctrl+R"))
        # Ctrl+R belongs to this tab while it shows: other pages have their own.
        record.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        record.triggered.connect(self.record_session)
        self.addAction(record)
        form.recordButton.clicked.connect(self.record_session)
        form.decideButton.clicked.connect(self.decide)
        form.editButton.clicked.connect(self.edit_plan)
        form.startButton.clicked.connect(self.start_plan)
        form.closeButton.clicked.connect(self.close_plan)
        form.planCombo.activated.connect(self._plan_chosen)
        self.reload()

    def _session_columns(self) -> list[Column]:
        def step_text(session: Session) -> str:
            plan = self._overview.plan if self._overview else None
            step = step_by_id(plan, session.step_id) if plan else None
            return str(step_number(plan, step) or "—") if step else "—"

        return [
            Column(self.tr("Datum"), lambda s: day_text(_dt.date.fromisoformat(s.on))),
            Column(self.tr("Steg"), step_text),
            Column(self.tr("Närvaro"), attendance_text, alert=lambda s: not s.came),
            Column(self.tr("Hur det gick"), lambda s: how_text(s.how_it_went)),
            Column(self.tr("Träffade eleven"), lambda s: s.met_by),
            Column(
                self.tr("Anteckning"),
                lambda s: " ".join(filter(None, [s.note, s.pupil_words and f"”{s.pupil_words}”"])),
            ),
        ]

    # Reading ----------------------------------------------------------------------------------
    @property
    def pupil_id(self) -> str:
        return self._pupil.id

    @property
    def plan(self) -> ReturnPlan | None:
        return self._overview.plan if self._overview else None

    def reload(self) -> None:
        plans = self._ladder.plans(self._pupil.id)  # the open one first, then newest
        self._open_plan = next((p for p in plans if not p.closed), None)
        plan = next((p for p in plans if p.id == self._chosen_id), None) or (
            plans[0] if plans else None
        )
        self._chosen_id = plan.id if plan else ""
        form = self.form
        self._fill_chooser(plans)
        form.emptyPanel.setVisible(self._open_plan is None)
        form.emptyTitle.setText(
            self.tr("Ingen pågående stegvis återgång")
            if plans
            else self.tr("Ingen stegvis återgång ännu")
        )
        form.emptyText.setVisible(not plans)
        form.planPanel.setVisible(plan is not None)
        if plan is None:
            self._overview = None
            return
        today = self._today()
        self._overview = overview = self._ladder.overview(plan.id, today)
        self._show_current(overview)
        self._show_notices(overview)
        self.sessions_table.set_records(overview.last_sessions)
        form.sessionsNote.setText(
            self.tr("Inga tillfällen registrerade ännu.") if not overview.last_sessions else ""
        )
        form.sessionsNote.setVisible(not overview.last_sessions)
        self.drawing.set_plan(plan)
        self.chart.set_data(
            self._ladder.progress(plan.id, today), plan, self._ladder.attendance_per_step(plan.id)
        )
        form.chartSummary.setText(self.chart.summary())
        # A closed return is kept to be read: nothing is recorded, decided or edited in it.
        for button in (form.recordButton, form.decideButton, form.editButton, form.closeButton):
            button.setVisible(not plan.closed)
        form.recordButton.setEnabled(overview.current is not None)
        form.recordButton.setToolTip(
            self.tr("Registrera ett tillfälle för det pågående steget (Ctrl+R)")
            if overview.current
            else self.tr("Inget steg pågår: besluta om steg först.")
        )

    def _fill_chooser(self, plans: list[ReturnPlan]) -> None:
        combo = self.form.planCombo
        combo.blockSignals(True)
        combo.clear()
        for plan in plans:
            combo.addItem(self._plan_text(plan), plan.id)
        combo.setCurrentIndex(max(combo.findData(self._chosen_id), 0))
        combo.blockSignals(False)
        # One return plan needs no choice.
        self.form.chooserPanel.setVisible(len(plans) > 1)

    def _plan_text(self, plan: ReturnPlan) -> str:
        if plan.closed:
            return self.tr("Startad {start}, avslutad {end}").format(
                start=plan.started_on, end=plan.closed_on or "—"
            )
        return self.tr("Startad {start}, pågår").format(start=plan.started_on)

    def _plan_chosen(self, index: int) -> None:
        self._chosen_id = self.form.planCombo.itemData(index) or ""
        self.reload()

    def _show_current(self, overview: LadderOverview) -> None:
        form, plan, step = self.form, overview.plan, overview.current
        paused = next((s for s in plan.active_steps if s.status is StepStatus.PAUSED), None)
        if plan.closed:
            form.currentTitle.setText(
                self.tr("Avslutad återgång, startad {start}").format(start=plan.started_on)
            )
        elif step is not None:
            form.currentTitle.setText(self.tr("Nu: {step}").format(step=step_title(plan, step)))
        elif paused is not None:
            form.currentTitle.setText(
                self.tr("Pausat: {step}").format(step=step_title(plan, paused))
            )
        else:
            form.currentTitle.setText(self.tr("Inget steg pågår"))
        shown = step or paused
        dash = "—"
        form.placeValue.setText(shown.place or dash if shown else dash)
        form.subjectsValue.setText(shown.subjects or dash if shown else dash)
        form.scheduleValue.setText(schedule_text(shown) if shown else dash)
        form.minutesValue.setText(
            self.tr("{step} per vecka av elevens {full}").format(
                step=minutes_text(shown.planned_minutes),
                full=minutes_text(plan.weekly_schedule_minutes),
            )
            if shown
            else dash
        )
        form.responsibleValue.setText(shown.responsible or dash if shown else dash)
        form.criterionValue.setText(tr(shown.criterion) or dash if shown else dash)

    def _show_notices(self, overview: LadderOverview) -> None:
        form = self.form
        plan = overview.plan
        show_notice(
            form.closedLabel,
            self.tr("Avslutad {day} av {who}: {reason}").format(
                day=plan.closed_on or "—", who=plan.closed_by or "—", reason=plan.closed_reason
            )
            if plan.closed
            else "",
            NOTICE_STYLE,
        )
        if plan.closed:
            # What was due or suggested while it ran is no longer anyone's task.
            for label in (form.warningLabel, form.suggestionLabel, form.missedLabel):
                show_notice(label, "", NOTICE_STYLE)
            return
        warning = plan.shortened_day_warning
        show_notice(
            form.warningLabel,
            tr(warning),
            _WARNING_STYLE.format(colour=problem_color(form.warningLabel).name()),
        )
        show_notice(
            form.suggestionLabel,
            self.tr("Kriteriet är uppfyllt – överväg att gå ett steg upp.")
            if overview.suggest_step_up
            else "",
            _SUGGESTION_STYLE,
        )
        missed = overview.missed
        show_notice(
            form.missedLabel,
            self.tr("{count} (senast {day}). Registrera dem med Ctrl+R.").format(
                count=missed_text(len(missed)), day=day_text(max(missed))
            )
            if missed
            else "",
            NOTICE_STYLE,
        )

    def focus_first(self) -> None:
        form = self.form
        if self._open_plan is None:
            target = form.startButton
        elif self.plan is not None and self.plan.closed:
            target = form.planCombo
        else:
            target = form.recordButton if form.recordButton.isEnabled() else form.decideButton
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    # Actions ----------------------------------------------------------------------------------
    def record_session(self) -> SessionDialog | None:
        overview = self._overview
        if overview is None or overview.plan.closed or overview.current is None:
            return None
        dialog = SessionDialog(
            self._ladder,
            overview.plan,
            overview.missed,
            self,
            self._today,
            people=self._plans.responsible_people(),
        )
        return start_dialog(dialog, lambda _session: self._saved())

    def decide(self) -> DecisionDialog | None:
        if self._overview is None or self._overview.plan.closed:
            return None
        dialog = DecisionDialog(
            self._ladder, self._overview, self._ladder.session.user.name, self, self._today
        )
        return start_dialog(dialog, lambda _plan: self._saved())

    def edit_plan(self) -> ReturnPlanDialog | None:
        if self._overview is None or self._overview.plan.closed:
            return None
        return self._open_plan_dialog(self._overview.plan)

    def close_plan(self) -> CloseReturnDialog | None:
        if self._overview is None or self._overview.plan.closed:
            return None
        dialog = CloseReturnDialog(
            self._ladder, self._overview.plan, self._ladder.session.user.name, self, self._today
        )
        return start_dialog(dialog, lambda _plan: self._saved())

    def start_plan(self) -> ReturnPlanDialog:
        return self._open_plan_dialog(new_return_plan(self._pupil.id, self._today()))

    def _open_plan_dialog(self, plan: ReturnPlan) -> ReturnPlanDialog:
        dialog = ReturnPlanDialog(self._ladder, self._plans, plan, self)
        return start_dialog(dialog, self._started_or_saved)

    def _started_or_saved(self, plan: ReturnPlan) -> None:
        # A newly started return is the one to show, not the closed one that was on screen.
        self._chosen_id = plan.id
        self._saved()

    def _saved(self) -> None:
        self.reload()
        self.changed.emit()
        self.focus_first()
