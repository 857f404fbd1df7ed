"""The start flow from the start dialog to a main window and between case files.

The main window is a stand-in with the agreed contract (three signals, built from a session and
the settings), so these tests follow the flow and not the main window's own behaviour.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import sqlcipher3
from PySide6.QtCore import QCoreApplication, QLocale, Qt, Signal
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QWizard

from elevhalsa_desktop import app as app_module
from elevhalsa_desktop.ui import start_dialog, start_flow
from elevhalsa_desktop.ui.change_password_dialog import ChangePasswordDialog
from elevhalsa_desktop.ui.create_wizard import CreateCaseWizard
from elevhalsa_desktop.ui.local_settings import (
    local_settings,
    recent_files,
    remember_file,
    user_for_file,
)
from elevhalsa_desktop.ui.main_window import MainWindow
from elevhalsa_desktop.ui.password_dialog import PasswordDialog
from elevhalsa_desktop.ui.recent_files_view import MISSING_ROLE
from elevhalsa_desktop.ui.start_flow import StartFlow
from tests.conftest import PASSWORD
from tests.ui.driving import click, end_flow, fill_wizard, type_text


class StandInWindow(QMainWindow):
    new_case_requested = Signal()
    open_case_requested = Signal()
    change_password_requested = Signal()
    close_case_requested = Signal()
    case_restored = Signal()

    def __init__(self, session, settings):
        super().__init__()
        self.session = session
        self.settings = settings
        self.refuse_to_close = False

    def closeEvent(self, event):
        if self.refuse_to_close:
            event.ignore()
        else:
            event.accept()


@pytest.fixture
def settings():
    return local_settings()


@pytest.fixture
def flow(qtbot, settings):
    f = StartFlow(settings, window_factory=StandInWindow)
    yield f
    end_flow(f)


@pytest.fixture
def closed_case(session, case_path):
    session.close()
    return case_path


def _is_closed(session) -> bool:
    try:
        session.db.execute("SELECT 1")
    except sqlcipher3.ProgrammingError:
        return True
    return False


def _unlock(qtbot, flow):
    dialog = flow.dialog
    assert isinstance(dialog, PasswordDialog) and dialog.isVisible()
    type_text(dialog.form.passwordEdit, PASSWORD)
    QTest.keyClick(dialog.form.passwordEdit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: flow.window is not None)


def test_without_a_file_the_start_dialog_shows_and_closing_it_ends(flow, qtbot):
    flow.start()
    start = flow.start_dialog
    assert start.isVisible()
    assert start.form.emptyLabel.isVisible() and not start.form.recentList.isVisible()
    with qtbot.waitSignal(flow.finished, timeout=1000):
        click(start.form.quitButton)


def test_a_case_file_made_with_the_wizard_opens_in_the_main_window(flow, qtbot, settings):
    flow.start()
    click(flow.start_dialog.form.createButton)
    wizard = flow.dialog
    assert isinstance(wizard, CreateCaseWizard) and wizard.isVisible()
    fill_wizard(wizard)
    with qtbot.waitSignal(flow.session_opened, timeout=3000):
        click(wizard.button(QWizard.WizardButton.FinishButton))

    window = flow.window
    assert isinstance(window, StandInWindow) and window.isVisible()
    assert window.session is flow.session and flow.session.school_name == "Björkdalsskolan"
    assert flow.start_dialog is None
    assert recent_files(settings) == [flow.session.path.resolve()]
    assert user_for_file(settings, flow.session.path) == flow.session.user.id


def test_cancelling_the_wizard_goes_back_to_the_start_dialog(flow, qtbot):
    flow.start()
    start = flow.start_dialog
    click(start.form.createButton)
    click(flow.dialog.button(QWizard.WizardButton.CancelButton))
    assert flow.dialog is None and flow.window is None
    assert start.isVisible() and flow.start_dialog is start


def test_enter_on_a_recent_file_asks_for_its_password_and_opens_it(
    flow, qtbot, settings, closed_case
):
    remember_file(settings, closed_case)
    flow.start()
    recent = flow.start_dialog.form.recentList
    assert recent.isVisible() and recent.count() == 1
    assert recent.currentRow() == 0 and flow.start_dialog.focusWidget() is recent
    QTest.keyClick(recent, Qt.Key.Key_Return)
    assert flow.dialog.path == closed_case.resolve()
    _unlock(qtbot, flow)
    assert flow.session.path == closed_case.resolve()


def test_a_missing_recent_file_is_marked_and_can_be_removed(flow, settings, tmp_path):
    gone = tmp_path / "flyttad.elevhalsa"
    remember_file(settings, gone)
    flow.start()
    form = flow.start_dialog.form
    item = form.recentList.item(0)
    assert item.data(MISSING_ROLE) is True
    assert "saknas" in item.data(Qt.ItemDataRole.AccessibleTextRole)

    QTest.keyClick(form.recentList, Qt.Key.Key_Return)
    assert flow.dialog is None
    assert "finns inte längre" in form.messageLabel.text()

    QTest.keyClick(form.recentList, Qt.Key.Key_Delete)
    assert recent_files(settings) == []
    assert form.emptyLabel.isVisible()


def test_open_from_the_start_dialog_uses_the_file_chooser(flow, qtbot, closed_case, monkeypatch):
    monkeypatch.setattr(start_dialog, "choose_case_file", lambda _parent, _folder: closed_case)
    flow.start()
    click(flow.start_dialog.form.openButton)
    _unlock(qtbot, flow)
    assert flow.session.path == closed_case


def test_a_file_on_the_command_line_goes_straight_to_its_password(flow, qtbot, closed_case):
    flow.start(closed_case)
    assert flow.start_dialog is None
    assert isinstance(flow.dialog, PasswordDialog) and flow.dialog.path == closed_case
    _unlock(qtbot, flow)


def test_cancelling_the_password_with_nothing_behind_shows_the_start_dialog(
    flow, qtbot, closed_case
):
    flow.start(closed_case)
    click(flow.dialog.cancel_button)
    assert flow.start_dialog is not None and flow.start_dialog.isVisible()


def test_closing_the_main_window_closes_the_session_and_ends(flow, qtbot, closed_case):
    flow.start(closed_case)
    _unlock(qtbot, flow)
    session = flow.session
    with qtbot.waitSignal(flow.finished, timeout=2000):
        flow.window.close()
    assert _is_closed(session) and flow.session is None


def test_a_new_case_from_the_window_closes_the_current_one_first(flow, qtbot, closed_case):
    flow.start(closed_case)
    _unlock(qtbot, flow)
    first = flow.session
    flow.window.new_case_requested.emit()
    assert _is_closed(first) and flow.window is None
    assert isinstance(flow.dialog, CreateCaseWizard)

    click(flow.dialog.button(QWizard.WizardButton.CancelButton))
    assert flow.start_dialog is not None and flow.start_dialog.isVisible()


def test_a_window_that_refuses_to_close_keeps_its_session(flow, qtbot, closed_case):
    flow.start(closed_case)
    _unlock(qtbot, flow)
    window, session = flow.window, flow.session
    window.refuse_to_close = True
    window.new_case_requested.emit()
    assert flow.window is window and flow.session is session and not _is_closed(session)
    assert flow.dialog is None
    window.refuse_to_close = False


def test_open_another_from_the_window_switches_case_files(
    flow, qtbot, closed_case, tmp_path, monkeypatch
):
    from elevhalsa_desktop.services.session import create_case

    other = tmp_path / "annan.elevhalsa"
    create_case(other, PASSWORD, PASSWORD, school_name="Ekskolan", user_name="Per").close()
    flow.start(closed_case)
    _unlock(qtbot, flow)
    first = flow.session

    monkeypatch.setattr(start_flow, "choose_case_file", lambda _parent, _folder: None)
    flow.window.open_case_requested.emit()
    assert flow.session is first and not _is_closed(first)  # cancelled: nothing changed

    monkeypatch.setattr(start_flow, "choose_case_file", lambda _parent, _folder: other)
    flow.window.open_case_requested.emit()
    assert _is_closed(first)
    _unlock(qtbot, flow)
    assert flow.session.school_name == "Ekskolan"


def test_change_password_from_the_window(flow, qtbot, closed_case):
    flow.start(closed_case)
    _unlock(qtbot, flow)
    flow.window.change_password_requested.emit()
    dialog = flow.change_password_dialog
    assert isinstance(dialog, ChangePasswordDialog) and dialog.isVisible()
    f = dialog.form
    type_text(f.currentEdit, PASSWORD)
    type_text(f.newEdit, "ett helt nytt lösenord")
    type_text(f.repeatEdit, "ett helt nytt lösenord")
    click(dialog.ok_button)
    qtbot.waitUntil(
        lambda: any(
            isinstance(w, QMessageBox) and w.isVisible() for w in QApplication.topLevelWidgets()
        )
    )
    box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox))
    assert "nya lösenordet" in box.text()
    box.accept()


def test_the_application_is_set_up_in_swedish(qapp):
    app_module.configure_application(qapp)
    assert qapp.applicationName() == "Elevhälsa Desktop"
    assert qapp.organizationName() == "Elevhalsa"
    assert QLocale().name() == "sv_SE"
    # Qt's own texts (file dialog, standard buttons) come in Swedish too.
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Avbryt"


def test_an_unexpected_error_shows_a_calm_message_without_values(monkeypatch, capsys):
    shown = []
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    monkeypatch.setattr(app_module, "show_unexpected", lambda parent, error: shown.append(error))
    hook = app_module.install_excepthook()
    assert sys.excepthook is hook
    try:
        raise ValueError("Alva Öberg 20120314-1234")
    except ValueError as error:
        hook(type(error), error, error.__traceback__)
    assert len(shown) == 1 and isinstance(shown[0], ValueError)
    printed = capsys.readouterr().err
    assert "ValueError" in printed and "Alva" not in printed and "2012" not in printed


def test_the_real_main_window_fits_the_flow(qtbot, settings, closed_case):
    real = StartFlow(settings)
    real.start(closed_case)
    _unlock(qtbot, real)
    window, session = real.window, real.session
    assert isinstance(window, MainWindow) and window.isVisible()
    with qtbot.waitSignal(real.finished, timeout=2000):
        window.close()
    assert _is_closed(session)


_RUN_GUI_THEN_LEAVE = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from elevhalsa_desktop.app import run_gui

app = QApplication(sys.argv[:1])
def leave():
    titles = sorted(w.windowTitle() for w in app.topLevelWidgets() if w.isVisible())
    print("visible:", titles)
    for w in app.topLevelWidgets():
        if w.isVisible() and w.windowTitle() == "Elevhälsa Desktop":
            w.reject()  # the start dialog: the user leaves without opening anything
QTimer.singleShot(300, leave)
sys.exit(run_gui(None))
"""


