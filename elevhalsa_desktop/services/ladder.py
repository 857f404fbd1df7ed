"""Use cases of the staged return: set up the ladder, record sessions, decide on steps, and the
numbers for the chart and the documents. Every change and every read of a pupil's ladder is
audited."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, replace

from ..domain.ladder import (
    Decision,
    DecisionKind,
    ReturnPlan,
    Session,
    Step,
    StepStatus,
    WeekPoint,
    apply_decision,
    attendance_rate_per_step,
    check_return_plan,
    check_session,
    criterion_met,
    expected_dates,
    missed_dates,
    require,
    weekly_progress,
)
from ..domain.pupil import ValidationError
from ..store import audit
from ..store import ladder as repo
from .base import CaseService
from .plans import RecordNotFound


@dataclass(frozen=True)
class LadderOverview:
    """What the pupil's page and the mentor's log show at a glance."""

    plan: ReturnPlan
    current: Step | None
    last_sessions: list[Session]
    suggest_step_up: bool
    missed: list[_dt.date]
    expected_today: bool


class LadderService(CaseService):
    def _get(self, plan_id: str) -> ReturnPlan:
        found = repo.plan(self._db, plan_id)
        if found is None:
            raise RecordNotFound("Återgångsplanen")
        return found

    def plans(self, pupil_id: str) -> list[ReturnPlan]:
        return repo.plans_for_pupil(self._db, pupil_id)

    def open(self, plan_id: str) -> ReturnPlan:
        plan = self._get(plan_id)
        with self.session.case.write():
            self.session.log(audit.Action.VIEWED, plan.pupil_id, f"återgång {plan_id}")
        return plan

    def save(self, plan: ReturnPlan) -> ReturnPlan:
        """Save the return plan and its ladder. A removed step that has sessions is archived."""
        require(check_return_plan(plan))
        with self.session.case.write() as db:
            created = not plan.id
            plan_id = repo.save_plan(db, plan, self._user())
            self.session.log(
                audit.Action.CREATED if created else audit.Action.CHANGED,
                plan.pupil_id,
                f"återgång {plan_id}",
            )
        return self._get(plan_id)

    def start(self, plan: ReturnPlan, step_id: str = "") -> ReturnPlan:
        """Make the first (or the given) step current, when no step is."""
        if plan.current_step is not None:
            raise ValidationError({"steps": "Ett steg pågår redan."})
        steps = plan.active_steps
        if not steps:
            raise ValidationError({"steps": "Lägg till minst ett steg i trappan först."})
        chosen = step_id or steps[0].id
        started = replace(
            plan,
            steps=tuple(
                replace(s, status=StepStatus.CURRENT) if s.id == chosen else s for s in plan.steps
            ),
        )
        return self.save(started)

    # Sessions ---------------------------------------------------------------------------------
    def sessions(self, plan_id: str) -> list[Session]:
        return repo.sessions(self._db, plan_id)

    def draft_session(
        self, plan: ReturnPlan, on: _dt.date | None = None, step_id: str = ""
    ) -> Session:
        """A session filled in from the current step (or the step ``step_id``, when the mentor
        records one of another step), for the mentor to adjust: today, the step's planned
        minutes for one session, the usual start time, the responsible adult."""
        step = (
            next((s for s in plan.steps if s.id == step_id), None) if step_id else plan.current_step
        )
        if step is None:
            raise ValidationError({"step_id": "Inget steg pågår. Starta trappan först."})
        minutes = step.session_minutes or max(1, step.planned_minutes // max(1, len(step.weekdays)))
        return Session(
            return_plan_id=plan.id,
            step_id=step.id,
            on=(on or _dt.date.today()).isoformat(),
            start_time=step.start_time,
            planned_minutes=minutes,
            attended_minutes=minutes,
            met_by=step.responsible,
        )

    def record(self, session: Session, today: _dt.date | None = None) -> Session:
        plan = self._get(session.return_plan_id)
        _refuse_closed(plan)
        others = repo.sessions(self._db, plan.id)
        require(check_session(session, plan, others, today or _dt.date.today()))
        with self.session.case.write() as db:
            session_id = repo.save_session(db, session, self._user())
            self.session.log(
                audit.Action.CHANGED, plan.pupil_id, f"återgång {plan.id}: tillfälle {session.on}"
            )
        return replace(session, id=session_id)

    # Decisions --------------------------------------------------------------------------------
    def decisions(self, plan_id: str) -> list[Decision]:
        return repo.decisions(self._db, plan_id)

    def decide(
        self,
        plan: ReturnPlan,
        kind: DecisionKind,
        decided_by: str,
        reason: str = "",
        on: _dt.date | None = None,
    ) -> ReturnPlan:
        """Record a decision and move the ladder accordingly. The program only ever moves a step
        when a person decides it here."""
        if not decided_by.strip():
            raise ValidationError({"decided_by": "Ange vem som beslutade."})
        if kind is not DecisionKind.STAY and not reason.strip():
            raise ValidationError({"reason": "Skriv kort varför, så att nästa person förstår."})
        _refuse_closed(self._get(plan.id))
        moved, from_id, to_id = apply_decision(self._get(plan.id), kind)
        require(check_return_plan(moved))
        decision = Decision(
            return_plan_id=plan.id,
            kind=kind,
            on=(on or _dt.date.today()).isoformat(),
            decided_by=" ".join(decided_by.split()),
            reason=reason.strip(),
            from_step_id=from_id,
            to_step_id=to_id,
        )
        with self.session.case.write() as db:
            repo.save_plan(db, moved, self._user())
            repo.add_decision(db, decision, self._user())
            self.session.log(
                audit.Action.CHANGED, plan.pupil_id, f"återgång {plan.id}: beslut {kind.value}"
            )
        return self._get(plan.id)

    def close(
        self,
        plan: ReturnPlan,
        decided_by: str,
        reason: str,
        on: _dt.date | None = None,
    ) -> ReturnPlan:
        """End the staged return: the pupil is back, or the plan gives way to another. Nothing
        is removed; the ladder, the sessions and the decisions stay, read-only, and a new return
        plan can be started. Who decided and why are kept on the plan for the next reader."""
        problems = {}
        if not decided_by.strip():
            problems["decided_by"] = "Ange vem som beslutade att avsluta."
        if not reason.strip():
            problems["reason"] = "Skriv kort varför återgången avslutas."
        if problems:
            raise ValidationError(problems)
        stored = self._get(plan.id)
        _refuse_closed(stored)
        closed = replace(
            stored,
            closed=True,
            closed_on=(on or _dt.date.today()).isoformat(),
            closed_by=" ".join(decided_by.split()),
            closed_reason=reason.strip(),
        )
        with self.session.case.write() as db:
            repo.save_plan(db, closed, self._user())
            # The reason is the record's text: it stays on the plan, the log names the id.
            self.session.log(audit.Action.CHANGED, plan.pupil_id, f"återgång {plan.id}: avslutad")
        return self._get(plan.id)

    # Seeing progress --------------------------------------------------------------------------
    def overview(self, plan_id: str, today: _dt.date | None = None) -> LadderOverview:
        today = today or _dt.date.today()
        plan = self._get(plan_id)
        sessions = repo.sessions(self._db, plan_id)
        step = plan.current_step
        since = self._current_since(plan, step)
        return LadderOverview(
            plan=plan,
            current=step,
            last_sessions=sessions[-3:][::-1],
            suggest_step_up=bool(step and criterion_met(step, sessions)),
            missed=missed_dates(step, since, today, sessions) if step else [],
            expected_today=bool(step and expected_dates(step, today, today)),
        )

    def _current_since(self, plan: ReturnPlan, step: Step | None) -> _dt.date:
        """The day the current step began: its last decision, or the start of the plan."""
        start = _dt.date.fromisoformat(plan.started_on)
        if step is None:
            return start
        moves = [d for d in repo.decisions(self._db, plan.id) if d.to_step_id == step.id]
        return max([start, *(_dt.date.fromisoformat(d.on) for d in moves)])

    def progress(self, plan_id: str, until: _dt.date | None = None) -> list[WeekPoint]:
        plan = self._get(plan_id)
        return weekly_progress(
            plan,
            repo.sessions(self._db, plan_id),
            repo.decisions(self._db, plan_id),
            until or _dt.date.today(),
        )

    def attendance_per_step(self, plan_id: str) -> dict[str, float]:
        return attendance_rate_per_step(repo.sessions(self._db, plan_id))


def _refuse_closed(plan: ReturnPlan) -> None:
    if plan.closed:
        raise ValidationError(
            {"closed": "Återgången är avslutad. Starta en ny stegvis återgång för att fortsätta."}
        )
