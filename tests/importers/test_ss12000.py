import datetime as dt
import json
from pathlib import Path

import pytest

from elevhalsa_desktop.importers.json_items import JsonItems
from elevhalsa_desktop.importers.records import (
    AttendanceRecord,
    GuardianRecord,
    ImportCancelled,
    PeriodRecord,
    PupilRef,
    ReportedAbsence,
    RosterRecord,
    UnreadableFile,
)
from elevhalsa_desktop.importers.ss12000 import read_ss12000
from tests.importers import make_samples as s
from tests.importers.people import ASA, ORJAN

EXPORT = Path(__file__).parent / "samples" / "ss12000"

PUPIL_ASA = PupilRef(
    civic_no=ASA, external_id=s.P_ASA, given_name="Åsa", family_name="Åström", class_name="7B"
)
PUPIL_ORJAN = PupilRef(
    civic_no=ORJAN, external_id=s.P_ORJAN, given_name="Örjan", family_name="Öberg", class_name="7B"
)
PUPIL_ELIN = PupilRef(
    civic_no="20131102TF01",
    external_id=s.P_ELIN,
    given_name="Elin",
    family_name="Ängström",
    class_name="7B",
)


@pytest.fixture(scope="module")
def export():
    return read_ss12000([EXPORT])


def test_attendance_is_joined_with_its_lesson_and_pupil(export):
    day = dt.date(2026, 11, 23)
    src = "attendances.json"
    assert export.attendance == [
        # 07:15Z is 08:15 in Stockholm in winter; the length is end minus start.
        AttendanceRecord(src, 1, PUPIL_ASA, day, "08:15", 60, 60, 0, 0),
        # teachingLengthStudent is the length; otherAttendanceMinutes count as attended.
        AttendanceRecord(src, 2, PUPIL_ASA, day, "09:30", 50, 45, 0, 5),
        # The pupil's own exception sets a shorter lesson.
        AttendanceRecord(src, 3, PUPIL_ORJAN, day, "09:30", 30, 0, 30, 0),
        # A pupil not among the persons is kept by the export's id, for the service to match.
        AttendanceRecord(src, 6, PupilRef(external_id=s.P_MISSING), day, "08:15", 60, 50, 0, 10),
        # 06:00Z is 08:00 in Stockholm in summer.
        AttendanceRecord(src, 7, PUPIL_ELIN, dt.date(2026, 6, 1), "08:00", 40, 40, 0, 0),
    ]


def test_unusable_objects_are_listed_by_file_position_and_field(export):
    assert [(k.source, k.line, k.field) for k in export.skipped] == [
        ("absences.json", 2, "type"),
        ("attendances.json", 4, "cancelled"),
        ("attendances.json", 5, "calendarEvent"),
        ("attendances.json", 8, "isReported"),
        ("groups.json", 1, "groupMemberships"),
    ]
    missing_event = export.skipped[2].reason
    assert missing_event == (
        f"Lektionen (calendarEvent {s.E_MISSING}) finns inte i de valda filerna. Ta med "
        "kalenderhändelserna (calendarEvents) i importen."
    )
    assert "inställd" in export.skipped[1].reason
    assert export.rows_read == 24


def test_reported_absence_and_summed_attendance(export):
    assert export.absences == [
        ReportedAbsence(
            "absences.json",
            1,
            PUPIL_ORJAN,
            dt.datetime(2026, 11, 26, 8, 0),
            dt.datetime(2026, 11, 26, 16, 0),
            "Beviljad ledighet",
        )
    ]
    start, end = dt.date(2026, 8, 17), dt.date(2026, 11, 20)
    assert export.periods == [
        PeriodRecord("aggregatedAttendances.json", 1, PUPIL_ASA, start, end, 4800, 4260, 300, 120),
        # No offeredSum: the sum of the parts.
        PeriodRecord("aggregatedAttendances.json", 2, PUPIL_ORJAN, start, end, 4500, 4000, 500, 0),
    ]


def test_the_class_list_from_persons_and_groups(export):
    assert export.roster == [
        RosterRecord(
            "persons.json",
            1,
            PUPIL_ASA,
            year="7",  # the newest enrolment, not last year's
            mentor="Eva Lind",
            guardians=(
                GuardianRecord(
                    "Karin Åström",
                    relation="Vårdnadshavare",
                    phone="070-1740605",
                    email="karin.astrom@example.com",
                ),
                # Not among the persons: the reference's display name is all there is.
                GuardianRecord("Per Åström", relation="Vårdnadshavare"),
            ),
        ),
        RosterRecord(
            "persons.json", 2, PUPIL_ORJAN, year="7", mentor="Eva Lind", protected_identity=True
        ),
        # No enrolment: the year from the class name.
        RosterRecord("persons.json", 3, PUPIL_ELIN, year="7"),
    ]


