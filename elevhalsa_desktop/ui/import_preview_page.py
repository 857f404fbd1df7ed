"""The Förhandsgranskning step: what the import will do, before anything is written.

Counts in words at the top; below, on tabs, what the user confirms (pupils recognised only by
name and class, and for a class list the changes to known pupils, each with what changes), the
new pupils, the pupils the case file does not have, and the rows that cannot be read.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QWidget

from ..domain.pupil import YEAR_LABELS
from ..importers.records import PupilRef, Skipped
from ..services.attendance_import import AttendancePreview
from ..services.pupil_matching import ref_key
from ..services.roster_import import RosterItem, RosterPreview
from .feedback import NOTICE_STYLE, set_secondary, show_notice
from .forms import load_form
from .record_table import Column, RecordTable

KEY_ROLE = Qt.ItemDataRole.UserRole + 10


def _tr(text: str) -> str:
    return QCoreApplication.translate("import_preview", text)


@dataclass(frozen=True)
class UnknownPupil:
    name: str
    class_name: str
    rows: int


@dataclass
class ReadOutcome:
    """What the reading step hands to the preview: the service's preview and, for attendance,
    the pupils of the file that the case file does not have."""

    preview: AttendancePreview | RosterPreview
    unknown: list[UnknownPupil] = field(default_factory=list)
    #: Rows that could not be read; None when the count is not known exactly (SS 12000).
    unread: int | None = None


def unknown_pupils(preview: AttendancePreview) -> list[UnknownPupil]:
    """The file's pupils without a match, with how many of the file's records are theirs."""
    result = preview.result
    per_ref = Counter(r.pupil for r in (*result.attendance, *result.periods, *result.absences))
    by_key: dict[str, tuple[PupilRef, int]] = {}
    for ref, count in per_ref.items():
        key = ref_key(ref)
        if preview.matches.get(key) is not None:
            continue
        first, before = by_key.get(key, (ref, 0))
        by_key[key] = (first, before + count)
    unknown = [
        UnknownPupil(_ref_name(ref), ref.class_name, count) for ref, count in by_key.values()
    ]
    return sorted(unknown, key=lambda u: (u.name.casefold(), u.class_name))


def _ref_name(ref: PupilRef) -> str:
    name = ref.full_name or f"{ref.given_name} {ref.family_name}".strip()
    if name:
        return name
    if ref.external_id:
        return _tr("Elev-id {id}").format(id=ref.external_id)
    return _tr("(bara personnummer i filen)")


def _skipped_columns() -> list[Column]:
    return [
        Column(_tr("Fil"), lambda s: s.source),
        # By file, then line: the order of the files themselves.
        Column(
            _tr("Rad"), lambda s: str(s.line), sort_key=lambda s: f"{s.source}\x00{s.line:012d}"
        ),
        Column(_tr("Kolumn"), lambda s: s.field or "–"),
        Column(_tr("Orsak"), lambda s: s.reason),
    ]


def skipped_table(view) -> RecordTable:
    def key(s: Skipped) -> str:
        return f"{s.source}:{s.line}:{s.field}"

    table = RecordTable(view, _skipped_columns(), key, sortable=True, stretch_column=3)
    view.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    return table


def count_text(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def rows_text(n: int) -> str:
    return count_text(n, _tr("rad"), _tr("rader"))


def pupils_text(n: int) -> str:
    return count_text(n, _tr("elev"), _tr("elever"))


def _year(code: str) -> str:
    return YEAR_LABELS.get(code, code) or "–"


class PreviewPage(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.form = load_form("import_preview.ui", self)
        form = self.form
        self._model = QStandardItemModel(self)
        tree = form.confirmTree
        tree.setModel(self._model)
        tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        tree.setUniformRowHeights(True)
        tree.setWordWrap(False)
        self._skipped = skipped_table(form.skippedTable)
        self._new = RecordTable(
            form.newTable,
            [
                Column(_tr("Namn"), lambda i: i.name),
                Column(_tr("Klass"), lambda i: i.pupil.class_name or "–"),
                Column(_tr("Årskurs"), lambda i: _year(i.pupil.year)),
                Column(_tr("Rad i filen"), lambda i: f"{i.record.source} rad {i.record.line}"),
            ],
            lambda i: i.key,
            sortable=True,
            stretch_column=0,
        )
        self._unknown = RecordTable(
            form.unknownTable,
            [
                Column(_tr("Namn i filen"), lambda u: u.name),
                Column(_tr("Klass"), lambda u: u.class_name or "–"),
                Column(_tr("Rader"), lambda u: str(u.rows), sort_key=lambda u: f"{u.rows:012d}"),
            ],
            lambda u: f"{u.name}|{u.class_name}",
            sortable=True,
            stretch_column=0,
        )
        # The tabs take the room; without any, the spacer at the end does.
        form.pageLayout.setStretchFactor(form.tabs, 1)
        form.newTable.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        form.unknownTable.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        set_secondary(form.confirmHint)
        set_secondary(form.unknownHint)
        form.noticeLabel.hide()
        form.checkAllButton.clicked.connect(lambda: self._check_all(True))
        form.checkNoneButton.clicked.connect(lambda: self._check_all(False))
        self._outcome: ReadOutcome | None = None

    # Showing ----------------------------------------------------------------------------------
    def show_outcome(self, outcome: ReadOutcome) -> None:
        self._outcome = outcome
        self.show_notice("")
        preview = outcome.preview
        self._model.clear()
        # Changes hang under a class-list pupil; name matches of attendance stand alone.
        self.form.confirmTree.setRootIsDecorated(isinstance(preview, RosterPreview))
        if isinstance(preview, RosterPreview):
            self._show_roster(preview)
        else:
            self._show_attendance(preview, outcome)
        form = self.form
        form.confirmTree.expandAll()
        if self._model.rowCount():
            form.confirmTree.setCurrentIndex(self._model.index(0, 0))
        self._set_tab(form.confirmTab, _tr("&Bekräfta ({n})"), self._model.rowCount())
        visible = [form.tabs.isTabVisible(i) for i in range(form.tabs.count())]
        form.tabs.setVisible(any(visible))
        first = next((i for i, shown in enumerate(visible) if shown), -1)
        if first >= 0:
            form.tabs.setCurrentIndex(first)

    def _set_tab(self, tab: QWidget, title: str, count: int) -> None:
        tabs = self.form.tabs
        index = tabs.indexOf(tab)
        tabs.setTabText(index, title.format(n=count))
        tabs.setTabVisible(index, count > 0)

    def _show_attendance(self, preview: AttendancePreview, outcome: ReadOutcome) -> None:
        form = self.form
        result = preview.result
        lines = [
            _tr("{rows} lästa ur {files}.").format(
                rows=rows_text(result.rows_read), files=", ".join(preview.sources)
            ),
            _tr("{pupils} känns igen på personnummer eller elev-id ({rows}).").format(
                pupils=pupils_text(preview.matched_pupils), rows=rows_text(preview.matched_rows)
            ),
        ]
        if preview.name_matches:
            rows = sum(m.rows for m in preview.name_matches)
            lines.append(
                _tr(
                    "{pupils} känns bara igen på namn och klass ({rows}): importeras bara om du "
                    "bekräftar."
                ).format(pupils=pupils_text(len(preview.name_matches)), rows=rows_text(rows))
            )
        if preview.unknown_pupils:
            lines.append(
                _tr("{pupils} finns inte i akten; {rows} hoppas över.").format(
                    pupils=pupils_text(preview.unknown_pupils),
                    rows=rows_text(preview.unknown_rows),
                )
            )
        unread = outcome.unread if outcome.unread is not None else len(result.skipped)
        if unread:
            lines.append(
                _tr("{rows} går inte att läsa och hoppas över.").format(rows=rows_text(unread))
            )
        if result.periods or result.absences:
            lines.append(
                _tr(
                    "Dessutom {periods} med summerad närvaro och {absences} med anmäld frånvaro."
                ).format(
                    periods=count_text(len(result.periods), _tr("period"), _tr("perioder")),
                    absences=count_text(len(result.absences), _tr("tillfälle"), _tr("tillfällen")),
                )
            )
        if not preview.record_count:
            lines.append(_tr("Det finns ingen närvaro att importera i filerna."))
        form.summaryLabel.setText("\n".join(lines))
        form.confirmHint.setText(
            _tr(
                "De här eleverna känns bara igen på namn och klass. Markera dem som är rätt "
                "elev; deras rader importeras bara då."
            )
        )
        for match in preview.name_matches:
            text = _tr("{file} i filen → {name}, {class_name} i akten, {rows}").format(
                file=match.file_name,
                name=match.pupil_name,
                class_name=match.class_name or "–",
                rows=rows_text(match.rows),
            )
            self._model.appendRow(self._checkable(text, match.key, checked=False))
        self._skipped.set_records(result.skipped)
        self._set_tab(form.skippedTab, _tr("&Hoppas över ({n})"), len(result.skipped))
        self._unknown.set_records(outcome.unknown)
        self._set_tab(form.unknownTab, _tr("&Okända elever ({n})"), len(outcome.unknown))
        self._set_tab(form.newTab, _tr("&Nya elever ({n})"), 0)

    def _show_roster(self, preview: RosterPreview) -> None:
        form = self.form
        unchanged = preview.unchanged + len(preview.quiet)
        lines = [
            _tr("{rows} lästa ur {files}.").format(
                rows=rows_text(preview.result.rows_read), files=", ".join(preview.sources)
            ),
            _tr("Nya elever som läggs till: {n}.").format(n=len(preview.new)),
        ]
        if preview.changed:
            lines.append(
                _tr("Elever i akten med ändrade uppgifter i filen: {n}.").format(
                    n=len(preview.changed)
                )
            )
        if preview.name_matches:
            lines.append(
                _tr(
                    "Elever som bara känns igen på namn och klass: {n}. De ändras bara om du "
                    "bekräftar dem."
                ).format(n=len(preview.name_matches))
            )
        lines.append(_tr("Oförändrade elever: {n}.").format(n=unchanged))
        if preview.skipped:
            lines.append(_tr("{rows} hoppas över.").format(rows=rows_text(len(preview.skipped))))
        form.summaryLabel.setText("\n".join(lines))
        form.confirmHint.setText(
            _tr(
                "Ändringarna av elever som redan finns i akten görs bara för de markerade. "
                "Elever som bara känns igen på namn och klass är inte markerade från början."
            )
        )
        for item in preview.changed:
            self._model.appendRow(self._roster_item(item, by_name=False))
        for item in preview.name_matches:
            self._model.appendRow(self._roster_item(item, by_name=True))
        self._new.set_records(preview.new)
        self._set_tab(form.newTab, _tr("&Nya elever ({n})"), len(preview.new))
        self._skipped.set_records(preview.skipped)
        self._set_tab(form.skippedTab, _tr("&Hoppas över ({n})"), len(preview.skipped))
        self._set_tab(form.unknownTab, _tr("&Okända elever ({n})"), 0)

    def _roster_item(self, item: RosterItem, by_name: bool) -> QStandardItem:
        if by_name:
            text = _tr("{file} i filen → {name}, {class_name} i akten (bara namn och klass)")
        else:
            text = _tr("{name}, {class_name} (känd på {matched_by})")
        row = self._checkable(
            text.format(
                file=item.record.pupil.display,
                name=item.name,
                class_name=item.pupil.class_name or "–",
                matched_by=item.matched_by,
            ),
            item.key,
            checked=not by_name,
        )
        for change in item.changes or (_tr("Inga ändringar av det som syns i elevens uppgifter."),):
            child = QStandardItem(change)
            child.setEditable(False)
            row.appendRow(child)
        return row

    @staticmethod
    def _checkable(text: str, key: str, checked: bool) -> QStandardItem:
        item = QStandardItem(text)
        item.setEditable(False)
        item.setCheckable(True)
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        item.setData(key, KEY_ROLE)
        item.setToolTip(text)
        return item

    def show_notice(self, text: str) -> None:
        show_notice(self.form.noticeLabel, text, NOTICE_STYLE)

    # Choosing ---------------------------------------------------------------------------------
    def _items(self) -> list[QStandardItem]:
        return [self._model.item(row) for row in range(self._model.rowCount())]

    def _check_all(self, checked: bool) -> None:
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        for item in self._items():
            item.setCheckState(state)

    def set_checked(self, key: str, checked: bool) -> None:
        for item in self._items():
            if item.data(KEY_ROLE) == key:
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def confirm_texts(self) -> list[str]:
        return [item.text() for item in self._items()]

    def confirmed_keys(self) -> set[str]:
        return {
            item.data(KEY_ROLE)
            for item in self._items()
            if item.checkState() == Qt.CheckState.Checked
        }

    def focus_first(self) -> None:
        form = self.form
        if form.tabs.isVisible() and form.tabs.currentWidget() is form.confirmTab:
            form.confirmTree.setFocus()
        elif form.tabs.isVisible():
            form.tabs.currentWidget().setFocus()
