"""Long work (an import, a batch print) off the GUI thread, so the window stays responsive.

The work is a plain function that takes a ``progress(done, total)`` callback. It runs on a
QThread; progress, the result and any error come back as signals on the GUI thread. Avbryt sets
a flag that the next progress call turns into ImportCancelled, so the work stops where it can
roll back cleanly. Work that touches the case file opens its own connection
(``CaseSession.another()``): connections are never shared between threads.
"""

from __future__ import annotations

import contextlib
import threading
import warnings
from collections.abc import Callable, Iterator
from typing import Any, ClassVar

from PySide6.QtCore import QObject, QThread, Signal

from ..importers.records import ImportCancelled


class _Runner(QObject):
    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(object)
    cancelled = Signal()

    def __init__(self, work: Callable[[Callable[[int, int], None]], Any], stop: threading.Event):
        super().__init__()
        self._work = work
        self._stop = stop

    def _progress(self, done: int, total: int) -> None:
        if self._stop.is_set():
            raise ImportCancelled
        self.progressed.emit(done, total)

    def run(self) -> None:
        try:
            result = self._work(self._progress)
        except ImportCancelled:
            self.cancelled.emit()
        except Exception as error:  # handed to the GUI thread, which shows it in words
            self.failed.emit(error)
        else:
            self.succeeded.emit(result)


class BackgroundTask(QObject):
    """Run ``work(progress)`` on its own thread. Connect the signals, then ``start()``."""

    # A running task is kept here until its thread has stopped: a QThread destroyed while it
    # runs aborts the whole program, so a dropped reference must not be able to do that.
    _running: ClassVar[set[BackgroundTask]] = set()

    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(object)
    cancelled = Signal()
    #: Emitted last, whatever happened: the thread has stopped.
    ended = Signal()

    def __init__(self, work: Callable[[Callable[[int, int], None]], Any], parent=None):
        super().__init__(parent)
        self._stop = threading.Event()
        self._thread = QThread()
        self._runner = _Runner(work, self._stop)
        self._runner.moveToThread(self._thread)
        self._thread.started.connect(self._runner.run)
        self._runner.progressed.connect(self.progressed)
        self._runner.succeeded.connect(self.succeeded)
        self._runner.failed.connect(self.failed)
        self._runner.cancelled.connect(self.cancelled)
        for outcome in (self._runner.succeeded, self._runner.failed, self._runner.cancelled):
            outcome.connect(self._thread.quit)
        self._thread.finished.connect(self._finished)

    @classmethod
    def running(cls) -> frozenset[BackgroundTask]:
        """The tasks whose threads have not stopped yet (the lock waits for them)."""
        return frozenset(cls._running)

    def start(self) -> None:
        BackgroundTask._running.add(self)
        self._thread.start()

    def _finished(self) -> None:
        BackgroundTask._running.discard(self)
        self.ended.emit()

    def cancel(self) -> None:
        self._stop.set()

    def is_running(self) -> bool:
        return self._thread.isRunning()

    def wait(self, ms: int = 30_000) -> bool:
        return self._thread.wait(ms)


def quiet(task: BackgroundTask) -> None:
    """Let ``task`` finish without calling anyone: its receivers are going away."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        for signal in (task.progressed, task.succeeded, task.failed, task.cancelled):
            with contextlib.suppress(RuntimeError, TypeError):
                signal.disconnect()


class KeptTasks:
    """The tasks a dialog started: kept until each has ended, and quieted when the dialog
    closes, so that a result arriving late finds no half-destroyed receiver."""

    def __init__(self) -> None:
        self._tasks: list[BackgroundTask] = []

    def keep(self, task: BackgroundTask) -> None:
        self._tasks.append(task)
        task.ended.connect(lambda task=task: self._tasks.remove(task))

    def quiet(self) -> None:
        for task in self._tasks:
            quiet(task)

    def __iter__(self) -> Iterator[BackgroundTask]:
        return iter(list(self._tasks))

    def __bool__(self) -> bool:
        return bool(self._tasks)
