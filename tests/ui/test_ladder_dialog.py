"""The return plan and its steps, typed in through the dialogs on a real encrypted case file:
a ladder of two steps, the live warning about a shortened day, a step with no minutes, and a
removed step that has sessions (archived, and said so)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from elevhalsa_desktop.domain.ladder import StepStatus
from elevhalsa_desktop.services.ladder import LadderService
from elevhalsa_desktop.services.plans import PlanService
from elevhalsa_desktop.ui.ladder_dialog import ReturnPlanDialog
from elevhalsa_desktop.ui.ladder_tab import LadderTab
from elevhalsa_desktop.ui.step_dialog import StepDialog
from tests.dates import TODAY, day
from tests.ui.driving import click, retype, type_text
from tests.ui.ladder_setup import return_plan
from tests.ui.register import find_open, mnemonic_clashes, unnamed_controls
from tests.ui.support_setup import active_plan, pupil_in, save, show, wait_active


@pytest.fixture
def ladder(session):
    return LadderService(session)


def add_step(qtbot, dialog: ReturnPlanDialog, setting: str, minutes: str, days, times, who):
    click(dialog.form.addStepButton)
    step = wait_active(qtbot, find_open(dialog, StepDialog, qtbot))
    form = step.form
    retype(form.settingCombo.lineEdit(), setting)
    retype(form.minutesSpin, minutes)
    for name in days:
        click(getattr(form, name))
    type_text(form.startTimeEdit, times[0])
    type_text(form.endTimeEdit, times[1])
    type_text(form.responsibleEdit, who)
    return step


def test_a_return_plan_with_two_steps_is_made_through_the_dialog(qtbot, session, ladder, pupils):
    plans = PlanService(session)
    pupil = pupil_in(pupils)
    programme = active_plan(plans, pupil, title="Åtgärdsprogram närvaro")
    tab = show(qtbot, LadderTab(ladder, plans, pupil))
    assert tab.form.emptyPanel.isVisible() and not tab.form.planPanel.isVisible()
    click(tab.form.startButton)
    dialog = wait_active(qtbot, find_open(tab, ReturnPlanDialog, qtbot))
    form = dialog.form
    assert unnamed_controls(dialog) == [] and mnemonic_clashes(dialog) == {}
    assert form.startedEdit.text() == TODAY.isoformat()
    retype(form.weeklySpin, "1650")
    form.linkCombo.setCurrentIndex(form.linkCombo.findData(programme.id))

    # A step with no minutes: said beside the minutes, and the step dialog stays open.
    step = add_step(
        qtbot,
        dialog,
        "Enskilt med en vuxen",
        "0",
        ["tuesdayCheck", "thursdayCheck"],
        ("09:00", "10:00"),
        "Lars Berg",
    )
    assert unnamed_controls(step) == [] and mnemonic_clashes(step) == {}
    save(step)
    assert "planerad tid" in step.problems.text_for("planned_minutes")
    assert step.isVisible()
    retype(step.form.minutesSpin, "120")
    retype(step.form.criterionSpin, "4")
    save(step)
    qtbot.waitUntil(lambda: not step.isVisible(), timeout=2000)
    # The first step begins at once; the shortened day is warned about, live.
    assert dialog.steps()[0].status is StepStatus.CURRENT
    assert "anpassad studiegång" in form.warningLabel.text()

    step = add_step(
        qtbot,
        dialog,
        "Liten grupp (2–4 elever)",
        "240",
        ["mondayCheck", "wednesdayCheck", "fridayCheck"],
        ("09:00", "10:20"),
        "Karin Holm",
    )
    save(step)
    qtbot.waitUntil(lambda: not step.isVisible(), timeout=2000)
    assert [s.setting for s in dialog.steps()] == [
        "Enskilt med en vuxen",
        "Liten grupp (2–4 elever)",
    ]

    type_text(form.decidedByEdit, "Eva Rektorsson")
    type_text(form.decidedOnEdit, day(-2))
    assert form.warningLabel.text() == "Kortare skoldag, beslutad av rektor."
    with qtbot.waitSignal(tab.changed, timeout=2000):
        save(dialog)

    stored = ladder.plans(pupil.id)[0]
    assert stored.weekly_schedule_minutes == 1650 and stored.plan_id == programme.id
    assert stored.shortened_day_warning == ""
    first, second = stored.active_steps
    assert (first.planned_minutes, first.weekdays, first.criterion_sessions) == (120, (1, 3), 4)
    assert (second.weekdays, second.start_time, second.end_time) == ((0, 2, 4), "09:00", "10:20")
    assert tab.form.currentTitle.text() == "Nu: Steg 1 av 2: Enskilt med en vuxen"
    assert tab.form.criterionValue.text() == "4 tillfällen i rad med närvaro"


def test_a_problem_with_a_step_shows_under_the_steps_and_two_current_are_refused(
    qtbot, session, ladder, pupils
):
    plan = return_plan(ladder, pupils)
    tab = show(qtbot, LadderTab(ladder, PlanService(session), pupils.open(plan.pupil_id)))
    click(tab.form.editButton)
    dialog = wait_active(qtbot, find_open(tab, ReturnPlanDialog, qtbot))
    dialog.table.select("1")
    click(dialog.form.editStepButton)
    step = wait_active(qtbot, find_open(dialog, StepDialog, qtbot))
    step.form.statusCombo.setCurrentIndex(step.form.statusCombo.findData("current"))
    save(step)
    qtbot.waitUntil(lambda: not step.isVisible(), timeout=2000)
    save(dialog)
    assert dialog.problems.text_for("steps") == "Bara ett steg kan pågå åt gången."
    assert dialog.isVisible()
    dialog.forget_changes()
    dialog.reject()


def test_removing_a_step_with_sessions_says_it_is_archived(qtbot, session, ladder, pupils):
    plan = return_plan(ladder, pupils)
    ladder.record(ladder.draft_session(plan, TODAY))
    tab = show(qtbot, LadderTab(ladder, PlanService(session), pupils.open(plan.pupil_id)))
    click(tab.form.editButton)
    dialog = wait_active(qtbot, find_open(tab, ReturnPlanDialog, qtbot))
    form = dialog.form
    dialog.table.select("1")
    click(form.upButton)  # the small group first, then remove the one-to-one step below it
    assert dialog.steps()[0].setting.startswith("Liten grupp")
    dialog.table.select("1")
    form.stepsTable.setFocus()
    click(form.removeStepButton)
    assert "arkiveras" in form.stepsHint.text()
    # The small group is now the only step; make it current so the ladder is valid.
    form.stepsTable.setFocus()
    QTest.keyClick(form.stepsTable, Qt.Key.Key_Return)
    step = wait_active(qtbot, find_open(dialog, StepDialog, qtbot))
    step.form.statusCombo.setCurrentIndex(step.form.statusCombo.findData("current"))
    save(step)
    qtbot.waitUntil(lambda: not step.isVisible(), timeout=2000)
    with qtbot.waitSignal(tab.changed, timeout=2000):
        save(dialog)
    stored = ladder.plans(plan.pupil_id)[0]
    assert [s.archived for s in stored.steps] == [False, True]
    assert len(ladder.sessions(plan.id)) == 1
