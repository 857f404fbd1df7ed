import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pytest

from elevhalsa_desktop.importers.detect import detect_format
from elevhalsa_desktop.importers.records import UnreadableFile
from elevhalsa_desktop.importers.tables import RowError, open_table
from tests.importers import make_samples

SAMPLES = Path(__file__).parent / "samples"


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_a_schoolsoft_export_in_windows_1252_with_semicolons_and_a_title_line():
    table = open_table(SAMPLES / "schoolsoft_minutes.csv")
    assert table.source == "schoolsoft_minutes.csv"
    assert table.headers[:3] == ["Personnummer", "Elev", "Klass"]
    assert table.headers[-2:] == ["Giltig frånvaro (min)", "Ogiltig frånvaro (min)"]
    assert table.preview(1)[0][1] == "Åström, Åsa"
    lines = [line for line, _cells in table.rows()]
    # Header on line 3; the blank line 10 is left out.
    assert lines == [4, 5, 6, 7, 8, 9, 11, 12]
    assert table.done == table.total_hint


def test_a_skola24_export_in_utf8_with_bom_commas_and_quoted_names():
    table = open_table(SAMPLES / "skola24_status.csv")
    assert table.headers[0] == "Elev"  # no byte-order mark left on the first header
    assert table.preview(2) == [
        ["Åström, Åsa", "7B", "23/11/2026", "08:15", "Matematik", "Närvarande", ""],
        ["Åström, Åsa", "7B", "23/11/2026", "09:30", "Svenska", "Sen ankomst", "12"],
    ]


def test_a_tab_separated_class_list():
    table = open_table(SAMPLES / "roster.txt")
    assert len(table.headers) == 13
    assert table.headers[7] == "Vårdnadshavare 1"


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("Namn;Minuter\nÅsa;45,5\nOla;30,0\n", ";"),
        ("Namn,Minuter\nÅsa,45\nOla,30\n", ","),
        ("Namn\tMinuter\nÅsa\t45,5\n", "\t"),
        ('Namn,Minuter\n"Lind, Ola","45,5"\n', ","),
        ("sep=;\nNamn;Minuter\nÅsa;45\n", ";"),
    ],
)
def test_the_delimiter_is_found_from_the_lines(tmp_path, text, delimiter):
    table = open_table(write(tmp_path, "lista.csv", text.encode("utf-8")))
    assert table.delimiter == delimiter
    assert table.headers == ["Namn", "Minuter"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16"], ids=lambda e: e)
def test_swedish_letters_survive_every_encoding_excel_writes(tmp_path, encoding):
    text = "Förnamn;Efternamn\r\nÅsa;Ängström\r\nÖrjan;Öberg\r\n"
    table = open_table(write(tmp_path, "lista.csv", text.encode(encoding)))
    assert table.headers == ["Förnamn", "Efternamn"]
    assert [cells for _line, cells in table.rows()] == [["Åsa", "Ängström"], ["Örjan", "Öberg"]]


def test_a_utf8_file_with_one_windows_1252_line_far_down_keeps_its_letters(tmp_path):
    head = "Namn;Klass\n" + "Ola Lind;7B\n" * 30_000  # ASCII beyond the first sample
    data = head.encode("utf-8") + "Åsa Åström;7B\n".encode("cp1252")
    rows = list(open_table(write(tmp_path, "lista.csv", data)).rows())
    assert rows[-1] == (30_002, ["Åsa Åström", "7B"])


def test_quoted_fields_may_hold_line_breaks_and_line_numbers_still_match(tmp_path):
    text = 'Namn;Anteckning\nÅsa;"rad ett\nrad två"\nOla;kort\n'
    rows = list(open_table(write(tmp_path, "lista.csv", text.encode())).rows())
    assert rows == [(2, ["Åsa", "rad ett\nrad två"]), (4, ["Ola", "kort"])]


def test_headers_are_made_unique_and_empty_ones_named(tmp_path):
    table = open_table(write(tmp_path, "lista.csv", b"Namn;;Namn;Klass\nA;B;C;D\n"))
    assert table.headers == ["Namn", "Kolumn 2", "Namn (2)", "Klass"]
    assert table.column("namn") == 0
    assert table.column("  KLASS ") == 3


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "är tom"),
        (b"\x00\x01\x02\x03" * 200, "går inte att läsa som en tabell"),
        (b"%PDF-1.7\n\x00\x00\xff\xfe binary", "går inte att läsa som en tabell"),
        (b"\n\n   \n", "går inte att läsa som en tabell"),
        (b"PK\x03\x04 not really a zip", "Excel-arbetsbok"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "gamla Excel-formatet"),
    ],
)
def test_files_that_are_not_tables_are_refused_with_a_sentence(tmp_path, data, message):
    with pytest.raises(UnreadableFile, match=message):
        open_table(write(tmp_path, "export.csv", data))


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(UnreadableFile, match="går inte att öppna"):
        open_table(tmp_path / "finns-inte.csv")


