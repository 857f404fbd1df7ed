"""A date typed as text (ÅÅÅÅ-MM-DD), with the calendar one keystroke away.

A line edit rather than QDateEdit: a plan may have no follow-up date yet, which QDateEdit cannot
show without a made-up "special" date, and typing into QDateEdit's sections surprises people who
type a date in one go. Here the user types "2027-01-04", "20270104" or "i dag"; the text becomes
ÅÅÅÅ-MM-DD when the field is left. Up and Down move a day, Page Up and Page Down a week, and
Alt+Down (or F4, as in a combo box) opens a calendar. Text that is not a date is left as typed,
so the rules can say what is wrong beside the field.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable

from PySide6.QtCore import QDate, QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCalendarWidget, QLineEdit

from .resources import icon

_DATE = re.compile(r"(\d{4})-?(\d{1,2})-?(\d{1,2})")
_TODAY_WORDS = {"idag", "i dag", "today"}


def parse_date_text(text: str, today: _dt.date) -> _dt.date | None:
    """The date in ``text``; None for an empty text. Raises ValueError for anything else."""
    text = text.strip()
    if not text:
        return None
    if text.casefold() in _TODAY_WORDS:
        return today
    match = _DATE.fullmatch(text)
    if match is None:
        raise ValueError(text)
    return _dt.date(*(int(part) for part in match.groups()))


class DateInput(QObject):
    """Makes ``edit`` a date field. Lives as long as the line edit (it is its child)."""

    def __init__(self, edit: QLineEdit, today: Callable[[], _dt.date] = _dt.date.today):
        super().__init__(edit)
        self.edit = edit
        self._today = today
        edit.setPlaceholderText(self.tr("ÅÅÅÅ-MM-DD"))
        edit.setMaxLength(30)
        # Room for the date and the calendar icon, whatever the font size.
        edit.setMinimumWidth(edit.fontMetrics().horizontalAdvance("0000-00-00") * 2)
        pick = edit.addAction(icon("calendar"), QLineEdit.ActionPosition.TrailingPosition)
        pick.setToolTip(self.tr("Välj i kalendern (Alt+Nedåtpil)"))
        pick.triggered.connect(self.show_calendar)
        edit.setToolTip(
            self.tr(
                "Skriv datumet som ÅÅÅÅ-MM-DD. Upp- och nedåtpil byter dag, Alt+Nedåtpil visar kalendern."
            )
        )
        edit.installEventFilter(self)
        edit.editingFinished.connect(self._normalise)
        self._calendar: QCalendarWidget | None = None

    # Reading and writing ------------------------------------------------------------------------
    def date(self) -> _dt.date | None:
        """Raises ValueError when the text is not a date."""
        return parse_date_text(self.edit.text(), self._today())

    def iso(self) -> str:
        """The date as ÅÅÅÅ-MM-DD; text that is not a date comes back as typed (without outer
        spaces), so that the rules can say what is wrong with it."""
        try:
            value = self.date()
        except ValueError:
            return self.edit.text().strip()
        return value.isoformat() if value else ""

    def set_date(self, value: _dt.date | str | None) -> None:
        text = value.isoformat() if isinstance(value, _dt.date) else (value or "")
        if text != self.edit.text():
            self.edit.setText(text)

    def _set_by_user(self, value: _dt.date) -> None:
        # Changes made with keys or the calendar count as edits, like typing.
        self.set_date(value)
        self.edit.textEdited.emit(self.edit.text())

    def _normalise(self) -> None:
        iso = self.iso()
        if iso != self.edit.text():
            self.edit.setText(iso)

    # Keys and the calendar ----------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and event.type() == QEvent.Type.KeyPress:
            return self._key(event)
        return False

    def _key(self, event: QKeyEvent) -> bool:
        if self.edit.isReadOnly():
            return False
        key, alt = event.key(), event.modifiers() & Qt.KeyboardModifier.AltModifier
        if (key == Qt.Key.Key_Down and alt) or key == Qt.Key.Key_F4:
            self.show_calendar()
            return True
        steps = {
            Qt.Key.Key_Up: 1,
            Qt.Key.Key_Down: -1,
            Qt.Key.Key_PageUp: 7,
            Qt.Key.Key_PageDown: -7,
        }
        if key in steps and not alt:
            try:
                current = self.date()
                # An empty field starts at today; a date moves by the step.
                moved = current + _dt.timedelta(days=steps[key]) if current else self._today()
            except (ValueError, OverflowError):
                return False  # a half-typed date, or the end of the calendar: leave it alone
            self._set_by_user(moved)
            return True
        return False

    def show_calendar(self) -> None:
        if self.edit.isReadOnly() or not self.edit.isEnabled():
            return
        calendar = QCalendarWidget(self.edit)
        calendar.setWindowFlags(Qt.WindowType.Popup)
        calendar.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        calendar.setObjectName("datePopup")
        calendar.setAccessibleName(self.tr("Kalender"))
        calendar.setGridVisible(True)
        try:
            current = self.date() or self._today()
        except ValueError:
            current = self._today()
        calendar.setSelectedDate(QDate(current.year, current.month, current.day))
        calendar.activated.connect(lambda day: self._picked(calendar, day))
        calendar.clicked.connect(lambda day: self._picked(calendar, day))
        calendar.adjustSize()
        calendar.move(self.edit.mapToGlobal(QPoint(0, self.edit.height())))
        calendar.show()
        calendar.setFocus()
        self._calendar = calendar

    def _picked(self, calendar: QCalendarWidget, day: QDate) -> None:
        self._set_by_user(_dt.date(day.year(), day.month(), day.day()))
        calendar.close()
        self._calendar = None
        self.edit.setFocus()
