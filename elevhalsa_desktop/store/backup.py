"""Encrypted backups of a case file: written, listed, thinned out, looked into and put back.

A backup is a snapshot written with ``VACUUM INTO`` on a keyed connection. With SQLCipher that
writes a consistent copy encrypted with the same key (and a salt of its own), so a backup is as
unreadable without the password as the case file itself (the tests check its first bytes, and
that it opens with the password and passes the integrity checks). SQLite does not sync the copy:
it is written under a temporary name in the target folder, synced, renamed into place and the
folder synced, so a backup is whole or not there at all, even after a pulled plug.

A backup is named ``<case file's name> <YYYY-MM-DD HHMMSS>.elevhalsa``: the name the user gave the
case file and the time, never anything about a pupil. Only files with exactly that name pattern
are ever removed when old backups are thinned out.

Copies put aside next to the case file (before an upgrade, before a restore, a damaged file) are
named ``<name> <why> <YYYY-MM-DD HHMMSS>.elevhalsa`` and are never thinned out.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import errno
import os
import re
import secrets
import shutil
import tempfile
import time
import unicodedata
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import sqlcipher3

from . import schema
from .casefile import (
    APPLICATION_ID,
    PLAIN_SQLITE_HEADER,
    SUFFIX,
    CaseFile,
    _looks_foreign,
    _quote,
    open_case_file,
    sound,
)
from .errors import (
    CannotWrite,
    CaseFileError,
    CaseFileNotFound,
    DamagedCaseFile,
    NewerVersion,
    NotACaseFile,
    OpenElsewhere,
    WrongPassword,
)
from .instance_lock import AlreadyOpen, InstanceLock

FOLDER_NAME = "Säkerhetskopior"
KEEP_DEFAULT = 10
KEEP_MIN, KEEP_MAX = 1, 100
STAMP_FORMAT = "%Y-%m-%d %H%M%S"
BEFORE_UPGRADE = "före uppgradering"
BEFORE_RESTORE = "före återställning"
DAMAGED = "skadad"

_NAME = re.compile(r"^(?P<stem>.+) (?P<stamp>\d{4}-\d{2}-\d{2} \d{6})" + re.escape(SUFFIX) + "$")
# ".<backup name>.<8 hex>.part": a backup being written (or left behind by a crash).
_PART = re.compile(r"^\.(?P<name>.+)\.[0-9a-f]{8}\.part$")
_STALE_PART_SECONDS = 24 * 3600
_COPY_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    taken_at: _dt.datetime  # local time, from the file's name
    size: int  # bytes


@dataclass(frozen=True)
class BackupContents:
    """What a backup holds, for the preview before a restore."""

    pupils: int
    plans: int  # plans and staged-return plans
    notes: int  # contact entries (notes, meetings, disclosures) and handover notes
    newest_change: str | None  # ISO time of the newest change in the audit log


class BackupFailed(CannotWrite):
    """A backup could not be written. The case file is untouched and no half copy is left."""


# Names ------------------------------------------------------------------------------------------
def _nfc(text: str) -> str:
    # macOS may hand back names in decomposed form (ö as o + ¨): compare composed.
    return unicodedata.normalize("NFC", text)


def backup_name(case_path: Path, when: _dt.datetime) -> str:
    return f"{_nfc(Path(case_path).stem)} {when.strftime(STAMP_FORMAT)}{SUFFIX}"


def default_folder(case_path: Path) -> Path:
    """The folder "Säkerhetskopior" next to the case file."""
    return Path(case_path).parent / FOLDER_NAME


def aside_path(case_path: Path, why: str, when: _dt.datetime | None = None) -> Path:
    """Where to put the case file as it is, next to it: ``<name> <why> <date>.elevhalsa``.
    Never the name of an existing file."""
    case_path = Path(case_path)
    stamp = (when or _dt.datetime.now()).strftime(STAMP_FORMAT)
    target = case_path.with_name(f"{case_path.stem} {why} {stamp}{SUFFIX}")
    number = 2
    while target.exists():
        target = case_path.with_name(f"{case_path.stem} {why} {stamp} ({number}){SUFFIX}")
        number += 1
    return target


def taken_at(path: Path, stem: str | None = None) -> _dt.datetime | None:
    """The time in a backup's name; None if the name is not a backup's (of ``stem``'s file)."""
    match = _NAME.match(_nfc(Path(path).name))
    if match is None or (stem is not None and match["stem"] != _nfc(stem)):
        return None
    try:
        return _dt.datetime.strptime(match["stamp"], STAMP_FORMAT)
    except ValueError:
        return None


# Writing ----------------------------------------------------------------------------------------
def write_snapshot(conn: sqlcipher3.Connection, target: Path) -> Path:
    """Write an encrypted, consistent copy of the database open on ``conn`` to ``target``:
    whole, or not at all (BackupFailed, with nothing left behind). An existing ``target`` is
    replaced only once the new copy is complete.

    ``conn`` must be keyed and outside a transaction; it may be read-only.
    """
    target = Path(target)
    folder = target.parent
    if not folder.is_dir():
        raise BackupFailed(
            f"Mappen {folder} finns inte (är USB-minnet eller nätverksdisken ansluten?). "
            "Ingen säkerhetskopia sparades; akten är oförändrad. Välj en annan mapp."
        )
    _probe(folder)
    part: Path | None = folder / f".{target.name}.{secrets.token_hex(4)}.part"
    try:
        conn.execute("VACUUM INTO ?", [str(part)])
        with part.open("rb") as handle:
            if handle.read(16) == PLAIN_SQLITE_HEADER:  # never a plain copy of the case data
                raise BackupFailed(
                    "Säkerhetskopian blev inte krypterad och sparades inte. Kontakta IT-stöd."
                )
        _fsync(part)
        os.replace(part, target)
        part = None
        _fsync_folder(folder)
    except (sqlcipher3.Error, OSError) as error:
        raise backup_problem(folder, error) from error
    finally:
        if part is not None:
            _remove_with_side_files(part)
    return target


def _probe(folder: Path) -> None:
    """SQLite says only "unable to open database file" for a folder it cannot write to; a
    temporary file tells why (read-only, no permission, full)."""
    try:
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as error:
        raise backup_problem(folder, error) from error


def backup_problem(folder: Path, error: BaseException) -> BackupFailed:
    text = str(error).lower()
    number = getattr(error, "errno", None)
    if number == errno.ENOSPC or "full" in text:
        why = "disken är full"
    elif number in (errno.EROFS, errno.EACCES, errno.EPERM) or any(
        word in text for word in ("readonly", "read-only", "permission", "access")
    ):
        why = "mappen är skrivskyddad eller så får programmet inte skriva där"
    else:
        why = "mappen tog inte emot filen"
    return BackupFailed(
        f"Säkerhetskopian kunde inte sparas i mappen {folder}: {why}. Ingen halv kopia finns "
        "kvar och akten är oförändrad. Välj en annan mapp, eller frigör utrymme, och försök igen."
    )


def _fsync(path: Path) -> None:
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())


