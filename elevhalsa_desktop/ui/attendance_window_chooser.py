"""The period that absence is counted for: the term so far, the last four weeks, the last 14
days, or a period of one's own between two dates. The Närvaro area and a pupil's Närvaro tab
both use it, so the words and the behaviour are the same in both places.

A period of one's own is used on Enter in a date, or when the focus leaves the two dates.
The chooser only says which period is asked for; EarlyWarningService.window turns it into
dates. A period that cannot be used (a date that is not a date, an end before the start) is
said beside the dates, and the screen keeps showing the figures it had.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QApplication, QWidget

from ..domain.ews import WINDOW_CHOICES, Window, WindowError
from ..services.early_warning import EarlyWarningService
from .date_input import DateInput
from .feedback import clear_problem, prepare_problem_label, show_problem
from .forms import load_form

CUSTOM = "custom"
DEFAULT = "4w"


class AttendanceWindowChooser(QWidget):
    #: The user chose another period (or changed the dates of their own period).
    changed = Signal()

    def __init__(
        self, parent: QWidget | None = None, today: Callable[[], _dt.date] = _dt.date.today
    ):
        super().__init__(parent)
        self.setObjectName("attendanceWindowChooser")
        form = self.form = load_form("attendance_window_chooser.ui", self)
        prepare_problem_label(form.periodProblem)
        for key, label in WINDOW_CHOICES.items():
            form.periodCombo.addItem(self.tr(label), key)
        form.periodCombo.addItem(self.tr("Egen period"), CUSTOM)
        form.periodCombo.setCurrentIndex(form.periodCombo.findData(DEFAULT))
        self._from = DateInput(form.fromEdit, today)
        self._to = DateInput(form.toEdit, today)
        self._last: Window | None = None
        self._show_dates()
        form.periodCombo.currentIndexChanged.connect(self._chosen)
        for edit in (form.fromEdit, form.toEdit):
            edit.editingFinished.connect(self._dates_left)
            edit.returnPressed.connect(self._dates_finished)

    # What is chosen ----------------------------------------------------------------------------
    def key(self) -> str:
        return self.form.periodCombo.currentData()

    def choose(self, key: str) -> None:
        combo = self.form.periodCombo
        combo.setCurrentIndex(combo.findData(key))

    def set_range(self, start: _dt.date, end: _dt.date) -> None:
        """Choose a period of one's own between ``start`` and ``end`` (both included)."""
        self._from.set_date(start)
        self._to.set_date(end)
        if self.key() != CUSTOM:
            self.choose(CUSTOM)
        else:
            self.changed.emit()

    def spec(self) -> str:
        """What EarlyWarningService.window understands: term, 4w, 14d or FRÅN:TILL."""
        if self.key() != CUSTOM:
            return self.key()
        return f"{self._from.iso()}:{self._to.iso()}"

    def resolve(self, service: EarlyWarningService) -> Window | None:
        """The chosen period as dates, or None (and the reason beside the dates) when it cannot
        be used: the caller then keeps what it shows."""
        problem = self._date_problem()
        if not problem:
            try:
                window = service.window(self.spec())
            except WindowError as error:
                problem = str(error)
            else:
                clear_problem(self.form.periodProblem)
                self._last = window
                return window
        show_problem(self.form.periodProblem, problem, self.form.fromEdit)
        return None

    def problem(self) -> str:
        label = self.form.periodProblem
        return label.text() if not label.isHidden() else ""

    def _date_problem(self) -> str:
        if self.key() != CUSTOM:
            return ""
        try:
            start, end = self._from.date(), self._to.date()
        except ValueError:
            return self.tr("Skriv periodens datum som ÅÅÅÅ-MM-DD, till exempel 2026-09-01.")
        if start is None or end is None:
            return self.tr("Skriv både periodens första och sista dag.")
        return ""

    # Reacting ----------------------------------------------------------------------------------
    def _chosen(self, _index: int) -> None:
        custom = self.key() == CUSTOM
        empty = not (self.form.fromEdit.text() or self.form.toEdit.text())
        if custom and empty and self._last is not None:
            # A period of one's own starts from the one that was shown.
            self._from.set_date(self._last.start)
            self._to.set_date(self._last.end)
        self._show_dates()
        if not custom:
            clear_problem(self.form.periodProblem, self.form.fromEdit)
        self.changed.emit()

    def _dates_left(self) -> None:
        # The period is used when the dates are left together, not when moving from the first
        # to the second (that would count a half-changed period) nor on Enter (below).
        if QApplication.focusWidget() not in (self.form.fromEdit, self.form.toEdit):
            self._dates_finished()

    def _dates_finished(self) -> None:
        if self.key() == CUSTOM:
            self.changed.emit()

    def _show_dates(self) -> None:
        custom = self.key() == CUSTOM
        form = self.form
        for widget in (form.fromLabel, form.fromEdit, form.toLabel, form.toEdit):
            widget.setVisible(custom)
