"""Rows of the staged return: the return plan, its steps, the sessions and the decisions."""

from __future__ import annotations

from sqlite_utils import Database

from ..domain.ladder import Decision, DecisionKind, ReturnPlan, Session, Step, StepStatus
from .rows import columns, insert, many, one, record, save, write_children


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
    plan_id = save(db, "return_plan", plan, user_id, values)
    _write_steps(db, plan_id, plan.steps, user_id)
    return plan_id


def _write_steps(db: Database, plan_id: str, steps: tuple[Step, ...], user_id: str) -> None:
    write_children(
        db, "return_step", "return_plan_id", plan_id, steps, _step_row, user_id, _archive_if_used
    )


def _archive_if_used(db: Database, table: str, step_id: str) -> None:
    """Sessions refer to a step: one that has any is archived, never deleted."""
    if db.execute("SELECT 1 FROM return_session WHERE step_id = ?", [step_id]).fetchone():
        db.execute("UPDATE return_step SET archived = 1 WHERE id = ?", [step_id])
    else:
        db.execute("DELETE FROM return_step WHERE id = ?", [step_id])


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
