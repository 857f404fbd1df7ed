"""The case file's schema, as numbered migrations. A migration is never edited once it has landed:
add a new one instead. Each runs inside ``db.atomic()`` (sqlite-utils does that for us)."""

from __future__ import annotations

from sqlite_utils import Database, Migrations

MIGRATION_SET = "elevhalsa"
migrations = Migrations(MIGRATION_SET)
_names: list[str] = []


def _migration(name: str):
    _names.append(name)
    return migrations(name=name)


@_migration("0001_case_file")
def _case_file(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE case_setting (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        )"""
    )
    db.execute(
        """
        CREATE TABLE app_user (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            role TEXT NOT NULL,
            created_at TEXT NOT NULL,
            created_by TEXT,
            updated_at TEXT NOT NULL
        )"""
    )
    # The audit log is append-only: the triggers refuse any change or removal of an entry.
    db.execute(
        """
        CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            user_id TEXT,
            user_name TEXT NOT NULL,
            pupil_id TEXT,
            action TEXT NOT NULL,
            detail TEXT NOT NULL DEFAULT ''
        )"""
    )
    db.execute("CREATE INDEX audit_log_pupil ON audit_log (pupil_id, at)")
    db.execute(
        """
        CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"""
    )
    db.execute(
        """
        CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"""
    )


@_migration("0002_pupil_register")
def _pupil_register(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE pupil (
            id TEXT PRIMARY KEY,
            given_name TEXT NOT NULL,
            family_name TEXT NOT NULL,
            civic_no TEXT,
            year TEXT NOT NULL DEFAULT '',
            class_name TEXT NOT NULL DEFAULT '',
            school TEXT NOT NULL DEFAULT '',
            mentor TEXT NOT NULL DEFAULT '',
            protected_identity INTEGER NOT NULL DEFAULT 0,
            address TEXT NOT NULL DEFAULT '',
            notes TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'active'
                CHECK (status IN ('active', 'moved', 'archived')),
            created_at TEXT NOT NULL,
            created_by TEXT,
            updated_at TEXT NOT NULL,
            updated_by TEXT
        )"""
    )
    # Civic numbers are optional, but two pupils never share one.
    db.execute("CREATE UNIQUE INDEX pupil_civic_no ON pupil (civic_no) WHERE civic_no IS NOT NULL")
    db.execute("CREATE INDEX pupil_class ON pupil (year, class_name)")
    db.execute(
        """
        CREATE TABLE guardian (
            id TEXT PRIMARY KEY,
            pupil_id TEXT NOT NULL REFERENCES pupil (id),
            position INTEGER NOT NULL DEFAULT 0,
            name TEXT NOT NULL,
            relation TEXT NOT NULL DEFAULT '',
            phone TEXT NOT NULL DEFAULT '',
            email TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            created_by TEXT,
            updated_at TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX guardian_pupil ON guardian (pupil_id, position)")


def known_names() -> frozenset[str]:
    """Every migration this version of the program knows; a file with others is from a newer one."""
    return frozenset(_names)
