"""Create, open, check and re-key the encrypted case file.

A case file is an SQLCipher 4 database (AES-256, HMAC per page, PBKDF2 key derivation). Its
write-ahead log is encrypted page by page too. We keep the database in WAL mode with
``synchronous=FULL`` so that a save the program has acknowledged survives a crash or a pulled plug.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import sqlcipher3
from sqlite_utils import Database

from . import location, schema
from .errors import (
    CannotWrite,
    CaseFileError,
    CaseFileGone,
    CaseFileNotFound,
    CaseLocked,
    DamagedCaseFile,
    NewerVersion,
    NotACaseFile,
    OpenElsewhere,
    UnsafeLocation,
    WrongPassword,
    write_problem,
)
from .instance_lock import AlreadyOpen, InstanceLock

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
    #: Why the file's folder is unsafe (network share, cloud-synced), in Swedish, or None.
    location_warning: str | None = None
    #: The lock that keeps other instances out; shared by this file's own second connections.
    instance_lock: InstanceLock | None = field(default=None, repr=False)
    #: (st_dev, st_ino) of the file when it was opened: see ``check_still_there``.
    identity: tuple[int, int] | None = field(default=None, repr=False)
    #: While the window is locked (see ``release``): the file's salt, to know it again.
    _locked_salt: bytes | None = field(default=None, repr=False)
    #: Set by ``close``: the file is done with (a window being torn down may still ask).
    closed: bool = field(default=False, repr=False)

    @property
    def conn(self) -> sqlcipher3.Connection:
        return self.db.conn

    @contextlib.contextmanager
    def write(self) -> Iterator[Database]:
        """One transaction: everything inside is saved completely or not at all.

        Before it starts, the file must still be the one that was opened (CaseFileGone
        otherwise, with nothing written). The outermost transaction takes the write lock at once
        (BEGIN IMMEDIATE): a transaction that reads before it writes (every audit entry reads the
        head of the chain) cannot then fail because another connection wrote in between.
        A refusal from the disk (full, read-only, locked) becomes CannotWrite with a sentence for
        the user, after the transaction has been rolled back.
        """
        if self.locked:
            raise CaseLocked(self.path)
        if self.conn.in_transaction:
            transaction = self.db.atomic()  # nested: a savepoint
        else:
            self.check_still_there()
            transaction = self._immediate()
        try:
            with transaction:
                yield self.db
        except sqlcipher3.OperationalError as error:
            raise write_problem(self.path, error) from error
        except OSError as error:
            raise write_problem(self.path, error) from error

    @contextlib.contextmanager
    def _immediate(self) -> Iterator[None]:
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        try:
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    def check_still_there(self) -> None:
        """Raise CaseFileGone if the file at ``path`` is no longer the file this connection has
        open (moved, renamed, removed, or replaced by another file). One ``stat``.

        SQLite keeps writing to the file it opened, wherever it went: into a removed file that
        disappears when the program closes, or into a moved one whose write-ahead log stays
        behind under the old name. Refusing the write is the only safe answer.
        """
        try:
            now = os.stat(self.path)
        except OSError:
            raise CaseFileGone(self.path) from None
        if self.identity and now.st_ino and (now.st_dev, now.st_ino) != self.identity:
            raise CaseFileGone(self.path)

    def open_another_connection(self) -> CaseFile:
        """A second connection for work on another thread (connections are never shared).
        It shares this file's instance lock instead of being refused by it."""
        if self.locked:
            raise CaseLocked(self.path)
        self.check_still_there()
        return open_case_file(
            self.path, self._password, migrate=False, _shared_lock=self.instance_lock
        )

    def change_password(self, new_password: str) -> None:
        """Re-key every page in one transaction: after a crash the file has the old or the new key.

        SQLCipher 4 does not support re-keying a database in WAL mode, so the log is folded into
        the file first and the re-key runs under a rollback journal, which makes it atomic.
        """
        self.check_still_there()
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
        self.closed = True
        try:
            with contextlib.suppress(sqlcipher3.Error):
                self.checkpoint()
            self.conn.close()
        finally:
            self.release_lock()

    def release_lock(self) -> None:
        """Let other instances in (after the connection is closed; close() does both)."""
        lock, self.instance_lock = self.instance_lock, None
        if lock is not None:
            lock.release()

    # The lock ---------------------------------------------------------------------------------
    @property
    def locked(self) -> bool:
        return self._locked_salt is not None

    def release(self) -> bool:
        """Lock: close the connection and forget the password, but keep the instance lock (the
        file stays this program's). SQLCipher derives the key inside the connection and
        overwrites it with zeros when the connection closes; the password string is dropped
        (Python cannot overwrite a str, but nothing here refers to it any more). Every use of
        the file raises CaseLocked until ``reopen``.

        False, and nothing done, while a transaction is open (closing would roll it back)."""
        if self.locked:
            return True
        if self.conn.in_transaction:
            return False
        try:
            salt = _salt_of(self.path)
        except OSError:
            salt = b""  # gone already: reopen will say so
        with contextlib.suppress(sqlcipher3.Error):
            self.checkpoint()
        self.conn.close()
        self._password = ""
        self._locked_salt = salt
        return True

    def reopen(self, password: str) -> None:
        """Unlock after ``release``: the same file (same place, same file, same salt) with its
        password. WrongPassword, CaseFileNotFound or CaseFileGone leave it locked."""
        if not self.locked:
            return
        if not self.path.exists():
            raise CaseFileNotFound(self.path)
        self.check_still_there()
        try:
            same = _salt_of(self.path) == self._locked_salt
        except OSError:
            same = False
        if not same:
            raise CaseFileGone(self.path)
        try:
            conn = connect_keyed(self.path, password)
        except sqlcipher3.Error as error:
            raise write_problem(self.path, error) from error
        try:
            try:
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            except sqlcipher3.DatabaseError:
                raise WrongPassword() from None
            (app_id,) = conn.execute("PRAGMA application_id").fetchone()
            if app_id != APPLICATION_ID:
                raise CaseFileGone(self.path)
            _configure(conn)
        except BaseException:
            conn.close()
            raise
        self.db = Database(conn)
        self._password = password
        self._locked_salt = None


