"""Users of the case file and the case-wide settings (school name, auto-lock delay)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from ..domain.people import Role
from .clock import new_id, now_iso


@dataclass(frozen=True)
class User:
    id: str
    name: str
    role: Role


def add_user(db: Database, name: str, role: Role, created_by: str | None = None) -> User:
    now = now_iso()
    user = User(new_id(), name, role)
    db.execute(
        "INSERT INTO app_user (id, name, role, created_at, created_by, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [user.id, user.name, user.role.value, now, created_by or user.id, now],
    )
    return user


def update_user(db: Database, user: User) -> None:
    db.execute(
        "UPDATE app_user SET name = ?, role = ?, updated_at = ? WHERE id = ?",
        [user.name, user.role.value, now_iso(), user.id],
    )


def users(db: Database) -> list[User]:
    return [
        User(r[0], r[1], Role(r[2]))
        for r in db.execute("SELECT id, name, role FROM app_user ORDER BY created_at, rowid")
    ]


def get_setting(db: Database, key: str, default: str = "") -> str:
    row = db.execute("SELECT value FROM case_setting WHERE key = ?", [key]).fetchone()
    return row[0] if row else default


def set_setting(db: Database, key: str, value: str) -> None:
    db.execute(
        "INSERT INTO case_setting (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, value],
    )
