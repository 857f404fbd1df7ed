"""The hash-chained audit log: a changed, removed or inserted entry is found, and so is a
removed tail; `elevhalsa check` reports it. Tampering means dropping the triggers first, as
someone with the password and an SQLite tool would."""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import subprocess
import sys

import pytest
import sqlcipher3
from sqlite_utils import Database

from elevhalsa_desktop.domain.pupil import Pupil
from elevhalsa_desktop.services.session import open_case
from elevhalsa_desktop.store import audit, schema
from elevhalsa_desktop.store.casefile import APPLICATION_ID, open_case_file
from tests.conftest import PASSWORD

ENTRIES = 8  # the fixture's "created" entry plus seven


@pytest.fixture
def logged(session):
    """A session whose log has ENTRIES entries, ids 1..ENTRIES."""
    with session.case.write():
        for n in range(ENTRIES - 1):
            session.log(audit.Action.VIEWED, detail=f"post {n}")
    assert _ids(session.db) == list(range(1, ENTRIES + 1))
    return session


def _ids(db) -> list[int]:
    return [r[0] for r in db.execute("SELECT id FROM audit_log ORDER BY id")]


def _unguarded(db) -> None:
    for trigger in ("audit_log_no_update", "audit_log_no_delete"):
        db.execute(f"DROP TRIGGER {trigger}")


def _row(db, entry_id: int) -> tuple:
    return db.execute(
        "SELECT id, at, user_id, user_name, pupil_id, action, detail, prev_hash, hash"
        " FROM audit_log WHERE id = ?",
        [entry_id],
    ).fetchone()


def _forge(db, entry_id: int, prev_hash: str, detail: str = "förfalskad") -> None:
    """An entry with a correct hash of its own, as a careful forger would write it."""
    fields = (entry_id, "2026-01-01T08:00:00+01:00", None, "Någon", None, "viewed", detail)
    digest = audit.entry_hash(*fields, prev_hash)
    db.execute(
        "INSERT INTO audit_log (id, at, user_id, user_name, pupil_id, action, detail, prev_hash,"
        " hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [*fields, prev_hash, digest],
    )


def test_each_entry_carries_the_hash_of_the_one_before(logged):
    rows = [_row(logged.db, i) for i in _ids(logged.db)]
    assert rows[0][7] == audit.GENESIS
    for before, after in itertools.pairwise(rows):
        assert after[7] == before[8]
    # The formula, written out independently: SHA-256 over a compact JSON array, UTF-8.
    first = rows[0]
    canonical = json.dumps(list(first[:8]), ensure_ascii=False, separators=(",", ":"))
    assert first[8] == hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    report = audit.verify_chain(logged.db)
    assert report == audit.ChainReport(True, ENTRIES, None, "", ENTRIES, rows[-1][8])
    assert audit.read_head(logged.db) == audit.Head(ENTRIES, ENTRIES, rows[-1][8])


def test_a_new_file_has_a_sound_chain_with_its_first_entry(session):
    report = audit.verify_chain(session.db)
    assert report.ok and report.entries == 1


def test_a_changed_entry_is_found(logged):
    _unguarded(logged.db)
    logged.db.execute("UPDATE audit_log SET detail = 'ändrat i efterhand' WHERE id = 4")
    report = audit.verify_chain(logged.db)
    assert not report.ok
    assert report.first_broken_id == 4
    assert "Loggpost 4 har ändrats" in report.problem
    assert report.entries == 3  # the sound part before it


def test_a_changed_entry_with_a_recomputed_hash_breaks_the_next_link(logged):
    _unguarded(logged.db)
    row = _row(logged.db, 4)
    digest = audit.entry_hash(*row[:6], "ändrat", row[7])
    logged.db.execute("UPDATE audit_log SET detail = 'ändrat', hash = ? WHERE id = 4", [digest])
    report = audit.verify_chain(logged.db)
    assert (report.ok, report.first_broken_id) == (False, 5)
    assert "post 4 har lagts till eller bytts ut" in report.problem


def test_a_removed_entry_is_found(logged):
    _unguarded(logged.db)
    logged.db.execute("DELETE FROM audit_log WHERE id = 3")
    report = audit.verify_chain(logged.db)
    assert (report.ok, report.first_broken_id) == (False, 4)
    assert "före post 4 har tagits bort" in report.problem


def test_removed_first_entries_are_found(logged):
    _unguarded(logged.db)
    logged.db.execute("DELETE FROM audit_log WHERE id <= 2")
    report = audit.verify_chain(logged.db)
    assert (report.ok, report.first_broken_id) == (False, 3)
    assert "de första loggposterna" in report.problem


