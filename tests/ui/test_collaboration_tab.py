"""The Samverkan tab on a pupil's page: the guardians from the register head the network and
cannot be edited there, the lists read in words, the print hooks carry the right ids, and the
whole page keeps one Alt key per control."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest

from elevhalsa_desktop.domain.collaboration import (
    Channel,
    Contact,
    ContactEntry,
    ContactKind,
    Involvement,
)
from elevhalsa_desktop.ui.collaboration_tab import CollaborationTab
from elevhalsa_desktop.ui.involvement_dialog import InvolvementDialog
from elevhalsa_desktop.ui.main_window import MainWindow
from tests.dates import day
from tests.ui.collab_setup import cells, choose
from tests.ui.driving import click, type_text
from tests.ui.register import find_open, mnemonic_clashes, unnamed_controls
from tests.ui.support_setup import save, show, wait_active


def test_the_network_starts_with_the_guardians_and_an_involvement_is_added(
    qtbot,
    collab,
    pupil,
    social,
):
    collab.save_contact(Contact("Karin Holm", social.id, "socialsekreterare"))
    tab = show(qtbot, CollaborationTab(collab, pupil), 1200, 900)
    assert unnamed_controls(tab) == [] and mnemonic_clashes(tab) == {}
    assert cells(tab.network_table, 0) == ["Eva Öhman", "Per Öhman"]
    assert tab.form.networkCount.text() == "Ingen utanför familjen ännu."
    # A guardian's row is read-only here: Enter opens nothing.
    tab.form.networkTable.setFocus()
    QTest.keyClick(tab.form.networkTable, Qt.Key.Key_Down)
    assert not tab.form.editInvolvementButton.isEnabled()
    QTest.keyClick(tab.form.networkTable, Qt.Key.Key_Return)
    assert [w for w in tab.findChildren(InvolvementDialog) if w.isVisible()] == []

    click(tab.form.addInvolvementButton)
    dialog = wait_active(qtbot, find_open(tab, InvolvementDialog, qtbot))
    assert unnamed_controls(dialog) == [] and mnemonic_clashes(dialog) == {}
    save(dialog)
    assert dialog.problems.text_for("organisation_id") == "Välj vilken organisation det gäller."
    choose(dialog.form.organisationCombo, "Socialtjänsten")
    choose(dialog.form.personCombo, "Karin")
    type_text(dialog.form.roleEdit, "Handläggare")
    with qtbot.waitSignal(tab.changed, timeout=2000):
        save(dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert cells(tab.network_table, 0) == ["Eva Öhman", "Per Öhman", "Karin Holm"]
    assert cells(tab.network_table, 2)[2] == "Handläggare"
    assert tab.form.networkCount.text() == "1 aktiv utanför familjen"


def test_print_hooks_carry_the_entry_or_the_pupil(qtbot, collab, pupil, social):
    meeting = collab.save_entry(
        ContactEntry(
            pupil.id,
            day(-1),
            ContactKind.COLLABORATION_MEETING,
            Channel.MEETING,
            "Samverkansmöte med socialtjänsten.",
            organisation_id=social.id,
        )
    )
    collab.save_involvement(Involvement(pupil.id, social.id, "Handläggare"))
    tab = show(qtbot, CollaborationTab(collab, pupil), 1200, 900)
    assert not tab.form.printProtocolButton.isEnabled()  # no meeting chosen yet
    assert not tab.form.printDisclosuresButton.isEnabled()  # nothing disclosed
    tab.entry_table.select(meeting.id)
    with qtbot.waitSignal(tab.print_requested) as printed:
        click(tab.form.printProtocolButton)
    assert printed.args == ["protocol", meeting.id]
    tab.form.networkTable.setFocus()
    with qtbot.waitSignal(tab.print_requested) as printed:
        QTest.keyClick(tab.form.networkTable, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert printed.args == ["network", pupil.id]


@pytest.fixture
def window(qtbot, session, tmp_path):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(session, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_the_whole_page_on_samverkan_has_no_mnemonic_clash(window, pupil):
    window.show_area("collaboration")
    assert mnemonic_clashes(window) == {}
    window.show_area("pupils")
    window.pupils_area.open_pupil(pupil.id)
    page = window.pupils_area.page
    page.form.tabs.setCurrentWidget(page.collaboration_tab)
    assert mnemonic_clashes(window) == {}
    assert page.form.tabs.tabText(page.form.tabs.currentIndex()) == "&Samverkan"


def test_an_unknown_print_kind_gives_a_calm_message(window):
    from tests.ui.register import answer_next_box

    seen: list[str] = []
    answer_next_box("OK", seen)
    window.print_record("no-such-kind", "x")
    assert seen == ["Det här dokumentet kan inte skrivas ut i den här versionen."]