def _fsync_folder(folder: Path) -> None:
    """Make a rename durable where the OS allows syncing a folder (not on Windows)."""
    with contextlib.suppress(OSError, AttributeError):
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def _remove_with_side_files(path: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            Path(str(path) + suffix).unlink()


def connect_read_only(path: Path, password: str) -> sqlcipher3.Connection:
    """A keyed connection that can only read and never creates a file: for a backup taken on
    another thread while the program has the file open (it must not see an empty new file if
    the case file has gone away meanwhile)."""
    uri = "file:" + urllib.parse.quote(Path(path).resolve().as_posix()) + "?mode=ro"
    conn = sqlcipher3.connect(uri, uri=True, isolation_level=None, check_same_thread=True)
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute("PRAGMA key = " + _quote(password))
    conn.execute("PRAGMA busy_timeout = 5000")
    return conn


def snapshot_file(case_path: Path, password: str, target: Path) -> Path:
    """``write_snapshot`` on a connection of its own (for another thread)."""
    try:
        conn = connect_read_only(case_path, password)
    except sqlcipher3.Error as error:
        raise backup_problem(Path(target).parent, error) from error
    try:
        return write_snapshot(conn, target)
    finally:
        conn.close()


# Listing and thinning out -----------------------------------------------------------------------
def backups_in(folder: Path, stem: str) -> list[BackupInfo]:
    """The backups of the case file named ``stem`` in ``folder``, newest first. A missing or
    unreadable folder has none."""
    found = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    for entry in entries:
        when = taken_at(Path(entry.name), stem)
        if when is None:
            continue
        try:
            if not entry.is_file():
                continue
            size = entry.stat().st_size
        except OSError:
            continue
        found.append(BackupInfo(Path(entry.path), when, size))
    found.sort(key=lambda info: info.taken_at, reverse=True)
    return found


def chosen_to_keep(backups: list[BackupInfo], keep: int) -> set[Path]:
    """The newest ``keep`` backups, and the newest one of every month."""
    newest_first = sorted(backups, key=lambda info: info.taken_at, reverse=True)
    kept = {info.path for info in newest_first[: max(keep, 0)]}
    months: set[tuple[int, int]] = set()
    for info in newest_first:
        month = (info.taken_at.year, info.taken_at.month)
        if month not in months:
            months.add(month)
            kept.add(info.path)
    return kept


def thin_out(folder: Path, stem: str, keep: int) -> list[Path]:
    """Remove the backups of ``stem`` in ``folder`` that ``chosen_to_keep`` does not keep, and
    parts of backups left behind by a crash more than a day ago. Only files named as our
    backups are ever removed. Returns what was removed."""
    backups = backups_in(folder, stem)
    kept = chosen_to_keep(backups, keep)
    removed = []
    for info in backups:
        if info.path not in kept:
            with contextlib.suppress(OSError):
                info.path.unlink()
                removed.append(info.path)
    removed += _remove_stale_parts(folder, stem)
    return removed


def _remove_stale_parts(folder: Path, stem: str) -> list[Path]:
    removed = []
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            match = _PART.match(entry.name)
            if match is None or taken_at(Path(match["name"]), stem) is None:
                continue
            with contextlib.suppress(OSError):
                if time.time() - entry.stat().st_mtime > _STALE_PART_SECONDS:
                    Path(entry.path).unlink()
                    removed.append(Path(entry.path))
    return removed


# Looking into a backup --------------------------------------------------------------------------
def open_checked(path: Path, password: str) -> sqlcipher3.Connection:
    """A keyed connection to a backup (or any case file) after the checks ``open_case_file``
    makes, without writing anything to it. Raises a CaseFileError with a sentence."""
    path = Path(path)
    if not path.is_file():
        raise CaseFileNotFound(path)
    reason = _looks_foreign(path)
    if reason:
        raise NotACaseFile(path, reason)
    try:
        conn = connect_read_only(path, password)
    except sqlcipher3.Error as error:
        raise DamagedCaseFile(path) from error
    try:
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlcipher3.DatabaseError:
            raise WrongPassword() from None
        if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            raise NotACaseFile(path, "är en krypterad databas från ett annat program")
        if not sound(conn):
            raise DamagedCaseFile(path)
        if _applied(conn) - schema.known_names():
            raise NewerVersion(path)
    except CaseFileError:
        conn.close()
        raise
    except sqlcipher3.DatabaseError as error:
        conn.close()
        raise DamagedCaseFile(path) from error
    return conn


def _applied(conn: sqlcipher3.Connection) -> set[str]:
    try:
        rows = conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ?", [schema.MIGRATION_SET]
        ).fetchall()
    except sqlcipher3.OperationalError:
        return set()
    return {row[0] for row in rows}


