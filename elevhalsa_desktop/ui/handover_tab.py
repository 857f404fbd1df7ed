"""The Överlämning tab of a pupil's page: the pupil's handover notes, those written here and those
received from another school. A note written here opens for editing; a received one opens
read-only, with the sending school named.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QWidget

from ..domain.handover import HandoverNote
from ..domain.pupil import Pupil
from ..services.handover import HandoverService
from ..store.errors import CaseFileError
from .feedback import set_secondary
from .forms import load_form
from .handover_note_dialog import open_note, received_from, start_note, status_label
from .messages import show_error
from .record_table import Column, RecordTable

#: The list shows all its rows up to this many before it scrolls (at least one).
_ROWS = (1, 8)


class HandoverTab(QWidget):
    #: A note of this pupil was saved here.
    changed = Signal()
    #: Something here wrote to the audit log (a note opened or saved).
    logged = Signal()

    def __init__(
        self,
        service: HandoverService,
        pupil: Pupil,
        parent: QWidget | None = None,
        people: Callable[[], Sequence[str]] | None = None,
    ):
        super().__init__(parent)
        self._service = service
        self._pupil = pupil
        self._people = people or (lambda: ())
        self.setAccessibleName(self.tr("Överlämningar för {name}").format(name=pupil.full_name))
        form = self.form = load_form("handover_tab.ui", self)
        set_secondary(form.introLabel)
        set_secondary(form.notesCount)
        self.table = RecordTable(
            form.notesTable,
            self._columns(),
            key=lambda note: note.id,
            stretch_column=1,
            fit_rows=_ROWS,
        )
        form.newButton.clicked.connect(self.new_note)
        form.openButton.clicked.connect(self.open_selected)
        self.table.open_requested.connect(self.open_selected)
        self.table.current_changed.connect(self._update_buttons)
        self.reload()

    def _columns(self) -> list[Column]:
        return [
            Column(
                self.tr("Status"),
                lambda n: received_from(n) if n.received else status_label(n.status),
            ),
            Column(self.tr("Övergång"), lambda n: n.transition or "—"),
            Column(self.tr("Ansvarig"), lambda n: n.responsible),
            Column(
                self.tr("Uppdaterad"),
                lambda n: n.updated_at[:10],
                sort_key=lambda n: n.updated_at,
            ),
        ]

    @property
    def pupil_id(self) -> str:
        return self._pupil.id

    def set_pupil(self, pupil: Pupil) -> None:
        """The pupil was edited on the page (the name in the dialogs' titles follows)."""
        self._pupil = pupil

    def reload(self) -> None:
        try:
            notes = self._service.notes(self._pupil.id)
        except CaseFileError as error:
            show_error(self, str(error))
            return
        self.table.set_records(notes)
        received = sum(1 for n in notes if n.received)
        if not notes:
            text = self.tr("Ingen överlämning ännu.")
        else:
            own = len(notes) - received
            parts = []
            if own:
                parts.append(self.tr("1 egen") if own == 1 else self.tr("{n} egna").format(n=own))
            if received:
                parts.append(
                    self.tr("{n} mottagen").format(n=received)
                    if received == 1
                    else self.tr("{n} mottagna").format(n=received)
                )
            text = ", ".join(parts)
        self.form.notesCount.setText(text)
        self._update_buttons()

    def notes(self) -> list[HandoverNote]:
        return self.table.model.records()

    def _update_buttons(self) -> None:
        self.form.openButton.setEnabled(self.table.current() is not None)

    def focus_first(self) -> None:
        self.form.notesTable.setFocus(Qt.FocusReason.OtherFocusReason)

    def _name(self) -> str:
        pupil = self._pupil
        return f"{pupil.full_name}, {pupil.class_name}" if pupil.class_name else pupil.full_name

    # Acting -----------------------------------------------------------------------------------
    def new_note(self):
        return start_note(
            self._service, self._pupil.id, self, self._saved, self._name(), list(self._people())
        )

    def open_selected(self):
        note: HandoverNote | None = self.table.current()
        if note is None:
            return None
        return self.open_note(note.id)

    def open_note(self, note_id: str):
        """Open the note in its dialog (the reading is logged); read-only when received."""
        self.table.select(note_id)
        dialog = open_note(
            self._service, note_id, self, self._saved, self._name(), list(self._people())
        )
        self.logged.emit()
        if dialog is None:  # the note is gone: show the list as it is now
            self.reload()
        return dialog

    def _saved(self, note: HandoverNote) -> None:
        self.reload()
        self.table.select(note.id)
        self.changed.emit()
        self.logged.emit()
