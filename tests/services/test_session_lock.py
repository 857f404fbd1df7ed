"""Locking a session: the connection closes and the password is forgotten; the password opens the
same file again, and nothing else does."""

from __future__ import annotations

import pytest
import sqlcipher3

from elevhalsa_desktop.domain.pupil import Pupil
from elevhalsa_desktop.services.pupils import PupilService
from elevhalsa_desktop.services.session import create_case
from elevhalsa_desktop.store import audit
from elevhalsa_desktop.store.errors import (
    CaseFileGone,
    CaseFileNotFound,
    CaseLocked,
    WrongPassword,
)
from tests.conftest import PASSWORD


@pytest.fixture
def pupil(pupils):
    return pupils.create(Pupil("Åsa", "Öhman", class_name="7B"))


def test_locking_closes_the_connection_and_forgets_the_password(session, pupils, pupil):
    conn = session.case.conn
    session.lock()
    assert session.locked
    with pytest.raises(sqlcipher3.ProgrammingError):
        conn.execute("SELECT count(*) FROM pupil")
    assert session.case._password == ""
    with pytest.raises(CaseLocked):
        _ = session.db
    with pytest.raises(CaseLocked):
        pupils.open(pupil.id)
    with pytest.raises(CaseLocked), session.case.write():
        pass
    with pytest.raises(CaseLocked):
        session.another()
    session.lock()  # a second lock changes nothing
    assert session.locked


def test_a_wrong_password_leaves_it_locked(session):
    session.lock()
    with pytest.raises(WrongPassword):
        session.unlock("fel lösenord")
    assert session.locked
    with pytest.raises(CaseLocked):
        _ = session.db


def test_the_password_opens_the_same_file_and_the_services_work_again(session, pupils, pupil):
    session.lock()
    session.unlock(PASSWORD)
    assert not session.locked
    assert session.case._password == PASSWORD
    assert pupils.open(pupil.id).full_name == "Åsa Öhman"  # the service built before the lock
    newest = audit.entries(session.db, limit=2)
    assert newest[1].action is audit.Action.OPENED
    assert newest[1].detail == "upplåst"
    assert newest[1].user_name == "Maria Lindqvist"
    # A second connection for background work opens again too.
    other = session.another()
    try:
        assert PupilService(other).open(pupil.id).id == pupil.id
    finally:
        other.close()


def test_unlocking_an_unreleased_session_checks_the_password(session):
    # The window locks before background work has finished: the file stays open until it has.
    with pytest.raises(WrongPassword):
        session.unlock("fel lösenord")
    session.unlock(PASSWORD)
    assert audit.entries(session.db, limit=1)[0].detail == "upplåst"


def test_another_file_at_the_same_place_is_refused(session, case_path, tmp_path):
    session.lock()
    other = create_case(
        tmp_path / "annan.elevhalsa",
        PASSWORD,
        PASSWORD,
        school_name="Annan skola",
        user_name="Per",
    )
    other.close()
    moved = case_path.with_name("flyttad.elevhalsa")
    case_path.rename(moved)
    with pytest.raises(CaseFileNotFound):
        session.unlock(PASSWORD)
    (tmp_path / "annan.elevhalsa").rename(case_path)
    with pytest.raises(CaseFileGone):
        session.unlock(PASSWORD)
    assert session.locked
    case_path.unlink()
    moved.rename(case_path)  # the file itself back where it was: it opens
    session.unlock(PASSWORD)
    assert session.school_name == "Testskolan"


def test_no_lock_inside_a_transaction(session):
    with session.case.write():
        assert not session.lock()  # closing now would roll the transaction back
        assert not session.locked
    assert session.lock()
    assert session.locked


def test_a_locked_session_closes(session, case_path):
    session.lock()
    session.close()
    assert not case_path.with_name(case_path.name + ".lock").exists()