def contents(path: Path, password: str) -> BackupContents:
    """Open the backup with the password, check it, and count what it holds."""
    conn = open_checked(path, password)
    try:
        return _contents(conn)
    finally:
        conn.close()


def _count(conn: sqlcipher3.Connection, *tables: str) -> int:
    total = 0
    for table in tables:
        with contextlib.suppress(sqlcipher3.OperationalError):  # an older file lacks the table
            total += conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    return total


def _contents(conn: sqlcipher3.Connection) -> BackupContents:
    # Every change is logged, so the newest change is the newest entry that is not a reading,
    # an opening, a print or an export; read backwards along the key, it is found at once.
    row = conn.execute(
        "SELECT at FROM audit_log WHERE action IN ('created', 'changed', 'archived', 'imported')"
        " ORDER BY id DESC LIMIT 1"
    ).fetchone()
    return BackupContents(
        pupils=_count(conn, "pupil"),
        plans=_count(conn, "plan", "return_plan"),
        notes=_count(conn, "contact_entry", "handover_note"),
        newest_change=row[0] if row else None,
    )


def newest_sound(backups: list[BackupInfo], password: str) -> tuple[BackupInfo, BackupContents]:
    """The newest of ``backups`` that opens with ``password`` and passes the checks. Raises the
    refusal of the newest one when none does (LookupError when there are none)."""
    first_problem: CaseFileError | None = None
    for info in sorted(backups, key=lambda b: b.taken_at, reverse=True):
        try:
            return info, contents(info.path, password)
        except CaseFileError as problem:
            first_problem = first_problem or problem
    if first_problem is not None:
        raise first_problem
    raise LookupError("no backups")


# Putting a backup back --------------------------------------------------------------------------
def restore_closed(case_path: Path, backup: Path, password: str, *, why: str) -> Path | None:
    """Put a copy of ``backup`` in the place of the case file at ``case_path``, which no program
    has open (a damaged file, or one the command line restores). The file as it was is copied
    aside first (with its write-ahead log or journal, if it has one) as ``<name> <why> <date>.elevhalsa``;
    returns that copy's path (None if there was no file). The backup itself is never changed.

    Raises a CaseFileError (wrong password, damaged backup, open elsewhere, disk full) before
    anything has changed.
    """
    case_path = Path(case_path)
    contents(backup, password)  # refuse a backup that would not open, before anything changes
    lock = _lock(case_path)
    try:
        return put_in_place(case_path, backup, why=why)
    finally:
        lock.release()


