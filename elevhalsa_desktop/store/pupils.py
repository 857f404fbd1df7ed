"""Rows of the pupil register. The service layer calls these inside its transactions."""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from ..domain.pupil import Guardian, Pupil, PupilStatus
from ..domain.text import swedish_sort_key
from .clock import new_id, now_iso
from .rows import columns, write_children

_FIELDS = (
    "given_name",
    "family_name",
    "civic_no",
    "year",
    "class_name",
    "school",
    "mentor",
    "protected_identity",
    "address",
    "notes",
    "status",
    "external_id",
)


@dataclass(frozen=True, slots=True)
class PupilRow:
    """What the pupil list shows: enough to find a pupil, nothing more."""

    id: str
    given_name: str
    family_name: str
    civic_no: str
    year: str
    class_name: str
    mentor: str
    status: PupilStatus
    protected_identity: bool


def _values(pupil: Pupil) -> dict:
    values = {name: getattr(pupil, name) for name in _FIELDS}
    values["civic_no"] = pupil.civic_no or None
    values["external_id"] = pupil.external_id or None
    values["protected_identity"] = int(pupil.protected_identity)
    values["status"] = pupil.status.value
    return values


def insert(db: Database, pupil: Pupil, user_id: str) -> Pupil:
    now = now_iso()
    pupil_id = pupil.id or new_id()
    db.execute(
        f"INSERT INTO pupil (id, {', '.join(_FIELDS)}, created_at, created_by, updated_at, updated_by)"
        f" VALUES (?, {', '.join('?' * len(_FIELDS))}, ?, ?, ?, ?)",
        [pupil_id, *_values(pupil).values(), now, user_id, now, user_id],
    )
    _write_guardians(db, pupil_id, pupil.guardians, user_id)
    return get(db, pupil_id)


def update(db: Database, pupil: Pupil, user_id: str) -> Pupil:
    now = now_iso()
    assignments = ", ".join(f"{name} = ?" for name in _FIELDS)
    db.execute(
        f"UPDATE pupil SET {assignments}, updated_at = ?, updated_by = ? WHERE id = ?",
        [*_values(pupil).values(), now, user_id, pupil.id],
    )
    _write_guardians(db, pupil.id, pupil.guardians, user_id)
    return get(db, pupil.id)


def set_status(db: Database, pupil_id: str, status: PupilStatus, user_id: str) -> None:
    db.execute(
        "UPDATE pupil SET status = ?, updated_at = ?, updated_by = ? WHERE id = ?",
        [status.value, now_iso(), user_id, pupil_id],
    )


def _write_guardians(
    db: Database, pupil_id: str, guardians: tuple[Guardian, ...], user_id: str
) -> None:
    """Make the pupil's guardians exactly ``guardians``, keeping ids and creation stamps."""
    write_children(db, "guardian", "pupil_id", pupil_id, guardians, columns, user_id)


def get(db: Database, pupil_id: str) -> Pupil | None:
    row = db.execute(
        f"SELECT id, {', '.join(_FIELDS)}, created_at, updated_at FROM pupil WHERE id = ?",
        [pupil_id],
    ).fetchone()
    if row is None:
        return None
    values = dict(zip(("id", *_FIELDS, "created_at", "updated_at"), row, strict=True))
    values["civic_no"] = values["civic_no"] or ""
    values["external_id"] = values["external_id"] or ""
    values["protected_identity"] = bool(values["protected_identity"])
    values["status"] = PupilStatus(values["status"])
    guardians = tuple(
        Guardian(id=g[0], name=g[1], relation=g[2], phone=g[3], email=g[4])
        for g in db.execute(
            "SELECT id, name, relation, phone, email FROM guardian WHERE pupil_id = ?"
            " ORDER BY position",
            [pupil_id],
        )
    )
    return Pupil(guardians=guardians, **values)


def find_id_by_civic_no(db: Database, canonical: str) -> str | None:
    row = db.execute("SELECT id FROM pupil WHERE civic_no = ?", [canonical]).fetchone()
    return row[0] if row else None


def list_rows(db: Database) -> list[PupilRow]:
    rows = [
        PupilRow(r[0], r[1], r[2], r[3] or "", r[4], r[5], r[6], PupilStatus(r[7]), bool(r[8]))
        for r in db.execute(
            "SELECT id, given_name, family_name, civic_no, year, class_name, mentor, status,"
            " protected_identity FROM pupil"
        )
    ]
    rows.sort(key=lambda r: (swedish_sort_key(r.family_name), swedish_sort_key(r.given_name)))
    return rows


def counts_by_status(db: Database) -> dict[PupilStatus, int]:
    counts = {status: 0 for status in PupilStatus}
    for status, count in db.execute("SELECT status, count(*) FROM pupil GROUP BY status"):
        counts[PupilStatus(status)] = count
    return counts


def ids_starting_with(db: Database, prefix: str) -> list[str]:
    return [r[0] for r in db.execute("SELECT id FROM pupil WHERE id LIKE ? || '%'", [prefix])]


def external_ids(db: Database) -> dict[str, str]:
    """Pupil id → the school system's id, for pupils that have one."""
    return dict(db.execute("SELECT id, external_id FROM pupil WHERE external_id IS NOT NULL"))
