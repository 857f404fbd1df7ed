"""The cohort area's three big commands — print the cohort, export an exchange file, read one in
— turned into their dialogs.

The main window needs two lines::

    self.handover_actions = HandoverActions(self, session, self.handover_area, self._settings)
    self.handover_actions.imported.connect(self._imported)

The controller listens to the area's ``print_requested``, ``export_requested`` and
``import_requested``, opens the dialog window-modal (deleted when closed), and refreshes the
area itself after an export (notes become "handed over") or an import (new pupils, received
notes); ``imported`` tells the rest of the window to refresh too.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, QSettings, Qt, Signal
from PySide6.QtWidgets import QDialog, QWidget

from ..services.session import CaseSession
from .handover_export_dialog import HandoverExportDialog
from .handover_import_dialog import HandoverImportDialog
from .handover_print_dialog import HandoverPrintDialog


class HandoverActions(QObject):
    #: Handovers of another school were read in (the ImportResult).
    imported = Signal(object)
    #: An exchange file was written; notes may have become "handed over" (the ExportResult).
    exported = Signal(object)

    def __init__(
        self,
        window: QWidget,
        session: CaseSession,
        area=None,
        settings: QSettings | None = None,
        today: Callable[[], _dt.date] = _dt.date.today,
    ):
        super().__init__(window)
        self._window = window
        self._session = session
        self._area = area
        self._settings = settings
        self._today = today
        #: The dialog opened last (for tests, and so a second click does not open another).
        self.dialog: QDialog | None = None
        if area is not None:
            area.print_requested.connect(self.print_cohort)
            area.export_requested.connect(self.export)
            area.import_requested.connect(self.import_file)

    def _open(self, dialog: QDialog) -> QDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.destroyed.connect(lambda _obj=None, d=dialog: self._forget(d))
        dialog.open()
        return dialog

    def _forget(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def _busy(self) -> bool:
        """A handover dialog is open already (they are window-modal; a shortcut could still
        reach the area): bring it forward instead of opening another."""
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.raise_()
            self.dialog.activateWindow()
            return True
        return False

    def print_cohort(self, year: str, class_name: str = "") -> HandoverPrintDialog | None:
        if self._busy():
            return None
        dialog = HandoverPrintDialog(
            self._session, year, class_name, None, self._window, self._settings, self._today
        )
        return self._open(dialog)

    def export(
        self, year: str, class_name: str = "", pupil_ids: Sequence[str] | None = None
    ) -> HandoverExportDialog | None:
        """``pupil_ids`` empty or None: the whole year (or class)."""
        if self._busy():
            return None
        dialog = HandoverExportDialog(
            self._session,
            year,
            class_name,
            list(pupil_ids) if pupil_ids else None,
            self._window,
            self._settings,
            self._today,
        )
        dialog.exported.connect(self._exported)
        return self._open(dialog)

    def import_file(self) -> HandoverImportDialog | None:
        if self._busy():
            return None
        dialog = HandoverImportDialog(self._session, self._window, self._settings, self._today)
        dialog.imported.connect(self._imported)
        return self._open(dialog)

    def _refresh_area(self) -> None:
        if self._area is not None:
            self._area.refresh()

    def _exported(self, result) -> None:
        self._refresh_area()
        self.exported.emit(result)

    def _imported(self, result) -> None:
        self._refresh_area()
        self.imported.emit(result)
