"""The Planer tab of a pupil's page, driven by typing: extra adjustments, investigations, the
pupil's plans with a late follow-up marked, and the print hook."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest

from elevhalsa_desktop.domain.plans import Adjustment, Conclusion, PlanStatus
from elevhalsa_desktop.services.plans import PlanService
from elevhalsa_desktop.store.audit import Action
from elevhalsa_desktop.ui.adjustment_dialog import AdjustmentDialog
from elevhalsa_desktop.ui.investigation_dialog import InvestigationDialog
from elevhalsa_desktop.ui.main_window import MainWindow
from elevhalsa_desktop.ui.support_tab import SupportTab
from tests.dates import TODAY, day
from tests.ui.driving import click, type_text
from tests.ui.register import find_open, mnemonic_clashes, unnamed_controls
from tests.ui.support_setup import active_plan, pupil_in, save, show, wait_active


@pytest.fixture
def plans(session):
    return PlanService(session)


@pytest.fixture
def pupil(pupils):
    return pupil_in(pupils)


def make_tab(qtbot, plans, pupil, today=lambda: TODAY) -> SupportTab:
    return show(qtbot, SupportTab(plans, pupil, today=today))


def column(table, number: int) -> list[str]:
    model = table.proxy
    return [model.index(row, number).data() for row in range(model.rowCount())]


def test_an_adjustment_typed_in_shows_in_the_table_and_the_log(qtbot, plans, pupil, pupils):
    tab = make_tab(qtbot, plans, pupil)
    assert tab.form.adjustmentsCount.text() == "Inga extra anpassningar ännu."
    assert not tab.form.adjustmentsTable.isVisible()
    click(tab.form.newAdjustmentButton)
    dialog = wait_active(qtbot, find_open(tab, AdjustmentDialog, qtbot))
    form = dialog.form
    assert unnamed_controls(dialog) == [] and mnemonic_clashes(dialog) == {}
    assert form.sinceEdit.text() == TODAY.isoformat()  # a new adjustment starts today

    # Nothing typed: the problem stands beside the field and nothing is saved.
    save(dialog)
    assert dialog.problems.text_for("what") == "Skriv vilken anpassning det gäller."
    assert dialog.isVisible() and plans.adjustments(pupil.id) == []

    type_text(form.whatEdit, "Förlängd skrivtid")
    type_text(form.subjectsEdit, "Matematik, prov")
    type_text(form.byWhomCombo.lineEdit(), "Karin Holm")
    type_text(form.howEdit, "Klarar proven i lugn takt.")
    with qtbot.waitSignal(tab.changed, timeout=2000):
        save(dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())

    table = tab.adjustment_table
    assert column(table, 0) == ["Förlängd skrivtid"]
    assert column(table, 3) == ["Karin Holm"]
    assert column(table, 5) == ["Ja"]
    assert tab.form.adjustmentsCount.text() == "1 anpassning, 1 används"
    assert tab.form.printAdjustmentsButton.isEnabled()
    assert pupils.history(pupil.id)[0].action is Action.CREATED


def test_enter_edits_an_adjustment_and_one_no_longer_used_says_so(qtbot, plans, pupil):
    plans.save_adjustment(Adjustment(pupil.id, "Egen plats i klassrummet", since=day(-90)))
    tab = make_tab(qtbot, plans, pupil)
    table = tab.form.adjustmentsTable
    table.setFocus()
    QTest.keyClick(table, Qt.Key.Key_Down)  # the keyboard makes the first row current
    QTest.keyClick(table, Qt.Key.Key_Return)
    dialog = wait_active(qtbot, find_open(tab, AdjustmentDialog, qtbot))
    assert dialog.form.whatEdit.text() == "Egen plats i klassrummet"
    dialog.form.sinceEdit.selectAll()
    type_text(dialog.form.sinceEdit, "2026-13-45")
    save(dialog)
    assert "ÅÅÅÅ-MM-DD" in dialog.problems.text_for("since")
    dialog.form.sinceEdit.selectAll()
    type_text(dialog.form.sinceEdit, day(-90))
    click(dialog.form.inUseCheck)
    save(dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert column(tab.adjustment_table, 5) == ["Nej"]
    assert tab.form.adjustmentsCount.text() == "1 anpassning, 0 används"
    assert plans.adjustments(pupil.id)[0].in_use is False


def test_an_investigation_is_saved_and_listed_by_date_with_its_conclusion(qtbot, plans, pupil):
    tab = make_tab(qtbot, plans, pupil)
    assert tab.form.investigationsCount.text() == "Ingen utredning ännu."
    click(tab.form.newInvestigationButton)
    dialog = wait_active(qtbot, find_open(tab, InvestigationDialog, qtbot))
    form = dialog.form
    assert unnamed_controls(dialog) == [] and mnemonic_clashes(dialog) == {}
    assert form.responsibleCombo.currentText() == "Maria Lindqvist"  # the user, to begin with
    type_text(form.pupilViewEdit, "Jag vill gå i skolan men morgnarna är svåra.")
    type_text(form.guardianViewEdit, "Hon sover dåligt sedan i höstas.")
    type_text(form.pedagogicalEdit, "Stora grupper och otydliga instruktioner.")
    type_text(form.strengthsEdit, "Tycker om bild och har en nära vän i klassen.")
    form.conclusionCombo.setFocus()
    QTest.keyClick(form.conclusionCombo, Qt.Key.Key_Down)
    type_text(form.conclusionTextEdit, "Behöver särskilt stöd: anpassad studiegång.")
    with qtbot.waitSignal(tab.changed, timeout=2000):
        save(dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())

    [stored] = plans.investigations(pupil.id)
    assert stored.conclusion is Conclusion.SUPPORT_NEEDED
    assert stored.pupil_view == "Jag vill gå i skolan men morgnarna är svåra."
    assert stored.causes_pedagogical.startswith("Stora grupper")
    assert stored.investigated_on == TODAY.isoformat()
    table = tab.investigation_table
    assert column(table, 0) == [TODAY.isoformat()]
    assert column(table, 1) == ["Eleven behöver särskilt stöd"]
    assert tab.form.investigationsCount.text() == "1 utredning"


def test_the_pupils_plans_with_a_late_follow_up_marked_and_print_requests(qtbot, plans, pupil):
    plan = active_plan(plans, pupil, follow_up_in=5)
    closed = plans.close(
        plans.save(plans.new_plan(pupil.id, plan.kind).with_changes(title="Förra"))
    )
    later = TODAY + dt.timedelta(days=6)
    tab = make_tab(qtbot, plans, pupil, today=lambda: later)
    table = tab.plan_table
    assert column(table, 1) == ["Närvaroplan", "Förra"]
    assert column(table, 2) == ["Aktiv", "Avslutad"]
    assert column(table, 4) == [f"{day(5)} · Försenad", "—"]
    late = table.proxy.index(0, 4)
    assert late.data(Qt.ItemDataRole.ForegroundRole) == table.model.alert_colour
    assert tab.form.plansCount.text() == "2 planer, 1 aktiv"

    table.select(closed.id)
    with qtbot.waitSignal(tab.print_requested) as plan_print:
        click(tab.form.printPlanButton)
    assert plan_print.args == ["plan", closed.id]
    # Ctrl+P prints the section the focus is in: here the adjustments, a list of the pupil's.
    plans.save_adjustment(Adjustment(pupil.id, "Bildstöd"))
    tab.reload()
    tab.form.adjustmentsTable.setFocus()
    with qtbot.waitSignal(tab.print_requested) as list_print:
        QTest.keyClick(tab.form.adjustmentsTable, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert list_print.args == ["adjustments", pupil.id]
    assert plans.plans(pupil.id)[0].status is PlanStatus.ACTIVE


def test_opening_a_plan_is_logged_and_shows_it_in_the_plan_dialog(qtbot, plans, pupil, pupils):
    plan_dialog = pytest.importorskip("elevhalsa_desktop.ui.plan_dialog")
    plan = active_plan(plans, pupil)
    tab = make_tab(qtbot, plans, pupil)
    tab.form.plansTable.setFocus()
    QTest.keyClick(tab.form.plansTable, Qt.Key.Key_Down)
    QTest.keyClick(tab.form.plansTable, Qt.Key.Key_Return)
    dialog = find_open(tab, plan_dialog.PlanDialog, qtbot)
    assert (Action.VIEWED, f"plan {plan.id}") in [
        (e.action, e.detail) for e in pupils.history(pupil.id)
    ]
    dialog.reject()


def test_the_tab_on_the_pupils_page_has_names_and_no_mnemonic_clashes(
    qtbot, session, pupils, pupil, tmp_path
):
    plans = PlanService(session)
    active_plan(plans, pupil)
    window = MainWindow(session, QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat))
    show(qtbot, window, 1100, 760)
    window.show_area("pupils")
    window.pupils_area.open_pupil(pupil.id)
    page = window.pupils_area.page
    assert page.form.tabs.currentWidget() is page.support_tab  # Planer is the first tab
    assert unnamed_controls(window) == []
    assert mnemonic_clashes(window) == {}
    # Alt+H starts a handlingsplan, Alt+X an extra adjustment: reachable without the mouse.
    QTest.keyClick(window, Qt.Key.Key_X, Qt.KeyboardModifier.AltModifier)
    dialog = find_open(page, AdjustmentDialog, qtbot)
    dialog.reject()
