"""Use cases for a pupil's support: plans with revisions, follow-ups, the to-do list, handing over
what a person holds, extra adjustments and investigations. Every read of a record and every
change writes an audit entry."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, replace

from ..domain import schedule
from ..domain.plans import (
    APPEAL_NOTE,
    Adjustment,
    Decision,
    FollowUp,
    Investigation,
    Plan,
    PlanKind,
    PlanStatus,
    activation_problems,
    changed_fields,
    check_adjustment,
    check_follow_up_record,
    check_investigation,
    check_plan,
    require,
)
from ..domain.pupil import ValidationError
from ..store import audit
from ..store import pupils as pupil_repo
from ..store import support as repo
from .base import CaseService

TODO_DAYS = 14


class RecordNotFound(LookupError):
    def __init__(self, what: str):
        super().__init__(f"{what} finns inte i akten. Den kan ha tagits bort av någon annan.")


@dataclass(frozen=True)
class TodoItem:
    follow_up_id: str
    due_on: _dt.date
    responsible: str
    plan_id: str
    plan_title: str
    pupil_id: str
    pupil_name: str
    class_name: str
    overdue: bool
    #: The plan is active but has no follow-up planned: the law wants one, so it stays here.
    unplanned: bool = False


@dataclass(frozen=True)
class PlanRow:
    """A plan as a list shows it, with its pupil. ``next_follow_up`` is the earliest follow-up
    not yet held; for a draft, the date the plan proposes (nothing is scheduled until the plan
    starts); for a closed plan, None. ``overdue``: a scheduled follow-up has passed."""

    plan_id: str
    kind: PlanKind
    title: str
    status: PlanStatus
    responsible: str
    pupil_id: str
    pupil_name: str
    class_name: str
    next_follow_up: _dt.date | None
    overdue: bool

    @property
    def unscheduled(self) -> bool:
        """Active without a follow-up in the calendar: the law wants one (3 kap. skollagen)."""
        return self.status is PlanStatus.ACTIVE and self.next_follow_up is None


@dataclass(frozen=True)
class Revision:
    number: int
    saved_at: str
    saved_by: str
    changed: list[str]
    plan: dict


class PlanService(CaseService):
    # Plans ------------------------------------------------------------------------------------
    def new_plan(self, pupil_id: str, kind: PlanKind) -> Plan:
        """An unsaved draft with sensible defaults (the appeal note for an åtgärdsprogram)."""
        return Plan(
            pupil_id=pupil_id,
            kind=kind,
            appeal_note=APPEAL_NOTE if kind is PlanKind.ATGARDSPROGRAM else "",
            responsible=self.session.user.name,
        )

    def plans(self, pupil_id: str) -> list[Plan]:
        return repo.plans(self._db, pupil_id)

    def all_plans(
        self, pupil_id: str | None = None, today: _dt.date | None = None
    ) -> list[PlanRow]:
        """The plans of one pupil, or of the whole school (pupils not archived): active first,
        then drafts, then closed ones, each group by the pupil's name."""
        today = today or _dt.date.today()
        return [_plan_row(r, today) for r in repo.plan_rows(self._db, pupil_id)]

    def open(self, plan_id: str) -> Plan:
        plan = self._get(plan_id)
        with self.session.case.write():
            self.session.log(audit.Action.VIEWED, plan.pupil_id, f"plan {plan_id}")
        return plan

    def _get(self, plan_id: str) -> Plan:
        plan = repo.plan(self._db, plan_id)
        if plan is None:
            raise RecordNotFound("Planen")
        return plan

    def save(self, plan: Plan) -> Plan:
        """Save a plan as a new revision. An active plan must stay complete enough to be active."""
        rules = activation_problems if plan.status is PlanStatus.ACTIVE else check_plan
        require(rules(plan))
        with self.session.case.write() as db:
            if pupil_repo.get(db, plan.pupil_id) is None:
                raise RecordNotFound("Eleven")
            return self._save_revision(db, plan)

    def _save_revision(self, db, plan: Plan) -> Plan:
        if plan.id:
            before = self._get(plan.id)
            changed = changed_fields(repo.snapshot(before), repo.snapshot(plan))
            if not changed:
                return before
            plan = replace(plan, revision=before.revision + 1)
            repo.update_plan(db, plan, self._user())
            action = audit.Action.CHANGED
        else:
            plan = replace(plan, revision=1)
            plan = replace(plan, id=repo.insert_plan(db, plan, self._user()))
            changed = ["status"]
            action = audit.Action.CREATED
        saved = repo.plan(db, plan.id)
        repo.add_revision(
            db, saved.id, saved.revision, self.session.user.name, changed, repo.snapshot(saved)
        )
        self.session.log(action, saved.pupil_id, f"plan {saved.id} version {saved.revision}")
        return saved

    def activate(self, plan: Plan, today: _dt.date | None = None) -> Plan:
        """Make a plan active. Says everything that is missing, and saves nothing until it's there.

        The first follow-up is put in the calendar (and so in Att göra) when the plan starts.
        """
        active = replace(plan, status=PlanStatus.ACTIVE)
        problems = activation_problems(active)
        first = active.follow_up_on
        if "follow_up_on" not in problems and first < (today or _dt.date.today()).isoformat():
            problems["follow_up_on"] = (
                "Uppföljningsdatumet har redan passerat. Välj ett datum från i dag och framåt."
            )
        require(problems)
        with self.session.case.write() as db:
            saved = self._save_revision(db, active)
            if not repo.next_open_follow_up(db, saved.id):
                repo.schedule_follow_up(
                    db, saved.id, saved.follow_up_on, saved.responsible, self._user()
                )
        return saved

    def close(self, plan: Plan) -> Plan:
        require(check_plan(plan))
        with self.session.case.write() as db:
            return self._save_revision(db, replace(plan, status=PlanStatus.CLOSED))

    def reopen(self, plan: Plan) -> Plan:
        """Open a closed plan again, as a draft: a new revision, so the closed version stays in
        the history. A draft, not active: the plan must be looked over and activated again (with
        a follow-up date that has not passed) before it counts."""
        stored = self._get(plan.id)
        if stored.status is not PlanStatus.CLOSED:
            raise ValidationError({"status": "Planen är inte avslutad och behöver inte öppnas."})
        with self.session.case.write() as db:
            reopened = self._save_revision(db, replace(stored, status=PlanStatus.DRAFT))
            # The revision's own entry says "version N"; this one says why there is one.
            self.session.log(
                audit.Action.CHANGED, reopened.pupil_id, f"plan {plan.id}: öppnad igen"
            )
        return reopened

    def revisions(self, plan_id: str) -> list[Revision]:
        return [
            Revision(r["revision"], r["saved_at"], r["saved_by"], r["changed"], r["snapshot"])
            for r in repo.revisions(self._db, plan_id)
        ]

    # Follow-ups -------------------------------------------------------------------------------
    def follow_ups(self, plan_id: str) -> list[FollowUp]:
        return repo.follow_ups(self._db, plan_id)

    def schedule(
        self, plan: Plan, dates: list[_dt.date], responsible: str, today: _dt.date | None = None
    ) -> list[str]:
        """Put follow-ups in the calendar, e.g. from ``schedule.in_weeks`` or
        ``schedule.every_weeks``. Dates in the past are refused: a follow-up that already
        happened is recorded, not scheduled."""
        today = today or _dt.date.today()
        if not dates:
            raise ValidationError({"due_on": "Välj minst ett datum för uppföljning."})
        schedule.check_not_past(dates, today)
        if not responsible.strip():
            raise ValidationError({"responsible": "Ange vem som ansvarar för uppföljningen."})
        with self.session.case.write() as db:
            ids = [
                repo.schedule_follow_up(db, plan.id, d.isoformat(), responsible, self._user())
                for d in sorted(dates)
            ]
            self._keep_next_follow_up_date(db, plan.id)
            self.session.log(
                audit.Action.CHANGED, plan.pupil_id, f"plan {plan.id}: {len(ids)} uppföljning(ar)"
            )
        return ids

    def record(self, follow_up: FollowUp, today: _dt.date | None = None) -> FollowUp:
        """Record a held follow-up. "Avsluta" closes the plan; the plan's next follow-up date
        moves on to the next one scheduled."""
        require(check_follow_up_record(follow_up, today or _dt.date.today()))
        with self.session.case.write() as db:
            if repo.follow_up(db, follow_up.id) is None:
                raise RecordNotFound("Uppföljningen")
            plan = self._get(follow_up.plan_id)
            repo.record_follow_up(db, follow_up)
            if follow_up.decision is Decision.CLOSE:
                self._save_revision(db, replace(plan, status=PlanStatus.CLOSED))
            else:
                self._keep_next_follow_up_date(db, plan.id)
            self.session.log(
                audit.Action.CHANGED, plan.pupil_id, f"plan {plan.id}: uppföljning genomförd"
            )
        return repo.follow_up(self._db, follow_up.id)

    def _keep_next_follow_up_date(self, db, plan_id: str) -> None:
        plan = self._get(plan_id)
        upcoming = repo.next_open_follow_up(db, plan_id)
        if upcoming and upcoming != plan.follow_up_on:
            self._save_revision(db, replace(plan, follow_up_on=upcoming))

    # Att göra and hand-over ---------------------------------------------------------------------
    def todo(self, today: _dt.date | None = None, days: int = TODO_DAYS) -> list[TodoItem]:
        today = today or _dt.date.today()
        last = today + _dt.timedelta(days=days)
        rows = repo.open_follow_ups_until(self._db, last.isoformat())
        rows += repo.active_plans_without_follow_up(self._db)
        items = [
            TodoItem(
                follow_up_id=r["follow_up_id"] or "",
                due_on=_dt.date.fromisoformat(r["due_on"] or today.isoformat()),
                responsible=r["responsible"],
                plan_id=r["plan_id"],
                plan_title=r["title"] or PlanKind(r["kind"]).label,
                pupil_id=r["pupil_id"],
                pupil_name=f"{r['given_name']} {r['family_name']}",
                class_name=r["class_name"],
                overdue=not r["follow_up_id"] or r["due_on"] < today.isoformat(),
                unplanned=not r["follow_up_id"],
            )
            for r in rows
        ]
        return sorted(items, key=lambda item: (item.due_on, item.pupil_name))

    def responsible_people(self) -> list[str]:
        return repo.responsible_people(self._db)

    def holdings(self, person: str) -> dict[str, int]:
        return repo.holdings(self._db, person)

    def hand_over(self, person: str, successor: str) -> dict[str, int]:
        """Give everything open that ``person`` holds to ``successor``, in one transaction. Each
        plan gets a new revision, so its history shows who held it before."""
        person, successor = person.strip(), " ".join(successor.split())
        if not person:
            raise ValidationError({"person": "Välj vem som lämnar över sitt ansvar."})
        if not successor:
            raise ValidationError({"successor": "Skriv vem som ska ta över."})
        if successor == person:
            raise ValidationError({"successor": "Välj en annan person än den som lämnar över."})
        moved = self.holdings(person)
        if not any(moved.values()):
            raise ValidationError(
                {"person": f"{person} står inte som ansvarig för något som pågår. Välj en annan."}
            )
        with self.session.case.write() as db:
            for plan_id in repo.open_plan_ids_held_by(db, person):
                plan = self._get(plan_id)
                items = tuple(
                    replace(i, responsible=successor) if i.responsible == person else i
                    for i in plan.interventions
                )
                owner = successor if plan.responsible == person else plan.responsible
                self._save_revision(db, replace(plan, responsible=owner, interventions=items))
            repo.reassign_follow_ups(db, person, successor)
            self.session.log(
                audit.Action.CHANGED,
                detail=f"överlämning av ansvar: {sum(moved.values())} poster",
            )
        return moved

    # Extra adjustments ------------------------------------------------------------------------
    def adjustments(self, pupil_id: str) -> list[Adjustment]:
        return repo.adjustments(self._db, pupil_id)

    def save_adjustment(self, item: Adjustment) -> Adjustment:
        require(check_adjustment(item))
        saved_id = self._save_logged(item, repo.save_adjustment, "extra anpassning")
        return repo.adjustment(self._db, saved_id)

    # Investigations ---------------------------------------------------------------------------
    def investigations(self, pupil_id: str) -> list[Investigation]:
        return repo.investigations(self._db, pupil_id)

    def save_investigation(self, item: Investigation) -> Investigation:
        require(check_investigation(item))
        saved_id = self._save_logged(item, repo.save_investigation, "utredning")
        return repo.investigation(self._db, saved_id)


def _plan_row(row: dict, today: _dt.date) -> PlanRow:
    status = PlanStatus(row["status"])
    kind = PlanKind(row["kind"])
    due = _dt.date.fromisoformat(row["next_due"]) if row["next_due"] else None
    if status is PlanStatus.DRAFT and due is None and row["follow_up_on"]:
        proposed = _dt.date.fromisoformat(row["follow_up_on"])
    else:
        proposed = due
    return PlanRow(
        plan_id=row["plan_id"],
        kind=kind,
        title=row["title"] or kind.label,
        status=status,
        responsible=row["responsible"],
        pupil_id=row["pupil_id"],
        pupil_name=f"{row['given_name']} {row['family_name']}",
        class_name=row["class_name"],
        next_follow_up=None if status is PlanStatus.CLOSED else proposed,
        overdue=status is not PlanStatus.CLOSED and due is not None and due < today,
    )
