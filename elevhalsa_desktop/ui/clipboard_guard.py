"""What the program leaves on the clipboard: a copied civic number for 30 seconds, nothing on lock.

A civic number copied with "Kopiera personnummer" is put there with the hints that clipboard
managers and Windows' clipboard history honour ("do not keep this"), and taken away again after
30 seconds unless something else has been copied since. When the window locks, the clipboard is
cleared if it holds text from this program (anything copied out of its windows, which Qt reports
as owned by us, or the civic number we put there) or text that looks like a civic number, from
wherever it came; anything else the user copied elsewhere is left alone. On X11 the selection
(middle-click paste) is cleared too when it is ours.

There is one guard per application, as there is one clipboard: ``guard()`` finds or makes it.
"""

from __future__ import annotations

import re
import sys

from PySide6.QtCore import QByteArray, QMimeData, QObject, QTimer
from PySide6.QtGui import QClipboard, QGuiApplication

from ..domain.civic_no import CivicNoError, parse

CLEAR_AFTER_MS = 30_000
#: A civic number as people write it: six or eight digits of a date, a separator, four digits.
_CANDIDATE = re.compile(r"(?<!\d)(?:\d{8}|\d{6})[-+ ]?\d{4}(?!\d)")
#: Clipboard text is searched this far at most (a pasted document can be long).
_SEARCH_LIMIT = 100_000
_GUARD_NAME = "elevhalsaClipboardGuard"


def looks_like_civic_no(text: str) -> bool:
    """True if ``text`` holds a number that is a valid personnummer or samordningsnummer."""
    for match in _CANDIDATE.finditer(text[:_SEARCH_LIMIT]):
        try:
            parse(match.group(0))
        except CivicNoError:
            continue
        return True
    return False


def _secret_mime(text: str) -> QMimeData:
    """Text with the hints that ask clipboard history and managers not to keep it."""
    mime = QMimeData()
    mime.setText(text)
    if sys.platform == "win32":
        # Windows 10 1809+: not in Win+V history, not to the cloud clipboard, not to monitors.
        win = 'application/x-qt-windows-mime;value="{}"'
        one, zero = QByteArray(b"\x01\x00\x00\x00"), QByteArray(b"\x00\x00\x00\x00")
        mime.setData(win.format("ExcludeClipboardContentFromMonitorProcessing"), one)
        mime.setData(win.format("CanIncludeInClipboardHistory"), zero)
        mime.setData(win.format("CanUploadToCloudClipboard"), zero)
    elif sys.platform == "darwin":
        mime.setData("org.nspasteboard.ConcealedType", QByteArray())
    else:
        mime.setData("x-kde-passwordManagerHint", QByteArray(b"secret"))  # Klipper and others
    return mime


class ClipboardGuard(QObject):
    def __init__(self, parent: QObject | None = None, *, clear_after_ms: int = CLEAR_AFTER_MS):
        super().__init__(parent)
        self.setObjectName(_GUARD_NAME)
        self.clear_after_ms = clear_after_ms
        self._put: str | None = None  # the secret text we put there, until it is gone
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._expire)

    @staticmethod
    def _clipboard() -> QClipboard:
        return QGuiApplication.clipboard()

    def copy_secret(self, text: str) -> None:
        """Put ``text`` (a civic number) on the clipboard, to be taken away after 30 seconds."""
        self._clipboard().setMimeData(_secret_mime(text))
        self._put = text
        self._timer.start(self.clear_after_ms)

    @property
    def holding(self) -> bool:
        """True while the clipboard still holds the secret we put there."""
        return self._put is not None and self._clipboard().text() == self._put

    def _expire(self) -> None:
        if self.holding:
            self._clipboard().clear(QClipboard.Mode.Clipboard)
        self._put = None

    def clear_on_lock(self) -> None:
        """Clear the clipboard (and the X11 selection) if it holds text from this program or
        text that looks like a civic number."""
        self._timer.stop()
        board = self._clipboard()
        text = board.text(QClipboard.Mode.Clipboard)
        if self.holding or board.ownsClipboard() or (text and looks_like_civic_no(text)):
            board.clear(QClipboard.Mode.Clipboard)
        self._put = None
        if board.supportsSelection():
            selected = board.text(QClipboard.Mode.Selection)
            if board.ownsSelection() or (selected and looks_like_civic_no(selected)):
                board.clear(QClipboard.Mode.Selection)


def guard() -> ClipboardGuard:
    """The application's clipboard guard (made the first time it is asked for)."""
    app = QGuiApplication.instance()
    found = app.findChild(ClipboardGuard, _GUARD_NAME)
    return found if found is not None else ClipboardGuard(app)
