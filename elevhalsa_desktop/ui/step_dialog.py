"""One step of the ladder: in what form, where, which subjects, how many minutes a week on which
days and times, who is responsible, what it takes to move on, and its status.

Like the intervention dialog, it changes the ladder in the return-plan dialog only (saved
there, as a whole) and checks the step with the same rule as the save, so "0 minutes" is said
at once, beside the minutes.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialogButtonBox, QWidget

from ..domain.ladder import SETTINGS, Step, StepStatus, check_step
from ..domain.pupil import ValidationError
from .feedback import set_secondary
from .form_dialog import FormDialog
from .ladder_parts import step_status_label, tr

_DAY_CHECKS = ("mondayCheck", "tuesdayCheck", "wednesdayCheck", "thursdayCheck", "fridayCheck")


def problem_field(step: Step) -> str:
    """Which field check_step's one sentence is about (it follows the rule's order)."""
    if not step.setting.strip():
        return "setting"
    if step.planned_minutes <= 0 or step.planned_minutes > 60 * 45:
        return "planned_minutes"
    if step.criterion_sessions < 0:
        return "criterion"
    return "time"


class StepDialog(FormDialog):
    """``saved`` holds the step as typed, once it passes the rule."""

    saved = Signal(object)

    def __init__(self, step: Step, parent: QWidget | None = None, *, new: bool = False):
        super().__init__("step_dialog.ui", parent)
        self.setObjectName("stepDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("Nytt steg") if new else self.tr("Ändra steg"))
        self.form.scrollArea.setAccessibleName(self.tr("Steget"))
        ok = self.form.buttonBox.button(QDialogButtonBox.StandardButton.Save)
        # Nothing is written yet: the ladder is saved in the return-plan dialog.
        ok.setText(self.tr("OK"))
        ok.setAccessibleName(self.tr("OK"))
        self._original = step
        form = self.form
        set_secondary(form.criterionHint)
        # The suggested settings, and room to write the school's own.
        form.settingCombo.setEditable(True)
        form.settingCombo.setInsertPolicy(form.settingCombo.InsertPolicy.NoInsert)
        form.settingCombo.addItems([tr(s) for s in SETTINGS])
        form.settingCombo.lineEdit().setAccessibleName(form.settingCombo.accessibleName())
        form.settingCombo.setEditText(step.setting)
        for status in StepStatus:
            form.statusCombo.addItem(step_status_label(status), status.value)
        form.statusCombo.setCurrentIndex(form.statusCombo.findData(step.status.value))
        form.placeEdit.setText(step.place)
        form.subjectsEdit.setText(step.subjects)
        form.minutesSpin.setValue(step.planned_minutes)
        for day, name in enumerate(_DAY_CHECKS):
            getattr(form, name).setChecked(day in step.weekdays)
        form.startTimeEdit.setText(step.start_time)
        form.endTimeEdit.setText(step.end_time)
        form.responsibleEdit.setText(step.responsible)
        form.criterionSpin.setValue(step.criterion_sessions)
        form.criterionTextEdit.setText(step.criterion_text)
        for key, label, field in (
            ("setting", form.settingProblem, form.settingCombo),
            ("planned_minutes", form.minutesProblem, form.minutesSpin),
            ("time", form.timeProblem, form.startTimeEdit),
            ("criterion", form.criterionProblem, form.criterionSpin),
        ):
            self.problems.bind(key, label, field)
        self.track_changes(
            form.settingCombo,
            form.placeEdit,
            form.subjectsEdit,
            form.startTimeEdit,
            form.endTimeEdit,
            form.responsibleEdit,
            form.criterionTextEdit,
            form.statusCombo,
            *(getattr(form, name) for name in _DAY_CHECKS),
        )
        for spin in (form.minutesSpin, form.criterionSpin):
            spin.valueChanged.connect(self._mark_changed)
        self.fit_to_contents(min_characters=80)
        form.settingCombo.setFocus()

    def step_from_form(self) -> Step:
        form = self.form
        return replace(
            self._original,
            setting=" ".join(form.settingCombo.currentText().split()),
            place=form.placeEdit.text().strip(),
            subjects=form.subjectsEdit.text().strip(),
            planned_minutes=form.minutesSpin.value(),
            weekdays=tuple(
                day for day, name in enumerate(_DAY_CHECKS) if getattr(form, name).isChecked()
            ),
            start_time=form.startTimeEdit.text().strip(),
            end_time=form.endTimeEdit.text().strip(),
            responsible=" ".join(form.responsibleEdit.text().split()),
            criterion_sessions=form.criterionSpin.value(),
            criterion_text=form.criterionTextEdit.text().strip(),
            status=StepStatus(form.statusCombo.currentData()),
        )

    def save(self) -> bool:
        step = self.step_from_form()
        return self.save_with(lambda: self._check(step))

    def _check(self, step: Step) -> None:
        problems = check_step(step, 0)
        if problems:
            raise ValidationError({problem_field(step): next(iter(problems.values()))})
        self.saved.emit(step)
