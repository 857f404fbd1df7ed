"""The list of every plan in the school (the Planer area) and the hand-over's own refusals."""

import datetime as dt

import pytest

from elevhalsa_desktop.domain.plans import PlanKind, PlanStatus
from elevhalsa_desktop.domain.pupil import Pupil, ValidationError
from elevhalsa_desktop.services.plans import PlanService
from tests.dates import TODAY, day


@pytest.fixture
def plans(session):
    return PlanService(session)


def plan_for(plans, pupil, title, **changes):
    values = {"title": title, "needs": "Behöver en lugn start.", "follow_up_on": day(5)}
    plan = plans.new_plan(pupil.id, PlanKind.HANDLINGSPLAN).with_changes(**(values | changes))
    return plans.save(plan)


def test_all_plans_lists_the_school_with_pupil_status_and_next_follow_up(plans, pupils):
    asa = pupils.create(Pupil("Åsa", "Öhman", class_name="7B"))
    bo = pupils.create(Pupil("Bo", "Berg", class_name="8A"))
    gone = pupils.create(Pupil("Cecilia", "Ek", class_name="9C"))
    active = plans.activate(plan_for(plans, asa, "Närvaroplan", responsible="Lars Berg"))
    draft = plan_for(plans, bo, "", follow_up_on=day(20))
    closed = plans.close(plan_for(plans, asa, "Gammal plan"))
    plan_for(plans, gone, "Arkiverad elevs plan")
    pupils.archive(gone.id)

    rows = plans.all_plans(today=TODAY)
    assert [(r.plan_id, r.status) for r in rows] == [
        (active.id, PlanStatus.ACTIVE),
        (draft.id, PlanStatus.DRAFT),
        (closed.id, PlanStatus.CLOSED),
    ]
    first, second, third = rows
    assert (first.pupil_name, first.class_name, first.title) == ("Åsa Öhman", "7B", "Närvaroplan")
    assert first.responsible == "Lars Berg" and first.next_follow_up.isoformat() == day(5)
    assert not first.overdue and not first.unscheduled
    assert second.title == "Handlingsplan"  # no title: the kind stands in
    assert second.next_follow_up.isoformat() == day(20)  # a draft shows the date it proposes
    assert third.next_follow_up is None and not third.overdue

    later = plans.all_plans(today=TODAY + dt.timedelta(days=6))
    assert [r.overdue for r in later] == [True, False, False]  # only a scheduled date is late
    assert [r.plan_id for r in plans.all_plans(gone.id)] != []  # on the pupil's own page: kept


def test_hand_over_refuses_an_empty_person_and_one_who_holds_nothing(plans):
    with pytest.raises(ValidationError) as caught:
        plans.hand_over(" ", "Karin Holm")
    assert set(caught.value.problems) == {"person"}
    with pytest.raises(ValidationError, match="står inte som ansvarig"):
        plans.hand_over("Ingen Alls", "Karin Holm")
