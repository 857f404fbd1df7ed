"""Importing attendance: matching, all-or-nothing, the same file twice, the per-day summary."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from elevhalsa_desktop.domain.pupil import Pupil
from elevhalsa_desktop.importers.records import (
    ImportCancelled,
    PeriodRecord,
    PupilRef,
    ReadResult,
    ReportedAbsence,
    Skipped,
)
from elevhalsa_desktop.services.attendance_import import (
    DUPLICATE,
    NOT_CONFIRMED,
    UNKNOWN_PUPIL,
    AttendanceImportService,
)
from elevhalsa_desktop.store import attendance as repo
from tests.ui.register import civic_no

from .attendance_setup import lessons, result, weekdays

NUMBER = civic_no("130402", "234")
START = dt.date(2026, 11, 2)


@pytest.fixture
def elsa(pupils):
    return pupils.create(
        Pupil(given_name="Elsa", family_name="Öberg", civic_no=NUMBER, class_name="7B", year="7")
    )


def day_rows(session, pupil_id):
    return session.db.execute(
        "SELECT day, offered, excused, unexcused, lessons, absent_lessons, first_lesson_missed"
        " FROM attendance_day WHERE pupil_id = ? ORDER BY day",
        [pupil_id],
    ).fetchall()


def test_rows_are_stored_summarised_and_audited(session, elsa):
    days = weekdays(START, 3)
    records = lessons(PupilRef(civic_no=NUMBER), days, absent={(days[1], "08:15")})
    service = AttendanceImportService(session)
    preview = service.preview(result(records), "csv", ["narvaro.csv"])
    assert (preview.matched_pupils, preview.matched_rows, preview.unknown_rows) == (1, 15, 0)
    report = service.apply(preview)
    assert (report.imported, report.updated, report.unchanged, report.skipped_count) == (
        15,
        0,
        0,
        0,
    )
    assert day_rows(session, elsa.id) == [
        (days[0].isoformat(), 300, 0, 0, 5, 0, 0),
        (days[1].isoformat(), 300, 60, 0, 5, 1, 1),  # the first lesson missed, came later
        (days[2].isoformat(), 300, 0, 0, 5, 0, 0),
    ]
    details = [
        r[0]
        for r in session.db.execute("SELECT detail FROM audit_log WHERE pupil_id = ?", [elsa.id])
    ]
    assert any(d.startswith("närvaro importerad") for d in details)
    assert "Nya: 15" in report.text()


def test_the_same_file_again_changes_nothing_and_a_corrected_row_updates(session, elsa):
    days = weekdays(START, 2)
    records = lessons(PupilRef(civic_no=NUMBER), days)
    service = AttendanceImportService(session)
    service.apply(service.preview(result(records), "csv", ["a.csv"]))
    again = service.apply(service.preview(result(records), "csv", ["a.csv"]))
    assert (again.imported, again.updated, again.unchanged) == (0, 0, 10)
    corrected = lessons(PupilRef(civic_no=NUMBER), days, unexcused={(days[0], "09:20")})
    report = service.apply(service.preview(result(corrected), "csv", ["a.csv"]))
    assert (report.imported, report.updated, report.unchanged) == (0, 1, 9)
    assert day_rows(session, elsa.id)[0][3] == 60


def test_unknown_pupils_and_duplicates_are_skipped_with_their_lines(session, elsa):
    day = weekdays(START, 1)
    records = lessons(PupilRef(civic_no=NUMBER), day)
    records += lessons(PupilRef(civic_no=civic_no("130505", "111")), day)
    records.append(records[0])
    read = result(records)
    read.skipped.append(Skipped("narvaro.csv", 40, "Datum", "Datumet '2026-02-30' finns inte."))
    service = AttendanceImportService(session)
    preview = service.preview(read, "csv", ["narvaro.csv"])
    assert (preview.unknown_pupils, preview.unknown_rows) == (1, 5)
    report = service.apply(preview)
    assert report.imported == 5
    assert report.skipped_count == 7
    reasons = {(s.line, s.reason[:20]) for s in report.skipped}
    assert (40, "Datumet '2026-02-30'") in reasons
    assert any("finns inte i akten" in s.reason for s in report.skipped)
    assert any("tidigare rad" in s.reason for s in report.skipped)
    assert NUMBER not in report.text()


def test_a_name_match_is_used_only_when_confirmed(session, elsa):
    day = weekdays(START, 1)
    records = lessons(PupilRef(full_name="Öberg, Elsa", class_name="7b"), day)
    service = AttendanceImportService(session)
    preview = service.preview(result(records), "csv", ["a.csv"])
    [match] = preview.name_matches
    assert (match.pupil_id, match.file_name, match.rows) == (elsa.id, "Öberg, Elsa (7b)", 5)
    refused = service.apply(preview)
    assert refused.imported == 0 and refused.skipped_count == 5
    accepted = service.apply(service.preview(result(records), "csv", ["a.csv"]), {match.key})
    assert accepted.imported == 5


def test_cancelling_writes_nothing(session, elsa, monkeypatch):
    monkeypatch.setattr(repo, "BATCH", 4)
    records = lessons(PupilRef(civic_no=NUMBER), weekdays(START, 4))

    def cancel_at_half(done, total):
        if done >= total // 2:
            raise ImportCancelled

    service = AttendanceImportService(session)
    with pytest.raises(ImportCancelled):
        service.apply(service.preview(result(records), "csv", ["a.csv"]), progress=cancel_at_half)
    assert session.db.execute("SELECT count(*) FROM attendance").fetchone()[0] == 0
    assert session.db.execute("SELECT count(*) FROM attendance_day").fetchone()[0] == 0
    assert session.db.execute("SELECT count(*) FROM attendance_import").fetchone()[0] == 0


def test_periods_spread_over_weekdays_and_absences_are_kept(session, elsa):
    ref = PupilRef(civic_no=NUMBER)
    read = ReadResult(
        rows_read=2,
        periods=[
            PeriodRecord(
                "agg.json", 1, ref, START, START + dt.timedelta(days=6), 1500, 1200, 300, 0
            )
        ],
        absences=[
            ReportedAbsence(
                "abs.json",
                1,
                ref,
                dt.datetime(2026, 11, 16, 8),
                dt.datetime(2026, 11, 16, 16),
                "Anmäld frånvaro",
            )
        ],
    )
    service = AttendanceImportService(session)
    report = service.apply(service.preview(read, "ss12000", ["agg.json", "abs.json"]))
    assert report.imported == 2
    rows = day_rows(session, elsa.id)
    assert [r[1:4] for r in rows] == [(300, 60, 0)] * 5  # Monday to Friday, the weekend skipped
    again = service.apply(service.preview(read, "ss12000", ["agg.json", "abs.json"]))
    assert again.unchanged == 2 and again.imported == 0


def test_mappings_are_remembered_by_header(session):
    service = AttendanceImportService(session)
    service.remember_mapping("abc", "SchoolSoft", "attendance", {"columns": {"date": "Datum"}})
    assert service.mapping_for_header("abc") == {"columns": {"date": "Datum"}}
    assert service.mapping_named("SchoolSoft") == {"columns": {"date": "Datum"}}
    assert service.mapping_names() == ["SchoolSoft"]


def test_skipped_rows_are_reported_in_file_order_across_batches(session, elsa, monkeypatch):
    monkeypatch.setattr(repo, "BATCH", 3)
    days = weekdays(START, 2)
    known = PupilRef(civic_no=NUMBER)
    stranger = PupilRef(civic_no=civic_no("130505", "111"))
    by_name = PupilRef(full_name="Öberg, Elsa", class_name="7b")
    records = [
        *lessons(known, days[:1]),
        *lessons(stranger, days[:1]),
        *lessons(by_name, days[1:]),
        # The same pupil in an equal but separate PupilRef, and the same lesson twice.
        *lessons(PupilRef(civic_no=NUMBER), days[1:]),
        *lessons(known, days[:1])[:2],
        *lessons(stranger, days[1:])[:1],
    ]
    records = [replace(r, line=n) for n, r in enumerate(records, start=2)]
    service = AttendanceImportService(session)
    report = service.apply(service.preview(result(records), "csv", ["a.csv"]))
    assert (report.imported, report.updated, report.unchanged) == (10, 0, 0)
    assert [(s.line, s.reason) for s in report.skipped] == [
        *((line, UNKNOWN_PUPIL) for line in range(7, 12)),
        *((line, NOT_CONFIRMED) for line in range(12, 17)),
        (22, DUPLICATE),
        (23, DUPLICATE),
        (24, UNKNOWN_PUPIL),
    ]


def test_a_second_file_counts_new_changed_and_unchanged_rows(session, elsa, monkeypatch):
    monkeypatch.setattr(repo, "BATCH", 4)
    days = weekdays(START, 3)
    ref = PupilRef(civic_no=NUMBER)
    service = AttendanceImportService(session)
    first = service.apply(service.preview(result(lessons(ref, days[:2])), "csv", ["a.csv"]))
    assert (first.imported, first.updated, first.unchanged) == (10, 0, 0)
    before = day_rows(session, elsa.id)
    second = lessons(ref, days[1:], unexcused={(days[1], "09:20")})
    report = service.apply(service.preview(result(second), "csv", ["b.csv"]))
    assert (report.imported, report.updated, report.unchanged) == (5, 1, 4)
    after = day_rows(session, elsa.id)
    assert after[0] == before[0]
    assert after[1] == (days[1].isoformat(), 300, 0, 60, 5, 1, 0)
    assert after[2] == (days[2].isoformat(), 300, 0, 0, 5, 0, 0)
    imports = dict(
        session.db.execute(
            "SELECT day || ' ' || lesson, import_id FROM attendance WHERE day = ?",
            [days[1].isoformat()],
        ).fetchall()
    )
    changed = imports.pop(f"{days[1].isoformat()} 09:20")
    assert len(set(imports.values())) == 1 and changed not in imports.values()
    again = service.apply(service.preview(result(second), "csv", ["b.csv"]))
    assert (again.imported, again.updated, again.unchanged) == (0, 0, 10)
    assert day_rows(session, elsa.id) == after
