"""Audit entries as tables: a pupil's log on the pupil page (when, who, what and which fields),
and the whole log in the log check, which may hold hundreds of thousands of entries.

The log check's model holds only the ids of the entries that match, in order, and reads the
entries a page at a time as the view asks for them; a sort is a new query, not a sort of rows
in memory.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from ..domain.audit_text import PUPIL_FIELD_LABELS, detail_text, short_ids, time_text
from ..services.audit_review import LogLine, SortColumn
from ..store.audit import AuditEntry
from .labels import action_label, status_label

_ROOT = QModelIndex()
#: Data role with the entry's id, for any column of the log check.
ENTRY_ID_ROLE = Qt.ItemDataRole.UserRole + 2


def _tr(text: str) -> str:
    return QCoreApplication.translate("AuditLogModel", text)


def readable_detail(detail: str) -> str:
    """The detail in words: field names and status values as the reader knows them."""
    return detail_text(
        detail,
        field_label=lambda name: _tr(PUPIL_FIELD_LABELS.get(name, name)),
        status_label=status_label,
        changed=_tr("ändrade fält: {fields}"),
        new_status=_tr("ny status: {status}"),
    )


def readable_time(iso: str) -> str:
    return time_text(iso)


class AuditLogModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[tuple[str, str, str, str]] = []
        self._headers = (self.tr("När"), self.tr("Vem"), self.tr("Händelse"), self.tr("Detalj"))

    def set_entries(self, entries: list[AuditEntry]) -> None:
        self.beginResetModel()
        self._rows = [
            (
                readable_time(entry.at),
                entry.user_name,
                action_label(entry.action),
                readable_detail(entry.detail),
            )
            for entry in entries
        ]
        self.endResetModel()

    def rowCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if index.isValid() and role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return self._rows[index.row()][index.column()]
        return None


# The log check ---------------------------------------------------------------------------------

#: The log check's columns, in the order they are shown.
REVIEW_COLUMNS = (
    SortColumn.TIME,
    SortColumn.USER,
    SortColumn.ACTION,
    SortColumn.PUPIL,
    SortColumn.DETAIL,
)
#: Entries read at a time, and pages kept (a screenful is a few dozen rows).
PAGE_SIZE = 200
_PAGES_KEPT = 32

#: Gives the matching ids in the order asked for (column, newest or Ö first).
IdQuery = Callable[[SortColumn, bool], list[int]]


class AuditReviewModel(QAbstractTableModel):
    """The entries that match the log check's filter. ``set_query`` takes a function that
    gives their ids in a given order; ``lines`` reads the entries for some ids."""

    def __init__(self, lines: Callable[[Sequence[int]], list[LogLine]], parent=None):
        super().__init__(parent)
        self._lines = lines
        self._query: IdQuery = lambda _order, _descending: []
        self._ids: list[int] = []
        self._pages: OrderedDict[int, list[tuple[LogLine, tuple[str, ...]]]] = OrderedDict()
        self._order = SortColumn.TIME
        self._descending = True
        self._headers = (
            self.tr("När"),
            self.tr("Vem"),
            self.tr("Händelse"),
            self.tr("Elev"),
            self.tr("Detalj"),
        )

    # Filling -----------------------------------------------------------------------------------
    def set_query(self, query: IdQuery) -> None:
        """Show what ``query`` finds, in the current order."""
        self._query = query
        self.refresh()

    def refresh(self) -> None:
        """Ask again (after new entries, say), keeping the order."""
        ids = self._query(self._order, self._descending)
        self.beginResetModel()
        self._ids = ids
        self._pages.clear()
        self.endResetModel()

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(REVIEW_COLUMNS):
            return
        self._order = REVIEW_COLUMNS[column]
        self._descending = order == Qt.SortOrder.DescendingOrder
        self.refresh()

    @property
    def order(self) -> tuple[SortColumn, bool]:
        """The column the entries are ordered by and whether newest (or Ö) come first."""
        return self._order, self._descending

    @property
    def ids(self) -> list[int]:
        return list(self._ids)

    def line(self, row: int) -> LogLine:
        return self._row(row)[0]

    def _row(self, row: int) -> tuple[LogLine, tuple[str, ...]]:
        page = row // PAGE_SIZE
        rows = self._pages.get(page)
        if rows is None:
            start = page * PAGE_SIZE
            rows = [
                (line, self._texts(line))
                for line in self._lines(self._ids[start : start + PAGE_SIZE])
            ]
            self._pages[page] = rows
            if len(self._pages) > _PAGES_KEPT:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page)
        return rows[row - page * PAGE_SIZE]

    def _texts(self, line: LogLine) -> tuple[str, ...]:
        entry = line.entry
        return (
            readable_time(entry.at),
            entry.user_name,
            action_label(entry.action),
            _tr("(borttagen elev)") if line.pupil_removed else line.pupil_text,
            short_detail(entry.detail),
        )

    # The model's interface ------------------------------------------------------------------------
    def rowCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self._ids):
            return None
        if role == ENTRY_ID_ROLE:
            return self._ids[index.row()]
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        line, texts = self._row(index.row())
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == len(texts) - 1:
            return readable_detail(line.entry.detail)  # with the ids whole
        return texts[index.column()]


def short_detail(detail: str) -> str:
    """The detail in words with record ids cut to eight characters (the tooltip has them whole)."""
    return short_ids(readable_detail(detail))


class AuditReviewProxy(QSortFilterProxyModel):
    """The view's proxy over the log check's model. Sorting is passed on to the model, which
    asks the database again: sorting 100,000 rows here would ask the model for millions of
    cells, one Python call each. The proxy itself keeps the model's order."""

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        source = self.sourceModel()
        if source is not None:
            source.sort(column, order)
