"""The school's open staged returns, on a real encrypted case file."""

from __future__ import annotations

from elevhalsa_desktop.services.ladder import LadderService
from elevhalsa_desktop.services.ladder_overview import LadderOverviewService
from tests.dates import TODAY
from tests.ui.ladder_setup import record_days, return_plan


def test_open_returns_say_where_each_pupil_stands(session, pupils):
    ladder = LadderService(session)
    asa = return_plan(ladder, pupils, weeks_ago=2)
    elias = return_plan(ladder, pupils, weeks_ago=0, name=("Elias", "Berg", "8A"))
    record_days(ladder, elias, [TODAY])
    closed = return_plan(ladder, pupils, name=("Nora", "Ek", "6C"))
    ladder.save(closed.with_changes(closed=True))
    rows = {r.pupil_name: r for r in LadderOverviewService(session).open_returns(TODAY)}
    assert set(rows) == {"Åsa Öhman", "Elias Berg"}
    first = rows["Åsa Öhman"]
    assert (first.plan_id, first.step_number, first.step_count) == (asa.id, 1, 2)
    assert first.current_setting == "Enskilt med en vuxen" and first.last_session_on == ""
    assert first.missed == len(ladder.overview(asa.id, TODAY).missed) > 0
    assert rows["Elias Berg"].last_session_on == TODAY.isoformat()
    assert rows["Elias Berg"].class_name == "8A" and not rows["Elias Berg"].suggest_step_up
