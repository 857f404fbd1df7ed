"""The Överlämning tab of a pupil's page: the notes written here and those received from another
school, a new note written from the tab, and a received note that opens read-only."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from elevhalsa_desktop.domain.handover import HandoverStatus
from elevhalsa_desktop.services.handover import HandoverService
from elevhalsa_desktop.ui.handover_note_dialog import HandoverNoteDialog
from elevhalsa_desktop.ui.pupils_area import PupilsArea
from tests.ui.driving import click, type_text
from tests.ui.handover_setup import received_note, year6
from tests.ui.register import find_open, mnemonic_clashes, unnamed_controls
from tests.ui.support_setup import show, wait_active


@pytest.fixture
def handover(session):
    return HandoverService(session)


def texts(tab, column: int) -> list[str]:
    model = tab.table.proxy
    return [model.index(row, column).data() for row in range(model.rowCount())]


def test_the_tab_lists_own_and_received_notes_and_writes_new_ones(qtbot, session, pupils, handover):
    pupil = year6(pupils, "Elsa", "Öberg")
    received = received_note(session, pupil, strengths="Tycker om att rita")
    area = show(qtbot, PupilsArea(pupils), 1000, 700)
    changed = []
    area.handover_changed.connect(lambda: changed.append(True))
    area.open_handover(pupil.id)
    page = area.page
    tab = page.handover_tab
    assert page.form.tabs.currentWidget() is tab
    assert unnamed_controls(tab) == [] and mnemonic_clashes(area) == {}
    assert texts(tab, 0) == ["Mottagen från Björkskolan"]
    assert texts(tab, 1) == ["åk 6 → åk 7, Björkskolan → Testskolan"]
    assert tab.form.notesCount.text() == "1 mottagen"

    # A received note opens read-only, with the sending school named.
    QTest.keyClick(tab.form.notesTable, Qt.Key.Key_Return)
    dialog = wait_active(qtbot, find_open(tab, HandoverNoteDialog, qtbot))
    assert dialog.read_only and dialog.note.id == received.id
    assert dialog.windowTitle() == "Mottagen från Björkskolan — Elsa Öberg, 6A"
    assert dialog.form.strengthsEdit.isReadOnly()
    dialog.reject()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=2000)

    click(tab.form.newButton)
    new = wait_active(qtbot, find_open(tab, HandoverNoteDialog, qtbot))
    assert not new.read_only and new.windowTitle() == "Ny överlämning — Elsa Öberg, 6A"
    type_text(new.form.strengthsEdit, "Nyfiken och hjälpsam")
    QTest.keyClick(new.form.strengthsEdit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not new.isVisible(), timeout=2000)
    assert changed
    assert sorted(texts(tab, 0)) == ["Mottagen från Björkskolan", "Utkast"]
    assert tab.form.notesCount.text() == "1 egen, 1 mottagen"
    own = next(n for n in handover.notes(pupil.id) if not n.received)
    assert own.status is HandoverStatus.DRAFT and own.strengths == "Nyfiken och hjälpsam"
    # Opening and writing are in the pupil's log.
    log = page.log_table.model()
    details = [log.index(row, 3).data() for row in range(log.rowCount())]
    assert f"överlämning {received.id}" in details and f"överlämning {own.id}" in details
