"""The progress chart plots the numbers LadderService.progress gives, through the same function
the PDF's chart is drawn from, and says them in words for those who do not see the picture."""

from __future__ import annotations

import pytest

from elevhalsa_desktop.documents.ladder_chart import chart_series
from elevhalsa_desktop.domain.ladder import DecisionKind
from elevhalsa_desktop.services.ladder import LadderService
from elevhalsa_desktop.services.plans import PlanService
from elevhalsa_desktop.ui.ladder_tab import LadderTab
from elevhalsa_desktop.ui.progress_chart import ProgressChart
from tests.ui.ladder_setup import months_of_sessions
from tests.ui.support_setup import show


@pytest.fixture
def ladder(session):
    return LadderService(session)


def test_the_chart_plots_the_services_numbers(qtbot, session, ladder, pupils):
    plan = months_of_sessions(ladder, pupils, months=3)
    tab = show(qtbot, LadderTab(ladder, PlanService(session), pupils.open(plan.pupil_id)))
    chart: ProgressChart = tab.chart
    weeks = ladder.progress(plan.id)
    series = chart.series()
    assert series == chart_series(weeks)  # what the PDF draws
    assert list(series.planned) == [w.planned_minutes for w in weeks]
    assert list(series.attended) == [w.attended_minutes for w in weeks]
    assert [kind for _week, kind in series.markers] == [DecisionKind.STEP_UP]
    assert {band.step_id for band in series.bands} == {s.id for s in plan.active_steps}
    assert chart.rates() == ladder.attendance_per_step(plan.id)

    # The text alternative carries the same numbers.
    total = sum(w.attended_minutes for w in weeks)
    assert (
        f"{total} av {sum(w.planned_minutes for w in weeks)} planerade minuter" in chart.toolTip()
    )
    assert chart.accessibleDescription() == chart.toolTip() == tab.form.chartSummary.text()
    rate = round(ladder.attendance_per_step(plan.id)[plan.active_steps[0].id] * 100)
    assert f"Steg 1: Enskilt med en vuxen, {rate} % närvaro" in chart.summary()
    first = weeks[0]
    assert chart.week_text(0).endswith(
        f"planerat {first.planned_minutes} min, närvaro {first.attended_minutes} min"
    )
    assert not chart.grab().isNull()  # and it paints
