"""The Elever area: the list, and a pupil's page in its place when one is opened.

Opening a pupil goes through here only, so every opening writes exactly one "viewed" entry.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QStackedWidget, QWidget

from ..services.pupils import PupilNotFound, PupilService
from ..store.errors import CaseFileError
from .messages import show_error
from .pupil_page import PupilPage
from .pupils_view import PupilsView


class PupilsArea(QStackedWidget):
    #: A pupil was added, changed or archived.
    pupils_changed = Signal()

    def __init__(self, pupils: PupilService, parent: QWidget | None = None):
        super().__init__(parent)
        self._pupils = pupils
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
        page = PupilPage(self._pupils, pupil, self)
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
