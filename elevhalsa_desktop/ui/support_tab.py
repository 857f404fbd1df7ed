"""The Planer tab of a pupil's page: the pupil's plans, extra adjustments and investigations.

Three kinds kept apart, as the law keeps them apart (see domain/plans.py): each has its own list
and its own buttons. Every list is read again from PlanService after a change here.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QGroupBox, QWidget

from ..domain.plans import Adjustment, Investigation, Plan, PlanKind, PlanStatus
from ..domain.pupil import Pupil
from ..services.plans import PlanService
from .adjustment_dialog import AdjustmentDialog
from .feedback import set_secondary
from .forms import load_form
from .investigation_dialog import InvestigationDialog
from .labels import plan_label
from .plan_list import plan_columns, plan_is_closed
from .plan_opening import open_plan, start_plan_dialog
from .record_dialog import RecordDialog, start_dialog
from .record_table import Column, RecordTable

#: Each list shows all its rows up to this many before it scrolls (at least one).
_ROWS = (1, 8)


def add_print_shortcut(group: QGroupBox, click: Callable[[], None]) -> None:
    """Ctrl+P in ``group`` runs ``click``: it prints what the focus is in, and each section of a
    tab has its own, so they never compete."""
    action = QAction(group.tr("Skriv ut"), group)
    action.setShortcut(QKeySequence.StandardKey.Print)
    action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    action.triggered.connect(click)
    group.addAction(action)


class SupportTab(QWidget):
    #: A plan, adjustment or investigation of this pupil was saved here.
    changed = Signal()
    #: Print a record: kind is "plan", "investigation" or "adjustments" (the list of the pupil's
    #: adjustments, whose id is then the pupil's id).
    print_requested = Signal(str, str)
    #: Something here wrote to the audit log (a plan opened or a record saved).
    logged = Signal()

    def __init__(
        self,
        plans: PlanService,
        pupil: Pupil,
        parent: QWidget | None = None,
        today: Callable[[], _dt.date] = _dt.date.today,
    ):
        super().__init__(parent)
        self._plans = plans
        self._pupil = pupil
        self._today = today
        self.setAccessibleName(self.tr("Planer för {name}").format(name=pupil.full_name))
        form = self.form = load_form("support_tab.ui", self)
        for count in (form.plansCount, form.adjustmentsCount, form.investigationsCount):
            set_secondary(count)
        # The sections sit on the tab's white page rather than on the scroll area's grey.
        form.scrollArea.viewport().setAutoFillBackground(False)
        form.scrollContents.setAutoFillBackground(False)
        # Every list here is as high as its rows (see RecordTable) and takes spare width in its
        # longest text column: the title, how the adjustment went, the reasoning.
        self.plan_table = RecordTable(
            form.plansTable,
            plan_columns(today, with_pupil=False),
            key=lambda row: row.plan_id,
            muted=plan_is_closed,
            stretch_column=1,
            fit_rows=_ROWS,
        )
        self.adjustment_table = self._record_table(
            form.adjustmentsTable, self._adjustment_columns(), 4, lambda item: not item.in_use
        )
        self.investigation_table = self._record_table(
            form.investigationsTable, self._investigation_columns(), 3
        )
        self._connect()
        self.reload()

    @staticmethod
    def _record_table(view, columns: list[Column], stretch: int, muted=None) -> RecordTable:
        return RecordTable(
            view,
            columns,
            key=lambda item: item.id,
            muted=muted,
            stretch_column=stretch,
            fit_rows=_ROWS,
        )

    def _adjustment_columns(self) -> list[Column]:
        return [
            Column(self.tr("Anpassning"), lambda a: a.what),
            Column(self.tr("Ämnen och situationer"), lambda a: a.subjects),
            Column(self.tr("Sedan"), lambda a: a.since or "—", sort_key=lambda a: a.since),
            Column(self.tr("Av vem"), lambda a: a.by_whom),
            Column(self.tr("Hur det har gått"), lambda a: a.how_it_went),
            Column(self.tr("Används"), lambda a: self.tr("Ja") if a.in_use else self.tr("Nej")),
        ]

    def _investigation_columns(self) -> list[Column]:
        return [
            Column(self.tr("Datum"), lambda i: i.investigated_on or "—"),
            Column(self.tr("Slutsats"), lambda i: plan_label(i.conclusion)),
            Column(self.tr("Ansvarig"), lambda i: i.responsible),
            Column(self.tr("Motivering"), lambda i: i.conclusion_text),
        ]

    def _connect(self) -> None:
        form = self.form
        form.newPlanButton.clicked.connect(lambda: self.new_plan(PlanKind.HANDLINGSPLAN))
        form.newProgrammeButton.clicked.connect(lambda: self.new_plan(PlanKind.ATGARDSPROGRAM))
        form.openPlanButton.clicked.connect(self.open_selected_plan)
        self.plan_table.open_requested.connect(self.open_selected_plan)
        form.newAdjustmentButton.clicked.connect(self.new_adjustment)
        form.editAdjustmentButton.clicked.connect(self.edit_selected_adjustment)
        self.adjustment_table.open_requested.connect(self.edit_selected_adjustment)
        form.newInvestigationButton.clicked.connect(self.new_investigation)
        form.openInvestigationButton.clicked.connect(self.open_selected_investigation)
        self.investigation_table.open_requested.connect(self.open_selected_investigation)
        for table in (self.plan_table, self.adjustment_table, self.investigation_table):
            table.current_changed.connect(self._update_buttons)
        for group, button in (
            (form.plansGroup, form.printPlanButton),
            (form.adjustmentsGroup, form.printAdjustmentsButton),
            (form.investigationsGroup, form.printInvestigationButton),
        ):
            add_print_shortcut(group, button.click)
        form.printPlanButton.clicked.connect(self._print_plan)
        form.printAdjustmentsButton.clicked.connect(
            lambda: self.print_requested.emit("adjustments", self._pupil.id)
        )
        form.printInvestigationButton.clicked.connect(self._print_investigation)

    def sizeHint(self) -> QSize:
        # Ask for room for every list as it is, so the page's splitter gives the lists the
        # height and not the facts above them; the scroll area takes over when there is less.
        contents = self.form.scrollContents.sizeHint()
        return QSize(contents.width(), contents.height() + self.fontMetrics().height())

    # Lists ------------------------------------------------------------------------------------
    @property
    def pupil_id(self) -> str:
        return self._pupil.id

    def reload(self) -> None:
        pupil_id = self._pupil.id
        plans = self._plans.all_plans(pupil_id, today=self._today())
        adjustments = self._plans.adjustments(pupil_id)
        investigations = self._plans.investigations(pupil_id)
        self.plan_table.set_records(plans)
        self.adjustment_table.set_records(adjustments)
        self.investigation_table.set_records(investigations)
        self._show_counts(plans, adjustments, investigations)
        self._update_buttons()

    def _show_counts(self, plans, adjustments, investigations) -> None:
        form = self.form
        active = sum(1 for row in plans if row.status is PlanStatus.ACTIVE)
        if not plans:
            form.plansCount.setText(self.tr("Inga planer ännu."))
        else:
            form.plansCount.setText(
                self.tr("{plans}, {active}").format(
                    plans=self._count(len(plans), self.tr("plan"), self.tr("planer")),
                    active=self._count(active, self.tr("aktiv"), self.tr("aktiva")),
                )
            )
        in_use = sum(1 for item in adjustments if item.in_use)
        if not adjustments:
            form.adjustmentsCount.setText(self.tr("Inga extra anpassningar ännu."))
        else:
            form.adjustmentsCount.setText(
                self.tr("{adjustments}, {in_use} används").format(
                    adjustments=self._count(
                        len(adjustments), self.tr("anpassning"), self.tr("anpassningar")
                    ),
                    in_use=in_use,
                )
            )
        form.investigationsCount.setText(
            self._count(len(investigations), self.tr("utredning"), self.tr("utredningar"))
            if investigations
            else self.tr("Ingen utredning ännu.")
        )

    @staticmethod
    def _count(n: int, one: str, many: str) -> str:
        return f"{n} {one if n == 1 else many}"

    def _update_buttons(self) -> None:
        form = self.form
        has_plan = self.plan_table.current() is not None
        form.openPlanButton.setEnabled(has_plan)
        form.printPlanButton.setEnabled(has_plan)
        form.editAdjustmentButton.setEnabled(self.adjustment_table.current() is not None)
        form.printAdjustmentsButton.setEnabled(self.adjustment_table.row_count() > 0)
        has_investigation = self.investigation_table.current() is not None
        form.openInvestigationButton.setEnabled(has_investigation)
        form.printInvestigationButton.setEnabled(has_investigation)

    def focus_first(self) -> None:
        self.form.plansTable.setFocus(Qt.FocusReason.OtherFocusReason)

    # Plans ------------------------------------------------------------------------------------
    def new_plan(self, kind: PlanKind) -> None:
        start_plan_dialog(
            self._plans, self._plans.new_plan(self._pupil.id, kind), self, self._plan_saved
        )

    def open_selected_plan(self) -> None:
        row = self.plan_table.current()
        if row is not None:
            self.open_plan(row.plan_id)

    def open_plan(self, plan_id: str) -> None:
        """Open the plan in its dialog (the reading is logged); from here, Att göra or the
        school's list of plans."""
        self.plan_table.select(plan_id)
        dialog = open_plan(self._plans, plan_id, self, self._plan_saved)
        self.logged.emit()
        if dialog is None:  # the plan is gone: show the list as it is now
            self.reload()

    def _plan_saved(self, plan: Plan) -> None:
        self._saved(self.plan_table, plan.id)

    def _saved(self, table: RecordTable, record_id: str) -> None:
        self.reload()
        table.select(record_id)
        self.changed.emit()
        self.logged.emit()

    def _print_plan(self) -> None:
        row = self.plan_table.current()
        if row is not None:
            self.print_requested.emit("plan", row.plan_id)

    # Extra adjustments and investigations: each edited in its own dialog ----------------------
    def new_adjustment(self) -> None:
        self._edit(AdjustmentDialog, Adjustment(pupil_id=self._pupil.id, what=""))

    def edit_selected_adjustment(self) -> None:
        self._edit_current(AdjustmentDialog, self.adjustment_table)

    def new_investigation(self) -> None:
        self._edit(InvestigationDialog, Investigation(pupil_id=self._pupil.id))

    def open_selected_investigation(self) -> None:
        self._edit_current(InvestigationDialog, self.investigation_table)

    def _edit_current(self, dialog_class: type[RecordDialog], table: RecordTable) -> None:
        item = table.current()
        if item is not None:
            self._edit(dialog_class, item)

    def _edit(self, dialog_class: type[RecordDialog], item: Adjustment | Investigation) -> None:
        table = self.adjustment_table if isinstance(item, Adjustment) else self.investigation_table
        start_dialog(
            dialog_class(self._plans, item, self), lambda saved: self._saved(table, saved.id)
        )

    def _print_investigation(self) -> None:
        item = self.investigation_table.current()
        if item is not None:
            self.print_requested.emit("investigation", item.id)
