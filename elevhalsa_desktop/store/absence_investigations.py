"""Rows of absence investigations, and the case-file facts the early warning weighs in."""

from __future__ import annotations

from sqlite_utils import Database

from ..domain.absence_investigation import AbsenceInvestigation, Outcome
from .rows import many, one, record, save


def _build(row: dict) -> AbsenceInvestigation:
    return record(
        AbsenceInvestigation,
        row,
        outcome=Outcome(row["outcome"]),
        pupil_took_part=bool(row["pupil_took_part"]),
        guardians_took_part=bool(row["guardians_took_part"]),
        team_took_part=bool(row["team_took_part"]),
    )


def save_investigation(db: Database, item: AbsenceInvestigation, user_id: str) -> str:
    return save(db, "absence_investigation", item, user_id)


def investigation(db: Database, investigation_id: str) -> AbsenceInvestigation | None:
    row = one(db, "SELECT * FROM absence_investigation WHERE id = ?", [investigation_id])
    return _build(row) if row else None


def for_pupil(db: Database, pupil_id: str) -> list[AbsenceInvestigation]:
    rows = many(
        db,
        "SELECT * FROM absence_investigation WHERE pupil_id = ?"
        " ORDER BY started_on DESC, created_at DESC",
        [pupil_id],
    )
    return [_build(r) for r in rows]


def open_investigations(db: Database) -> list[dict]:
    """Open investigations with the pupil's name and class, for reminders and the view."""
    return many(
        db,
        "SELECT a.*, u.given_name, u.family_name, u.class_name FROM absence_investigation a"
        " JOIN pupil u ON u.id = a.pupil_id WHERE a.closed_on = '' AND u.status != 'archived'"
        " ORDER BY a.started_on",
        [],
    )


def pupils_with_active_plan(db: Database) -> set[str]:
    return {r[0] for r in db.execute("SELECT DISTINCT pupil_id FROM plan WHERE status = 'active'")}


def pupils_with_overdue_follow_up(db: Database, today: str) -> set[str]:
    return {
        r[0]
        for r in db.execute(
            "SELECT DISTINCT p.pupil_id FROM follow_up f JOIN plan p ON p.id = f.plan_id"
            " WHERE f.held_on = '' AND f.due_on < ? AND p.status = 'active'",
            [today],
        )
    }


def pupils_missing_sessions(db: Database, in_a_row: int = 3) -> set[str]:
    """Pupils whose open return plan's last ``in_a_row`` recorded sessions were all missed."""
    found = set()
    for plan_id, pupil_id in db.execute(
        "SELECT id, pupil_id FROM return_plan WHERE closed = 0"
    ).fetchall():
        last = db.execute(
            "SELECT attended_minutes FROM return_session WHERE return_plan_id = ?"
            ' ORDER BY "on" DESC, start_time DESC LIMIT ?',
            [plan_id, in_a_row],
        ).fetchall()
        if len(last) == in_a_row and all(minutes == 0 for (minutes,) in last):
            found.add(pupil_id)
    return found
