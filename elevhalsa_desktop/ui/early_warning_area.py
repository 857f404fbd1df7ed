"""Närvaro: the early-warning view. Every pupil whose absence, or a pattern in it, needs
attention for the chosen period, the most worrying first, with the reasons in words and the
last eight weeks as a small line. From a row, one step to act: the pupil's page, an absence
investigation (started with the reasons filled in, or the open one), or a new plan.

Everything comes from one call to EarlyWarningService.warnings, so the list stays quick with a
whole school in it. It is read again whenever the area is shown, and after an import
(``refresh``).
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QShowEvent
from PySide6.QtWidgets import QMenu, QWidget

from ..domain.ews import Level, PupilWarning, Window, percent_text
from ..services.absence_investigations import AbsenceInvestigationService
from ..services.early_warning import EarlyWarningService
from ..services.plans import PlanService
from .absence_investigation_dialog import open_investigation, start_investigation
from .attendance_window_chooser import AttendanceWindowChooser
from .early_warning_parts import (
    LevelDelegate,
    TrendDelegate,
    level_text,
    number_key,
    trend_text,
)
from .feedback import scaled_font, set_secondary
from .forms import load_form
from .line_length import readable_width
from .record_table import KEY_ROLE, Column, RecordTable, WordFilterProxy
from .search_to_table import SearchToTable

LEVEL_COLUMN = 0
FIRST_FIGURE_COLUMN = 3
TREND_COLUMN = 8


def change_short(value: float | None) -> str:
    """The change in percentage points, signed: "+9", "−3", "±0"."""
    if value is None:
        return "–"
    sign = "+" if value > 0 else "−" if value < 0 else "±"
    return f"{sign}{abs(value):.0f}"


class WarningFilterProxy(WordFilterProxy):
    """Keeps the rows whose pupil's name or class contains every typed word."""

    def search_text(self, row: PupilWarning) -> str:
        return f"{row.name}\n{row.class_name}"


