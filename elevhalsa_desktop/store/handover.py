"""Rows of handover notes and the cohort list."""

from __future__ import annotations

from sqlite_utils import Database

from ..domain.handover import HandoverNote, HandoverStatus
from .rows import many, one, record, save


def _build(row: dict) -> HandoverNote:
    return record(HandoverNote, row, status=HandoverStatus(row["status"]))


def save_note(db: Database, note: HandoverNote, user_id: str) -> str:
    return save(db, "handover_note", note, user_id)


def note(db: Database, note_id: str) -> HandoverNote | None:
    row = one(db, "SELECT * FROM handover_note WHERE id = ?", [note_id])
    return _build(row) if row else None


def notes_for_pupil(db: Database, pupil_id: str) -> list[HandoverNote]:
    rows = many(
        db,
        "SELECT * FROM handover_note WHERE pupil_id = ? ORDER BY created_at DESC",
        [pupil_id],
    )
    return [_build(r) for r in rows]


def received_from_exchange(db: Database, exchange_id: str, pupil_id: str) -> HandoverNote | None:
    row = one(
        db,
        "SELECT * FROM handover_note WHERE exchange_id = ? AND pupil_id = ?",
        [exchange_id, pupil_id],
    )
    return _build(row) if row else None


def cohort_rows(db: Database, year: str, class_name: str = "") -> list[dict]:
    """Every active pupil of ``year`` (and ``class_name``) with their newest own (not received)
    note and the facts the cohort's flags are made of."""
    sql = """
        SELECT u.id AS pupil_id, u.given_name, u.family_name, u.class_name, u.year,
               u.protected_identity,
               n.id AS note_id, n.status, n.responsible, n.to_school,
               EXISTS (SELECT 1 FROM plan p WHERE p.pupil_id = u.id AND p.status = 'active')
                   OR EXISTS (SELECT 1 FROM adjustment a WHERE a.pupil_id = u.id AND a.in_use = 1)
                   AS has_support,
               EXISTS (SELECT 1 FROM return_plan r WHERE r.pupil_id = u.id AND r.closed = 0)
                   AS staged_return
        FROM pupil u
        LEFT JOIN handover_note n ON n.id = (
            SELECT id FROM handover_note x WHERE x.pupil_id = u.id AND x.status != 'received'
            ORDER BY x.created_at DESC LIMIT 1)
        WHERE u.status = 'active' AND u.year = ?
    """
    params: list = [year]
    if class_name:
        sql += " AND u.class_name = ?"
        params.append(class_name)
    return many(db, sql, params)
