"""Backups of the open case file, and putting one back.

Where backups go is a choice per computer (a USB stick is E:\\ on one laptop and /media/... on
another), so the folder is given to the service by its caller: the window reads it from the
computer's own settings, the command line takes it as an argument. Without a choice the folder
is "Säkerhetskopior" next to the case file. How many to keep is the school's choice and lives in
the case file, so every computer that opens the file keeps the same number. So does the time of
the last backup, which decides whether a daily one is due.

Every backup and every restore is logged: who and when, never a path or anything about a pupil.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import sqlcipher3

from ..domain.pupil import ValidationError
from ..store import audit, backup, users
from ..store.backup import BackupContents, BackupInfo
from ..store.casefile import SUFFIX
from ..store.errors import CannotWrite, CaseFileError, CaseLocked
from .session import CaseSession, open_case

KEEP_KEY = "backup_keep"
LAST_KEY = "backup_last_at"
#: A backup while the program runs, at most this often.
DUE_AFTER = _dt.timedelta(days=1)
# Why a backup was taken, for the log entry.
ON_REQUEST = "på begäran"
DAILY = "daglig"
ON_CLOSE = "när akten stängdes"


@dataclass(frozen=True)
class RestorePreview:
    taken_at: _dt.datetime
    counts: BackupContents


@dataclass(frozen=True)
class BackupJob:
    """Everything one backup needs, gathered on the thread that owns the session, so that
    ``run`` can go on any thread (on its own connection there)."""

    case_path: Path
    target: Path
    keep: int | None  # thin out the folder to this many (None: a file named by the user)
    create_folder: bool
    when: _dt.datetime
    why: str
    _password: str = field(repr=False)

    def run(self, conn=None) -> Path:
        """Write the backup and thin out the older ones. With ``conn`` (the session's own, on
        its thread) the snapshot is read from it; without, from a read-only connection of the
        job's own. Raises BackupFailed with a sentence."""
        folder = self.target.parent
        if self.create_folder and not folder.is_dir():
            try:
                folder.mkdir()
            except OSError as error:
                raise backup.backup_problem(folder, error) from error
        if conn is not None:
            backup.write_snapshot(conn, self.target)
        else:
            backup.snapshot_file(self.case_path, self._password, self.target)
        if self.keep:
            backup.thin_out(folder, self.case_path.stem, self.keep)
        return self.target

    def __call__(self, _progress: Callable[[int, int], None] | None = None) -> Path:
        """For BackgroundTask, which calls its work with a progress callback."""
        return self.run()


