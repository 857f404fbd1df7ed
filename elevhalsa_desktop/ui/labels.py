"""Domain labels (status, year, role, audit action) as the UI shows them.

The domain keeps its Swedish labels Qt-free; here they pass through Qt's translator under one
context, so an English translation can cover them like every other string in the UI.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ..domain.people import Role
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
