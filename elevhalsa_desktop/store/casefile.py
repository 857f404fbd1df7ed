"""Create, open, check and re-key the encrypted case file.

A case file is an SQLCipher 4 database (AES-256, HMAC per page, PBKDF2 key derivation). Its
write-ahead log is encrypted page by page too. We keep the database in WAL mode with
``synchronous=FULL`` so that a save the program has acknowledged survives a crash or a pulled plug.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import sqlcipher3
from sqlite_utils import Database

from . import schema
from .errors import (
    CannotWrite,
    CaseFileError,
    CaseFileNotFound,
    DamagedCaseFile,
    NewerVersion,
    NotACaseFile,
    WrongPassword,
    write_problem,
)

SUFFIX = ".elevhalsa"
#: Written into the (encrypted) database header so another program's SQLCipher file is recognised.
APPLICATION_ID = 0x45484C53  # "EHLS"
PLAIN_SQLITE_HEADER = b"SQLite format 3\x00"
_MIN_SIZE = 1024
KNOWN_SIGNATURES = (
    b"%PDF",
    b"PK\x03\x04",
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"\xd0\xcf\x11\xe0",
    b"{\\rtf",
)


@dataclass
class CaseFile:
    """An open case file: one connection, owned by the thread that opened it."""

    path: Path
    db: Database
    _password: str = field(repr=False)
    migrated_from_backup: Path | None = None

    @property
    def conn(self) -> sqlcipher3.Connection:
        return self.db.conn

    @contextlib.contextmanager
    def write(self) -> Iterator[Database]:
        """One transaction: everything inside is saved completely or not at all.

        A refusal from the disk (full, read-only, locked) becomes CannotWrite with a sentence for
        the user, after the transaction has been rolled back.
        """
        try:
            with self.db.atomic():
                yield self.db
        except sqlcipher3.OperationalError as error:
            raise write_problem(self.path, error) from error
        except OSError as error:
            raise write_problem(self.path, error) from error

    def open_another_connection(self) -> CaseFile:
        """A second connection for work on another thread (connections are never shared)."""
        return open_case_file(self.path, self._password, migrate=False)

    def change_password(self, new_password: str) -> None:
        """Re-key every page in one transaction: after a crash the file has the old or the new key.

        SQLCipher 4 does not support re-keying a database in WAL mode, so the log is folded into
        the file first and the re-key runs under a rollback journal, which makes it atomic.
        """
        try:
            self.checkpoint()
            self.conn.execute("PRAGMA journal_mode = DELETE")
            try:
                self.conn.execute("PRAGMA rekey = " + _quote(new_password))
            finally:
                self.conn.execute("PRAGMA journal_mode = WAL")
        except sqlcipher3.Error as error:
            raise write_problem(self.path, error) from error
        self._password = new_password

    def checkpoint(self) -> None:
        """Fold the write-ahead log into the main file (before copying the file, for example)."""
        self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def close(self) -> None:
        with contextlib.suppress(sqlcipher3.Error):
            self.checkpoint()
        self.conn.close()


def _quote(text: str) -> str:
    # PRAGMA key does not take bound parameters; a doubled quote is SQL's own escape.
    return "'" + text.replace("'", "''") + "'"


def connect_keyed(path: Path, password: str) -> sqlcipher3.Connection:
    conn = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=True)
    # SQLCipher logs decryption failures to stderr by default; a wrong password is not an error
    # worth a log line, and the log must never tell anything about the file.
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute("PRAGMA key = " + _quote(password))
    return conn


def _configure(conn: sqlcipher3.Connection) -> None:
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA secure_delete = ON")
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute("PRAGMA busy_timeout = 5000")


def create_case_file(path: Path, password: str) -> CaseFile:
    """Create a new, empty case file with the current schema. Refuses to overwrite a file."""
    path = Path(path)
    if path.suffix != SUFFIX:
        path = path.with_name(path.name + SUFFIX)
    if path.exists():
        raise CannotWrite(f"Det finns redan en fil som heter {path.name}. Välj ett annat namn.")
    if not path.parent.is_dir():
        raise CannotWrite(f"Mappen {path.parent} finns inte. Välj en annan mapp.")
    _probe_folder(path)
    conn = None
    try:
        conn = connect_keyed(path, password)
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        _configure(conn)
        db = Database(conn)
        schema.migrations.apply(db)
    except (sqlcipher3.Error, OSError) as error:
        if conn is not None:
            conn.close()
        remove_partial(path)
        raise write_problem(path, error) from error
    return CaseFile(path=path, db=db, _password=password)


def _probe_folder(path: Path) -> None:
    """Find out before creating anything whether the folder takes files at all: SQLite's own
    error for a read-only folder ("unable to open database file") does not say why."""
    try:
        with tempfile.TemporaryFile(dir=path.parent):
            pass
    except OSError as error:
        raise write_problem(path, error) from error


def remove_partial(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(OSError):
            Path(str(path) + suffix).unlink()


def _looks_foreign(path: Path) -> str | None:
    """A reason why the file cannot be a case file, judged from its size and first bytes alone."""
    if path.is_dir():
        return "är en mapp, inte en elevhälsoakt"
    size = path.stat().st_size
    with path.open("rb") as handle:
        head = handle.read(16)
    if head == PLAIN_SQLITE_HEADER:
        return "är en okrypterad databas, inte en elevhälsoakt"
    # An encrypted file starts with a random 16-byte salt. Known file signatures (PDF, Office,
    # ZIP, images) and plain text start with readable bytes, which a random salt almost never is
    # (odds about 1 in 10 million).
    if head.startswith(KNOWN_SIGNATURES) or all(32 <= b < 127 or b in b"\t\r\n" for b in head):
        return "är inte en elevhälsoakt"
    if size < _MIN_SIZE or size % 512:
        return "är inte en elevhälsoakt, eller så är den skadad"
    return None


def open_case_file(path: Path, password: str, *, migrate: bool = True) -> CaseFile:
    """Open and unlock a case file, check it, and bring an older file up to the current schema.

    Raises a CaseFileError subclass with a sentence for the user. None of the refusals (wrong
    password, foreign, damaged or newer file) writes anything to the file.
    """
    path = Path(path)
    if not path.exists():
        raise CaseFileNotFound(path)
    reason = _looks_foreign(path)
    if reason:
        raise NotACaseFile(path, reason)

    conn = connect_keyed(path, password)
    try:
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlcipher3.DatabaseError:
            raise WrongPassword() from None
        (app_id,) = conn.execute("PRAGMA application_id").fetchone()
        if app_id != APPLICATION_ID:
            raise NotACaseFile(path, "är en krypterad databas från ett annat program")
        if not sound(conn):
            raise DamagedCaseFile(path)
        db = Database(conn)
        applied = {m.name for m in schema.migrations.applied(db)}
        if applied - schema.known_names():
            raise NewerVersion(path)
        _configure(conn)
        case = CaseFile(path=path, db=db, _password=password)
        if migrate and schema.migrations.pending(db):
            case.migrated_from_backup = _backup_then_migrate(case)
        return case
    except CaseFileError:
        conn.close()
        raise
    except sqlcipher3.DatabaseError as error:
        conn.close()
        raise DamagedCaseFile(path) from error


def sound(conn: sqlcipher3.Connection) -> bool:
    """SQLCipher's page-HMAC check and SQLite's quick structural check."""
    try:
        if conn.execute("PRAGMA cipher_integrity_check").fetchall():
            return False
        return conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    except sqlcipher3.DatabaseError:
        return False


def integrity_report(case: CaseFile) -> list[str]:
    """The full checks, for ``elevhalsa check``: an empty list means the file is sound."""
    problems = [row[0] for row in case.conn.execute("PRAGMA cipher_integrity_check")]
    problems += [row[0] for row in case.conn.execute("PRAGMA integrity_check") if row[0] != "ok"]
    problems += [f"foreign key: {row[0]}" for row in case.conn.execute("PRAGMA foreign_key_check")]
    return problems


def backup_path_for(path: Path, when: _dt.datetime | None = None) -> Path:
    stamp = (when or _dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    return path.with_name(f"{path.stem}.fore-uppgradering-{stamp}{SUFFIX}")


def _backup_then_migrate(case: CaseFile) -> Path:
    """Copy the (still encrypted) file aside, then migrate. The copy is made from a checkpointed
    file while we hold the write lock, so it is a consistent snapshot."""
    target = backup_path_for(case.path)
    try:
        case.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        case.conn.execute("BEGIN IMMEDIATE")
        try:
            shutil.copy2(case.path, target)
        finally:
            case.conn.execute("ROLLBACK")
        schema.migrations.apply(case.db)
    except (sqlcipher3.Error, OSError) as error:
        raise write_problem(case.path, error) from error
    return target
