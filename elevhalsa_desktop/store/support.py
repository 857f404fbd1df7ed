"""Rows for a pupil's support: adjustments, investigations, plans with interventions, plan
revisions and follow-ups. The service layer calls these inside its transactions."""

from __future__ import annotations

import json
from dataclasses import asdict, fields
from typing import Any

from sqlite_utils import Database

from ..domain.plans import (
    Adjustment,
    Conclusion,
    Decision,
    Effect,
    EffectNote,
    FollowUp,
    Intervention,
    InterventionStatus,
    Investigation,
    Level,
    Plan,
    PlanKind,
    PlanStatus,
)
from .clock import now_iso
from .rows import columns, insert, many, one, record, save, update, write_children

# Adjustments --------------------------------------------------------------------------------


def _adjustment(row: dict) -> Adjustment:
    return record(Adjustment, row, in_use=bool(row["in_use"]))


def save_adjustment(db: Database, item: Adjustment, user_id: str) -> str:
    return save(db, "adjustment", item, user_id)


def adjustment(db: Database, adjustment_id: str) -> Adjustment | None:
    row = one(db, "SELECT * FROM adjustment WHERE id = ?", [adjustment_id])
    return _adjustment(row) if row else None


def adjustments(db: Database, pupil_id: str) -> list[Adjustment]:
    rows = many(
        db,
        "SELECT * FROM adjustment WHERE pupil_id = ? ORDER BY in_use DESC, since DESC, created_at",
        [pupil_id],
    )
    return [_adjustment(r) for r in rows]


# Investigations -----------------------------------------------------------------------------


def _investigation(row: dict) -> Investigation:
    return record(Investigation, row, conclusion=Conclusion(row["conclusion"]))


def save_investigation(db: Database, item: Investigation, user_id: str) -> str:
    return save(db, "investigation", item, user_id)


def investigations(db: Database, pupil_id: str) -> list[Investigation]:
    rows = many(
        db,
        "SELECT * FROM investigation WHERE pupil_id = ? ORDER BY investigated_on DESC, created_at DESC",
        [pupil_id],
    )
    return [_investigation(r) for r in rows]


def investigation(db: Database, investigation_id: str) -> Investigation | None:
    row = one(db, "SELECT * FROM investigation WHERE id = ?", [investigation_id])
    return _investigation(row) if row else None


# Plans --------------------------------------------------------------------------------------


def _intervention_row(item: Intervention) -> dict[str, Any]:
    values = columns(item)
    values["end_date"] = values.pop("end")
    return values


def _intervention(row: dict) -> Intervention:
    return Intervention(
        id=row["id"],
        what=row["what"],
        level=Level(row["level"]),
        responsible=row["responsible"],
        start=row["start"],
        end=row["end_date"],
        frequency=row["frequency"],
        status=InterventionStatus(row["status"]),
        discontinued_reason=row["discontinued_reason"],
    )


def _write_interventions(db: Database, plan_id: str, items: tuple[Intervention, ...], user_id: str):
    """Make the plan's interventions exactly ``items`` (the revision keeps the earlier list)."""
    write_children(
        db, "intervention", "plan_id", plan_id, items, _intervention_row, user_id, _keep_if_judged
    )


def _keep_if_judged(db: Database, table: str, intervention_id: str) -> None:
    """An intervention that a follow-up judged stays: it is part of that record, out of the plan."""
    judged = db.execute(
        "SELECT 1 FROM follow_up_effect WHERE intervention_id = ?", [intervention_id]
    ).fetchone()
    if judged:
        db.execute(
            "UPDATE intervention SET position = -1, status = 'discontinued' WHERE id = ?",
            [intervention_id],
        )
    else:
        db.execute("DELETE FROM intervention WHERE id = ?", [intervention_id])


def _plan(db: Database, row: dict) -> Plan:
    keep = {f.name for f in fields(Plan)}
    values = {k: v for k, v in row.items() if k in keep}
    values["kind"] = PlanKind(values["kind"])
    values["status"] = PlanStatus(values["status"])
    rows = many(
        db,
        "SELECT * FROM intervention WHERE plan_id = ? AND position >= 0 ORDER BY position",
        [row["id"]],
    )
    return Plan(interventions=tuple(_intervention(r) for r in rows), **values)


def snapshot(plan: Plan) -> dict[str, Any]:
    """The plan as plain data, for a revision: what the coordinator saw, in full."""
    data = asdict(plan)
    for name in ("id", "revision", "created_at", "updated_at", "pupil_id"):
        data.pop(name)
    return json.loads(json.dumps(data))  # enums become their text values


