import datetime as dt
from dataclasses import replace

import pytest

from elevhalsa_desktop.domain.ladder import (
    DecisionKind,
    ReturnPlan,
    Session,
    Step,
    StepStatus,
    apply_decision,
    check_session,
    check_step,
    criterion_met,
    expected_dates,
    missed_dates,
    weekly_progress,
)
from elevhalsa_desktop.domain.pupil import ValidationError

MONDAY = dt.date(2026, 11, 2)
ONE_TO_ONE = Step(
    "Enskilt med en vuxen",
    120,
    weekdays=(1, 3),
    start_time="09:00",
    end_time="10:00",
    criterion_sessions=4,
    id="s1",
    status=StepStatus.CURRENT,
)
SMALL_GROUP = Step("Liten grupp (2–4 elever)", 240, id="s2")
PLAN = ReturnPlan("p", 1650, MONDAY.isoformat(), steps=(ONE_TO_ONE, SMALL_GROUP), id="r")


def session(on: dt.date, attended: int = 60, step: str = "s1", start: str = "09:00") -> Session:
    return Session("r", step, on.isoformat(), 60, attended, start_time=start)


def test_expected_sessions_come_from_the_steps_days():
    dates = expected_dates(ONE_TO_ONE, MONDAY, MONDAY + dt.timedelta(days=13))
    assert [d.strftime("%a %d") for d in dates] == ["Tue 03", "Thu 05", "Tue 10", "Thu 12"]


def test_a_session_that_did_not_happen_is_missed_not_absent():
    recorded = [session(dt.date(2026, 11, 3))]
    assert missed_dates(ONE_TO_ONE, MONDAY, dt.date(2026, 11, 11), recorded) == [
        dt.date(2026, 11, 5),
        dt.date(2026, 11, 10),
    ]


def test_criterion_four_in_a_row():
    days = [MONDAY + dt.timedelta(days=n) for n in (1, 3, 8, 10, 15)]
    assert not criterion_met(ONE_TO_ONE, [session(d) for d in days[:3]])
    assert criterion_met(ONE_TO_ONE, [session(d) for d in days[:4]])
    assert not criterion_met(ONE_TO_ONE, [session(d) for d in days[:4]] + [session(days[4], 0)])


def test_shortened_day_warning_until_the_head_teacher_has_decided():
    assert PLAN.shortened_day and "anpassad studiegång" in PLAN.shortened_day_warning
    decided = PLAN.with_changes(
        shortened_day_decided_by="Rektor", shortened_day_decided_on="2026-11-01"
    )
    assert decided.shortened_day_warning == ""
    full = PLAN.with_changes(weekly_schedule_minutes=120)
    assert not full.shortened_day


def test_step_up_and_back_move_one_step_and_never_past_the_ends():
    up, from_id, to_id = apply_decision(PLAN, DecisionKind.STEP_UP)
    assert (from_id, to_id) == ("s1", "s2") and up.current_step.id == "s2"
    assert up.steps[0].status is StepStatus.DONE
    with pytest.raises(ValidationError, match="översta"):
        apply_decision(up, DecisionKind.STEP_UP)
    back, _, _ = apply_decision(up, DecisionKind.STEP_BACK)
    assert back.current_step.id == "s1"
    paused, _, _ = apply_decision(PLAN, DecisionKind.PAUSE)
    assert paused.current_step is None
    resumed, _, _ = apply_decision(paused, DecisionKind.RESUME)
    assert resumed.current_step.id == "s1"


def test_bad_sessions_are_refused_and_staying_longer_is_allowed():
    today = dt.date(2026, 11, 20)
    ok = session(dt.date(2026, 11, 3), attended=90)
    assert check_session(ok, PLAN, [], today) == {} and ok.stayed_longer
    assert "negativ" in check_session(session(today, -5), PLAN, [], today)["attended_minutes"]
    assert (
        "framtiden" in check_session(session(today + dt.timedelta(days=1)), PLAN, [], today)["on"]
    )
    assert "började" in check_session(session(MONDAY - dt.timedelta(days=1)), PLAN, [], today)["on"]
    twin = session(dt.date(2026, 11, 3))
    assert "redan" in check_session(twin, PLAN, [replace(ok, id="x")], today)["on"]


def test_a_step_needs_planned_minutes_and_sane_times():
    assert "minuter per vecka" in check_step(Step("Enskilt", 0))["step_0"]
    assert (
        "före starttiden"
        in check_step(Step("Enskilt", 60, start_time="10:00", end_time="09:00"))["step_0"]
    )


def test_weekly_progress_gives_planned_attended_and_the_step_per_week():
    sessions = [
        session(dt.date(2026, 11, 3), 60),
        session(dt.date(2026, 11, 5), 0),
        session(dt.date(2026, 11, 10), 45),
    ]
    weeks = weekly_progress(PLAN, sessions, [], dt.date(2026, 11, 20))
    assert [(w.planned_minutes, w.attended_minutes, w.step_id) for w in weeks] == [
        (120, 60, "s1"),
        (60, 45, "s1"),
        (0, 0, ""),
    ]


def test_days_are_written_as_people_write_them():
    from elevhalsa_desktop.domain.ladder import days_text

    assert days_text((1, 3)) == "tisdag och torsdag"
    assert days_text((0, 2, 4)) == "måndag, onsdag och fredag"
    assert days_text((0, 1, 2, 3, 4)) == "måndag–fredag"
    assert days_text((2,)) == "onsdag" and days_text(()) == ""
