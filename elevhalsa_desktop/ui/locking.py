"""Locking the main window: the areas hidden, other windows hidden, the key dropped, and back.

On lock (Ctrl+L, "Lås", the idle time from the settings, or the desktop's own lock):
- the window's content (navigation and every area) is taken out and a lock screen put in its
  place; the menu bar and status bar are hidden and every action of the window disabled, so no
  shortcut reaches an area; the title says only that the program is locked;
- every other window of the program is hidden: dialogs keep their widgets, text and state and
  are shown again, the same, after unlocking. A message box that waits for an answer (run with
  ``exec()``) cannot stay open hidden: hiding it answers it as if closed (every such question in
  the program treats that as the cautious answer: keep editing, do not replace); it is not shown
  again. Windows that would open while locked (a background task that ends) are hidden the same
  way;
- the clipboard is cleared when it holds something from the program or a civic number;
- the session drops its key: the connection is closed, which makes SQLCipher wipe the key, and
  the password is forgotten. Background work (an import, a batch print) runs on connections of
  its own and its results come back to the window: the main connection is closed as soon as the
  last such task has ended, so their results can still be shown (in hidden windows).

Unlocking asks for the password and reopens the same file (CaseSession.unlock logs who did it).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QToolButton,
    QToolTip,
    QWidget,
)
from shiboken6 import isValid

from ..services.session import CaseSession
from ..store.errors import CaseFileError, CaseFileGone, CaseFileNotFound, WrongPassword
from .background import BackgroundTask
from .clipboard_guard import guard
from .feedback import busy_cursor
from .idle_lock import DesktopLockWatch, IdleWatch
from .lock_screen import LockScreen
from .resources import icon

LOCK_KEY = QKeySequence("Ctrl+L")


class WindowLock(QObject):
    """Locks ``window`` (a QMainWindow on ``session``) and unlocks it with the password."""

    #: True when the window has locked, False when it has been unlocked.
    locked_changed = Signal(bool)
    #: The user chose "Stäng akten" on the lock screen: close the case file without unlocking.
    close_requested = Signal()

    def __init__(
        self,
        window: QMainWindow,
        session: CaseSession,
        *,
        idle_ms: int | None = None,
        watch_desktop: bool = True,
    ):
        super().__init__(window)
        self._window = window
        self._session = session
        self._fixed_idle = idle_ms is not None  # a test's interval: the settings do not change it
        self._locked = False
        self._screen: LockScreen | None = None
        self._content: QWidget | None = None
        self._title = ""
        self._hidden: list[tuple[QWidget, bool]] = []  # (window, show again after unlocking)
        self._disabled: list[QAction] = []
        self._carets: list[tuple[QLineEdit, int, int, int]] = []
        self._focus: QWidget | None = None
        self._active: QWidget | None = None
        self._waiting_for: set[BackgroundTask] = set()
        self._closing = False
        #: Passed to each lock screen (tests make the wait after wrong passwords short).
        self.screen_options: dict[str, int] = {}

        self.action = QAction(icon("lock"), self.tr("Lå&s"), window)
        self.action.setShortcut(LOCK_KEY)
        self.action.setToolTip(self.tr("Lås akten nu (Ctrl+L)"))
        self.action.setStatusTip(self.tr("Döljer allt och låser akten tills lösenordet skrivs."))
        self.action.triggered.connect(self.lock)
        window.addAction(self.action)
        self.button = QToolButton(window)
        self.button.setObjectName("lockButton")
        self.button.setDefaultAction(self.action)
        self.button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.button.setAutoRaise(True)
        self.button.setText(self.tr("Lås"))
        self.button.setAccessibleName(self.tr("Lås akten"))
        window.statusBar().addPermanentWidget(self.button)

        self._idle = IdleWatch(idle_ms if idle_ms is not None else self._settings_idle_ms(), self)
        self._idle.idle.connect(self.lock)
        self._idle.lock_key_pressed.connect(self.lock)
        self._idle.start()
        self._desktop: DesktopLockWatch | None = None
        if watch_desktop:
            self._desktop = DesktopLockWatch(self)
            self._desktop.desktop_locked.connect(self.lock)
            window.destroyed.connect(self._desktop.close)

    # State --------------------------------------------------------------------------------
    @property
    def locked(self) -> bool:
        return self._locked

    @property
    def screen(self) -> LockScreen | None:
        """The lock screen while locked."""
        return self._screen

    @property
    def idle_ms(self) -> int:
        return self._idle.interval_ms

    def set_idle_ms(self, ms: int) -> None:
        """Lock after ``ms`` milliseconds without input (tests; the settings give minutes)."""
        self._fixed_idle = True
        self._idle.set_interval_ms(ms)

    def settings_changed(self) -> None:
        """The idle time in the settings may have changed."""
        if not self._fixed_idle and not self._locked:
            self._idle.set_interval_ms(self._settings_idle_ms())

    def _settings_idle_ms(self) -> int:
        try:
            return self._session.settings().auto_lock_minutes * 60_000
        except CaseFileError:
            return 5 * 60_000

    def windows_hidden(self) -> list[QWidget]:
        """The windows that will be shown again when the window is unlocked."""
        return [w for w, again in self._hidden if again and isValid(w)]

    # Locking ------------------------------------------------------------------------------
    def lock(self) -> None:
        # A window outliving its closed session (while it is being torn down) has nothing to lock.
        if self._locked or self._session.closed:
            return
        window, session = self._window, self._session
        try:
            school = session.school_name
        except CaseFileError:
            school = ""
        self._locked = True
        self._idle.stop()
        self._focus = QApplication.focusWidget()
        self._active = QApplication.activeWindow()
        self._close_popups()
        self._hide_other_windows()
        self._disable_actions()
        window.menuBar().hide()
        window.statusBar().clearMessage()
        window.statusBar().hide()

        self._content = window.takeCentralWidget()
        if self._content is not None:
            # Kept as a hidden child (not deleted, not a window of its own): everything in it is
            # as it was when the window is unlocked.
            self._content.setParent(window)
            self._content.hide()
        screen = LockScreen(school, session.user.name, **self.screen_options)
        screen.unlock_requested.connect(self._unlock_with)
        screen.close_requested.connect(self.close_without_unlocking)
        window.setCentralWidget(screen)
        screen.show()  # now, not when the layout gets round to it
        self._screen = screen
        self._title = window.windowTitle()
        window.setWindowTitle(self.tr("Låst – Elevhälsa Desktop"))

        guard().clear_on_lock()
        QApplication.instance().installEventFilter(self)
        self._release_key()
        if window.isVisible():
            screen.focus_password()
        self.locked_changed.emit(True)

    def _close_popups(self) -> None:
        QToolTip.hideText()
        for _attempt in range(10):  # a menu's submenu is a popup of its own
            popup = QApplication.activePopupWidget()
            if popup is None:
                break
            popup.close()

    def _hide_other_windows(self) -> None:
        shown = [
            w
            for w in QApplication.topLevelWidgets()
            if w is not self._window and w.isVisible() and not _passing(w)
        ]
        # Deepest first when hiding, so that each is shown again above its parent later.
        for w in sorted(shown, key=_depth, reverse=True):
            self._hide(w)

    def _hide(self, w: QWidget) -> None:
        # A window modal for the whole application is a question waiting in exec(): hiding it
        # ends the wait with no answer, so there is nothing to show again.
        again = w.windowModality() != Qt.WindowModality.ApplicationModal
        self._hidden.append((w, again))
        field = w.focusWidget()
        if again and isinstance(field, QLineEdit):
            # A dialog shown again gives its field focus as if by Tab, which selects all its
            # text: the next key would replace it. Keep the cursor where it was instead.
            self._carets.append((field, field.cursorPosition(), field.selectionStart(),
                                 field.selectionLength()))  # fmt: skip
        w.hide()

    def _disable_actions(self) -> None:
        """The window's own actions and those in its menus: their shortcuts must not reach the
        areas. (Actions of widgets inside the areas are inert while the areas are hidden.)"""
        found, menus = list(self._window.actions()), [self._window.menuBar()]
        while menus:
            for a in menus.pop().actions():
                found.append(a)
                if a.menu() is not None:
                    menus.append(a.menu())
        self._disabled = [a for a in dict.fromkeys(found) if a.isEnabled()]
        for a in self._disabled:
            a.setEnabled(False)

    def _release_key(self) -> None:
        """Close the connection now, or when the last background task has ended."""
        if not self._locked or self._session.locked or self._session.closed:
            return
        running = BackgroundTask.running()
        if not running:
            if not self._session.lock():  # inside a transaction (a nested event loop)
                QTimer.singleShot(500, self, self._release_key)
            return
        for task in running - self._waiting_for:
            self._waiting_for.add(task)
            task.ended.connect(lambda t=task: self._task_ended(t))

    def _task_ended(self, task: BackgroundTask) -> None:
        self._waiting_for.discard(task)
        if not BackgroundTask.running():
            self._release_key()

    # Windows that open while locked, and closing the locked window -----------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Show and watched.isWidgetType() and watched.isWindow():
            if watched is not self._window and not _passing(watched) and not self._ours(watched):
                watched.setWindowOpacity(0.0)  # hidden on the next turn of the event loop
                QTimer.singleShot(0, self, lambda w=watched: self._hide_late(w))
        elif (
            kind == QEvent.Type.Close
            and watched is self._window
            and not self._closing
            and not self._may_close()
        ):
            event.ignore()
            return True
        return False

    def _ours(self, w: QWidget) -> bool:
        """A window that belongs to the lock screen (its question, a field's context menu)."""
        parent = w.parentWidget()
        while parent is not None:
            if parent is self._screen:
                return True
            parent = parent.parentWidget()
        return False

    def _hide_late(self, w: QWidget) -> None:
        if not isValid(w):
            return
        if self._locked and w.isVisible():
            self._hide(w)
        w.setWindowOpacity(1.0)

    def _may_close(self) -> bool:
        if not self.windows_hidden():
            return True
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Stäng akten"),
            self.tr(
                "Fönster som var öppna när akten låstes stängs, och det som inte var sparat i dem "
                "försvinner. Vill du stänga akten ändå?"
            ),
            QMessageBox.StandardButton.NoButton,
            self._screen,
        )
        box.setObjectName("closeLockedQuestion")
        close = box.addButton(self.tr("&Stäng akten"), QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(self.tr("&Avbryt"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.exec()
        return box.clickedButton() is close

    def close_without_unlocking(self) -> None:
        self._closing = True  # the button says what happens: no second question
        self.close_requested.emit()

    # Unlocking ----------------------------------------------------------------------------
    def _unlock_with(self, password: str) -> None:
        screen = self._screen
        if screen is None:
            return
        try:
            with busy_cursor():
                self._session.unlock(password)
        except WrongPassword as error:
            screen.refuse(str(error))
            return
        except (CaseFileNotFound, CaseFileGone):
            screen.refuse(
                self.tr(
                    "Akten finns inte längre där den öppnades: den har flyttats, bytt namn eller "
                    "tagits bort, eller så sitter USB-minnet den ligger på inte i. Sätt tillbaka "
                    "den och försök igen, eller stäng akten."
                ),
                wrong_password=False,
            )
            return
        except CaseFileError as error:
            screen.refuse(str(error), wrong_password=False)
            return
        self._restore()

    def _restore(self) -> None:
        window = self._window
        QApplication.instance().removeEventFilter(self)
        screen, self._screen = self._screen, None
        if screen is not None:
            screen.clear()
            window.takeCentralWidget()
            screen.setParent(None)
            screen.deleteLater()
        if self._content is not None:
            window.setCentralWidget(self._content)
            self._content.show()
            self._content = None
        window.setWindowTitle(self._title)
        window.menuBar().show()
        window.statusBar().show()
        for a in self._disabled:
            if isValid(a):
                a.setEnabled(True)
        self._disabled = []
        self._locked = False
        hidden, self._hidden = self._hidden, []
        for w, again in sorted(hidden, key=lambda item: _depth(item[0]) if isValid(item[0]) else 0):
            if again and isValid(w):
                w.show()
        carets, self._carets = self._carets, []
        for field, position, start, length in carets:
            if isValid(field):
                if start >= 0:
                    field.setSelection(start, length)
                else:
                    field.deselect()
                    field.setCursorPosition(position)
        self._give_back_focus()
        self._idle.start()
        self.locked_changed.emit(False)

    def _give_back_focus(self) -> None:
        active, focus = self._active, self._focus
        self._active = self._focus = None
        _focus_on(active, focus)
        # A window shown again this moment may not be mapped yet, and the window manager ignores
        # activating it then (seen with openbox): ask once more when it has caught up.
        QTimer.singleShot(150, self, lambda: self._locked or _focus_on(active, focus))


def _focus_on(active: QWidget | None, focus: QWidget | None) -> None:
    if active is not None and isValid(active) and active.isVisible():
        active.raise_()
        active.activateWindow()
    if focus is not None and isValid(focus) and focus.isVisible():
        focus.setFocus(Qt.FocusReason.OtherFocusReason)


def _depth(w: QWidget) -> int:
    """How many windows down from a top-level window ``w`` is (dialogs of dialogs are deeper)."""
    depth = 0
    parent = w.parentWidget()
    while parent is not None:
        depth += 1
        parent = parent.parentWidget()
    return depth


def _passing(w: QWidget) -> bool:
    """Tooltips and the like: nothing to hide or show again."""
    kind = w.windowType()
    return (
        kind in (Qt.WindowType.ToolTip, Qt.WindowType.Desktop) or w.objectName() == "qt_rubberband"
    )