def _salt_of(path: Path) -> bytes:
    """The first 16 bytes of an SQLCipher file: its random salt, which tells two files apart."""
    with Path(path).open("rb") as handle:
        return handle.read(16)


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
    unsafe = location.risk(path)
    if unsafe is not None:
        raise UnsafeLocation(path, unsafe.reason)
    _probe_folder(path)
    lock = _lock(path)
    conn = None
    try:
        conn = connect_keyed(path, password)
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        _configure(conn)
        db = Database(conn)
        schema.migrations.apply(db)
        identity = _identity(path)
    except (sqlcipher3.Error, OSError) as error:
        if conn is not None:
            conn.close()
        remove_partial(path)
        lock.release()
        raise write_problem(path, error) from error
    return CaseFile(path=path, db=db, _password=password, instance_lock=lock, identity=identity)


def _lock(path: Path) -> InstanceLock:
    try:
        return InstanceLock.acquire(path)
    except AlreadyOpen:
        raise OpenElsewhere(path) from None
    except OSError as error:  # the folder takes no lock file: read-only, full
        raise write_problem(path, error) from error


def _identity(path: Path) -> tuple[int, int]:
    st = os.stat(path)
    return (st.st_dev, st.st_ino)


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


def open_case_file(
    path: Path,
    password: str,
    *,
    migrate: bool = True,
    lock: bool = True,
    _shared_lock: InstanceLock | None = None,
) -> CaseFile:
    """Open and unlock a case file, check it, and bring an older file up to the current schema.

    Raises a CaseFileError subclass with a sentence for the user. None of the refusals (wrong
    password, foreign, damaged or newer file, open in another instance) writes anything to the
    file. ``lock=False`` (``elevhalsa check``, which only reads) opens it without taking the
    instance lock, so it works while the program has the file open.
    """
    path = Path(path)
    if not path.exists():
        raise CaseFileNotFound(path)
    reason = _looks_foreign(path)
    if reason:
        raise NotACaseFile(path, reason)
    if _shared_lock is not None:
        instance_lock: InstanceLock | None = _shared_lock.share()
    else:
        instance_lock = _lock(path) if lock else None
    try:
        case = _open_keyed(path, password, migrate, instance_lock)
    except BaseException:
        if instance_lock is not None:
            instance_lock.release()
        raise
    if _shared_lock is None:
        unsafe = location.risk(path)
        case.location_warning = unsafe.reason if unsafe else None
    return case


def _open_keyed(
    path: Path, password: str, migrate: bool, instance_lock: InstanceLock | None
) -> CaseFile:
    try:
        conn = connect_keyed(path, password)
    except sqlcipher3.Error as error:
        raise write_problem(path, error) from error
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
        case = CaseFile(
            path=path,
            db=db,
            _password=password,
            instance_lock=instance_lock,
            identity=_identity(path),
        )
        if migrate and schema.migrations.pending(db):
            case.migrated_from_backup = _backup_then_migrate(case)
        return case
    except CaseFileError:
        conn.close()
        raise
    except sqlcipher3.DatabaseError as error:
        conn.close()
        raise DamagedCaseFile(path) from error
    except OSError as error:
        conn.close()
        raise write_problem(path, error) from error


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


def _backup_then_migrate(case: CaseFile) -> Path:
    """Write an encrypted snapshot of the file as it is next to it (``<name> före uppgradering
    <date>.elevhalsa``, whole or not at all: see store/backup.py), then migrate."""
    from . import backup  # backup builds on this module

    target = backup.write_snapshot(case.conn, backup.aside_path(case.path, backup.BEFORE_UPGRADE))
    try:
        schema.migrations.apply(case.db)
    except (sqlcipher3.Error, OSError) as error:
        raise write_problem(case.path, error) from error
    return target
