"""Lämna över ansvar: everything a person holds that is still going on (plans, interventions,
follow-ups) goes to someone else in one logged step, so work does not leave with the person.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QDialogButtonBox, QWidget

from ..services.plans import PlanService
from .feedback import set_secondary
from .form_dialog import FormDialog
from .line_length import readable_width
from .plan_fields import person, set_up_people_combo


def _tr(text: str) -> str:
    return QCoreApplication.translate("HandOverDialog", text)


def holdings_text(counts: dict[str, int]) -> str:
    """ "3 planer, 2 insatser, 4 uppföljningar"; kinds with none are left out; '' for nothing."""
    words = {
        "plan": (_tr("plan"), _tr("planer")),
        "intervention": (_tr("insats"), _tr("insatser")),
        "follow_up": (_tr("uppföljning"), _tr("uppföljningar")),
    }
    return ", ".join(
        f"{n} {one if n == 1 else many}"
        for kind, (one, many) in words.items()
        if (n := counts.get(kind, 0))
    )


class HandOverDialog(FormDialog):
    #: Done: a sentence that says what moved from whom to whom (for the status bar).
    handed_over = Signal(str)

    def __init__(self, plans: PlanService, parent: QWidget | None = None, person_name: str = ""):
        super().__init__("hand_over_dialog.ui", parent)
        self.setObjectName("handOverDialog")
        self.setWindowTitle(self.tr("Lämna över ansvar"))
        self._plans = plans
        form = self.form
        go = form.buttonBox.button(QDialogButtonBox.StandardButton.Save)
        go.setText(self.tr("&Lämna över"))
        go.setAccessibleName(self.tr("Lämna över"))
        names = plans.responsible_people()
        set_up_people_combo(form.personCombo, names, person_name)
        set_up_people_combo(form.successorCombo, names, "")
        set_secondary(form.introLabel)
        for label in (form.introLabel, form.holdingsLabel, form.confirmLabel):
            readable_width(label, 80)
        # Room for the sentences before they are written, so the dialog never jumps or clips
        # them as the names are typed.
        line = self.fontMetrics().lineSpacing()
        form.holdingsLabel.setMinimumHeight(2 * line)
        form.confirmLabel.setMinimumHeight(3 * line)
        self.problems.bind("person", form.personProblem, form.personCombo)
        self.problems.bind("successor", form.successorProblem, form.successorCombo)
        form.personCombo.editTextChanged.connect(self._describe)
        form.successorCombo.editTextChanged.connect(self._describe)
        self._describe()
        self.fit_to_contents(min_characters=84)
        form.personCombo.setFocus()

    def _describe(self, *_args) -> None:
        form = self.form
        giver, taker = person(form.personCombo), person(form.successorCombo)
        held = holdings_text(self._plans.holdings(giver)) if giver else ""
        if not giver:
            form.holdingsLabel.setText("")
        elif held:
            form.holdingsLabel.setText(
                self.tr("{person} ansvarar för {held}.").format(person=giver, held=held)
            )
        else:
            form.holdingsLabel.setText(
                self.tr("{person} står inte som ansvarig för något som pågår.").format(person=giver)
            )
        if held and taker and taker != giver:
            form.confirmLabel.setText(
                self.tr(
                    "{held} går över från {person} till {successor}. Varje plan får en ny "
                    "version som visar vem som hade den förut, och överlämningen skrivs i loggen."
                ).format(held=_capitalised(held), person=giver, successor=taker)
            )
        else:
            form.confirmLabel.setText(self.tr("Välj vem som lämnar över och vem som tar över."))

    def save(self) -> bool:
        form = self.form
        giver, taker = person(form.personCombo), person(form.successorCombo)
        moved: dict[str, int] = {}
        if not self.save_with(lambda: moved.update(self._plans.hand_over(giver, taker))):
            return False
        self.handed_over.emit(
            self.tr("{held} gick över från {person} till {successor}.").format(
                held=_capitalised(holdings_text(moved)), person=giver, successor=taker
            )
        )
        return True


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]
