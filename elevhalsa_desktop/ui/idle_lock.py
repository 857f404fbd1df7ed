"""When to lock by itself: after a while without input, and when the desktop session locks.

``IdleWatch`` is an application-wide event filter. For a key, a click, a mouse move or a wheel
turn it only restarts a QElapsedTimer (no timer restarts, nothing allocated per event); a single
shot timer wakes up when the idle time could first have run out, looks at the elapsed time and
either reports ``idle`` or sleeps again for what is left. A wake-up that comes late by a whole
idle time means the computer was asleep (the monotonic clock may not count sleep): that counts
as idle too.

``DesktopLockWatch`` reports ``desktop_locked`` when the operating system says the session locks
or the computer goes to sleep:
- Windows: WTSRegisterSessionNotification and WM_WTSSESSION_CHANGE / WTS_SESSION_LOCK, and
  WM_POWERBROADCAST / PBT_APMSUSPEND, received by a small hidden native window of our own.
- Linux and other freedesktop systems: the screen saver's ActiveChanged(true) on the session bus
  (org.freedesktop.ScreenSaver, org.gnome.ScreenSaver), logind's Lock for our session and
  PrepareForSleep(true) on the system bus, through QtDBus (part of PySide6-Essentials).
- macOS: not available (the notification needs the Cocoa distributed notification centre,
  which PySide6 does not offer); the idle lock still applies.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time

from PySide6.QtCore import (
    QCoreApplication,
    QElapsedTimer,
    QEvent,
    QObject,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtWidgets import QWidget

_INPUT = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TabletPress,
    }
)


class IdleWatch(QObject):
    """Emits ``idle`` once after ``interval_ms`` without user input; ``start`` watches again."""

    idle = Signal()
    #: Ctrl+L anywhere in the program, also in a dialog that keeps the main window's own
    #: shortcut from working (a dialog opened modal to the window).
    lock_key_pressed = Signal()

    def __init__(self, interval_ms: int, parent: QObject | None = None):
        super().__init__(parent)
        self._interval = max(1, int(interval_ms))
        self._since_input = QElapsedTimer()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._wake)
        self._expected_at = 0.0  # wall-clock time the timer should wake up at
        self._filtering = False

    @property
    def interval_ms(self) -> int:
        return self._interval

    def set_interval_ms(self, interval_ms: int) -> None:
        self._interval = max(1, int(interval_ms))
        if self._timer.isActive():
            self._sleep(max(0, self._interval - self._since_input.elapsed()))

    def start(self) -> None:
        """Start counting from now (after the window has been unlocked, for instance)."""
        if not self._filtering:
            QCoreApplication.instance().installEventFilter(self)
            self._filtering = True
        self._since_input.start()
        self._sleep(self._interval)

    def stop(self) -> None:
        self._timer.stop()
        if self._filtering:
            app = QCoreApplication.instance()
            if app is not None:
                app.removeEventFilter(self)
            self._filtering = False

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in _INPUT:
            self._since_input.start()
            if (
                kind == QEvent.Type.KeyPress
                and event.key() == Qt.Key.Key_L
                and event.modifiers() == Qt.KeyboardModifier.ControlModifier
            ):
                self.lock_key_pressed.emit()
                return True
        return False

    def _sleep(self, ms: int) -> None:
        self._expected_at = time.time() + ms / 1000
        self._timer.start(ms)

    def _wake(self) -> None:
        late_ms = (time.time() - self._expected_at) * 1000
        left = self._interval - self._since_input.elapsed()
        if left <= 0 or late_ms >= self._interval:
            self._timer.stop()
            self.idle.emit()
        else:
            self._sleep(left)


class DesktopLockWatch(QObject):
    """Emits ``desktop_locked`` when the desktop session locks or the computer goes to sleep."""

    desktop_locked = Signal()

    def __init__(self, parent: QObject | None = None, *, session_bus=None, system_bus=None):
        super().__init__(parent)
        self.sources: list[str] = []  # what is being listened to, for tests and the curious
        self._window: _WindowsSessionWindow | None = None
        if sys.platform == "win32":
            self._watch_windows()
        elif sys.platform != "darwin":
            self._watch_dbus(session_bus, system_bus)

    # Windows ------------------------------------------------------------------------------
    def _watch_windows(self) -> None:
        try:
            self._window = _WindowsSessionWindow(self.desktop_locked.emit)
        except OSError:
            self._window = None
            return
        self.sources.append("windows")

    def close(self) -> None:
        if self._window is not None:
            self._window.unregister()
            self._window.deleteLater()
            self._window = None

    # D-Bus ----------------------------------------------------------------------------------
    def _watch_dbus(self, session_bus, system_bus) -> None:
        try:
            from PySide6.QtCore import SLOT
            from PySide6.QtDBus import QDBusConnection
        except ImportError:  # pragma: no cover - QtDBus is part of PySide6-Essentials
            return
        active = SLOT("_screen_saver_active(bool)")
        session = session_bus
        if session is None and _session_bus_known():
            session = QDBusConnection.sessionBus()
        if session is not None and session.isConnected():
            for service_path, interface in (
                ("/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver"),
                ("/ScreenSaver", "org.freedesktop.ScreenSaver"),
                ("/org/gnome/ScreenSaver", "org.gnome.ScreenSaver"),
            ):
                if session.connect("", service_path, interface, "ActiveChanged", self, active):
                    self.sources.append(interface)
        system = system_bus
        if system is None and _system_bus_known():
            system = QDBusConnection.systemBus()
        if system is None or not system.isConnected():
            return
        manager = ("org.freedesktop.login1", "/org/freedesktop/login1")
        if system.connect(
            manager[0],
            manager[1],
            "org.freedesktop.login1.Manager",
            "PrepareForSleep",
            self,
            SLOT("_preparing_for_sleep(bool)"),
        ):
            self.sources.append("login1.PrepareForSleep")
        path = _login1_session_path(system)
        if path and system.connect(
            manager[0], path, "org.freedesktop.login1.Session", "Lock", self, SLOT("_lock()")
        ):
            self.sources.append("login1.Lock")

    @Slot(bool)
    def _screen_saver_active(self, active: bool) -> None:
        if active:
            self.desktop_locked.emit()

    @Slot(bool)
    def _preparing_for_sleep(self, starting: bool) -> None:
        if starting:
            self.desktop_locked.emit()

    @Slot()
    def _lock(self) -> None:
        self.desktop_locked.emit()


def _session_bus_known() -> bool:
    """Whether a session bus has been announced. Without one, asking for it could make libdbus
    start a bus of its own ("autolaunch"), which a program should not do behind the user's back."""
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    return bool(os.environ.get("DBUS_SESSION_BUS_ADDRESS")) or (
        bool(runtime) and os.path.exists(os.path.join(runtime, "bus"))
    )


