"""Lesson-level attendance for the demo case file: from the start of the autumn term to today,
for every active demo pupil, imported through ``AttendanceImportService`` like a real export.

Most pupils have ordinary attendance (now and then a day or two ill, a dentist's appointment, a
late morning). A few should worry a coordinator, each in one recognisable way:

* ``rising``: absence climbing week by week over the last four weeks (red), with an open absence
  investigation that has not yet been reported to the governing body;
* ``mondays``: leaves after lunch every Monday, week after week (yellow, a weekday pattern);
* ``first_lessons``: misses or comes late to the first lesson twice a week (yellow);
* ``away_run``: a run of six whole school days away, just before today (red);
* the pupils of the staged returns: nearly all absence before the return started, then only the
  lessons the current step covers, so the absence falls as the ladder is climbed.

Deterministic: the same seed and the same day give the same rows.
"""

from __future__ import annotations

import datetime as _dt
import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..domain.absence_investigation import AbsenceInvestigation
from ..domain.ladder import ReturnPlan, Session
from ..domain.pupil import Pupil, PupilStatus
from ..importers.records import AttendanceRecord, PupilRef, ReadResult
from ..store import pupils as pupil_repo
from .absence_investigations import AbsenceInvestigationService
from .attendance_import import AttendanceImportService
from .early_warning import EarlyWarningService
from .import_report import ImportReport
from .ladder import LadderService

SOURCE = "skolsystemet-narvaro.csv"
AUTUMN_START = (8, 17)  # the first school day of the autumn term (or the Monday after)
#: The demo school's timetable: (start, minutes). Years 4–6 have the first five lessons, years
#: 7–9 all six; everyone goes home after the fourth lesson on Fridays.
LESSONS = (
    ("08:10", 60),
    ("09:20", 60),
    ("10:30", 55),
    ("12:15", 60),
    ("13:25", 60),
    ("14:35", 50),
)
MIN_WEEKS = 10  # at least this much history: four weeks and the four before them, and more
MAX_WEEKS = 20  # never more than this much, so the demo stays quick to make

# How a lesson went.
PRESENT, EXCUSED, UNEXCUSED, LATE = "present", "excused", "unexcused", "late"

ROLES = ("rising", "mondays", "first_lessons", "away_run")


@dataclass
class DemoAttendance:
    """What was made, for tests and the demo's own checks."""

    pupils: dict[str, str] = field(default_factory=dict)  # role -> pupil id
    # The pupils of the staged returns, in the order the demo made them (the nearly-back last).
    returns: list[str] = field(default_factory=list)
    investigation_id: str = ""
    first_day: _dt.date | None = None
    report: ImportReport | None = None


# The calendar ----------------------------------------------------------------------------------


def _holiday(day: _dt.date) -> bool:
    """Höstlov (week 44), jullov (23 December to 6 January) and sportlov (week 9)."""
    week = day.isocalendar().week
    if week in (9, 44):
        return True
    return (day.month == 12 and day.day >= 23) or (day.month == 1 and day.day <= 6)


def first_day(today: _dt.date) -> _dt.date:
    """The autumn term's first day before ``today``; but at least ``MIN_WEEKS`` back, so a demo
    made early in the term still has weeks to compare, and at most ``MAX_WEEKS`` back."""
    year = today.year if (today.month, today.day) >= AUTUMN_START else today.year - 1
    start = _dt.date(year, *AUTUMN_START)
    start = min(start, today - _dt.timedelta(weeks=MIN_WEEKS))
    return max(start, today - _dt.timedelta(weeks=MAX_WEEKS))


def school_days(start: _dt.date, end: _dt.date) -> list[_dt.date]:
    """Weekdays from ``start`` to ``end`` (inclusive) that are not holidays."""
    days = []
    day = start
    while day <= end:
        if day.weekday() < 5 and not _holiday(day):
            days.append(day)
        day += _dt.timedelta(days=1)
    return days


def lessons_of(pupil: Pupil, day: _dt.date) -> tuple[tuple[str, int], ...]:
    count = 6 if pupil.year in ("7", "8", "9") else 5
    return LESSONS[: 4 if day.weekday() == 4 else count]


# Patterns --------------------------------------------------------------------------------------

Day = dict[str, str]  # lesson start -> how it went (lessons not named were attended)


def _ordinary(rng: random.Random, days: Sequence[_dt.date]) -> dict[_dt.date, Day]:
    """Now and then ill for a day or two, an appointment, a late morning or a skipped lesson."""
    sick_rate = rng.uniform(0.0015, 0.005)
    marks: dict[_dt.date, Day] = {}
    ill_for = 0
    for day in days:
        if ill_for == 0 and rng.random() < sick_rate:
            ill_for = rng.choice((1, 1, 1, 2, 2))
        if ill_for:
            ill_for -= 1
            marks[day] = {start: EXCUSED for start, _ in LESSONS}
            continue
        roll = rng.random()
        if roll < 0.006:
            marks[day] = {rng.choice(LESSONS[1:4])[0]: EXCUSED}  # the dentist
        elif roll < 0.010:
            marks[day] = {LESSONS[0][0]: LATE}
        elif roll < 0.012:
            marks[day] = {rng.choice(LESSONS[3:5])[0]: UNEXCUSED}
    return marks


