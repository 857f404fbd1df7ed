"""A coordinator's first day, end to end, through the real widgets and a real encrypted file:
create the case file in the wizard, add a pupil with Ctrl+N, find her by typing, open her page,
edit her class, close the program; then check the file on disk and its audit log."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QWizard

from elevhalsa_desktop.services.pupils import PupilService
from elevhalsa_desktop.services.session import open_case
from elevhalsa_desktop.store.audit import Action
from elevhalsa_desktop.ui.local_settings import local_settings
from elevhalsa_desktop.ui.main_window import MainWindow
from elevhalsa_desktop.ui.pupil_dialog import PupilDialog
from elevhalsa_desktop.ui.start_flow import StartFlow
from tests.conftest import PASSWORD
from tests.ui.driving import click, end_flow, fill_wizard, type_text
from tests.ui.register import civic_no, find_open

GIVEN, FAMILY = "Zäta", "Kanariefågelsson"


def _ctrl(widget, key) -> None:
    QTest.keyClick(widget, key, Qt.KeyboardModifier.ControlModifier)


@pytest.fixture
def flow(qtbot):
    f = StartFlow(local_settings())
    yield f
    end_flow(f)


@pytest.mark.slow
def test_first_day_create_add_find_open_edit(flow, qtbot, private_home):
    flow.start()
    click(flow.start_dialog.form.createButton)
    wizard = flow.dialog
    fill_wizard(wizard, school="Björkdalsskolan 7–9", user="Maria Lindqvist")
    with qtbot.waitSignal(flow.session_opened, timeout=5000):
        click(wizard.button(QWizard.WizardButton.FinishButton))
    window = flow.window
    assert isinstance(window, MainWindow)
    path = flow.session.path
    assert path.parent == private_home / "Dokument"  # the suggested place: the documents folder
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)

    # Ctrl+N from the overview: the new-pupil dialog.
    _ctrl(window, Qt.Key.Key_N)
    dialog = find_open(window, PupilDialog, qtbot)
    type_text(dialog.form.givenNameEdit, GIVEN)
    type_text(dialog.form.familyNameEdit, FAMILY)
    type_text(dialog.form.civicNoEdit, civic_no("120314", "982"))
    type_text(dialog.form.classNameEdit, "7B")
    click(dialog.form.buttonBox.button(QDialogButtonBox.StandardButton.Save))
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=3000)

    # Ctrl+F, type part of the name: one match; Enter opens her page.
    _ctrl(window, Qt.Key.Key_F)
    view = window.pupils_area.list_view
    assert view.form.searchEdit.hasFocus()
    type_text(view.form.searchEdit, "kanarie")
    assert view.proxy.rowCount() == 1
    QTest.keyClick(view.form.searchEdit, Qt.Key.Key_Return)
    page = window.pupils_area.page
    assert page is not None and FAMILY in page.form.nameLabel.text()
    assert page.form.civicNoValue.text().endswith("****")

    # Edit from her page: move her to 7C.
    click(page.form.editButton)
    edit = find_open(window, PupilDialog, qtbot)
    edit.form.classNameEdit.selectAll()
    type_text(edit.form.classNameEdit, "7C")
    click(edit.form.buttonBox.button(QDialogButtonBox.StandardButton.Save))
    qtbot.waitUntil(lambda: not edit.isVisible(), timeout=3000)
    assert window.pupils_area.page.form.classNameValue.text() == "7C"

    window.close()
    qtbot.waitUntil(lambda: flow.session is None, timeout=3000)

    # On disk: encrypted, nothing readable, the WAL folded in on close.
    raw = path.read_bytes()
    assert raw[:16] != b"SQLite format 3\x00"
    assert FAMILY.encode() not in raw and "Björkdalsskolan".encode() not in raw
    assert not path.with_name(path.name + "-wal").exists()

    session = open_case(path, PASSWORD)
    pupils = PupilService(session)
    (row,) = pupils.rows()
    assert (row.given_name, row.family_name, row.class_name) == (GIVEN, FAMILY, "7C")
    actions = [e.action for e in reversed(pupils.history(row.id))]
    assert actions[0] is Action.CREATED and Action.CHANGED in actions
    assert actions.count(Action.VIEWED) >= 1
    session.close()
