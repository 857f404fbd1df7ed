"""Rows of the staged return: the return plan, its steps, the sessions and the decisions."""

from __future__ import annotations

from sqlite_utils import Database

from ..domain.ladder import Decision, DecisionKind, ReturnPlan, Session, Step, StepStatus
from .rows import columns, insert, many, one, record, save, update


def _step_row(step: Step) -> dict:
    values = columns(step)
    values["weekdays"] = ",".join(str(d) for d in step.weekdays)
    return values


def _step(row: dict) -> Step:
    return Step(
        id=row["id"],
        setting=row["setting"],
        planned_minutes=row["planned_minutes"],
        place=row["place"],
        subjects=row["subjects"],
        weekdays=tuple(int(d) for d in row["weekdays"].split(",") if d),
        start_time=row["start_time"],
        end_time=row["end_time"],
        responsible=row["responsible"],
        criterion_sessions=row["criterion_sessions"],
        criterion_text=row["criterion_text"],
        status=StepStatus(row["status"]),
        archived=bool(row["archived"]),
    )


def _plan(db: Database, row: dict) -> ReturnPlan:
    steps = many(
        db,
        "SELECT * FROM return_step WHERE return_plan_id = ? ORDER BY archived, position",
        [row["id"]],
    )
    return ReturnPlan(
        id=row["id"],
        pupil_id=row["pupil_id"],
        plan_id=row["plan_id"] or "",
        weekly_schedule_minutes=row["weekly_schedule_minutes"],
        started_on=row["started_on"],
        shortened_day_decided_by=row["shortened_day_decided_by"],
        shortened_day_decided_on=row["shortened_day_decided_on"],
        closed=bool(row["closed"]),
        closed_on=row["closed_on"],
        closed_by=row["closed_by"],
        closed_reason=row["closed_reason"],
        steps=tuple(_step(s) for s in steps),
    )


def save_plan(db: Database, plan: ReturnPlan, user_id: str) -> str:
    values = columns(plan)
    values.pop("steps")
    values["plan_id"] = plan.plan_id or None
    if plan.id:
        update(db, "return_plan", plan.id, values)
        plan_id = plan.id
    else:
        plan_id = insert(db, "return_plan", values, user_id)
    _write_steps(db, plan_id, plan.steps, user_id)
    return plan_id


def _write_steps(db: Database, plan_id: str, steps: tuple[Step, ...], user_id: str) -> None:
    existing = {
        r[0] for r in db.execute("SELECT id FROM return_step WHERE return_plan_id = ?", [plan_id])
    }
    kept = set()
    for position, step in enumerate(steps):
        values = {**_step_row(step), "return_plan_id": plan_id, "position": position}
        if step.id in existing:
            kept.add(step.id)
            update(db, "return_step", step.id, values)
        else:
            insert(db, "return_step", values, user_id)
    for removed in existing - kept:
        used = db.execute("SELECT 1 FROM return_session WHERE step_id = ?", [removed]).fetchone()
        if used:  # sessions refer to it: archive, never delete
            db.execute("UPDATE return_step SET archived = 1 WHERE id = ?", [removed])
        else:
            db.execute("DELETE FROM return_step WHERE id = ?", [removed])


def plan(db: Database, plan_id: str) -> ReturnPlan | None:
    row = one(db, "SELECT * FROM return_plan WHERE id = ?", [plan_id])
    return _plan(db, row) if row else None


def plans_for_pupil(db: Database, pupil_id: str) -> list[ReturnPlan]:
    rows = many(
        db,
        "SELECT * FROM return_plan WHERE pupil_id = ? ORDER BY closed, started_on DESC",
        [pupil_id],
    )
    return [_plan(db, r) for r in rows]


def _session(row: dict) -> Session:
    return record(Session, row)


def save_session(db: Database, session: Session, user_id: str) -> str:
    return save(db, "return_session", session, user_id)


def sessions(db: Database, plan_id: str) -> list[Session]:
    rows = many(
        db,
        'SELECT * FROM return_session WHERE return_plan_id = ? ORDER BY "on", start_time',
        [plan_id],
    )
    return [_session(r) for r in rows]


def add_decision(db: Database, decision: Decision, user_id: str) -> str:
    return insert(db, "return_decision", columns(decision), user_id)


def decisions(db: Database, plan_id: str) -> list[Decision]:
    rows = many(
        db,
        'SELECT * FROM return_decision WHERE return_plan_id = ? ORDER BY "on", created_at',
        [plan_id],
    )
    return [
        Decision(
            id=r["id"],
            return_plan_id=r["return_plan_id"],
            kind=DecisionKind(r["kind"]),
            on=r["on"],
            decided_by=r["decided_by"],
            reason=r["reason"],
            from_step_id=r["from_step_id"],
            to_step_id=r["to_step_id"],
        )
        for r in rows
    ]
