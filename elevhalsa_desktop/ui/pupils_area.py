"""The Elever area: the list, and a pupil's page in its place when one is opened.

Opening a pupil goes through here only, so every opening writes exactly one "viewed" entry.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QStackedWidget, QWidget

from ..services.plans import PlanService
from ..services.pupils import PupilNotFound, PupilService
from ..store.errors import CaseFileError
from .messages import show_error
from .pupil_page import PupilPage
from .pupils_view import PupilsView


class PupilsArea(QStackedWidget):
    #: A pupil was added, changed or archived.
    pupils_changed = Signal()
    #: A plan, adjustment or investigation was saved on the open pupil's page.
    plans_changed = Signal()
    #: Something was saved on the open pupil's Samverkan tab (agreed actions may have changed).
    collaboration_changed = Signal()
    #: A handover note was saved on the open pupil's Överlämning tab.
    handover_changed = Signal()
    #: Print a record from the open pupil's page (see SupportTab.print_requested and
    #: CollaborationTab.print_requested).
    print_requested = Signal(str, str)

    def __init__(
        self,
        pupils: PupilService,
        parent: QWidget | None = None,
        plans: PlanService | None = None,
    ):
        super().__init__(parent)
        self._pupils = pupils
        self._plans = plans or PlanService(pupils.session)
        self.list_view = PupilsView(pupils, self)
        self.addWidget(self.list_view)
        self.page: PupilPage | None = None
        self.list_view.open_requested.connect(self.open_pupil)
        self.list_view.pupils_changed.connect(self.pupils_changed)
        self.list_view.show_requested.connect(self.show_list)

    def open_pupil(self, pupil_id: str) -> None:
        try:
            pupil = self._pupils.open(pupil_id)
        except (PupilNotFound, CaseFileError) as error:
            show_error(self, str(error))
            self.list_view.reload()
            return
        page = PupilPage(self._pupils, pupil, self, self._plans)
        page.support_tab.changed.connect(self.plans_changed)
        page.support_tab.print_requested.connect(self.print_requested)
        page.collaboration_tab.print_requested.connect(self.print_requested)
        page.collaboration_tab.changed.connect(self.collaboration_changed)
        page.handover_tab.changed.connect(self.handover_changed)
        page.back_requested.connect(self.show_list)
        page.pupil_changed.connect(self._pupil_changed)
        page.open_requested.connect(self.open_pupil)
        self.addWidget(page)
        self.setCurrentWidget(page)
        if self.page is not None:
            # The previous page goes: one open pupil at a time keeps the record out of sight.
            self.removeWidget(self.page)
            self.page.deleteLater()
        self.page = page
        self.focus_first()

    def open_plan(self, pupil_id: str, plan_id: str) -> None:
        """Open the pupil's page and the plan on it, so the plan is seen with its pupil."""
        if self.page is None or self.page.pupil_id != pupil_id:
            # A page already open for the pupil stays: no second reading, no second log entry.
            self.open_pupil(pupil_id)
        if self.page is not None and self.page.pupil_id == pupil_id:
            self.page.show_plan(plan_id)

    def open_entry(self, pupil_id: str, entry_id: str) -> None:
        """Open the pupil's page and the contact on its Samverkan tab (from Att göra)."""
        if self.page is None or self.page.pupil_id != pupil_id:
            self.open_pupil(pupil_id)
        if self.page is not None and self.page.pupil_id == pupil_id:
            self.page.show_entry(entry_id)

    def open_handover(self, pupil_id: str) -> None:
        """Open the pupil's page on its Överlämning tab (from the Överlämning area)."""
        if self.page is None or self.page.pupil_id != pupil_id:
            self.open_pupil(pupil_id)
        if self.page is not None and self.page.pupil_id == pupil_id:
            self.page.show_handover()

    def reload_handover(self, pupil_id: str) -> None:
        """Read the open pupil's handover notes again after a note was saved elsewhere."""
        if self.page is not None and self.page.pupil_id == pupil_id:
            self.page.handover_tab.reload()

    def reload_support(self) -> None:
        """Read the open pupil's plans again after a change made elsewhere (a hand-over)."""
        if self.page is not None:
            self.page.support_tab.reload()

    def show_list(self) -> None:
        if self.page is not None:
            self.list_view.select_pupil(self.page.pupil_id)
            self.removeWidget(self.page)
            self.page.deleteLater()
            self.page = None
        self.setCurrentWidget(self.list_view)
        self.list_view.focus_table()

    def focus_first(self) -> None:
        """The search field on the list (typing is how a pupil is found), else the way back."""
        if self.page is None:
            self.list_view.focus_search()
        else:
            self.page.form.backButton.setFocus()

    def _pupil_changed(self, pupil_id: str) -> None:
        self.list_view.reload(select_id=pupil_id)
        self.pupils_changed.emit()

    def reload(self) -> None:
        self.list_view.reload()
