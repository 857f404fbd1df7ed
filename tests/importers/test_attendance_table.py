import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from elevhalsa_desktop.importers.attendance_table import read_attendance
from elevhalsa_desktop.importers.mapping import (
    ColumnMapping,
    Field,
    Status,
    distinct_values,
    guess_attendance,
    guess_status_words,
)
from elevhalsa_desktop.importers.records import (
    AttendanceRecord,
    ImportCancelled,
    PupilRef,
    Skipped,
    UnreadableFile,
)
from elevhalsa_desktop.importers.tables import open_table
from tests.importers.people import ASA, ELIN, ORJAN

SAMPLES = Path(__file__).parent / "samples"
NOV = dt.date(2026, 11, 1)


def nov(day: int) -> dt.date:
    return NOV.replace(day=day)


def test_a_schoolsoft_export_with_minutes_per_lesson():
    table = open_table(SAMPLES / "schoolsoft_minutes.csv")
    result = read_attendance(table, guess_attendance(table.headers, table.preview()))

    def row(line, civic, name, day, lesson, offered, attended, excused, unexcused):
        pupil = PupilRef(civic_no=civic, full_name=name, class_name="7B")
        src = "schoolsoft_minutes.csv"
        return AttendanceRecord(
            src, line, pupil, day, lesson, offered, attended, excused, unexcused
        )

    assert result.attendance == [
        row(4, ASA, "Åström, Åsa", nov(23), "08:15", 60, 60, 0, 0),
        row(5, ASA, "Åström, Åsa", nov(23), "09:30", 55, 45, 0, 10),
        row(6, ORJAN, "Öberg, Örjan", nov(23), "08:15", 60, 0, 60, 0),
        # No offered time: the length of the lesson from its start and end.
        row(7, ORJAN, "Öberg, Örjan", nov(24), "13:00", 40, 40, 0, 0),
        row(12, ELIN, "Ängström, Elin", nov(25), "08:15", 60, 60, 0, 0),
    ]
    assert result.skipped == [
        Skipped("schoolsoft_minutes.csv", 8, "Datum", "2026-02-30 är inget riktigt datum."),
        Skipped(
            "schoolsoft_minutes.csv",
            9,
            "Personnummer",
            "Personnumret är inte giltigt: kontrollsiffran stämmer inte.",
        ),
        Skipped(
            "schoolsoft_minutes.csv",
            11,
            "Närvaro (min)",
            "Närvaro och frånvaro är tillsammans 75 min, mer än den erbjudna tiden (60 min).",
        ),
    ]
    assert result.rows_read == 8


def test_a_skola24_export_with_status_words():
    table = open_table(SAMPLES / "skola24_status.csv")
    mapping = guess_attendance(table.headers, table.preview())
    mapping.status_words = guess_status_words(distinct_values(table, mapping.columns[Field.STATUS]))
    mapping.lesson_minutes = 55
    result = read_attendance(table, mapping)

    def row(line, name, day, lesson, offered, attended, excused, unexcused, late=0):
        pupil = PupilRef(full_name=name, class_name="7B")
        return AttendanceRecord(
            "skola24_status.csv",
            line,
            pupil,
            day,
            lesson,
            offered,
            attended,
            excused,
            unexcused,
            late,
        )

    assert result.attendance == [
        row(2, "Åström, Åsa", nov(23), "08:15", 55, 55, 0, 0),
        row(3, "Åström, Åsa", nov(23), "09:30", 55, 43, 0, 12, late=1),
        row(4, "Öberg, Örjan", nov(23), "08:15", 55, 0, 55, 0),
        row(5, "Öberg, Örjan", nov(23), "09:30", 55, 0, 0, 55),
        row(6, "Ängström, Elin", nov(24), "08:15", 55, 0, 55, 0),
    ]
    assert [(s.line, s.field) for s in result.skipped] == [(7, "Status"), (8, "Datum")]
    # The unknown word is not repeated: in a wrongly chosen column it could be a name.
    assert "Sjuk" not in result.skipped[0].reason
    assert result.skipped[1].reason == "2026-11-31 är inget riktigt datum."


def test_a_status_word_the_user_gave_a_meaning_is_read():
    table = open_table(SAMPLES / "skola24_status.csv")
    mapping = guess_attendance(table.headers, table.preview())
    mapping.status_words = {"sjuk": Status.EXCUSED, "NÄRVARANDE": Status.PRESENT}
    result = read_attendance(table, mapping)
    assert [r.line for r in result.attendance] == [2, 7]
    assert result.attendance[1].excused == 60


