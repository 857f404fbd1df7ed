"""The staged return on a real encrypted case file."""

import datetime as dt
from dataclasses import replace

import pytest

from elevhalsa_desktop.domain.ladder import DecisionKind, ReturnPlan, Step, StepStatus
from elevhalsa_desktop.domain.pupil import Pupil, ValidationError
from elevhalsa_desktop.services.ladder import LadderService

TODAY = dt.date.today()
START = TODAY - dt.timedelta(days=21)


@pytest.fixture
def ladder(session):
    return LadderService(session)


@pytest.fixture
def plan(ladder, pupils):
    pupil = pupils.create(Pupil("Åsa", "Öhman", class_name="7B"))
    saved = ladder.save(
        ReturnPlan(
            pupil.id,
            1650,
            START.isoformat(),
            steps=(
                Step(
                    "Enskilt med en vuxen",
                    120,
                    weekdays=(0, 1, 2, 3, 4),
                    start_time="09:00",
                    end_time="09:40",
                    responsible="Lars Berg",
                    criterion_sessions=3,
                ),
                Step("Liten grupp (2–4 elever)", 300),
            ),
        )
    )
    return ladder.start(saved)


def test_record_sessions_get_the_suggestion_and_step_up_only_when_decided(ladder, plan):
    assert plan.current_step.setting == "Enskilt med en vuxen"
    for days_ago in (3, 2, 1):
        draft = ladder.draft_session(plan, TODAY - dt.timedelta(days=days_ago))
        assert draft.planned_minutes == 40 and draft.met_by == "Lars Berg"
        ladder.record(draft)
    overview = ladder.overview(plan.id)
    assert overview.suggest_step_up and overview.current.id == plan.current_step.id
    assert len(overview.last_sessions) == 3
    moved = ladder.decide(plan, DecisionKind.STEP_UP, "Maria Lindqvist", "Tre tillfällen i rad")
    assert moved.current_step.setting.startswith("Liten grupp")
    assert moved.steps[0].status is StepStatus.DONE
    assert [d.kind for d in ladder.decisions(plan.id)] == [DecisionKind.STEP_UP]


def test_the_same_session_twice_is_refused(ladder, plan):
    draft = ladder.draft_session(plan, TODAY)
    ladder.record(draft)
    with pytest.raises(ValidationError, match="redan"):
        ladder.record(draft)


def test_a_removed_step_with_sessions_is_archived(ladder, plan):
    ladder.record(ladder.draft_session(plan, TODAY))
    second = plan.active_steps[1]
    first = plan.active_steps[0]
    kept = ladder.save(plan.with_changes(steps=(second, replace(first, status=StepStatus.PLANNED))))
    assert len(kept.active_steps) == 2
    only_second = ladder.save(kept.with_changes(steps=(kept.active_steps[0],)))
    assert [s.archived for s in only_second.steps] == [False, True]
    assert len(ladder.sessions(plan.id)) == 1


def test_missed_sessions_show_and_progress_has_a_week_per_week(ladder, plan):
    overview = ladder.overview(plan.id)
    assert len(overview.missed) >= 10  # three weeks of weekdays, nothing recorded
    weeks = ladder.progress(plan.id)
    assert len(weeks) in (4, 5) and all(w.attended_minutes == 0 for w in weeks)


def test_a_decision_needs_who_and_why(ladder, plan):
    with pytest.raises(ValidationError, match="vem"):
        ladder.decide(plan, DecisionKind.STEP_UP, " ", "x")
    with pytest.raises(ValidationError, match="varför"):
        ladder.decide(plan, DecisionKind.STEP_BACK, "Maria", "")


def test_closing_keeps_the_plan_says_why_and_allows_a_new_one(ladder, plan, pupils):
    ladder.record(ladder.draft_session(plan, TODAY))
    with pytest.raises(ValidationError) as caught:
        ladder.close(plan, " ", "")
    assert set(caught.value.problems) == {"decided_by", "reason"}
    closed = ladder.close(plan, "Maria  Lindqvist", "Åsa går hela sitt schema sedan april.")
    assert closed.closed and closed.closed_on == TODAY.isoformat()
    assert (closed.closed_by, closed.closed_reason) == (
        "Maria Lindqvist",
        "Åsa går hela sitt schema sedan april.",
    )
    assert len(ladder.sessions(plan.id)) == 1 and closed.steps == plan.steps  # all kept
    # The log names the plan, never the reason's words.
    entries = [e.detail for e in pupils.history(plan.pupil_id)]
    assert f"återgång {plan.id}: avslutad" in entries
    assert not any("schema" in detail for detail in entries)
    # Nothing more is recorded or decided in a closed return, and it is closed once.
    with pytest.raises(ValidationError, match="avslutad"):
        ladder.record(ladder.draft_session(closed, TODAY - dt.timedelta(days=1)))
    with pytest.raises(ValidationError, match="avslutad"):
        ladder.decide(closed, DecisionKind.STAY, "Maria Lindqvist")
    with pytest.raises(ValidationError, match="avslutad"):
        ladder.close(closed, "Maria Lindqvist", "Igen")
    again = ladder.save(ReturnPlan(plan.pupil_id, 1650, TODAY.isoformat()))
    assert [p.id for p in ladder.plans(plan.pupil_id)] == [again.id, plan.id]  # open first


def test_a_draft_for_another_step_takes_that_steps_minutes_and_time(ladder, plan):
    second = plan.active_steps[1]
    draft = ladder.draft_session(plan, TODAY, step_id=second.id)
    assert (draft.step_id, draft.planned_minutes, draft.start_time) == (second.id, 300, "")
    assert draft.met_by == ""
