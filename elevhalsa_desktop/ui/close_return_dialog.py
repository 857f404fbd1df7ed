"""Ending a staged return: who decided and why (LadderService.close).

The dialog is the confirmation the brief asks for: it says what closing means (everything is
kept, nothing new can be recorded), and its button says what it does. Cancel changes nothing.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QDialogButtonBox, QWidget

from ..domain.ladder import ReturnPlan
from ..services.ladder import LadderService
from .feedback import set_secondary
from .record_dialog import RecordDialog, fit_lines


@dataclass(frozen=True)
class Closing:
    decided_by: str
    reason: str


class CloseReturnDialog(RecordDialog):
    """``saved`` carries the closed return plan."""

    def __init__(
        self,
        ladder: LadderService,
        plan: ReturnPlan,
        decided_by: str,
        parent: QWidget | None = None,
        today: Callable[[], _dt.date] = _dt.date.today,
    ):
        super().__init__("close_return_dialog.ui", parent)
        self.setObjectName("closeReturnDialog")
        self.setWindowTitle(self.tr("Avsluta återgången"))
        self._ladder = ladder
        self._plan = plan
        self._today = today
        form = self.form
        form.scrollArea.setAccessibleName(self.tr("Avslutet"))
        set_secondary(form.explanationLabel)
        fit_lines(form.reasonEdit, 3)
        form.decidedByEdit.setText(decided_by)
        button = form.buttonBox.button(QDialogButtonBox.StandardButton.Save)
        button.setText(self.tr("&Avsluta återgången"))
        button.setAccessibleName(self.tr("Avsluta återgången"))
        self.problems.bind("decided_by", form.decidedByProblem, form.decidedByEdit)
        self.problems.bind("reason", form.reasonProblem, form.reasonEdit)
        self.track_changes(form.decidedByEdit, form.reasonEdit)
        self.fit_to_contents(min_characters=70)
        form.reasonEdit.setFocus()

    def record_from_form(self) -> Closing:
        form = self.form
        return Closing(form.decidedByEdit.text(), form.reasonEdit.toPlainText())

    def store(self, record: Closing) -> ReturnPlan:
        return self._ladder.close(self._plan, record.decided_by, record.reason, self._today())
