"""Rows of the exchange files a case file has sent and received (migration 0009).

The service calls these inside its transactions. An exchange is one row per (id, direction); its
items say which packets were sent, or read in and onto which pupil, so that reading the same file
again finds every packet already there.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlite_utils import Database

from .clock import now_iso
from .rows import many, one


class Direction(StrEnum):
    SENT = "sent"
    RECEIVED = "received"


class ItemOutcome(StrEnum):
    SENT = "sent"
    CREATED = "created"  # the pupil was created from the packet
    MATCHED = "matched"  # found by civic number
    CONFIRMED = "confirmed"  # a doubtful match the user confirmed


@dataclass(frozen=True)
class ExchangeRecord:
    id: str
    direction: Direction
    sender_school: str
    file_created_at: str
    program_version: str
    schema_version: int
    packets: int  # in the file
    created_at: str  # when it was first sent or received here
    updated_at: str  # when it was last read in (received) or equal to created_at
    items: int = 0  # packets sent, or read in so far
    created: int = 0  # pupils created by reading it in


def record_exchange(
    db: Database,
    *,
    exchange_id: str,
    direction: Direction,
    sender_school: str,
    file_created_at: str,
    program_version: str,
    schema_version: int,
    packets: int,
    user_id: str,
) -> None:
    """Insert the exchange, or mark an earlier one as read again (updated_at)."""
    now = now_iso()
    db.execute(
        "INSERT INTO handover_exchange (id, direction, sender_school, file_created_at,"
        " program_version, schema_version, packets, created_at, created_by, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (id, direction) DO UPDATE SET updated_at = excluded.updated_at",
        [
            exchange_id,
            direction.value,
            sender_school,
            file_created_at,
            program_version,
            schema_version,
            packets,
            now,
            user_id,
            now,
        ],
    )


def add_item(
    db: Database,
    *,
    exchange_id: str,
    direction: Direction,
    note_id: str,
    pupil_id: str,
    outcome: ItemOutcome,
    user_id: str,
    received_note_id: str | None = None,
) -> None:
    now = now_iso()
    db.execute(
        "INSERT INTO handover_exchange_item (exchange_id, direction, note_id, pupil_id,"
        " received_note_id, outcome, created_at, created_by, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            exchange_id,
            direction.value,
            note_id,
            pupil_id,
            received_note_id,
            outcome.value,
            now,
            user_id,
            now,
        ],
    )


def received_items(db: Database, exchange_id: str) -> dict[str, str]:
    """The packets of a received exchange already read in: note id in the file → pupil id here."""
    rows = many(
        db,
        "SELECT note_id, pupil_id FROM handover_exchange_item"
        " WHERE exchange_id = ? AND direction = 'received'",
        [exchange_id],
    )
    return {r["note_id"]: r["pupil_id"] for r in rows}


_SELECT = """
    SELECT e.*,
           (SELECT count(*) FROM handover_exchange_item i
             WHERE i.exchange_id = e.id AND i.direction = e.direction) AS items,
           (SELECT count(*) FROM handover_exchange_item i
             WHERE i.exchange_id = e.id AND i.direction = e.direction
               AND i.outcome = 'created') AS created
    FROM handover_exchange e
"""


def _build(row: dict) -> ExchangeRecord:
    return ExchangeRecord(
        id=row["id"],
        direction=Direction(row["direction"]),
        sender_school=row["sender_school"],
        file_created_at=row["file_created_at"],
        program_version=row["program_version"],
        schema_version=row["schema_version"],
        packets=row["packets"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        items=row["items"],
        created=row["created"],
    )


def exchange(db: Database, exchange_id: str, direction: Direction) -> ExchangeRecord | None:
    row = one(db, _SELECT + " WHERE e.id = ? AND e.direction = ?", [exchange_id, direction.value])
    return _build(row) if row else None


def exchanges(db: Database, direction: Direction | None = None) -> list[ExchangeRecord]:
    """Every exchange sent or received (or of one direction), newest first."""
    where, params = (" WHERE e.direction = ?", [direction.value]) if direction else ("", [])
    rows = many(db, _SELECT + where + " ORDER BY e.created_at DESC, e.id", params)
    return [_build(r) for r in rows]
