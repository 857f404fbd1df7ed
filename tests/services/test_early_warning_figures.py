"""The list of every pupil adds up its figures in SQL and counts runs from the days with absence
only. Here it is held to the plain per-day computation (``assess`` of each pupil's days, as the
pupil's own page has it) on small random schools: pupils with calendars of their own, days
without offered time, days spread out from a period total, weekends and holidays."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from elevhalsa_desktop.domain.ews import Level, Thresholds, weekly
from elevhalsa_desktop.domain.pupil import Pupil
from elevhalsa_desktop.services.early_warning import TREND_WEEKS, EarlyWarningService
from elevhalsa_desktop.store import attendance as repo

FIRST = dt.date(2025, 8, 18)
LAST = dt.date(2026, 1, 30)
HOLIDAYS = {  # höstlov and jullov: no school, runs go on over them
    *(dt.date(2025, 10, 27) + dt.timedelta(days=n) for n in range(5)),
    *(dt.date(2025, 12, 22) + dt.timedelta(days=n) for n in range(12)),
}


def calendar() -> list[dt.date]:
    days, day = [], FIRST
    while day <= LAST:
        if day.weekday() < 5 and day not in HOLIDAYS:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def row(pupil_id: str, day: dt.date, *values: int, estimated: int = 0) -> tuple:
    """One row of attendance_day from offered, attended, excused, unexcused, lessons, absent
    lessons, unexcused lessons, late lessons, first lesson missed (those left out are 0)."""
    return (pupil_id, day.isoformat(), *(*values, *[0] * 9)[:9], estimated)


def random_day(rng: random.Random, pupil_id: str, day: dt.date, heavy: bool) -> tuple:
    lessons = rng.choice((4, 5, 6))
    offered = lessons * 60
    roll = rng.random()
    if roll < (0.25 if heavy else 0.08):  # away the whole day
        excused = offered if rng.random() < 0.6 else 0
        bad = 0 if excused else lessons
        return row(pupil_id, day, offered, 0, excused, offered - excused, lessons, lessons, bad)
    if roll < (0.5 if heavy else 0.2):  # part of the day
        missed = rng.randint(1, lessons - 1)
        unexcused = rng.choice((0, missed * 60, 10))
        excused = missed * 60 - unexcused if unexcused != 10 else 0
        attended = offered - excused - unexcused
        return row(
            pupil_id,
            day,
            offered,
            attended,
            excused,
            unexcused,
            lessons,
            missed,
            int(unexcused > 0),
            rng.randint(0, 1),
            int(rng.random() < 0.5),
        )
    if roll < 0.53:  # neither attended nor absent: the school system left it empty
        return row(pupil_id, day, offered, 0, 0, 0, lessons)
    if roll < 0.56:  # no offered time, yet absence reported
        return row(pupil_id, day, 0, 0, 60, 30, 1, 1, 1)
    if roll < 0.60:  # spread out from a period total
        excused = rng.choice((0, 0, offered // 2, offered))
        return row(pupil_id, day, offered, offered - excused, excused, 0, estimated=1)
    return row(pupil_id, day, offered, offered, 0, 0, lessons)


def fill_school(session, pupils, seed: int) -> list[str]:
    rng = random.Random(seed)
    school = calendar()
    ids = [
        pupils.create(Pupil(f"Elev{n}", f"Efternamn{n}", class_name=f"7{'ABC'[n % 3]}")).id
        for n in range(9)
    ]
    rows = []
    for n, pupil_id in enumerate(ids):
        heavy = n % 2 == 1
        if n == 0:  # no attendance at all
            continue
        if n == 1:  # rows, but never any offered time
            rows += [row(pupil_id, d, 0, 0, 0, 0) for d in school]
            continue
        if n == 2:  # only a period total spread over the days
            rows += [row(pupil_id, d, 300, 270, 30, 0, estimated=1) for d in school]
            continue
        days = list(school)
        if n >= 5:  # days of their own: came later, left early, a week away, a Saturday
            start, end = rng.randrange(0, 40), rng.randrange(len(days) - 40, len(days))
            days = [d for d in days[start:end] if rng.random() > 0.1]
            days.append(dt.date(2025, 11, 15) + dt.timedelta(weeks=rng.randrange(4)))
        rows += [random_day(rng, pupil_id, d, heavy) for d in days]
        if n in (3, 4):  # a long illness, with a weekend and a holiday in it
            sick = rng.choice((dt.date(2025, 10, 20), dt.date(2025, 12, 15), LAST))
            rows = [
                row(r[0], day, r[2], 0, r[2], 0, r[6], r[6])
                if r[0] == pupil_id and 0 <= (sick - (day := dt.date.fromisoformat(r[1]))).days < 20
                else r
                for r in rows
            ]
    with session.case.write() as db:
        db.conn.executemany(
            "INSERT INTO attendance_day VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows
        )
    return ids


def expected(ews: EarlyWarningService, pupil_id: str, window):
    """The plain way: the pupil's days, one by one."""
    figures = ews.pupil_figures(pupil_id, window)
    if figures.level is Level.RED:  # the case file has no plans
        figures = figures.raised(Level.RED, "ingen aktiv plan")
    trend_start = window.end - dt.timedelta(weeks=TREND_WEEKS - 1)
    days = repo.days_by_pupil(ews._db, trend_start, window.end, pupil_id).get(pupil_id, [])
    return figures, tuple(w.total_percent for w in weekly(days, trend_start, window.end))


@pytest.mark.parametrize("seed", range(6))
def test_the_list_has_the_same_figures_as_each_pupils_days(session, pupils, seed):
    ids = fill_school(session, pupils, seed)
    rng = random.Random(seed + 100)
    if seed % 2:  # patterns that show up more easily
        EarlyWarningService(session).save_thresholds(
            Thresholds(red_consecutive_days=2, scattered_days=2, weekday_run=2, first_lessons=1)
        )
    todays = [LAST, dt.date(2025, 12, 28), dt.date(2025, 11, 2), dt.date(2025, 9, 3)]
    todays.append(FIRST + dt.timedelta(days=rng.randrange((LAST - FIRST).days)))
    seen: set = set()
    for today in todays:
        ews = EarlyWarningService(session, today=lambda today=today: today)
        start = FIRST + dt.timedelta(days=rng.randrange(60))
        specs = ["4w", "14d", "term", f"{start}:{start + dt.timedelta(days=rng.randrange(90))}"]
        for spec in specs:
            window = ews.window(spec)
            listed = ews.warnings(window, include_green=True)
            assert sorted(w.pupil_id for w in listed) == sorted(ids)
            for warning in listed:
                figures, trend = expected(ews, warning.pupil_id, window)
                assert warning.figures == figures, (today, spec, warning.name)
                assert warning.trend == trend, (today, spec, warning.name)
                seen.add(figures.level)
                seen.update(
                    name
                    for name, value in (
                        ("run", figures.longest_run >= 3),
                        ("weekday", figures.weekday_run >= 2),
                        ("scattered", figures.scattered_days > 0),
                        ("first", figures.first_lessons_missed > 0),
                        ("change", figures.change),
                    )
                    if value
                )
    assert seen >= {Level.NO_DATA, Level.GREEN, Level.YELLOW, Level.RED}
    assert seen >= {"run", "weekday", "scattered", "first", "change"}
