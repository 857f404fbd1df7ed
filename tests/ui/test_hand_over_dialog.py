"""Lämna över ansvar: what a person holds, in words, moved to someone else in one step."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget

from elevhalsa_desktop.services.plans import PlanService
from elevhalsa_desktop.store import audit
from elevhalsa_desktop.store.audit import Action
from elevhalsa_desktop.ui.hand_over_dialog import HandOverDialog, holdings_text
from elevhalsa_desktop.ui.main_window import MainWindow
from tests.ui.driving import click, type_text
from tests.ui.register import find_open, mnemonic_clashes, unnamed_controls
from tests.ui.support_setup import active_plan, pupil_in, save, show, wait_active


@pytest.fixture
def plans(session):
    return PlanService(session)


@pytest.fixture
def host(qtbot):
    """The window the dialog opens over; held by the test, since the dialog is its child."""
    return show(qtbot, QWidget())


def open_dialog(qtbot, plans, host) -> HandOverDialog:
    dialog = HandOverDialog(plans, host)
    dialog.open()
    return wait_active(qtbot, dialog)


def test_holdings_read_as_words():
    assert holdings_text({"plan": 3, "intervention": 2, "follow_up": 4}) == (
        "3 planer, 2 insatser, 4 uppföljningar"
    )
    assert holdings_text({"plan": 1, "intervention": 0, "follow_up": 1}) == "1 plan, 1 uppföljning"
    assert holdings_text({"plan": 0, "intervention": 0, "follow_up": 0}) == ""


def test_lars_hands_everything_to_karin(qtbot, plans, pupils, session, host):
    asa, bo = pupil_in(pupils), pupil_in(pupils, "Bo", "Berg", "8A")
    active_plan(plans, asa, "Närvaroplan", "Lars Berg")
    active_plan(plans, bo, "Stöd i matematik", "Lars Berg")
    dialog = open_dialog(qtbot, plans, host)
    form = dialog.form
    assert unnamed_controls(dialog) == [] and mnemonic_clashes(dialog) == {}
    assert form.personCombo.findText("Lars Berg") >= 0  # offered from the case file

    type_text(form.personCombo.lineEdit(), "Lars Berg")
    assert form.holdingsLabel.text() == (
        "Lars Berg ansvarar för 2 planer, 2 insatser, 2 uppföljningar."
    )
    type_text(form.successorCombo.lineEdit(), "Karin Holm")
    assert form.confirmLabel.text().startswith(
        "2 planer, 2 insatser, 2 uppföljningar går över från Lars Berg till Karin Holm."
    )
    with qtbot.waitSignal(dialog.handed_over) as done:
        save(dialog)
    assert done.args == [
        "2 planer, 2 insatser, 2 uppföljningar gick över från Lars Berg till Karin Holm."
    ]
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert plans.holdings("Lars Berg") == {"plan": 0, "intervention": 0, "follow_up": 0}
    assert plans.holdings("Karin Holm") == {"plan": 2, "intervention": 2, "follow_up": 2}
    assert any(
        e.action is Action.CHANGED and e.detail.startswith("överlämning av ansvar")
        for e in audit.entries(session.db)
    )


def test_problems_stand_beside_the_fields(qtbot, plans, pupils, host):
    active_plan(plans, pupil_in(pupils), responsible="Lars Berg")
    dialog = open_dialog(qtbot, plans, host)
    form = dialog.form
    save(dialog)
    assert dialog.problems.text_for("person") == "Välj vem som lämnar över sitt ansvar."
    type_text(form.personCombo.lineEdit(), "Nils Ingen")
    assert form.holdingsLabel.text() == "Nils Ingen står inte som ansvarig för något som pågår."
    type_text(form.successorCombo.lineEdit(), "Karin Holm")
    save(dialog)
    assert "står inte som ansvarig" in dialog.problems.text_for("person")
    form.personCombo.lineEdit().clear()
    type_text(form.personCombo.lineEdit(), "Lars Berg")
    form.successorCombo.lineEdit().clear()
    type_text(form.successorCombo.lineEdit(), "Lars  Berg")  # the same name, typed loosely
    save(dialog)
    assert dialog.problems.text_for("successor") == ("Välj en annan person än den som lämnar över.")
    assert dialog.isVisible() and plans.holdings("Lars Berg")["plan"] == 1
    dialog.reject()


def test_the_window_offers_it_in_the_arkiv_menu_and_on_the_overview(
    qtbot, session, plans, pupils, tmp_path
):
    active_plan(plans, pupil_in(pupils), responsible="Lars Berg")
    window = MainWindow(session, QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat))
    show(qtbot, window, 1100, 760)
    menu = window.menuBar().actions()[0].menu()
    [action] = [a for a in menu.actions() if a.text() == "&Lämna över ansvar…"]
    action.trigger()
    dialog = find_open(window, HandOverDialog, qtbot)
    dialog.reject()
    qtbot.waitUntil(lambda: not dialog.isVisible())

    assert window.overview.form.todoGroup.title() == "A&tt göra (1)"
    click(window.overview.form.handOverButton)
    dialog = wait_active(qtbot, find_open(window, HandOverDialog, qtbot))
    type_text(dialog.form.personCombo.lineEdit(), "Lars Berg")
    type_text(dialog.form.successorCombo.lineEdit(), "Karin Holm")
    save(dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    # Att göra shows the new name at once, and the status bar says what happened.
    todo = window.overview.todo_table.proxy
    assert todo.index(0, 3).data() == "Karin Holm"
    assert "gick över från Lars Berg till Karin Holm" in window.statusBar().currentMessage()
