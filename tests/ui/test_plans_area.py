"""Planer: the school's plans in one list, filtered by status, person and typed words."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest

from elevhalsa_desktop.services.plans import PlanService
from elevhalsa_desktop.ui.main_window import MainWindow
from elevhalsa_desktop.ui.plans_area import PlansArea
from tests.dates import TODAY
from tests.ui.driving import click, type_text
from tests.ui.register import find_open, mnemonic_clashes
from tests.ui.support_setup import active_plan, pupil_in, show


@pytest.fixture
def plans(session):
    return PlanService(session)


@pytest.fixture
def school(pupils, plans):
    """Three pupils: two active plans (Lars, Karin), a draft and a closed plan."""
    asa = pupil_in(pupils)
    bo = pupil_in(pupils, "Bo", "Berg", "8A")
    cyrus = pupil_in(pupils, "Cyrus", "Amini", "9C")
    active_plan(plans, asa, "Närvaroplan", "Lars Berg", follow_up_in=2)
    active_plan(plans, bo, "Stöd i matematik", "Karin Holm", follow_up_in=10)
    draft = plans.new_plan(cyrus.id, plans.plans(asa.id)[0].kind).with_changes(title="Trygg rast")
    plans.save(draft)
    old = plans.save(plans.new_plan(asa.id, draft.kind).with_changes(title="Höstens plan"))
    plans.close(old)
    return asa, bo, cyrus


def titles(area: PlansArea) -> list[str]:
    proxy = area.proxy
    return [proxy.index(row, 3).data() for row in range(proxy.rowCount())]


def test_filters_by_status_person_and_words(qtbot, plans, school):
    later = TODAY + dt.timedelta(days=3)
    area = show(qtbot, PlansArea(plans, today=lambda: later))
    form = area.form
    # Open plans at first, the most urgent follow-up first; the late one says so.
    assert titles(area) == ["Närvaroplan", "Stöd i matematik", "Trygg rast"]
    assert area.proxy.index(0, 6).data().endswith("· Försenad")
    assert form.countLabel.text() == "Visar 3 av 4 planer"

    form.statusCombo.setCurrentIndex(form.statusCombo.findText("Avslutade"))
    assert titles(area) == ["Höstens plan"]
    form.statusCombo.setCurrentIndex(form.statusCombo.findText("Alla"))
    form.responsibleCombo.setCurrentIndex(form.responsibleCombo.findText("Karin Holm"))
    assert titles(area) == ["Stöd i matematik"]
    form.responsibleCombo.setCurrentIndex(0)  # Alla ansvariga
    type_text(form.searchEdit, "öhman")
    assert sorted(titles(area)) == ["Höstens plan", "Närvaroplan"]
    form.searchEdit.clear()
    type_text(form.searchEdit, "ingen sådan")
    assert form.countLabel.text() == "Ingen av skolans 4 planer matchar sökningen och filtren."


def test_keyboard_from_search_to_a_plan_and_to_the_pupil(qtbot, plans, school):
    asa = school[0]
    area = show(qtbot, PlansArea(plans))
    area.focus_first()
    type_text(area.form.searchEdit, "närvaro")
    QTest.keyClick(area.form.searchEdit, Qt.Key.Key_Down)
    assert area.form.tableView.hasFocus() and area.table.current().pupil_id == asa.id
    with qtbot.waitSignal(area.pupil_requested) as asked:
        click(area.form.pupilButton)
    assert asked.args == [asa.id]


def test_the_area_in_the_window_opens_a_plan_and_follows_changes(
    qtbot, session, plans, pupils, school, tmp_path
):
    plan_dialog = pytest.importorskip("elevhalsa_desktop.ui.plan_dialog")
    window = MainWindow(session, QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat))
    show(qtbot, window, 1100, 760)
    QTest.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.current_area() == "plans"
    area = window.plans_area
    assert mnemonic_clashes(window) == {}
    assert len(titles(area)) == 3

    # A plan made elsewhere shows when the area is seen again.
    window.show_area("overview")
    active_plan(plans, pupil_in(pupils, "Dana", "Ek", "6A"), "Läsning", "Lars Berg")
    window.show_area("plans")
    assert "Läsning" in titles(area)

    area.table.select(area.table.model.records()[0].plan_id)
    QTest.keyClick(area.form.tableView, Qt.Key.Key_Return)
    dialog = find_open(area, plan_dialog.PlanDialog, qtbot)
    dialog.reject()
