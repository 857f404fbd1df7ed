"""Shared set-up for the staged-return screens: a pupil with a return plan made through
LadderService on a real encrypted case file, optionally with weeks of sessions and a decision."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from elevhalsa_desktop.domain.ladder import DecisionKind, ReturnPlan, Step, StepStatus
from elevhalsa_desktop.domain.pupil import Pupil
from elevhalsa_desktop.services.ladder import LadderService
from tests.dates import TODAY

ONE_TO_ONE = Step(
    "Enskilt med en vuxen",
    120,
    place="Studierummet",
    subjects="Matematik",
    weekdays=(1, 3),
    start_time="09:00",
    end_time="10:00",
    responsible="Lars Berg",
    criterion_sessions=4,
    status=StepStatus.CURRENT,
)
SMALL_GROUP = Step(
    "Liten grupp (2–4 elever)",
    240,
    place="Lilla gruppen",
    subjects="Matematik, svenska",
    weekdays=(0, 2, 4),
    start_time="09:00",
    end_time="10:20",
    responsible="Karin Holm",
    criterion_sessions=6,
)


def return_plan(
    ladder: LadderService,
    pupils,
    weeks_ago: int = 3,
    name: tuple[str, str, str] = ("Åsa", "Öhman", "7B"),
    steps: tuple[Step, ...] = (ONE_TO_ONE, SMALL_GROUP),
    **changes,
) -> ReturnPlan:
    pupil = pupils.create(Pupil(name[0], name[1], class_name=name[2]))
    start = TODAY - dt.timedelta(weeks=weeks_ago)
    return ladder.save(ReturnPlan(pupil.id, 1650, start.isoformat(), steps=steps, **changes))


def record_days(
    ladder: LadderService, plan: ReturnPlan, days: list[dt.date], absent: frozenset = frozenset()
) -> ReturnPlan:
    """Record a session of the current step on each of ``days`` (as planned, or 0 minutes on
    the days in ``absent``)."""
    for day in days:
        draft = ladder.draft_session(plan, day)
        ladder.record(replace(draft, attended_minutes=0) if day in absent else draft)
    return ladder.open(plan.id)


def months_of_sessions(ladder: LadderService, pupils, months: int = 4) -> ReturnPlan:
    """A plan started ``months`` ago: every expected day of the first step recorded (a few
    absences), a step up half-way, the second step recorded until last week."""
    plan = return_plan(ladder, pupils, weeks_ago=months * 4)
    start = dt.date.fromisoformat(plan.started_on)
    half = start + dt.timedelta(weeks=months * 2)
    day = start
    absent = 0
    while day < TODAY - dt.timedelta(days=7):
        if day == half:
            plan = ladder.decide(
                plan, DecisionKind.STEP_UP, "Maria Lindqvist", "Kriteriet uppfyllt", on=day
            )
        step = plan.current_step
        if day.weekday() in step.weekdays:
            draft = ladder.draft_session(plan, day)
            absent += 1
            minutes = 0 if absent % 7 == 0 else draft.attended_minutes - (absent % 3) * 10
            ladder.record(replace(draft, attended_minutes=minutes, how_it_went=1 + absent % 5))
        day += dt.timedelta(days=1)
    return ladder.open(plan.id)