def insert_plan(db: Database, plan: Plan, user_id: str) -> str:
    values = columns(plan)
    plan_id = insert(db, "plan", values, user_id)
    _write_interventions(db, plan_id, plan.interventions, user_id)
    return plan_id


def update_plan(db: Database, plan: Plan, user_id: str) -> None:
    values = {**columns(plan), "revision": plan.revision}
    update(db, "plan", plan.id, values)
    _write_interventions(db, plan.id, plan.interventions, user_id)


def plan(db: Database, plan_id: str) -> Plan | None:
    row = one(db, "SELECT * FROM plan WHERE id = ?", [plan_id])
    return _plan(db, row) if row else None


def plans(db: Database, pupil_id: str) -> list[Plan]:
    rows = many(
        db,
        "SELECT * FROM plan WHERE pupil_id = ?"
        " ORDER BY CASE status WHEN 'active' THEN 0 WHEN 'draft' THEN 1 ELSE 2 END, created_at DESC",
        [pupil_id],
    )
    return [_plan(db, r) for r in rows]


def add_revision(
    db: Database, plan_id: str, revision: int, saved_by: str, changed: list[str], data: dict
) -> None:
    db["plan_revision"].insert(
        {
            "plan_id": plan_id,
            "revision": revision,
            "saved_at": now_iso(),
            "saved_by": saved_by,
            "changed": ",".join(changed),
            "snapshot": json.dumps(data, ensure_ascii=False),
        }
    )


def revisions(db: Database, plan_id: str) -> list[dict]:
    rows = many(
        db,
        "SELECT revision, saved_at, saved_by, changed, snapshot FROM plan_revision"
        " WHERE plan_id = ? ORDER BY revision",
        [plan_id],
    )
    for row in rows:
        row["changed"] = [c for c in row["changed"].split(",") if c]
        row["snapshot"] = json.loads(row["snapshot"])
    return rows


# Follow-ups ---------------------------------------------------------------------------------


def _follow_up(db: Database, row: dict) -> FollowUp:
    effects = tuple(
        EffectNote(r[0], Effect(r[1]), r[2])
        for r in db.execute(
            "SELECT e.intervention_id, e.effect, e.comment FROM follow_up_effect e"
            " JOIN intervention i ON i.id = e.intervention_id"
            " WHERE e.follow_up_id = ? ORDER BY i.position",
            [row["id"]],
        )
    )
    return FollowUp(
        id=row["id"],
        plan_id=row["plan_id"],
        due_on=row["due_on"],
        responsible=row["responsible"],
        held_on=row["held_on"],
        participants=row["participants"],
        effects=effects,
        decision=Decision(row["decision"]) if row["decision"] else None,
        notes=row["notes"],
    )


def schedule_follow_up(db: Database, plan_id: str, due_on: str, responsible: str, user_id: str):
    return insert(
        db,
        "follow_up",
        {"plan_id": plan_id, "due_on": due_on, "responsible": responsible},
        user_id,
    )


def record_follow_up(db: Database, follow_up: FollowUp) -> None:
    update(
        db,
        "follow_up",
        follow_up.id,
        {
            "held_on": follow_up.held_on,
            "participants": follow_up.participants,
            "decision": follow_up.decision.value if follow_up.decision else None,
            "notes": follow_up.notes,
            "responsible": follow_up.responsible,
        },
    )
    db.execute("DELETE FROM follow_up_effect WHERE follow_up_id = ?", [follow_up.id])
    for note in follow_up.effects:
        db["follow_up_effect"].insert(
            {
                "follow_up_id": follow_up.id,
                "intervention_id": note.intervention_id,
                "effect": note.effect.value,
                "comment": note.comment,
            }
        )


def follow_up(db: Database, follow_up_id: str) -> FollowUp | None:
    row = one(db, "SELECT * FROM follow_up WHERE id = ?", [follow_up_id])
    return _follow_up(db, row) if row else None


def follow_ups(db: Database, plan_id: str) -> list[FollowUp]:
    rows = many(db, "SELECT * FROM follow_up WHERE plan_id = ? ORDER BY due_on", [plan_id])
    return [_follow_up(db, r) for r in rows]


def next_open_follow_up(db: Database, plan_id: str) -> str:
    row = db.execute(
        "SELECT min(due_on) FROM follow_up WHERE plan_id = ? AND held_on = ''", [plan_id]
    ).fetchone()
    return row[0] or ""