def write_csv(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "närvaro.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


MINUTES = ColumnMapping(
    columns={
        Field.CIVIC_NO: "Pnr",
        Field.DATE: "Datum",
        Field.OFFERED: "Erbjuden",
        Field.EXCUSED: "Giltig",
        Field.UNEXCUSED: "Ogiltig",
        Field.LATE_MINUTES: "Sen",
    }
)


def test_day_rows_with_absence_only_count_the_rest_as_attended(tmp_path):
    path = write_csv(
        tmp_path,
        [
            "Pnr;Datum;Erbjuden;Giltig;Ogiltig;Sen",
            f"{ASA};2026-11-23;330;0;15;15",
            f"{ASA};2026-11-24;1 320;0;0;",
            f"{ASA};2026-11-25;330;300;60;",
            f"{ASA};2026-11-26;;0;0;",
            f"{ASA};2026-11-27;0;0;0;",
            f"{ASA};2026-11-28;-30;0;0;",
            ";2026-11-29;330;0;0;",
        ],
    )
    result = read_attendance(open_table(path), MINUTES)
    pupil = PupilRef(civic_no=ASA)
    assert result.attendance == [
        AttendanceRecord("närvaro.csv", 2, pupil, nov(23), "", 330, 315, 0, 15, 1),
        AttendanceRecord("närvaro.csv", 3, pupil, nov(24), "", 1320, 1320, 0, 0, 0),
    ]
    assert [(s.line, s.field, s.reason) for s in result.skipped] == [
        (4, "Erbjuden", "Frånvaron (360 min) är större än den erbjudna tiden (330 min)."),
        (5, "Erbjuden", "Erbjuden tid saknas, så frånvaron kan inte jämföras med något."),
        (6, "Erbjuden", "Den erbjudna tiden är 0 minuter, så raden säger inget om närvaro."),
        (7, "Erbjuden", "Minuter kan inte vara negativa."),
        (8, "Pnr", "Raden saknar personnummer och namn, så eleven kan inte kännas igen."),
    ]


def test_a_lesson_given_as_a_range_in_one_column(tmp_path):
    path = write_csv(
        tmp_path,
        ["Pnr;Datum;Lektion;Status", f"{ASA};2026-11-23;08:15-09:00;X", f"{ASA};2026-11-23;9-8;X"],
    )
    mapping = ColumnMapping(
        columns={
            Field.CIVIC_NO: "Pnr",
            Field.DATE: "Datum",
            Field.LESSON_START: "Lektion",
            Field.STATUS: "Status",
        },
        status_words={"x": Status.PRESENT},
    )
    result = read_attendance(open_table(path), mapping)
    assert result.attendance == [
        AttendanceRecord("närvaro.csv", 2, PupilRef(civic_no=ASA), nov(23), "08:15", 45, 45, 0, 0)
    ]
    assert result.skipped[0].field == "Lektion"


def test_a_workbook_with_dates_as_dates_and_as_serial_numbers(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Personnummer", "Datum", "Starttid", "Sluttid", "Närvaro", "Ogiltig frånvaro"])
    sheet.append([ASA, dt.datetime(2026, 11, 23), dt.time(8, 15), dt.time(9, 15), 50, 10])
    sheet.append([ORJAN, 46349, "8.15", "9.15", 60.0, 0])
    sheet.append([ORJAN, "46349", 0.34375, 0.3854166666666667, "45,5", "0"])
    path = tmp_path / "närvaro.xlsx"
    workbook.save(path)
    table = open_table(path)
    result = read_attendance(table, guess_attendance(table.headers, table.preview()))
    assert not result.skipped
    assert [
        (r.line, r.day, r.lesson, r.offered, r.attended, r.unexcused) for r in result.attendance
    ] == [
        (2, nov(23), "08:15", 60, 50, 10),
        (3, nov(23), "08:15", 60, 60, 0),
        (4, nov(23), "08:15", 60, 46, 0),
    ]


def test_a_mapping_that_does_not_fit_the_table_is_refused(tmp_path):
    table = open_table(SAMPLES / "skola24_status.csv")
    with pytest.raises(UnreadableFile, match="Välj kolumnen med datum"):
        read_attendance(
            table, ColumnMapping(columns={Field.FULL_NAME: "Elev", Field.CLASS_NAME: "Klass"})
        )
    wrong = ColumnMapping(
        columns={
            Field.CIVIC_NO: "Personnummer",
            Field.DATE: "Datum",
            Field.STATUS: "Status",
        }
    )
    with pytest.raises(UnreadableFile, match="'Personnummer' finns inte i filen"):
        read_attendance(table, wrong)


def test_a_file_where_no_row_can_be_read_is_not_an_attendance_list(tmp_path):
    lines = ["Pnr;Datum;Närvaro"] + [f"{ASA};inte ett datum;45"] * 1200
    with pytest.raises(UnreadableFile, match="ser inte ut som en närvarolista") as error:
        read_attendance(open_table(write_csv(tmp_path, lines)), guess_mapping(lines[0]))
    assert "Värdet är inget datum" in str(error.value)


def guess_mapping(header: str) -> ColumnMapping:
    return guess_attendance(header.split(";"))


def test_after_a_thousand_skipped_rows_the_rest_are_only_counted(tmp_path):
    good = [f"{ASA};2026-11-23;45"] * 5
    bad = [f"{ASA};2026-02-30;45"] * 2500
    lines = ["Pnr;Datum;Närvaro", *good, *bad]
    result = read_attendance(open_table(write_csv(tmp_path, lines)), guess_mapping(lines[0]))
    assert len(result.attendance) == 5
    assert len(result.skipped) == 1001
    last = result.skipped[-1]
    assert (last.line, last.field) == (1007, "")
    assert last.reason.startswith("Ytterligare 1500 rader")
    assert result.rows_read == 2505


def test_the_progress_callback_can_cancel(tmp_path):
    lines = ["Pnr;Datum;Närvaro"] + [f"{ASA};2026-11-23;45"] * 5000
    table = open_table(write_csv(tmp_path, lines))
    calls = []

    def progress(done, total):
        calls.append((done, total))
        if done > 0:
            raise ImportCancelled

    with pytest.raises(ImportCancelled):
        read_attendance(table, guess_mapping(lines[0]), progress)
    assert calls[0] == (0, table.total_hint)
    assert 0 < calls[-1][0] < table.total_hint


def test_progress_reaches_the_total(tmp_path):
    lines = ["Pnr;Datum;Närvaro"] + [f"{ASA};2026-11-23;45"] * 2500
    table = open_table(write_csv(tmp_path, lines))
    calls = []
    read_attendance(table, guess_mapping(lines[0]), lambda done, total: calls.append((done, total)))
    assert len(calls) == 4
    assert calls[-1] == (table.total_hint, table.total_hint)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)
