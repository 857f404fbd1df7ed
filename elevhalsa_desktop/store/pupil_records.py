"""Where a pupil's records live, read from the schema itself, and removing them for retention.

The register extract and retention must not miss a table that a later migration adds, so neither
relies on a list alone: the tables with a ``pupil_id`` column and the tables that hang from them
by foreign keys are read from ``sqlite_master`` and ``PRAGMA foreign_key_list``. The removal
follows the same foreign keys, children first, and refuses (rolling everything back) when a row
outside the tables the caller archived still refers to what it would remove.
"""

from __future__ import annotations

import contextlib
from collections.abc import Collection, Iterator
from dataclasses import dataclass

from sqlite_utils import Database

#: The audit log names pupils by id and is never removed (append-only, see the schema).
NEVER_REMOVED = frozenset({"audit_log"})

#: Triggers that guard records against everyday deletion but yield to a retention decision the
#: user has confirmed: plan revisions are kept for as long as the plan is, and go with it.
LIFTED_FOR_RETENTION = ("plan_revision_no_delete",)


class RemovalRefused(Exception):
    """A record that would be removed is still referred to from a table that was not archived."""

    def __init__(self, table: str, referring: str):
        super().__init__(
            f"Uppgifter i {table} kan inte gallras: {referring} hänvisar fortfarande till dem. "
            "Ingenting togs bort."
        )
        self.table = table
        self.referring = referring


@dataclass(frozen=True)
class ForeignKey:
    child: str
    child_columns: tuple[str, ...]
    parent: str
    parent_columns: tuple[str, ...]


def tables(db: Database) -> list[str]:
    return [
        r[0]
        for r in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " AND name NOT LIKE '_sqlite_migrations%' ORDER BY name"
        )
    ]


def columns(db: Database, table: str) -> list[str]:
    return [r[1] for r in db.execute(f"PRAGMA table_info({_quote(table)})")]


def tables_with_pupil_id(db: Database) -> list[str]:
    """Every table with a ``pupil_id`` column (the pupil's own records and the audit log)."""
    return [t for t in tables(db) if "pupil_id" in columns(db, t)]


def foreign_keys(db: Database) -> dict[str, list[ForeignKey]]:
    """Parent table → the foreign keys that refer to it."""
    found: dict[str, list[ForeignKey]] = {}
    for child in tables(db):
        groups: dict[int, list] = {}
        for row in db.execute(f"PRAGMA foreign_key_list({_quote(child)})"):
            groups.setdefault(row[0], []).append(row)
        for rows in groups.values():
            rows.sort(key=lambda r: r[1])
            parent = rows[0][2]
            to = tuple(r[4] for r in rows)
            if any(name is None for name in to):  # refers to the parent's primary key
                to = _primary_key(db, parent)
            key = ForeignKey(child, tuple(r[3] for r in rows), parent, to)
            found.setdefault(parent, []).append(key)
    return found


def _primary_key(db: Database, table: str) -> tuple[str, ...]:
    rows = sorted((r[5], r[1]) for r in db.execute(f"PRAGMA table_info({_quote(table)})") if r[5])
    return tuple(name for _, name in rows) or ("rowid",)


def pupil_record_tables(db: Database) -> set[str]:
    """The tables that hold records about a pupil: those with a ``pupil_id`` column, and every
    table whose rows hang from theirs (a plan's follow-ups, a contact's agreed actions)."""
    keys = foreign_keys(db)
    found = set(tables_with_pupil_id(db))
    todo = [*found, "pupil"]
    while todo:
        parent = todo.pop()
        for key in keys.get(parent, []):
            if key.child not in found:
                found.add(key.child)
                todo.append(key.child)
    return found


def remove(
    db: Database,
    table: str,
    where: str,
    params: list,
    allowed: Collection[str] | None = None,
) -> int:
    """Delete the rows of ``table`` that match ``where`` and, first, every row that hangs from
    them by a foreign key. With ``allowed``, only those tables may lose rows: a referring row in
    any other table raises RemovalRefused (the caller's transaction then rolls back). Returns
    how many rows of ``table`` went. Call inside a transaction, with foreign keys on."""
    return _remove(db, table, where, params, allowed, foreign_keys(db), depth=0)


def _remove(db, table, where, params, allowed, keys, depth: int) -> int:
    if depth > 12:  # the schema has no cycles; a future one must not loop for ever
        raise RemovalRefused(table, "en kedja av hänvisningar")
    if table in NEVER_REMOVED:
        raise RemovalRefused(table, "loggen")
    for key in keys.get(table, []):
        referring = (
            f"{_tuple(key.child_columns)} IN (SELECT {', '.join(map(_quote, key.parent_columns))}"
            f" FROM {_quote(table)} WHERE {where})"
        )
        if allowed is not None and key.child not in allowed:
            hit = db.execute(
                f"SELECT 1 FROM {_quote(key.child)} WHERE {referring} LIMIT 1", params
            ).fetchone()
            if hit:
                raise RemovalRefused(table, key.child)
            continue
        _remove(db, key.child, referring, params, allowed, keys, depth + 1)
    return db.execute(f"DELETE FROM {_quote(table)} WHERE {where}", params).rowcount


@contextlib.contextmanager
def lifted_triggers(db: Database, names: Collection[str] = LIFTED_FOR_RETENTION) -> Iterator[None]:
    """Drop the named triggers for the body of a transaction and put them back exactly as they
    were (from their stored SQL). If the body fails, the caller's rollback restores them."""
    stored = [
        (name, sql)
        for name, sql in db.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
            f" AND name IN ({', '.join('?' * len(names))})",
            list(names),
        )
    ]
    for name, _sql in stored:
        db.execute(f"DROP TRIGGER {_quote(name)}")
    yield
    for _name, sql in stored:
        db.execute(sql)


def _tuple(names: tuple[str, ...]) -> str:
    quoted = ", ".join(map(_quote, names))
    return quoted if len(names) == 1 else f"({quoted})"


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