class BackupService:
    def __init__(self, session: CaseSession, folder: Path | None = None):
        self.session = session
        #: The folder chosen on this computer, or None for the one next to the case file.
        self.chosen_folder = Path(folder) if folder else None

    @property
    def folder(self) -> Path:
        return self.chosen_folder or backup.default_folder(self.session.path)

    def folders(self) -> list[Path]:
        """Where this file's backups may be: the chosen folder and the one next to the file."""
        return _unique([self.folder, backup.default_folder(self.session.path)])

    # Settings ---------------------------------------------------------------------------------
    def keep(self) -> int:
        value = users.get_setting(self.session.db, KEEP_KEY, str(backup.KEEP_DEFAULT))
        try:
            return min(max(int(value), backup.KEEP_MIN), backup.KEEP_MAX)
        except ValueError:
            return backup.KEEP_DEFAULT

    def save_keep(self, keep: int) -> None:
        if not backup.KEEP_MIN <= keep <= backup.KEEP_MAX:
            raise ValidationError(
                {
                    KEEP_KEY: f"Välj mellan {backup.KEEP_MIN} och {backup.KEEP_MAX} "
                    "säkerhetskopior att behålla."
                }
            )
        if keep == self.keep():
            return
        with self.session.case.write() as db:
            users.set_setting(db, KEEP_KEY, str(keep))
            self.session.log(audit.Action.CHANGED, detail="inställningar: säkerhetskopior")

    def last_backup(self) -> _dt.datetime | None:
        value = users.get_setting(self.session.db, LAST_KEY)
        try:
            return _dt.datetime.fromisoformat(value) if value else None
        except ValueError:
            return None

    def can_back_up(self) -> bool:
        """False while the window is locked (the password is not in memory) or once the session
        has been closed: then there is nothing to take a backup from."""
        if self.session.locked:
            return False
        try:
            self.session.case.conn.execute("SELECT 1")
        except sqlcipher3.ProgrammingError:  # closed
            return False
        return True

    def is_due(self, now: _dt.datetime | None = None) -> bool:
        if not self.can_back_up():
            return False
        last = self.last_backup()
        now = (now or _dt.datetime.now()).astimezone()
        return last is None or now - last.astimezone() >= DUE_AFTER

    # Taking a backup --------------------------------------------------------------------------
    def job(
        self, dest: Path | None = None, *, why: str = ON_REQUEST, now: _dt.datetime | None = None
    ) -> BackupJob:
        """A backup into ``dest`` (a folder; or a new file ending in .elevhalsa), by default
        into the chosen folder or "Säkerhetskopior" next to the case file (made if need be)."""
        when = (now or _dt.datetime.now()).replace(microsecond=0)
        path = self.session.path
        keep: int | None = self.keep()
        if dest is None:
            folder = self.folder
            create = self.chosen_folder is None  # a chosen folder that is missing: say so
            target = folder / backup.backup_name(path, when)
        elif Path(dest).suffix == SUFFIX and not Path(dest).is_dir():
            target, keep, create = Path(dest), None, False
            if target.exists():
                raise CannotWrite(
                    f"Det finns redan en fil som heter {target.name}. Välj ett annat namn "
                    "eller en mapp."
                )
        else:
            target, create = Path(dest) / backup.backup_name(path, when), False
        return BackupJob(path, target, keep, create, when, why, self.session.case._password)

    def backup_now(
        self, dest: Path | None = None, *, why: str = ON_REQUEST, now: _dt.datetime | None = None
    ) -> Path:
        """Write a backup on this thread, from the session's own connection; returns its path.
        Raises BackupFailed (a CaseFileError) with a sentence; the case file is untouched."""
        if self.session.locked:
            raise self._locked()
        job = self.job(dest, why=why, now=now)
        job.run(self.session.case.conn)
        self.record(job)
        return job.target

    def record(self, job: BackupJob) -> bool:
        """Log a finished backup and remember its time. A file that refuses the write (gone,
        full) does not undo the backup: False then."""
        try:
            with self.session.case.write() as db:
                users.set_setting(db, LAST_KEY, job.when.astimezone().isoformat("T", "seconds"))
                self.session.log(audit.Action.BACKED_UP, detail=f"säkerhetskopia, {job.why}")
        except CaseFileError:
            return False
        return True

    def backup_if_due(self, now: _dt.datetime | None = None) -> Path | None:
        """A backup if the last one is a day old or more (or there is none); else None."""
        if not self.is_due(now):
            return None
        return self.backup_now(why=DAILY, now=now)

    # Backups there are ------------------------------------------------------------------------
    def backups(self, folder: Path | None = None) -> list[BackupInfo]:
        """This file's backups in ``folder`` (else in the folders it may have), newest first."""
        return list_backups(self.session.path, [folder] if folder else self.folders())

    def preview(self, path: Path, password: str | None = None) -> RestorePreview:
        """What the backup holds; ``password`` None: the password the case file has now."""
        return preview(path, self._password(password))

    # Restoring --------------------------------------------------------------------------------
    def restore(self, path: Path, password: str | None = None) -> Path | None:
        """Replace the case file with the backup at ``path`` (opened with ``password``, None:
        the password the case file has now) and go on in it, in the same session. The file as it was is copied aside first; returns where.
        Refused with a CaseFileError before anything changes (wrong password, damaged backup,
        full disk); the session then goes on in the file as it was."""
        if self.session.locked:
            raise self._locked()
        when = _taken_at(Path(path))
        aside = backup.restore_open(
            self.session.case,
            Path(path),
            self._password(password),
            go_on_with=self.session.switch_to,
        )
        _log_restore(self.session, when)
        return aside

    def _password(self, password: str | None) -> str:
        if password is not None:
            return password
        if self.session.locked:
            raise self._locked()
        return self.session.case._password

    def _locked(self) -> CaseFileError:
        return CaseLocked(self.session.path)


def list_backups(case_path: Path, folders: list[Path]) -> list[BackupInfo]:
    """The backups of the case file at ``case_path`` in ``folders``, newest first."""
    found = {}
    for folder in _unique(folders):
        for info in backup.backups_in(folder, Path(case_path).stem):
            found.setdefault(info.path.resolve(), info)
    return sorted(found.values(), key=lambda info: info.taken_at, reverse=True)


def preview(path: Path, password: str) -> RestorePreview:
    """What the backup at ``path`` holds, after opening it with ``password`` and checking it.
    Raises a CaseFileError with a sentence (wrong password, damaged, not a case file)."""
    counts = backup.contents(Path(path), password)
    return RestorePreview(_taken_at(Path(path)), counts)


def restore_file(
    case_path: Path,
    backup_path: Path,
    password: str,
    *,
    why: str = backup.BEFORE_RESTORE,
    user_id: str | None = None,
) -> tuple[CaseSession, Path | None]:
    """Put the backup in the place of a case file that is not open (a damaged one, or from the
    command line) and open it; the file as it was is kept aside (``why`` names the copy).
    Returns the open session and the copy's path."""
    when = _taken_at(Path(backup_path))
    aside = backup.restore_closed(Path(case_path), Path(backup_path), password, why=why)
    session = open_case(Path(case_path), password, user_id)
    _log_restore(session, when)
    return session, aside


def _log_restore(session: CaseSession, taken: _dt.datetime) -> None:
    with session.case.write():
        session.log(
            audit.Action.RESTORED,
            detail=f"från säkerhetskopia tagen {taken:%Y-%m-%d %H:%M}; "
            "akten som den var sparades som kopia",
        )


def _taken_at(path: Path) -> _dt.datetime:
    """The time in a backup's name; for a file named otherwise, when it was last written."""
    when = backup.taken_at(path)
    if when is not None:
        return when
    try:
        return _dt.datetime.fromtimestamp(path.stat().st_mtime).replace(microsecond=0)
    except OSError:
        return _dt.datetime.now().replace(microsecond=0)


def _unique(folders: list[Path]) -> list[Path]:
    seen, result = set(), []
    for folder in folders:
        key = Path(folder).resolve() if Path(folder).exists() else Path(folder).absolute()
        if key not in seen:
            seen.add(key)
            result.append(Path(folder))
    return result