def test_a_zip_that_is_no_workbook_is_refused(tmp_path):
    path = tmp_path / "dokument.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(UnreadableFile, match="Excel-arbetsbok"):
        open_table(path)


def test_a_line_longer_than_any_table_row_is_skipped_without_reading_it_whole(tmp_path):
    data = b"Namn;Klass\n" + b"x" * (3 << 20) + b"\nOla;7B\n"
    rows = list(open_table(write(tmp_path, "lista.csv", data)).rows())
    assert isinstance(rows[0][1], RowError) and rows[0][0] == 2
    assert rows[1] == (3, ["Ola", "7B"])


def make_workbook(path: Path, rows: list[list], title_rows: int = 0, empty_first: bool = False):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    if empty_first:
        sheet.title = "Tom"
        sheet = workbook.create_sheet("Närvaro")
    for _ in range(title_rows):
        sheet.append(["Närvarorapport 7B"])
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def test_a_workbook_with_real_dates_times_and_serial_numbers(tmp_path):
    path = make_workbook(
        tmp_path / "närvaro.xlsx",
        [
            ["Elev", "Datum", "Start", "Närvaro (min)"],
            ["Åström, Åsa", dt.datetime(2026, 11, 23), dt.time(8, 15), 45],
            ["Öberg, Örjan", 46349, "08:15", 52.5],
            [None, None, None, None],
            ["Lind, Ola", "2026-11-24", None, "40"],
        ],
        title_rows=1,
        empty_first=True,
    )
    table = open_table(path)
    assert table.sheet == "Närvaro"
    assert table.headers == ["Elev", "Datum", "Start", "Närvaro (min)"]
    assert table.preview(2) == [
        ["Åström, Åsa", "2026-11-23", "08:15", "45"],
        ["Öberg, Örjan", "46349", "08:15", "52,5"],
    ]
    rows = list(table.rows())
    assert [line for line, _cells in rows] == [3, 4, 6]
    assert rows[0][1][1] == dt.datetime(2026, 11, 23)
    assert table.total_hint == 6


def test_an_empty_workbook_is_refused(tmp_path):
    path = tmp_path / "tom.xlsx"
    openpyxl.Workbook().save(path)
    with pytest.raises(UnreadableFile, match="inga ifyllda blad"):
        open_table(path)


def test_the_format_is_told_from_the_content_not_the_name(tmp_path):
    assert detect_format([SAMPLES / "schoolsoft_minutes.csv"]) == "csv"
    assert detect_format([SAMPLES / "ss12000"]) == "ss12000"
    assert detect_format([SAMPLES / "ss12000" / "groups.json"]) == "ss12000"
    json_as_text = write(tmp_path, "export.txt", b"\xef\xbb\xbf  \n [ {}]")
    assert detect_format([json_as_text]) == "ss12000"
    workbook = make_workbook(tmp_path / "lista.csv", [["Namn"], ["Åsa"]])
    assert detect_format([workbook]) == "xlsx"
    with pytest.raises(UnreadableFile, match="olika slag"):
        detect_format([workbook, json_as_text])
    with pytest.raises(UnreadableFile, match="en tabell i taget"):
        detect_format([workbook, workbook])
    with pytest.raises(UnreadableFile, match="Inga filer"):
        detect_format([])


def test_the_samples_are_what_make_samples_writes(tmp_path):
    make_samples.main(tmp_path)
    written = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    kept = sorted(p.relative_to(SAMPLES) for p in SAMPLES.rglob("*") if p.is_file())
    assert written == kept
    for name in written:
        assert (tmp_path / name).read_bytes() == (SAMPLES / name).read_bytes(), name
