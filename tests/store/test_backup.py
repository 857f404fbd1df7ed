"""Backups of the case file: encrypted, whole or absent, listed and thinned out by name only."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from elevhalsa_desktop.domain.pupil import Pupil
from elevhalsa_desktop.store import backup
from elevhalsa_desktop.store.backup import BackupFailed, BackupInfo
from elevhalsa_desktop.store.casefile import (
    PLAIN_SQLITE_HEADER,
    integrity_report,
    open_case_file,
    sound,
)
from elevhalsa_desktop.store.errors import DamagedCaseFile, NotACaseFile, WrongPassword
from tests.conftest import PASSWORD
from tests.filesystems import read_only_dir, small_disk

WHEN = dt.datetime(2026, 3, 14, 9, 5, 7)


def test_a_backup_is_encrypted_and_opens_with_the_password_whole(session, pupils, tmp_path):
    pupils.create(Pupil(given_name="Ebba", family_name="Unikasson"))
    target = tmp_path / backup.backup_name(session.path, WHEN)
    assert target.name == "skolan 2026-03-14 090507.elevhalsa"

    assert backup.write_snapshot(session.case.conn, target) == target

    data = target.read_bytes()
    assert data[:16] != PLAIN_SQLITE_HEADER
    assert b"Unikasson" not in data and "Unikasson".encode("utf-16-le") not in data
    copy = open_case_file(target, PASSWORD, migrate=False, lock=False)
    try:
        assert sound(copy.conn)
        assert integrity_report(copy) == []
        names = copy.conn.execute("SELECT family_name FROM pupil").fetchall()
        assert names == [("Unikasson",)]
    finally:
        copy.conn.close()
    with pytest.raises(WrongPassword):
        backup.contents(target, "ett annat lösenord")
    # Only the backup itself: no temporary part, journal or log beside it.
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("skolan ")) == [
        target.name
    ]


def test_the_contents_count_pupils_plans_and_notes(session, pupils, tmp_path):
    pupils.create(Pupil(given_name="Ebba", family_name="Ek"))
    pupils.create(Pupil(given_name="Olle", family_name="Al"))
    target = backup.write_snapshot(session.case.conn, tmp_path / "kopia.elevhalsa")
    counts = backup.contents(target, PASSWORD)
    assert (counts.pupils, counts.plans, counts.notes) == (2, 0, 0)
    assert counts.newest_change is not None and counts.newest_change[:4].isdigit()


def test_a_backup_from_another_thread_reads_its_own_connection(session, pupils, tmp_path):
    pupils.create(Pupil(given_name="Ebba", family_name="Ek"))
    target = backup.snapshot_file(session.path, PASSWORD, tmp_path / "tråd.elevhalsa")
    assert backup.contents(target, PASSWORD).pupils == 1


def test_a_read_only_folder_gives_a_sentence_and_leaves_nothing(session, tmp_path):
    with read_only_dir(tmp_path) as folder:
        with pytest.raises(BackupFailed, match="skrivskyddad") as caught:
            backup.write_snapshot(session.case.conn, folder / "kopia.elevhalsa")
        assert "akten är oförändrad" in str(caught.value)
        assert list(folder.iterdir()) == []


def test_a_full_disk_gives_a_sentence_and_leaves_no_half_backup(session, pupils, tmp_path):
    for n in range(60):
        pupils.create(Pupil(given_name=f"Elev{n}", family_name="Fyllsson", notes="x" * 4000))
    session.case.checkpoint()
    assert session.path.stat().st_size > 400_000
    with small_disk(tmp_path, "200k") as folder:
        (folder / "annat.txt").write_bytes(b"x" * 1000)
        with pytest.raises(BackupFailed, match="full"):
            backup.write_snapshot(session.case.conn, folder / "kopia.elevhalsa")
        assert [p.name for p in folder.iterdir()] == ["annat.txt"]
    # The case file goes on as before.
    pupils.create(Pupil(given_name="Efter", family_name="Fyllsson"))


def test_a_missing_folder_is_named(session, tmp_path):
    with pytest.raises(BackupFailed, match="USB-minnet"):
        backup.write_snapshot(session.case.conn, tmp_path / "borta" / "kopia.elevhalsa")


def _info(when: dt.datetime) -> BackupInfo:
    return BackupInfo(Path(backup.backup_name(Path("skolan.elevhalsa"), when)), when, 1)


def test_the_newest_n_and_the_newest_of_each_month_are_kept():
    daily = [_info(dt.datetime(2026, 1, 1, 16) + dt.timedelta(days=d)) for d in range(75)]
    kept = backup.chosen_to_keep(daily, 10)
    newest_ten = {i.path for i in sorted(daily, key=lambda i: i.taken_at)[-10:]}
    month_ends = {
        _info(dt.datetime(2026, 1, 31, 16)).path,
        _info(dt.datetime(2026, 2, 28, 16)).path,
    }
    assert kept == newest_ten | month_ends
    assert len(backup.chosen_to_keep(daily, 3)) == 3 + 2  # March's newest is among the three


def test_thinning_out_removes_only_our_own_backups(tmp_path):
    folder = tmp_path / "usb"
    folder.mkdir()
    start = dt.datetime(2026, 1, 20, 8, 0, 0)
    for day in range(14):
        when = start + dt.timedelta(days=day)
        (folder / backup.backup_name(Path("skolan.elevhalsa"), when)).write_bytes(b"x")
    others = [
        "annan 2026-01-20 080000.elevhalsa",  # another case file's backup
        "skolan 2026-01-20 080000.elevhalsa.txt",
        "skolan före återställning 2026-01-20 080000.elevhalsa",
        "skolan.elevhalsa",
        "semesterbild.jpg",
    ]
    for name in others:
        (folder / name).write_bytes(b"y")
    stale = folder / ".skolan 2026-01-21 080000.elevhalsa.0123abcd.part"
    stale.write_bytes(b"z")
    os.utime(stale, (0, 0))
    fresh = folder / ".skolan 2026-02-02 080000.elevhalsa.89abcdef.part"  # being written now
    fresh.write_bytes(b"z")

    removed = backup.thin_out(folder, "skolan", keep=5)

    left = {p.name for p in folder.iterdir()}
    assert set(others) <= left and fresh.name in left and stale.name not in left
    ours = backup.backups_in(folder, "skolan")
    assert [i.taken_at.date().isoformat() for i in ours] == [
        "2026-02-02",
        "2026-02-01",
        "2026-01-31",
        "2026-01-30",
        "2026-01-29",
        # January's newest is among the five
    ]
    assert len(removed) == 14 - 5 + 1


def test_listing_matches_the_name_in_either_unicode_form(tmp_path):
    decomposed = "Bjo\u0308rkdal 2026-01-20 080000.elevhalsa"
    (tmp_path / decomposed).write_bytes(b"x")
    found = backup.backups_in(tmp_path, "Björkdal")
    assert [i.taken_at for i in found] == [dt.datetime(2026, 1, 20, 8)]


def test_the_copy_aside_never_takes_an_existing_name(tmp_path):
    case_path = tmp_path / "skolan.elevhalsa"
    first = backup.aside_path(case_path, backup.BEFORE_RESTORE, WHEN)
    assert first.name == "skolan före återställning 2026-03-14 090507.elevhalsa"
    first.write_bytes(b"x")
    assert backup.aside_path(case_path, backup.BEFORE_RESTORE, WHEN).name == (
        "skolan före återställning 2026-03-14 090507 (2).elevhalsa"
    )


def test_contents_refuse_a_damaged_or_foreign_backup(session, pupils, tmp_path):
    for n in range(40):
        pupils.create(Pupil(given_name=f"Elev{n}", family_name="Testsson", notes="x" * 500))
    target = backup.write_snapshot(session.case.conn, tmp_path / "kopia.elevhalsa")
    data = bytearray(target.read_bytes())
    data[3 * 4096 + 100 : 3 * 4096 + 120] = bytes(20)
    target.write_bytes(bytes(data))
    with pytest.raises(DamagedCaseFile):
        backup.contents(target, PASSWORD)
    text = tmp_path / "anteckning.elevhalsa"
    text.write_text("inte en akt" * 200)
    with pytest.raises(NotACaseFile):
        backup.contents(text, PASSWORD)
