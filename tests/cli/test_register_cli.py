"""`elevhalsa export pupil PATH --pupil ID --out DIR`: the register extract written headless, the
password as for every other command; a wrong id or a missing folder said in words."""

from __future__ import annotations

import json

import pytest

from elevhalsa_desktop.__main__ import main
from elevhalsa_desktop.domain.pupil import Pupil
from elevhalsa_desktop.services.session import open_case
from elevhalsa_desktop.store import audit
from tests.conftest import PASSWORD


@pytest.fixture
def case(session, pupils, case_path, monkeypatch):
    pupil = pupils.create(Pupil("Åsa", "Öhman", class_name="7B"))
    pupils.create(Pupil("Bo", "Berg", class_name="7B"))
    session.close()
    monkeypatch.setenv("ELEVHALSA_PASSWORD", PASSWORD)
    return case_path, pupil


def test_export_pupil_writes_json_and_pdf(case, tmp_path, capsys):
    path, pupil = case
    out = tmp_path / "ut"
    out.mkdir()
    code = main(["export", "pupil", str(path), "--pupil", pupil.id[:8], "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    written = sorted(out.iterdir())
    assert [p.suffix for p in written] == [".json", ".pdf"]
    assert all("Öhman" not in p.name for p in written)
    printed = capsys.readouterr().out
    assert all(f"Skrev {p}" in printed for p in written)
    data = json.loads(written[0].read_text(encoding="utf-8"))
    assert data["pupil"]["given_name"] == "Åsa" and data["pupil"]["id"] == pupil.id
    session = open_case(path, PASSWORD)
    try:
        last = audit.entries(session.db, pupil_id=pupil.id, limit=1)[0]
    finally:
        session.close()
    assert last.action is audit.Action.EXPORTED and last.detail == "registerutdrag"


def test_export_pupil_refusals_are_sentences(case, tmp_path, capsys):
    path, pupil = case
    code = main(["export", "pupil", str(path), "--pupil", "zzz", "--out", str(tmp_path)])
    assert code == 2 and "ingen elev med id zzz" in capsys.readouterr().err
    missing = tmp_path / "finns-inte"
    code = main(["export", "pupil", str(path), "--pupil", pupil.id, "--out", str(missing)])
    assert code == 2 and "finns inte" in capsys.readouterr().err
    assert not missing.exists()