def _weeks(days: Sequence[_dt.date]) -> list[list[_dt.date]]:
    """``days`` grouped by calendar week, oldest first."""
    weeks: dict[tuple[int, int], list[_dt.date]] = {}
    for day in days:
        weeks.setdefault(day.isocalendar()[:2], []).append(day)
    return list(weeks.values())


def _rising(rng: random.Random, recent: Sequence[_dt.date]) -> dict[_dt.date, Day]:
    """More absence each of the last four weeks: a lesson, a day, two days, three days."""
    marks: dict[_dt.date, Day] = {}
    weeks = _weeks(recent)[-4:]
    for number, week in enumerate(weeks, start=4 - len(weeks)):
        whole = min(number, len(week))
        away = rng.sample(week, whole)
        for day in away:
            kind = UNEXCUSED if rng.random() < 0.35 else EXCUSED
            marks[day] = {start: kind for start, _ in LESSONS}
        rest = [d for d in week if d not in away]
        if rest:
            marks[rng.choice(rest)] = {LESSONS[4][0]: UNEXCUSED, LESSONS[5][0]: UNEXCUSED}
    return marks


def _mondays(days: Sequence[_dt.date], weeks: int = 6) -> dict[_dt.date, Day]:
    """Goes home after lunch every Monday (reported by a guardian): the last two lessons."""
    mondays = [d for d in days if d.weekday() == 0][-weeks:]
    return {d: {LESSONS[4][0]: EXCUSED, LESSONS[5][0]: EXCUSED} for d in mondays}


def _first_lessons(rng: random.Random, recent: Sequence[_dt.date]) -> dict[_dt.date, Day]:
    """Two mornings a week the first lesson is missed or come late to, on changing weekdays."""
    marks: dict[_dt.date, Day] = {}
    for number, week in enumerate(_weeks(recent)[-5:]):
        weekdays = (1, 3) if number % 2 == 0 else (2, 4)
        for day in week:
            if day.weekday() in weekdays:
                marks[day] = {LESSONS[0][0]: LATE if rng.random() < 0.5 else UNEXCUSED}
    return marks


def _away_run(days: Sequence[_dt.date], length: int = 6, gap: int = 3) -> dict[_dt.date, Day]:
    """``length`` whole school days away in a row, ending ``gap`` school days before the last."""
    run = days[-(length + gap) : -gap] if len(days) > length + gap else days[:length]
    return {d: {start: EXCUSED for start, _ in LESSONS} for d in run}


def _staged_return(
    plan: ReturnPlan, sessions: Sequence[Session], days: Sequence[_dt.date], rng: random.Random
) -> dict[_dt.date, Day]:
    """Before the return: at home nearly every day. During it: the lessons the day's session
    covered (a missed session is unexcused absence), the rest of the day excused (the head
    teacher's decision on a shortened day)."""
    started = _dt.date.fromisoformat(plan.started_on)
    by_day = {_dt.date.fromisoformat(s.on): s for s in sessions}
    marks: dict[_dt.date, Day] = {}
    for day in days:
        if day < started:
            if rng.random() < 0.15:
                continue  # one of the rare days in school
            kind = EXCUSED if rng.random() < 0.6 else UNEXCUSED
            marks[day] = {start: kind for start, _ in LESSONS}
            continue
        session = by_day.get(day)
        if session is None or not session.start_time:
            marks[day] = {start: EXCUSED for start, _ in LESSONS}
            continue
        if not session.came:
            marks[day] = {start: UNEXCUSED for start, _ in LESSONS}
            continue
        begin = _clock(session.start_time)
        end = begin + session.attended_minutes
        # A lesson counts as attended when the pupil was there for at least half of it.
        marks[day] = {
            start: EXCUSED
            for start, minutes in LESSONS
            if 2 * (min(end, _clock(start) + minutes) - max(begin, _clock(start))) < minutes
        }
    return marks


def _clock(text: str) -> int:
    return int(text[:2]) * 60 + int(text[3:5])


# Records ---------------------------------------------------------------------------------------


def _records(
    pupil: Pupil,
    days: Sequence[_dt.date],
    marks: dict[_dt.date, Day],
    rng: random.Random,
    into: list[AttendanceRecord],
) -> None:
    """The pupil's lessons, appended to ``into`` as the next rows of one exported file."""
    ref = PupilRef(
        external_id=pupil.external_id,
        given_name=pupil.given_name,
        family_name=pupil.family_name,
        class_name=pupil.class_name,
    )
    for day in days:
        day_marks = marks.get(day, {})
        for start, minutes in lessons_of(pupil, day):
            how = day_marks.get(start, PRESENT)
            excused = minutes if how == EXCUSED else 0
            unexcused = minutes if how == UNEXCUSED else 0
            if how == LATE:
                unexcused = rng.choice((5, 10, 15, 20))
            into.append(
                AttendanceRecord(
                    source=SOURCE,
                    line=len(into) + 2,
                    pupil=ref,
                    day=day,
                    lesson=start,
                    offered=minutes,
                    attended=minutes - excused - unexcused,
                    excused=excused,
                    unexcused=unexcused,
                    late=int(how == LATE),
                )
            )


