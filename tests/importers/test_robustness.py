"""Whatever a file holds, the readers either read it or refuse it with UnreadableFile: never
another exception, never a skipped row without a place and a reason, never a record whose
minutes do not add up."""

import contextlib
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from elevhalsa_desktop.importers.attendance_table import read_attendance
from elevhalsa_desktop.importers.mapping import ColumnMapping, Field, Status, guess_attendance
from elevhalsa_desktop.importers.records import ReadResult, UnreadableFile
from elevhalsa_desktop.importers.roster_table import read_roster
from elevhalsa_desktop.importers.ss12000 import read_ss12000
from elevhalsa_desktop.importers.tables import open_table
from tests.importers.people import ASA

FEW = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("robustness")


def check(result: ReadResult) -> None:
    for skipped in result.skipped:
        assert skipped.line >= 1
        assert skipped.reason.strip()
    for record in result.attendance:
        assert 0 < record.offered <= 24 * 60
        assert min(record.attended, record.excused, record.unexcused) >= 0
        assert record.attended + record.excused + record.unexcused <= record.offered
        assert record.late in (0, 1)
    for period in result.periods:
        assert period.attended + period.excused + period.unexcused <= period.offered
    for absence in result.absences:
        assert absence.start <= absence.end


def read_every_way(path: Path) -> None:
    """Open as a table and read it as attendance and as a class list with every column in
    use, so the cells go through every parser."""
    try:
        table = open_table(path)
    except UnreadableFile:
        return
    headers = table.headers
    first, last = headers[0], headers[-1]
    minutes = ColumnMapping(
        columns={
            Field.CIVIC_NO: first,
            Field.FULL_NAME: last,
            Field.DATE: headers[min(1, len(headers) - 1)],
            Field.LESSON_START: headers[min(2, len(headers) - 1)],
            Field.ATTENDED: last,
            Field.UNEXCUSED: first,
        }
    )
    status = ColumnMapping(
        columns={
            Field.FULL_NAME: first,
            Field.CLASS_NAME: last,
            Field.DATE: last,
            Field.STATUS: first,
        },
        status_words={"x": Status.LATE},
    )
    roster = ColumnMapping(
        columns={Field.FULL_NAME: first, Field.CLASS_NAME: last, Field.YEAR: last}
    )
    for reader, mapping in (
        (read_attendance, minutes),
        (read_attendance, status),
        (read_attendance, guess_attendance(headers, table.preview())),
        (read_roster, roster),
    ):
        try:
            check(reader(table, mapping))
        except UnreadableFile as error:
            assert str(error).strip()


@FEW
@given(data=st.binary(max_size=2000))
def test_random_bytes(folder, data):
    path = folder / "random.csv"
    path.write_bytes(data)
    read_every_way(path)
    with contextlib.suppress(UnreadableFile):
        check(read_ss12000([path]))


cell_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)


@FEW
@given(
    rows=st.lists(st.lists(cell_text, min_size=1, max_size=5), min_size=1, max_size=8),
    delimiter=st.sampled_from([";", ",", "\t", "|"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]),
    newline=st.sampled_from(["\n", "\r\n", "\r"]),
)
def test_random_text_in_the_encodings_excel_writes(folder, rows, delimiter, encoding, newline):
    text = newline.join(delimiter.join(row) for row in rows)
    path = folder / "text.csv"
    path.write_bytes(text.encode(encoding, errors="replace"))
    read_every_way(path)


number_or_date = st.one_of(
    st.integers(-100, 2000).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(lambda f: str(f).replace(".", ",")),
    st.dates().map(str),
    st.sampled_from(
        ["", " ", "45,5", "1 200", "2026-02-30", "31/11/2026", "46349", "08:15", "25:00"]
    ),
    # Printable text: control characters make the file binary, which is another test.
    st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=12),
)


@FEW
@given(rows=st.lists(st.lists(number_or_date, min_size=6, max_size=6), min_size=1, max_size=15))
def test_random_cells_in_date_and_minute_columns(folder, rows):
    header = (
        "Personnummer;Datum;Starttid;Sluttid;Erbjuden tid;Närvaro;Giltig frånvaro;Ogiltig frånvaro"
    )
    lines = [header] + [";".join([ASA, *row[:3], *row[3:], row[0]]) for row in rows]
    path = folder / "minutes.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    table = open_table(path)
    mapping = guess_attendance(table.headers)
    assert len(mapping.columns) == 8
    check(read_attendance(table, mapping))


SS12000_KEYS = [
    "id",
    "data",
    "student",
    "calendarEvent",
    "attendanceMinutes",
    "otherAttendanceMinutes",
    "validAbsenceMinutes",
    "invalidAbsenceMinutes",
    "isReported",
    "startTime",
    "endTime",
    "cancelled",
    "teachingLengthStudent",
    "studentExceptions",
    "participates",
    "teachingLength",
    "type",
    "startDate",
    "endDate",
    "attendanceSum",
    "offeredSum",
    "givenName",
    "familyName",
    "civicNo",
    "value",
    "enrolments",
    "schoolYear",
    "responsibles",
    "person",
    "groupType",
    "groupMemberships",
    "displayName",
    "assignmentRoles",
    "duty",
    "_embedded",
    "group",
    "meta",
]
json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-10, 10**6),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(
        [
            "e1",
            "p1",
            "Klass",
            "Mentor",
            "2026-11-23T08:15:00+01:00",
            "2026-11-23T09:15:00Z",
            "2026-11-23",
            "2026-02-30",
            "Beviljad ledighet",
            "201302142425",
        ]
    ),
    cell_text,
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.sampled_from(SS12000_KEYS), inner, max_size=6),
    ),
    max_leaves=25,
)


@FEW
@given(files=st.lists(json_values, min_size=1, max_size=3))
def test_json_of_random_shapes(folder, files):
    paths = []
    for number, content in enumerate(files):
        path = folder / f"export{number}.json"
        path.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
        paths.append(path)
    try:
        check(read_ss12000(paths))
    except UnreadableFile as error:
        assert str(error).strip()