def test_a_removed_last_entry_is_found_by_the_head_row(logged):
    _unguarded(logged.db)
    logged.db.execute(f"DELETE FROM audit_log WHERE id >= {ENTRIES - 1}")
    report = audit.verify_chain(logged.db)
    assert not report.ok
    assert report.first_broken_id == ENTRIES - 1
    assert "De sista loggposterna saknas" in report.problem
    assert f"har haft {ENTRIES} poster, nu finns {ENTRIES - 2}" in report.problem


def test_an_emptied_log_is_found(logged):
    _unguarded(logged.db)
    logged.db.execute("DELETE FROM audit_log")
    report = audit.verify_chain(logged.db)
    assert (report.ok, report.entries, report.first_broken_id) == (False, 0, 1)


def test_an_entry_after_a_removed_tail_still_shows_the_gap(logged):
    _unguarded(logged.db)
    logged.db.execute(f"DELETE FROM audit_log WHERE id = {ENTRIES}")
    logged.log(audit.Action.VIEWED, detail="efteråt")  # chained to the removed entry
    report = audit.verify_chain(logged.db)
    assert (report.ok, report.first_broken_id) == (False, ENTRIES + 1)
    assert "tagits bort" in report.problem


def test_an_inserted_entry_is_found(logged):
    _unguarded(logged.db)
    # Replace entry 5 by a forged one that fits perfectly after entry 4.
    logged.db.execute("DELETE FROM audit_log WHERE id = 5")
    _forge(logged.db, 5, _row(logged.db, 4)[8])
    report = audit.verify_chain(logged.db)
    assert (report.ok, report.first_broken_id) == (False, 6)
    assert "post 5 har lagts till eller bytts ut" in report.problem


def test_an_entry_added_at_the_end_by_hand_is_found_by_the_head_row(logged):
    _unguarded(logged.db)
    _forge(logged.db, ENTRIES + 1, _row(logged.db, ENTRIES)[8])
    report = audit.verify_chain(logged.db)
    assert not report.ok
    assert "Loggens slut stämmer inte med dess kontrollpunkt" in report.problem


def test_a_missing_head_row_is_reported(logged):
    logged.db.execute("DELETE FROM case_setting WHERE key = ?", [audit.HEAD_KEY])
    report = audit.verify_chain(logged.db)
    assert not report.ok and "kontrollpunkt saknas" in report.problem


def test_the_file_refuses_changes_and_removals_and_shows_unchained_entries(logged):
    db = logged.db
    with pytest.raises(sqlcipher3.IntegrityError, match="append-only"):
        db.execute("UPDATE audit_log SET detail = 'x' WHERE id = 1")
    with pytest.raises(sqlcipher3.IntegrityError, match="append-only"):
        db.execute("DELETE FROM audit_log WHERE id = 1")
    assert audit.verify_chain(db).ok
    # An entry written past audit.append has no hash: it shows at once.
    db.execute("INSERT INTO audit_log (at, user_name, action) VALUES ('2026-01-01', 'X', 'viewed')")
    report = audit.verify_chain(db)
    assert (report.ok, report.first_broken_id) == (False, ENTRIES + 1)
    assert "lagts till utanför programmet" in report.problem


def test_a_refused_save_leaves_neither_entry_nor_head_behind(logged, pupils):
    head = audit.read_head(logged.db)
    with pytest.raises(RuntimeError), logged.case.write():
        logged.log(audit.Action.CHANGED, detail="hälften")
        raise RuntimeError("avbrutet")
    assert audit.read_head(logged.db) == head
    pupils.create(Pupil(given_name="Alva", family_name="Öberg"))
    assert audit.verify_chain(logged.db).ok


def test_an_entry_outside_a_transaction_is_chained_in_one_of_its_own(logged):
    assert not logged.db.conn.in_transaction
    logged.log(audit.Action.VIEWED, detail="utan transaktion")
    assert not logged.db.conn.in_transaction
    assert audit.verify_chain(logged.db).ok


def test_two_connections_writing_in_turn_keep_one_chain(logged, pupils):
    other = logged.another()
    try:
        for n in range(5):
            logged.log(audit.Action.VIEWED, detail=f"huvud {n}")
            with other.case.write():
                other.log(audit.Action.VIEWED, detail=f"bakgrund {n}")
        assert audit.verify_chain(other.db).ok
    finally:
        other.close()
    report = audit.verify_chain(logged.db)
    assert report.ok and report.entries == ENTRIES + 10


def test_verify_reads_only(logged):
    before = logged.db.execute("SELECT total_changes()").fetchone()[0]
    audit.verify_chain(logged.db)
    assert logged.db.execute("SELECT total_changes()").fetchone()[0] == before
    assert not logged.db.conn.in_transaction


# Migration of a file written before the chain ---------------------------------------------


