"""Plans, revisions, follow-ups, the to-do list and hand-over, on a real encrypted case file."""

import datetime as dt
from dataclasses import replace

import pytest

from elevhalsa_desktop.domain.plans import (
    Adjustment,
    Decision,
    Effect,
    EffectNote,
    Intervention,
    InterventionStatus,
    Investigation,
    PlanKind,
    PlanStatus,
)
from elevhalsa_desktop.domain.pupil import Pupil, ValidationError
from elevhalsa_desktop.services.plans import PlanService
from elevhalsa_desktop.store.audit import Action

TODAY = dt.date.today()


def day(offset: int) -> str:
    return (TODAY + dt.timedelta(days=offset)).isoformat()


@pytest.fixture
def plans(session):
    return PlanService(session)


@pytest.fixture
def pupil(pupils):
    return pupils.create(Pupil("Åsa", "Öhman", class_name="7B"))


def ready_plan(plans, pupil, **changes):
    plan = plans.new_plan(pupil.id, PlanKind.HANDLINGSPLAN).with_changes(
        title="Närvaroplan",
        needs="Åsa behöver en lugn start på dagen.",
        goals_short="Komma till första lektionen tre dagar i veckan.",
        follow_up_on=day(10),
        interventions=(
            Intervention("Möte med mentor 8.10 varje morgon", responsible="Lars Berg"),
            Intervention("Enskild undervisning i matematik", start=day(0), end=day(60)),
        ),
    )
    return plan.with_changes(**changes)


def test_every_save_is_a_revision_and_earlier_versions_stay(plans, pupil, pupils):
    draft = plans.save(ready_plan(plans, pupil, follow_up_on=""))
    assert draft.status is PlanStatus.DRAFT and draft.revision == 1
    changed = plans.save(draft.with_changes(goals_long="Full skolgång i årskurs 8."))
    assert changed.revision == 2
    assert plans.save(changed).revision == 2  # nothing changed: no new revision
    history = plans.revisions(draft.id)
    assert [r.number for r in history] == [1, 2]
    assert history[1].changed == ["goals_long"]
    assert history[0].plan["goals_long"] == "" and history[1].plan["goals_long"].startswith("Full")
    assert history[0].plan["interventions"][0]["what"].startswith("Möte med mentor")
    assert [e.action for e in pupils.history(pupil.id)][:2] == [Action.CHANGED, Action.CREATED]


def test_activation_says_what_is_missing_and_saves_nothing(plans, pupil):
    draft = plans.save(ready_plan(plans, pupil, responsible="", follow_up_on=""))
    with pytest.raises(ValidationError) as caught:
        plans.activate(draft)
    assert set(caught.value.problems) == {"responsible", "follow_up_on"}
    assert plans.plans(pupil.id)[0].status is PlanStatus.DRAFT
    with pytest.raises(ValidationError, match="passerat"):
        plans.activate(draft.with_changes(responsible="Lars", follow_up_on=day(-1)))


def test_activating_puts_the_first_follow_up_in_att_gora(plans, pupil):
    active = plans.activate(plans.save(ready_plan(plans, pupil)))
    assert active.status is PlanStatus.ACTIVE
    (item,) = plans.todo(TODAY)
    assert item.plan_id == active.id and item.pupil_name == "Åsa Öhman" and not item.overdue
    assert item.due_on.isoformat() == day(10)


def test_scheduling_in_the_past_is_refused(plans, pupil):
    active = plans.activate(plans.save(ready_plan(plans, pupil)))
    with pytest.raises(ValidationError, match="förflutna"):
        plans.schedule(active, [TODAY - dt.timedelta(days=3)], "Lars")
    with pytest.raises(ValidationError, match="ansvarar"):
        plans.schedule(active, [TODAY], "  ")


def test_recording_a_follow_up_takes_it_off_att_gora_and_moves_the_date(plans, pupil):
    active = plans.activate(plans.save(ready_plan(plans, pupil)))
    plans.schedule(active, [TODAY + dt.timedelta(days=40)], "Lars Berg")
    first = plans.follow_ups(active.id)[0]
    mentor, maths = plans.open(active.id).interventions
    recorded = plans.record(
        replace(
            first,
            held_on=TODAY.isoformat(),
            participants="Åsa, mamma, mentor",
            effects=(
                EffectNote(mentor.id, Effect.BETTER, "Kommer oftare i tid"),
                EffectNote(maths.id, Effect.TOO_EARLY),
            ),
            decision=Decision.CONTINUE,
        ),
        today=TODAY,
    )
    assert recorded.held and recorded.effects[0].effect is Effect.BETTER
    assert plans.todo(TODAY) == []
    assert plans.open(active.id).follow_up_on == day(40)


def test_a_follow_up_that_decides_to_close_closes_the_plan(plans, pupil):
    active = plans.activate(plans.save(ready_plan(plans, pupil)))
    first = plans.follow_ups(active.id)[0]
    with pytest.raises(ValidationError) as caught:
        plans.record(replace(first, responsible=""), TODAY)
    assert set(caught.value.problems) == {"held_on", "participants", "decision"}
    done = replace(
        first,
        held_on=TODAY.isoformat(),
        participants="Åsa, mentor",
        decision=Decision.CLOSE,
    )
    plans.record(done, TODAY)
    assert plans.plans(pupil.id)[0].status is PlanStatus.CLOSED  # closed, kept


