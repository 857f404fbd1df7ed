"""File safety: one instance per case file; the file removed, moved or replaced underneath the
program; a full disk; a read-only folder or file. Each gives a sentence, saves nothing half, and
leaves the program running with everything it had acknowledged."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from elevhalsa_desktop.domain.pupil import Pupil
from elevhalsa_desktop.services.pupils import PupilService
from elevhalsa_desktop.services.session import create_case, open_case
from elevhalsa_desktop.store import audit
from elevhalsa_desktop.store.casefile import integrity_report, open_case_file
from elevhalsa_desktop.store.errors import CannotWrite, CaseFileGone, OpenElsewhere
from elevhalsa_desktop.store.instance_lock import lock_path_for
from tests.conftest import PASSWORD
from tests.filesystems import small_disk

ELSEWHERE = "på den här datorn eller av någon annan"


def _names(session) -> list[str]:
    return sorted(r.given_name for r in PupilService(session).rows())


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "ELEVHALSA_PASSWORD"}
    env["ELEVHALSA_PASSWORD"] = PASSWORD
    return env


# One instance per file -----------------------------------------------------------------------


def test_a_second_open_in_the_same_process_is_refused_with_a_sentence(session, case_path):
    with pytest.raises(OpenElsewhere) as caught:
        open_case(case_path, PASSWORD)
    message = str(caught.value)
    assert f"Akten {case_path.name} är redan öppen" in message and ELSEWHERE in message
    assert "locked" not in message
    # Also before the password is known: the lock is taken before the key.
    with pytest.raises(OpenElsewhere):
        open_case(case_path, "fel lösenord")
    session.close()
    again = open_case(case_path, PASSWORD)
    again.close()


def test_the_lock_file_holds_only_the_process_id_and_goes_with_the_file(session, case_path):
    lock = lock_path_for(case_path)
    assert lock.name == "skolan.elevhalsa.lock"
    assert lock.read_text() == f"{os.getpid()}\n"
    session.close()
    assert not lock.exists()
    assert sorted(p.name for p in case_path.parent.iterdir()) == ["home", case_path.name]


def test_the_programs_own_background_connections_are_not_refused(session, case_path, pupils):
    other = session.another()
    PupilService(other).create(Pupil(given_name="Från", family_name="Bakgrunden"))
    # The window closes first: the lock stays until the background work is done too.
    session.close()
    with pytest.raises(OpenElsewhere):
        open_case(case_path, PASSWORD)
    other.close()
    reopened = open_case(case_path, PASSWORD)
    assert _names(reopened) == ["Från"]
    reopened.close()


def test_a_case_file_dropped_without_close_lets_go_of_its_lock(session, case_path):
    session.case.conn.close()  # as a careless tool would
    session.case.instance_lock = None  # the lock object's last reference goes
    reopened = open_case(case_path, PASSWORD)
    reopened.close()


def test_a_second_process_gets_the_sentence_not_database_is_locked(session, case_path):
    result = subprocess.run(
        [sys.executable, "-m", "elevhalsa_desktop", "pupils", str(case_path)],
        capture_output=True,
        text=True,
        env=_env(),
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert ELSEWHERE in result.stderr
    assert "locked" not in result.stderr and "Traceback" not in result.stderr
    session.close()


HOLDER = """
import sys
from elevhalsa_desktop.services.session import create_case, open_case
session = open_case(sys.argv[1], sys.argv[2])
print("open", flush=True)
sys.stdin.readline()
session.close()
print("closed", flush=True)
"""


def _holder(case_path: Path) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(case_path), PASSWORD],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=_env(),
    )
    assert proc.stdout.readline().strip() == "open"
    return proc


def test_a_file_open_in_another_process_is_refused_until_it_closes(session, case_path):
    session.close()
    proc = _holder(case_path)
    try:
        with pytest.raises(OpenElsewhere, match=ELSEWHERE):
            open_case(case_path, PASSWORD)
        proc.stdin.write("\n")
        proc.stdin.flush()
        assert proc.stdout.readline().strip() == "closed"
    finally:
        proc.kill()
        proc.wait()
    reopened = open_case(case_path, PASSWORD)
    reopened.close()


def test_a_killed_program_leaves_no_lock_behind(session, case_path):
    session.close()
    proc = _holder(case_path)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert lock_path_for(case_path).exists()  # the file stays, its lock died with the process
    reopened = open_case(case_path, PASSWORD)
    assert lock_path_for(case_path).read_text() == f"{os.getpid()}\n"
    reopened.close()


# The file removed, moved or replaced underneath ------------------------------------------------


def test_a_removed_file_refuses_the_save_with_a_sentence(session, pupils, case_path, tmp_path):
    pupils.create(Pupil(given_name="Sparad", family_name="Före"))
    case_path.unlink()
    with pytest.raises(CaseFileGone) as caught:
        pupils.create(Pupil(given_name="Aldrig", family_name="Sparad"))
    message = str(caught.value)
    assert isinstance(caught.value, CannotWrite)
    assert "finns inte längre där den öppnades" in message and "Ingenting sparades" in message
    assert "Spara en säkerhetskopia" in message
    # The program keeps running: what it had is still readable, and a copy can be saved from it.
    assert _names(session) == ["Sparad"]
    rescue = tmp_path / "räddad.elevhalsa"
    session.case.conn.execute("VACUUM INTO ?", [str(rescue)])
    session.close()
    copy = open_case_file(rescue, PASSWORD)
    assert [r[0] for r in copy.db.execute("SELECT given_name FROM pupil")] == ["Sparad"]
    assert audit.verify_chain(copy.db).ok
    copy.close()


def test_a_moved_file_refuses_until_it_is_back(session, pupils, case_path):
    pupils.create(Pupil(given_name="Först", family_name="Sparad"))
    moved = case_path.with_name("flyttad.elevhalsa")
    os.rename(case_path, moved)
    with pytest.raises(CaseFileGone):
        pupils.create(Pupil(given_name="Under", family_name="Flytten"))
    with pytest.raises(CaseFileGone):
        session.another()
    os.rename(moved, case_path)
    pupils.create(Pupil(given_name="Efter", family_name="Flytten"))
    session.close()
    reopened = open_case(case_path, PASSWORD)
    assert _names(reopened) == ["Efter", "Först"]
    assert audit.verify_chain(reopened.db).ok
    reopened.close()


def test_a_file_replaced_by_another_is_not_written_to(session, pupils, case_path, tmp_path):
    other = tmp_path / "annan.bin"
    other.write_bytes(case_path.read_bytes())
    os.replace(other, case_path)  # the same name, another file
    with pytest.raises(CaseFileGone):
        pupils.create(Pupil(given_name="Fel", family_name="Fil"))


def test_the_check_costs_one_stat_per_transaction(session, monkeypatch):
    calls = []
    real = os.stat

    def counting(path, *args, **kwargs):
        calls.append(path)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", counting)
    with session.case.write(), session.case.write():  # nested: checked once
        session.log(audit.Action.VIEWED)
    assert calls == [session.case.path]


# A full disk ---------------------------------------------------------------------------------


def test_a_full_disk_refuses_the_save_and_the_program_goes_on(tmp_path):

    with small_disk(tmp_path, size="3m") as folder:
        session = create_case(folder / "akt", PASSWORD, PASSWORD, school_name="S", user_name="U")
        pupils = PupilService(session)
        pupils.create(Pupil(given_name="Först", family_name="Sparad"))
        filler = folder / "fyllnad"
        with filler.open("wb") as handle, contextlib.suppress(OSError):
            while True:  # every last block
                handle.write(bytes(64 * 1024))
                handle.flush()
        acknowledged = _names(session)
        refused = 0
        for n in range(50):
            try:
                pupils.create(Pupil(given_name=f"Elev{n}", family_name="Full", notes="x" * 3000))
                acknowledged = _names(session)
            except CannotWrite as error:
                assert "Disken där akt.elevhalsa ligger är full" in str(error)
                assert "Ingenting sparades" in str(error)
                refused += 1
        assert refused
        assert _names(session) == acknowledged
        # The user frees space; the same session saves again.
        filler.unlink()
        pupils.create(Pupil(given_name="Efter", family_name="Städningen"))
        acknowledged = _names(session)
        session.close()
        reopened = open_case(folder / "akt.elevhalsa", PASSWORD)
        assert _names(reopened) == acknowledged
        assert integrity_report(reopened.case) == []
        assert audit.verify_chain(reopened.db).ok
        reopened.close()


# A read-only folder or file ------------------------------------------------------------------


def _remount(folder: Path, mode: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{mode}", str(folder)], check=True)


@contextlib.contextmanager
def _immutable(*paths: Path):
    """Files that refuse writes even through handles opened before (a stick's write-protect
    switch, a file made read-only by an administrator while it is open). Root only."""
    if os.geteuid() != 0:
        pytest.skip("only root can make a file immutable")
    done = []
    try:
        for path in paths:
            if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode:
                pytest.skip("cannot make a file immutable here")
            done.append(path)
        yield
    finally:
        for path in done:
            subprocess.run(["chattr", "-i", str(path)], check=True)


def test_a_file_that_turns_read_only_refuses_the_save_and_recovers(session, pupils, case_path):
    pupils.create(Pupil(given_name="Först", family_name="Sparad"))
    wal = Path(str(case_path) + "-wal")
    with _immutable(case_path, wal):
        with pytest.raises(CannotWrite, match="skrivskyddad") as caught:
            pupils.create(Pupil(given_name="Aldrig", family_name="Sparad"))
        assert "Ingenting sparades" in str(caught.value)
        assert _names(session) == ["Först"]  # still readable
    pupils.create(Pupil(given_name="Efter", family_name="Igen"))
    session.close()
    reopened = open_case(case_path, PASSWORD)
    assert _names(reopened) == ["Efter", "Först"]
    assert audit.verify_chain(reopened.db).ok
    assert integrity_report(reopened.case) == []
    reopened.close()


def test_opening_in_a_read_only_folder_says_so_and_changes_nothing(tmp_path):

    with small_disk(tmp_path, size="4m") as folder:
        session = create_case(folder / "akt", PASSWORD, PASSWORD, school_name="S", user_name="U")
        session.close()
        before = {p.name: p.read_bytes() for p in folder.iterdir()}
        _remount(folder, "ro")
        try:
            with pytest.raises(CannotWrite, match="skrivskyddad"):
                open_case(folder / "akt.elevhalsa", PASSWORD)
            assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
        finally:
            _remount(folder, "rw")


@contextlib.contextmanager
def _read_only_file(path: Path):
    if os.geteuid() != 0:
        path.chmod(0o444)
        try:
            yield
        finally:
            path.chmod(0o644)
        return
    # As root permission bits do not stop writes; the immutable attribute does.
    if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode:
        pytest.skip("cannot make a file immutable here")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


def test_a_read_only_case_file_says_so_and_is_left_as_it_was(session, pupils, case_path):
    pupils.create(Pupil(given_name="Först", family_name="Sparad"))
    session.close()
    before = case_path.read_bytes()
    with _read_only_file(case_path):
        with pytest.raises(CannotWrite, match="skrivskyddad"):
            open_case(case_path, PASSWORD)
        assert case_path.read_bytes() == before
    assert not lock_path_for(case_path).exists()
    reopened = open_case(case_path, PASSWORD)
    assert _names(reopened) == ["Först"]
    reopened.close()


def test_creating_a_lock_file_that_cannot_be_written_says_so(session, case_path):
    session.close()
    lock = lock_path_for(case_path)
    lock.mkdir()  # something in the way where the lock file goes
    try:
        with pytest.raises(CannotWrite):
            open_case(case_path, PASSWORD)
    finally:
        lock.rmdir()


def test_opening_is_not_noticeably_slower(session, case_path):
    """The lock, the location check and the identity stat together, against the whole open."""
    session.close()
    started = time.perf_counter()
    reopened = open_case(case_path, PASSWORD)
    whole = time.perf_counter() - started
    reopened.close()
    from elevhalsa_desktop.store import location
    from elevhalsa_desktop.store.instance_lock import InstanceLock

    started = time.perf_counter()
    for _ in range(20):
        InstanceLock.acquire(case_path).release()
        location.risk(case_path)
        os.stat(case_path)
    extra = (time.perf_counter() - started) / 20
    assert extra < max(0.01, whole / 10), (extra, whole)


def test_a_file_system_without_locks_opens_without_one(session, case_path, monkeypatch):
    """Some network shares refuse flock altogether: the file still opens (the location warning
    is what speaks for that place), and no lock file is left behind."""
    import errno

    from elevhalsa_desktop.store import instance_lock

    session.close()

    def no_locks(fd):
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(instance_lock, "_try_lock", no_locks)
    opened = open_case(case_path, PASSWORD)
    assert not lock_path_for(case_path).exists()
    opened.close()
