"""elevhalsa backup and elevhalsa restore, run as a user would run them."""

from __future__ import annotations

import re

import pytest

from elevhalsa_desktop.domain.pupil import Pupil
from elevhalsa_desktop.services.backups import BackupService
from elevhalsa_desktop.store.casefile import PLAIN_SQLITE_HEADER, integrity_report, open_case_file
from tests.cli.test_cli import run
from tests.conftest import PASSWORD


@pytest.fixture
def closed_case(session, pupils):
    for name in ("Ebba", "Olle", "Sara", "Vide"):
        pupils.create(Pupil(given_name=name, family_name="Klisson"))
    session.close()  # the command line takes the file's lock itself
    return session.path


def test_backup_writes_an_encrypted_copy_and_says_where(closed_case, tmp_path):
    usb = tmp_path / "usb"
    usb.mkdir()

    result = run("backup", str(closed_case), str(usb))

    assert result.returncode == 0, result.stderr
    (written,) = list(usb.iterdir())
    assert re.fullmatch(r"skolan \d{4}-\d\d-\d\d \d{6}\.elevhalsa", written.name)
    assert str(written) in result.stdout and re.search(r"\(\d+,\d [kM]B\)", result.stdout)
    assert written.read_bytes()[:16] != PLAIN_SQLITE_HEADER
    copy = open_case_file(written, PASSWORD, migrate=False, lock=False)
    try:
        assert integrity_report(copy) == []
    finally:
        copy.conn.close()

    missing = run("backup", str(closed_case), str(tmp_path / "borta"))
    assert missing.returncode == 1
    assert "finns inte" in missing.stderr and "Traceback" not in missing.stderr


def test_restore_shows_the_contents_and_restores_only_with_yes(session, pupils, tmp_path):
    pupils.create(Pupil(given_name="Ebba", family_name="Klisson"))
    taken = BackupService(session).backup_now(tmp_path)
    pupils.create(Pupil(given_name="Sent", family_name="Klisson"))
    session.close()
    case = session.path
    before = case.read_bytes()

    shown = run("restore", str(case), str(taken))
    assert shown.returncode == 0, shown.stderr
    assert "Elever: 1" in shown.stdout and "--yes" in shown.stdout
    assert case.read_bytes() == before
    wrong = run("restore", str(case), str(taken), password="fel lösenord här")
    assert wrong.returncode == 1 and "Lösenordet" in wrong.stderr

    done = run("restore", str(case), str(taken), "--yes")
    assert done.returncode == 0, done.stderr
    assert "Återställde skolan.elevhalsa" in done.stdout
    assert list(tmp_path.glob("skolan före återställning *.elevhalsa"))
    restored = open_case_file(case, PASSWORD, lock=False)
    try:
        assert restored.conn.execute("SELECT given_name FROM pupil").fetchall() == [("Ebba",)]
    finally:
        restored.close()
