"""The lock: idle time, Ctrl+L and the button; everything hidden and the key dropped; the password
opens it again with every dialog as it was; the clipboard cleared."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import threading

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QLineEdit, QVBoxLayout

from elevhalsa_desktop.domain.pupil import Pupil
from elevhalsa_desktop.services.session import create_case
from elevhalsa_desktop.store import audit
from elevhalsa_desktop.store.errors import CaseLocked
from elevhalsa_desktop.ui import messages
from elevhalsa_desktop.ui.background import BackgroundTask
from elevhalsa_desktop.ui.clipboard_guard import guard, looks_like_civic_no
from elevhalsa_desktop.ui.idle_lock import DesktopLockWatch
from elevhalsa_desktop.ui.main_window import MainWindow
from elevhalsa_desktop.ui.pupil_dialog import PupilDialog
from elevhalsa_desktop.ui.start_flow import StartFlow
from tests.conftest import PASSWORD
from tests.ui.driving import click, end_flow, type_text
from tests.ui.register import civic_no, find_open


@pytest.fixture
def window(qtbot, session, tmp_path):
    w = MainWindow(session, QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat))
    w.locking.screen_options = {"first_delay_ms": 300, "max_delay_ms": 600}
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w, timeout=2000)
    yield w
    # A test that failed half-way must not leave a question about unsaved text (or about the
    # windows hidden by the lock) waiting for an answer when the window is closed.
    w.locking.close_without_unlocking()
    for dialog in w.findChildren(QDialog):
        QDialog.done(dialog, QDialog.DialogCode.Rejected)
    w.close()
    w.deleteLater()
    QTest.qWait(0)


@pytest.fixture(autouse=True)
def empty_clipboard():
    QGuiApplication.clipboard().clear()
    yield
    QGuiApplication.clipboard().clear()


def unlock(window, password: str = PASSWORD) -> None:
    screen = window.locking.screen
    assert screen is not None and screen.isVisible()
    screen.password_edit.clear()
    type_text(screen.password_edit, password)
    QTest.keyClick(screen.password_edit, Qt.Key.Key_Return)


def assert_locked(window, session) -> None:
    assert window.locking.locked
    assert not window.form.pageStack.isVisible()
    assert not window.form.navList.isVisible()
    for area in (window.overview, window.pupils_area, window.plans_area):
        assert not area.isVisible()
    assert not window.menuBar().isVisible()
    assert window.locking.screen.isVisible()
    assert window.windowTitle() == "Låst – Elevhälsa Desktop"
    assert session.locked
    with pytest.raises(CaseLocked):
        _ = session.db


def test_the_window_locks_after_the_idle_time(qtbot, window, session):
    assert window.locking.idle_ms == 5 * 60_000  # the settings' default
    window.locking.set_idle_ms(200)
    qtbot.waitUntil(lambda: window.locking.locked, timeout=3000)
    assert_locked(window, session)


def test_input_keeps_the_window_open(qtbot, window):
    window.locking.set_idle_ms(600)
    for step in range(8):
        QTest.mouseMove(window.form.navList, QPoint(10 + step, 10 + step))
        QTest.qWait(150)
    assert not window.locking.locked
    qtbot.waitUntil(lambda: window.locking.locked, timeout=3000)


def test_the_idle_time_follows_the_settings(window, session):
    session.save_settings(dataclasses.replace(session.settings(), auto_lock_minutes=15))
    window._settings_saved()
    assert window.locking.idle_ms == 15 * 60_000


def test_ctrl_l_locks_and_the_password_unlocks(qtbot, window, session, pupils):
    pupil = pupils.create(Pupil("Åsa", "Öhman", class_name="7B"))
    title = window.windowTitle()
    window.show_area("plans")
    QTest.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert_locked(window, session)
    assert window.locking.screen.form.schoolLabel.text() == "Testskolan"
    assert "Maria Lindqvist" in window.locking.screen.form.userLabel.text()
    assert window.focusWidget() is window.locking.screen.password_edit

    unlock(window)
    assert not window.locking.locked
    assert window.locking.screen is None
    assert window.form.pageStack.isVisible() and window.menuBar().isVisible()
    assert window.current_area() == "plans"
    assert window.windowTitle() == title
    # The services built before the lock work on the reopened file.
    window.pupils_area.open_pupil(pupil.id)
    assert window.pupils_area.page.pupil_id == pupil.id
    opened = [e for e in audit.entries(session.db) if e.action is audit.Action.OPENED]
    assert opened[0].detail == "upplåst" and opened[0].user_name == "Maria Lindqvist"


def test_the_button_and_the_menu_lock(window, session):
    assert window.locking.button.isVisible()
    click(window.locking.button)
    assert window.locking.locked
    unlock(window)
    menu_texts = [a.text() for a in window.menuBar().actions()[0].menu().actions()]
    assert "Lå&s" in menu_texts
    window.locking.action.trigger()
    assert window.locking.locked


def test_no_shortcut_reaches_the_areas_while_locked(window):
    window.show_area("overview")
    window.locking.lock()
    QTest.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.current_area() == "overview"
    assert not window.pupils_area.list_view.new_action.isEnabled()
    assert not [d for d in window.findChildren(PupilDialog) if d.isVisible()]
    unlock(window)
    assert window.pupils_area.list_view.new_action.isEnabled()


def test_a_wrong_password_stays_locked_and_then_waits(qtbot, window, session):
    window.locking.lock()
    screen = window.locking.screen
    for _attempt in range(3):
        unlock(window, "fel lösenord")
        assert window.locking.locked
    assert "Lösenordet stämmer inte" in screen.form.problemLabel.text()
    assert screen.waiting and not screen.form.unlockButton.isEnabled()
    assert screen.form.waitLabel.isVisible()
    assert_locked(window, session)
    unlock(window)  # during the wait Enter does nothing
    assert window.locking.locked
    qtbot.waitUntil(lambda: not screen.waiting, timeout=3000)
    unlock(window)
    assert not window.locking.locked


def test_an_open_dialog_is_hidden_and_comes_back_with_its_text(qtbot, window, session):
    window.show_area("pupils")
    window.pupils_area.list_view.new_pupil()
    dialog = find_open(window, PupilDialog, qtbot)
    type_text(dialog.form.givenNameEdit, "Bo")
    type_text(dialog.form.notesEdit, "Samtal med mentor om läxor.")
    # Ctrl+L in the dialog (which is modal to the window, so the window's own shortcut is out
    # of reach) locks too.
    QTest.keyClick(dialog.form.notesEdit, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert_locked(window, session)
    assert not dialog.isVisible()
    assert dialog.form.notesEdit.toPlainText() == "Samtal med mentor om läxor."  # no "L" typed

    unlock(window)
    assert dialog.isVisible()
    assert dialog.form.givenNameEdit.text() == "Bo"
    assert dialog.form.notesEdit.toPlainText() == "Samtal med mentor om läxor."
    type_text(dialog.form.familyNameEdit, "Berg")
    click(dialog.form.buttonBox.button(QDialogButtonBox.StandardButton.Save))
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=2000)  # saved in the reopened file
    assert session.db.execute("SELECT count(*) FROM pupil").fetchone()[0] == 1


def test_a_window_that_opens_while_locked_waits_for_the_unlock(qtbot, window):
    window.locking.lock()
    late = QDialog(window)
    field = QLineEdit("klart", late)
    QVBoxLayout(late).addWidget(field)
    late.show()
    qtbot.waitUntil(lambda: not late.isVisible(), timeout=2000)
    assert window.locking.locked
    unlock(window)
    assert late.isVisible() and field.text() == "klart"
    late.close()


def test_a_waiting_message_box_is_answered_by_the_lock(qtbot, window):
    QTimer.singleShot(100, window.locking.lock)
    messages.show_error(window, "Det gick inte att spara.")  # returns when the lock hides it
    assert window.locking.locked
    boxes = [w for w in QApplication.topLevelWidgets() if w.objectName() == "errorMessage"]
    assert boxes and not any(b.isVisible() for b in boxes)
    unlock(window)
    assert not any(b.isVisible() for b in boxes)  # its question is over; not shown again


def test_background_work_keeps_its_connection_until_it_ends(qtbot, window, session):
    go_on = threading.Event()

    def work(_progress):
        own = session.another()
        try:
            go_on.wait(5)
            return own.db.execute("SELECT count(*) FROM pupil").fetchone()[0]
        finally:
            own.close()

    results = []
    task = BackgroundTask(work)
    task.succeeded.connect(results.append)
    task.start()
    window.locking.lock()
    assert window.locking.locked and not session.locked  # the UI at once, the key after the task
    go_on.set()
    qtbot.waitUntil(lambda: session.locked, timeout=5000)
    assert results == [0]
    unlock(window)
    assert session.db.execute("SELECT count(*) FROM pupil").fetchone()[0] == 0


def test_unlocking_before_background_work_ends_checks_the_password(qtbot, window, session):
    go_on = threading.Event()
    task = BackgroundTask(lambda _progress: go_on.wait(5))
    task.start()
    window.locking.lock()
    unlock(window, "fel lösenord")
    assert window.locking.locked
    unlock(window)
    assert not window.locking.locked
    go_on.set()
    qtbot.waitUntil(lambda: not task.is_running(), timeout=5000)
    QTest.qWait(10)
    assert not session.locked  # unlocked before the task ended: the file stays open


def test_closing_the_locked_window_asks_when_dialogs_were_open(qtbot, window):
    window.show_area("pupils")
    window.pupils_area.list_view.new_pupil()
    find_open(window, PupilDialog, qtbot)
    window.locking.lock()
    QTimer.singleShot(50, lambda: _answer("closeLockedQuestion", "Avbryt"))
    assert not window.close()
    assert window.locking.locked and window.isVisible()
    QTimer.singleShot(50, lambda: _answer("closeLockedQuestion", "Stäng akten"))
    assert window.close()


def _answer(name: str, button_text: str) -> None:
    box = next(w for w in QApplication.topLevelWidgets() if w.objectName() == name)
    assert box.isVisible()
    next(b for b in box.buttons() if b.text().replace("&", "") == button_text).click()


@pytest.fixture
def closed_case(case_path):
    create_case(
        case_path, PASSWORD, PASSWORD, school_name="Testskolan", user_name="Maria Lindqvist"
    ).close()
    return case_path


def test_close_on_the_lock_screen_goes_back_to_the_start(qtbot, closed_case, tmp_path):
    settings = QSettings(str(tmp_path / "flow.ini"), QSettings.Format.IniFormat)
    flow = StartFlow(settings)
    try:
        flow.start(closed_case)
        dialog = flow.dialog
        type_text(dialog.form.passwordEdit, PASSWORD)
        click(dialog.ok_button)
        qtbot.waitUntil(lambda: flow.window is not None, timeout=3000)
        window, session = flow.window, flow.session
        window.pupils_area.list_view.new_pupil()
        pupil_dialog = find_open(window, PupilDialog, qtbot)
        type_text(pupil_dialog.form.givenNameEdit, "Bo")
        window.locking.lock()
        screen = window.locking.screen
        assert screen.form.closeButton.text() == "&Stäng akten (osparat försvinner)"
        click(screen.form.closeButton)  # the button says it: no question
        qtbot.waitUntil(lambda: flow.window is None, timeout=3000)
        assert flow.start_dialog is not None and flow.start_dialog.isVisible()
        with pytest.raises(CaseLocked):
            _ = session.db
        assert not closed_case.with_name(closed_case.name + ".lock").exists()
    finally:
        end_flow(flow)


# The clipboard ------------------------------------------------------------------------------
def test_a_civic_number_on_the_clipboard_is_cleared_on_lock(window):
    board = QGuiApplication.clipboard()
    board.setText(f"Elev: {civic_no()}")
    window.locking.lock()
    assert board.text() == ""


def test_other_text_on_the_clipboard_stays(window):
    board = QGuiApplication.clipboard()
    board.setText("Inköpslista: mjölk, 2 kg mjöl")
    window.locking.lock()
    assert board.text() == "Inköpslista: mjölk, 2 kg mjöl"


def test_a_copied_civic_number_is_gone_after_the_delay(qtbot, window, pupils, session):
    number = civic_no()
    pupil = pupils.create(Pupil("Bo", "Berg", number))
    window.show_area("pupils")
    window.pupils_area.open_pupil(pupil.id)
    page = window.pupils_area.page
    guard().clear_after_ms = 300
    try:
        click(page.form.copyButton)
        board = QGuiApplication.clipboard()
        assert board.text() == number
        assert any(e.detail == "personnummer kopierat" for e in pupils.history(pupil.id))
        qtbot.waitUntil(lambda: board.text() == "", timeout=3000)

        click(page.form.copyButton)
        board.setText("något annat")  # copied since: left alone
        QTest.qWait(500)
        assert board.text() == "något annat"
    finally:
        guard().clear_after_ms = 30_000


def test_a_copied_civic_number_is_cleared_on_lock(window, pupils):
    number = civic_no("090101", "234")
    pupil = pupils.create(Pupil("Bo", "Berg", number))
    window.show_area("pupils")
    window.pupils_area.open_pupil(pupil.id)
    click(window.pupils_area.page.form.copyButton)
    window.locking.lock()
    assert QGuiApplication.clipboard().text() == ""


@pytest.mark.parametrize(
    ("text", "looks"),
    [
        (civic_no(), True),
        (civic_no().replace("-", ""), True),
        ("Ring 070-123 45 67", False),
        ("Order 20120314-0000", False),  # a date and four digits, but not a valid check digit
        ("", False),
    ],
)
def test_what_looks_like_a_civic_number(text, looks):
    assert looks_like_civic_no(text) is looks


# The desktop's own lock ---------------------------------------------------------------------
@pytest.fixture
def private_bus():
    """A D-Bus daemon of our own, so the test neither needs nor touches the desktop's bus."""
    from PySide6.QtDBus import QDBusConnection

    daemon = shutil.which("dbus-daemon")
    if daemon is None:
        pytest.skip("dbus-daemon is not installed")
    process = subprocess.Popen(
        [daemon, "--session", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        address = process.stdout.readline().strip()
        bus = QDBusConnection.connectToBus(address, "elevhalsa-test-bus")
        assert bus.isConnected()
        yield bus
        QDBusConnection.disconnectFromBus("elevhalsa-test-bus")
    finally:
        process.terminate()
        process.wait(5)


def _signal(bus, path: str, interface: str, name: str, *arguments) -> None:
    from PySide6.QtDBus import QDBusMessage

    message = QDBusMessage.createSignal(path, interface, name)
    message.setArguments(list(arguments))
    assert bus.send(message)


def test_the_screen_saver_locks_the_window(qtbot, window, session, private_bus):
    watch = DesktopLockWatch(window, session_bus=private_bus, system_bus=private_bus)
    assert "org.freedesktop.ScreenSaver" in watch.sources
    watch.desktop_locked.connect(window.locking.lock)
    _signal(private_bus, "/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver",
            "ActiveChanged", False)  # fmt: skip
    QTest.qWait(200)
    assert not window.locking.locked
    _signal(private_bus, "/org/gnome/ScreenSaver", "org.gnome.ScreenSaver", "ActiveChanged", True)
    qtbot.waitUntil(lambda: window.locking.locked, timeout=3000)
    assert_locked(window, session)


def test_going_to_sleep_locks_the_window(qtbot, window, private_bus):
    # logind's signals come from the name org.freedesktop.login1: this bus connection takes it.
    assert private_bus.registerService("org.freedesktop.login1")
    watch = DesktopLockWatch(window, session_bus=private_bus, system_bus=private_bus)
    assert "login1.PrepareForSleep" in watch.sources
    watch.desktop_locked.connect(window.locking.lock)
    _signal(private_bus, "/org/freedesktop/login1", "org.freedesktop.login1.Manager",
            "PrepareForSleep", True)  # fmt: skip
    qtbot.waitUntil(lambda: window.locking.locked, timeout=3000)


def test_a_field_keeps_its_cursor_and_no_text_is_selected(qtbot, window):
    window.show_area("pupils")
    window.pupils_area.list_view.new_pupil()
    dialog = find_open(window, PupilDialog, qtbot)
    field = dialog.form.givenNameEdit
    type_text(field, "Bosse")
    field.setCursorPosition(2)
    window.locking.lock()
    unlock(window)
    assert dialog.isVisible()
    assert field.text() == "Bosse"
    assert not field.hasSelectedText()
    assert field.cursorPosition() == 2