def _system_bus_known() -> bool:
    return bool(os.environ.get("DBUS_SYSTEM_BUS_ADDRESS")) or os.path.exists(
        "/run/dbus/system_bus_socket"
    )


def _login1_session_path(system) -> str:
    """The object path of this program's logind session, or '' if there is none."""
    from PySide6.QtDBus import QDBus, QDBusMessage

    call = QDBusMessage.createMethodCall(
        "org.freedesktop.login1",
        "/org/freedesktop/login1",
        "org.freedesktop.login1.Manager",
        "GetSessionByPID",
    )
    call.setArguments([os.getpid()])
    reply = system.call(call, QDBus.CallMode.Block, 1000)
    if reply.type() != QDBusMessage.MessageType.ReplyMessage or not reply.arguments():
        return ""
    value = reply.arguments()[0]
    path = getattr(value, "path", None)
    return str(path() if callable(path) else value)


class _WindowsSessionWindow(QWidget):
    """A hidden native window that Windows tells about session changes and sleep."""

    WM_WTSSESSION_CHANGE = 0x02B1
    WTS_SESSION_LOCK = 0x7
    WM_POWERBROADCAST = 0x0218
    PBT_APMSUSPEND = 0x4
    NOTIFY_FOR_THIS_SESSION = 0

    def __init__(self, on_lock):
        super().__init__()
        import ctypes
        from ctypes import wintypes

        self._on_lock = on_lock
        self._msg_type = wintypes.MSG
        self._hwnd = int(self.winId())  # creates the native window without showing it
        self._wtsapi = ctypes.WinDLL("wtsapi32")
        if not self._wtsapi.WTSRegisterSessionNotification(
            wintypes.HWND(self._hwnd), self.NOTIFY_FOR_THIS_SESSION
        ):
            raise OSError("WTSRegisterSessionNotification")

    def unregister(self) -> None:
        from ctypes import wintypes

        with contextlib.suppress(OSError):
            self._wtsapi.WTSUnRegisterSessionNotification(wintypes.HWND(self._hwnd))

    def nativeEvent(self, event_type, message):
        if bytes(event_type) == b"windows_generic_MSG":
            msg = self._msg_type.from_address(int(message))
            if (
                msg.message == self.WM_WTSSESSION_CHANGE and msg.wParam == self.WTS_SESSION_LOCK
            ) or (msg.message == self.WM_POWERBROADCAST and msg.wParam == self.PBT_APMSUSPEND):
                self._on_lock()
        return False, 0
