"""``elevhalsa log``: the log check without the window, as a listing, as JSON and as the extract
to sign; wrong dates and unknown users are said in words."""

from __future__ import annotations

import json

from pypdf import PdfReader

from elevhalsa_desktop.__main__ import main
from elevhalsa_desktop.domain.pupil import Pupil
from elevhalsa_desktop.services.pupils import PupilService
from elevhalsa_desktop.store import audit
from tests.conftest import PASSWORD


def _file_with_a_pupil(session, case_path) -> str:
    pupil = PupilService(session).create(Pupil("Åsa", "Öhman", class_name="7B"))
    PupilService(session).open(pupil.id)
    session.close()
    return pupil.id


def test_a_pupil_listed_then_printed(session, case_path, tmp_path, monkeypatch, capsys):
    pupil_id = _file_with_a_pupil(session, case_path)
    monkeypatch.setenv("ELEVHALSA_PASSWORD", PASSWORD)
    assert main(["log", str(case_path), "--pupil", pupil_id[:6], "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    # Oldest first; the last is this check itself, logged on the pupil before the listing.
    assert [row["action"] for row in rows] == ["created", "viewed", "viewed"]
    assert rows[-1]["detail"] == "loggkontroll"
    assert {row["pupil"] for row in rows} == {"Åsa Öhman, 7B"}
    assert main(["log", str(case_path), "--user", "maria lindqvist", "--action", "viewed"]) == 0
    listing = capsys.readouterr().out
    assert "Visade" in listing and "Skapade" not in listing
    out = tmp_path / "utdrag.pdf"
    assert (
        main(
            ["log", str(case_path), "--pupil", pupil_id, "--from", "2020-01-01", "--out", str(out)]
        )
        == 0
    )
    said = capsys.readouterr().out
    assert "Loggen är hel" in said and "Kontrollsumma för loggpost nr" in said
    text = PdfReader(out).pages[0].extract_text()
    assert "Loggkontroll – utdrag" in text and "Åsa Öhman, 7B" in text
    from elevhalsa_desktop.services.session import open_case

    again = open_case(case_path, PASSWORD)
    printed = [e for e in audit.entries(again.db) if e.action is audit.Action.PRINTED]
    again.close()
    assert printed[0].pupil_id == pupil_id and printed[0].detail.startswith("loggkontroll: en elev")


def test_wrong_input_is_said_in_words(session, case_path, monkeypatch, capsys):
    session.close()
    monkeypatch.setenv("ELEVHALSA_PASSWORD", PASSWORD)
    assert main(["log", str(case_path), "--from", "2026-13-01"]) == 2
    assert "Skriv --from som ÅÅÅÅ-MM-DD" in capsys.readouterr().err
    assert main(["log", str(case_path), "--user", "Ingen Alls"]) == 2
    assert "Ingen med namnet Ingen Alls finns i loggen." in capsys.readouterr().err
    assert main(["log", str(case_path), "--pupil", "zzzz"]) == 2
    assert "Ingen elev med id zzzz" in capsys.readouterr().err
