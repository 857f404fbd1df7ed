"""The file dialogs of an import, in one place so tests can stand in for them (a real file
dialog waits for a person). Only the folder last used is remembered, in the local settings."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QFileDialog, QWidget

from .. import config

_LAST_FOLDER = "import/lastFolder"
_REPORT_FOLDER = "import/reportFolder"


def _tr(text: str) -> str:
    return QCoreApplication.translate("import_choosers", text)


def _filters() -> str:
    return ";;".join(
        (
            _tr("Listor från skolsystemet (*.csv *.txt *.tsv *.xlsx *.json)"),
            _tr("Alla filer (*)"),
        )
    )


def choose_import_files(parent: QWidget | None, start: Path) -> list[Path]:
    """One or several files; an empty list if the user cancels."""
    names, _ = QFileDialog.getOpenFileNames(
        parent, _tr("Välj filen eller filerna att importera"), str(start), _filters()
    )
    return [Path(name) for name in names]


def choose_import_folder(parent: QWidget | None, start: Path) -> Path | None:
    """A folder with an SS 12000 export; None if the user cancels."""
    name = QFileDialog.getExistingDirectory(
        parent, _tr("Välj mappen med SS 12000-exporten"), str(start)
    )
    return Path(name) if name else None


def last_folder(settings: QSettings, key: str = _LAST_FOLDER) -> Path:
    value = settings.value(key, "")
    folder = Path(str(value)) if value else config.default_case_dir()
    return folder if folder.is_dir() else config.default_case_dir()


def remember_folder(settings: QSettings, folder: Path, key: str = _LAST_FOLDER) -> None:
    settings.setValue(key, str(folder))  # a folder path only, never case data


def last_report_folder(settings: QSettings) -> Path:
    return last_folder(settings, _REPORT_FOLDER)


def remember_report_folder(settings: QSettings, folder: Path) -> None:
    remember_folder(settings, folder, _REPORT_FOLDER)
