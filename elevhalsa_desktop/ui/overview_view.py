"""Översikt: a calm start page with the school, the user, the size of the register, and Att göra:
the follow-ups and the agreed actions of the contact log due in the next two weeks and those that
are late, and the open absence investigations that need something done, each one keystroke from
its plan, its contact or its investigation.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

from ..domain.absence_investigation import REPORT_WITHIN_DAYS
from ..domain.pupil import PupilStatus
from ..services.absence_investigations import AbsenceInvestigationService
from ..services.collaboration import ActionItem, CollaborationService
from ..services.plans import TODO_DAYS, PlanService, TodoItem
from ..services.pupils import PupilService
from ..services.session import CaseSession
from .feedback import scaled_font, set_secondary
from .forms import load_form
from .labels import role_label
from .plan_list import due_text, pupil_text
from .record_table import Column, RecordTable


@dataclass(frozen=True)
class InvestigationTodo:
    """An open absence investigation that needs something done: its reminders in one row."""

    investigation_id: str
    pupil_id: str
    pupil_name: str
    class_name: str
    due_on: _dt.date  # the day it started: what it needs is due from then
    texts: tuple[str, ...]
    responsible: str
    #: The governing body should have been told within a week; after that it is late.
    overdue: bool


class OverviewView(QWidget):
    pupils_requested = Signal()
    #: Open this plan with its pupil (pupil id, plan id): a row of Att göra was chosen.
    open_plan_requested = Signal(str, str)
    #: Open this contact with its pupil (pupil id, entry id): an agreed action was chosen.
    open_entry_requested = Signal(str, str)
    #: The user asked to hand over what a person holds.
    hand_over_requested = Signal()
    #: Open this absence investigation with its pupil (pupil id, investigation id).
    open_investigation_requested = Signal(str, str)

    def __init__(
        self,
        session: CaseSession,
        pupils: PupilService,
        parent: QWidget | None = None,
        plans: PlanService | None = None,
        today: Callable[[], _dt.date] = _dt.date.today,
        collab: CollaborationService | None = None,
        investigations: AbsenceInvestigationService | None = None,
    ):
        """``today`` is asked at every refresh, so a window left open overnight moves on."""
        super().__init__(parent)
        self._session = session
        self._pupils = pupils
        self._plans = plans or PlanService(session)
        self._collab = collab or CollaborationService(session)
        self._investigations = investigations or AbsenceInvestigationService(session, today)
        self._today = today
        form = self.form = load_form("overview_view.ui", self)
        form.schoolLabel.setFont(scaled_font(form.schoolLabel, 1.6, bold=True))
        set_secondary(form.userLabel)
        self._counts = {
            PupilStatus.ACTIVE: (form.activeCount, form.activeCaption),
            PupilStatus.MOVED: (form.movedCount, form.movedCaption),
            PupilStatus.ARCHIVED: (form.archivedCount, form.archivedCaption),
        }
        for count, caption in self._counts.values():
            count.setFont(scaled_font(count, 2.0, bold=True))
            set_secondary(caption)
        form.pupilsButton.clicked.connect(self.pupils_requested)
        form.handOverButton.clicked.connect(self.hand_over_requested)
        set_secondary(form.todoHint)
        form.todoHint.setText(
            self.tr(
                "Uppföljningar och överenskomna åtgärder de närmaste två veckorna, de som är "
                "försenade och frånvaroutredningar som väntar på något. Enter eller dubbelklick "
                "öppnar planen, kontakten eller utredningen."
            )
        )
        self.todo_table = RecordTable(
            form.todoTable,
            [
                Column(self.tr("Datum"), self._date_text, alert=lambda item: item.overdue),
                Column(self.tr("Elev"), lambda item: pupil_text(item.pupil_name, item.class_name)),
                Column(self.tr("Plan eller åtgärd"), self._what_text),
                Column(self.tr("Ansvarig"), lambda item: item.responsible or "—"),
            ],
            key=self._key,
            fit_rows=(1, 12),
        )
        self.todo_table.open_requested.connect(self._open_todo)
        form.todoEmpty.setText(
            self.tr(
                "Inga uppföljningar de närmaste två veckorna, inga åtgärder som ska vara klara, "
                "inga som är försenade och inga frånvaroutredningar som väntar."
            )
        )
        self.refresh()

    def focus_first(self) -> None:
        self.form.pupilsButton.setFocus(Qt.FocusReason.OtherFocusReason)

    def showEvent(self, event: QShowEvent) -> None:
        # Dates move on and other pages change plans: the list is read again when it is seen.
        self.refresh_todo()
        super().showEvent(event)

    def refresh(self) -> None:
        form = self.form
        form.schoolLabel.setText(self._session.school_name)
        user = self._session.user
        form.userLabel.setText(
            self.tr("Inloggad som {name}, {role}").format(
                name=user.name, role=role_label(user.role)
            )
        )
        counts = self._pupils.counts()
        captions = {
            PupilStatus.ACTIVE: (self.tr("aktiv elev"), self.tr("aktiva elever")),
            PupilStatus.MOVED: (self.tr("flyttad"), self.tr("flyttade")),
            PupilStatus.ARCHIVED: (self.tr("arkiverad"), self.tr("arkiverade")),
        }
        for status, (count_label, caption_label) in self._counts.items():
            count = counts.get(status, 0)
            one, many = captions[status]
            count_label.setText(str(count))
            caption_label.setText(one if count == 1 else many)
            frame = count_label.parentWidget()
            frame.setAccessibleName(f"{count} {caption_label.text()}")
        self.refresh_todo()

    # Att göra -----------------------------------------------------------------------------------
    def refresh_todo(self) -> None:
        today = self._today()
        # One list, by date: a follow-up and an agreed action are both something due.
        items = sorted(
            [
                *self._plans.todo(today, TODO_DAYS),
                *self._collab.todo(today, TODO_DAYS),
                *self._investigation_todo(today),
            ],
            key=lambda item: (item.due_on, item.pupil_name),
        )
        self.todo_table.set_records(items)
        unplanned = sum(1 for item in items if getattr(item, "unplanned", False))
        late = sum(1 for item in items if item.overdue) - unplanned
        form = self.form
        notes = []
        if late:
            notes.append(
                self.tr("{n} försenad").format(n=late)
                if late == 1
                else self.tr("{n} försenade").format(n=late)
            )
        if unplanned:
            notes.append(self.tr("{n} utan uppföljning").format(n=unplanned))
        if not items:
            title = self.tr("A&tt göra")
        elif notes:
            title = self.tr("A&tt göra ({count}, varav {notes})").format(
                count=len(items), notes=self.tr(" och ").join(notes)
            )
        else:
            title = self.tr("A&tt göra ({count})").format(count=len(items))
        form.todoGroup.setTitle(title)
        form.todoGroup.setAccessibleName(title.replace("&", ""))
        form.todoHint.setVisible(bool(items))
        form.todoEmpty.setVisible(not items)

    def _investigation_todo(self, today: _dt.date) -> list[InvestigationTodo]:
        """One row per open investigation with reminders (the service gives one per reminder)."""
        rows: dict[str, list] = {}
        for reminder in self._investigations.reminders():
            rows.setdefault(reminder.investigation_id, []).append(reminder)
        responsible: dict[str, str] = {}
        todo = []
        for investigation_id, reminders in rows.items():
            first = reminders[0]
            if first.pupil_id not in responsible:
                for item in self._investigations.for_pupil(first.pupil_id):
                    responsible[item.id] = item.responsible
            todo.append(
                InvestigationTodo(
                    investigation_id=investigation_id,
                    pupil_id=first.pupil_id,
                    pupil_name=first.pupil_name,
                    class_name=first.class_name,
                    due_on=first.started_on,
                    texts=tuple(r.text for r in reminders),
                    responsible=responsible.get(investigation_id, ""),
                    overdue=(today - first.started_on).days >= REPORT_WITHIN_DAYS,
                )
            )
        return todo

    @staticmethod
    def _key(item: TodoItem | ActionItem | InvestigationTodo) -> str:
        if isinstance(item, InvestigationTodo):
            return f"absence/{item.investigation_id}"
        if isinstance(item, ActionItem):
            return f"action/{item.action_id}"
        # An active plan with no follow-up left is listed without one: key on both.
        return f"{item.plan_id}/{item.follow_up_id}"

    def _what_text(self, item: TodoItem | ActionItem | InvestigationTodo) -> str:
        if isinstance(item, InvestigationTodo):
            return self.tr("Frånvaroutredning: {what}").format(what="; ".join(item.texts))
        if isinstance(item, ActionItem):
            return self.tr("Åtgärd: {what}").format(what=item.what)
        return item.plan_title

    def _date_text(self, item: TodoItem | ActionItem | InvestigationTodo) -> str:
        if isinstance(item, InvestigationTodo):
            started = self.tr("Inledd {date}").format(date=item.due_on.isoformat())
            return (
                self.tr("{started} · Försenad").format(started=started) if item.overdue else started
            )
        if getattr(item, "unplanned", False):
            return self.tr("Ingen uppföljning inplanerad")
        return due_text(item.due_on, item.overdue, self._today())

    def _open_todo(self) -> None:
        item: TodoItem | ActionItem | InvestigationTodo | None = self.todo_table.current()
        if isinstance(item, InvestigationTodo):
            self.open_investigation_requested.emit(item.pupil_id, item.investigation_id)
        elif isinstance(item, ActionItem):
            self.open_entry_requested.emit(item.pupil_id, item.entry_id)
        elif item is not None:
            self.open_plan_requested.emit(item.pupil_id, item.plan_id)
