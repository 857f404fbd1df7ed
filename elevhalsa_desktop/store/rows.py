"""Small helpers for writing and reading records as rows, shared by the repositories."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from typing import Any

from sqlite_utils import Database

from .clock import new_id, now_iso

# Columns a record keeps in its table: every dataclass field except the ones stored elsewhere
# (interventions, effects) or kept by the database itself (updated_at, revision).
SKIP = {"interventions", "effects", "updated_at", "created_at", "revision"}


def columns(record) -> dict[str, Any]:
    values = {f.name: getattr(record, f.name) for f in fields(record) if f.name not in SKIP}
    return {k: (int(v) if isinstance(v, bool) else v) for k, v in values.items()}


def insert(db: Database, table: str, values: dict[str, Any], user_id: str) -> str:
    now = now_iso()
    values = {**values, "id": values.get("id") or new_id()}
    db[table].insert({**values, "created_at": now, "created_by": user_id, "updated_at": now})
    return values["id"]


def update(db: Database, table: str, record_id: str, values: dict[str, Any]) -> None:
    values = {k: v for k, v in values.items() if k != "id"}
    db[table].update(record_id, {**values, "updated_at": now_iso()})


def one(db: Database, sql: str, params: list) -> dict | None:
    cursor = db.execute(sql, params)
    row = cursor.fetchone()
    if row is None:
        return None
    return dict(zip([c[0] for c in cursor.description], row, strict=True))


def many(db: Database, sql: str, params: list) -> list[dict]:
    cursor = db.execute(sql, params)
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def save(
    db: Database, table: str, record, user_id: str, values: dict[str, Any] | None = None
) -> str:
    """Insert a new record or update an existing one (it has an id); returns the id."""
    values = columns(record) if values is None else values
    if record.id:
        update(db, table, record.id, values)
        return record.id
    return insert(db, table, values, user_id)


def record(cls, row: dict, **converted):
    """A dataclass from a row: the columns it has fields for, with ``converted`` values (enums,
    booleans) put in place of the raw ones."""
    names = {f.name for f in fields(cls)}
    values = {k: v for k, v in row.items() if k in names}
    values.update(converted)
    return cls(**values)


def _delete(db: Database, table: str, child_id: str) -> None:
    db.execute(f"DELETE FROM {table} WHERE id = ?", [child_id])


def write_children(
    db: Database,
    table: str,
    parent_column: str,
    parent_id: str,
    children,
    values_of: Callable[[Any], dict[str, Any]],
    user_id: str,
    on_removed: Callable[[Database, str, str], None] = _delete,
) -> None:
    """Make a parent's child rows exactly ``children``, in that order: kept children keep their
    ids and creation stamps, new ones are inserted, and each one that is gone is handed to
    ``on_removed`` (by default deleted; a caller whose children others refer to archives them)."""
    existing = {
        r[0] for r in db.execute(f"SELECT id FROM {table} WHERE {parent_column} = ?", [parent_id])
    }
    kept = set()
    for position, child in enumerate(children):
        values = {**values_of(child), parent_column: parent_id, "position": position}
        if child.id in existing:
            kept.add(child.id)
            update(db, table, child.id, values)
        else:
            insert(db, table, values, user_id)
    for removed in existing - kept:
        on_removed(db, table, removed)
