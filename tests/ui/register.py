"""Helpers for the pupil-register UI tests: valid test civic numbers, message boxes, dialogs."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QGroupBox,
    QLabel,
    QMenuBar,
    QMessageBox,
    QTabBar,
    QWidget,
)

from elevhalsa_desktop.domain.civic_no import luhn_check_digit


def civic_no(yymmdd: str = "120314", serial: str = "123", century: str = "20") -> str:
    """A civic number with a correct check digit, computed, never copied from a real person."""
    nine = yymmdd + serial
    return f"{century}{yymmdd}-{serial}{luhn_check_digit(nine)}"


def wrong_check_digit(number: str) -> str:
    last = int(number[-1])
    return number[:-1] + str((last + 1) % 10)


def answer_next_box(button_text: str, seen: list[str] | None = None) -> None:
    """Click ``button_text`` in the next message box that opens (they run their own event loop,
    so the answer is scheduled before the box is shown). Its text is added to ``seen``."""
    # A timer object rather than QTimer.singleShot(callable): it is kept until it has fired and
    # polls until the box is there.
    timer = QTimer()
    timer.setInterval(10)

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            return
        timer.stop()
        _pending_timers.remove(timer)
        if seen is not None:
            seen.append(box.text())
        for button in box.buttons():
            if button.text().replace("&", "") == button_text:
                button.click()
                return
        box.reject()
        raise AssertionError(f"no button {button_text!r} in {[b.text() for b in box.buttons()]}")

    timer.timeout.connect(answer)
    _pending_timers.append(timer)
    timer.start()


_pending_timers: list[QTimer] = []


def find_open(parent: QWidget, kind: type, qtbot) -> QWidget:
    """The visible dialog of ``kind`` under ``parent``: dialogs are opened with open() and
    deleted on close, so an earlier, closing one may still exist for a moment."""
    found: list[QWidget] = []

    def visible() -> bool:
        found[:] = [w for w in parent.findChildren(kind) if w.isVisible()]
        return len(found) == 1

    qtbot.waitUntil(visible, timeout=2000)
    return found[0]


def when_closed(widget: QWidget, qtbot, action: Callable[[], None]) -> None:
    action()
    qtbot.waitUntil(lambda: not widget.isVisible(), timeout=2000)


def unnamed_controls(root: QWidget) -> list[str]:
    """Widgets in ``root``'s window that take keyboard focus but have no accessible name. Qt's
    own parts (tab bars, combo pop-ups) and labels, which are read by their text, are left out."""
    missing = []
    for widget in root.findChildren(QWidget):
        if (
            widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            and widget.window() is root
            and not isinstance(widget, QLabel | QTabBar)
            and not widget.objectName().startswith("qt_")
            and not widget.accessibleName()
        ):
            missing.append(f"{type(widget).__name__} {widget.objectName()!r}")
    return missing


def mnemonic_clashes(*roots: QWidget) -> dict[str, list[str]]:
    """Alt+letter keys claimed twice among the visible labels, buttons, group boxes, tabs and
    menu titles under ``roots`` (pass a window and the page showing in it)."""
    texts: list[str] = []
    for root in roots:
        for widget in [root, *root.findChildren(QWidget)]:
            if not widget.isVisible():
                continue
            if isinstance(widget, QAbstractButton | QLabel):
                texts.append(widget.text())
            elif isinstance(widget, QGroupBox):
                texts.append(widget.title())
            elif isinstance(widget, QTabBar):
                texts += [widget.tabText(i) for i in range(widget.count())]
            elif isinstance(widget, QMenuBar):
                texts += [action.text() for action in widget.actions()]
    claimed: dict[str, list[str]] = {}
    for text in texts:
        letter = _mnemonic(text)
        if letter:
            claimed.setdefault(letter, []).append(text)
    return {letter: owners for letter, owners in claimed.items() if len(owners) > 1}


def _mnemonic(text: str) -> str:
    index = text.replace("&&", "").find("&")
    return text.replace("&&", "")[index + 1].casefold() if 0 <= index < len(text) - 1 else ""