def _with_external_ids(session, pupils: Sequence[Pupil], rng: random.Random) -> list[Pupil]:
    """The demo pupils as the school system knows them: each with the system's own id, which
    the attendance file carries, as an SS 12000 or SchoolSoft export would."""
    saved = []
    db = session.db
    for pupil in pupils:
        current = pupil_repo.get(db, pupil.id)
        if not current.external_id:
            external = str(uuid.UUID(int=rng.getrandbits(128), version=4))
            current = pupil_repo.update(
                db, current.with_changes(external_id=external), session.user.id
            )
        saved.append(current)
    return saved


def add_attendance(
    session,
    pupils: Sequence[Pupil],
    returns: Sequence[ReturnPlan],
    today: _dt.date,
    seed: int = 1,
) -> DemoAttendance:
    """Import the demo term's attendance for the active ``pupils`` and open an investigation
    for the pupil whose absence is rising. Call inside the demo's transaction."""
    rng = random.Random(f"närvaro-{seed}")
    made = DemoAttendance(first_day=first_day(today))
    active = [p for p in pupils if p.status is PupilStatus.ACTIVE]
    if not active:
        return made
    with session.case.write():
        active = _with_external_ids(session, active, rng)
    days = school_days(made.first_day, today)
    recent = [d for d in days if d > today - _dt.timedelta(days=28)]
    plans = {plan.pupil_id: plan for plan in returns}
    made.returns = [plan.pupil_id for plan in returns if plan.pupil_id in {p.id for p in active}]
    ladder = LadderService(session)
    # The worried pupils: older pupils first (where absence usually grows), none with a return.
    others = [p for p in active if p.id not in plans]
    candidates = sorted(others, key=lambda p: (p.year not in ("7", "8", "9"), rng.random()))
    made.pupils = {role: pupil.id for role, pupil in zip(ROLES, candidates, strict=False)}
    roles = {pupil_id: role for role, pupil_id in made.pupils.items()}
    records: list[AttendanceRecord] = []
    for position, pupil in enumerate(active):
        # By position, not by id: ids are random UUIDs, and the same seed must give the same days.
        own = random.Random(f"{seed}-{position}")
        marks = _ordinary(own, days)
        role = roles.get(pupil.id)
        if pupil.id in plans:
            plan = plans[pupil.id]
            marks = _staged_return(plan, ladder.sessions(plan.id), days, own)
        elif role == "rising":
            marks = {d: m for d, m in marks.items() if d not in recent}
            marks.update(_rising(own, recent))
        elif role == "mondays":
            marks = {d: m for d, m in marks.items() if d not in recent}
            marks.update(_mondays(days))
        elif role == "first_lessons":
            marks = {d: m for d, m in marks.items() if d not in recent}
            marks.update(_first_lessons(own, recent))
        elif role == "away_run":
            marks.update(_away_run(days))
        _records(pupil, days, marks, own, records)
    service = AttendanceImportService(session)
    preview = service.preview(
        ReadResult(rows_read=len(records), attendance=records), "csv", [SOURCE]
    )
    made.report = service.apply(preview, {m.key for m in preview.name_matches})
    if "rising" in made.pupils:
        made.investigation_id = _open_investigation(session, made.pupils["rising"], today)
    return made


def _open_investigation(session, pupil_id: str, today: _dt.date) -> str:
    """Started a few days ago from the warning, with the mentor and the team; not yet reported
    to the governing body, so the reminder and the document show it."""
    ews = EarlyWarningService(session, today=lambda: today)
    figures = ews.pupil_figures(pupil_id, ews.window("4w"))
    pupil = pupil_repo.get(session.db, pupil_id)
    investigations = AbsenceInvestigationService(session, today=lambda: today)
    item = AbsenceInvestigation(
        pupil_id=pupil_id,
        noticed_on=(today - _dt.timedelta(days=6)).isoformat(),
        started_on=(today - _dt.timedelta(days=4)).isoformat(),
        reason_noticed="Tidig varning: " + "; ".join(figures.reasons),
        responsible=session.user.name,
        team_took_part=True,
        participants=f"{pupil.mentor}, mentor" if pupil.mentor else "",
        findings=(
            "Mentor har ringt hem två gånger. Eleven säger att det är jobbigt på morgnarna och i "
            "matematiken. Samtal med eleven och vårdnadshavarna är bokat."
        ),
    )
    return investigations.save(item).id
