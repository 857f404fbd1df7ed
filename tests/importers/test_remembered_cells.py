"""The attendance reader remembers what it made of cells it has seen before (a year repeats a
thousand pupils, two hundred dates and a few lesson figures a million times). Remembering must
never change what is read: the same records, the same skips with their own lines."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from elevhalsa_desktop.importers import attendance_table
from elevhalsa_desktop.importers.attendance_table import read_attendance
from elevhalsa_desktop.importers.mapping import ColumnMapping, Field, Status
from elevhalsa_desktop.importers.records import ReadResult
from elevhalsa_desktop.importers.row_reading import Columns, RowProblem, remembered
from elevhalsa_desktop.importers.tables import Cells, RowError, Table, open_table
from tests.importers.people import ASA, BROKEN, ORJAN

FEW = settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

HEADERS = [
    "Pnr",
    "Namn",
    "Klass",
    "Datum",
    "Start",
    "Slut",
    "Erbjuden",
    "Närvaro",
    "Giltig",
    "Ogiltig",
    "Sen",
    "Status",
]
MINUTES = ColumnMapping(
    columns={
        Field.CIVIC_NO: "Pnr",
        Field.FULL_NAME: "Namn",
        Field.CLASS_NAME: "Klass",
        Field.DATE: "Datum",
        Field.LESSON_START: "Start",
        Field.LESSON_END: "Slut",
        Field.OFFERED: "Erbjuden",
        Field.ATTENDED: "Närvaro",
        Field.EXCUSED: "Giltig",
        Field.UNEXCUSED: "Ogiltig",
        Field.LATE_MINUTES: "Sen",
    }
)
STATUS = ColumnMapping(
    columns={
        Field.FULL_NAME: "Namn",
        Field.CLASS_NAME: "Klass",
        Field.DATE: "Datum",
        Field.LESSON_START: "Start",
        Field.STATUS: "Status",
        Field.LATE_MINUTES: "Sen",
    },
    status_words={
        "x": Status.PRESENT,
        "g": Status.EXCUSED,
        "o": Status.UNEXCUSED,
        "s": Status.LATE,
    },
    lesson_minutes=55,
)
# Few values per column, valid and not, so rows repeat each other's cells.
TEXT_CELLS = {
    "Pnr": ["", ASA, ORJAN, BROKEN, "20130214", ASA.replace("-", ""), " " + ASA],
    "Namn": ["", "Åström, Åsa", "A\u030astro\u0308m,  \u00c5sa", "Öberg, Örjan"],
    "Klass": ["", "7B", " 7b "],
    "Datum": ["", "2026-11-23", "23/11/2026", "20261123", "2026-02-30", "46349", "x", "99999"],
    "Start": ["", "08:15", "8.15", "0815", "25:00", "09:30-08:15", "8.15 – 9.00", "x"],
    "Slut": ["", "09:15", "08:00", "9.00", "nu"],
    "Erbjuden": ["", "60", "0", "45,0", "1 500", "-5", "60 min", "x"],
    "Närvaro": ["", "60", "45", "50,5", "0", "x", "99"],
    "Giltig": ["", "0", "10", "60", "-1"],
    "Ogiltig": ["", "0", "5,5", "60", "1e3"],
    "Sen": ["", "0", "5", "70", "x"],
    "Status": ["", "X", "g", " o ", "s", "sjuk"],
}
# What a workbook gives: numbers, dates and times as well as text; 1, 1.0 and True are equal
# in Python but not the same cell.
TYPED = [
    None,
    "",
    0,
    1,
    1.0,
    True,
    False,
    45,
    45.0,
    60,
    0.34375,
    0.5,
    46349,
    46349.0,
    -0.0,
    dt.date(2026, 11, 23),
    dt.datetime(2026, 11, 23, 8, 15),
    dt.time(8, 15),
    dt.time(9, 15),
    "45",
    "08:15",
]


class ListTable(Table):
    """Rows given as lists, as a workbook reader yields them."""

    def __init__(self, rows: list[Cells | RowError], text_cells: bool):
        super().__init__("lista.xlsx", HEADERS, len(rows), [])
        self._rows = rows
        self.text_cells = text_cells

    def rows(self) -> Iterator[tuple[int, Cells | RowError]]:
        yield from enumerate(self._rows, start=2)


def unremembered(table: Table, mapping: ColumnMapping) -> ReadResult:
    """What the reader gives when it works out every row afresh."""
    with mock.patch.object(
        attendance_table, "remembered", lambda columns, fields, compute, text: compute
    ):
        return read_attendance(table, mapping)


def same_reading(table: Table, mapping: ColumnMapping) -> ReadResult:
    read = read_attendance(table, mapping)
    reference = unremembered(table, mapping)
    assert read.rows_read == reference.rows_read
    assert read.attendance == reference.attendance
    assert read.skipped == reference.skipped
    return read


@st.composite
def near_copies(draw, columns: list[list[object]]) -> list[Cells]:
    """Rows made from a few rows by changing a cell or two, or cutting them short: rows that
    share most of their cells, as a school year's rows do."""

    def cell(index: int) -> object:
        return draw(st.sampled_from(columns[index]))

    bases = [[cell(i) for i in range(len(columns))] for _ in range(draw(st.integers(1, 3)))]
    rows = []
    for _ in range(draw(st.integers(1, 40))):
        row = list(draw(st.sampled_from(bases)))
        for _ in range(draw(st.integers(0, 2))):
            index = draw(st.integers(0, len(row) - 1))
            row[index] = cell(index)
        if draw(st.integers(0, 9)) == 0:
            row = row[: draw(st.integers(0, len(row)))]
        rows.append(row)
    return rows


