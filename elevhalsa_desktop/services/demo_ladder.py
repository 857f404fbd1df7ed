"""Staged returns for the demo case file: one just started, one in the middle and one nearly
back, each with months of sessions and decisions.

They are played forward day by day through ``LadderService`` (sessions on the days the step's
schedule gives, decisions on the day a phase ends), so the demo obeys the same rules as a
mentor at the keyboard. Everything is fictional and reproducible: no randomness, only patterns.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..domain.ladder import DecisionKind, ReturnPlan, Step, expected_dates
from ..domain.plans import PlanKind
from ..domain.pupil import Pupil
from .demo_support import HEAD_TEACHER
from .ladder import LadderService
from .plans import PlanService

COORDINATOR = "Maria Lindqvist"
NOTES = (
    "Lugn start, vi läste tillsammans.",
    "Trött i början men kom igång.",
    "Arbetade bra med bråk.",
    "Pratade om helgen, sedan matte.",
)
PUPIL_WORDS = (
    "Det var okej i dag.",
    "Jag vill ha samma rum nästa gång.",
    "Jobbigt på morgonen men sen gick det bra.",
    "Kul när vi spelade mattespelet.",
)


def timed_step(setting: str, days: tuple[int, ...], start: str, end: str, **more) -> Step:
    """A step that meets on ``days`` from ``start`` to ``end``; its minutes follow from them."""
    minutes = (int(end[:2]) * 60 + int(end[3:])) - (int(start[:2]) * 60 + int(start[3:]))
    return Step(
        setting,
        minutes * len(days),
        weekdays=days,
        start_time=start,
        end_time=end,
        **more,
    )


# From one hour alone with an adult to the whole timetable, as the source reports describe.
LADDER = (
    timed_step(
        "Enskilt med en vuxen",
        (1, 3),
        "09:00",
        "10:00",
        place="Biblioteket, grupprummet",
        subjects="Matematik",
        responsible="Lars Berg",
        criterion_sessions=4,
    ),
    timed_step(
        "Liten grupp (2–4 elever)",
        (0, 2, 4),
        "09:00",
        "10:00",
        place="Studion",
        subjects="Matematik och svenska",
        responsible="Karin Holm",
        criterion_sessions=6,
    ),
    timed_step(
        "Liten grupp (2–4 elever)",
        (0, 1, 2, 3),
        "08:30",
        "10:00",
        place="Studion",
        subjects="Matematik, svenska och engelska",
        responsible="Karin Holm",
        criterion_sessions=8,
    ),
    timed_step(
        "Del av klassen",
        (0, 1, 2, 3, 4),
        "08:10",
        "10:10",
        place="Klassrummet",
        subjects="Förmiddagens första lektioner",
        responsible="Anna Ek",
        criterion_sessions=10,
    ),
    timed_step(
        "Hela klassen",
        (0, 1, 2, 3, 4),
        "08:10",
        "13:40",
        place="Klassrummet",
        subjects="Hela schemat",
        responsible="Anna Ek",
        criterion_text="Eleven följer hela schemat; vi avslutar återgången vid uppföljningen.",
    ),
)

# The nearly-back pupil's fourth step: the whole class, but only the mornings.
MORNINGS = timed_step(
    "Hela klassen",
    (0, 1, 2, 3, 4),
    "08:10",
    "12:10",
    place="Klassrummet",
    subjects="Förmiddagarna med hela klassen",
    responsible="Anna Ek",
    criterion_sessions=10,
)
NEARLY_BACK_LADDER = (*LADDER[1:4], MORNINGS, LADDER[4])


@dataclass(frozen=True)
class Phase:
    """``days`` on step number ``step`` (0-based); the pupil misses the sessions at the indexes
    in ``missed``; then a decision (``then``), or none while the phase is still going on."""

    step: int
    days: int
    missed: tuple[int, ...] = ()
    then: DecisionKind | None = DecisionKind.STEP_UP
    reason: str = "Kriteriet är uppfyllt: eleven har kommit varje gång den senaste tiden."


JUST_STARTED = (Phase(0, 12, missed=(1,), then=None),)
IN_THE_MIDDLE = (
    Phase(0, 35, missed=(0, 2)),
    Phase(
        1,
        21,
        missed=(1, 4),
        then=DecisionKind.STAY,
        reason="Två missade tillfällen; vi stannar och ser över morgnarna med familjen.",
    ),
    Phase(1, 21, missed=(0,)),
    Phase(2, 35, missed=(2, 5), then=None),  # the last eight attended: the suggestion shows
)
NEARLY_BACK = (
    Phase(0, 28, missed=(1,)),
    Phase(1, 42, missed=(0, 3, 7)),
    Phase(
        2,
        35,
        missed=(4, 9, 10, 12),
        then=DecisionKind.STEP_BACK,
        reason="Oro efter klassbyte. Tillbaka till den lilla gruppen en tid.",
    ),
    Phase(1, 14),
    Phase(2, 28, missed=(3,)),
    Phase(3, 56, missed=(6, 21, 35), then=None),  # a recent miss: no suggestion yet
)


def play(
    ladder: LadderService,
    pupil_id: str,
    steps: Sequence[Step],
    phases: Sequence[Phase],
    today: _dt.date,
    *,
    schedule_minutes: int = 1650,
    plan_id: str = "",
) -> ReturnPlan:
    """Create a return plan that started as many days ago as the phases last, and play the
    phases forward: a session on each scheduled day up to yesterday, a decision after each."""
    started = today - _dt.timedelta(days=sum(p.days for p in phases))
    plan = ladder.save(
        ReturnPlan(
            pupil_id,
            weekly_schedule_minutes=schedule_minutes,
            started_on=started.isoformat(),
            plan_id=plan_id,
            steps=tuple(steps),
        )
    )
    plan = ladder.start(plan, plan.active_steps[phases[0].step].id)
    day = started
    count = 0
    for phase in phases:
        end = min(day + _dt.timedelta(days=phase.days), today)
        last = end - _dt.timedelta(days=1)
        for index, on in enumerate(expected_dates(plan.current_step, day, last)):
            ladder.record(_session(ladder, plan, on, index in phase.missed, count), today=today)
            count += 1
        if phase.then is not None:
            plan = ladder.decide(plan, phase.then, COORDINATOR, phase.reason, on=end)
        day = end
    return plan


def _session(ladder: LadderService, plan: ReturnPlan, on: _dt.date, missed: bool, n: int):
    draft = ladder.draft_session(plan, on)
    if missed:
        return replace(draft, attended_minutes=0, note="Kom inte. Mentor ringde hem.")
    # Now and then a shorter session, or one where the pupil stayed a little longer.
    attended = draft.planned_minutes + (-15 if n % 7 == 3 else 10 if n % 11 == 5 else 0)
    return replace(
        draft,
        attended_minutes=max(5, attended),
        how_it_went=(4, 3, 5, 4)[n % 4],
        note=NOTES[n % len(NOTES)] if n % 3 == 0 else "",
        pupil_words=PUPIL_WORDS[n % len(PUPIL_WORDS)] if n % 5 == 2 else "",
    )


def add_returns(
    ladder: LadderService, plans: PlanService, pupils: list[Pupil], today: _dt.date
) -> list[ReturnPlan]:
    """Up to three staged returns for pupils who have a plan (the nearly-back one, whose day is
    shortened by a head teacher's decision, for a pupil with an åtgärdsprogram if any)."""
    with_plans = [(p, plans.plans(p.id)) for p in pupils if p.status.value == "active"]
    with_plans = [(p, found[0]) for p, found in with_plans if found]
    # An åtgärdsprogram last, so the nearly-back return (listed last below) gets it.
    with_plans.sort(key=lambda pair: pair[1].kind is PlanKind.ATGARDSPROGRAM)
    stages = (
        (LADDER, JUST_STARTED),
        (LADDER, IN_THE_MIDDLE),
        (NEARLY_BACK_LADDER, NEARLY_BACK),
    )
    # With fewer pupils than stages, the later stages come first: they show the most.
    chosen = with_plans[-len(stages) :]
    made = [
        play(ladder, pupil.id, steps, phases, today, plan_id=plan.id)
        for (pupil, plan), (steps, phases) in zip(
            chosen, stages[len(stages) - len(chosen) :], strict=True
        )
    ]
    if made:  # the nearly-back return: part-time in the whole class, decided by the head
        last = made[-1]
        made[-1] = ladder.save(
            last.with_changes(
                shortened_day_decided_by=HEAD_TEACHER, shortened_day_decided_on=last.started_on
            )
        )
    return made
