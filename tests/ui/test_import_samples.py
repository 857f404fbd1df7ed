"""Sample files for the import dialog's tests, written the way Swedish school systems write them,
with civic numbers computed for the test (never copied from a person), and the driving helpers
the import tests share. The tests here check the pieces around the dialog: the sources, the
report file."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from openpyxl import Workbook

from elevhalsa_desktop.domain.pupil import Pupil
from elevhalsa_desktop.ui.import_dialog import ImportDialog, Step
from elevhalsa_desktop.ui.import_report_file import (
    ReportNotSaved,
    default_report_name,
    write_report,
)
from elevhalsa_desktop.ui.import_sources import ImportKind, open_sources
from tests.filesystems import read_only_dir, small_disk
from tests.ui.driving import click
from tests.ui.register import civic_no

ELSA = civic_no("130402", "234")
AHMED = civic_no("130515", "345")
SAGA = civic_no("130611", "456")
NOBODY = civic_no("120917", "567")
DAYS = ("2026-11-02", "2026-11-03")
LESSONS = (("08:15", "09:15"), ("09:20", "10:20"), ("10:30", "11:30"))


def write_cp1252(path: Path, lines: list[str]) -> Path:
    """Excel's "CSV (semikolonavgränsad)": Windows-1252 with CRLF line ends."""
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    return path


def minutes_csv(folder: Path, name: str = "narvaro.csv") -> Path:
    """SchoolSoft-like: one row per lesson with minutes; Elsa (known) and a pupil the case
    file does not have. Elsa is absent with a valid reason from the second lesson of day two."""
    lines = [
        "Närvarorapport vecka 45",
        "Personnummer;Efternamn;Förnamn;Klass;Datum;Lektion;Närvaro (min);"
        "Giltig frånvaro (min);Ogiltig frånvaro (min)",
    ]
    for day in DAYS:
        for index, (start, _end) in enumerate(LESSONS):
            excused = 60 if day == DAYS[1] and index > 0 else 0
            lines.append(f"{ELSA};Öberg;Elsa;7B;{day};{start};{60 - excused};{excused};0")
    lines.append(f"{NOBODY};Åkesson;Nils;7C;{DAYS[0]};08:15;60;0;0")
    return write_cp1252(folder / name, lines)


def status_csv(folder: Path, name: str = "skola24.csv") -> Path:
    """Skola24-like: one status word per lesson and the pupil only by "Efternamn, Förnamn" and
    class, so the case file's Elsa is found by name alone and must be confirmed."""
    words = ("Närvarande", "Frånvarande", "Sjuk")
    lines = ["Namn;Klass;Datum;Starttid;Sluttid;Närvaro"]
    for day in DAYS:
        for (start, end), word in zip(LESSONS, words, strict=True):
            lines.append(f"Öberg, Elsa;7b;{day};{start};{end};{word}")
    return write_cp1252(folder / name, lines)


def roster_csv(folder: Path, name: str = "elever.csv") -> Path:
    lines = [
        "Personnummer;Förnamn;Efternamn;Klass;Mentor;Vårdnadshavare 1;Vårdnadshavare 1 telefon",
        f"{ELSA};Elsa;Öberg;8B;Karin Ek;Eva Öberg;070-123 45 67",
        f"{AHMED};Ahmed;Yusuf;8A;Per Ås;Fatima Yusuf;",
        f"{SAGA};Saga;Lind;8A;Per Ås;;",
        "12345;Fel;Nummer;8A;;;",
    ]
    return write_cp1252(folder / name, lines)


def ss12000_folder(folder: Path) -> Path:
    export = folder / "ss12000-export"
    export.mkdir()
    persons = [
        {
            "id": "p-1",
            "givenName": "Ahmed",
            "familyName": "Yusuf",
            "civicNo": {"value": AHMED.replace("-", "")},
        },
        {
            "id": "p-2",
            "givenName": "Saga",
            "familyName": "Lind",
            "civicNo": {"value": SAGA.replace("-", "")},
        },
    ]
    (export / "persons.json").write_text(json.dumps({"data": persons}), encoding="utf-8")
    groups = [
        {
            "id": "g-1",
            "displayName": "8A",
            "groupType": "Klass",
            "groupMemberships": [{"person": {"id": "p-1"}}, {"person": {"id": "p-2"}}],
        }
    ]
    (export / "groups.json").write_text(json.dumps({"data": groups}), encoding="utf-8")
    return export