class EarlyWarningArea(QWidget):
    #: Show this pupil's page on its Närvaro tab (the pupil's id).
    open_pupil_requested = Signal(str)
    #: Start a new plan for this pupil (the pupil's id), on the pupil's Planer tab.
    new_plan_requested = Signal(str)
    #: An absence investigation was saved here (Att göra may change).
    investigation_saved = Signal()

    def __init__(
        self,
        ews: EarlyWarningService,
        investigations: AbsenceInvestigationService,
        plans: PlanService | None = None,
        parent: QWidget | None = None,
        today: Callable[[], _dt.date] = _dt.date.today,
    ):
        super().__init__(parent)
        self._ews = ews
        self._investigations = investigations
        self._plans = plans
        self._window: Window | None = None
        self._warnings: list[PupilWarning] = []
        self._rank: dict[str, int] = {}
        self.setAccessibleName(self.tr("Närvaro och tidig varning"))
        form = self.form = load_form("early_warning_area.ui", self)
        form.titleLabel.setText(self.tr("Närvaro"))
        form.titleLabel.setFont(scaled_font(form.titleLabel, 1.5, bold=True))
        set_secondary(form.introLabel)
        form.emptyLabel.setText(
            self.tr(
                "Ingen närvaro är importerad än. Välj Arkiv → Importera närvaro… och läs in en "
                "fil från skolans system; sedan visas här de elever vars frånvaro behöver "
                "uppmärksammas."
            )
        )
        readable_width(form.emptyLabel)
        form.detailLabel.setTextFormat(Qt.TextFormat.PlainText)
        form.detailLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.chooser = AttendanceWindowChooser(today=today)
        form.chooserHolder.layout().addWidget(self.chooser)
        QWidget.setTabOrder(self.chooser.form.toEdit, form.includeGreenCheck)

        self.proxy = WarningFilterProxy(self)
        self.table = RecordTable(
            form.tableView,
            self._columns(),
            key=lambda w: w.pupil_id,
            proxy=self.proxy,
            sortable=True,
        )
        view = form.tableView
        view.setItemDelegateForColumn(LEVEL_COLUMN, LevelDelegate(self._level_at, view))
        view.setItemDelegateForColumn(TREND_COLUMN, TrendDelegate(self._trend_at, view))
        view.horizontalHeader().setSortIndicator(LEVEL_COLUMN, Qt.SortOrder.DescendingOrder)
        SearchToTable(form.searchEdit, self.table)
        self._build_actions()
        self.chooser.changed.connect(self._window_chosen)
        form.includeGreenCheck.toggled.connect(lambda _on: self.refresh())
        form.searchEdit.textChanged.connect(self._searched)
        self.table.open_requested.connect(self.open_selected)
        self.table.current_changed.connect(self._update_buttons)
        view.customContextMenuRequested.connect(self._context_menu)
        # Nothing is read until the area is shown: an area never visited costs nothing.

    def _columns(self) -> list[Column]:
        return [
            Column(
                self.tr("Nivå"),
                lambda w: level_text(w.level),
                # The service's order (worst first) within a level, whatever else is sorted.
                sort_key=lambda w: f"{int(w.level)}{99_999 - self._rank.get(w.pupil_id, 0):05d}",
            ),
            Column(self.tr("Elev"), lambda w: w.name),
            Column(self.tr("Klass"), lambda w: w.class_name or "—"),
            Column(
                self.tr("Frånvaro"),
                lambda w: percent_text(w.figures.total_percent),
                sort_key=lambda w: number_key(w.figures.total_percent),
            ),
            Column(
                self.tr("Giltig"),
                lambda w: percent_text(w.figures.excused_percent),
                sort_key=lambda w: number_key(w.figures.excused_percent),
            ),
            Column(
                self.tr("Ogiltig"),
                lambda w: percent_text(w.figures.unexcused_percent),
                sort_key=lambda w: number_key(w.figures.unexcused_percent),
            ),
            Column(
                self.tr("Förändring\n(p.e.)"),
                lambda w: change_short(w.figures.change),
                sort_key=lambda w: number_key(w.figures.change),
            ),
            Column(
                self.tr("Längst i rad\n(dagar)"),
                lambda w: str(w.figures.longest_run) if w.figures.longest_run else "–",
                sort_key=lambda w: f"{w.figures.longest_run:05d}",
            ),
            Column(
                self.tr("Trend\n8 veckor"),
                lambda w: trend_text(w.trend),
                sort_key=lambda w: number_key(
                    next((t for t in reversed(w.trend) if t is not None), None)
                ),
            ),
            Column(self.tr("Skäl"), lambda w: w.reason_text or "—"),
        ]

    def _build_actions(self) -> None:
        form = self.form
        self.open_action = QAction(self.tr("Öppna elev"), self)
        self.open_action.triggered.connect(self.open_selected)
        self.investigation_action = QAction(self.tr("Starta frånvaroutredning…"), self)
        self.investigation_action.triggered.connect(self.investigate_selected)
        self.plan_action = QAction(self.tr("Ny plan…"), self)
        self.plan_action.triggered.connect(self.new_plan_for_selected)
        form.openButton.clicked.connect(self.open_selected)
        form.investigationButton.clicked.connect(self.investigate_selected)
        form.planButton.clicked.connect(self.new_plan_for_selected)

    # The cells that are drawn ------------------------------------------------------------------
    def _warning_at(self, index: QModelIndex) -> PupilWarning | None:
        source = self.proxy.mapToSource(index)
        return self.table.model.record(source.row()) if source.isValid() else None

    def _level_at(self, index: QModelIndex) -> Level | None:
        warning = self._warning_at(index)
        return warning.level if warning else None

    def _trend_at(self, index: QModelIndex):
        warning = self._warning_at(index)
        return warning.trend if warning else ()

    # Rows -------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the warnings again (after an import, a change of thresholds, or a new day).
        While the area is hidden this waits: it reads them whenever it is shown."""
        if not self.isVisible():
            return
        window = self.chooser.resolve(self._ews) or self._window
        if window is None:  # a period of one's own that cannot be used, from the start
            window = self._ews.window()
        self._show(window)

    def showEvent(self, event: QShowEvent) -> None:
        # Imports, plans and investigations change elsewhere, and days pass: read again.
        super().showEvent(event)
        self.refresh()

    def _window_chosen(self) -> None:
        window = self.chooser.resolve(self._ews)
        if window is not None:  # a period that cannot be used changes nothing on screen
            self._show(window)

    def _show(self, window: Window) -> None:
        self._window = window
        form = self.form
        has_attendance = self._ews.has_attendance()
        warnings = self._ews.warnings(window, include_green=form.includeGreenCheck.isChecked())
        self._warnings = warnings
        self._rank = {w.pupil_id: rank for rank, w in enumerate(warnings)}
        self.table.set_records(warnings)
        self._fit_figure_columns()
        form.emptyLabel.setVisible(not has_attendance)
        # Signals from the case file itself (a late follow-up) can be listed without attendance.
        form.contentsPanel.setVisible(has_attendance or bool(warnings))
        self._update_count()
        self._update_buttons()

    def _fit_figure_columns(self) -> None:
        """The figures are short: their columns as wide as their words, so the reasons get the
        room (the header's usual allowance for the sort arrow is generous)."""
        view = self.form.tableView
        header = view.horizontalHeader()
        metrics = header.fontMetrics()
        for column in range(FIRST_FIGURE_COLUMN, TREND_COLUMN):
            words = self.table.model.headerData(column, Qt.Orientation.Horizontal)
            text = max(metrics.horizontalAdvance(line) for line in words.split("\n"))
            width = max(text, view.sizeHintForColumn(column)) + round(metrics.height() * 1.8)
            header.resizeSection(column, width)
        view.resizeColumnToContents(TREND_COLUMN)

    @property
    def window(self) -> Window | None:
        """The period the list shows."""
        return self._window

    def warnings(self) -> list[PupilWarning]:
        return list(self._warnings)

    def _searched(self, text: str) -> None:
        self.proxy.set_text(text)
        self._update_count()
        self._update_buttons()

    def _update_count(self) -> None:
        counts = Counter(w.level for w in self._warnings)
        words = {
            Level.RED: (self.tr("röd"), self.tr("röda")),
            Level.YELLOW: (self.tr("gul"), self.tr("gula")),
            Level.GREEN: (self.tr("grön"), self.tr("gröna")),
            Level.NO_DATA: (self.tr("utan närvarodata"), self.tr("utan närvarodata")),
        }
        parts = [
            f"{counts[level]} {words[level][0] if counts[level] == 1 else words[level][1]}"
            for level in (Level.RED, Level.YELLOW, Level.GREEN, Level.NO_DATA)
            if counts[level]
        ]
        attention = counts[Level.RED] + counts[Level.YELLOW]
        total = len(self._warnings)
        phrase = self._window.phrase if self._window else ""
        if self.form.includeGreenCheck.isChecked() and total:
            text = self.tr("{n} elever {phrase}: {parts}").format(
                n=total, phrase=phrase, parts=", ".join(parts)
            )
        elif not attention:
            text = self.tr("Ingen elev behöver uppmärksamhet {phrase}.").format(phrase=phrase)
        else:
            text = (
                self.tr("1 elev behöver uppmärksamhet: {parts}")
                if attention == 1
                else self.tr("{n} elever behöver uppmärksamhet: {parts}")
            ).format(n=attention, parts=", ".join(p for p in parts))
        shown = self.proxy.rowCount()
        if shown != total:
            text += " " + self.tr("(sökningen visar {shown})").format(shown=shown)
        self.form.countLabel.setText(text)

    def _update_buttons(self) -> None:
        form = self.form
        current: PupilWarning | None = self.table.current()
        for widget in (form.openButton, form.investigationButton, form.planButton):
            widget.setEnabled(current is not None)
        for action in (self.open_action, self.investigation_action, self.plan_action):
            action.setEnabled(current is not None)
        if current is None:
            form.detailLabel.setText(
                self.tr(
                    "Välj en elev för att se alla skäl. Enter öppnar elevens sida; "
                    "menyknappen eller högerklick visar vad du kan göra."
                )
            )
        else:
            who = f"{current.name}, {current.class_name}" if current.class_name else current.name
            form.detailLabel.setText(f"{who}: {current.reason_text}")
        if current is not None and current.open_investigation:
            form.investigationButton.setText(self.tr("Öppna f&rånvaroutredning…"))
            form.investigationButton.setAccessibleName(self.tr("Öppna frånvaroutredning"))
            self.investigation_action.setText(self.tr("Öppna frånvaroutredning…"))
        else:
            form.investigationButton.setText(self.tr("Starta f&rånvaroutredning…"))
            form.investigationButton.setAccessibleName(self.tr("Starta frånvaroutredning"))
            self.investigation_action.setText(self.tr("Starta frånvaroutredning…"))

    def _context_menu(self, position: QPoint) -> None:
        view = self.form.tableView
        index = view.indexAt(position)
        if index.isValid():
            self.table.select(index.data(KEY_ROLE))
        if self.table.current() is None:
            return
        menu = QMenu(self)
        menu.setAccessibleName(self.tr("Vad du kan göra för eleven"))
        menu.addActions([self.open_action, self.investigation_action, self.plan_action])
        menu.popup(view.viewport().mapToGlobal(position))

    # Acting -----------------------------------------------------------------------------------
    def focus_first(self) -> None:
        self.form.searchEdit.setFocus(Qt.FocusReason.OtherFocusReason)

    def open_selected(self) -> None:
        current: PupilWarning | None = self.table.current()
        if current is not None:
            self.open_pupil_requested.emit(current.pupil_id)

    def new_plan_for_selected(self) -> None:
        current: PupilWarning | None = self.table.current()
        if current is not None:
            self.new_plan_requested.emit(current.pupil_id)

    def investigate_selected(self):
        """Open the pupil's open investigation, or start one with the reasons filled in.
        Returns the dialog (None when nothing is selected or the record is gone)."""
        current: PupilWarning | None = self.table.current()
        if current is None:
            return None
        people = self._plans.responsible_people() if self._plans else ()
        name = f"{current.name}, {current.class_name}" if current.class_name else current.name
        if current.open_investigation:
            return open_investigation(
                self._investigations, current.open_investigation, self, self._saved, name, people
            )
        return start_investigation(
            self._investigations,
            current.pupil_id,
            self.reason_for(current),
            self,
            self._saved,
            name,
            people,
        )

    def reason_for(self, warning: PupilWarning) -> str:
        """What was noticed, as the new investigation starts with it: the reasons and when."""
        window = self._window
        if window is None:
            return warning.reason_text
        return self.tr("{reasons} (tidig varning för {start} – {end})").format(
            reasons=warning.reason_text, start=window.start.isoformat(), end=window.end.isoformat()
        )

    def _saved(self, investigation) -> None:
        self.refresh()
        self.table.select(investigation.pupil_id)
        self.investigation_saved.emit()
