"""The Återgång tab at a glance, on a real encrypted case file: the calm start, the current
step, the shortened-day warning until it is decided, the missed sessions, the last three;
closing a return, starting another, and choosing which one is shown."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from elevhalsa_desktop.domain.ladder import ReturnPlan
from elevhalsa_desktop.services.ladder import LadderService
from elevhalsa_desktop.services.plans import PlanService
from elevhalsa_desktop.ui.close_return_dialog import CloseReturnDialog
from elevhalsa_desktop.ui.ladder_tab import LadderTab
from elevhalsa_desktop.ui.session_dialog import SessionDialog
from tests.dates import TODAY, day
from tests.ui.driving import click, type_text
from tests.ui.ladder_setup import SMALL_GROUP, record_days, return_plan
from tests.ui.register import find_open, mnemonic_clashes, unnamed_controls
from tests.ui.support_setup import pupil_in, save, show, wait_active


@pytest.fixture
def ladder(session):
    return LadderService(session)


def test_no_return_plan_yet_explains_and_offers_to_start(qtbot, session, ladder, pupils):
    tab = show(qtbot, LadderTab(ladder, PlanService(session), pupil_in(pupils)))
    assert tab.form.emptyTitle.text() == "Ingen stegvis återgång ännu"
    assert tab.form.startButton.isVisible()
    assert unnamed_controls(tab) == [] and mnemonic_clashes(tab) == {}


def test_the_tab_shows_the_step_the_warning_and_what_is_missing(qtbot, session, ladder, pupils):
    plan = return_plan(ladder, pupils, weeks_ago=2)
    days = ladder.overview(plan.id).missed
    record_days(ladder, plan, days[:4])
    tab = show(qtbot, LadderTab(ladder, PlanService(session), pupils.open(plan.pupil_id)))
    form = tab.form
    assert unnamed_controls(tab) == [] and mnemonic_clashes(tab) == {}
    assert form.currentTitle.text() == "Nu: Steg 1 av 2: Enskilt med en vuxen"
    assert form.scheduleValue.text() == "tisdag och torsdag 09:00–10:00"
    assert form.minutesValue.text() == "120 min per vecka av elevens 1650 min"
    assert form.responsibleValue.text() == "Lars Berg"
    assert "anpassad studiegång" in form.warningLabel.text() and form.warningLabel.isVisible()
    missed = len(days) - 4
    if missed:
        assert form.missedLabel.text().startswith(
            "1 planerat tillfälle saknar"
            if missed == 1
            else f"{missed} planerade tillfällen saknar"
        )
    assert tab.sessions_table.row_count() == 3
    newest = tab.sessions_table.proxy.index(0, 0).data()
    assert newest.endswith(days[3].isoformat())
    assert "Steg 1: Enskilt med en vuxen (Pågår)." in tab.drawing.description()

    ladder.save(
        ladder.open(plan.id).with_changes(
            shortened_day_decided_by="Eva Rektorsson", shortened_day_decided_on=day(-1)
        )
    )
    tab.reload()
    assert not form.warningLabel.isVisible()


def test_ctrl_r_opens_the_log_with_the_missed_sessions(qtbot, session, ladder, pupils):
    plan = return_plan(ladder, pupils, weeks_ago=2)
    missed = ladder.overview(plan.id).missed
    tab = show(qtbot, LadderTab(ladder, PlanService(session), pupils.open(plan.pupil_id)))
    tab.focus_first()
    QTest.keyClick(tab.form.recordButton, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    dialog = find_open(tab, SessionDialog, qtbot)
    assert dialog.form.missedList.count() == len(missed) > 0
    assert dialog.form.onEdit.text() == TODAY.isoformat()
    first = dialog.form.missedList.item(0).text()
    assert first.endswith(max(missed).isoformat())
    dialog.reject()


def test_closing_the_return_asks_why_then_offers_a_new_start(qtbot, session, ladder, pupils):
    plan = return_plan(ladder, pupils, weeks_ago=2)
    record_days(ladder, plan, ladder.overview(plan.id).missed[:2])
    tab = show(qtbot, LadderTab(ladder, PlanService(session), pupils.open(plan.pupil_id)))
    form = tab.form
    assert not form.chooserPanel.isVisible()  # one return plan: nothing to choose
    click(form.closeButton)
    dialog = wait_active(qtbot, find_open(tab, CloseReturnDialog, qtbot))
    assert unnamed_controls(dialog) == [] and mnemonic_clashes(dialog) == {}
    assert dialog.form.decidedByEdit.text() == "Maria Lindqvist"
    save(dialog)  # without a reason: refused, nothing closed
    assert "varför" in dialog.problems.text_for("reason")
    assert not ladder.open(plan.id).closed
    type_text(dialog.form.reasonEdit, "Åsa går hela sitt schema.")
    with qtbot.waitSignal(tab.changed, timeout=2000):
        save(dialog)

    assert ladder.open(plan.id).closed
    assert form.startButton.isVisible() and form.emptyTitle.text().startswith("Ingen pågående")
    assert form.closedLabel.text() == (
        f"Avslutad {TODAY.isoformat()} av Maria Lindqvist: Åsa går hela sitt schema."
    )
    for button in (form.recordButton, form.decideButton, form.editButton, form.closeButton):
        assert not button.isVisible()
    assert tab.record_session() is None and tab.decide() is None
    assert tab.sessions_table.row_count() == 2  # kept, to be read
    assert unnamed_controls(tab) == [] and mnemonic_clashes(tab) == {}

    # A new return started: it is shown, and the chooser lists it first.
    again = ladder.start(ladder.save(ReturnPlan(plan.pupil_id, 1650, day(0), steps=(SMALL_GROUP,))))
    tab._started_or_saved(again)
    assert form.chooserPanel.isVisible() and form.planCombo.count() == 2
    assert form.planCombo.currentData() == again.id
    assert form.planCombo.itemText(0) == f"Startad {TODAY.isoformat()}, pågår"
    assert form.recordButton.isVisible() and not form.startButton.isVisible()
    assert not form.closedLabel.isVisible()
    assert mnemonic_clashes(tab) == {}

    # The closed one can still be read, not changed.
    form.planCombo.setFocus()
    QTest.keyClick(form.planCombo, Qt.Key.Key_Down)
    assert tab.plan.id == plan.id and tab.plan.closed
    assert not form.recordButton.isVisible() and form.closedLabel.isVisible()
    assert form.currentTitle.text().startswith("Avslutad återgång")
