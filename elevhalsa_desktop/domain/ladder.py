"""Staged return ("stegvis återgång"): a ladder of steps, the sessions the mentor records, the
decisions to step up or back, and the numbers that show progress.

What the source reports describe as working: start with one hour alone with one adult, widen to a
small group of two to four, one or a few subjects at a time, and step up when the pupil manages it.
The program suggests a step up when the criterion is met but never moves a step by itself.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field, replace
from enum import StrEnum

from dateutil.rrule import WEEKLY, rrule

from .pupil import ValidationError

#: Suggested settings, from the most sheltered to the whole class. The list is editable: a school
#: may write its own.
SETTINGS: tuple[str, ...] = (
    "Hemma eller på distans",
    "Enskilt med en vuxen",
    "Liten grupp (2–4 elever)",
    "Del av klassen",
    "Hela klassen",
)
WEEKDAY_NAMES = ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")
WEEK_MINUTES_MAX = 60 * 45  # more than any school week


class StepStatus(StrEnum):
    PLANNED = "planned"
    CURRENT = "current"
    DONE = "done"
    PAUSED = "paused"

    @property
    def label(self) -> str:
        return {"planned": "Planerat", "current": "Pågår", "done": "Klart", "paused": "Pausat"}[
            self.value
        ]


class DecisionKind(StrEnum):
    STEP_UP = "step_up"
    STAY = "stay"
    STEP_BACK = "step_back"
    PAUSE = "pause"
    RESUME = "resume"

    @property
    def label(self) -> str:
        return {
            "step_up": "Ett steg upp",
            "stay": "Stanna på steget",
            "step_back": "Ett steg tillbaka",
            "pause": "Pausa",
            "resume": "Fortsätt efter paus",
        }[self.value]


@dataclass(frozen=True)
class Step:
    setting: str
    planned_minutes: int  # per week
    place: str = ""
    subjects: str = ""
    weekdays: tuple[int, ...] = ()  # 0 = Monday
    start_time: str = ""  # "09:00"
    end_time: str = ""
    responsible: str = ""
    criterion_sessions: int = 0  # "N sessions in a row attended"; 0 = judged in words only
    criterion_text: str = ""
    status: StepStatus = StepStatus.PLANNED
    archived: bool = False
    id: str = ""

    @property
    def session_minutes(self) -> int:
        """Minutes of one session from its usual times, or 0 when no times are set."""
        if not (self.start_time and self.end_time):
            return 0
        return _minutes(self.end_time) - _minutes(self.start_time)

    @property
    def schedule_text(self) -> str:
        days = days_text(self.weekdays)
        times = f" {self.start_time}–{self.end_time}" if self.start_time and self.end_time else ""
        return f"{days}{times}".strip()

    @property
    def criterion(self) -> str:
        if self.criterion_sessions:
            words = f"{self.criterion_sessions} tillfällen i rad med närvaro"
            return f"{words}. {self.criterion_text}".strip(". ") if self.criterion_text else words
        return self.criterion_text


@dataclass(frozen=True)
class ReturnPlan:
    pupil_id: str
    weekly_schedule_minutes: int  # the pupil's full timetable, e.g. 1,650 minutes
    started_on: str  # ISO date
    plan_id: str = ""  # the åtgärdsprogram or handlingsplan it serves
    shortened_day_decided_by: str = ""
    shortened_day_decided_on: str = ""
    steps: tuple[Step, ...] = field(default_factory=tuple)
    closed: bool = False
    closed_on: str = ""  # ISO date
    closed_by: str = ""
    closed_reason: str = ""
    id: str = ""

    @property
    def active_steps(self) -> tuple[Step, ...]:
        return tuple(s for s in self.steps if not s.archived)

    @property
    def current_step(self) -> Step | None:
        return next((s for s in self.active_steps if s.status is StepStatus.CURRENT), None)

    @property
    def shortened_day(self) -> bool:
        """The pupil gets less than the full timetable: "anpassad studiegång"."""
        step = self.current_step or next(iter(self.active_steps), None)
        return step is not None and step.planned_minutes < self.weekly_schedule_minutes

    @property
    def shortened_day_decided(self) -> bool:
        return bool(self.shortened_day_decided_by.strip() and self.shortened_day_decided_on)

    @property
    def shortened_day_warning(self) -> str:
        """A sentence while a shortened day lacks the head teacher's decision, else ''."""
        if not self.shortened_day or self.shortened_day_decided:
            return ""
        return (
            "Eleven får kortare skoldag än sitt schema (anpassad studiegång). Rektor ska besluta "
            "om det i ett åtgärdsprogram, grundat på en utredning. Ange vem som beslutade och när."
        )

    def with_changes(self, **changes) -> ReturnPlan:
        return replace(self, **changes)


