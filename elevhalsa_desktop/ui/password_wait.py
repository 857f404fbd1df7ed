"""The growing wait after wrong passwords, shared by the password dialog and the lock screen.

Three tries are free; then each wrong password doubles the wait (2 s, 4 s, … up to 30 s). It
makes guessing at the keyboard slow without ever locking a person out for good; guessing the
file itself offline is what the key derivation is for.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QElapsedTimer, QObject, QTimer
from PySide6.QtWidgets import QAbstractButton, QLabel

FREE_TRIES = 3
FIRST_DELAY_MS = 2_000
MAX_DELAY_MS = 30_000


class PasswordWait(QObject):
    """Counts wrong passwords and, while a wait runs, disables ``button`` and counts down in
    ``label``. ``may_enable`` says whether the button may come back when the wait ends."""

    def __init__(
        self,
        label: QLabel,
        button: QAbstractButton,
        parent: QObject,
        *,
        first_delay_ms: int | None = None,
        max_delay_ms: int | None = None,
        may_enable: Callable[[], bool] = lambda: True,
    ):
        super().__init__(parent)
        self._label = label
        self._button = button
        self._may_enable = may_enable
        self._first_delay = FIRST_DELAY_MS if first_delay_ms is None else first_delay_ms
        self._max_delay = MAX_DELAY_MS if max_delay_ms is None else max_delay_ms
        self._failures = 0
        self._wait_ms = 0
        self._waited = QElapsedTimer()
        self._tick = QTimer(self)
        self._tick.setSingleShot(True)
        self._tick.timeout.connect(self._count_down)

    def delay_for(self, failures: int) -> int:
        """Milliseconds to wait after ``failures`` wrong passwords in a row."""
        if failures < FREE_TRIES:
            return 0
        return min(self._first_delay * 2 ** (failures - FREE_TRIES), self._max_delay)

    @property
    def waiting(self) -> bool:
        return self._wait_ms > 0

    def failed(self) -> None:
        """One more wrong password: start the wait it earns, if any."""
        self._failures += 1
        delay = self.delay_for(self._failures)
        if delay:
            self._wait_ms = delay
            self._waited.start()
            self._button.setEnabled(False)
            self._count_down()

    def stop(self) -> None:
        self._tick.stop()

    def _count_down(self) -> None:
        remaining = self._wait_ms - self._waited.elapsed()
        if remaining <= 0:
            self._wait_ms = 0
            self._label.hide()
            self._button.setEnabled(self._may_enable())
            return
        seconds = math.ceil(remaining / 1000)
        if seconds == 1:
            text = self.tr("För många felaktiga försök. Vänta 1 sekund innan du försöker igen.")
        else:
            text = self.tr(
                "För många felaktiga försök. Vänta {seconds} sekunder innan du försöker igen."
            ).format(seconds=seconds)
        self._label.setText(text)
        self._label.show()
        # Wake up exactly when the shown number of seconds changes.
        self._tick.start(remaining % 1000 or 1000)
