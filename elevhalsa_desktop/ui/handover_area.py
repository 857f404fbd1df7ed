"""Överlämning: a year's pupils before the stage transition (year 6 → 7 by default), each with the
status of the handover note, who is working on it, where the pupil goes, and the flags the
receiving school must not miss: support in place, absence risk, staged return, protected
identity. Enter opens the pupil's note (a new one when there is none; it is created on save).

The cohort is one call to HandoverService.cohort for the year, read when the area is shown and
after a change; the class, status and text filters work on what was read, without reading
again. Printing, export and import are asked for through signals: the main window runs them.
No address is shown here, of anyone.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QMenu, QWidget

from ..domain.ews import Level
from ..domain.handover import HandoverStatus
from ..domain.pupil import YEARS
from ..domain.text import swedish_sort_key
from ..services.handover import CohortRow, HandoverService
from ..store.errors import CaseFileError
from .early_warning_parts import LevelDelegate, level_text
from .feedback import scaled_font, set_secondary
from .forms import load_form
from .handover_note_dialog import open_note, start_note, status_label
from .labels import year_label
from .messages import show_error
from .record_table import KEY_ROLE, Column, RecordTable, WordFilterProxy
from .search_to_table import SearchToTable

DEFAULT_YEAR = "6"
#: The order statuses sort in: what remains first.
STATUS_ORDER = {
    HandoverStatus.NOT_STARTED: 0,
    HandoverStatus.DRAFT: 1,
    HandoverStatus.READY: 2,
    HandoverStatus.HANDED_OVER: 3,
    HandoverStatus.RECEIVED: 4,
}
RISK_COLUMN = 6
#: Class and the flags: columns as wide as their words.
NARROW_COLUMNS = (1, 5, 6, 7, 8)
#: The cohort's statuses, as the status filter offers them.
COHORT_STATUSES = (
    HandoverStatus.NOT_STARTED,
    HandoverStatus.DRAFT,
    HandoverStatus.READY,
    HandoverStatus.HANDED_OVER,
)


class CohortFilterProxy(WordFilterProxy):
    """Keeps the rows of the chosen class and status whose name, class, responsible person or
    receiving school contains every typed word."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._class = ""

    def set_class(self, class_name: str) -> None:
        self._class = class_name
        self.invalidate()

    def search_text(self, row: CohortRow) -> str:
        return f"{row.name}\n{row.class_name}\n{row.responsible}\n{row.to_school}"

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:
        if self._class and self.sourceModel().record(source_row).class_name != self._class:
            return False
        return super().filterAcceptsRow(source_row, source_parent)


