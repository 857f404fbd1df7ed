"""The pupil register's use cases. Every read of one pupil and every change is audited."""

from __future__ import annotations

import datetime as _dt
from dataclasses import fields

from ..domain.pupil import Pupil, PupilStatus, ValidationError, normalise
from ..store import audit
from ..store import pupils as repo
from .session import CaseSession


class DuplicateCivicNo(ValidationError):
    """Another pupil already has this civic number; ``existing_id`` lets the UI offer to open it."""

    def __init__(self, existing_id: str):
        super().__init__(
            {
                "civic_no": "Det finns redan en elev med det här personnumret. Öppna den eleven i stället."
            }
        )
        self.existing_id = existing_id


class PupilNotFound(LookupError):
    def __init__(self, pupil_id: str):
        super().__init__(
            f"Det finns ingen elev med id {pupil_id} i akten. Lista eleverna med 'elevhalsa pupils'."
        )


_COMPARED = [f.name for f in fields(Pupil) if f.name not in ("id", "created_at", "updated_at")]


class PupilService:
    def __init__(self, session: CaseSession):
        self.session = session

    @property
    def _db(self):
        return self.session.db

    def rows(self) -> list[repo.PupilRow]:
        """The register as a list for finding pupils. Not audited: opening a record is."""
        return repo.list_rows(self._db)

    def counts(self) -> dict[PupilStatus, int]:
        return repo.counts_by_status(self._db)

    def resolve_id(self, text: str) -> str:
        """A full id, or a prefix of one that matches exactly one pupil (as typed on a command line)."""
        matches = repo.ids_starting_with(self._db, text.strip()) if text.strip() else []
        if len(matches) != 1:
            raise PupilNotFound(text)
        return matches[0]

    def open(self, pupil_id: str) -> Pupil:
        """Read one pupil's record for showing it: writes one 'viewed' entry."""
        pupil = repo.get(self._db, pupil_id)
        if pupil is None:
            raise PupilNotFound(pupil_id)
        with self.session.case.write():
            self.session.log(audit.Action.VIEWED, pupil_id)
        return pupil

    def reveal_civic_no(self, pupil_id: str) -> str:
        pupil = repo.get(self._db, pupil_id)
        if pupil is None:
            raise PupilNotFound(pupil_id)
        with self.session.case.write():
            self.session.log(audit.Action.VIEWED, pupil_id, "personnummer visat")
        return pupil.civic_no

    def copy_civic_no(self, pupil_id: str) -> str:
        """The full civic number for the clipboard, logged like showing it."""
        pupil = repo.get(self._db, pupil_id)
        if pupil is None:
            raise PupilNotFound(pupil_id)
        with self.session.case.write():
            self.session.log(audit.Action.VIEWED, pupil_id, "personnummer kopierat")
        return pupil.civic_no

    def create(self, pupil: Pupil, today: _dt.date | None = None) -> Pupil:
        clean = normalise(pupil, today)
        with self.session.case.write() as db:
            self._refuse_duplicate(clean)
            saved = repo.insert(db, clean, self.session.user.id)
            self.session.log(audit.Action.CREATED, saved.id)
        return saved

    def update(self, pupil: Pupil, today: _dt.date | None = None) -> Pupil:
        clean = normalise(pupil, today)
        with self.session.case.write() as db:
            before = repo.get(db, clean.id)
            if before is None:
                raise PupilNotFound(clean.id)
            self._refuse_duplicate(clean)
            changed = [name for name in _COMPARED if getattr(before, name) != getattr(clean, name)]
            if not changed:
                return before
            saved = repo.update(db, clean, self.session.user.id)
            action = (
                audit.Action.ARCHIVED
                if "status" in changed and clean.status is PupilStatus.ARCHIVED
                else audit.Action.CHANGED
            )
            self.session.log(action, saved.id, "fält: " + ", ".join(changed))
        return saved

    def set_status(self, pupil_id: str, status: PupilStatus) -> None:
        with self.session.case.write() as db:
            if repo.get(db, pupil_id) is None:
                raise PupilNotFound(pupil_id)
            repo.set_status(db, pupil_id, status, self.session.user.id)
            action = (
                audit.Action.ARCHIVED if status is PupilStatus.ARCHIVED else audit.Action.CHANGED
            )
            self.session.log(action, pupil_id, f"status: {status.value}")

    def archive(self, pupil_id: str) -> None:
        self.set_status(pupil_id, PupilStatus.ARCHIVED)

    def history(self, pupil_id: str) -> list[audit.AuditEntry]:
        return audit.entries(self._db, pupil_id=pupil_id)

    def _refuse_duplicate(self, pupil: Pupil) -> None:
        if not pupil.civic_no:
            return
        existing = repo.find_id_by_civic_no(self._db, pupil.civic_no)
        if existing and existing != pupil.id:
            raise DuplicateCivicNo(existing)
