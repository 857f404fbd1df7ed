"""Words and colours the staged-return screens share: a step's title, minutes, how a session
went, the colour of each step (the same in the ladder drawing, the chart's bands and legend).
"""

from __future__ import annotations

import datetime as _dt

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from ..domain.ladder import WEEKDAY_NAMES, DecisionKind, ReturnPlan, Session, Step, StepStatus

_CONTEXT = "ladder"

#: Calm, distinct hues for steps in order (pale enough to sit behind bars and text); a ladder
#: longer than this reuses them.
STEP_COLOURS = ("#dbe8f4", "#e3f0dc", "#f6ecd5", "#eadff2", "#d9efed", "#f3e0e0")

#: How a session went, 1–5, in words (0 = not said).
HOW_IT_WENT = ("", "Mycket tungt", "Tungt", "Okej", "Bra", "Mycket bra")


def tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def step_colour(index: int) -> QColor:
    return QColor(STEP_COLOURS[index % len(STEP_COLOURS)])


def step_status_label(status: StepStatus) -> str:
    return tr(status.label)


def decision_label(kind: DecisionKind) -> str:
    return tr(kind.label)


def minutes_text(minutes: int) -> str:
    return tr("{n} min").format(n=minutes)


def step_number(plan: ReturnPlan, step: Step) -> int:
    """The step's place in the ladder from 1; 0 for an archived or unknown step."""
    ids = [s.id for s in plan.active_steps]
    return ids.index(step.id) + 1 if step.id in ids else 0


def step_title(plan: ReturnPlan, step: Step) -> str:
    number = step_number(plan, step)
    if not number:
        return tr("{setting} (borttaget steg)").format(setting=step.setting)
    return tr("Steg {n} av {count}: {setting}").format(
        n=number, count=len(plan.active_steps), setting=step.setting
    )


def step_by_id(plan: ReturnPlan, step_id: str) -> Step | None:
    return next((s for s in plan.steps if s.id == step_id), None)


def schedule_text(step: Step) -> str:
    return tr(step.schedule_text) if step.schedule_text else tr("inga fasta dagar")


def day_text(day: _dt.date) -> str:
    """'tisdag 2025-03-04': the weekday helps the mentor recognise the session."""
    return f"{tr(WEEKDAY_NAMES[day.weekday()])} {day.isoformat()}"


def missed_text(count: int) -> str:
    if count == 1:
        return tr("1 planerat tillfälle saknar registrering")
    return tr("{n} planerade tillfällen saknar registrering").format(n=count)


def attendance_text(session: Session) -> str:
    if not session.came:
        return tr("Kom inte")
    text = tr("{attended} av {planned} min").format(
        attended=session.attended_minutes, planned=session.planned_minutes
    )
    return text + tr(", längre än planerat") if session.stayed_longer else text


def how_text(value: int) -> str:
    return f"{value} {tr(HOW_IT_WENT[value])}" if 0 < value < len(HOW_IT_WENT) else "—"