def open_follow_ups_until(db: Database, last_day: str) -> list[dict]:
    """Follow-ups not yet held and due on or before ``last_day``, of active plans, with what
    the to-do list shows about the pupil and the plan."""
    return many(
        db,
        "SELECT f.id AS follow_up_id, f.due_on, f.responsible, p.id AS plan_id, p.kind, p.title,"
        " u.id AS pupil_id, u.given_name, u.family_name, u.class_name"
        " FROM follow_up f JOIN plan p ON p.id = f.plan_id JOIN pupil u ON u.id = p.pupil_id"
        " WHERE f.held_on = '' AND f.due_on <= ? AND p.status = 'active'"
        " AND u.status != 'archived' ORDER BY f.due_on, u.family_name",
        [last_day],
    )


def active_plans_without_follow_up(db: Database) -> list[dict]:
    """Active plans with no follow-up left to hold, shaped like ``open_follow_ups_until``."""
    return many(
        db,
        "SELECT NULL AS follow_up_id, p.follow_up_on AS due_on, p.responsible, p.id AS plan_id,"
        " p.kind, p.title, u.id AS pupil_id, u.given_name, u.family_name, u.class_name"
        " FROM plan p JOIN pupil u ON u.id = p.pupil_id"
        " WHERE p.status = 'active' AND u.status != 'archived' AND NOT EXISTS"
        " (SELECT 1 FROM follow_up f WHERE f.plan_id = p.id AND f.held_on = '')",
        [],
    )


# Who holds what -----------------------------------------------------------------------------


def holdings(db: Database, person: str) -> dict[str, int]:
    """How many records of each kind name ``person`` as responsible (open ones only)."""
    counts = {
        "plan": "SELECT count(*) FROM plan WHERE responsible = ? AND status != 'closed'",
        "intervention": "SELECT count(*) FROM intervention i JOIN plan p ON p.id = i.plan_id"
        " WHERE i.responsible = ? AND p.status != 'closed' AND i.status IN ('planned', 'ongoing')",
        "follow_up": "SELECT count(*) FROM follow_up WHERE responsible = ? AND held_on = ''",
    }
    return {kind: db.execute(sql, [person]).fetchone()[0] for kind, sql in counts.items()}


def open_plan_ids_held_by(db: Database, person: str) -> list[str]:
    """Plans not closed where ``person`` is responsible for the plan or an open intervention."""
    return [
        r[0]
        for r in db.execute(
            "SELECT id FROM plan WHERE status != 'closed' AND (responsible = ? OR id IN"
            " (SELECT plan_id FROM intervention WHERE responsible = ?"
            " AND status IN ('planned', 'ongoing')))",
            [person, person],
        )
    ]


def reassign_follow_ups(db: Database, person: str, successor: str) -> int:
    cursor = db.execute(
        "UPDATE follow_up SET responsible = ?, updated_at = ? WHERE responsible = ? AND held_on = ''",
        [successor, now_iso(), person],
    )
    return cursor.rowcount


def responsible_people(db: Database) -> list[str]:
    """Every name that holds something, for completion in forms and the hand-over dialog."""
    rows = db.execute(
        "SELECT responsible FROM plan UNION SELECT responsible FROM intervention"
        " UNION SELECT responsible FROM follow_up UNION SELECT mentor FROM pupil"
    ).fetchall()
    return sorted({r[0] for r in rows if r[0]})


# Plans listed with their pupil ------------------------------------------------------------------


def plan_rows(db: Database, pupil_id: str | None = None) -> list[dict]:
    """One row per plan with what a list of plans shows: the pupil's name and class and the
    earliest follow-up not yet held (``next_due``, NULL when none is scheduled).

    With ``pupil_id`` the rows of that pupil, whatever the pupil's status; without it the plans of
    every pupil not archived (an archived pupil's plans are history, not the school's work now).
    """
    where, params = ("u.id = ?", [pupil_id]) if pupil_id else ("u.status != 'archived'", [])
    return many(
        db,
        "SELECT p.id AS plan_id, p.kind, p.title, p.status, p.responsible, p.follow_up_on,"
        " u.id AS pupil_id, u.given_name, u.family_name, u.class_name,"
        " (SELECT min(f.due_on) FROM follow_up f WHERE f.plan_id = p.id AND f.held_on = '')"
        " AS next_due"
        f" FROM plan p JOIN pupil u ON u.id = p.pupil_id WHERE {where}"
        " ORDER BY CASE p.status WHEN 'active' THEN 0 WHEN 'draft' THEN 1 ELSE 2 END,"
        " u.family_name, u.given_name, p.created_at DESC",
        params,
    )
