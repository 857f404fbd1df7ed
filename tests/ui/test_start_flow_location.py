"""A case file on a network share or in a cloud-synced folder: the start flow asks before the
password, with "Öppna ändå" and "Avbryt" (the safe one is the default)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMainWindow, QMessageBox

from elevhalsa_desktop.ui import start_flow
from elevhalsa_desktop.ui.local_settings import local_settings
from elevhalsa_desktop.ui.password_dialog import PasswordDialog
from elevhalsa_desktop.ui.start_flow import StartFlow
from tests.ui.driving import click, end_flow
from tests.ui.test_start_flow import StandInWindow, _unlock

WARNING = "Akten ligger i en mapp som synkroniseras av OneDrive."


@pytest.fixture
def flow(qtbot):
    f = StartFlow(local_settings(), window_factory=StandInWindow)
    yield f
    end_flow(f)


@pytest.fixture
def closed_case(session, case_path):
    session.close()
    return case_path


@pytest.fixture
def synced(monkeypatch):
    monkeypatch.setattr(start_flow, "location_warning", lambda path: WARNING)


def _buttons(box: QMessageBox) -> dict[str, object]:
    return {b.text(): b for b in box.buttons()}


def test_the_question_comes_before_the_password(flow, qtbot, closed_case, synced):
    flow.start(closed_case)
    box = flow.location_question
    assert box is not None and box.isVisible()
    assert flow.dialog is None  # no password asked yet
    assert WARNING in box.text() and "egen disk" in box.text()
    buttons = _buttons(box)
    assert set(buttons) == {"Öppna ändå", "Avbryt"}
    assert box.defaultButton() is buttons["Avbryt"]
    click(buttons["Öppna ändå"])
    assert flow.location_question is None
    assert isinstance(flow.dialog, PasswordDialog) and flow.dialog.path == closed_case
    _unlock(qtbot, flow)
    assert isinstance(flow.window, QMainWindow)


def test_cancel_goes_back_to_the_start_dialog(flow, qtbot, closed_case, synced):
    flow.start(closed_case)
    click(_buttons(flow.location_question)["Avbryt"])
    assert flow.dialog is None and flow.session is None
    assert flow.start_dialog is not None and flow.start_dialog.isVisible()


def test_escape_is_cancel(flow, qtbot, closed_case, synced):
    flow.start(closed_case)
    box = flow.location_question
    QTest.keyClick(box, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: flow.location_question is None)
    assert flow.dialog is None
    assert flow.start_dialog is not None and flow.start_dialog.isVisible()


def test_a_safe_place_asks_nothing(flow, closed_case):
    flow.start(closed_case)
    assert flow.location_question is None
    assert isinstance(flow.dialog, PasswordDialog)


def test_another_file_chosen_in_the_password_dialog_gets_the_same_question(
    qtbot, closed_case, tmp_path, monkeypatch
):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from elevhalsa_desktop.ui import password_dialog

    other = tmp_path / "moln.elevhalsa"
    monkeypatch.setattr(password_dialog, "choose_case_file", lambda parent, folder: other)
    monkeypatch.setattr(password_dialog, "location_warning", lambda path: WARNING)
    dialog = PasswordDialog(closed_case, local_settings())
    qtbot.addWidget(dialog)
    asked = []

    def answer(text: str) -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        asked.append(box.text())
        click(_buttons(box)[text])

    QTimer.singleShot(0, lambda: answer("Avbryt"))
    dialog._choose_other_file()
    assert dialog.path == closed_case  # cancelled: the dialog stays with the first file
    QTimer.singleShot(0, lambda: answer("Öppna ändå"))
    dialog._choose_other_file()
    assert dialog.path == other
    assert len(asked) == 2 and WARNING in asked[0]
