"""Domain labels (status, year, role, audit action) as the UI shows them.

The domain keeps its Swedish labels Qt-free; here they pass through Qt's translator under one
context, so an English translation can cover them like every other string in the UI.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ..domain.people import Role
from ..domain.plans import PLAN_FIELD_LABELS, Conclusion, PlanKind, PlanStatus
from ..domain.pupil import YEAR_LABELS, PupilStatus
from ..store.audit import Action

_CONTEXT = "labels"


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def status_label(status: PupilStatus) -> str:
    return _tr(status.label)


def year_label(year: str) -> str:
    """The long label of a year (``Årskurs 7``); an unknown year shows as a dash."""
    return _tr(YEAR_LABELS[year]) if year in YEAR_LABELS else "—"


def role_label(role: Role) -> str:
    return _tr(role.label)


def action_label(action: Action) -> str:
    return _tr(action.label)


def plan_label(value: PlanKind | PlanStatus | Conclusion) -> str:
    """The label of a plan's kind or status, or an investigation's conclusion."""
    return _tr(value.label)


def plan_field_label(name: str) -> str:
    """A field of a plan by its name in the code (as revisions store it), in words."""
    return _tr(PLAN_FIELD_LABELS.get(name, name))
