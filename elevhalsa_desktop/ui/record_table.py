"""Read-only tables of records: a pupil's plans, adjustments and investigations, the to-do list and
the school's plans. One model and one set-up, so every such list behaves alike: Enter or a
double-click opens the current row, the selection survives a reload, and a cell that needs
attention is marked in a calm red, always with words too (colour alone says nothing to a screen
reader or to someone who does not see red).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from ..domain.text import search_fold, swedish_sort_key
from .feedback import problem_color, secondary_color

#: Data role with a string that orders rows the Swedish way.
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
#: Data role with the record's key (its id), for any column.
KEY_ROLE = Qt.ItemDataRole.UserRole + 2

_ROOT = QModelIndex()
_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
#: A cell longer than this shows its whole text as a tooltip (the cell itself is one line).
_TOOLTIP_FROM = 40
#: No column grows wider than this many characters when fitted to its contents.
_WIDEST_COLUMN = 42


@dataclass(frozen=True)
class Column:
    header: str
    text: Callable[[Any], str]
    #: True for a record whose cell needs attention (an overdue follow-up, say).
    alert: Callable[[Any], bool] | None = None
    #: Defaults to the text in Swedish order; dates in ISO form sort right as they are.
    sort_key: Callable[[Any], str] | None = None


def one_line(text: str) -> str:
    return " ".join(text.split())


class RecordTableModel(QAbstractTableModel):
    def __init__(
        self,
        columns: Sequence[Column],
        key: Callable[[Any], str],
        muted: Callable[[Any], bool] | None = None,
        parent=None,
    ):
        super().__init__(parent)
        self._columns = tuple(columns)
        self._key = key
        self._muted_rule = muted
        self._records: list[Any] = []
        self._texts: list[tuple[str, ...]] = []
        self._alerts: list[tuple[bool, ...]] = []
        self._muted: list[bool] = []
        # Set by RecordTable from the view's palette.
        self.alert_colour = QColor()
        self.alert_background = QColor()
        self.muted_colour = QColor()

    def set_records(self, records: Sequence[Any]) -> None:
        self.beginResetModel()
        self._records = list(records)
        # Texts are made once per load: data() is called for every cell on every repaint.
        self._texts = [tuple(one_line(c.text(r)) for c in self._columns) for r in self._records]
        self._alerts = [
            tuple(bool(c.alert and c.alert(r)) for c in self._columns) for r in self._records
        ]
        rule = self._muted_rule
        self._muted = [bool(rule and rule(r)) for r in self._records]
        self.endResetModel()

    def record(self, row: int) -> Any:
        return self._records[row]

    def records(self) -> list[Any]:
        return list(self._records)

    def row_of(self, key: str) -> int | None:
        for row, record in enumerate(self._records):
            if self._key(record) == key:
                return row
        return None

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._columns[section].header
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        text = self._texts[row][column]
        if role == Qt.ItemDataRole.DisplayRole:
            return text
        if role == Qt.ItemDataRole.ToolTipRole:
            return (
                self._columns[column].text(self._records[row])
                if len(text) > _TOOLTIP_FROM
                else None
            )
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{self._columns[column].header}: {text}"
        if role == SORT_ROLE:
            sort_key = self._columns[column].sort_key
            record = self._records[row]
            return sort_key(record) if sort_key else swedish_sort_key(text)
        if role == KEY_ROLE:
            return self._key(self._records[row])
        if self._alerts[row][column]:
            if role == Qt.ItemDataRole.ForegroundRole:
                return self.alert_colour
            if role == Qt.ItemDataRole.BackgroundRole:
                return self.alert_background
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
        elif self._muted[row] and role == Qt.ItemDataRole.ForegroundRole:
            return self.muted_colour
        return None


class RecordTable(QObject):
    """A QTableView from a form, showing records through a RecordTableModel and a proxy."""

    #: Enter or a double-click on a row.
    open_requested = Signal()
    #: The current row changed (enable the buttons that need one).
    current_changed = Signal()

    def __init__(
        self,
        view: QTableView,
        columns: Sequence[Column],
        key: Callable[[Any], str],
        proxy: QSortFilterProxyModel | None = None,
        sortable: bool = False,
        muted: Callable[[Any], bool] | None = None,
        stretch_column: int | None = None,
        fit_rows: tuple[int, int] | None = None,
    ):
        """``muted`` rows (a closed plan, an adjustment no longer used) are shown in quieter
        text; ``stretch_column`` takes the spare width (else the last column does).

        With ``fit_rows`` (at least, at most) the table is as high as its rows within those
        bounds, and hidden while it has none: for lists stacked on one page, which then needs
        no room for empty space and scrolls as a whole, not table by table."""
        super().__init__(view)
        self.view = view
        self._stretch_column = stretch_column
        self._fit_rows = fit_rows
        self.model = RecordTableModel(columns, key, muted, self)
        self.model.alert_colour = problem_color(view)
        self.model.muted_colour = secondary_color(
            view.palette(), text_role=QPalette.ColorRole.Text, back_role=QPalette.ColorRole.Base
        )
        # A faint wash of the same red, on light themes only: on a dark one it would glare.
        base = view.palette().color(QPalette.ColorRole.Base)
        self.model.alert_background = (
            QColor("#fbeae8") if base.lightness() >= 128 else QColor(Qt.GlobalColor.transparent)
        )
        self.proxy = proxy or QSortFilterProxyModel(self)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setSortLocaleAware(False)
        self.proxy.setSourceModel(self.model)
        view.setModel(self.proxy)
        rows = view.verticalHeader()
        rows.hide()
        # Fixed heights that follow the font (and so the scale factor), as in the pupil list.
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(round(view.fontMetrics().height() * 1.7))
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # Tab leaves the table (to its buttons) instead of walking its cells.
        view.setTabKeyNavigation(False)
        view.setAlternatingRowColors(True)
        view.setWordWrap(False)
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(stretch_column is None)
        if stretch_column is not None:
            header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        view.setSortingEnabled(sortable)
        view.doubleClicked.connect(self._double_clicked)
        view.selectionModel().currentRowChanged.connect(self._current_moved)
        view.installEventFilter(self)

    def set_records(self, records: Sequence[Any]) -> None:
        """Show ``records``; the row that was current stays current if it is still there."""
        keep = self.current_key()
        self.model.set_records(records)
        self.fit_columns()
        if self._fit_rows is not None:
            self._fit_height(*self._fit_rows)
        if keep is not None:
            self.select(keep)
        self.current_changed.emit()

    def fit_columns(self) -> None:
        view = self.view
        view.resizeColumnsToContents()
        widest = view.fontMetrics().averageCharWidth() * _WIDEST_COLUMN
        header = view.horizontalHeader()
        # Room for the sort arrow, which the measurement leaves out.
        extra = view.fontMetrics().averageCharWidth() * (3 if view.isSortingEnabled() else 1)
        last = header.count() - 1 if self._stretch_column is None else self._stretch_column
        for column in range(header.count()):
            if column != last:
                header.resizeSection(column, min(header.sectionSize(column) + extra, widest))

    def _fit_height(self, least: int, most: int) -> None:
        view = self.view
        count = self.proxy.rowCount()
        view.setVisible(count > 0)
        shown = max(least, min(count, most))
        view.setFixedHeight(
            2 * view.frameWidth()
            + view.horizontalHeader().sizeHint().height()
            + shown * view.verticalHeader().defaultSectionSize()
        )

    def current_key(self) -> str | None:
        index = self.view.selectionModel().currentIndex()
        return index.data(KEY_ROLE) if index.isValid() else None

    def current(self) -> Any | None:
        index = self.view.selectionModel().currentIndex()
        if not index.isValid():
            return None
        return self.model.record(self.proxy.mapToSource(index).row())

    def select(self, key: str) -> bool:
        row = self.model.row_of(key)
        if row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            return False
        self.view.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.view.scrollTo(index)
        return True

    def row_count(self) -> int:
        return self.proxy.rowCount()

    def _current_moved(self, current: QModelIndex, _previous: QModelIndex) -> None:
        selection = self.view.selectionModel()
        if current.isValid() and not selection.isRowSelected(current.row(), QModelIndex()):
            # Tabbing into a table makes its first row current without selecting it; show it.
            selection.select(
                current,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
        self.current_changed.emit()

    def _double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_requested.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.view
            and event.type() == QEvent.Type.KeyPress
            and event.key() in _ENTER_KEYS
            and self.current() is not None
        ):
            # Handled here rather than through QAbstractItemView.activated, which macOS does
            # not send for Enter and which would also let the key reach a default button.
            self.open_requested.emit()
            return True
        return super().eventFilter(watched, event)


class WordFilterProxy(QSortFilterProxyModel):
    """Keeps the rows that ``keep`` accepts and whose search text holds every typed word (in
    any order, case and accents folded). A subclass says what a record's search text is."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._keep: Callable[[Any], bool] = lambda _record: True
        self._words: tuple[str, ...] = ()

    def set_keep(self, keep: Callable[[Any], bool]) -> None:
        self._keep = keep
        self.invalidate()

    def set_text(self, text: str) -> None:
        self._words = tuple(search_fold(text).split())
        self.invalidate()

    def search_text(self, record: Any) -> str:
        raise NotImplementedError

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:
        record = self.sourceModel().record(source_row)
        if not self._keep(record):
            return False
        if not self._words:
            return True
        haystack = search_fold(self.search_text(record))
        return all(word in haystack for word in self._words)
