"""The case file's promises: encrypted on disk, refusals change nothing, migrations back up first."""

import hashlib
import sqlite3
from pathlib import Path

import pytest
import sqlcipher3
from sqlite_utils import Database

from elevhalsa_desktop.domain.pupil import Pupil
from elevhalsa_desktop.services.pupils import PupilService
from elevhalsa_desktop.services.session import create_case, open_case
from elevhalsa_desktop.store import schema
from elevhalsa_desktop.store.casefile import (
    APPLICATION_ID,
    create_case_file,
    integrity_report,
    open_case_file,
)
from elevhalsa_desktop.store.errors import (
    CannotWrite,
    CaseFileNotFound,
    DamagedCaseFile,
    NewerVersion,
    NotACaseFile,
    WrongPassword,
)
from tests.conftest import PASSWORD

CANARY = "Xylofonia Kanariefågelsdotter"


def file_bytes(path: Path) -> bytes:
    data = path.read_bytes()
    for suffix in ("-wal", "-shm"):
        extra = Path(str(path) + suffix)
        if extra.exists():
            data += extra.read_bytes()
    return data


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_file_wal_and_shm_hold_no_readable_name_table_or_header(session, pupils, case_path):
    given, family = CANARY.split()
    pupils.create(Pupil(given_name=given, family_name=family, notes="Anteckning om hemmet"))
    wal = Path(str(case_path) + "-wal")
    assert wal.exists() and wal.stat().st_size > 0, "the save should still be in the WAL"
    raw = file_bytes(case_path)
    assert case_path.read_bytes()[:16] != b"SQLite format 3\x00"
    for needle in (given, family, "Anteckning", "pupil", "audit_log", "CREATE TABLE", "Testskolan"):
        assert needle.encode() not in raw, needle
        assert needle.encode("utf-16-le") not in raw, needle
    session.close()
    raw = file_bytes(case_path)
    assert given.encode() not in raw and b"SQLite format 3" not in raw


def test_plain_sqlite_cannot_read_the_file(session, case_path):
    session.close()
    conn = sqlite3.connect(case_path)
    with pytest.raises(sqlite3.DatabaseError):
        conn.execute("SELECT * FROM sqlite_master").fetchall()
    conn.close()


def test_wrong_password_is_refused_without_touching_the_file(session, case_path):
    session.close()
    before = digest(case_path)
    with pytest.raises(WrongPassword, match="Lösenordet stämmer inte"):
        open_case(case_path, "fel lösenord här")
    assert digest(case_path) == before
    assert not Path(str(case_path) + "-wal").exists()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "inte en elevh"),
        (b"Hej! Det h\xc3\xa4r \xc3\xa4r en textfil.\n" * 200, "inte en elevh"),
        (b"%PDF-1.7\n" + bytes(4087), "inte en elevh"),
    ],
)
def test_foreign_files_are_named_as_such_and_left_alone(tmp_path, content, expected):
    path = tmp_path / "annan.elevhalsa"
    path.write_bytes(content)
    with pytest.raises(NotACaseFile, match=expected):
        open_case_file(path, PASSWORD)
    assert path.read_bytes() == content


def test_a_plain_sqlite_database_is_recognised(tmp_path):
    path = tmp_path / "vanlig.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(NotACaseFile, match="okrypterad databas"):
        open_case_file(path, PASSWORD)


def test_another_programs_encrypted_database_is_recognised(tmp_path):
    path = tmp_path / "annat.db"
    conn = sqlcipher3.connect(str(path))
    conn.execute("PRAGMA key = 'samma lösenord'")
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(NotACaseFile, match="annat program"):
        open_case_file(path, "samma lösenord")


def test_missing_file_says_so(tmp_path):
    with pytest.raises(CaseFileNotFound, match="finns inte"):
        open_case_file(tmp_path / "borta.elevhalsa", PASSWORD)


def test_a_damaged_page_is_detected_and_the_file_left_as_it_was(session, pupils, case_path):
    for n in range(40):
        pupils.create(Pupil(given_name=f"Elev{n}", family_name="Testsson", notes="x" * 500))
    session.close()
    data = bytearray(case_path.read_bytes())
    assert len(data) > 5 * 4096
    data[3 * 4096 + 100 : 3 * 4096 + 120] = bytes(20)  # garble part of page 4
    case_path.write_bytes(bytes(data))
    before = digest(case_path)
    with pytest.raises(DamagedCaseFile, match="skadad"):
        open_case_file(case_path, PASSWORD)
    assert digest(case_path) == before


def test_a_file_from_a_newer_version_is_refused_unchanged(session, case_path):
    session.db["_sqlite_migrations"].insert(
        {"migration_set": schema.MIGRATION_SET, "name": "9999_from_the_future", "applied_at": "x"}
    )
    session.close()
    before = digest(case_path)
    with pytest.raises(NewerVersion, match="nyare version"):
        open_case_file(case_path, PASSWORD)
    assert digest(case_path) == before