def write_json(folder: Path, name: str, content) -> Path:
    path = folder / name
    path.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    return path


def test_objects_inside_other_objects_are_read(tmp_path):
    event = {
        **s.calendar_events()[0],
        "_embedded": {
            "attendance": [
                {"student": {"id": s.P_ASA}, "isReported": True, "attendanceMinutes": 55}
            ]
        },
    }
    person = {
        **s.persons()["data"][0],
        "enrolments": [{"schoolYear": 0, "schoolType": "FKLASS", "startDate": "2026-08-17"}],
        "_embedded": {
            "groupMemberships": [
                {
                    "group": {"id": "g-f", "displayName": "F-A", "groupType": "Klass"},
                    "startDate": "2026-08-17",
                }
            ]
        },
    }
    klass_with_mentor = {
        "id": "g-f",
        "displayName": "F-A",
        "groupType": "Klass",
        "_embedded": {
            "assignmentRoles": [
                {
                    "duty": {"id": "d1", "person": {"givenName": "Anna", "familyName": "Berg"}},
                    "assignmentRoleType": "Mentor",
                }
            ]
        },
    }
    result = read_ss12000(
        [
            write_json(tmp_path, "a.json", [event]),
            write_json(tmp_path, "b.json", person),  # a single object, not a list
            write_json(tmp_path, "c.json", {"data": [klass_with_mentor], "pageToken": "x"}),
        ]
    )
    pupil = PupilRef(
        civic_no=ASA, external_id=s.P_ASA, given_name="Åsa", family_name="Åström", class_name="F-A"
    )
    assert result.attendance == [
        AttendanceRecord("a.json", 1, pupil, dt.date(2026, 11, 23), "08:15", 60, 55, 0, 0)
    ]
    assert [(r.pupil, r.year, r.mentor) for r in result.roster] == [(pupil, "F", "Anna Berg")]
    assert result.skipped == []


def test_a_pupil_who_does_not_take_part_and_a_lesson_with_an_impossible_time(tmp_path):
    events = [
        {
            "id": "e1",
            "startTime": "2026-11-23T08:15:00+01:00",
            "endTime": "2026-11-23T09:15:00+01:00",
            "studentExceptions": [{"student": {"id": "p1"}, "participates": False}],
        },
        {"id": "e2", "startTime": "2026-11-23T25:15:00", "endTime": "2026-11-23T09:15:00"},
        {"id": "e3", "startTime": "2026-11-23T09:15:00", "endTime": "2026-11-23T08:15:00"},
    ]
    attendance = [
        {"calendarEvent": {"id": e}, "student": {"id": "p1"}, "attendanceMinutes": 60}
        for e in ("e1", "e2", "e3")
    ] + [
        {"calendarEvent": {"id": "e1"}, "student": {"id": "p2"}, "attendanceMinutes": 61},
        {"calendarEvent": {"id": "e1"}, "student": {"id": "p3"}, "attendanceMinutes": -1},
        {"calendarEvent": {"id": "e1"}, "student": {"id": "p3"}, "attendanceMinutes": "45"},
    ]
    result = read_ss12000(
        [write_json(tmp_path, "e.json", events), write_json(tmp_path, "n.json", attendance)]
    )
    assert [(k.line, k.field) for k in result.skipped] == [
        (1, "studentExceptions"),
        (2, "startTime"),
        (3, "endTime"),
        (4, "attendanceMinutes"),
        (5, "attendanceMinutes"),
    ]
    assert result.skipped[4].reason == "Minuter kan inte vara negativa."
    assert [(r.line, r.attended) for r in result.attendance] == [(6, 45)]


def test_json_that_is_not_ss12000_is_refused_or_listed(tmp_path):
    with pytest.raises(UnreadableFile, match=r"foo\.json ser inte ut som SS 12000"):
        read_ss12000([write_json(tmp_path, "foo.json", {"foo": 1})])
    with pytest.raises(UnreadableFile, match="ser inte ut som SS 12000"):
        read_ss12000([write_json(tmp_path, "numbers.json", [1, 2, 3])])
    mixed = [s.persons()["data"][0], {"foo": 1}, 7]
    result = read_ss12000([write_json(tmp_path, "mixed.json", mixed)])
    assert [(k.line, k.field) for k in result.skipped] == [(2, ""), (3, "")]
    assert result.rows_read == 3
    # An empty page is a valid export with nothing in it.
    assert read_ss12000([write_json(tmp_path, "empty.json", {"data": []})]).rows_read == 0


