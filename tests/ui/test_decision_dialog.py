"""The suggestion to step up and the coordinator's decision, on a real encrypted case file: the
suggestion appears once the criterion's sessions in a row are recorded, never moves a step by
itself, and the decision typed in the dialog moves the tab to the next step."""

from __future__ import annotations

import datetime as dt

import pytest

from elevhalsa_desktop.domain.ladder import DecisionKind
from elevhalsa_desktop.services.ladder import LadderService
from elevhalsa_desktop.services.plans import PlanService
from elevhalsa_desktop.ui.decision_dialog import DecisionDialog
from elevhalsa_desktop.ui.ladder_tab import LadderTab
from tests.dates import TODAY
from tests.ui.driving import click, type_text
from tests.ui.ladder_setup import record_days, return_plan
from tests.ui.register import find_open, mnemonic_clashes, unnamed_controls
from tests.ui.support_setup import save, show, wait_active


@pytest.fixture
def ladder(session):
    return LadderService(session)


def days_back(count: int) -> list[dt.date]:
    return [TODAY - dt.timedelta(days=n) for n in range(count, 0, -1)]


def test_the_suggestion_appears_and_the_coordinator_steps_up(qtbot, session, ladder, pupils):
    plan = return_plan(ladder, pupils)  # the criterion: 4 sessions in a row attended
    plan = record_days(ladder, plan, days_back(5)[:4], absent=frozenset(days_back(5)[:1]))
    tab = show(qtbot, LadderTab(ladder, PlanService(session), pupils.open(plan.pupil_id)))
    assert not tab.form.suggestionLabel.isVisible()  # 3 in a row after an absence

    record_days(ladder, plan, [TODAY])
    tab.reload()
    assert tab.form.suggestionLabel.isVisible()
    assert "överväg att gå ett steg upp" in tab.form.suggestionLabel.text()
    assert ladder.open(plan.id).current_step.setting == "Enskilt med en vuxen"  # not moved

    click(tab.form.decideButton)
    dialog = wait_active(qtbot, find_open(tab, DecisionDialog, qtbot))
    form = dialog.form
    assert unnamed_controls(dialog) == [] and mnemonic_clashes(dialog) == {}
    assert form.suggestionLabel.isVisible() and form.stepUpRadio.isChecked()
    assert form.decidedByEdit.text() == "Maria Lindqvist"  # the user of the case file
    assert not form.stepBackRadio.isEnabled() and not form.resumeRadio.isEnabled()

    save(dialog)  # no reason: said beside the reason
    assert "varför" in dialog.problems.text_for("reason")
    type_text(form.reasonEdit, "Fyra tillfällen i rad, Åsa vill prova gruppen.")
    with qtbot.waitSignal(tab.changed, timeout=2000):
        save(dialog)
    assert tab.form.currentTitle.text() == "Nu: Steg 2 av 2: Liten grupp (2–4 elever)"
    assert not tab.form.suggestionLabel.isVisible()
    decision = ladder.decisions(plan.id)[0]
    assert decision.kind is DecisionKind.STEP_UP and decision.decided_by == "Maria Lindqvist"
    assert decision.on == TODAY.isoformat()


def test_a_decision_dated_in_the_future_is_refused(qtbot, session, ladder, pupils):
    plan = return_plan(ladder, pupils)
    tab = show(qtbot, LadderTab(ladder, PlanService(session), pupils.open(plan.pupil_id)))
    click(tab.form.decideButton)
    dialog = wait_active(qtbot, find_open(tab, DecisionDialog, qtbot))
    assert dialog.form.stayRadio.isChecked() and not dialog.form.suggestionLabel.isVisible()
    dialog.form.onEdit.setText((TODAY + dt.timedelta(days=3)).isoformat())
    save(dialog)
    assert "framtiden" in dialog.problems.text_for("on")
    assert ladder.decisions(plan.id) == []
    dialog.forget_changes()
    dialog.reject()