def restore_open(
    case: CaseFile, backup: Path, password: str, *, go_on_with: Callable[[CaseFile], None]
) -> Path | None:
    """Put a copy of ``backup`` in the place of the open ``case`` and open it with ``password``.

    The file as it is is copied aside first ("före återställning"); returns that copy's path.
    The instance lock is held throughout, so no other program gets in between. ``case`` is
    closed; whatever happens, ``go_on_with`` is called with the open file to go on with: the
    restored one, or (when the restore is refused on the way, with the file unchanged) the old
    one opened again, after which the refusal is raised.
    """
    contents(backup, password)  # refused before anything changes
    path, old_password = case.path, case._password
    lock = case.instance_lock.share() if case.instance_lock is not None else None
    try:
        case.close()  # checkpointed: the file on disk is complete, its log folded in
        try:
            if _in_use(path):
                raise CannotWrite(
                    f"Akten {path.name} används just nu av en annan del av programmet (en "
                    "import eller en utskrift). Ingenting ändrades. Vänta tills den är klar och "
                    "försök igen."
                )
            aside = put_in_place(path, backup, why=BEFORE_RESTORE)
        except CaseFileError:
            go_on_with(open_case_file(path, old_password, migrate=False, _shared_lock=lock))
            raise
        go_on_with(open_case_file(path, password, _shared_lock=lock))
    finally:
        if lock is not None:
            lock.release()
    return aside


def _in_use(path: Path) -> bool:
    """When the last connection to a file in WAL mode closes, SQLite removes its log and shared
    memory: if they are still there after ours closed, another connection has the file open."""
    return any(Path(str(path) + suffix).exists() for suffix in ("-wal", "-shm"))


def _lock(case_path: Path) -> InstanceLock:
    try:
        return InstanceLock.acquire(case_path)
    except AlreadyOpen:
        raise OpenElsewhere(case_path) from None
    except OSError as error:
        raise _restore_problem(case_path, error) from error


def put_in_place(case_path: Path, backup: Path, *, why: str) -> Path | None:
    """Copy ``backup`` next to ``case_path`` under a temporary name (synced), copy the case file
    aside, then rename the copy over the case file. The caller holds the instance lock and no
    connection is open. At every moment ``case_path`` is a whole file, the old or the new."""
    case_path = Path(case_path)
    folder = case_path.parent
    staged: Path | None = folder / f".{case_path.name}.{secrets.token_hex(4)}.part"
    aside = None
    try:
        _copy_synced(Path(backup), staged)
        if case_path.exists():
            aside = aside_path(case_path, why)
            _copy_synced(case_path, aside)
            for suffix in ("-wal", "-journal"):  # what was not yet in the file goes along
                side = Path(str(case_path) + suffix)
                if side.exists() and side.stat().st_size:
                    _copy_synced(side, Path(str(aside) + suffix))
        # The old file's log and shared memory must not be applied to the new file.
        for suffix in ("-wal", "-shm", "-journal"):
            with contextlib.suppress(FileNotFoundError):
                Path(str(case_path) + suffix).unlink()
        os.replace(staged, case_path)
        staged = None
        _fsync_folder(folder)
    except OSError as error:
        if aside is not None and staged is not None:
            _remove_with_side_files(aside)  # nothing was replaced: the copy aside is not needed
        raise _restore_problem(case_path, error) from error
    finally:
        if staged is not None:
            with contextlib.suppress(OSError):
                staged.unlink()
    return aside


def _copy_synced(source: Path, target: Path) -> None:
    with source.open("rb") as reading, target.open("xb") as writing:
        shutil.copyfileobj(reading, writing, _COPY_CHUNK)
        writing.flush()
        os.fsync(writing.fileno())


def _restore_problem(case_path: Path, error: OSError) -> CannotWrite:
    text = str(error).lower()
    if error.errno == errno.ENOSPC or "full" in text:
        why = "disken där akten ligger är full"
    elif error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        why = "programmet får inte skriva i aktens mapp"
    else:
        why = "filen kunde inte kopieras"
    return CannotWrite(
        f"Säkerhetskopian kunde inte återställas: {why}. Akten {case_path.name} är oförändrad. "
        "Frigör utrymme eller kontakta IT-stöd och försök igen."
    )
