"""The Närvaro tab of a pupil's page: the absence week by week (with the times the pupil had an
active plan or a staged return), the figures for a chosen period, the pupil's absence
investigations, and the absence reported in advance in the school system.

Everything is read again from the services after a change here; opening an investigation is an
audited reading, as every other record on the page.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QLabel, QWidget

from ..domain.absence_investigation import AbsenceInvestigation, Outcome
from ..domain.ews import Figures, Level, Window
from ..domain.plans import PlanStatus
from ..domain.pupil import Pupil
from ..services.absence_investigations import AbsenceInvestigationService
from ..services.early_warning import EarlyWarningService
from ..services.ladder import LadderService
from ..services.plans import PlanService
from .absence_investigation_dialog import (
    open_investigation,
    outcome_label,
    start_investigation,
)
from .attendance_chart import PLAN, RETURN, AttendanceChart, Period
from .attendance_window_chooser import AttendanceWindowChooser
from .early_warning_parts import LEVEL_COLOURS, figures_texts
from .feedback import set_secondary
from .forms import load_form
from .record_table import Column, RecordTable
from .support_tab import add_print_shortcut

#: The chart shows at most this many weeks back (a school year and a bit).
CHART_WEEKS = 44
_ROWS = (1, 6)
#: The figures shown for a period: the key in figures_texts, and the stem of its labels.
_FIGURES = (
    ("offered", "offered"),
    ("total", "total"),
    ("excused", "excused"),
    ("unexcused", "unexcused"),
    ("change", "change"),
    ("run", "run"),
    ("patterns", "patterns"),
    ("level", "level"),
    ("reasons", "reasons"),
)


def _day(text: str) -> _dt.date | None:
    try:
        return _dt.date.fromisoformat(text[:10])
    except (TypeError, ValueError):
        return None


def plan_periods(plans: PlanService, pupil_id: str) -> list[Period]:
    """The times each of the pupil's plans was active, read from its revisions (a plan keeps
    every version, so the day it was made active and the day it was closed are known)."""
    periods = []
    for plan in plans.plans(pupil_id):
        started: _dt.date | None = None
        for revision in plans.revisions(plan.id):
            active = revision.plan.get("status") == PlanStatus.ACTIVE.value
            day = _day(revision.saved_at)
            if day is None:
                continue
            if active and started is None:
                started = day
            elif not active and started is not None:
                periods.append(Period(PLAN, started, day, plan.display_title))
                started = None
        if started is not None:
            periods.append(Period(PLAN, started, None, plan.display_title))
    return periods


def return_periods(ladder: LadderService, pupil_id: str) -> list[Period]:
    periods = []
    for plan in ladder.plans(pupil_id):
        start = _day(plan.started_on)
        if start is not None:
            periods.append(Period(RETURN, start, _day(plan.closed_on) if plan.closed else None))
    return periods


def _time_text(value: str) -> str:
    """An imported time as people write it: 2026-03-02 08:15 (a whole day: only the date)."""
    text = value.replace("T", " ")
    return text[:10] if text[10:16] in ("", " 00:00") else text[:16]


class AttendanceTab(QWidget):
    #: An absence investigation of this pupil was saved here (Att göra may change).
    changed = Signal()
    #: Print a record: kind "absence-investigation", the investigation's id.
    print_requested = Signal(str, str)
    #: Something here wrote to the audit log (an investigation opened or saved).
    logged = Signal()

    def __init__(
        self,
        ews: EarlyWarningService,
        investigations: AbsenceInvestigationService,
        plans: PlanService,
        ladder: LadderService,
        pupil: Pupil,
        parent: QWidget | None = None,
        today: Callable[[], _dt.date] = _dt.date.today,
    ):
        super().__init__(parent)
        self._ews = ews
        self._investigations = investigations
        self._plans = plans
        self._ladder = ladder
        self._pupil = pupil
        self._window: Window | None = None
        self._figures: Figures | None = None
        self.setAccessibleName(self.tr("Närvaro för {name}").format(name=pupil.full_name))
        form = self.form = load_form("attendance_tab.ui", self)
        form.scrollArea.viewport().setAutoFillBackground(False)
        form.scrollContents.setAutoFillBackground(False)
        for quiet in (form.chartSummary, form.reportedCount, form.investigationsCount):
            set_secondary(quiet)
        for caption in form.findChildren(QLabel):
            if caption.objectName().endswith("Caption"):
                set_secondary(caption)
        for _key, stem in _FIGURES:
            value: QLabel = getattr(form, f"{stem}Value")
            value.setTextInteractionFlags(
                Qt.TextInteractionFlag.TextSelectableByMouse
                | Qt.TextInteractionFlag.TextSelectableByKeyboard
            )
            value.setTextFormat(
                Qt.TextFormat.RichText if stem == "level" else Qt.TextFormat.PlainText
            )
        self.chart = AttendanceChart()
        form.chartHolder.layout().addWidget(self.chart)
        self.chooser = AttendanceWindowChooser(today=today)
        form.chooserHolder.layout().addWidget(self.chooser)
        self.investigation_table = RecordTable(
            form.investigationsTable,
            self._investigation_columns(),
            key=lambda item: item.id,
            muted=lambda item: not item.is_open,
            stretch_column=1,
            fit_rows=_ROWS,
        )
        self.reported_table = RecordTable(
            form.reportedTable,
            [
                Column(self.tr("Från"), lambda r: _time_text(r["starts_at"])),
                Column(self.tr("Till"), lambda r: _time_text(r["ends_at"])),
                Column(self.tr("Slag"), lambda r: r["kind"]),
            ],
            key=lambda r: f"{r['starts_at']}/{r['ends_at']}",
            fit_rows=_ROWS,
        )
        self.chooser.changed.connect(self._window_chosen)
        form.newInvestigationButton.clicked.connect(self.new_investigation)
        form.openInvestigationButton.clicked.connect(self.open_selected_investigation)
        self.investigation_table.open_requested.connect(self.open_selected_investigation)
        self.investigation_table.current_changed.connect(self._update_buttons)
        form.printInvestigationButton.clicked.connect(self._print_investigation)
        add_print_shortcut(form.investigationsGroup, form.printInvestigationButton.click)
        self.reload()

    def _investigation_columns(self) -> list[Column]:
        def reported(item: AbsenceInvestigation) -> str:
            return item.reported_on or self.tr("Inte anmäld")

        def status(item: AbsenceInvestigation) -> str:
            if item.is_open:
                return self.tr("Pågår")
            return self.tr("Avslutad {date}").format(date=item.closed_on)

        return [
            Column(self.tr("Inledd"), lambda i: i.started_on, sort_key=lambda i: i.started_on),
            Column(self.tr("Vad som uppmärksammades"), lambda i: i.reason_noticed or "—"),
            Column(self.tr("Ansvarig"), lambda i: i.responsible or "—"),
            Column(
                self.tr("Anmäld till huvudmannen"),
                reported,
                alert=lambda i: i.is_open and not i.reported_on,
            ),
            Column(self.tr("Status"), status),
            Column(
                self.tr("Ledde till"),
                lambda i: outcome_label(i.outcome) if i.outcome is not Outcome.NONE_YET else "—",
            ),
        ]

    def sizeHint(self) -> QSize:
        contents = self.form.scrollContents.sizeHint()
        return QSize(contents.width(), contents.height() + self.fontMetrics().height())

    @property
    def pupil_id(self) -> str:
        return self._pupil.id

    # Reading ----------------------------------------------------------------------------------
    def reload(self) -> None:
        pupil_id = self._pupil.id
        weeks = self._ews.pupil_weeks(pupil_id)[-CHART_WEEKS:]
        periods = plan_periods(self._plans, pupil_id) + return_periods(self._ladder, pupil_id)
        self.chart.set_data(weeks, periods, self._ews.thresholds())
        self.form.chartSummary.setText(self.chart.summary())
        window = self.chooser.resolve(self._ews) or self._window or self._ews.window()
        self._show_figures(window)
        self._load_investigations()
        reported = self._ews.reported_absences(pupil_id)
        self.reported_table.set_records(reported)
        self.form.reportedCount.setText(
            self.tr("Ingen frånvaro eller ledighet är anmäld i förväg.")
            if not reported
            else self.tr("Från skolans system (SS 12000), senast först.")
        )

    def _window_chosen(self) -> None:
        window = self.chooser.resolve(self._ews)
        if window is not None:  # a period that cannot be used changes nothing on screen
            self._show_figures(window)

    def _show_figures(self, window: Window) -> None:
        self._window = window
        figures = self._figures = self._ews.pupil_figures(self._pupil.id, window)
        texts = figures_texts(figures)
        form = self.form
        for key, stem in _FIGURES:
            caption: QLabel = getattr(form, f"{stem}Caption")
            value: QLabel = getattr(form, f"{stem}Value")
            text = texts[key]
            if key == "level":
                colour = LEVEL_COLOURS[figures.level].name()
                value.setText(f'<span style="color:{colour}">●</span> {text}')
            else:
                value.setText(text)
            # A screen reader reaches the value on its own, so it gets its caption with it.
            value.setAccessibleName(f"{caption.text()}: {text}")
        form.offeredValue.setToolTip(
            self.tr("{start} – {end}").format(
                start=window.start.isoformat(), end=window.end.isoformat()
            )
        )

    @property
    def figures(self) -> Figures | None:
        """The figures shown for the chosen period."""
        return self._figures

    def _load_investigations(self) -> None:
        items = self._investigations.for_pupil(self._pupil.id)
        self.investigation_table.set_records(items)
        open_count = sum(1 for item in items if item.is_open)
        if not items:
            text = self.tr("Ingen frånvaroutredning ännu.")
        else:
            total = (
                self.tr("1 utredning")
                if len(items) == 1
                else self.tr("{n} utredningar").format(n=len(items))
            )
            if open_count:
                state = self.tr("{n} pågår").format(n=open_count)
            else:
                state = self.tr("avslutad") if len(items) == 1 else self.tr("alla avslutade")
            text = f"{total}, {state}"
        self.form.investigationsCount.setText(text)
        self._update_buttons()

    def _update_buttons(self) -> None:
        form = self.form
        chosen = self.investigation_table.current() is not None
        form.openInvestigationButton.setEnabled(chosen)
        form.printInvestigationButton.setEnabled(chosen)

    def focus_first(self) -> None:
        self.chart.setFocus(Qt.FocusReason.OtherFocusReason)

    # Investigations ---------------------------------------------------------------------------
    def _people(self) -> list[str]:
        return self._plans.responsible_people()

    def _name(self) -> str:
        pupil = self._pupil
        return f"{pupil.full_name}, {pupil.class_name}" if pupil.class_name else pupil.full_name

    def new_investigation(self):
        """Start one, with what the figures of the chosen period say as what was noticed."""
        reason = ""
        figures, window = self._figures, self._window
        if figures is not None and window is not None and figures.level >= Level.YELLOW:
            reason = self.tr("{reasons} (tidig varning för {start} – {end})").format(
                reasons="; ".join(figures.reasons),
                start=window.start.isoformat(),
                end=window.end.isoformat(),
            )
        return start_investigation(
            self._investigations,
            self._pupil.id,
            reason,
            self,
            self._saved,
            self._name(),
            self._people(),
        )

    def open_selected_investigation(self):
        item = self.investigation_table.current()
        return self.open_investigation(item.id) if item is not None else None

    def open_investigation(self, investigation_id: str):
        """Open it in its dialog (the reading is logged); from here or from Att göra."""
        self.investigation_table.select(investigation_id)
        dialog = open_investigation(
            self._investigations,
            investigation_id,
            self,
            self._saved,
            self._name(),
            self._people(),
        )
        self.logged.emit()
        if dialog is None:
            self._load_investigations()
        return dialog

    def _saved(self, item: AbsenceInvestigation) -> None:
        self._load_investigations()
        self.investigation_table.select(item.id)
        self.changed.emit()
        self.logged.emit()

    def _print_investigation(self) -> None:
        item = self.investigation_table.current()
        if item is not None:
            self.print_requested.emit("absence-investigation", item.id)
