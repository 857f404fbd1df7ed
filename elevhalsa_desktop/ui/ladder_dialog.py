"""The return plan: the pupil's full weekly schedule, when the return began, the plan it serves,
the head teacher's decision on a shortened day, and the ladder of steps in order.

The warning about a shortened day ("anpassad studiegång") is live: it follows the minutes of the
steps and the schedule as they are typed, and goes away once who decided it and when are given.
Steps are edited in their own dialog and saved here, together, through LadderService.save.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHeaderView, QWidget

from ..domain.ladder import ReturnPlan, Step, StepStatus
from ..domain.pupil import ValidationError
from ..services.ladder import LadderService
from ..services.plans import PlanService
from .date_input import DateInput
from .feedback import problem_color, set_secondary
from .form_dialog import FormDialog
from .labels import plan_label
from .ladder_parts import minutes_text, schedule_text, step_status_label, tr
from .record_table import Column, RecordTable
from .step_dialog import StepDialog


class ReturnPlanDialog(FormDialog):
    """``saved`` holds the return plan as stored."""

    saved = Signal(object)

    def __init__(
        self,
        ladder: LadderService,
        plans: PlanService,
        plan: ReturnPlan,
        parent: QWidget | None = None,
    ):
        super().__init__("ladder_dialog.ui", parent)
        self.setObjectName("returnPlanDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(
            self.tr("Ny stegvis återgång") if not plan.id else self.tr("Redigera trappan")
        )
        self._ladder = ladder
        self._plan = plan
        self._steps: list[Step] = list(plan.active_steps)
        # Steps that have sessions are archived, not deleted, when removed: the hint says so.
        self._used = {s.step_id for s in ladder.sessions(plan.id)} if plan.id else set()
        form = self.form
        form.scrollArea.setAccessibleName(self.tr("Återgångsplanen"))
        for quiet in (form.weeklyHint, form.stepsHint):
            set_secondary(quiet)
        self._started = DateInput(form.startedEdit)
        self._decided_on = DateInput(form.decidedOnEdit)
        form.linkCombo.addItem(self.tr("Ingen koppling än"), "")
        for item in plans.plans(plan.pupil_id):
            title = item.title or plan_label(item.kind)
            form.linkCombo.addItem(f"{plan_label(item.kind)}: {title}", item.id)
        form.linkCombo.setCurrentIndex(max(form.linkCombo.findData(plan.plan_id), 0))
        form.weeklySpin.setValue(plan.weekly_schedule_minutes)
        self._started.set_date(plan.started_on)
        form.decidedByEdit.setText(plan.shortened_day_decided_by)
        self._decided_on.set_date(plan.shortened_day_decided_on)
        self.table = RecordTable(
            form.stepsTable, self._step_columns(), key=lambda r: str(r[0]), stretch_column=1
        )
        form.stepsTable.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        line = form.fontMetrics().lineSpacing()
        form.stepsTable.setMinimumHeight(line * 9)
        for key, label, field in (
            ("weekly_schedule_minutes", form.weeklyProblem, form.weeklySpin),
            ("started_on", form.startedProblem, form.startedEdit),
            ("shortened_day_decided_on", form.decidedOnProblem, form.decidedOnEdit),
            ("steps", form.stepsProblem, form.stepsTable),
        ):
            self.problems.bind(key, label, field)
        self._connect()
        self._show_steps()
        self.track_changes(form.startedEdit, form.linkCombo, form.decidedByEdit, form.decidedOnEdit)
        self.fit_to_contents(min_characters=130)
        form.weeklySpin.setFocus()

    def _step_columns(self) -> list[Column]:
        return [
            Column(self.tr("Steg"), lambda r: str(r[0] + 1)),
            Column(self.tr("Form"), lambda r: r[1].setting),
            Column(self.tr("Per vecka"), lambda r: minutes_text(r[1].planned_minutes)),
            Column(self.tr("Schema"), lambda r: schedule_text(r[1])),
            Column(self.tr("Ansvarig"), lambda r: r[1].responsible),
            Column(self.tr("Kriterium"), lambda r: r[1].criterion),
            Column(self.tr("Status"), lambda r: step_status_label(r[1].status)),
        ]

    def _connect(self) -> None:
        form = self.form
        form.addStepButton.clicked.connect(self.add_step)
        form.editStepButton.clicked.connect(self.edit_step)
        self.table.open_requested.connect(self.edit_step)
        form.removeStepButton.clicked.connect(self.remove_step)
        form.upButton.clicked.connect(lambda: self.move_step(-1))
        form.downButton.clicked.connect(lambda: self.move_step(1))
        self.table.current_changed.connect(self._update_buttons)
        form.weeklySpin.valueChanged.connect(self._mark_changed)
        form.weeklySpin.valueChanged.connect(self._show_warning)
        form.decidedByEdit.textChanged.connect(self._show_warning)
        form.decidedOnEdit.textChanged.connect(self._show_warning)

    # The plan ---------------------------------------------------------------------------------
    def plan_from_form(self) -> ReturnPlan:
        form = self.form
        archived = tuple(s for s in self._plan.steps if s.archived)
        return replace(
            self._plan,
            weekly_schedule_minutes=form.weeklySpin.value(),
            started_on=self._started.iso(),
            plan_id=form.linkCombo.currentData() or "",
            shortened_day_decided_by=" ".join(form.decidedByEdit.text().split()),
            shortened_day_decided_on=self._decided_on.iso(),
            steps=(*self._steps, *archived),
        )

    def _show_warning(self) -> None:
        form = self.form
        plan = self.plan_from_form()
        warning = plan.shortened_day_warning
        label = form.warningLabel
        if warning:
            label.setText(tr(warning))
            label.setStyleSheet(
                f"QLabel {{ color: {problem_color(label).name()}; background: #fbeae8;"
                " border: 1px solid #e4a9a3; padding: 6px; font-weight: bold; }"
            )
        elif plan.shortened_day:
            label.setText(self.tr("Kortare skoldag, beslutad av rektor."))
            label.setStyleSheet("")
        else:
            label.setText(self.tr("Stegen ger eleven hela sitt schema: ingen kortare skoldag."))
            label.setStyleSheet("")

    # Steps ------------------------------------------------------------------------------------
    def steps(self) -> list[Step]:
        return list(self._steps)

    def _show_steps(self, select: int | None = None) -> None:
        self.table.set_records(list(enumerate(self._steps)))
        if select is not None and self._steps:
            self.table.select(str(min(select, len(self._steps) - 1)))
        self._update_buttons()
        self._show_warning()

    def _update_buttons(self) -> None:
        form = self.form
        current = self.table.current()
        form.editStepButton.setEnabled(current is not None)
        form.removeStepButton.setEnabled(current is not None)
        form.upButton.setEnabled(current is not None and current[0] > 0)
        form.downButton.setEnabled(current is not None and current[0] < len(self._steps) - 1)

    def add_step(self) -> None:
        previous = self._steps[-1] if self._steps else None
        # The first step of a ladder begins at once; later ones wait for a decision.
        current = any(s.status is StepStatus.CURRENT for s in self._steps)
        draft = Step(
            setting="",
            planned_minutes=0,
            responsible=previous.responsible if previous else "",
            status=StepStatus.PLANNED if current else StepStatus.CURRENT,
        )
        self._open_step(None, draft)

    def edit_step(self) -> None:
        current = self.table.current()
        if current is not None:
            self._open_step(current[0], current[1])

    def _open_step(self, row: int | None, step: Step) -> StepDialog:
        dialog = StepDialog(step, self, new=row is None)
        dialog.saved.connect(lambda changed: self._step_done(row, changed))
        dialog.open()
        return dialog

    def _step_done(self, row: int | None, step: Step) -> None:
        if row is None:
            self._steps.append(step)
            row = len(self._steps) - 1
        else:
            self._steps[row] = step
        self._mark_changed()
        self._show_steps(row)
        self.form.stepsTable.setFocus()

    def remove_step(self) -> None:
        current = self.table.current()
        if current is None:
            return
        row, step = current
        del self._steps[row]
        self._mark_changed()
        self._show_steps(row)
        if step.id in self._used:
            self.form.stepsHint.setText(
                self.tr(
                    "Steget ”{setting}” har registrerade tillfällen: det arkiveras när du sparar, "
                    "och tillfällena finns kvar."
                ).format(setting=step.setting)
            )

    def move_step(self, by: int) -> None:
        current = self.table.current()
        if current is None or not 0 <= current[0] + by < len(self._steps):
            return
        row = current[0]
        steps = self._steps
        steps[row], steps[row + by] = steps[row + by], steps[row]
        self._mark_changed()
        self._show_steps(row + by)

    # Saving -----------------------------------------------------------------------------------
    def save(self) -> bool:
        plan = self.plan_from_form()
        return self.save_with(lambda: self._store(plan))

    def _store(self, plan: ReturnPlan) -> None:
        try:
            stored = self._ladder.save(plan)
        except ValidationError as error:
            raise _grouped(error, self) from None
        self._plan = stored
        self.saved.emit(stored)


def _grouped(error: ValidationError, dialog: ReturnPlanDialog) -> ValidationError:
    """The rule's sentences about single steps (``step_2``) gathered under the steps table, with
    the first such step selected."""
    rows = sorted(int(k.rsplit("_", 1)[1]) for k in error.problems if k.startswith("step_"))
    if not rows:
        return error
    problems = {k: v for k, v in error.problems.items() if not k.startswith("step_")}
    lines = [
        dialog.tr("Steg {n}: {problem}").format(n=row + 1, problem=error.problems[f"step_{row}"])
        for row in rows
    ]
    problems["steps"] = "\n".join([*filter(None, [problems.get("steps", "")]), *lines])
    dialog.table.select(str(rows[0]))
    return ValidationError(problems)


def new_return_plan(pupil_id: str, today: _dt.date | None = None) -> ReturnPlan:
    """An unsaved return plan starting today, for the dialog to fill in."""
    return ReturnPlan(pupil_id, 0, (today or _dt.date.today()).isoformat())