def test_invalid_json_names_the_file_and_the_line(tmp_path):
    path = tmp_path / "persons.json"
    path.write_text('{"data": [\n  {"id": "p1"},\n  {"id": "p2",,}\n]}\n', encoding="utf-8")
    with pytest.raises(UnreadableFile) as error:
        read_ss12000([path])
    assert str(error.value).startswith("persons.json är inte giltig JSON (felet finns på rad 3)")


def test_a_folder_without_json_is_refused(tmp_path):
    (tmp_path / "readme.txt").write_text("hej")
    (tmp_path / "._persons.json").write_bytes(b"\x00\x05\x16\x07 Mac OS X")
    with pytest.raises(UnreadableFile, match="inga JSON-filer"):
        read_ss12000([tmp_path])


def test_items_are_streamed_from_lists_pages_single_objects_and_json_lines(tmp_path):
    path = tmp_path / "x.json"
    path.write_bytes(
        b'\xef\xbb\xbf{"pageToken": "abc", "data": [{"a": 1}, {"a": 2}]}\n'
        b'[{"a": 3}, 4]\n{"a": 5}\n"sex" 7'
    )
    assert list(JsonItems(path)) == [
        (1, {"a": 1}),
        (2, {"a": 2}),
        (3, {"a": 3}),
        (4, 4),
        (5, {"a": 5}),
        (6, "sex"),
        (7, 7),
    ]


def test_items_longer_than_the_read_buffer_and_numbers_cut_between_reads(tmp_path):
    big = {"id": "x", "text": "å" * (3 << 20)}
    path = write_json(tmp_path, "big.json", [big, 12345678901234567890, {"a": [1] * 300_000}])
    items = [value for _position, value in JsonItems(path)]
    assert items[0] == big
    assert items[1] == 12345678901234567890
    assert len(items[2]["a"]) == 300_000


def test_cancelling_stops_the_reading(tmp_path):
    attendance = [
        {"calendarEvent": {"id": "e1"}, "student": {"id": "p1"}, "attendanceMinutes": 60}
    ] * 3000
    path = write_json(tmp_path, "n.json", attendance)
    seen = []

    def progress(done, total):
        seen.append(done)
        if done > 0:
            raise ImportCancelled

    with pytest.raises(ImportCancelled):
        read_ss12000([path], progress)
    assert seen[0] == 0 and len(seen) == 2


def test_attendance_read_before_its_lessons_and_pupils_is_joined_at_the_end(tmp_path):
    # Files are read smallest first; here the attendance is the smallest, so nothing it
    # refers to is known while it is read.
    attendance = [s.attendances()[0]]
    padding = {"note": "x" * 5000}
    events = [{**s.calendar_events()[0], **padding}]
    persons = {**s.persons(), **padding}
    groups = [*s.groups()[:2], {**s.groups()[2], **padding}]
    paths = [
        write_json(tmp_path, "attendances.json", attendance),
        write_json(tmp_path, "events.json", events),
        write_json(tmp_path, "persons.json", persons),
        write_json(tmp_path, "groups.json", groups),
    ]
    result = read_ss12000(paths)
    assert result.attendance == [
        AttendanceRecord(
            "attendances.json", 1, PUPIL_ASA, dt.date(2026, 11, 23), "08:15", 60, 60, 0, 0
        )
    ]


def test_attendance_read_before_its_pupils_gets_their_names_and_class(tmp_path):
    # The lessons are known while the attendance is read, the persons and groups are not: the
    # records are made at once and their pupil references mended at the end.
    attendance = [*s.attendances()[:3], {**s.attendances()[0], "note": "x" * 3000}]
    persons = {**s.persons(), "note": "x" * 10_000}
    paths = [
        write_json(tmp_path, "events.json", s.calendar_events()),
        write_json(tmp_path, "attendances.json", attendance),
        write_json(tmp_path, "persons.json", persons),
        write_json(
            tmp_path, "groups.json", [*s.groups()[:2], {**s.groups()[2], "note": "x" * 20_000}]
        ),
    ]
    result = read_ss12000(paths)
    assert [r.pupil for r in result.attendance] == [PUPIL_ASA, PUPIL_ASA, PUPIL_ORJAN, PUPIL_ASA]
    assert result.roster[0].pupil is result.attendance[0].pupil
