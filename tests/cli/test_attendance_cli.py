"""The attendance commands: `import pupils`, `import attendance`, `ews` and printing the absence
investigation, on a real case file with sample files written as a school system exports them.

Most calls run ``main()`` in this process (the same code path, without a second Python start
each time); a few run a real process, to see exit codes and that no traceback ever shows."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from elevhalsa_desktop.__main__ import NOTHING_SAVED, main
from elevhalsa_desktop.domain.ews import Level
from elevhalsa_desktop.importers.mapping import ColumnMapping, Field, header_key
from elevhalsa_desktop.services.attendance_import import AttendanceImportService
from elevhalsa_desktop.services.early_warning import EarlyWarningService
from elevhalsa_desktop.services.session import open_case
from tests.cli.test_cli import run
from tests.conftest import PASSWORD
from tests.importers.people import ASA, ELIN, ORJAN

TODAY = dt.date.today()
ROSTER_HEADER = "Personnummer;Förnamn;Efternamn;Klass;Årskurs;Mentor;Vårdnadshavare 1;VH1 telefon"
ROSTER_ROWS = [
    f"{ASA};Åsa;Åström;7B;7;Eva Lind;Karin Åström;070-1740605",
    f"{ORJAN};Örjan;Öberg;7B;7;Eva Lind;Maria Öberg;070-1740607",
    f"{ELIN};Elin;Ängström;7B;7;Eva Lind;;",
]
ATTENDANCE_HEADER = (
    "Personnummer;Elev;Klass;Datum;Starttid;Sluttid;Erbjuden tid (min);Närvaro (min);"
    "Giltig frånvaro (min);Ogiltig frånvaro (min)"
)
LESSONS = (("08:15", "09:15"), ("09:30", "10:25"), ("10:40", "11:40"), ("12:40", "13:40"))


def school_days(weeks: int = 6) -> list[dt.date]:
    days, day = [], TODAY - dt.timedelta(weeks=weeks)
    while day <= TODAY:
        if day.weekday() < 5:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def attendance_csv(path, *, by_name: bool = False):
    """Six weeks of four lessons a day for the three pupils, SchoolSoft-like (';', decimal
    comma, Windows-1252). Örjan has been away the last six school days; Elin is late now and
    then. With ``by_name`` the civic numbers are left out, so pupils are known only by name."""
    days = school_days()
    lines = ["Närvaro per lektion 7B", "", ATTENDANCE_HEADER]
    people = ((ASA, "Åström, Åsa"), (ORJAN, "Öberg, Örjan"), (ELIN, "Ängström, Elin"))
    for number, name in people:
        for day in days:
            for start, end in LESSONS:
                offered = 60 if start != "09:30" else 55
                away = number == ORJAN and day in days[-6:]
                late = number == ELIN and start == "08:15" and day.weekday() == 1
                unexcused = offered if away else 10 if late else 0
                attended = offered - unexcused
                civic = "" if by_name else number
                lines.append(
                    f"{civic};{name};7B;{day.isoformat()};{start};{end};{offered};"
                    f"{attended},0;0;{unexcused},0"
                )
    path.write_text("\r\n".join(lines) + "\r\n", encoding="cp1252")
    return path


@pytest.fixture
def cli(monkeypatch, capsys):
    monkeypatch.setenv("ELEVHALSA_PASSWORD", PASSWORD)

    def call(*args):
        code = main([str(a) for a in args])
        out, err = capsys.readouterr()
        return code, out, err

    return call


@pytest.fixture
def case(session, case_path):
    session.close()
    return case_path


@pytest.fixture
def roster(tmp_path):
    path = tmp_path / "elever.csv"
    path.write_text("\n".join([ROSTER_HEADER, *ROSTER_ROWS]) + "\n", encoding="utf-8")
    return path


def counts(case) -> tuple[int, int]:
    session = open_case(case, PASSWORD)
    try:
        pupils = session.db.execute("SELECT count(*) FROM pupil").fetchone()[0]
        lessons = session.db.execute("SELECT count(*) FROM attendance").fetchone()[0]
        return pupils, lessons
    finally:
        session.close()


def test_import_pupils_previews_then_saves_then_changes_nothing(cli, case, roster):
    code, out, _ = cli("import", "pupils", case, roster)
    assert code == 0
    assert "Nya elever: 3" in out and "Åsa Åström, 7B" in out
    assert out.rstrip().endswith(NOTHING_SAVED)
    assert counts(case) == (0, 0)

    code, out, _ = cli("import", "pupils", case, roster, "--yes")
    assert code == 0
    assert "Import av elever" in out and "Nya: 3" in out
    assert counts(case) == (3, 0)

    code, out, _ = cli("import", "pupils", case, roster, "--yes")
    assert code == 0 and "Nya: 0" in out and "Oförändrade: 3" in out and "Uppdaterade: 0" in out


def test_a_changed_class_is_only_written_with_yes(cli, case, roster):
    cli("import", "pupils", case, roster, "--yes")
    roster.write_text(
        "\n".join([ROSTER_HEADER, ROSTER_ROWS[0].replace(";7B;7;", ";8B;8;"), *ROSTER_ROWS[1:]]),
        encoding="utf-8",
    )
    code, out, _ = cli("import", "pupils", case, roster)
    assert code == 0 and "Ändrade elever: 1" in out and "Klass: 7B → 8B" in out
    assert NOTHING_SAVED in out
    code, out, _ = cli("import", "pupils", case, roster, "--yes")
    assert code == 0 and "Uppdaterade: 1" in out
    session = open_case(case, PASSWORD)
    try:
        classes = {r[0] for r in session.db.execute("SELECT class_name FROM pupil")}
    finally:
        session.close()
    assert classes == {"7B", "8B"}


def test_import_attendance_then_the_same_file_again_changes_nothing(cli, case, roster, tmp_path):
    cli("import", "pupils", case, roster, "--yes")
    csv = attendance_csv(tmp_path / "narvaro.csv")
    rows = 3 * len(school_days()) * len(LESSONS)

    code, out, _ = cli("import", "attendance", case, csv)
    assert code == 0
    assert f"Rader lästa: {rows}" in out and "Känns igen säkert: 3 elever" in out
    assert out.rstrip().endswith(NOTHING_SAVED)
    assert counts(case) == (3, 0)

    code, out, _ = cli("import", "attendance", case, csv, "--yes")
    assert code == 0
    assert "Import av närvaro" in out and f"Nya: {rows}" in out and "Överhoppade: 0" in out
    assert counts(case) == (3, rows)

    code, out, _ = cli("import", "attendance", case, csv, "--format", "csv", "--yes")
    assert code == 0
    assert "Nya: 0" in out and "Uppdaterade: 0" in out and f"Oförändrade: {rows}" in out


def test_pupils_known_only_by_name_are_imported_only_with_yes(cli, case, roster, tmp_path):
    cli("import", "pupils", case, roster, "--yes")
    csv = attendance_csv(tmp_path / "narvaro.csv", by_name=True)
    code, out, _ = cli("import", "attendance", case, csv)
    assert code == 0
    assert "Känns bara igen på namn och klass: 3 elever" in out
    assert "Öberg, Örjan (7B) → Örjan Öberg, 7B" in out
    assert counts(case)[1] == 0
    code, out, _ = cli("import", "attendance", case, csv, "--yes")
    assert code == 0 and "Överhoppade: 0" in out
    assert counts(case)[1] == 3 * len(school_days()) * len(LESSONS)


def test_ews_lists_the_pupils_above_green_with_the_services_figures(cli, case, roster, tmp_path):
    cli("import", "pupils", case, roster, "--yes")
    cli("import", "attendance", case, attendance_csv(tmp_path / "narvaro.csv"), "--yes")

    code, out, _ = cli("ews", case)
    assert code == 0
    assert "RÖD  Örjan Öberg, 7B" in out
    assert "6 skoldagar i rad borta" in out and "Åsa Åström" not in out

    code, out, _ = cli("ews", case, "--json", "--all")
    listed = json.loads(out)
    assert listed[0]["name"] == "Örjan Öberg"
    assert {w["name"] for w in listed} == {"Åsa Åström", "Örjan Öberg", "Elin Ängström"}
    assert set(listed[0]) == {
        "pupil_id",
        "name",
        "class",
        "year",
        "level",
        "level_label",
        "window_start",
        "window_end",
        "offered_minutes",
        "attended_minutes",
        "excused_minutes",
        "unexcused_minutes",
        "absence_percent",
        "excused_percent",
        "unexcused_percent",
        "change_points",
        "longest_run_days",
        "unexcused_occasions",
        "patterns",
        "reasons",
        "open_investigation",
    }
    session = open_case(case, PASSWORD)
    try:
        ews = EarlyWarningService(session)
        expected = {w.pupil_id: w for w in ews.warnings(ews.window("4w"), include_green=True)}
    finally:
        session.close()
    for row in listed:
        figures = expected[row["pupil_id"]].figures
        assert row["level"] == figures.level.name.lower()
        assert row["offered_minutes"] == figures.offered
        assert row["absence_percent"] == figures.total_percent
        assert row["unexcused_percent"] == figures.unexcused_percent
        assert row["change_points"] == figures.change
        assert row["longest_run_days"] == figures.longest_run
        assert row["reasons"] == list(figures.reasons)
    assert listed[0]["level"] == Level.RED.name.lower()

    code, out, _ = cli("ews", case, "--window", "term", "--json")
    assert code == 0 and json.loads(out)[0]["window_end"] == TODAY.isoformat()


def test_a_bad_window_is_a_usage_error(cli, case):
    code, _, err = cli("ews", case, "--window", "förra veckan")
    assert code == 2 and "går inte att förstå" in err
    code, _, err = cli("ews", case, "--window", "2026-10-31:2026-09-01")
    assert code == 2 and "före" in err


def test_unreadable_files_exit_1_with_a_sentence(cli, case, tmp_path):
    empty = tmp_path / "tom.csv"
    empty.write_bytes(b"")
    code, _, err = cli("import", "attendance", case, empty)
    assert code == 1 and "är tom" in err
    code, _, err = cli("import", "pupils", case, tmp_path / "finns-inte.csv")
    assert code == 1 and "finns-inte.csv" in err
    old_excel = tmp_path / "gammal.xls"
    old_excel.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    code, _, err = cli("import", "attendance", case, old_excel, "--format", "xlsx")
    assert code == 1 and ".xls" in err


def test_columns_that_cannot_be_guessed_need_a_remembered_mapping(cli, case, roster, tmp_path):
    cli("import", "pupils", case, roster, "--yes")
    odd = tmp_path / "export.csv"
    odd.write_text(
        "Nr;Dag;Minuter schema;Minuter borta\n"
        + "".join(f"{ASA};{d.isoformat()};60;0\n" for d in school_days(1)),
        encoding="utf-8",
    )
    code, _, err = cli("import", "attendance", case, odd, "--yes")
    assert code == 2 and "--mapping" in err and "programmet" in err
    assert counts(case)[1] == 0
    code, _, err = cli("import", "attendance", case, odd, "--mapping", "Okänd")
    assert code == 2 and "ingen sparad kolumnmappning som heter Okänd" in err

    # Confirmed once in the program: remembered for this header, and by its name.
    mapping = ColumnMapping(
        name="Vår export",
        columns={
            Field.CIVIC_NO: "Nr",
            Field.DATE: "Dag",
            Field.OFFERED: "Minuter schema",
            Field.UNEXCUSED: "Minuter borta",
        },
    )
    session = open_case(case, PASSWORD)
    try:
        AttendanceImportService(session).remember_mapping(
            header_key(["Nr", "Dag", "Minuter schema", "Minuter borta"]),
            mapping.name,
            "attendance",
            json.loads(mapping.to_json()),
        )
    finally:
        session.close()
    code, out, _ = cli("import", "attendance", case, odd, "--yes")
    assert code == 0 and f"Nya: {len(school_days(1))}" in out
    code, out, _ = cli("import", "attendance", case, odd, "--mapping", "Vår export", "--yes")
    assert code == 0 and "Nya: 0" in out


def test_ss12000_export_of_pupils_and_attendance(cli, case):
    from pathlib import Path

    folder = Path(__file__).parent.parent / "importers" / "samples" / "ss12000"
    code, out, _ = cli("import", "pupils", case, folder, "--yes")
    assert code == 0 and "Import av elever" in out and "(ss12000)" in out
    pupils = counts(case)[0]
    assert pupils >= 2
    code, out, _ = cli("import", "attendance", case, folder, "--yes")
    assert code == 0 and "Import av närvaro" in out
    again = cli("import", "attendance", case, folder, "--yes")[1]
    assert "Nya: 0" in again and "Uppdaterade: 0" in again


# Real processes ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("ews") / "demo.elevhalsa"
    assert run("demo", str(path), "--pupils", "40", "--seed", "3").returncode == 0
    return path


def test_ews_and_a_bad_file_as_a_real_process(demo, tmp_path):
    listed = run("ews", str(demo), "--json")
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert any(r["level"] == "red" and r["open_investigation"] for r in rows)
    bad = run("ews", str(demo), "--window", "x:y")
    assert bad.returncode == 2 and "går inte att förstå" in bad.stderr
    assert "Traceback" not in bad.stderr
    broken = tmp_path / "trasig.xlsx"
    broken.write_bytes(b"PK\x03\x04" + b"inte en arbetsbok" * 50)
    result = run("import", "attendance", str(demo), str(broken))
    assert result.returncode == 1 and "Traceback" not in result.stderr and result.stderr


def test_print_the_absence_investigation(demo, tmp_path):
    from pypdf import PdfReader

    session = open_case(demo, PASSWORD)
    try:
        investigation_id, pupil_id = session.db.execute(
            "SELECT id, pupil_id FROM absence_investigation"
        ).fetchone()
        quiet = session.db.execute(
            "SELECT id FROM pupil WHERE id NOT IN (SELECT pupil_id FROM absence_investigation)"
        ).fetchone()[0]
    finally:
        session.close()
    out = tmp_path / "utredning.pdf"
    result = run(
        "print", "absence-investigation", str(demo), "--pupil", pupil_id[:8], "--out", str(out)
    )
    assert result.returncode == 0, result.stderr
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(out).pages)
    for expected in ("Utredning av frånvaro", "Inte anmäld än", "Senaste fyra veckorna", "Sida 1"):
        assert expected in text, expected
    by_id = tmp_path / "igen.pdf"
    again = run(
        "print",
        "absence-investigation",
        str(demo),
        "--investigation",
        investigation_id[:8],
        "--out",
        str(by_id),
    )
    assert again.returncode == 0 and by_id.exists()
    none = run(
        "print", "absence-investigation", str(demo), "--pupil", quiet, "--out", str(tmp_path / "x")
    )
    assert none.returncode == 2 and "ingen frånvaroutredning" in none.stderr
    neither = run("print", "absence-investigation", str(demo), "--out", str(tmp_path / "y.pdf"))
    assert neither.returncode == 2 and "--investigation" in neither.stderr
