"""The Kolumner step of an import: which column of the file holds which field, what the file's
status words mean, and how long a lesson is.

The page starts from the mapping remembered for files with the same header, or else from the
importer's guess, and says which. What keeps the mapping from being used is shown in words under
the columns; Nästa waits until there is nothing left.
"""

from __future__ import annotations

import contextlib
import itertools
import json
from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QWidget,
)

from ..importers.mapping import (
    PUPIL_FIELDS,
    ColumnMapping,
    Field,
    Status,
    attendance_problems,
    distinct_values,
    guess_attendance,
    guess_roster,
    guess_status_words,
    header_key,
    roster_problems,
    status_key,
)
from ..importers.tables import Table
from ..services.attendance_import import AttendanceImportService
from ..store.errors import CaseFileError
from .background import BackgroundTask
from .feedback import prepare_problem_label, set_secondary, show_notice, show_problem
from .forms import load_form
from .import_sources import ImportKind

PREVIEW_ROWS = 4
_ROOT = QModelIndex()
#: The status words are looked for in this many rows; a word seen only later is a skipped row.
WORD_ROWS = 50_000

_LESSON_FIELDS = (Field.DATE, Field.LESSON_START, Field.LESSON_END)
_PRESENCE_FIELDS = (
    Field.STATUS,
    Field.OFFERED,
    Field.ATTENDED,
    Field.EXCUSED,
    Field.UNEXCUSED,
    Field.LATE_MINUTES,
)
_BY_STATUS = (Field.STATUS, Field.OFFERED, Field.LATE_MINUTES)
_BY_MINUTES = (
    Field.OFFERED,
    Field.ATTENDED,
    Field.EXCUSED,
    Field.UNEXCUSED,
    Field.LATE_MINUTES,
)
_ROSTER_PUPIL = (*PUPIL_FIELDS, Field.YEAR, Field.MENTOR, Field.PROTECTED)
_GUARDIANS = (
    Field.GUARDIAN1_NAME,
    Field.GUARDIAN1_PHONE,
    Field.GUARDIAN1_EMAIL,
    Field.GUARDIAN2_NAME,
    Field.GUARDIAN2_PHONE,
    Field.GUARDIAN2_EMAIL,
)


