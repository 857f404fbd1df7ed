"""The audit log: who did what to which pupil's record, and when. Append-only (see schema)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlite_utils import Database

from .clock import now_iso

DETAIL_MAX = 200


class Action(StrEnum):
    VIEWED = "viewed"
    CREATED = "created"
    CHANGED = "changed"
    ARCHIVED = "archived"
    PRINTED = "printed"
    EXPORTED = "exported"
    OPENED = "opened"  # the case file itself was unlocked
    # Records that arrived from another case file (a received handover). Stored as text with no
    # CHECK on the column, so a new action needs no migration.
    IMPORTED = "imported"

    @property
    def label(self) -> str:
        return {
            "viewed": "Visade",
            "created": "Skapade",
            "changed": "Ändrade",
            "archived": "Arkiverade",
            "printed": "Skrev ut",
            "exported": "Exporterade",
            "opened": "Öppnade akten",
            "imported": "Tog emot",
        }[self.value]


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: str
    user_id: str | None
    user_name: str
    pupil_id: str | None
    action: Action
    detail: str


def append(
    db: Database,
    *,
    user_id: str | None,
    user_name: str,
    action: Action,
    pupil_id: str | None = None,
    detail: str = "",
) -> None:
    """Write one entry. ``detail`` names fields or ids, never the text of a record."""
    db.execute(
        "INSERT INTO audit_log (at, user_id, user_name, pupil_id, action, detail)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [now_iso(), user_id, user_name, pupil_id, action.value, detail[:DETAIL_MAX]],
    )


def entries(db: Database, *, pupil_id: str | None = None, limit: int = 1000) -> list[AuditEntry]:
    where, params = ("WHERE pupil_id = ?", [pupil_id]) if pupil_id else ("", [])
    rows = db.execute(
        "SELECT id, at, user_id, user_name, pupil_id, action, detail FROM audit_log "
        f"{where} ORDER BY id DESC LIMIT ?",
        [*params, limit],
    ).fetchall()
    return [AuditEntry(r[0], r[1], r[2], r[3], r[4], Action(r[5]), r[6]) for r in rows]