def _file_before_the_chain(path, entries: int) -> None:
    conn = sqlcipher3.connect(str(path), isolation_level=None)
    conn.execute(f"PRAGMA key = '{PASSWORD}'")
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("PRAGMA journal_mode = WAL")
    db = Database(conn)
    schema.migrations.apply(db, stop_before="0010_audit_chain")
    conn.execute(
        "INSERT INTO app_user VALUES ('u1', 'Gunnel Ek', 'coordinator', '2025-08-01', 'u1',"
        " '2025-08-01')"
    )
    conn.execute("INSERT INTO case_setting VALUES ('school_name', 'Gamla skolan')")
    conn.execute("BEGIN")
    for n in range(entries):
        # As the earlier audit.append wrote them: no hashes.
        conn.execute(
            "INSERT INTO audit_log (at, user_id, user_name, pupil_id, action, detail)"
            " VALUES (?, 'u1', 'Gunnel Ek', ?, ?, ?)",
            [f"2025-09-{1 + n % 28:02d}T10:00:00+02:00", None, "viewed", f"plan {n} – åäö"],
        )
    conn.execute("COMMIT")
    conn.close()


def test_migrating_a_file_with_entries_chains_them_as_they_are(tmp_path):
    path = tmp_path / "gammal.elevhalsa"
    _file_before_the_chain(path, 250)

    # `check` on the old file, before any migration: not broken, just not chained yet.
    report = _run_check(path)
    assert report.returncode == 0, report.stdout + report.stderr
    assert "äldre version och saknar kedja" in report.stdout

    session = open_case(path, PASSWORD)
    assert session.case.migrated_from_backup is not None
    chain = audit.verify_chain(session.db)
    assert chain.ok and chain.entries == 251  # the 250 and this opening
    rows = session.db.execute(
        "SELECT id, detail, prev_hash, hash FROM audit_log ORDER BY id"
    ).fetchall()
    assert [r[0] for r in rows] == list(range(1, 252))
    assert rows[0][1] == "plan 0 – åäö"  # unchanged by the back-fill
    assert rows[0][2] == audit.GENESIS
    assert all(r[2] == p[3] for p, r in itertools.pairwise(rows))
    # The guards are back after the back-fill.
    with pytest.raises(sqlcipher3.IntegrityError, match="append-only"):
        session.db.execute("UPDATE audit_log SET detail = 'x' WHERE id = 1")
    with pytest.raises(sqlcipher3.IntegrityError, match="append-only"):
        session.db.execute("DELETE FROM audit_log WHERE id = 1")
    session.close()

    # The copy taken before the migration is the file as it was.
    old = open_case_file(session.case.migrated_from_backup, PASSWORD, migrate=False)
    assert not audit.has_chain(old.db)
    assert old.db.execute("SELECT count(*) FROM audit_log").fetchone()[0] == 250
    old.close()


def test_migrating_a_file_with_an_empty_log(tmp_path):
    path = tmp_path / "tom.elevhalsa"
    _file_before_the_chain(path, 0)
    case = open_case_file(path, PASSWORD)
    assert audit.read_head(case.db) == audit.Head(0, 0, audit.GENESIS)
    assert audit.verify_chain(case.db).ok
    case.close()


# `elevhalsa check` -------------------------------------------------------------------------


def _run_check(path, *extra):
    env = {k: v for k, v in os.environ.items() if k != "ELEVHALSA_PASSWORD"}
    env["ELEVHALSA_PASSWORD"] = PASSWORD
    return subprocess.run(
        [sys.executable, "-m", "elevhalsa_desktop", "check", str(path), *extra],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


def test_check_reports_a_sound_chain_and_its_fingerprint(logged, case_path):
    head = audit.read_head(logged.db)
    third = audit.entry_hash_of(logged.db, 3)
    logged.close()
    result = _run_check(case_path, "--post", "3")
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Loggen är hel: {ENTRIES} poster i obruten kedja." in result.stdout
    assert f"(nr {ENTRIES}): {audit.fingerprint(head.hash)}" in result.stdout
    assert f"loggpost nr 3: {audit.fingerprint(third)}" in result.stdout


def test_check_exits_1_on_a_broken_chain(logged, case_path):
    _unguarded(logged.db)
    logged.db.execute("DELETE FROM audit_log WHERE id = 2")
    logged.close()
    result = _run_check(case_path)
    assert result.returncode == 1
    assert "LOGGEN ÄR BRUTEN" in result.stdout
    assert "före post 3 har tagits bort" in result.stdout
    assert "Traceback" not in result.stderr


def test_check_works_while_the_file_is_open_in_the_program(logged, case_path):
    result = _run_check(case_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Loggen är hel" in result.stdout
