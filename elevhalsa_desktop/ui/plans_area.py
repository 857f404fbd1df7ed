"""Planer: every plan in the school in one list, filtered by status and by who is responsible.

The coordinator's overview of the support that is going on: which plans are active, which have
a late follow-up or none at all, and what a person holds. Plans open here in their dialog; a new
plan is written on the pupil's page, where the adjustments and investigation are beside it.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QComboBox, QWidget

from ..domain.plans import Plan, PlanStatus
from ..domain.text import search_fold, swedish_sort_key
from ..services.plans import PlanRow, PlanService
from .feedback import scaled_font, set_secondary
from .forms import load_form
from .plan_list import plan_columns, plan_is_closed
from .plan_opening import open_plan
from .record_table import KEY_ROLE, RecordTable

#: The column the list is sorted by at first: the next follow-up, the most urgent first.
_FOLLOW_UP_COLUMN = 6
_OPEN = frozenset({PlanStatus.ACTIVE, PlanStatus.DRAFT})


class PlanFilterProxy(QSortFilterProxyModel):
    """Keeps the rows whose status is chosen, whose responsible person is the one chosen (None:
    anyone), and that contain every typed word in the pupil's name, class or the title."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._statuses: frozenset[PlanStatus] = _OPEN
        self._responsible: str | None = None
        self._words: tuple[str, ...] = ()

    def set_filters(self, **criteria) -> None:
        for name, value in criteria.items():
            setattr(self, f"_{name}", value)
        # invalidate() rather than invalidateFilter(), which Qt 6.10 deprecates; its
        # replacement (beginFilterChange) is not in the older Qt versions the program supports.
        self.invalidate()

    def set_text(self, text: str) -> None:
        self.set_filters(words=tuple(search_fold(text).split()))

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:
        row: PlanRow = self.sourceModel().record(source_row)
        if row.status not in self._statuses:
            return False
        if self._responsible is not None and row.responsible != self._responsible:
            return False
        haystack = search_fold(f"{row.pupil_name}\n{row.class_name}\n{row.title}")
        return all(word in haystack for word in self._words)


class PlansArea(QWidget):
    #: Show this pupil's page (the pupil's id).
    pupil_requested = Signal(str)
    #: A plan was saved from here.
    plans_changed = Signal()

    def __init__(
        self,
        plans: PlanService,
        parent: QWidget | None = None,
        today: Callable[[], _dt.date] = _dt.date.today,
    ):
        super().__init__(parent)
        self._plans = plans
        self._today = today
        form = self.form = load_form("plans_area.ui", self)
        form.titleLabel.setText(self.tr("Planer"))
        form.titleLabel.setFont(scaled_font(form.titleLabel, 1.5, bold=True))
        set_secondary(form.introLabel)
        self.proxy = PlanFilterProxy(self)
        self.table = RecordTable(
            form.tableView,
            plan_columns(today, with_pupil=True),
            key=lambda row: row.plan_id,
            proxy=self.proxy,
            sortable=True,
            muted=plan_is_closed,
            stretch_column=3,
        )
        form.tableView.horizontalHeader().setSortIndicator(
            _FOLLOW_UP_COLUMN, Qt.SortOrder.AscendingOrder
        )
        self._status_choices = [
            (self.tr("Aktiva och utkast"), _OPEN),
            (self.tr("Aktiva"), frozenset({PlanStatus.ACTIVE})),
            (self.tr("Utkast"), frozenset({PlanStatus.DRAFT})),
            (self.tr("Avslutade"), frozenset({PlanStatus.CLOSED})),
            (self.tr("Alla"), frozenset(PlanStatus)),
        ]
        for text, _statuses in self._status_choices:
            form.statusCombo.addItem(text)
        form.statusCombo.currentIndexChanged.connect(self._status_chosen)
        form.responsibleCombo.currentIndexChanged.connect(
            lambda _index: self._filter(responsible=form.responsibleCombo.currentData())
        )
        form.searchEdit.textChanged.connect(lambda text: self._filter(text=text))
        form.searchEdit.returnPressed.connect(self._go_to_table)
        form.searchEdit.installEventFilter(self)
        self.table.open_requested.connect(self.open_selected)
        self.table.current_changed.connect(self._update_buttons)
        form.openButton.clicked.connect(self.open_selected)
        form.pupilButton.clicked.connect(self._show_pupil)
        self.reload()

    # Rows -------------------------------------------------------------------------------------
    def reload(self) -> None:
        rows = self._plans.all_plans(today=self._today())
        self.table.set_records(rows)
        self._refill_people(
            sorted({r.responsible for r in rows if r.responsible}, key=swedish_sort_key)
        )
        self._update_count()
        self._update_buttons()

    def showEvent(self, event: QShowEvent) -> None:
        # Plans change on other pages and follow-ups fall due: read them again when shown.
        self.reload()
        super().showEvent(event)

    def _refill_people(self, names: list[str]) -> None:
        combo: QComboBox = self.form.responsibleCombo
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(self.tr("Alla ansvariga"), None)
        for name in names:
            combo.addItem(name, name)
        combo.setCurrentIndex(max(combo.findData(current), 0) if current is not None else 0)
        combo.blockSignals(False)
        if combo.currentData() != current:  # the person holds nothing any more: show everyone
            self._filter(responsible=None)

    def _status_chosen(self, index: int) -> None:
        self._filter(statuses=self._status_choices[index][1])

    def _filter(self, text: str | None = None, **criteria) -> None:
        if text is not None:
            self.proxy.set_text(text)
        if criteria:
            self.proxy.set_filters(**criteria)
        self._update_count()
        self._update_buttons()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.table.model.rowCount()
        if total == 0:
            text = self.tr("Inga planer ännu.")
        elif shown == 0:
            text = self.tr("Ingen av skolans {total} planer matchar sökningen och filtren.").format(
                total=total
            )
        else:
            text = self.tr("Visar {shown} av {total} planer").format(shown=shown, total=total)
        self.form.countLabel.setText(text)

    def _update_buttons(self) -> None:
        chosen = self.table.current() is not None
        self.form.openButton.setEnabled(chosen)
        self.form.pupilButton.setEnabled(chosen)

    # Keyboard ---------------------------------------------------------------------------------
    def focus_first(self) -> None:
        self.form.searchEdit.setFocus(Qt.FocusReason.OtherFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.form.searchEdit
            and event.type() == QEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Down
            and self.proxy.rowCount()
        ):
            self._go_to_table()
            return True
        return super().eventFilter(watched, event)

    def _go_to_table(self) -> None:
        if self.proxy.rowCount() == 0:
            return
        if self.table.current() is None:
            self.table.select(self.proxy.index(0, 0).data(KEY_ROLE))
        self.form.tableView.setFocus(Qt.FocusReason.OtherFocusReason)

    # Actions ----------------------------------------------------------------------------------
    def open_selected(self) -> None:
        row: PlanRow | None = self.table.current()
        if row is not None and open_plan(self._plans, row.plan_id, self, self._saved) is None:
            self.reload()  # the plan is gone: show the list as it is now

    def _saved(self, plan: Plan) -> None:
        self.reload()
        self.table.select(plan.id)
        self.plans_changed.emit()

    def _show_pupil(self) -> None:
        row: PlanRow | None = self.table.current()
        if row is not None:
            self.pupil_requested.emit(row.pupil_id)