@dataclass(frozen=True)
class Session:
    return_plan_id: str
    step_id: str
    on: str  # ISO date
    planned_minutes: int
    attended_minutes: int  # 0 = did not come
    start_time: str = ""
    met_by: str = ""
    how_it_went: int = 0  # 1–5, 0 = not said
    note: str = ""
    pupil_words: str = ""
    id: str = ""

    @property
    def came(self) -> bool:
        return self.attended_minutes > 0

    @property
    def stayed_longer(self) -> bool:
        return self.attended_minutes > self.planned_minutes


@dataclass(frozen=True)
class Decision:
    return_plan_id: str
    kind: DecisionKind
    on: str
    decided_by: str
    reason: str = ""
    from_step_id: str = ""
    to_step_id: str = ""
    id: str = ""


def days_text(weekdays: tuple[int, ...]) -> str:
    """Swedish as people write it: "tisdag och torsdag", "måndag, onsdag och fredag", and a run
    of three or more days as "måndag–fredag"."""
    days = sorted(set(weekdays))
    if not days:
        return ""
    if len(days) >= 3 and days == list(range(days[0], days[-1] + 1)):
        return f"{WEEKDAY_NAMES[days[0]]}–{WEEKDAY_NAMES[days[-1]]}"
    names = [WEEKDAY_NAMES[d] for d in days]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " och " + names[-1]


# Rules --------------------------------------------------------------------------------------


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def _clock_problem(text: str) -> bool:
    try:
        hours, minutes = text.split(":")
        return not (0 <= int(hours) < 24 and 0 <= int(minutes) < 60 and len(minutes) == 2)
    except ValueError:
        return True


def check_step(step: Step, index: int = 0) -> dict[str, str]:
    key = f"step_{index}"
    if not step.setting.strip():
        return {key: "Välj i vilken form steget sker, t.ex. enskilt med en vuxen."}
    if step.planned_minutes <= 0:
        return {key: "Ett steg behöver planerad tid: ange minuter per vecka (mer än 0)."}
    if step.planned_minutes > WEEK_MINUTES_MAX:
        return {key: "Fler minuter per vecka än en skolvecka har. Kontrollera siffran."}
    for clock in (step.start_time, step.end_time):
        if clock and _clock_problem(clock):
            return {key: f"Tiden {clock!r} ska skrivas som TT:MM, t.ex. 09:00."}
    if step.start_time and step.end_time and step.session_minutes <= 0:
        return {key: "Sluttiden ligger före starttiden. Rätta tiderna."}
    if any(d not in range(7) for d in step.weekdays):
        return {key: "Okänd veckodag."}
    if step.criterion_sessions < 0:
        return {key: "Antalet tillfällen i rad kan inte vara negativt."}
    return {}