class HandoverArea(QWidget):
    #: Print the cohort's packets (year, class name or '' for the whole year).
    print_requested = Signal(str, str)
    #: Export an exchange file (year, class name or '', pupil ids: the chosen ones, [] for all).
    export_requested = Signal(str, str, list)
    #: Import an exchange file from another school.
    import_requested = Signal()
    #: Show this pupil's page on its Överlämning tab (the pupil's id).
    open_pupil_requested = Signal(str)
    #: A note was saved here (the pupil's id): a pupil page showing it may read it again.
    note_saved = Signal(str)

    def __init__(
        self,
        service: HandoverService,
        parent: QWidget | None = None,
        people: Callable[[], Sequence[str]] | None = None,
    ):
        super().__init__(parent)
        self._service = service
        self._people = people or (lambda: ())
        self._year = DEFAULT_YEAR
        self._rows: list[CohortRow] = []
        self.setAccessibleName(self.tr("Överlämning vid stadieövergång"))
        form = self.form = load_form("handover_area.ui", self)
        form.titleLabel.setFont(scaled_font(form.titleLabel, 1.5, bold=True))
        set_secondary(form.introLabel)
        form.searchEdit.setClearButtonEnabled(True)
        # The classes are filled in when the cohort is read: the combo grows to fit them.
        form.classCombo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for year in YEARS:
            form.yearCombo.addItem(year_label(year), year)
        form.yearCombo.setCurrentIndex(form.yearCombo.findData(DEFAULT_YEAR))
        self._choices: list[tuple[str, Callable[[CohortRow], bool]]] = [
            (self.tr("Alla"), lambda _row: True),
            (self.tr("Återstår"), lambda row: row.remaining),
            *(
                (status_label(status), lambda row, s=status: row.status is s)
                for status in COHORT_STATUSES
            ),
        ]
        for text, _keep in self._choices:
            form.statusCombo.addItem(text)
        form.statusCombo.setItemData(
            1, self.tr("Inte påbörjade och utkast"), Qt.ItemDataRole.ToolTipRole
        )

        self.proxy = CohortFilterProxy(self)
        self.table = RecordTable(
            form.tableView,
            self._columns(),
            key=lambda row: row.pupil_id,
            proxy=self.proxy,
            sortable=True,
            muted=lambda row: row.status is HandoverStatus.HANDED_OVER,
            stretch_column=4,
        )
        view = form.tableView
        # Several pupils can be chosen for an exchange file (Ctrl or Shift and click).
        view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        view.setItemDelegateForColumn(RISK_COLUMN, LevelDelegate(self._level_at, view))
        view.horizontalHeader().setSortIndicator(1, Qt.SortOrder.AscendingOrder)
        SearchToTable(form.searchEdit, self.table)
        self._build_actions()
        form.yearCombo.currentIndexChanged.connect(self._year_chosen)
        form.classCombo.currentIndexChanged.connect(self._class_chosen)
        form.statusCombo.currentIndexChanged.connect(self._status_chosen)
        form.searchEdit.textChanged.connect(self._searched)
        self.table.open_requested.connect(self.open_selected)
        self.table.current_changed.connect(self._update_buttons)
        view.customContextMenuRequested.connect(self._context_menu)
        self._update_buttons()
        # Nothing is read until the area is shown: an area never visited costs nothing.

    def _columns(self) -> list[Column]:
        def flag(on: bool) -> str:
            return self.tr("Ja") if on else ""

        return [
            Column(self.tr("Elev"), lambda r: r.name, sort_key=self._name_key),
            Column(
                self.tr("Klass"),
                lambda r: r.class_name or "—",
                sort_key=lambda r: f"{swedish_sort_key(r.class_name)}\n{self._name_key(r)}",
            ),
            Column(
                self.tr("Status"),
                lambda r: status_label(r.status),
                sort_key=lambda r: f"{STATUS_ORDER[r.status]}{self._name_key(r)}",
            ),
            Column(self.tr("Ansvarig"), lambda r: r.responsible),
            Column(self.tr("Mottagande skola"), lambda r: r.to_school),
            Column(
                self.tr("Stöd"),
                lambda r: flag(r.has_support),
                sort_key=lambda r: f"{int(not r.has_support)}{self._name_key(r)}",
            ),
            Column(
                self.tr("Frånvarorisk"),
                lambda r: level_text(r.absence_risk),
                sort_key=lambda r: f"{9 - int(r.absence_risk)}{self._name_key(r)}",
            ),
            Column(
                self.tr("Stegvis\nåtergång"),
                lambda r: flag(r.staged_return),
                sort_key=lambda r: f"{int(not r.staged_return)}{self._name_key(r)}",
            ),
            Column(
                self.tr("Skyddad\nidentitet"),
                lambda r: flag(r.protected_identity),
                sort_key=lambda r: f"{int(not r.protected_identity)}{self._name_key(r)}",
            ),
        ]

    @staticmethod
    def _name_key(row: CohortRow) -> str:
        """Family name, then given name, the Swedish way (as the service orders them)."""
        family = row.name.split(" ", 1)[-1]
        return f"{swedish_sort_key(family)}\n{swedish_sort_key(row.name)}"

    def _build_actions(self) -> None:
        form = self.form
        for button, keys, slot in (
            (form.printButton, QKeySequence.StandardKey.Print, self.print_cohort),
            (form.exportButton, QKeySequence("Ctrl+E"), self.show_export_menu),
            (form.importButton, QKeySequence("Ctrl+I"), self.import_requested.emit),
        ):
            action = QAction(button.accessibleName(), self)
            action.setShortcut(keys)
            # Only while the area has the focus: other areas may use the same keys.
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.addAction(action)
            button.clicked.connect(slot)
        self.export_menu = QMenu(self)
        self.export_menu.setAccessibleName(self.tr("Exportera överlämningsfil"))
        self.export_all_action = self.export_menu.addAction("")
        self.export_all_action.triggered.connect(self.export_all)
        self.export_selected_action = self.export_menu.addAction("")
        self.export_selected_action.triggered.connect(self.export_selected)
        form.openButton.clicked.connect(self.open_selected)
        form.pupilButton.clicked.connect(self.show_pupil)
        self.open_action = QAction(self.tr("Öppna överlämning…"), self)
        self.open_action.triggered.connect(self.open_selected)
        self.pupil_action = QAction(self.tr("Visa elevens sida"), self)
        self.pupil_action.triggered.connect(self.show_pupil)

    # Rows -------------------------------------------------------------------------------------
    @property
    def year(self) -> str:
        return self._year

    @property
    def class_name(self) -> str:
        return self.form.classCombo.currentData() or ""

    def rows(self) -> list[CohortRow]:
        return list(self._rows)

    def refresh(self) -> None:
        """Read the cohort again (after a save, an import, a new day). While the area is hidden
        this only notes that it must: it reads when it is shown."""
        if not self.isVisible():
            return
        try:
            # One quick query (a few milliseconds for a school's year): no thread needed.
            rows = self._service.cohort(self._year)
        except CaseFileError as error:
            show_error(self, str(error))
            return
        self._rows = rows
        self._fill_classes()
        self.table.set_records(rows)
        self._fit_narrow_columns()
        self._update_count()
        self._update_buttons()

    def _fit_narrow_columns(self) -> None:
        """The class and the flags are short: their columns as wide as their words (the header's
        usual allowance for the sort arrow is generous), so the receiving school gets the room."""
        view = self.form.tableView
        header = view.horizontalHeader()
        metrics = header.fontMetrics()
        for column in NARROW_COLUMNS:
            words = self.table.model.headerData(column, Qt.Orientation.Horizontal)
            text = max(metrics.horizontalAdvance(line) for line in words.split("\n"))
            width = max(text, view.sizeHintForColumn(column)) + round(metrics.height() * 1.8)
            header.resizeSection(column, width)

    def showEvent(self, event: QShowEvent) -> None:
        # Notes are written on the pupils' pages and pupils move between classes: read again.
        super().showEvent(event)
        self.refresh()

    def _fill_classes(self) -> None:
        combo = self.form.classCombo
        keep = combo.currentData() or ""
        classes = sorted({r.class_name for r in self._rows if r.class_name}, key=swedish_sort_key)
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(self.tr("Alla klasser"), "")
        for name in classes:
            combo.addItem(name, name)
        combo.setCurrentIndex(max(combo.findData(keep), 0))
        combo.blockSignals(False)
        self.proxy.set_class(combo.currentData() or "")

    def _year_chosen(self, index: int) -> None:
        self._year = self.form.yearCombo.itemData(index)
        self.form.classCombo.setCurrentIndex(0)  # the classes are the new year's
        self.refresh()

    def _class_chosen(self, _index: int) -> None:
        self.proxy.set_class(self.class_name)
        self._update_count()
        self._update_buttons()

    def _status_chosen(self, index: int) -> None:
        self.proxy.set_keep(self._choices[index][1])
        self._update_count()
        self._update_buttons()

    def _searched(self, text: str) -> None:
        self.proxy.set_text(text)
        self._update_count()
        self._update_buttons()

    def cohort_rows(self) -> list[CohortRow]:
        """The rows of the chosen year and class, whatever the status and text filters."""
        class_name = self.class_name
        return [r for r in self._rows if not class_name or r.class_name == class_name]

    def _update_count(self) -> None:
        cohort = self.cohort_rows()
        total = len(cohort)
        where = (
            self.tr("klass {name}").format(name=self.class_name)
            if self.class_name
            else year_label(self._year).lower()
        )
        if total == 0:
            text = self.tr("Inga aktiva elever i {where}.").format(where=where)
        else:
            remaining = sum(1 for r in cohort if r.remaining)
            text = self.tr("{remaining} av {total} återstår").format(
                remaining=remaining, total=total
            )
            shown = self.proxy.rowCount()
            if shown != total:
                text += " · " + self.tr("visar {shown}").format(shown=shown)
        self.form.countLabel.setText(text)

    def _update_buttons(self) -> None:
        form = self.form
        current = self.table.current()
        form.openButton.setEnabled(current is not None)
        form.pupilButton.setEnabled(current is not None)
        self.open_action.setEnabled(current is not None)
        self.pupil_action.setEnabled(current is not None)
        has_cohort = bool(self.cohort_rows())
        form.printButton.setEnabled(has_cohort)
        form.exportButton.setEnabled(has_cohort)

    def _level_at(self, index: QModelIndex) -> Level | None:
        source = self.proxy.mapToSource(index)
        return self.table.model.record(source.row()).absence_risk if source.isValid() else None

    def _context_menu(self, position: QPoint) -> None:
        view = self.form.tableView
        index = view.indexAt(position)
        if index.isValid() and not view.selectionModel().isRowSelected(index.row(), QModelIndex()):
            self.table.select(index.data(KEY_ROLE))
        if self.table.current() is None:
            return
        menu = QMenu(self)
        menu.setAccessibleName(self.tr("Vad du kan göra för eleven"))
        menu.addActions([self.open_action, self.pupil_action])
        menu.popup(view.viewport().mapToGlobal(position))

    # Acting -----------------------------------------------------------------------------------
    def focus_first(self) -> None:
        self.form.searchEdit.setFocus(Qt.FocusReason.OtherFocusReason)

    def open_selected(self):
        """Open the current pupil's note (an audited reading), or a new one when there is
        none. Returns the dialog (None when nothing is chosen or the note is gone)."""
        row: CohortRow | None = self.table.current()
        if row is None:
            return None
        name = f"{row.name}, {row.class_name}" if row.class_name else row.name
        people = list(self._people())
        if row.note_id:
            dialog = open_note(self._service, row.note_id, self, self._saved, name, people)
            if dialog is None:  # gone since the list was read
                self.refresh()
            return dialog
        return start_note(self._service, row.pupil_id, self, self._saved, name, people)

    def show_pupil(self) -> None:
        row: CohortRow | None = self.table.current()
        if row is not None:
            self.open_pupil_requested.emit(row.pupil_id)

    def _saved(self, note) -> None:
        self.refresh()
        self.table.select(note.pupil_id)
        self.note_saved.emit(note.pupil_id)

    def selected_pupil_ids(self) -> list[str]:
        """The chosen rows' pupils, in the order shown."""
        rows = sorted(self.form.tableView.selectionModel().selectedRows(), key=lambda i: i.row())
        return [index.data(KEY_ROLE) for index in rows]

    def print_cohort(self) -> None:
        if self.cohort_rows():
            self.print_requested.emit(self._year, self.class_name)

    def show_export_menu(self) -> None:
        """Export the whole cohort or the chosen pupils: the menu says how many each is."""
        cohort, chosen = len(self.cohort_rows()), len(self.selected_pupil_ids())
        if not cohort:
            return
        self.export_all_action.setText(
            self.tr("Hela kohorten ({n} elever)…").format(n=cohort)
            if not self.class_name
            else self.tr("Hela klassen ({n} elever)…").format(n=cohort)
        )
        self.export_selected_action.setText(
            self.tr("Markerade elever ({n})…").format(n=chosen)
            if chosen != 1
            else self.tr("Markerad elev (1)…")
        )
        self.export_selected_action.setEnabled(chosen > 0)
        button = self.form.exportButton
        self.export_menu.popup(button.mapToGlobal(QPoint(0, button.height())))

    def export_all(self) -> None:
        self.export_requested.emit(self._year, self.class_name, [])

    def export_selected(self) -> None:
        chosen = self.selected_pupil_ids()
        if chosen:
            self.export_requested.emit(self._year, self.class_name, chosen)
