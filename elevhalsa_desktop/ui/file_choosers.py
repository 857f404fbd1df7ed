"""The file dialogs for case files, in one place so every caller filters and names them alike
(and tests can replace them: a real file dialog would wait for a person)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QWidget

from ..store.casefile import SUFFIX


def _tr(text: str) -> str:
    return QCoreApplication.translate("file_choosers", text)


def _filters() -> str:
    return ";;".join(
        (_tr("Elevhälsoakter (*{suffix})").format(suffix=SUFFIX), _tr("Alla filer (*)"))
    )


def choose_case_file(parent: QWidget | None, start_dir: Path) -> Path | None:
    """Ask for an existing case file to open; None if the user cancels."""
    name, _ = QFileDialog.getOpenFileName(parent, _tr("Öppna akt"), str(start_dir), _filters())
    return Path(name) if name else None


def choose_new_case_path(parent: QWidget | None, suggestion: Path) -> Path | None:
    """Ask where a new case file goes; None if the user cancels.

    No overwrite question: we never overwrite a file, and the wizard explains a name that is taken.
    """
    name, _ = QFileDialog.getSaveFileName(
        parent,
        _tr("Spara den nya akten"),
        str(suggestion),
        _filters(),
        options=QFileDialog.Option.DontConfirmOverwrite,
    )
    if not name:
        return None
    path = Path(name)
    return path if path.suffix == SUFFIX else path.with_name(path.name + SUFFIX)


def choose_pdf_target(parent: QWidget | None, suggestion: Path) -> Path | None:
    """Ask where a printed document goes; None if the user cancels. Qt's dialog asks before it
    replaces an existing file."""
    name, _ = QFileDialog.getSaveFileName(
        parent, _tr("Spara utskriften"), str(suggestion), _tr("PDF-dokument (*.pdf)")
    )
    if not name:
        return None
    path = Path(name)
    return path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")


def choose_backup_folder(parent: QWidget | None, start_dir: Path) -> Path | None:
    """Ask for the folder to put a backup in (a USB stick, say); None if the user cancels."""
    name = QFileDialog.getExistingDirectory(
        parent, _tr("Välj mapp för säkerhetskopian"), str(start_dir)
    )
    return Path(name) if name else None
