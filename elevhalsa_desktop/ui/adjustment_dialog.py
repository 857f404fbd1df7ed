"""Adding and editing an extra adjustment: what, where, since when, by whom, how it went."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QWidget

from ..domain.plans import Adjustment
from ..services.plans import PlanService
from .date_input import DateInput
from .plan_fields import person, set_up_people_combo
from .record_dialog import RecordDialog, fit_lines, today_iso


class AdjustmentDialog(RecordDialog):
    def __init__(self, plans: PlanService, adjustment: Adjustment, parent: QWidget | None = None):
        super().__init__("adjustment_dialog.ui", parent)
        self.setObjectName("adjustmentDialog")
        self._plans = plans
        self._original = adjustment
        form = self.form
        self.setWindowTitle(
            self.tr("Ny extra anpassning")
            if not adjustment.id
            else self.tr("Redigera extra anpassning")
        )
        self._since = DateInput(form.sinceEdit)
        set_up_people_combo(form.byWhomCombo, plans.responsible_people(), adjustment.by_whom)
        form.byWhomCombo.lineEdit().setPlaceholderText(self.tr("Den eller de som gör anpassningen"))
        fit_lines(form.howEdit, 4)
        for key, label, field in (
            ("what", form.whatProblem, form.whatEdit),
            ("since", form.sinceProblem, form.sinceEdit),
            ("how_it_went", form.howProblem, form.howEdit),
        ):
            self.problems.bind(key, label, field)
        form.whatEdit.setText(adjustment.what)
        form.subjectsEdit.setText(adjustment.subjects)
        # A new adjustment usually starts now; the date is there to be corrected if not.
        form.sinceEdit.setText(adjustment.since or ("" if adjustment.id else today_iso()))
        form.howEdit.setPlainText(adjustment.how_it_went)
        form.inUseCheck.setChecked(adjustment.in_use)
        self.track_changes(
            form.whatEdit,
            form.subjectsEdit,
            form.sinceEdit,
            form.byWhomCombo.lineEdit(),
            form.byWhomCombo,
            form.howEdit,
            form.inUseCheck,
        )
        self.fit_to_contents(min_characters=70)
        form.whatEdit.setFocus()

    def record_from_form(self) -> Adjustment:
        form = self.form
        return replace(
            self._original,
            what=form.whatEdit.text().strip(),
            subjects=form.subjectsEdit.text().strip(),
            since=self._since.iso(),
            by_whom=person(form.byWhomCombo),
            how_it_went=form.howEdit.toPlainText().strip(),
            in_use=form.inUseCheck.isChecked(),
        )

    def store(self, record: Adjustment) -> Adjustment:
        return self._plans.save_adjustment(record)
