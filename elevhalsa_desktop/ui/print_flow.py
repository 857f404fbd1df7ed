"""Printing from the window: ask where (suggesting a name without the pupil's full name), write
the PDF whole or not at all, and say what happened."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

from .. import config
from ..services.plans import RecordNotFound
from ..services.printing import DocumentKind, PrintService
from ..store.errors import CaseFileError
from .feedback import busy_cursor
from .file_choosers import choose_pdf_target
from .messages import show_error

_LAST_FOLDER = "print/lastFolder"
ChooseTarget = Callable[[QWidget | None, Path], Path | None]


def _tr(text: str) -> str:
    return QCoreApplication.translate("print_flow", text)


def print_document(
    parent: QWidget | None,
    printer: PrintService,
    settings: QSettings,
    kind: DocumentKind,
    record_id: str,
    choose_target: ChooseTarget | None = None,
) -> Path | None:
    """Returns where the document was written, or None if the user cancelled or it failed."""
    try:
        name = printer.suggested_file_name(kind, record_id)
    except RecordNotFound as error:
        show_error(parent, str(error))
        return None
    return save_document(
        parent, settings, name, lambda target: printer.write(kind, record_id, target), choose_target
    )


def save_document(
    parent: QWidget | None,
    settings: QSettings,
    name: str,
    write: Callable[[Path], Path],
    choose_target: ChooseTarget | None = None,
) -> Path | None:
    """Ask where (suggesting ``name`` in the last folder used), call ``write(target)``, which
    writes the file whole and logs the print, and say what happened. Returns where the
    document was written, or None if the user cancelled or it failed."""
    folder = Path(str(settings.value(_LAST_FOLDER, "") or config.default_case_dir()))
    # Looked up at call time, so a test can stand in for the file dialog, which waits for a person.
    target = (choose_target or choose_pdf_target)(parent, folder / name)
    if target is None:
        return None
    try:
        with busy_cursor():
            written = write(target)
    except (CaseFileError, RecordNotFound) as error:
        show_error(parent, str(error), _tr("Utskriften sparades inte"))
        return None
    settings.setValue(_LAST_FOLDER, str(written.parent))  # a folder path only, never case data
    _offer_to_open(parent, written)
    return written


def _offer_to_open(parent: QWidget | None, written: Path) -> None:
    box = QMessageBox(
        QMessageBox.Icon.Information,
        _tr("Utskriften är sparad"),
        _tr("Dokumentet sparades som {name} i mappen {folder}.").format(
            name=written.name, folder=written.parent
        ),
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    open_button = box.addButton(_tr("&Öppna dokumentet"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(_tr("&Stäng"), QMessageBox.ButtonRole.RejectRole)
    box.setObjectName("printedMessage")
    box.exec()
    if box.clickedButton() is open_button:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(written)))
