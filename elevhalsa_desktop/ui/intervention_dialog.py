"""One intervention of a plan: what, at which level, who, from when to when, how often, status.

The dialog changes the plan in the plan dialog only; the plan is saved there, as one revision.
It checks the intervention with the same rule as the save, so a wrong date is said at once,
beside the field, while the user still has the dates in mind.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialogButtonBox, QWidget

from ..domain.plans import (
    Intervention,
    InterventionStatus,
    Level,
    check_intervention,
    parse_date,
)
from ..domain.pupil import ValidationError
from .date_input import DateInput
from .feedback import set_secondary
from .form_dialog import FormDialog
from .labels import plan_label
from .plan_fields import fill_choices, person, set_up_people_combo


def status_text(item: Intervention) -> str:
    """The status in words; a discontinued intervention says why."""
    text = plan_label(item.status)
    if item.status is InterventionStatus.DISCONTINUED and item.discontinued_reason.strip():
        return f"{text}: {item.discontinued_reason.strip()}"
    return text


def _problem_field(item: Intervention) -> str:
    """Which field the rule's one sentence about ``item`` is about, so it is shown there.

    check_intervention gives one sentence for the whole intervention; this follows its order."""
    if not item.what.strip():
        return "what"
    for name in ("start", "end"):
        try:
            parse_date(getattr(item, name))
        except ValueError:
            return name
    if item.start and item.end and item.end < item.start:
        return "end"
    if item.status is InterventionStatus.DISCONTINUED and not item.discontinued_reason.strip():
        return "reason"
    return "what"


class InterventionDialog(FormDialog):
    """``saved`` holds the intervention as typed, once it passes the rule."""

    saved = Signal(object)

    def __init__(
        self,
        intervention: Intervention,
        people: list[str],
        parent: QWidget | None = None,
        *,
        new: bool = False,
    ):
        super().__init__("intervention_dialog.ui", parent)
        self.setObjectName("interventionDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("Ny insats") if new else self.tr("Ändra insats"))
        self.form.scrollArea.setAccessibleName(self.tr("Insatsen"))
        ok = self.form.buttonBox.button(QDialogButtonBox.StandardButton.Save)
        # Nothing is written yet: the plan is saved in the plan dialog.
        ok.setText(self.tr("OK"))
        ok.setAccessibleName(self.tr("OK"))
        self._original = intervention
        form = self.form
        self._start = DateInput(form.startEdit)
        self._end = DateInput(form.endEdit)
        fill_choices(form.levelCombo, Level, self._original.level)
        fill_choices(form.statusCombo, InterventionStatus, self._original.status)
        set_up_people_combo(form.responsibleCombo, people, self._original.responsible)
        set_secondary(form.levelHint)
        form.whatEdit.setText(self._original.what)
        self._start.set_date(self._original.start)
        self._end.set_date(self._original.end)
        form.frequencyEdit.setText(self._original.frequency)
        form.reasonEdit.setText(self._original.discontinued_reason)
        for key, label, field in (
            ("what", form.whatProblem, form.whatEdit),
            ("start", form.startProblem, form.startEdit),
            ("end", form.endProblem, form.endEdit),
            ("reason", form.reasonProblem, form.reasonEdit),
        ):
            self.problems.bind(key, label, field)
        form.statusCombo.currentIndexChanged.connect(self._show_reason)
        self._show_reason()
        self.track_changes(
            form.whatEdit,
            form.levelCombo,
            form.responsibleCombo,
            form.startEdit,
            form.endEdit,
            form.frequencyEdit,
            form.statusCombo,
            form.reasonEdit,
        )
        self.fit_to_contents(min_characters=80)
        form.whatEdit.setFocus()

    def _status(self) -> InterventionStatus:
        return InterventionStatus(self.form.statusCombo.currentData())

    def _show_reason(self) -> None:
        form = self.form
        discontinued = self._status() is InterventionStatus.DISCONTINUED
        form.reasonLabel.setVisible(discontinued)
        form.reasonEdit.setVisible(discontinued)
        if not discontinued:
            form.reasonProblem.hide()

    def intervention_from_form(self) -> Intervention:
        form = self.form
        discontinued = self._status() is InterventionStatus.DISCONTINUED
        return Intervention(
            what=" ".join(form.whatEdit.text().split()),
            level=Level(form.levelCombo.currentData()),
            responsible=person(form.responsibleCombo),
            start=self._start.iso(),
            end=self._end.iso(),
            frequency=form.frequencyEdit.text().strip(),
            status=self._status(),
            # A reason is kept only while the intervention is discontinued.
            discontinued_reason=form.reasonEdit.text().strip() if discontinued else "",
            id=self._original.id,
        )

    def save(self) -> bool:
        item = self.intervention_from_form()
        return self.save_with(lambda: self._check(item))

    def _check(self, item: Intervention) -> None:
        problems = check_intervention(item, 0)
        if problems:
            raise ValidationError({_problem_field(item): next(iter(problems.values()))})
        self.saved.emit(item)
