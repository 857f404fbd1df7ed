"""The school's open return plans with their pupils, for the Återgång area's list."""

from __future__ import annotations

from sqlite_utils import Database

from .rows import many


def open_plans(db: Database) -> list[dict]:
    """Open return plans of pupils who are not archived, with the pupil's name and class and the
    date of the plan's last session ('' when none)."""
    return many(
        db,
        """
        SELECT rp.id AS plan_id, p.id AS pupil_id, p.given_name, p.family_name, p.class_name,
               COALESCE((SELECT MAX(s."on") FROM return_session s
                         WHERE s.return_plan_id = rp.id), '') AS last_session_on
        FROM return_plan rp JOIN pupil p ON p.id = rp.pupil_id
        WHERE rp.closed = 0 AND p.status != 'archived'
        ORDER BY p.family_name, p.given_name
        """,
        [],
    )