def check_return_plan(plan: ReturnPlan) -> dict[str, str]:
    problems: dict[str, str] = {}
    if plan.weekly_schedule_minutes <= 0:
        problems["weekly_schedule_minutes"] = (
            "Ange elevens ordinarie schematid i minuter per vecka, t.ex. 1650."
        )
    try:
        _dt.date.fromisoformat(plan.started_on)
    except ValueError:
        problems["started_on"] = "Ange när återgången började, ÅÅÅÅ-MM-DD."
    if plan.shortened_day_decided_on:
        try:
            _dt.date.fromisoformat(plan.shortened_day_decided_on)
        except ValueError:
            problems["shortened_day_decided_on"] = "Beslutsdatum ska skrivas ÅÅÅÅ-MM-DD."
    for index, step in enumerate(plan.active_steps):
        problems.update(check_step(step, index))
    if sum(s.status is StepStatus.CURRENT for s in plan.active_steps) > 1:
        problems["steps"] = "Bara ett steg kan pågå åt gången."
    return problems


def check_session(
    session: Session, plan: ReturnPlan, others: list[Session], today: _dt.date
) -> dict[str, str]:
    """What stops a session from being saved. Attended minutes above planned are allowed (the
    pupil stayed longer) and shown, not refused."""
    problems: dict[str, str] = {}
    try:
        on = _dt.date.fromisoformat(session.on)
    except ValueError:
        return {"on": "Datumet ska skrivas ÅÅÅÅ-MM-DD."}
    if on > today:
        problems["on"] = "Tillfället ligger i framtiden. Registrera det när det har hänt."
    elif on < _dt.date.fromisoformat(plan.started_on):
        problems["on"] = f"Återgången började {plan.started_on}; tillfället ligger före det."
    if session.attended_minutes < 0:
        problems["attended_minutes"] = "Närvaron kan inte vara negativ. Skriv 0 om eleven inte kom."
    if session.planned_minutes <= 0:
        problems["planned_minutes"] = "Planerad tid ska vara mer än 0 minuter."
    if not 0 <= session.how_it_went <= 5:
        problems["how_it_went"] = "Hur det gick anges från 1 till 5."
    if session.start_time and _clock_problem(session.start_time):
        problems["start_time"] = "Tiden ska skrivas TT:MM, t.ex. 09:00."
    if session.step_id not in {s.id for s in plan.steps}:
        problems["step_id"] = "Välj vilket steg tillfället hör till."
    twin = next(
        (
            o
            for o in others
            if o.id != session.id
            and o.step_id == session.step_id
            and o.on == session.on
            and o.start_time == session.start_time
        ),
        None,
    )
    if twin is not None:
        when = f"{session.on} {session.start_time}".strip()
        problems["on"] = (
            f"Det finns redan ett tillfälle för det här steget {when}. Ändra det i stället."
        )
    return problems


def require(problems: dict[str, str]) -> None:
    if problems:
        raise ValidationError(problems)


# Expected sessions, criterion, decisions ------------------------------------------------------


def expected_dates(step: Step, start: _dt.date, end: _dt.date) -> list[_dt.date]:
    """The dates the step's usual days give between ``start`` and ``end`` (both included)."""
    if not step.weekdays or end < start:
        return []
    return [
        d.date() for d in rrule(WEEKLY, byweekday=sorted(step.weekdays), dtstart=start, until=end)
    ]


def missed_dates(
    step: Step, since: _dt.date, today: _dt.date, sessions: list[Session]
) -> list[_dt.date]:
    """Expected dates up to yesterday with nothing recorded: shown as missed, not forgotten."""
    recorded = {s.on for s in sessions if s.step_id == step.id}
    until = today - _dt.timedelta(days=1)
    return [d for d in expected_dates(step, since, until) if d.isoformat() not in recorded]


def criterion_met(step: Step, sessions: list[Session]) -> bool:
    """The last N sessions of the step were all attended (the pupil came). A criterion in words
    only is for people to judge."""
    n = step.criterion_sessions
    if n <= 0:
        return False
    own = sorted((s for s in sessions if s.step_id == step.id), key=lambda s: (s.on, s.start_time))
    return len(own) >= n and all(s.came for s in own[-n:])


