"""The plan dialog, typed and clicked as a coordinator would, on a real encrypted case file."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QCalendarWidget, QDialogButtonBox, QTableView

from elevhalsa_desktop.domain.plans import APPEAL_NOTE, Intervention, PlanKind, PlanStatus
from elevhalsa_desktop.ui.date_input import parse_date_text
from elevhalsa_desktop.ui.intervention_dialog import InterventionDialog
from elevhalsa_desktop.ui.plan_dialog import PlanDialog
from tests.ui.driving import click, retype, type_text
from tests.ui.plan_setup import TODAY, PlanEnv, day
from tests.ui.register import answer_next_box, find_open, mnemonic_clashes, unnamed_controls


@pytest.fixture
def env(session, pupils, qtbot):
    return PlanEnv.make(session, pupils, qtbot)


def new_dialog(env: PlanEnv, kind: PlanKind = PlanKind.HANDLINGSPLAN) -> PlanDialog:
    plan = env.plans.new_plan(env.pupil.id, kind)
    return env.show(PlanDialog(env.plans, plan, env.host, pupil_name="Åsa Öhman"))


def save_button(dialog: PlanDialog):
    return dialog.form.buttonBox.button(QDialogButtonBox.StandardButton.Save)


def add_intervention(env: PlanEnv, dialog: PlanDialog, what: str, start: str, end: str):
    click(dialog.form.addInterventionButton)
    editor = find_open(dialog, InterventionDialog, env.qtbot)
    type_text(editor.form.whatEdit, what)
    type_text(editor.form.startEdit, start)
    type_text(editor.form.endEdit, end)
    click(editor.form.buttonBox.button(QDialogButtonBox.StandardButton.Save))
    return editor


def test_a_handlingsplan_is_refused_activation_until_responsible_and_follow_up_are_there(env):
    dialog = new_dialog(env)
    form = dialog.form
    assert form.kindLabel.text() == "Handlingsplan"
    assert form.planStatus.text() == "Utkast"
    assert not form.decisionGroup.isVisible()
    type_text(form.titleEdit, "Närvaroplan")
    type_text(form.needsEdit, "Åsa behöver en lugn start på dagen.")
    type_text(form.goalsShortEdit, "Jag kommer till första lektionen tre dagar i veckan.")
    retype(form.responsibleCombo.lineEdit(), "")
    click(save_button(dialog))
    [draft] = env.plans.plans(env.pupil.id)
    assert draft.status is PlanStatus.DRAFT and draft.title == "Närvaroplan"
    assert dialog.isVisible()  # a plan is saved as it grows; the dialog stays

    click(form.activateButton)
    assert dialog.problems.text_for("responsible") == "Ange vem som är ansvarig för planen."
    assert dialog.problems.text_for("follow_up_on") == "Ange när planen ska följas upp."
    assert dialog.focusWidget() is form.responsibleCombo
    assert env.stored(draft.id).status is PlanStatus.DRAFT
    assert env.plans.follow_ups(draft.id) == []

    type_text(form.responsibleCombo.lineEdit(), "Lars  Berg ")
    type_text(form.followUpEdit, day(7))
    with env.qtbot.waitSignal(dialog.saved) as signal:
        click(form.activateButton)
    active = env.stored(draft.id)
    assert signal.args[0].status is PlanStatus.ACTIVE
    assert active.status is PlanStatus.ACTIVE and active.responsible == "Lars Berg"
    assert [f.due_on for f in env.plans.follow_ups(active.id)] == [day(7)]
    assert form.planStatus.text() == "Aktiv"
    assert not form.activateButton.isVisible()
    assert save_button(dialog).text() == "&Spara"
    assert dialog.problems.text_for("responsible") == ""
    assert dialog.problems.text_for("follow_up_on") == ""


def test_a_follow_up_date_in_the_past_is_refused_beside_the_field(env):
    dialog = new_dialog(env)
    type_text(dialog.form.needsEdit, "Behöver stöd.")
    type_text(dialog.form.followUpEdit, day(-1))
    click(dialog.form.activateButton)
    assert "redan passerat" in dialog.problems.text_for("follow_up_on")
    assert env.plans.plans(env.pupil.id) == []


def test_interventions_are_added_checked_and_saved_with_the_plan(env):
    dialog = new_dialog(env)
    form = dialog.form
    type_text(form.titleEdit, "Närvaroplan")
    add_intervention(env, dialog, "Möte med mentor varje morgon", day(0), day(30))

    click(form.addInterventionButton)
    editor = find_open(dialog, InterventionDialog, env.qtbot)
    type_text(editor.form.whatEdit, "Enskild undervisning i matematik")
    type_text(editor.form.startEdit, day(10))
    type_text(editor.form.endEdit, day(5))
    click(editor.form.buttonBox.button(QDialogButtonBox.StandardButton.Save))
    assert "slutar före den börjar" in editor.problems.text_for("end")
    assert editor.focusWidget() is editor.form.endEdit
    assert editor.isVisible()
    retype(editor.form.endEdit, day(70))
    click(editor.form.buttonBox.button(QDialogButtonBox.StandardButton.Save))
    env.qtbot.waitUntil(lambda: not editor.isVisible())

    assert form.interventionsTable.model().rowCount() == 2
    click(save_button(dialog))
    [plan] = env.plans.plans(env.pupil.id)
    assert [(i.what, i.start, i.end) for i in plan.interventions] == [
        ("Möte med mentor varje morgon", day(0), day(30)),
        ("Enskild undervisning i matematik", day(10), day(70)),
    ]
    assert all(i.id for i in plan.interventions)
    # Saving again (Ctrl+S) adds nothing: the interventions kept their ids.
    type_text(form.titleEdit, " hösten")
    QTest.keyClick(form.titleEdit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert env.stored(plan.id).title == "Närvaroplan hösten"
    assert len(env.stored(plan.id).interventions) == 2


def test_an_intervention_is_edited_with_enter_and_removed_with_delete(env):
    plan = env.active_plan()
    dialog = env.show(PlanDialog(env.plans, plan, env.host))
    table = dialog.form.interventionsTable
    table.setFocus()  # the first row becomes current
    QTest.keyClick(table, Qt.Key.Key_Return)
    editor = find_open(dialog, InterventionDialog, env.qtbot)
    assert editor.form.whatEdit.text() == "Möte med mentor 8.10 varje morgon"
    editor.form.statusCombo.setFocus()
    QTest.keyClick(editor.form.statusCombo, Qt.Key.Key_End)  # Avbruten
    assert editor.form.reasonEdit.isVisible()
    click(editor.form.buttonBox.button(QDialogButtonBox.StandardButton.Save))
    assert "avbröts" in editor.problems.text_for("reason")
    type_text(editor.form.reasonEdit, "Åsa kommer själv i tid nu.")
    click(editor.form.buttonBox.button(QDialogButtonBox.StandardButton.Save))
    env.qtbot.waitUntil(lambda: not editor.isVisible())

    table.setFocus()
    QTest.keyClick(table, Qt.Key.Key_Down)
    QTest.keyClick(table, Qt.Key.Key_Delete)
    assert table.model().rowCount() == 1
    click(save_button(dialog))
    [kept] = env.stored(plan.id).interventions
    assert kept.status.value == "discontinued"
    assert kept.discontinued_reason == "Åsa kommer själv i tid nu."


def test_an_atgardsprogram_needs_its_decision_before_it_is_activated(env):
    dialog = new_dialog(env, PlanKind.ATGARDSPROGRAM)
    form = dialog.form
    assert form.kindLabel.text() == "Åtgärdsprogram"
    assert form.decisionGroup.isVisible()
    assert form.appealEdit.toPlainText() == APPEAL_NOTE
    type_text(form.needsEdit, "Läsförståelsen behöver stöd.")
    type_text(form.followUpEdit, day(14))
    click(form.activateButton)
    assert "vem som beslutade" in dialog.problems.text_for("decided_by")
    assert "datum för beslutet" in dialog.problems.text_for("decided_on")
    assert env.plans.plans(env.pupil.id) == []

    type_text(form.decidedByEdit, "Eva Ek, rektor")
    type_text(form.decidedOnEdit, "i dag")
    click(form.activateButton)
    [plan] = env.plans.plans(env.pupil.id)
    assert plan.status is PlanStatus.ACTIVE
    assert (plan.decided_by, plan.decided_on) == ("Eva Ek, rektor", TODAY.isoformat())


def test_closing_asks_first_and_leaves_a_read_only_plan(env):
    plan = env.active_plan()
    dialog = env.show(PlanDialog(env.plans, plan, env.host))
    answer_next_box("Låt den vara")
    click(dialog.form.closePlanButton)
    assert env.stored(plan.id).status is PlanStatus.ACTIVE
    answer_next_box("Avsluta planen")
    click(dialog.form.closePlanButton)
    assert env.stored(plan.id).status is PlanStatus.CLOSED
    assert dialog.form.planStatus.text() == "Avslutad"
    assert dialog.form.titleEdit.isReadOnly()
    assert not save_button(dialog).isVisible()
    assert not dialog.form.addInterventionButton.isEnabled()
    assert env.plans.todo() == []


def test_a_closed_plan_is_opened_again_as_a_draft_after_asking(env):
    plan = env.plans.close(env.active_plan())
    dialog = env.show(PlanDialog(env.plans, plan, env.host))
    form = dialog.form
    assert form.reopenButton.isVisible() and not form.closePlanButton.isVisible()
    assert unnamed_controls(dialog) == [] and mnemonic_clashes(dialog) == {}
    answer_next_box("Låt den vara")
    click(form.reopenButton)
    assert env.stored(plan.id).status is PlanStatus.CLOSED
    answer_next_box("Öppna planen igen")
    click(form.reopenButton)
    stored = env.stored(plan.id)
    assert stored.status is PlanStatus.DRAFT and stored.revision == plan.revision + 1
    assert form.planStatus.text() == "Utkast"
    assert not form.titleEdit.isReadOnly() and save_button(dialog).isVisible()
    assert form.activateButton.isVisible() and not form.reopenButton.isVisible()
    assert [r.plan["status"] for r in env.plans.revisions(plan.id)][-2:] == ["closed", "draft"]
    assert mnemonic_clashes(dialog) == {}


def test_every_control_has_a_name_and_no_mnemonic_is_claimed_twice(env):
    dialog = new_dialog(env, PlanKind.ATGARDSPROGRAM)
    assert unnamed_controls(dialog) == []
    assert mnemonic_clashes(dialog) == {}
    click(dialog.form.addInterventionButton)
    editor = find_open(dialog, InterventionDialog, env.qtbot)
    assert unnamed_controls(editor) == []
    assert mnemonic_clashes(editor) == {}


def test_the_date_field_takes_a_date_typed_several_ways():
    assert parse_date_text("20270104", TODAY).isoformat() == "2027-01-04"
    assert parse_date_text("2027-1-4", TODAY).isoformat() == "2027-01-04"
    assert parse_date_text(" i dag ", TODAY) == TODAY
    assert parse_date_text("", TODAY) is None
    with pytest.raises(ValueError):
        parse_date_text("4 januari", TODAY)
    with pytest.raises(ValueError):
        parse_date_text("2027-02-30", TODAY)


def test_the_date_field_normalises_and_steps_with_the_arrow_keys(env):
    dialog = new_dialog(env)
    edit = dialog.form.followUpEdit
    edit.setFocus()
    type_text(edit, "20270104")
    QTest.keyClick(edit, Qt.Key.Key_Tab)
    assert edit.text() == "2027-01-04"
    edit.setFocus()
    QTest.keyClick(edit, Qt.Key.Key_Up)
    assert edit.text() == "2027-01-05"
    QTest.keyClick(edit, Qt.Key.Key_PageDown)
    assert edit.text() == "2026-12-29"
    assert dialog.has_unsaved_changes()


def test_a_wrong_intervention_from_elsewhere_is_said_under_the_table_and_chosen(env):
    # An intervention checked by an older version of the program, or imported: the save still
    # refuses it, and says so where the interventions are.
    plan = env.plans.new_plan(env.pupil.id, PlanKind.HANDLINGSPLAN).with_changes(
        interventions=(
            Intervention("Samtal med kurator", start=day(0)),
            Intervention("Anpassat schema", start=day(20), end=day(10)),
        )
    )
    dialog = env.show(PlanDialog(env.plans, plan, env.host))
    click(save_button(dialog))
    assert "'Anpassat schema' slutar före den börjar" in dialog.problems.text_for("interventions")
    assert dialog.focusWidget() is dialog.form.interventionsTable
    assert dialog.form.interventionsTable.currentIndex().row() == 1
    assert env.plans.plans(env.pupil.id) == []


def test_the_calendar_opens_from_the_keyboard_and_enter_picks_the_day(env):
    dialog = new_dialog(env)
    edit = dialog.form.followUpEdit
    edit.setFocus()
    type_text(edit, "2027-03-10")
    QTest.keyClick(edit, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    calendar = dialog.findChild(QCalendarWidget, "datePopup")
    env.qtbot.waitUntil(calendar.isVisible)
    assert calendar.selectedDate().toString("yyyy-MM-dd") == "2027-03-10"
    view = calendar.findChild(QTableView)
    QTest.keyClick(view, Qt.Key.Key_Right)
    QTest.keyClick(view, Qt.Key.Key_Return)
    env.qtbot.waitUntil(lambda: not calendar.isVisible())
    assert edit.text() == "2027-03-11"
    assert dialog.has_unsaved_changes()
