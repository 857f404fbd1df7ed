"""A decision about the ladder: step up, stay, step back, pause or resume, by whom and why.

The program suggests a step up when the step's criterion is met, and says so here, but a step
only ever moves when a person decides it in this dialog (LadderService.decide).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable

from PySide6.QtWidgets import QButtonGroup, QRadioButton, QWidget

from ..domain.ladder import DecisionKind, StepStatus
from ..domain.pupil import ValidationError
from ..services.ladder import LadderOverview, LadderService
from .date_input import DateInput
from .feedback import set_secondary
from .ladder_parts import step_title
from .record_dialog import RecordDialog, fit_lines


class DecisionDialog(RecordDialog):
    """``saved`` carries the return plan as it is after the decision."""

    def __init__(
        self,
        ladder: LadderService,
        overview: LadderOverview,
        decided_by: str,
        parent: QWidget | None = None,
        today: Callable[[], _dt.date] = _dt.date.today,
    ):
        super().__init__("decision_dialog.ui", parent)
        self.setObjectName("decisionDialog")
        self.setWindowTitle(self.tr("Beslut om steg"))
        self._ladder = ladder
        self._plan = overview.plan
        self._today = today
        form = self.form
        form.scrollArea.setAccessibleName(self.tr("Beslutet"))
        set_secondary(form.whereLabel)
        self._on = DateInput(form.onEdit, today)
        self._on.set_date(today())
        fit_lines(form.reasonEdit, 3)
        form.decidedByEdit.setText(decided_by)
        self._kinds = QButtonGroup(self)
        self._radios: dict[DecisionKind, QRadioButton] = {
            DecisionKind.STEP_UP: form.stepUpRadio,
            DecisionKind.STAY: form.stayRadio,
            DecisionKind.STEP_BACK: form.stepBackRadio,
            DecisionKind.PAUSE: form.pauseRadio,
            DecisionKind.RESUME: form.resumeRadio,
        }
        for radio in self._radios.values():
            self._kinds.addButton(radio)
        self._show_where(overview)
        for key, label, field in (
            ("kind", form.kindProblem, form.stepUpRadio),
            ("decided_by", form.decidedByProblem, form.decidedByEdit),
            ("reason", form.reasonProblem, form.reasonEdit),
            ("on", form.onProblem, form.onEdit),
        ):
            self.problems.bind(key, label, field)
        self.track_changes(form.decidedByEdit, form.reasonEdit, form.onEdit, *self._radios.values())
        self.fit_to_contents(min_characters=70)

    def _show_where(self, overview: LadderOverview) -> None:
        form, plan = self.form, self._plan
        steps = plan.active_steps
        current = overview.current
        paused = next((s for s in steps if s.status is StepStatus.PAUSED), None)
        if current is not None:
            where = self.tr("Eleven står på {step}.").format(step=step_title(plan, current))
        elif paused is not None:
            where = self.tr("Pausat på {step}.").format(step=step_title(plan, paused))
        else:
            where = self.tr("Inget steg pågår.")
        form.whereLabel.setText(where)
        # Only the decisions that can apply now are offered (the service checks them again).
        index = steps.index(current) if current is not None else -1
        possible = {
            DecisionKind.STEP_UP: current is not None and index < len(steps) - 1,
            DecisionKind.STAY: current is not None,
            DecisionKind.STEP_BACK: current is not None and index > 0,
            DecisionKind.PAUSE: current is not None,
            DecisionKind.RESUME: paused is not None,
        }
        for kind, radio in self._radios.items():
            radio.setEnabled(possible[kind])
        if overview.suggest_step_up and current is not None:
            form.suggestionLabel.setText(
                self.tr("Kriteriet är uppfyllt: {criterion}. Överväg att gå ett steg upp.").format(
                    criterion=current.criterion
                )
            )
            form.suggestionLabel.setStyleSheet(
                "QLabel { background: #e6f2e1; border: 1px solid #9cc68c; padding: 6px; }"
            )
        else:
            form.suggestionLabel.hide()
        chosen = (
            DecisionKind.STEP_UP
            if overview.suggest_step_up and possible[DecisionKind.STEP_UP]
            else DecisionKind.RESUME
            if paused is not None
            else DecisionKind.STAY
        )
        if possible[chosen]:
            self._radios[chosen].setChecked(True)
            self._radios[chosen].setFocus()

    def kind(self) -> DecisionKind | None:
        return next((k for k, r in self._radios.items() if r.isChecked()), None)

    def record_from_form(self):
        try:
            on = self._on.date() or self._today()
        except ValueError:
            on = None
        return self.kind(), self.form.decidedByEdit.text(), self.form.reasonEdit.toPlainText(), on

    def store(self, record):
        kind, decided_by, reason, on = record
        problems = {}
        if kind is None:
            problems["kind"] = self.tr("Välj vad som beslutades.")
        if on is None:
            problems["on"] = self.tr("Datumet ska skrivas ÅÅÅÅ-MM-DD.")
        elif on > self._today():
            problems["on"] = self.tr(
                "Beslutet ligger i framtiden. Registrera det när det är fattat."
            )
        if problems:
            raise ValidationError(problems)
        return self._ladder.decide(self._plan, kind, decided_by, reason, on)
