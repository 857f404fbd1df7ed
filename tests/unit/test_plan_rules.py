import datetime as dt
import itertools

import pytest

from elevhalsa_desktop.domain import schedule
from elevhalsa_desktop.domain.plans import (
    Intervention,
    InterventionStatus,
    Plan,
    PlanKind,
    activation_problems,
    changed_fields,
    check_plan,
)
from elevhalsa_desktop.domain.pupil import ValidationError

TODAY = dt.date(2026, 11, 23)


def test_a_plan_without_responsible_or_follow_up_cannot_be_activated():
    problems = activation_problems(Plan("p", PlanKind.HANDLINGSPLAN, needs="Behöver lugn start"))
    assert set(problems) == {"responsible", "follow_up_on"}
    assert "ansvarig" in problems["responsible"]


def test_an_atgardsprogram_needs_its_decision_before_it_is_active():
    plan = Plan(
        "p", PlanKind.ATGARDSPROGRAM, needs="x", responsible="Lars", follow_up_on="2027-01-10"
    )
    assert set(activation_problems(plan)) == {"decided_by", "decided_on"}
    decided = plan.with_changes(decided_by="Rektor Eva Holm", decided_on="2026-11-20")
    assert activation_problems(decided) == {}


def test_intervention_end_before_start_and_discontinued_without_reason():
    plan = Plan(
        "p",
        PlanKind.HANDLINGSPLAN,
        interventions=(
            Intervention("Enskild undervisning", start="2026-12-01", end="2026-11-01"),
            Intervention("Liten grupp", status=InterventionStatus.DISCONTINUED),
        ),
    )
    problems = check_plan(plan)
    assert "slutar före den börjar" in problems["intervention_0"]
    assert "avbröts" in problems["intervention_1"]


def test_a_twenty_page_text_is_allowed_but_a_pasted_book_is_not():
    twenty_pages = "Ett stycke text om eleven. " * 2500  # about 67,000 characters
    assert check_plan(Plan("p", PlanKind.HANDLINGSPLAN, needs=twenty_pages)) == {}
    assert "för lång" in check_plan(Plan("p", PlanKind.HANDLINGSPLAN, needs="x" * 200_001))["needs"]


def test_in_six_weeks_and_in_one_month_at_month_end():
    assert schedule.in_weeks(TODAY, 6) == dt.date(2027, 1, 4)
    assert schedule.in_months(dt.date(2027, 1, 31), 1) == dt.date(2027, 2, 28)


def test_every_fourth_week_until_june():
    dates = schedule.every_weeks(TODAY, 4, schedule.school_year_end(TODAY))
    assert dates[0] == TODAY and dates[1] == dt.date(2026, 12, 21)
    assert dates[-1] == dt.date(2027, 6, 7) and len(dates) == 8
    assert all((b - a).days == 28 for a, b in itertools.pairwise(dates))


def test_scheduling_refuses_the_past_and_nonsense():
    with pytest.raises(ValidationError, match="förflutna"):
        schedule.check_not_past([dt.date(2026, 11, 1)], TODAY)
    with pytest.raises(ValidationError, match="före den första"):
        schedule.every_weeks(TODAY, 2, dt.date(2026, 1, 1))
    with pytest.raises(ValidationError, match="glesare"):
        schedule.every_weeks(TODAY, 1, dt.date(2030, 1, 1))


def test_changed_fields_name_what_differs():
    before = {"needs": "a", "interventions": [], "responsible": "Lars"}
    after = {"needs": "b", "interventions": [{"what": "x"}], "responsible": "Lars"}
    assert changed_fields(before, after) == ["needs", "interventions"]