@FEW
@given(rows=near_copies(list(TEXT_CELLS.values())), status=st.booleans())
def test_text_cells_read_the_same_remembered_or_not(rows, status):
    same_reading(ListTable(rows, text_cells=True), STATUS if status else MINUTES)


@FEW
@given(rows=near_copies([TYPED] * len(HEADERS)), status=st.booleans())
def test_spreadsheet_cells_read_the_same_remembered_or_not(rows, status):
    same_reading(ListTable(rows, text_cells=False), STATUS if status else MINUTES)


def test_one_true_and_one_one_are_told_apart():
    rows = [
        [ASA, "", "", 46349.0, dt.time(8, 15), dt.time(9, 15), 1, 1, 0, 0],
        [ASA, "", "", 46349.0, dt.time(8, 15), dt.time(9, 15), True, 1, 0, 0],
        [ASA, "", "", 46349.0, dt.time(8, 15), dt.time(9, 15), 1.0, True, 0, 0],
    ]
    read = same_reading(ListTable(rows, text_cells=False), MINUTES)
    assert [r.line for r in read.attendance] == [2]
    assert [(s.line, s.field) for s in read.skipped] == [(3, "Erbjuden"), (4, "Närvaro")]


def test_rows_with_the_same_faults_are_each_skipped_at_their_own_line(tmp_path: Path):
    good = f"{ASA};Åström, Åsa;7B;2026-11-23;08:15;09:15;60;60;0;0;0;"
    lines = [
        ";".join(HEADERS),
        good,
        f"{BROKEN};Åström, Åsa;7B;2026-11-23;08:15;09:15;60;60;0;0;0;",
        f"{ASA};Åström, Åsa;7B;2026-02-30;08:15;09:15;60;60;0;0;0;",
        good.replace("08:15", "10:15").replace("09:15", "11:15"),
        f"{BROKEN};Åström, Åsa;7B;2026-11-23;08:15;09:15;60;60;0;0;0;",
        f"{ASA};Åström, Åsa;7B;2026-02-30;08:15;09:15;60;60;0;0;0;",
        f"{ASA};Åström, Åsa;7B;2026-11-24;08:15;09:15;60;70;0;0;0;",
        f"{ASA};Åström, Åsa;7B;2026-11-25;08:15;09:15;60;70;0;0;0;",
    ]
    path = tmp_path / "närvaro.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    read = same_reading(open_table(path), MINUTES)
    assert [(r.line, r.lesson) for r in read.attendance] == [(2, "08:15"), (5, "10:15")]
    # One PupilRef for the pupil's rows.
    assert read.attendance[0].pupil is read.attendance[1].pupil
    civic = "Personnumret är inte giltigt: kontrollsiffran stämmer inte."
    date = "2026-02-30 är inget riktigt datum."
    too_much = "Närvaro och frånvaro är tillsammans 70 min, mer än den erbjudna tiden (60 min)."
    assert [(s.line, s.field, s.reason) for s in read.skipped] == [
        (3, "Pnr", civic),
        (4, "Datum", date),
        (6, "Pnr", civic),
        (7, "Datum", date),
        (8, "Närvaro", too_much),
        (9, "Närvaro", too_much),
    ]


def columns_of(fields: dict[Field, str]) -> Columns:
    return Columns(ListTable([], text_cells=True), ColumnMapping(columns=fields), list(fields))


def test_what_is_remembered_is_bounded_and_forgetting_changes_nothing():
    columns = columns_of({Field.DATE: "Datum"})
    calls = []

    def compute(cells: Cells) -> str:
        calls.append(cells[3])
        if cells[3] == "fel":
            raise RowProblem("Datum", "Fel.")
        return cells[3].upper()

    day = remembered(columns, [Field.DATE], compute, text_cells=True, limit=2)

    def row(value: str) -> Cells:
        return ["", "", "", value]

    assert [day(row(v)) for v in ("a", "b", "a", "b")] == ["A", "B", "A", "B"]
    assert calls == ["a", "b"]
    assert day(row("c")) == "C"  # the third forgets the first two
    assert [day(row(v)) for v in ("a", "c")] == ["A", "C"]
    assert calls == ["a", "b", "c", "a"]
    for _ in range(2):
        try:
            day(row("fel"))
        except RowProblem as problem:
            assert (problem.field, problem.reason) == ("Datum", "Fel.")
        else:
            raise AssertionError("a remembered fault is raised again")
    assert calls.count("fel") == 1
    # Cells too long to be a real date are worked out each time, not kept.
    long = "x" * 1000
    assert day(row(long)) == day(row(long)) == long.upper()
    assert calls.count(long) == 2


def test_a_short_row_is_remembered_apart_from_one_with_empty_cells():
    columns = columns_of({Field.CIVIC_NO: "Pnr", Field.DATE: "Datum"})
    pick = columns.picker([Field.CIVIC_NO, Field.DATE])
    assert pick([ASA, "", "", "2026-11-23", "x"]) == (ASA, "2026-11-23")
    assert pick([ASA]) == (ASA, None)
    assert pick([]) == (None, None)
    assert columns.picker([Field.DATE])([ASA]) == (None,)
    assert columns.picker([Field.STATUS])([ASA]) == ()
