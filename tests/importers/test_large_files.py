"""Files far larger than any real export of one school: read in bounded memory, and given up
early when nothing in them can be read."""

import time
import tracemalloc
from pathlib import Path

import pytest

from elevhalsa_desktop.importers.attendance_table import read_attendance
from elevhalsa_desktop.importers.mapping import guess_attendance
from elevhalsa_desktop.importers.records import UnreadableFile
from elevhalsa_desktop.importers.ss12000 import read_ss12000
from elevhalsa_desktop.importers.tables import open_table
from tests.importers.people import ASA

pytestmark = pytest.mark.slow

MB = 1 << 20
HEADER = "Personnummer;Datum;Närvaro (min)\n"


def write_repeated(path: Path, head: str, block: str, size: int) -> Path:
    chunk = block.encode("utf-8") * max(1, MB // len(block.encode("utf-8")))
    with path.open("wb") as file:
        file.write(head.encode("utf-8"))
        while file.tell() < size:
            file.write(chunk)
    return path


def test_200_mb_of_garbage_is_given_up_after_the_first_thousand_rows(tmp_path):
    block = 'x;"y\n;;2026-02-30\n\x7f;z\n' + "ingen tabell här;;;\n" * 4
    path = write_repeated(tmp_path / "skräp.csv", HEADER, block, 200 * MB)
    table = open_table(path)
    started = time.perf_counter()
    with pytest.raises(UnreadableFile, match="ser inte ut som en närvarolista"):
        read_attendance(table, guess_attendance(table.headers))
    assert time.perf_counter() - started < 5


def test_200_mb_of_broken_rows_after_good_ones_are_counted_not_kept(tmp_path):
    good = "".join(f"{ASA};2026-11-{day:02d};45\n" for day in range(2, 22))
    # Long broken rows: a date that does not exist beside a cell of noise, and a quote that
    # never ends (the csv module reads on to its field limit, then goes on with the next line).
    block = f"{ASA};2026-02-30;45;{'å' * 2000}\n" + f'{ASA};"{"x" * 3000}\n' + "\n"
    path = write_repeated(tmp_path / "trasig.csv", HEADER + good, block, 200 * MB)
    table = open_table(path)
    started = time.perf_counter()
    tracemalloc.start()
    try:
        result = read_attendance(table, guess_attendance(table.headers))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    elapsed = time.perf_counter() - started
    assert len(result.attendance) == 20
    assert len(result.skipped) == 1001
    assert result.skipped[-1].field == ""
    assert result.skipped[-1].reason.startswith(f"Ytterligare {result.rows_read - 1020} rader")
    assert result.rows_read > 20_000
    assert peak < 40 * MB
    assert elapsed < 30


def test_a_200_mb_file_without_line_breaks(tmp_path):
    path = write_repeated(tmp_path / "en-rad.csv", "", "abc;def;" * 50, 200 * MB)
    started = time.perf_counter()
    with pytest.raises(UnreadableFile, match="fler än 1000 kolumner"):
        open_table(path)
    path = write_repeated(tmp_path / "en-rad.csv", "Namn;Klass\n", "abcdefgh", 200 * MB)
    table = open_table(path)
    assert table.headers == ["Namn", "Klass"]
    rows = list(table.rows())
    assert len(rows) == 1 and rows[0][0] == 2
    assert time.perf_counter() - started < 30


def write_ss12000_export(folder: Path, attendances: int) -> Path:
    """A school year of one large school: 600 pupils, 20,000 lessons, and the attendance
    written in the compact form an API returns."""
    folder.mkdir()
    meta = '"meta":{"created":"2026-11-23T10:00:00+01:00","modified":"2026-11-23T10:00:00+01:00"}'
    persons = ",".join(
        f'{{"id":"a0000000-0000-4000-8000-{i:012d}",{meta},"givenName":"Elev",'
        f'"familyName":"Nummer {i}","civicNo":{{"value":"{ASA.replace("-", "")}"}}}}'
        for i in range(600)
    )
    (folder / "persons.json").write_text(f'{{"data":[{persons}],"pageToken":null}}')
    events = ",".join(
        f'{{"id":"c0000000-0000-4000-8000-{i:012d}",{meta},"activity":{{"id":"f1"}},'
        f'"startTime":"2026-11-{1 + i % 28:02d}T08:15:00+01:00",'
        f'"endTime":"2026-11-{1 + i % 28:02d}T09:15:00+01:00","teachingLengthStudent":55}}'
        for i in range(20_000)
    )
    (folder / "calendarEvents.json").write_text(f"[{events}]")
    with (folder / "attendances.json").open("w") as file:
        file.write('{"data":[')
        for start in range(0, attendances, 10_000):
            chunk = ",".join(
                f'{{"id":"a1000000-0000-4000-8000-{i:012d}",{meta},'
                f'"calendarEvent":{{"id":"c0000000-0000-4000-8000-{i % 20_000:012d}"}},'
                f'"student":{{"id":"a0000000-0000-4000-8000-{i % 600:012d}"}},'
                '"reporter":{"id":"r1"},"isReported":true,"attendanceMinutes":45,'
                '"validAbsenceMinutes":5,"invalidAbsenceMinutes":5,"otherAttendanceMinutes":0,'
                '"reportedTimestamp":"2026-11-23T10:00:00+01:00"}'
                for i in range(start, min(start + 10_000, attendances))
            )
            file.write(("," if start else "") + chunk)
        file.write('],"pageToken":null}')
    return folder


def test_a_million_ss12000_attendances(tmp_path):
    export = write_ss12000_export(tmp_path / "export", 1_000_000)
    started = time.perf_counter()
    result = read_ss12000([export])
    elapsed = time.perf_counter() - started
    assert len(result.attendance) == 1_000_000
    assert result.skipped == []
    assert result.attendance[-1].offered == 55
    # About 11 s on the 2-core machine this was written on; the bound leaves room for a
    # slower CI runner.
    assert elapsed < 40
