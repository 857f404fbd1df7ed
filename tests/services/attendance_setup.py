"""Building attendance records by hand for service tests (the readers have tests of their own)."""

from __future__ import annotations

import datetime as dt

from elevhalsa_desktop.importers.records import AttendanceRecord, PupilRef, ReadResult

LESSONS = ("08:15", "09:20", "10:30", "12:40", "13:45")


def lessons(ref: PupilRef, days, absent=(), unexcused=(), minutes=60, source="narvaro.csv"):
    """Five lessons a day on ``days``; (day, lesson) pairs in ``absent`` excused, in
    ``unexcused`` unexcused."""
    records = []
    for day in days:
        for lesson in LESSONS:
            excused = minutes if (day, lesson) in absent or day in absent else 0
            bad = minutes if (day, lesson) in unexcused or day in unexcused else 0
            records.append(
                AttendanceRecord(
                    source=source,
                    line=len(records) + 2,
                    pupil=ref,
                    day=day,
                    lesson=lesson,
                    offered=minutes,
                    attended=minutes - excused - bad,
                    excused=excused,
                    unexcused=bad,
                )
            )
    return records


def weekdays(start: dt.date, count: int) -> list[dt.date]:
    days, day = [], start
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def result(records) -> ReadResult:
    return ReadResult(rows_read=len(records), attendance=list(records))
