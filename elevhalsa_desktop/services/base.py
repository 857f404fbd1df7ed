"""What every record service shares: the session it works in, and saving a record with its
audit entry in one transaction."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..store import audit
from .session import CaseSession


class CaseService:
    def __init__(self, session: CaseSession):
        self.session = session

    @property
    def _db(self):
        return self.session.db

    def _user(self) -> str:
        return self.session.user.id

    def _save_logged(self, item: Any, save: Callable[[Any, Any, str], str], what: str) -> str:
        """Save ``item`` (a record with ``id`` and ``pupil_id``) with ``save(db, item, user)``
        and write "created" or "changed" for it, in one transaction. Returns the record's id."""
        with self.session.case.write() as db:
            created = not item.id
            saved_id = save(db, item, self._user())
            self.session.log(
                audit.Action.CREATED if created else audit.Action.CHANGED,
                getattr(item, "pupil_id", None),
                f"{what} {saved_id}",
            )
        return saved_id
