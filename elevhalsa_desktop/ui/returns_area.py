"""Återgång: every pupil with an open staged return in one list, for the coordinator's weekly
look: where each pupil stands, when a session was last recorded, how many expected sessions
have nothing recorded, and whether a step's criterion is met. Enter opens the pupil's page,
where the ladder is.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

from ..services.ladder_overview import LadderOverviewService, ReturnRow
from .feedback import scaled_font, set_secondary
from .forms import load_form
from .record_table import Column, RecordTable, WordFilterProxy
from .search_to_table import SearchToTable

#: The column sorted by at first: expected sessions with nothing recorded, most first.
_MISSED_COLUMN = 4


class ReturnFilterProxy(WordFilterProxy):
    """Keeps the rows that pass the chosen filter and contain every typed word in the pupil's
    name, class or step."""

    def search_text(self, row: ReturnRow) -> str:
        return f"{row.pupil_name}\n{row.class_name}\n{row.current_setting}"


class ReturnsArea(QWidget):
    #: Show this pupil's page (the pupil's id), where the ladder is.
    open_pupil_requested = Signal(str)

    def __init__(
        self,
        overview: LadderOverviewService,
        parent: QWidget | None = None,
        today: Callable[[], _dt.date] = _dt.date.today,
    ):
        super().__init__(parent)
        self._overview = overview
        self._today = today
        form = self.form = load_form("returns_area.ui", self)
        form.titleLabel.setText(self.tr("Återgång"))
        form.titleLabel.setFont(scaled_font(form.titleLabel, 1.5, bold=True))
        set_secondary(form.introLabel)
        self.proxy = ReturnFilterProxy(self)
        self.table = RecordTable(
            form.tableView,
            self._columns(),
            key=lambda row: row.plan_id,
            proxy=self.proxy,
            sortable=True,
            stretch_column=2,
        )
        form.tableView.horizontalHeader().setSortIndicator(
            _MISSED_COLUMN, Qt.SortOrder.DescendingOrder
        )
        self._choices: list[tuple[str, Callable[[ReturnRow], bool]]] = [
            (self.tr("Alla"), lambda _row: True),
            (self.tr("Saknar registrering"), lambda row: row.missed > 0),
            (self.tr("Kriteriet uppfyllt"), lambda row: row.suggest_step_up),
        ]
        for text, _keep in self._choices:
            form.showCombo.addItem(text)
        form.showCombo.currentIndexChanged.connect(self._chosen)
        form.searchEdit.textChanged.connect(self._searched)
        SearchToTable(form.searchEdit, self.table)
        self.table.open_requested.connect(self.open_selected)
        self.table.current_changed.connect(self._update_buttons)
        form.openButton.clicked.connect(self.open_selected)
        self.reload()

    def _columns(self) -> list[Column]:
        def step(row: ReturnRow) -> str:
            if not row.step_number:
                return self.tr("Inget steg pågår")
            return self.tr("{n} av {count}: {setting}").format(
                n=row.step_number, count=row.step_count, setting=row.current_setting
            )

        return [
            Column(self.tr("Elev"), lambda r: r.pupil_name),
            Column(self.tr("Klass"), lambda r: r.class_name),
            Column(self.tr("Steg"), step),
            Column(
                self.tr("Senaste tillfälle"),
                lambda r: r.last_session_on or self.tr("inget ännu"),
                sort_key=lambda r: r.last_session_on,
            ),
            Column(
                self.tr("Saknar registrering"),
                lambda r: str(r.missed) if r.missed else "—",
                alert=lambda r: r.missed > 0,
                sort_key=lambda r: f"{r.missed:05d}",
            ),
            Column(
                self.tr("Förslag"),
                lambda r: self.tr("Kriteriet uppfyllt") if r.suggest_step_up else "",
                sort_key=lambda r: "1" if r.suggest_step_up else "0",
            ),
        ]

    # Rows -------------------------------------------------------------------------------------
    def reload(self) -> None:
        self.table.set_records(self._overview.open_returns(self._today()))
        self._update_count()
        self._update_buttons()

    def showEvent(self, event: QShowEvent) -> None:
        # Sessions are recorded on the pupils' pages and days pass: read again when shown.
        self.reload()
        super().showEvent(event)

    def _chosen(self, index: int) -> None:
        self.proxy.set_keep(self._choices[index][1])
        self._update_count()
        self._update_buttons()

    def _searched(self, text: str) -> None:
        self.proxy.set_text(text)
        self._update_count()
        self._update_buttons()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.table.model.rowCount()
        if total == 0:
            text = self.tr("Ingen elev har en pågående stegvis återgång.")
        elif shown == 0:
            text = self.tr("Ingen av {total} elever matchar sökningen och filtret.").format(
                total=total
            )
        else:
            text = self.tr("Visar {shown} av {total} elever").format(shown=shown, total=total)
        self.form.countLabel.setText(text)

    def _update_buttons(self) -> None:
        self.form.openButton.setEnabled(self.table.current() is not None)

    # Keyboard ---------------------------------------------------------------------------------
    def focus_first(self) -> None:
        self.form.searchEdit.setFocus(Qt.FocusReason.OtherFocusReason)

    def open_selected(self) -> None:
        row: ReturnRow | None = self.table.current()
        if row is not None:
            self.open_pupil_requested.emit(row.pupil_id)