def add_elsa(pupils) -> Pupil:
    """Elsa Öberg of 7B, known by her civic number."""
    return pupils.create(Pupil("Elsa", "Öberg", civic_no=ELSA, class_name="7B", year="7"))


# Driving the dialog -------------------------------------------------------------------------


def open_dialog(qtbot, session, kind: ImportKind) -> ImportDialog:
    dialog = ImportDialog(session, kind)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def choose(qtbot, dialog: ImportDialog, *paths: Path) -> None:
    """Choose files with the Välj fil… button, as a person would, and wait until they are open."""
    dialog.choose_files = lambda _parent, _start: list(paths)
    click(dialog.files_form.chooseFilesButton)
    qtbot.waitUntil(lambda: dialog._opening is None, timeout=3000)


def to_columns(qtbot, dialog: ImportDialog, path: Path) -> None:
    choose(qtbot, dialog, path)
    click(dialog.form.nextButton)
    assert dialog.step is Step.COLUMNS
    qtbot.waitUntil(dialog.columns_page.words_ready, timeout=3000)


def wait_for(qtbot, dialog: ImportDialog, step: Step) -> None:
    qtbot.waitUntil(lambda: dialog.step is step, timeout=5000)


def to_preview(qtbot, dialog: ImportDialog) -> None:
    click(dialog.form.nextButton)
    wait_for(qtbot, dialog, Step.PREVIEW)


def import_now(qtbot, dialog: ImportDialog) -> None:
    click(dialog.form.importButton)
    wait_for(qtbot, dialog, Step.DONE)


def pick(combo, data: str) -> None:
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)


# The pieces around the dialog ---------------------------------------------------------------


def test_the_sources_say_what_the_files_are(tmp_path):
    csv = open_sources([minutes_csv(tmp_path)])
    assert csv.describe() == "CSV (semikolon, Windows-1252)"
    assert csv.table.headers[0] == "Personnummer"  # the title line above the header is skipped
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Närvaro"
    sheet.append(["Personnummer", "Datum", "Närvaro (min)"])
    sheet.append([ELSA, dt.date(2026, 11, 2), 60])
    workbook.save(tmp_path / "narvaro.xlsx")
    excel = open_sources([tmp_path / "narvaro.xlsx"])
    assert (excel.fmt, excel.describe()) == ("xlsx", "Excel, bladet Närvaro")
    assert excel.table.preview(1) == [[ELSA, "2026-11-02", "60"]]
    export = open_sources([ss12000_folder(tmp_path)])
    assert (export.fmt, export.describe()) == ("ss12000", "SS 12000 JSON, 2 filer")
    assert export.names() == ["groups.json", "persons.json"]


def test_the_report_name_has_only_the_date():
    assert default_report_name(dt.date(2026, 11, 2)) == "importrapport-2026-11-02.txt"
    assert re.fullmatch(r"importrapport-\d{4}-\d{2}-\d{2}\.txt", default_report_name())


def test_the_report_is_written_whole_or_not_at_all(tmp_path):
    folder = tmp_path / "rapporter"
    folder.mkdir()
    target = folder / "importrapport-2026-11-02.txt"
    target.write_text("den gamla rapporten", encoding="utf-8")
    write_report("Nya: 6\nÖverhoppade: 1\n", target)
    assert target.read_text(encoding="utf-8-sig").splitlines() == ["Nya: 6", "Överhoppade: 1"]
    assert [p.name for p in folder.iterdir()] == [target.name]  # no temporary file is left
    with read_only_dir(tmp_path) as locked:
        with pytest.raises(ReportNotSaved, match="Rapporten sparades inte"):
            write_report("text", locked / "rapport.txt")
        assert list(locked.iterdir()) == []


def test_a_full_disk_leaves_no_half_report(tmp_path):
    with small_disk(tmp_path, "64k") as disk:
        with pytest.raises(ReportNotSaved, match="disken är full"):
            write_report("Överhoppade rader:\n" * 20_000, disk / "rapport.txt")
        assert list(disk.iterdir()) == []
