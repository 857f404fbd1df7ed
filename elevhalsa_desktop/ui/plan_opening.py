"""Opening a plan in the plan dialog, from the pupil's page, Att göra and the Planer area.

The dialog module is imported when a plan is opened, not when this module is: the windows that
list plans then load (and are tested) on their own, and the dialog's weight is paid on first use.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QWidget

from ..domain.plans import Plan
from ..services.plans import PlanService, RecordNotFound
from ..store.errors import CaseFileError
from .messages import show_error
from .record_dialog import start_dialog

_DIALOG_MODULE = f"{__package__}.plan_dialog"


def _tr(text: str) -> str:
    return QCoreApplication.translate("plan_opening", text)


def start_plan_dialog(
    plans: PlanService, plan: Plan, parent: QWidget, on_saved: Callable[[Plan], None]
) -> QDialog | None:
    """Show the plan dialog window-modal and return at once; ``on_saved`` gets the saved plan."""
    try:
        from .plan_dialog import PlanDialog
    except ModuleNotFoundError as error:
        if error.name != _DIALOG_MODULE:
            raise
        show_error(parent, _tr("Planer kan inte öppnas i den här versionen av programmet."))
        return None
    return start_dialog(PlanDialog(plans, plan, parent), on_saved)


def open_plan(
    plans: PlanService, plan_id: str, parent: QWidget, on_saved: Callable[[Plan], None]
) -> QDialog | None:
    """Read the plan (an audited viewing) and show it. A plan that is gone, or a file that
    cannot be read, is said in a sentence."""
    try:
        plan = plans.open(plan_id)
    except (RecordNotFound, CaseFileError) as error:
        show_error(parent, str(error))
        return None
    return start_plan_dialog(plans, plan, parent, on_saved)
