"""Elever: the pupil list with search and filters, and the actions on a pupil.

The list is a PupilTableModel behind a PupilFilterProxy. After every change the rows are read
again from PupilService (the only door to the data) and the selected pupil stays selected.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QHeaderView, QWidget

from ..domain.pupil import Pupil, PupilStatus
from ..services.pupils import PupilNotFound, PupilService
from ..store.errors import CaseFileError
from .feedback import scaled_font
from .forms import load_form
from .labels import year_label
from .messages import ask_yes_no, show_error
from .pupil_dialog import start_pupil_dialog
from .pupil_table_model import (
    DEFAULT_STATUSES,
    Column,
    PupilFilterProxy,
    PupilTableModel,
)

_COLUMN_FIT_ROWS = 100
_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class PupilsView(QWidget):
    #: Show this pupil's page (the id of the pupil).
    open_requested = Signal(str)
    #: A pupil was added, changed or archived here.
    pupils_changed = Signal()
    #: One of the view's window-wide shortcuts was used while another page was showing.
    show_requested = Signal()

    def __init__(self, pupils: PupilService, parent: QWidget | None = None):
        super().__init__(parent)
        self._pupils = pupils
        form = self.form = load_form("pupils_view.ui", self)
        form.titleLabel.setText(self.tr("Elever"))
        form.titleLabel.setFont(scaled_font(form.titleLabel, 1.5, bold=True))

        self.model = PupilTableModel(self)
        self.proxy = PupilFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self._set_up_table()
        self._set_up_filters()
        self._set_up_actions()
        self.reload()
        self._fit_columns()

    # Set-up -----------------------------------------------------------------------------------
    def _set_up_table(self) -> None:
        table = self.form.tableView
        table.setModel(self.proxy)
        rows = table.verticalHeader()
        rows.hide()
        # Fixed row heights spare the header from measuring thousands of rows after each filter;
        # the height follows the font, so it grows with the scale factor.
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(round(table.fontMetrics().height() * 1.7))
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        # Column widths are measured on the first rows only, so a big register opens quickly.
        header.setResizeContentsPrecision(200)
        header.setSortIndicator(Column.FAMILY_NAME, Qt.SortOrder.AscendingOrder)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.selectionModel().selectionChanged.connect(self._update_buttons)
        table.doubleClicked.connect(self._open_index)
        table.installEventFilter(self)
        self.proxy.modelReset.connect(self._update_count)
        self.proxy.layoutChanged.connect(self._update_count)
        self.proxy.rowsInserted.connect(self._update_count)
        self.proxy.rowsRemoved.connect(self._update_count)

    def _set_up_filters(self) -> None:
        form = self.form
        form.searchEdit.setPlaceholderText(self.tr("Sök på namn, klass eller personnummer"))
        form.searchEdit.textChanged.connect(self.proxy.set_text)
        form.searchEdit.returnPressed.connect(self._search_entered)
        form.searchEdit.installEventFilter(self)
        self._status_choices = [
            (self.tr("Aktiva och flyttade"), DEFAULT_STATUSES),
            (self.tr("Aktiva"), frozenset({PupilStatus.ACTIVE})),
            (self.tr("Flyttade"), frozenset({PupilStatus.MOVED})),
            (self.tr("Arkiverade"), frozenset({PupilStatus.ARCHIVED})),
            (self.tr("Alla"), frozenset(PupilStatus)),
        ]
        for text, _statuses in self._status_choices:
            form.statusCombo.addItem(text)
        form.statusCombo.currentIndexChanged.connect(
            lambda index: self.proxy.set_statuses(self._status_choices[index][1])
        )
        form.yearCombo.currentIndexChanged.connect(
            lambda _index: self.proxy.set_year(form.yearCombo.currentData())
        )
        form.classCombo.currentIndexChanged.connect(
            lambda _index: self.proxy.set_class_name(form.classCombo.currentData())
        )

    def _set_up_actions(self) -> None:
        form = self.form
        self.new_action = self._action(self.tr("&Ny elev…"), QKeySequence.StandardKey.New)
        self.new_action.triggered.connect(self._new_from_shortcut)
        self.find_action = self._action(self.tr("&Sök elev"), QKeySequence.StandardKey.Find)
        self.find_action.triggered.connect(self._find_from_shortcut)
        form.newButton.clicked.connect(self.new_pupil)
        form.openButton.clicked.connect(self.open_selected)
        form.editButton.clicked.connect(self.edit_selected)
        form.archiveButton.clicked.connect(self.archive_selected)

    def _action(self, text: str, shortcut: QKeySequence.StandardKey) -> QAction:
        action = QAction(text, self)
        action.setShortcut(shortcut)
        # Added here so the shortcut works with the view alone (tests, a future window); the
        # main window adds the same action to its menu, which makes it work from every page.
        self.addAction(action)
        return action

    def _fit_columns(self) -> None:
        table = self.form.tableView
        # Columns are sized from a sample of rows (the visible ones and about a hundred more):
        # measuring every one of 10,000 rows costs a visible pause and gives the same widths.
        table.horizontalHeader().setResizeContentsPrecision(_COLUMN_FIT_ROWS)
        table.resizeColumnsToContents()
        # Room for the sort arrow, which the measurement leaves out.
        extra = table.fontMetrics().averageCharWidth() * 2
        header = table.horizontalHeader()
        for column in range(header.count() - 1):
            header.resizeSection(column, header.sectionSize(column) + extra)

    # Rows -----------------------------------------------------------------------------------
    def reload(self, select_id: str | None = None) -> None:
        """Read the rows again, keeping (or moving to) the selected pupil."""
        keep_id = select_id or self.selected_id()
        keep_row = self.form.tableView.currentIndex().row()
        self.model.set_rows(self._pupils.rows())
        self._refill_filter(
            self.form.yearCombo, self.tr("Alla årskurser"), self.model.years(), year_label
        )
        self._refill_filter(
            self.form.classCombo, self.tr("Alla klasser"), self.model.class_names(), str
        )
        self._select(keep_id, fallback_row=keep_row)
        self._update_count()

    def _refill_filter(
        self, combo: QComboBox, all_text: str, values: list[str], text_of: Callable[[str], str]
    ) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(all_text, None)
        for value in values:
            combo.addItem(text_of(value), value)
        index = combo.findData(current) if current is not None else 0
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)
        if combo.currentData() != current:  # the chosen value is gone: show everything again
            combo.currentIndexChanged.emit(combo.currentIndex())

    def _select(self, pupil_id: str | None, fallback_row: int = -1) -> None:
        table = self.form.tableView
        index = None
        source_row = self.model.source_row_of(pupil_id) if pupil_id else None
        if source_row is not None:
            index = self.proxy.mapFromSource(self.model.index(source_row, 0))
        if (index is None or not index.isValid()) and self.proxy.rowCount() and fallback_row >= 0:
            # The pupil left the list (archived, say): stay at the same place in the list.
            index = self.proxy.index(min(fallback_row, self.proxy.rowCount() - 1), 0)
        if index is not None and index.isValid():
            table.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            table.scrollTo(index)
        self._update_buttons()

    def selected_id(self) -> str | None:
        rows = self.form.tableView.selectionModel().selectedRows()
        return self.proxy.pupil_id(rows[0].row()) if rows else None

    def select_pupil(self, pupil_id: str) -> None:
        self._select(pupil_id)

    def _update_count(self, *_args) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        if total == 0:
            text = self.tr("Inga elever ännu. Lägg till den första med Ny elev… (Ctrl+N).")
        elif shown == 0 and total == 1:
            text = self.tr("Eleven i akten matchar inte sökningen och filtren.")
        elif shown == 0:
            text = self.tr("Ingen av de {total} eleverna matchar sökningen och filtren.").format(
                total=total
            )
        elif total == 1:
            text = self.tr("Visar 1 av 1 elev")
        else:
            text = self.tr("Visar {shown} av {total} elever").format(shown=shown, total=total)
        self.form.countLabel.setText(text)

    def _update_buttons(self, *_args) -> None:
        pupil_id = self.selected_id()
        form = self.form
        for button in (form.openButton, form.editButton):
            button.setEnabled(pupil_id is not None)
        source_row = self.model.source_row_of(pupil_id) if pupil_id else None
        archivable = (
            source_row is not None
            and self.model.pupil_row(source_row).status is not PupilStatus.ARCHIVED
        )
        form.archiveButton.setEnabled(archivable)

    # Keyboard -------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if watched is self.form.tableView and key in _ENTER_KEYS:
                self.open_selected()
                return True
            if watched is self.form.searchEdit and key == Qt.Key.Key_Down and self.proxy.rowCount():
                self._go_to_table()
                return True
        return super().eventFilter(watched, event)

    def _find_from_shortcut(self) -> None:
        self.show_requested.emit()
        self.focus_search()

    def focus_search(self) -> None:
        self.form.searchEdit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.form.searchEdit.selectAll()

    def focus_table(self) -> None:
        self.form.tableView.setFocus(Qt.FocusReason.OtherFocusReason)

    def _search_entered(self) -> None:
        if self.proxy.rowCount() == 1:
            self._select(self.proxy.pupil_id(0))
            self.open_selected()
        elif self.proxy.rowCount() > 1:
            self._go_to_table()

    def _go_to_table(self) -> None:
        if not self.form.tableView.selectionModel().selectedRows():
            self._select(self.proxy.pupil_id(0))
        self.focus_table()

    # Actions --------------------------------------------------------------------------------
    def _new_from_shortcut(self) -> None:
        self.show_requested.emit()
        self.new_pupil()

    def new_pupil(self) -> None:
        self._start_dialog(None)

    def open_selected(self, *_args) -> None:
        pupil_id = self.selected_id()
        if pupil_id:
            self.open_requested.emit(pupil_id)

    def _open_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_requested.emit(self.proxy.pupil_id(index.row()))

    def edit_selected(self) -> None:
        pupil_id = self.selected_id()
        if not pupil_id:
            return
        try:
            pupil = self._pupils.open(pupil_id)  # reading the record to edit it is a viewing
        except (PupilNotFound, CaseFileError) as error:
            show_error(self, str(error))
            self.reload()
            return
        self._start_dialog(pupil)

    def _start_dialog(self, pupil: Pupil | None) -> None:
        start_pupil_dialog(self._pupils, pupil, self, self._after_save, self._open_existing)

    def _after_save(self, saved: Pupil) -> None:
        self.reload(select_id=saved.id)
        self.pupils_changed.emit()

    def _open_existing(self, pupil_id: str) -> None:
        self._select(pupil_id)
        self.open_requested.emit(pupil_id)

    def archive_selected(self) -> None:
        pupil_id = self.selected_id()
        source_row = self.model.source_row_of(pupil_id) if pupil_id else None
        if source_row is None:
            return
        row = self.model.pupil_row(source_row)
        name = f"{row.given_name} {row.family_name}"
        if not ask_yes_no(
            self,
            self.tr("Arkivera elev"),
            self.tr(
                "Vill du arkivera {name}? Allt om eleven finns kvar i akten, också loggen. "
                "Arkiverade elever visas bara när du väljer Arkiverade eller Alla i statusfiltret. "
                "Du kan ångra det genom att ändra elevens status till Aktiv."
            ).format(name=name),
            self.tr("&Arkivera"),
            self.tr("Avbryt"),
        ):
            return
        try:
            self._pupils.archive(row.id)
        except (PupilNotFound, CaseFileError) as error:
            show_error(self, str(error))
            return
        self.reload()
        self.pupils_changed.emit()
