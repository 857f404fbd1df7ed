"""An unlocked case file together with the person using it.

Everything the program does with a case file goes through a ``CaseSession`` and the services built
on it; they write the audit entries, so the UI never touches SQL.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from pathlib import Path

from ..domain import password as password_rules
from ..domain.people import SCHOOL_NAME_MAX, USER_NAME_MAX, Role
from ..domain.pupil import ValidationError
from ..store import audit, location, users
from ..store.casefile import CaseFile, create_case_file, open_case_file, remove_partial
from ..store.errors import CaseFileError, CaseLocked, WrongPassword

AUTO_LOCK_DEFAULT_MINUTES = 5
AUTO_LOCK_CHOICES = (1, 2, 5, 10, 15, 30, 60)
#: The marking in the header of every printed page. The school may write its own.
MARKING_CONFIDENTIAL = "Sekretess enligt OSL 23 kap. 2 §"
MARKING_PUBLIC = "Allmän handling"
MARKING_MAX = 80


@dataclass(frozen=True)
class CaseSettings:
    school_name: str
    user_name: str
    role: Role
    auto_lock_minutes: int
    document_marking: str = MARKING_CONFIDENTIAL


class CaseSession:
    def __init__(self, case: CaseFile, user: users.User):
        self.case = case
        self.user = user

    @property
    def path(self) -> Path:
        return self.case.path

    @property
    def db(self):
        if self.case.locked:
            raise CaseLocked(self.case.path)
        return self.case.db

    def log(self, action: audit.Action, pupil_id: str | None = None, detail: str = "") -> None:
        audit.append(
            self.db,
            user_id=self.user.id,
            user_name=self.user.name,
            action=action,
            pupil_id=pupil_id,
            detail=detail,
        )

    # Settings ---------------------------------------------------------------------------------
    def settings(self) -> CaseSettings:
        minutes = users.get_setting(self.db, "auto_lock_minutes", str(AUTO_LOCK_DEFAULT_MINUTES))
        return CaseSettings(
            school_name=users.get_setting(self.db, "school_name"),
            user_name=self.user.name,
            role=self.user.role,
            auto_lock_minutes=int(minutes),
            document_marking=users.get_setting(self.db, "document_marking", MARKING_CONFIDENTIAL),
        )

    @property
    def school_name(self) -> str:
        return users.get_setting(self.db, "school_name")

    def save_settings(self, new: CaseSettings) -> CaseSettings:
        school = " ".join(new.school_name.split())
        user_name = " ".join(new.user_name.split())
        problems = _identity_problems(school, user_name)
        if new.auto_lock_minutes not in AUTO_LOCK_CHOICES:
            problems["auto_lock_minutes"] = (
                "Välj en av de föreslagna tiderna för automatisk låsning."
            )
        marking = " ".join(new.document_marking.split())
        if not marking:
            problems["document_marking"] = "Välj eller skriv en märkning för utskrifterna."
        elif len(marking) > MARKING_MAX:
            problems["document_marking"] = f"Märkningen får vara högst {MARKING_MAX} tecken."
        if problems:
            raise ValidationError(problems)
        user = users.User(self.user.id, user_name, new.role)
        with self.case.write() as db:
            users.set_setting(db, "school_name", school)
            users.set_setting(db, "auto_lock_minutes", str(new.auto_lock_minutes))
            users.set_setting(db, "document_marking", marking)
            users.update_user(db, user)
            self.log(audit.Action.CHANGED, detail="inställningar")
        self.user = user
        return self.settings()

    def change_password(self, current: str, new: str, repeated: str) -> None:
        if current != self.case._password:
            raise ValidationError({"current": "Det nuvarande lösenordet stämmer inte."})
        problem = password_rules.problem(new, repeated)
        if problem:
            raise ValidationError({"new": problem})
        self.case.change_password(new)
        with self.case.write():
            self.log(audit.Action.CHANGED, detail="lösenord bytt")

    def another(self) -> CaseSession:
        """The same user on a second connection, for work on another thread (SQLite
        connections are never shared between threads). The caller closes it."""
        return CaseSession(self.case.open_another_connection(), self.user)

    def switch_to(self, case: CaseFile) -> None:
        """Go on in ``case``: the same file after a restore put a backup in its place (see
        services/backups.py). The user stays; a backup older than the user learns them again,
        so the log goes on naming who did what."""
        self.case = case
        known = next((u for u in users.users(case.db) if u.id == self.user.id), None)
        if known is None:
            with case.write() as db:
                known = users.add_user(db, self.user.name, self.user.role)
        self.user = known

    # The lock ---------------------------------------------------------------------------------
    @property
    def locked(self) -> bool:
        return self.case.locked

    @property
    def closed(self) -> bool:
        return self.case.closed

    def lock(self) -> bool:
        """Close the connection and forget the password (see CaseFile.release): until
        ``unlock``, every use of ``db`` and every write raises CaseLocked. Connections that
        background work opened with ``another()`` are theirs to finish and close.
        False (nothing done) while a transaction is open: try again when it has ended."""
        return self.case.release()

    def unlock(self, password: str) -> None:
        """Open the same file again with its password and log who unlocked it ("opened",
        "upplåst"). WrongPassword (or a CaseFileError about the file) leaves it locked.

        If the file was not released (the window locked while background work still used it),
        the password is only compared with the one the file was opened with."""
        if self.case.locked:
            self.case.reopen(password)
        elif not hmac.compare_digest(password.encode(), self.case._password.encode()):
            raise WrongPassword()
        with self.case.write():
            self.log(audit.Action.OPENED, detail="upplåst")

    def close(self) -> None:
        self.case.close()


def _identity_problems(school: str, user_name: str) -> dict[str, str]:
    problems = {}
    if not school:
        problems["school_name"] = "Skriv skolans namn."
    elif len(school) > SCHOOL_NAME_MAX:
        problems["school_name"] = f"Skolans namn får vara högst {SCHOOL_NAME_MAX} tecken."
    if not user_name:
        problems["user_name"] = "Skriv ditt namn, så att loggen visar vem som gjorde vad."
    elif len(user_name) > USER_NAME_MAX:
        problems["user_name"] = f"Namnet får vara högst {USER_NAME_MAX} tecken."
    return problems


def create_case(
    path: Path,
    password: str,
    repeated: str,
    *,
    school_name: str,
    user_name: str,
    role: Role = Role.COORDINATOR,
) -> CaseSession:
    """Create a new case file with its first user. Validates everything before touching the disk."""
    school = " ".join(school_name.split())
    name = " ".join(user_name.split())
    problems = _identity_problems(school, name)
    problem = password_rules.problem(password, repeated)
    if problem:
        problems["password"] = problem
    if problems:
        raise ValidationError(problems)
    case = create_case_file(Path(path), password)
    try:
        with case.write() as db:
            users.set_setting(db, "school_name", school)
            users.set_setting(db, "auto_lock_minutes", str(AUTO_LOCK_DEFAULT_MINUTES))
            user = users.add_user(db, name, role)
            audit.append(
                db,
                user_id=user.id,
                user_name=user.name,
                action=audit.Action.CREATED,
                detail="akten skapad",
            )
    except CaseFileError:
        # A file without its school and first user is no use to anyone: take it away again, so
        # that a failed creation leaves nothing behind.
        case.conn.close()
        remove_partial(case.path)
        case.release_lock()
        raise
    return CaseSession(case, user)


def location_warning(path: Path) -> str | None:
    """Why the folder of ``path`` is an unsafe place for a case file (a network share, a
    cloud-synced folder), as a sentence, or None. Ask before opening; a new file is refused
    there anyway. After opening, the same sentence is ``session.case.location_warning``."""
    risk = location.risk(Path(path))
    return risk.reason if risk else None


def open_case(path: Path, password: str, user_id: str | None = None) -> CaseSession:
    """Unlock a case file. The user is the one remembered on this computer, else the first one.

    Refused with OpenElsewhere while another instance has it open. A file in an unsafe place
    opens, with the reason in ``session.case.location_warning`` for the caller to show."""
    case = open_case_file(Path(path), password)
    try:
        known = users.users(case.db)
        user = next((u for u in known if u.id == user_id), known[0] if known else None)
        if user is None:  # a file whose creation was interrupted before its first user
            with case.write() as db:
                user = users.add_user(db, "Okänd användare", Role.OTHER)
        session = CaseSession(case, user)
        with case.write():
            session.log(audit.Action.OPENED)
    except CaseFileError:
        case.close()
        raise
    return session
