"""A small school with eight weeks of attendance, imported through the real import service into
a real encrypted case file, for the tests of the attendance screens:

- Ali Ahmadi (7A) came to every lesson: green.
- Elsa Öberg (7B) was away the last six school days, whole days: red (30 % over four weeks,
  60 % over 14 days, six days in a row, and no active plan).
- Bo Berg (8A) missed the first two lessons of every Monday of the last four weeks: yellow
  (8 % is under the limit, but four Mondays in a row, four days of scattered absence, four
  first lessons missed, eight unexcused lessons).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from elevhalsa_desktop.domain.pupil import Pupil
from elevhalsa_desktop.importers.records import PupilRef
from elevhalsa_desktop.services.attendance_import import AttendanceImportService
from tests.dates import TODAY
from tests.services.attendance_setup import LESSONS, lessons, result, weekdays

WEEKS = 8


@dataclass(frozen=True)
class School:
    ali: Pupil
    elsa: Pupil
    bo: Pupil
    days: list[dt.date]


def school_days(weeks: int = WEEKS) -> list[dt.date]:
    """Every weekday from the Monday ``weeks`` weeks back to today."""
    start = TODAY - dt.timedelta(weeks=weeks)
    monday = start - dt.timedelta(days=start.weekday())
    return [d for d in weekdays(monday, (weeks + 1) * 5) if d <= TODAY]


def import_attendance(session, pupils_and_records) -> None:
    records = [r for _pupil, rows in pupils_and_records for r in rows]
    service = AttendanceImportService(session)
    preview = service.preview(result(records), "csv", ["narvaro.csv"])
    service.apply(preview, {m.key for m in preview.name_matches})


def ref(pupil: Pupil) -> PupilRef:
    return PupilRef(
        given_name=pupil.given_name, family_name=pupil.family_name, class_name=pupil.class_name
    )


def make_school(session, pupils) -> School:
    ali = pupils.create(Pupil("Ali", "Ahmadi", class_name="7A"))
    elsa = pupils.create(Pupil("Elsa", "Öberg", class_name="7B"))
    bo = pupils.create(Pupil("Bo", "Berg", class_name="8A"))
    days = school_days()
    recent = [d for d in days if d > TODAY - dt.timedelta(days=28)]
    mondays = [(d, lesson) for d in recent if d.weekday() == 0 for lesson in LESSONS[:2]]
    import_attendance(
        session,
        [
            (ali, lessons(ref(ali), days)),
            (elsa, lessons(ref(elsa), days, absent=set(recent[-6:]))),
            (bo, lessons(ref(bo), days, unexcused=set(mondays))),
        ],
    )
    return School(ali, elsa, bo, days)
