"""The demo case file's staged returns: three stages, months of sessions, made by the rules."""

import datetime as dt

from elevhalsa_desktop.services.demo import write_demo
from elevhalsa_desktop.services.ladder import LadderService
from elevhalsa_desktop.services.plans import PlanService
from tests.conftest import PASSWORD


def test_the_demo_has_returns_at_three_stages(tmp_path):
    session = write_demo(tmp_path / "demo.elevhalsa", PASSWORD, pupils=40, seed=2)
    ladder, plans = LadderService(session), PlanService(session)
    ids = [r[0] for r in session.db.execute("SELECT id FROM return_plan ORDER BY started_on")]
    assert len(ids) == 3
    overviews = [ladder.overview(i) for i in ids]
    nearly_back, middle, just_started = overviews
    today = dt.date.today()

    def sessions(o):
        return ladder.sessions(o.plan.id)

    def steps_of(o):
        return o.plan.active_steps.index(o.current) + 1

    # Months of sessions on the oldest; a few on the newest, one of which the pupil missed.
    assert dt.date.fromisoformat(nearly_back.plan.started_on) < today - dt.timedelta(days=150)
    assert len(sessions(nearly_back)) > 100
    assert 1 <= len(sessions(just_started)) <= 6 and steps_of(just_started) == 1
    assert sum(not s.came for s in sessions(just_started)) == 1
    # The middle one: stepped up twice, some sessions missed, the suggestion showing.
    assert steps_of(middle) == 3 and middle.suggest_step_up
    assert sum(d.kind.value == "step_up" for d in ladder.decisions(middle.plan.id)) == 2
    assert any(not s.came for s in sessions(middle))
    # Nearly back: the whole class part-time, the shortened day decided by the head teacher.
    assert nearly_back.current.setting == "Hela klassen"
    assert nearly_back.current.planned_minutes < nearly_back.plan.weekly_schedule_minutes
    assert nearly_back.plan.shortened_day_decided and not nearly_back.plan.shortened_day_warning
    assert middle.plan.shortened_day_warning  # four months without a decision: the warning
    for o in overviews:  # each serves a plan of its own pupil
        assert o.plan.plan_id in {p.id for p in plans.plans(o.plan.pupil_id)}
    session.close()


def test_a_tiny_demo_gets_fewer_returns_and_no_errors(tmp_path):
    session = write_demo(tmp_path / "liten.elevhalsa", PASSWORD, pupils=3, seed=1)
    count = session.db.execute("SELECT count(*) FROM return_plan").fetchone()[0]
    assert count <= 1
    session.close()