def test_run_gui_starts_with_the_start_dialog_and_ends_when_it_is_closed(private_home):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "ELEVHALSA_HOME": str(private_home)}
    result = subprocess.run(
        [sys.executable, "-c", _RUN_GUI_THEN_LEAVE],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "visible: ['Elevhälsa Desktop']" in result.stdout


def test_the_start_dialog_answers_ctrl_n(flow, qtbot):
    flow.start()
    start = flow.start_dialog
    start.activateWindow()
    assert QTest.qWaitForWindowActive(start)
    QTest.keyClick(start, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert isinstance(flow.dialog, CreateCaseWizard)
    assert "Ctrl+N" in start.form.createButton.toolTip()


def test_a_main_window_that_fails_to_build_leaves_no_file_unlocked(qtbot, settings, closed_case):
    opened = []

    def broken(session, _settings):
        opened.append(session)
        raise RuntimeError("kaputt")

    failing = StartFlow(settings, window_factory=broken)
    failing.start(closed_case)
    with qtbot.capture_exceptions() as caught:
        dialog = failing.dialog
        type_text(dialog.form.passwordEdit, PASSWORD)
        QTest.keyClick(dialog.form.passwordEdit, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: failing.start_dialog is not None)
    assert [type(e[1]) for e in caught] == [RuntimeError]
    assert _is_closed(opened[0]) and failing.session is None
    assert failing.start_dialog.isVisible()
    failing.start_dialog.close()