def test_overdue_follow_ups_stand_out(plans, pupil):
    active = plans.activate(plans.save(ready_plan(plans, pupil)))
    (item,) = plans.todo(TODAY + dt.timedelta(days=12))
    assert item.overdue and item.plan_id == active.id


def test_hand_over_moves_everything_a_person_holds(plans, pupil):
    active = plans.activate(plans.save(ready_plan(plans, pupil, responsible="Lars Berg")))
    assert plans.holdings("Lars Berg") == {"plan": 1, "intervention": 1, "follow_up": 1}
    moved = plans.hand_over("Lars Berg", "Karin Holm")
    assert moved == {"plan": 1, "intervention": 1, "follow_up": 1}
    assert plans.holdings("Lars Berg") == {"plan": 0, "intervention": 0, "follow_up": 0}
    after = plans.open(active.id)
    assert after.responsible == "Karin Holm" and after.interventions[0].responsible == "Karin Holm"
    assert plans.revisions(active.id)[-1].changed == ["responsible", "interventions"]
    with pytest.raises(ValidationError):
        plans.hand_over("Karin Holm", "Karin Holm")


def test_a_removed_intervention_that_was_judged_stays_in_the_record(plans, pupil, session):
    active = plans.activate(plans.save(ready_plan(plans, pupil)))
    first = plans.follow_ups(active.id)[0]
    mentor = active.interventions[0]
    plans.record(
        replace(
            first,
            held_on=TODAY.isoformat(),
            participants="x",
            decision=Decision.CHANGE,
            effects=(EffectNote(mentor.id, Effect.WORSE, "Fungerade inte"),),
        ),
        TODAY,
    )
    fewer = plans.save(active.with_changes(interventions=active.interventions[1:]))
    assert [i.what for i in fewer.interventions] == [active.interventions[1].what]
    assert (
        session.db.execute("SELECT status FROM intervention WHERE id = ?", [mentor.id]).fetchone()[
            0
        ]
        == InterventionStatus.DISCONTINUED
    )


def test_adjustments_and_investigations(plans, pupil):
    saved = plans.save_adjustment(Adjustment(pupil.id, "Förlängd skrivtid", "Matematik", day(-30)))
    plans.save_adjustment(replace(saved, in_use=False, how_it_went="Hjälpte"))
    assert plans.adjustments(pupil.id)[0].how_it_went == "Hjälpte"
    with pytest.raises(ValidationError):
        plans.save_adjustment(Adjustment(pupil.id, "  "))
    study = plans.save_investigation(Investigation(pupil.id, pupil_view="Jag vill gå i skolan."))
    assert plans.investigations(pupil.id)[0].id == study.id


def test_an_active_plan_with_no_follow_up_left_stays_in_att_gora(plans, pupil):
    active = plans.activate(plans.save(ready_plan(plans, pupil)))
    first = plans.follow_ups(active.id)[0]
    plans.record(
        replace(
            first, held_on=TODAY.isoformat(), participants="Åsa, mentor", decision=Decision.CONTINUE
        ),
        TODAY,
    )
    (item,) = plans.todo(TODAY)
    assert item.unplanned and item.overdue and item.plan_id == active.id and not item.follow_up_id


def test_follow_ups_of_a_draft_are_not_in_att_gora(plans, pupil):
    draft = plans.save(ready_plan(plans, pupil))
    plans.schedule(draft, [TODAY + dt.timedelta(days=3)], "Lars")
    assert plans.todo(TODAY) == []


def test_closing_checks_the_plan_first(plans, pupil):
    draft = plans.save(ready_plan(plans, pupil))
    with pytest.raises(ValidationError):
        plans.close(draft.with_changes(follow_up_on="inte ett datum"))
    assert plans.plans(pupil.id)[0].status is PlanStatus.DRAFT


def test_a_closed_plan_is_reopened_as_a_draft_and_keeps_its_history(plans, pupil, pupils):
    active = plans.activate(plans.save(ready_plan(plans, pupil)))
    with pytest.raises(ValidationError) as caught:
        plans.reopen(active)  # only a closed plan is opened again
    assert set(caught.value.problems) == {"status"}
    closed = plans.close(active)
    reopened = plans.reopen(closed)
    assert reopened.status is PlanStatus.DRAFT and reopened.revision == closed.revision + 1
    history = plans.revisions(active.id)
    assert [r.plan["status"] for r in history][-2:] == ["closed", "draft"]
    assert history[-1].changed == ["status"]
    details = [e.detail for e in pupils.history(pupil.id)]
    assert f"plan {active.id}: öppnad igen" in details
    # A draft again: it counts once it is activated, and then it is in Att göra.
    assert plans.activate(reopened).status is PlanStatus.ACTIVE
    assert [item.plan_id for item in plans.todo(TODAY + dt.timedelta(days=12))] == [active.id]
