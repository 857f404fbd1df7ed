"""Registerutdrag from the pupil's page: choose a folder (the last one is remembered, as a path
only), write the extract there as JSON and PDF (each whole or not at all, no name in the file
names), and say where it went. The service logs the export."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from ..services.plans import RecordNotFound
from ..services.register_extract import RegisterExtractService
from ..services.session import CaseSession
from ..store.errors import CaseFileError
from .feedback import busy_cursor
from .handover_common import last_folder, remember_folder
from .local_settings import local_settings
from .messages import show_error

EXTRACT_FOLDER = "registerExtract/folder"
ChooseFolder = Callable[[QWidget | None, Path], Path | None]


def _tr(text: str) -> str:
    return QCoreApplication.translate("register_extract_flow", text)


def choose_extract_folder(parent: QWidget | None, start: Path) -> Path | None:
    name = QFileDialog.getExistingDirectory(
        parent, _tr("Välj mappen för registerutdraget"), str(start)
    )
    return Path(name) if name else None


def export_register_extract(
    parent: QWidget | None,
    session: CaseSession,
    pupil_id: str,
    settings: QSettings | None = None,
    choose_folder: ChooseFolder | None = None,
    tell: Callable[[QWidget | None, Path, Path], None] | None = None,
) -> tuple[Path, Path] | None:
    """Returns (json_path, pdf_path), or None if the user cancelled or it failed."""
    settings = settings or local_settings()
    # Looked up at call time, so a test can stand in for the file dialog, which waits for a person.
    folder = (choose_folder or choose_extract_folder)(parent, last_folder(settings, EXTRACT_FOLDER))
    if folder is None:
        return None
    try:
        with busy_cursor():
            paths = RegisterExtractService(session).write(pupil_id, folder)
    except (CaseFileError, RecordNotFound) as error:
        show_error(parent, str(error), _tr("Registerutdraget sparades inte"))
        return None
    remember_folder(settings, EXTRACT_FOLDER, folder)
    (tell or _tell)(parent, *paths)
    return paths


def _tell(parent: QWidget | None, json_path: Path, pdf_path: Path) -> None:
    box = QMessageBox(
        QMessageBox.Icon.Information,
        _tr("Registerutdraget är sparat"),
        _tr(
            "Registerutdraget sparades i mappen {folder}: {pdf} att läsa och skriva ut, och "
            "{json} med samma innehåll i maskinläsbar form. Utdraget innehåller uppgifter som "
            "omfattas av sekretess: pröva vad som får lämnas ut innan det lämnas över."
        ).format(folder=pdf_path.parent, pdf=pdf_path.name, json=json_path.name),
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    open_button = box.addButton(_tr("&Öppna PDF-filen"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(_tr("&Stäng"), QMessageBox.ButtonRole.RejectRole)
    box.setObjectName("extractSavedMessage")
    box.exec()
    if box.clickedButton() is open_button:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(pdf_path)))