def test_an_empty_file_gets_the_whole_schema(tmp_path):
    case = create_case_file(tmp_path / "ny", PASSWORD)
    assert case.path.name == "ny.elevhalsa"
    assert not schema.migrations.pending(case.db)
    assert {"pupil", "guardian", "audit_log", "app_user", "case_setting"} <= set(
        case.db.table_names()
    )
    assert case.conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert case.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert case.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert case.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    case.close()


def test_an_older_file_is_backed_up_then_migrated(tmp_path):
    path = tmp_path / "gammal.elevhalsa"
    case = (
        create_case_file.__wrapped__(path, PASSWORD)
        if hasattr(create_case_file, "__wrapped__")
        else None
    )
    # Build a file as the first release wrote it: only the first migration applied.
    conn = sqlcipher3.connect(str(path), isolation_level=None)
    conn.execute(f"PRAGMA key = '{PASSWORD}'")
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("PRAGMA journal_mode = WAL")
    schema.migrations.apply(Database(conn), stop_before="0002_pupil_register")
    conn.execute("INSERT INTO case_setting VALUES ('school_name', 'Gamla skolan')")
    conn.close()

    case = open_case_file(path, PASSWORD)
    backup = case.migrated_from_backup
    assert backup is not None and backup.exists() and backup.parent == path.parent
    assert backup.read_bytes()[:16] != b"SQLite format 3\x00"
    assert "pupil" in case.db.table_names()
    case.close()

    old = open_case_file(backup, PASSWORD, migrate=False)
    assert "pupil" not in old.db.table_names()
    assert old.conn.execute("SELECT value FROM case_setting").fetchone()[0] == "Gamla skolan"
    old.close()


def test_change_password_rekeys_the_file(session, pupils, case_path):
    pupils.create(Pupil(given_name="Alva", family_name="Öberg"))
    session.change_password(PASSWORD, "ett helt nytt lösenord", "ett helt nytt lösenord")
    session.close()
    with pytest.raises(WrongPassword):
        open_case(case_path, PASSWORD)
    reopened = open_case(case_path, "ett helt nytt lösenord")
    assert [r.given_name for r in PupilService(reopened).rows()] == ["Alva"]
    assert integrity_report(reopened.case) == []
    reopened.close()


def test_the_audit_log_cannot_be_changed_or_emptied(session):
    with pytest.raises(sqlcipher3.IntegrityError, match="append-only"):
        session.db.execute("UPDATE audit_log SET detail = 'ändrat'")
    with pytest.raises(sqlcipher3.IntegrityError, match="append-only"):
        session.db.execute("DELETE FROM audit_log")


def test_creating_in_a_read_only_folder_says_so_and_leaves_nothing(tmp_path):
    from tests.filesystems import read_only_dir

    with read_only_dir(tmp_path) as folder:
        with pytest.raises(CannotWrite, match="skrivskyddad"):
            create_case(folder / "akt", PASSWORD, PASSWORD, school_name="S", user_name="U")
        assert list(folder.iterdir()) == []


def test_creating_on_a_full_disk_says_so_and_leaves_nothing(tmp_path):
    from tests.filesystems import small_disk

    with small_disk(tmp_path, size="40k") as folder:
        (folder / "fyllnad").write_bytes(bytes(36 * 1024))
        with pytest.raises(CannotWrite, match="full"):
            create_case(folder / "akt", PASSWORD, PASSWORD, school_name="S", user_name="U")
        assert [p.name for p in folder.iterdir()] == ["fyllnad"]


def test_a_save_that_fills_the_disk_is_rolled_back_whole(tmp_path):
    from tests.filesystems import small_disk

    with small_disk(tmp_path, size="4m") as folder:
        session = create_case(folder / "akt", PASSWORD, PASSWORD, school_name="S", user_name="U")
        pupils = PupilService(session)
        pupils.create(Pupil(given_name="Först", family_name="Sparad"))
        # Room that the "user" frees afterwards, so the file can be opened again.
        (folder / "fyllnad").write_bytes(bytes(512 * 1024))
        with pytest.raises(CannotWrite, match="full"):
            for n in range(10_000):
                pupils.create(Pupil(given_name=f"Elev{n}", family_name="Fyllnad", notes="x" * 5000))
        saved = len(pupils.rows())
        assert saved >= 1
        session.close()
        (folder / "fyllnad").unlink(missing_ok=True)
        reopened = open_case(folder / "akt.elevhalsa", PASSWORD)
        # Every acknowledged save is there, the refused one is not half-there.
        assert len(PupilService(reopened).rows()) == saved
        assert integrity_report(reopened.case) == []
        reopened.close()