class RowsModel(QAbstractTableModel):
    """A few rows of text under the file's own headers: the preview of the file."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._headers: list[str] = []
        self._rows: list[list[str]] = []

    def set_rows(self, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
        self.beginResetModel()
        self._headers = list(headers)
        self._rows = [list(row) for row in rows]
        self.endResetModel()

    def rowCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._headers[section]
        return str(section + 1)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        text = self._rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return text
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{self._headers[index.column()]}: {text}"
        return None


class ColumnsPage(QWidget):
    #: The mapping changed: Nästa may have become possible or impossible.
    changed = Signal()

    def __init__(
        self, kind: ImportKind, mappings: AttendanceImportService, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.kind = kind
        self._mappings = mappings
        self.form = load_form("import_columns.ui", self)
        form = self.form
        self._table: Table | None = None
        self._combos: dict[Field, QComboBox] = {}
        self._groups: list[QGroupBox] = []
        self._presence_form: QFormLayout | None = None
        self._presence_holder: QWidget | None = None
        self._word_combos: dict[str, QComboBox] = {}
        self._words: list[str] | None = None  # the status column's words, once read
        self._words_column = ""
        self._meanings: dict[str, Status] = {}  # by status_key, kept across columns
        self._words_tasks: list[BackgroundTask] = []
        self._filling = False
        self._reading_problem = ""
        self._model = RowsModel(self)
        table = form.previewTable
        table.setModel(self._model)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setTabKeyNavigation(False)
        table.setWordWrap(False)
        table.horizontalHeader().setHighlightSections(False)
        rows = table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(round(table.fontMetrics().height() * 1.6))
        prepare_problem_label(form.problemLabel)
        set_secondary(form.lessonHint)
        form.rememberedLabel.hide()
        form.attendanceGroup.setVisible(kind is ImportKind.ATTENDANCE)
        form.minutesRadio.setChecked(True)
        form.minutesRadio.toggled.connect(self._mode_chosen)
        form.lessonSpin.valueChanged.connect(lambda _v: self._edited())
        form.nameCombo.lineEdit().setPlaceholderText(
            self.tr("till exempel Skola24 närvaro")
            if kind is ImportKind.ATTENDANCE
            else self.tr("till exempel Elevlista från IST")
        )
        form.nameCombo.lineEdit().setMaxLength(80)
        form.nameCombo.lineEdit().setAccessibleName(form.nameCombo.accessibleName())
        form.nameCombo.activated.connect(self._named_mapping_chosen)

    # The file ---------------------------------------------------------------------------------
    def set_table(self, table: Table) -> None:
        """Show ``table`` and start from the remembered mapping for its header, or a guess."""
        self._table = table
        self._reading_problem = ""
        self._words_column, self._words = "", None  # the words of another file mean nothing here
        self._model.set_rows(table.headers, table.preview(PREVIEW_ROWS))
        view = self.form.previewTable
        view.resizeColumnsToContents()
        widest = view.fontMetrics().averageCharWidth() * 30
        for column in range(self._model.columnCount()):
            view.setColumnWidth(column, min(view.columnWidth(column), widest))
        view.setFixedHeight(
            2 * view.frameWidth()
            + view.horizontalHeader().sizeHint().height()
            + max(self._model.rowCount(), 1) * view.verticalHeader().defaultSectionSize()
            + view.horizontalScrollBar().sizeHint().height()
        )
        self._build_fields(table.headers)
        self._fill_names()
        remembered = self._remembered()
        missing: list[str] = []
        if remembered is not None:
            missing = self.apply_mapping(remembered)
            note = self.tr("Kolumnvalen från förra gången används.")
            if remembered.name:
                note = self.tr("Kolumnvalen från förra gången används ({name}).").format(
                    name=remembered.name
                )
            if missing:
                note += " " + self.tr(
                    "Kolumnen {columns} finns inte i den här filen; välj den på nytt."
                ).format(columns=", ".join(f"'{m}'" for m in missing))
            show_notice(self.form.rememberedLabel, note)
        else:
            self.apply_mapping(self._guess(table))
            self.form.rememberedLabel.setStyleSheet("")
            self.form.rememberedLabel.setText(
                self.tr(
                    "Kolumnerna är gissade utifrån rubrikerna i filen. Kontrollera dem och "
                    "ändra där det behövs."
                )
            )
            set_secondary(self.form.rememberedLabel)
            self.form.rememberedLabel.show()

    def header_key(self) -> str:
        return header_key(self._table.headers) if self._table is not None else ""

    def _guess(self, table: Table) -> ColumnMapping:
        if self.kind is ImportKind.ATTENDANCE:
            return guess_attendance(table.headers, table.preview(PREVIEW_ROWS))
        return guess_roster(table.headers)

    def _remembered(self) -> ColumnMapping | None:
        try:
            stored = self._mappings.mapping_for_header(self.header_key())
        except CaseFileError:
            return None  # a mapping is a convenience: without it the guess is shown
        return self._from_stored(stored)

    @staticmethod
    def _from_stored(stored: dict | None) -> ColumnMapping | None:
        if not stored:
            return None
        try:
            return ColumnMapping.from_json(json.dumps(stored))
        except ValueError:
            return None

    def _fill_names(self) -> None:
        combo = self.form.nameCombo
        text = combo.currentText()
        combo.clear()
        with contextlib.suppress(CaseFileError):  # the names are a convenience only
            combo.addItems(self._mappings.mapping_names())
        combo.setCurrentIndex(-1)
        combo.setEditText(text)

    def _named_mapping_chosen(self, index: int) -> None:
        name = self.form.nameCombo.itemText(index)
        try:
            mapping = self._from_stored(self._mappings.mapping_named(name))
        except CaseFileError:
            mapping = None
        if mapping is None or self._table is None:
            return
        missing = self.apply_mapping(mapping)
        note = self.tr("Kolumnvalen {name} används.").format(name=name)
        if missing:
            note += " " + self.tr(
                "Kolumnen {columns} finns inte i den här filen; välj den på nytt."
            ).format(columns=", ".join(f"'{m}'" for m in missing))
        show_notice(self.form.rememberedLabel, note)

    # The field combos -------------------------------------------------------------------------
    def _build_fields(self, headers: Sequence[str]) -> None:
        form = self.form
        for group in self._groups:
            group.setParent(None)
            group.deleteLater()
        self._groups.clear()
        self._combos.clear()
        if self._presence_form is not None:
            holder = self._presence_holder
            form.attendanceLayout.removeWidget(holder)
            holder.setParent(None)
            holder.deleteLater()
            self._presence_form = None
        if self.kind is ImportKind.ATTENDANCE:
            self._add_group(form.leftColumn, self.tr("Eleven"), PUPIL_FIELDS, headers)
            self._add_group(form.leftColumn, self.tr("Lektionen"), _LESSON_FIELDS, headers)
            holder = QWidget()
            holder.setObjectName("presenceFields")
            layout = QFormLayout(holder)
            layout.setContentsMargins(0, 4, 0, 4)
            layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            for f in _PRESENCE_FIELDS:
                layout.addRow(QLabel(self.tr(f.label) + ":"), self._combo(f, headers))
            form.attendanceLayout.insertWidget(2, holder)
            self._presence_holder = holder
            self._presence_form = layout
        else:
            self._add_group(form.leftColumn, self.tr("Eleven"), _ROSTER_PUPIL, headers)
            self._add_group(form.rightColumn, self.tr("Vårdnadshavare"), _GUARDIANS, headers)
        for column in (form.leftColumn, form.rightColumn):
            if not self._has_stretch(column):
                column.addStretch(1)
                self._stretched.add(column.objectName())

    def _has_stretch(self, layout) -> bool:
        # Remembered rather than asked of the layout: wrapping layout.itemAt() in Python leaves
        # stale item wrappers that a later widget at the same address is mistaken for.
        if not hasattr(self, "_stretched"):
            self._stretched: set[str] = set()
        return layout.objectName() in self._stretched

    def _add_group(self, column, title: str, fields: Sequence[Field], headers) -> None:
        group = QGroupBox(title)
        layout = QFormLayout(group)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for f in fields:
            layout.addRow(QLabel(self.tr(f.label) + ":"), self._combo(f, headers))
        # Before the stretch at the end, if there is one.
        index = column.count() - 1 if self._has_stretch(column) else column.count()
        if column is self.form.rightColumn:
            index = column.indexOf(self.form.attendanceGroup)
            index = index if index >= 0 else column.count()
        column.insertWidget(index, group)
        self._groups.append(group)

    def _combo(self, f: Field, headers: Sequence[str]) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(f"{f.value}Combo")
        combo.setAccessibleName(self.tr("Kolumn för {field}").format(field=self.tr(f.label)))
        combo.addItem(self.tr("(ingen)"), "")
        for header in headers:
            combo.addItem(header, header)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(14)
        combo.currentIndexChanged.connect(lambda _i, f=f: self._column_chosen(f))
        self._combos[f] = combo
        return combo

    def combo(self, f: Field) -> QComboBox:
        return self._combos[f]

    def apply_mapping(self, mapping: ColumnMapping) -> list[str]:
        """Show ``mapping`` in the combos; returns the remembered headers the file lacks."""
        table = self._table
        missing: list[str] = []
        self._filling = True
        try:
            for f, combo in self._combos.items():
                header = mapping.columns.get(f)
                index = 0
                if header:
                    try:
                        index = table.column(header) + 1
                    except KeyError:
                        missing.append(header)
                combo.setCurrentIndex(index)
            self._meanings.update(
                {status_key(word): meaning for word, meaning in mapping.status_words.items()}
            )
            self.form.lessonSpin.setValue(mapping.lesson_minutes)
            if self.kind is ImportKind.ATTENDANCE:
                by_status = Field.STATUS in mapping.columns
                self.form.statusRadio.setChecked(by_status)
                self.form.minutesRadio.setChecked(not by_status)
            if mapping.name:
                self.form.nameCombo.setEditText(mapping.name)
        finally:
            self._filling = False
        self._show_mode()
        self._status_column_changed()
        self._edited()
        return missing

    def by_status(self) -> bool:
        return self.kind is ImportKind.ATTENDANCE and self.form.statusRadio.isChecked()

    def _visible_fields(self) -> list[Field]:
        if self.kind is ImportKind.ROSTER:
            return [*_ROSTER_PUPIL, *_GUARDIANS]
        presence = _BY_STATUS if self.by_status() else _BY_MINUTES
        return [*PUPIL_FIELDS, *_LESSON_FIELDS, *presence]

    def _mode_chosen(self, _checked: bool) -> None:
        if self._filling:
            return
        self._show_mode()
        self._status_column_changed()
        self._edited()

    def _show_mode(self) -> None:
        form = self.form
        by_status = self.by_status()
        if self._presence_form is not None:
            shown = _BY_STATUS if by_status else _BY_MINUTES
            for row, f in enumerate(_PRESENCE_FIELDS):
                self._presence_form.setRowVisible(row, f in shown)
        for widget in (form.statusWordsLabel, form.lessonLabel, form.lessonSpin, form.lessonHint):
            widget.setVisible(by_status)
        self._chain_tab_order()

    def _column_chosen(self, f: Field) -> None:
        if self._filling:
            return
        if f is Field.STATUS:
            self._status_column_changed()
        self._edited()

    # Status words -----------------------------------------------------------------------------
    def _status_column_changed(self) -> None:
        column = self._chosen(Field.STATUS) if self.by_status() else ""
        if column == self._words_column and (self._words is not None or not column):
            self._show_words()
            return
        self._words_column = column
        self._words = None
        if column and self._table is not None:
            self._read_words(column)
        self._show_words()

    def _read_words(self, column: str) -> None:
        table = self._table
        task = BackgroundTask(lambda _progress: distinct_values(table, column, max_rows=WORD_ROWS))
        task.succeeded.connect(lambda words, column=column: self._words_read(column, words))
        task.failed.connect(lambda error, column=column: self._words_failed(column, error))
        self._words_tasks.append(task)
        task.ended.connect(lambda task=task: self._words_tasks.remove(task))
        task.start()

    def tasks(self) -> list[BackgroundTask]:
        """The status-word readings still running (the dialog silences them when it closes)."""
        return list(self._words_tasks)

    def _words_read(self, column: str, words: list[str]) -> None:
        if column != self._words_column:
            return  # the user chose another column meanwhile
        guessed = guess_status_words(words)
        for word in words:
            if status_key(word) not in self._meanings and word in guessed:
                self._meanings[status_key(word)] = guessed[word]
        self._words = words
        self._show_words()
        self._edited()

    def _words_failed(self, column: str, error: Exception) -> None:
        if column != self._words_column:
            return
        self._words = []
        self._reading_problem = str(error)
        self._show_words()
        self._edited()

    def words_ready(self) -> bool:
        return not self.by_status() or not self._words_column or self._words is not None

    def _show_words(self) -> None:
        form = self.form
        layout: QFormLayout = form.statusWordsLayout
        while layout.rowCount():
            layout.removeRow(0)
        self._word_combos.clear()
        if not self.by_status():
            self._chain_tab_order()
            return
        if not self._words_column:
            form.statusWordsLabel.setText(
                self.tr("Välj statuskolumnen ovan, så visas orden som står i den.")
            )
        elif self._words is None:
            form.statusWordsLabel.setText(self.tr("Orden i statuskolumnen läses…"))
        elif not self._words:
            form.statusWordsLabel.setText(self.tr("Statuskolumnen är tom."))
        else:
            form.statusWordsLabel.setText(self.tr("Vad betyder orden i statuskolumnen?"))
            for word in self._words:
                layout.addRow(QLabel(word + ":"), self._word_combo(word))
        self._chain_tab_order()

    def _word_combo(self, word: str) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(self.tr("Vad ordet {word} betyder").format(word=word))
        combo.addItem(self.tr("(välj)"), "")
        for status in Status:
            combo.addItem(self.tr(status.label), status.value)
        meaning = self._meanings.get(status_key(word))
        combo.setCurrentIndex(combo.findData(meaning.value) if meaning else 0)
        combo.currentIndexChanged.connect(lambda _i, w=word: self._word_chosen(w))
        self._word_combos[word] = combo
        return combo

    def word_combo(self, word: str) -> QComboBox:
        return self._word_combos[word]

    def status_words(self) -> list[str]:
        return list(self._words or [])

    def _word_chosen(self, word: str) -> None:
        value = self._word_combos[word].currentData()
        if value:
            self._meanings[status_key(word)] = Status(value)
        else:
            self._meanings.pop(status_key(word), None)
        self._edited()

    # The result -------------------------------------------------------------------------------
    def _chosen(self, f: Field) -> str:
        combo = self._combos.get(f)
        return (combo.currentData() or "") if combo is not None else ""

    def mapping(self) -> ColumnMapping:
        columns = {f: self._chosen(f) for f in self._visible_fields() if self._chosen(f)}
        words: dict[str, Status] = {}
        if self.by_status():
            for word in self._words or []:
                meaning = self._meanings.get(status_key(word))
                if meaning is not None:
                    words[word] = meaning
        return ColumnMapping(
            name=" ".join(self.form.nameCombo.currentText().split()),
            columns=columns,
            status_words=words,
            lesson_minutes=self.form.lessonSpin.value(),
        )

    def problems(self) -> dict[str, str]:
        if self._table is None:
            return {}
        mapping = self.mapping()
        headers = self._table.headers
        if self.kind is ImportKind.ROSTER:
            return roster_problems(mapping, headers)
        words = self._words if self.by_status() and self._words is not None else None
        return attendance_problems(mapping, headers, words)

    def is_complete(self) -> bool:
        return self._table is not None and self.words_ready() and not self.problems()

    def show_reading_problem(self, sentence: str) -> None:
        """A reason the file could not be read with these columns (shown until the next edit)."""
        self._reading_problem = sentence
        self._show_problems()

    def _edited(self) -> None:
        if self._filling:
            return
        self._reading_problem = ""
        self._show_problems()
        self.changed.emit()

    def _show_problems(self) -> None:
        problems = self.problems()
        for f, combo in self._combos.items():
            combo.setAccessibleDescription(problems.get(f.value, ""))
        self.form.lessonSpin.setAccessibleDescription(problems.get("lesson_minutes", ""))
        sentences = [self.tr(p) for p in dict.fromkeys(problems.values())]
        if self._reading_problem:
            sentences.insert(0, self._reading_problem)
        label = self.form.problemLabel
        if sentences:
            show_problem(label, "\n".join(f"• {s}" for s in sentences))
        else:
            label.clear()
            label.hide()

    def problem_text(self) -> str:
        label = self.form.problemLabel
        return label.text() if not label.isHidden() else ""

    # Keyboard ---------------------------------------------------------------------------------
    def _chain_tab_order(self) -> None:
        form = self.form
        chain: list[QWidget] = [form.previewTable]
        left = [*PUPIL_FIELDS, *_LESSON_FIELDS] if self.kind is ImportKind.ATTENDANCE else []
        if self.kind is ImportKind.ROSTER:
            left = [*_ROSTER_PUPIL, *_GUARDIANS]
        chain += [self._combos[f] for f in left if f in self._combos]
        if self.kind is ImportKind.ATTENDANCE:
            chain += [form.minutesRadio, form.statusRadio]
            chain += [self._combos[f] for f in _PRESENCE_FIELDS if f in self._combos]
            chain += list(self._word_combos.values())
            chain.append(form.lessonSpin)
        chain.append(form.nameCombo)
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def focus_first(self) -> None:
        first = next(iter(self._combos.values()), None)
        (first or self.form.previewTable).setFocus()
