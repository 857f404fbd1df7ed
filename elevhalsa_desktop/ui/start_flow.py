"""The way into the program and between case files: start dialog, wizard, password, main window.

One controller owns the open session and its main window, so there is exactly one place that
closes a session. Dialogs are shown with ``open()`` (modal, but not blocking a nested event loop):
the flow continues when they finish, which keeps it testable without a person at the keyboard.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Qt, Signal
from PySide6.QtWidgets import QDialog, QMainWindow, QMessageBox

from .. import config
from ..services.session import CaseSession, location_warning
from .change_password_dialog import ChangePasswordDialog
from .create_wizard import CreateCaseWizard
from .file_choosers import choose_case_file
from .local_settings import remember_file, remember_user_for_file
from .messages import unsafe_location_question
from .password_dialog import PasswordDialog
from .start_dialog import StartDialog

MainWindowFactory = Callable[[CaseSession, QSettings], QMainWindow]


def _main_window(session: CaseSession, settings: QSettings) -> QMainWindow:
    # Imported when first needed: the start dialog should not wait for the biggest module.
    from .main_window import MainWindow

    return MainWindow(session, settings)


class StartFlow(QObject):
    finished = Signal()  # nothing is open any more: the program should end
    session_opened = Signal(object)  # CaseSession, after its main window is shown

    def __init__(
        self,
        settings: QSettings,
        window_factory: MainWindowFactory | None = None,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self._settings = settings
        self._window_factory = window_factory or _main_window
        self._session: CaseSession | None = None
        self._window: QMainWindow | None = None
        self._start: StartDialog | None = None
        self._dialog: QDialog | None = None  # the wizard or password dialog now open
        self.change_password_dialog: ChangePasswordDialog | None = None
        #: "Öppna ändå?" for a file on a network share or in a cloud-synced folder, while shown.
        self.location_question: QMessageBox | None = None

    @property
    def session(self) -> CaseSession | None:
        return self._session

    @property
    def window(self) -> QMainWindow | None:
        return self._window

    @property
    def start_dialog(self) -> StartDialog | None:
        return self._start

    @property
    def dialog(self) -> QDialog | None:
        return self._dialog

    def start(self, path: Path | None = None) -> None:
        if path is None:
            self.show_start()
        else:
            self.unlock(Path(path))

    # Without a case file ----------------------------------------------------------------------
    def show_start(self) -> None:
        if self._start is None:
            dialog = StartDialog(self._settings)
            dialog.create_requested.connect(lambda: self.create_case(parent=self._start))
            dialog.open_requested.connect(lambda path: self.unlock(path, parent=self._start))
            dialog.rejected.connect(self._start_closed)
            self._start = dialog
        self._start.refresh()
        self._start.show()
        self._start.raise_()
        self._start.activateWindow()

    def create_case(self, parent=None) -> None:
        self._run(CreateCaseWizard(parent))

    def unlock(self, path: Path, parent=None) -> None:
        warning = location_warning(Path(path))
        if warning:
            self._ask_about_location(Path(path), warning, parent)
        else:
            self._run(PasswordDialog(path, self._settings, parent))

    def _ask_about_location(self, path: Path, warning: str, parent) -> None:
        """Before the password: the file is on a network share or in a cloud-synced folder."""
        box, open_anyway = unsafe_location_question(parent, warning)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(partial(self._location_answered, box, open_anyway, path, parent))
        self.location_question = box
        box.open()

    def _location_answered(self, box: QMessageBox, open_anyway, path: Path, parent, *_args) -> None:
        self.location_question = None
        if box.clickedButton() is open_anyway:
            self._run(PasswordDialog(path, self._settings, parent))
        elif self._window is None and (self._start is None or not self._start.isVisible()):
            self.show_start()  # cancelled with nothing behind it: back to the beginning

    def _run(self, dialog: QDialog) -> None:
        self._dialog = dialog
        dialog.finished.connect(partial(self._dialog_finished, dialog))
        dialog.open()

    def _dialog_finished(self, dialog: QDialog, result: int) -> None:
        if self._dialog is dialog:
            self._dialog = None
        session = dialog.session if result == QDialog.DialogCode.Accepted else None
        dialog.deleteLater()
        if session is not None:
            self._show_session(session)
        elif self._window is None and (self._start is None or not self._start.isVisible()):
            self.show_start()  # cancelled with nothing behind it: back to the beginning

    def _start_closed(self) -> None:
        start, self._start = self._start, None
        if start is not None:
            start.deleteLater()
        if self._window is None and self._dialog is None:
            self.finished.emit()

    # With a case file -------------------------------------------------------------------------
    def _show_session(self, session: CaseSession) -> None:
        remember_file(self._settings, session.path)
        remember_user_for_file(self._settings, session.path, session.user.id)
        try:
            window = self._window_factory(session, self._settings)
        except Exception:
            # Never leave a file unlocked without a window: close it, go back to the start,
            # and let the exception hook tell the user.
            session.close()
            self.show_start()
            raise
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.new_case_requested.connect(self._new_from_window)
        window.open_case_requested.connect(self._open_from_window)
        window.change_password_requested.connect(self._change_password)
        window.close_case_requested.connect(self._close_from_window)
        window.case_restored.connect(self._case_restored)
        window.destroyed.connect(partial(self._window_destroyed, session))
        self._session, self._window = session, window
        window.show()
        if self._start is not None:
            # hide(), not close(): closing the start dialog means "quit the program".
            start, self._start = self._start, None
            start.hide()
            start.deleteLater()
        self.session_opened.emit(session)

    def _window_destroyed(self, session: CaseSession, *_args) -> None:
        if session is not self._session:
            return  # already closed by a switch to another case file
        self._session = self._window = None
        session.close()
        if self._dialog is None and self._start is None:
            self.finished.emit()

    def _case_restored(self) -> None:
        """A backup replaced the file under the session: the same session in a new window, so
        that nothing on screen comes from the file as it was."""
        window, session = self._window, self._session
        if window is None or session is None:
            return
        window.destroyed.disconnect()  # the session goes on: closing this window must not end it
        if not window.close():  # a dialog with unsaved changes stayed open: keep this window
            window.destroyed.connect(partial(self._window_destroyed, session))
            return
        self._session = self._window = None
        self._show_session(session)

    def _leave_current(self) -> bool:
        """Close the main window and its session; False if the window refused to close."""
        window, session = self._window, self._session
        if window is not None and not window.close():
            return False
        self._session = self._window = None
        if session is not None:
            session.close()
        return True

    def _close_from_window(self) -> None:
        """The lock screen's "Stäng akten": back to the start, where another file or user can
        be chosen."""
        if self._leave_current():
            self.show_start()

    def _new_from_window(self) -> None:
        if self._leave_current():
            self.create_case()

    def _open_from_window(self) -> None:
        # Choose first: cancelling the file dialog should leave the open case file as it was.
        folder = self._session.path.parent if self._session else config.default_case_dir()
        chosen = choose_case_file(self._window, folder)
        if chosen is not None and self._leave_current():
            self.unlock(chosen)

    def _change_password(self) -> None:
        if self._session is None:
            return
        dialog = ChangePasswordDialog(self._session, self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self._password_changed)
        dialog.destroyed.connect(self._forget_change_password_dialog)
        self.change_password_dialog = dialog
        dialog.open()

    def _forget_change_password_dialog(self, *_args) -> None:
        self.change_password_dialog = None

    def _password_changed(self) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Information,
            self.tr("Lösenordet är bytt"),
            self.tr(
                "Akten har nu det nya lösenordet. Använd det nästa gång du öppnar akten, "
                "och berätta det för dem som delar akten med dig."
            ),
            QMessageBox.StandardButton.Ok,
            self._window,
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def shutdown(self) -> None:
        """Close the session when the application quits by other means (log-out, signal)."""
        session, self._session = self._session, None
        if session is not None:
            session.close()
