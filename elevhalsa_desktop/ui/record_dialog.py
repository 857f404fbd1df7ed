"""A form dialog for one support record (an extra adjustment, an investigation): the record is
stored through the service, and ``saved`` carries it as stored, id and all."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QPlainTextEdit

from .form_dialog import FormDialog


class RecordDialog(FormDialog):
    #: The stored record, emitted once the service accepted it (the dialog then closes).
    saved = Signal(object)

    def record_from_form(self):
        raise NotImplementedError

    def store(self, record):
        """Write ``record`` through the service and return it as stored."""
        raise NotImplementedError

    def save(self) -> bool:
        record = self.record_from_form()
        stored = []
        if not self.save_with(lambda: stored.append(self.store(record))):
            return False
        self.saved.emit(stored[0])
        return True


def fit_lines(edit: QPlainTextEdit, lines: int) -> None:
    """Make a text field about ``lines`` lines high in its own font (longer text scrolls)."""
    margins = edit.contentsMargins()
    document_margin = edit.document().documentMargin()
    edit.setFixedHeight(
        round(
            edit.fontMetrics().lineSpacing() * lines
            + 2 * document_margin
            + margins.top()
            + margins.bottom()
        )
    )


def today_iso() -> str:
    return _dt.date.today().isoformat()


def start_dialog(dialog, on_saved: Callable[[object], None]):
    """Show ``dialog`` window-modal and return at once; ``on_saved`` gets what it saved.

    ``open()`` rather than ``exec()``: no nested event loop, and a sheet on macOS.
    """
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.saved.connect(on_saved)
    dialog.open()
    return dialog