def apply_decision(plan: ReturnPlan, kind: DecisionKind) -> tuple[ReturnPlan, str, str]:
    """The ladder after a decision, and the step ids it moved from and to."""
    steps = list(plan.active_steps)
    archived = [s for s in plan.steps if s.archived]
    current = next((i for i, s in enumerate(steps) if s.status is StepStatus.CURRENT), None)
    paused = next((i for i, s in enumerate(steps) if s.status is StepStatus.PAUSED), None)
    if kind is DecisionKind.STAY:
        step = steps[current] if current is not None else None
        return plan, step.id if step else "", step.id if step else ""
    if kind is DecisionKind.RESUME:
        if paused is None:
            raise ValidationError({"kind": "Inget steg är pausat."})
        steps[paused] = replace(steps[paused], status=StepStatus.CURRENT)
        return _with_steps(plan, steps, archived), steps[paused].id, steps[paused].id
    if current is None:
        raise ValidationError({"kind": "Inget steg pågår. Välj vilket steg som ska börja."})
    here = steps[current]
    if kind is DecisionKind.PAUSE:
        steps[current] = replace(here, status=StepStatus.PAUSED)
        return _with_steps(plan, steps, archived), here.id, here.id
    target = current + (1 if kind is DecisionKind.STEP_UP else -1)
    if not 0 <= target < len(steps):
        where = "översta" if kind is DecisionKind.STEP_UP else "första"
        raise ValidationError({"kind": f"Eleven står redan på det {where} steget."})
    steps[current] = replace(
        here, status=StepStatus.DONE if kind is DecisionKind.STEP_UP else StepStatus.PLANNED
    )
    steps[target] = replace(steps[target], status=StepStatus.CURRENT)
    return _with_steps(plan, steps, archived), here.id, steps[target].id


def _with_steps(plan: ReturnPlan, steps: list[Step], archived: list[Step]) -> ReturnPlan:
    return replace(plan, steps=(*steps, *archived))


# Progress -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class WeekPoint:
    """One week of the progress chart: the same numbers in the window and in the PDF."""

    monday: _dt.date
    planned_minutes: int
    attended_minutes: int
    step_id: str  # the step current for most of the week's sessions, or ""
    decisions: tuple[DecisionKind, ...] = ()


def weekly_progress(
    plan: ReturnPlan, sessions: list[Session], decisions: list[Decision], until: _dt.date
) -> list[WeekPoint]:
    start = _dt.date.fromisoformat(plan.started_on)
    monday = start - _dt.timedelta(days=start.weekday())
    points = []
    while monday <= until:
        sunday = monday + _dt.timedelta(days=6)
        week = [s for s in sessions if monday.isoformat() <= s.on <= sunday.isoformat()]
        steps = [s.step_id for s in week]
        points.append(
            WeekPoint(
                monday=monday,
                planned_minutes=sum(s.planned_minutes for s in week),
                attended_minutes=sum(s.attended_minutes for s in week),
                step_id=max(set(steps), key=steps.count) if steps else "",
                decisions=tuple(
                    d.kind for d in decisions if monday.isoformat() <= d.on <= sunday.isoformat()
                ),
            )
        )
        monday += _dt.timedelta(days=7)
    return points


def attendance_rate_per_step(sessions: list[Session]) -> dict[str, float]:
    """Attended minutes as a share of planned minutes, per step (capped at 100 %)."""
    planned: dict[str, int] = {}
    attended: dict[str, int] = {}
    for s in sessions:
        planned[s.step_id] = planned.get(s.step_id, 0) + s.planned_minutes
        attended[s.step_id] = attended.get(s.step_id, 0) + min(
            s.attended_minutes, s.planned_minutes
        )
    return {k: attended[k] / planned[k] for k in planned if planned[k]}
