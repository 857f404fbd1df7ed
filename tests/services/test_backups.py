"""BackupService: where and when backups are taken, how many are kept, and restoring one."""

from __future__ import annotations

import datetime as dt

import pytest

from elevhalsa_desktop.domain.people import Role
from elevhalsa_desktop.domain.pupil import Pupil, ValidationError
from elevhalsa_desktop.services.backups import BackupService, restore_file
from elevhalsa_desktop.services.pupils import PupilService
from elevhalsa_desktop.services.session import open_case
from elevhalsa_desktop.store import backup, users
from elevhalsa_desktop.store.audit import Action, entries, verify_chain
from elevhalsa_desktop.store.casefile import integrity_report, open_case_file
from elevhalsa_desktop.store.errors import CannotWrite, DamagedCaseFile, WrongPassword
from tests.conftest import PASSWORD

MONDAY = dt.datetime(2026, 3, 16, 15, 0, 0)


def _names(session) -> list[str]:
    return sorted(r.given_name for r in PupilService(session).rows())


def test_a_backup_goes_next_to_the_file_by_default_and_is_logged(session, pupils):
    pupils.create(Pupil(given_name="Ebba", family_name="Ek"))
    service = BackupService(session)
    written = service.backup_now(now=MONDAY)
    assert written == session.path.parent / "Säkerhetskopior" / "skolan 2026-03-16 150000.elevhalsa"
    assert service.backups() == [backup.BackupInfo(written, MONDAY, written.stat().st_size)]
    assert service.last_backup() == MONDAY.astimezone()
    entry = entries(session.db)[0]
    assert entry.action is Action.BACKED_UP and entry.user_name == "Maria Lindqvist"
    assert "Ebba" not in entry.detail and "/" not in entry.detail


def test_a_chosen_folder_that_is_missing_is_not_made(session, tmp_path):
    service = BackupService(session, tmp_path / "usb-minnet")
    with pytest.raises(CannotWrite, match="USB-minnet"):
        service.backup_now()
    assert not (tmp_path / "usb-minnet").exists()
    assert service.last_backup() is None


def test_backup_if_due_at_most_daily(session):
    service = BackupService(session)
    assert service.backup_if_due(now=MONDAY) is not None  # never backed up
    assert service.backup_if_due(now=MONDAY + dt.timedelta(hours=23)) is None
    later = MONDAY + dt.timedelta(hours=24)
    assert service.backup_if_due(now=later) is not None
    assert [b.taken_at for b in service.backups()] == [later, MONDAY]


def test_the_number_kept_is_a_setting_of_the_case_file(session):
    service = BackupService(session)
    assert service.keep() == 10
    service.save_keep(3)
    assert service.keep() == 3
    assert entries(session.db)[0].detail == "inställningar: säkerhetskopior"
    with pytest.raises(ValidationError):
        service.save_keep(0)
    for day in range(6):  # one a day in one month: the newest three are kept
        service.backup_now(now=MONDAY + dt.timedelta(days=day))
    assert [b.taken_at.day for b in service.backups()] == [21, 20, 19]


def test_restore_puts_the_file_back_as_it_was_and_the_session_goes_on(session, pupils):
    pupils.create(Pupil(given_name="Före", family_name="Backupsson"))
    service = BackupService(session)
    taken = service.backup_now(now=MONDAY)
    pupils.create(Pupil(given_name="Efter", family_name="Backupsson"))
    assert _names(session) == ["Efter", "Före"]

    preview = service.preview(taken)  # the password the file has now
    assert preview.taken_at == MONDAY and preview.counts.pupils == 1
    aside = service.restore(taken)

    assert _names(session) == ["Före"]  # the change after the backup is gone from the file
    assert aside is not None and aside.parent == session.path.parent
    assert aside.name.startswith("skolan före återställning ")
    old = open_case_file(aside, PASSWORD, migrate=False, lock=False)
    try:  # the file as it was is kept, whole and encrypted
        assert len(old.conn.execute("SELECT * FROM pupil").fetchall()) == 2
        assert integrity_report(old) == []
    finally:
        old.conn.close()
    # The session works on the restored file: it saves, logs and keeps a sound chain.
    pupils.create(Pupil(given_name="Sedan", family_name="Backupsson"))
    assert _names(session) == ["Före", "Sedan"]
    log = entries(session.db)
    assert log[1].action is Action.RESTORED and "2026-03-16 15:00" in log[1].detail
    assert log[1].user_id == session.user.id
    assert verify_chain(session.db).ok
    assert taken.exists()  # the backup itself is untouched
    assert integrity_report(session.case) == []
    session.close()
    reopened = open_case(session.path, PASSWORD)
    assert _names(reopened) == ["Före", "Sedan"]
    reopened.close()


def test_a_refused_restore_changes_nothing(session, pupils, tmp_path):
    pupils.create(Pupil(given_name="Kvar", family_name="Här"))
    service = BackupService(session)
    taken = service.backup_now(now=MONDAY)
    pupils.create(Pupil(given_name="Också", family_name="Här"))
    with pytest.raises(WrongPassword):
        service.restore(taken, "fel lösenord")
    assert _names(session) == ["Kvar", "Också"]
    assert not list(session.path.parent.glob("skolan före återställning*"))
    pupils.create(Pupil(given_name="Tredje", family_name="Här"))  # still open and writable


def test_restore_from_a_backup_older_than_the_user_keeps_naming_the_user(session, pupils):
    service = BackupService(session)
    taken = service.backup_now(now=MONDAY)
    with session.case.write() as db:
        newcomer = users.add_user(db, "Nils Nykomling", Role.PSYCHOLOGIST)
    session.user = newcomer
    service.restore(taken)
    assert session.user.name == "Nils Nykomling" and session.user.role is Role.PSYCHOLOGIST
    assert entries(session.db)[0].user_name == "Nils Nykomling"


def test_a_restore_waits_for_no_one_else_using_the_file(session):
    service = BackupService(session)
    taken = service.backup_now(now=MONDAY)
    other = session.another()  # an import on another thread, say
    try:
        with pytest.raises(CannotWrite, match="används"):
            service.restore(taken)
        assert session.db.execute("SELECT 1").fetchone() == (1,)  # reopened as it was
    finally:
        other.close()


def test_a_damaged_file_is_kept_aside_and_the_backup_put_in_its_place(session, pupils):
    for n in range(40):
        pupils.create(Pupil(given_name=f"Elev{n}", family_name="Testsson", notes="x" * 500))
    user_id = session.user.id
    taken = BackupService(session).backup_now(now=MONDAY)
    session.close()
    data = bytearray(session.path.read_bytes())
    data[3 * 4096 + 100 : 3 * 4096 + 120] = bytes(20)
    session.path.write_bytes(bytes(data))
    with pytest.raises(DamagedCaseFile):
        open_case(session.path, PASSWORD)

    restored, aside = restore_file(
        session.path, taken, PASSWORD, why=backup.DAMAGED, user_id=user_id
    )
    try:
        assert aside.name.startswith("skolan skadad ") and aside.read_bytes() == bytes(data)
        assert len(PupilService(restored).rows()) == 40
        assert entries(restored.db)[0].action is Action.RESTORED
        assert restored.user.id == user_id
    finally:
        restored.close()
