"""How plans and follow-ups read in lists: the pupil's plans, the school's plans and Att göra.

A late follow-up says "Försenad" in words and is marked in a calm red; an active plan without a
follow-up in the calendar says so too, since the law wants every plan followed up.
"""

from __future__ import annotations

import datetime as _dt

from PySide6.QtCore import QCoreApplication

from ..domain.plans import PlanStatus
from ..services.plans import PlanRow
from .labels import plan_label
from .record_table import Column


def _tr(text: str) -> str:
    return QCoreApplication.translate("plan_list", text)


def due_text(due: _dt.date, overdue: bool, today: _dt.date) -> str:
    if overdue:
        return _tr("{date} · Försenad").format(date=due.isoformat())
    if due == today:
        return _tr("{date} · I dag").format(date=due.isoformat())
    return due.isoformat()


def next_follow_up_text(row: PlanRow, today: _dt.date) -> str:
    if row.unscheduled:
        return _tr("Ingen inplanerad")
    if row.next_follow_up is None:
        return "—"
    return due_text(row.next_follow_up, row.overdue, today)


def _due_key(row: PlanRow) -> str:
    # Plans that need a date first, then by date; closed plans last.
    if row.unscheduled:
        return "0"
    return f"1{row.next_follow_up.isoformat()}" if row.next_follow_up else "2"


def pupil_text(name: str, class_name: str) -> str:
    return f"{name}, {class_name}" if class_name else name


def plan_columns(today, with_pupil: bool) -> list[Column]:
    """Columns for PlanRow records. ``today`` is a callable, so a list kept open over midnight
    marks the right follow-ups as late when it is next reloaded."""

    def attention(row: PlanRow) -> bool:
        return row.overdue or row.unscheduled

    pupil = [
        Column(_tr("Elev"), lambda r: r.pupil_name),
        Column(_tr("Klass"), lambda r: r.class_name),
    ]
    return [
        *(pupil if with_pupil else []),
        Column(_tr("Typ"), lambda r: plan_label(r.kind)),
        Column(_tr("Rubrik"), lambda r: r.title),
        Column(_tr("Status"), lambda r: plan_label(r.status)),
        Column(_tr("Ansvarig"), lambda r: r.responsible or "—"),
        Column(
            _tr("Nästa uppföljning"),
            lambda r: next_follow_up_text(r, today()),
            alert=attention,
            sort_key=_due_key,
        ),
    ]


def plan_is_closed(row: PlanRow) -> bool:
    return row.status is PlanStatus.CLOSED
