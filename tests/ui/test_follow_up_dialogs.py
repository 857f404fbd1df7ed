"""Scheduling and recording follow-ups, typed and clicked, on a real encrypted case file."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QLineEdit

from elevhalsa_desktop.domain import schedule
from elevhalsa_desktop.domain.plans import Decision, Effect, PlanStatus
from elevhalsa_desktop.ui.follow_up_dialogs import (
    RecordFollowUpDialog,
    ScheduleFollowUpDialog,
    ordinal_suffix,
)
from elevhalsa_desktop.ui.plan_dialog import PlanDialog
from tests.ui.driving import click, retype, type_text
from tests.ui.plan_setup import TODAY, PlanEnv, day
from tests.ui.register import answer_next_box, find_open, mnemonic_clashes, unnamed_controls


@pytest.fixture
def env(session, pupils, qtbot):
    return PlanEnv.make(session, pupils, qtbot)


def save(dialog) -> None:
    click(dialog.form.buttonBox.button(QDialogButtonBox.StandardButton.Save))


def scheduled(env: PlanEnv, plan_id: str) -> list[str]:
    return [f.due_on for f in env.plans.follow_ups(plan_id) if not f.held]


def test_every_fourth_week_until_the_end_of_the_school_year_puts_those_dates_in_the_file(env):
    plan = env.active_plan()
    dialog = env.show(ScheduleFollowUpDialog(env.plans, plan, env.host))
    form = dialog.form
    assert form.inWeeksRadio.isChecked() and form.inWeeksSpin.value() == 6
    assert not form.untilEdit.isEnabled()
    click(form.everyRadio)
    assert form.everySpin.value() == 4 and form.everySpin.suffix() == ":e"
    first = schedule.in_weeks(TODAY, 4)
    expected = schedule.every_weeks(first, 4, schedule.school_year_end(first))
    assert form.untilEdit.text() == schedule.school_year_end(first).isoformat()
    assert form.previewLabel.text().endswith(", ".join(d.isoformat() for d in expected))
    with env.qtbot.waitSignal(dialog.saved):
        save(dialog)
    assert scheduled(env, plan.id) == sorted([day(7), *(d.isoformat() for d in expected)])
    assert all(f.responsible == plan.responsible for f in env.plans.follow_ups(plan.id))


def test_in_six_weeks_is_the_default(env):
    plan = env.active_plan()
    dialog = env.show(ScheduleFollowUpDialog(env.plans, plan, env.host))
    six = schedule.in_weeks(TODAY, 6).isoformat()
    assert dialog.form.previewLabel.text() == f"Uppföljning: {six}"
    retype(dialog.form.responsibleCombo.lineEdit(), "Eva Ek")
    save(dialog)
    assert [(f.due_on, f.responsible) for f in env.plans.follow_ups(plan.id)][-1] == (six, "Eva Ek")


def test_a_date_in_the_past_is_refused_beside_the_date_and_nothing_is_scheduled(env):
    plan = env.active_plan()
    dialog = env.show(ScheduleFollowUpDialog(env.plans, plan, env.host))
    form = dialog.form
    click(form.onDateRadio)
    retype(form.dateEdit, day(-3))
    save(dialog)
    assert "ligger i det förflutna" in dialog.problems.text_for("due_on")
    assert dialog.focusWidget() is form.dateEdit
    assert dialog.isVisible()
    retype(form.dateEdit, "inte ett datum")
    save(dialog)
    assert "ÅÅÅÅ-MM-DD" in dialog.problems.text_for("due_on")
    assert scheduled(env, plan.id) == [day(7)]


def test_an_end_before_the_first_follow_up_is_said_beside_the_end(env):
    plan = env.active_plan()
    dialog = env.show(ScheduleFollowUpDialog(env.plans, plan, env.host))
    click(dialog.form.everyRadio)
    retype(dialog.form.untilEdit, day(1))
    assert "före den första" in dialog.form.previewLabel.text()
    save(dialog)
    assert "före den första" in dialog.problems.text_for("until")
    assert scheduled(env, plan.id) == [day(7)]


def effect_row(dialog: RecordFollowUpDialog, row: int) -> tuple[QComboBox, QLineEdit]:
    group = dialog.form.effectsGroup
    return group.findChild(QComboBox, f"effect{row}"), group.findChild(QLineEdit, f"comment{row}")


def choose(combo: QComboBox, key: Qt.Key) -> None:
    combo.setFocus()
    QTest.keyClick(combo, key)


def test_recording_a_follow_up_with_effects_and_a_decision_takes_it_off_att_gora(env):
    plan = env.active_plan()
    [due] = env.plans.follow_ups(plan.id)
    assert [item.follow_up_id for item in env.plans.todo()] == [due.id]
    dialog = env.show(RecordFollowUpDialog(env.plans, plan, due, env.host))
    form = dialog.form
    assert form.heldOnEdit.text() == TODAY.isoformat()
    type_text(form.participantsEdit, "Åsa, mamma, mentor")
    effect, comment = effect_row(dialog, 0)
    choose(effect, Qt.Key.Key_Down)  # Bättre
    type_text(comment, "Kommer i tid fyra dagar av fem.")
    choose(effect_row(dialog, 1)[0], Qt.Key.Key_End)  # För tidigt att säga
    click(form.continueRadio)
    type_text(form.notesEdit, "Vi fortsätter som nu.")
    with env.qtbot.waitSignal(dialog.saved) as signal:
        save(dialog)
    recorded = signal.args[0]
    assert recorded.held_on == TODAY.isoformat() and recorded.decision is Decision.CONTINUE
    assert [(n.effect, n.comment) for n in recorded.effects] == [
        (Effect.BETTER, "Kommer i tid fyra dagar av fem."),
        (Effect.TOO_EARLY, ""),
    ]
    # The follow-up is done; with nothing planned after it the plan stays in Att göra, marked
    # as needing a new follow-up, until one is scheduled.
    (left,) = env.plans.todo()
    assert left.unplanned and left.follow_up_id != due.id
    assert env.stored(plan.id).status is PlanStatus.ACTIVE


def test_a_record_without_decision_or_with_a_comment_but_no_effect_is_refused(env):
    plan = env.active_plan()
    [due] = env.plans.follow_ups(plan.id)
    dialog = env.show(RecordFollowUpDialog(env.plans, plan, due, env.host))
    type_text(effect_row(dialog, 1)[1], "Svårt att säga ännu.")
    save(dialog)
    assert dialog.problems.text_for("participants") == "Skriv vilka som deltog."
    assert "Välj beslut" in dialog.problems.text_for("decision")
    assert "Välj en effekt" in dialog.problems.text_for("effect_1")
    assert dialog.problems.text_for("effect_0") == ""
    assert not env.plans.follow_ups(plan.id)[0].held


def test_closing_the_plan_at_a_follow_up_closes_it(env):
    plan = env.active_plan()
    [due] = env.plans.follow_ups(plan.id)
    dialog = env.show(RecordFollowUpDialog(env.plans, plan, due, env.host))
    type_text(dialog.form.participantsEdit, "Åsa, mentor")
    click(dialog.form.closeRadio)
    assert "avslutas" in dialog.form.decisionHint.text()
    save(dialog)
    assert env.stored(plan.id).status is PlanStatus.CLOSED
    assert env.plans.todo() == []


def test_from_the_plan_a_follow_up_is_recorded_and_the_next_one_offered(env):
    plan = env.active_plan()
    dialog = env.show(PlanDialog(env.plans, plan, env.host))
    assert dialog.form.followUpsTable.model().rowCount() == 1
    click(dialog.form.recordButton)
    record = find_open(dialog, RecordFollowUpDialog, env.qtbot)
    type_text(record.form.participantsEdit, "Åsa, mentor")
    click(record.form.continueRadio)
    seen: list[str] = []
    answer_next_box("Planera uppföljning", seen)
    save(record)
    assert "ingen ny uppföljning" in seen[0]
    planner = find_open(dialog, ScheduleFollowUpDialog, env.qtbot)
    save(planner)
    env.qtbot.waitUntil(lambda: dialog.form.followUpsTable.model().rowCount() == 2)
    six = schedule.in_weeks(TODAY, 6).isoformat()
    assert env.stored(plan.id).follow_up_on == six
    assert dialog.form.followUpEdit.text() == six
    assert dialog.form.followUpEdit.isReadOnly()  # it follows the calendar now


def test_the_dialogs_name_every_control_and_claim_each_mnemonic_once(env):
    plan = env.active_plan()
    [due] = env.plans.follow_ups(plan.id)
    for dialog in (
        env.show(ScheduleFollowUpDialog(env.plans, plan, env.host)),
        env.show(RecordFollowUpDialog(env.plans, plan, due, env.host)),
    ):
        assert unnamed_controls(dialog) == []
        assert mnemonic_clashes(dialog) == {}
        dialog.forget_changes()
        dialog.reject()


@pytest.mark.parametrize(
    ("number", "suffix"),
    [(1, ":a"), (2, ":a"), (3, ":e"), (4, ":e"), (11, ":e"), (12, ":e"), (21, ":a"), (22, ":a")],
)
def test_swedish_ordinals(number, suffix):
    assert ordinal_suffix(number) == suffix
