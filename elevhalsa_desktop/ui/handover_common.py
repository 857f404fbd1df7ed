"""What the handover's print, export and import dialogs share: the file dialogs (in one place so
tests can stand in for them: a real file dialog waits for a person), the default names, the
remembered folders, and growing a dialog to fit a message that appeared.

Only folder paths are remembered, in the local settings; a default file name carries the year or
class, the school and the date — never a pupil's name or civic number.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings, QTimer
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from .. import config
from ..documents.filenames import default_file_name
from ..importers.handover_exchange import SUFFIX, exchange_path

PRINT_FOLDER = "handover/printFolder"
EXPORT_FOLDER = "handover/exportFolder"
IMPORT_FOLDER = "handover/importFolder"


def _tr(text: str) -> str:
    return QCoreApplication.translate("handover_common", text)


# Remembered folders ------------------------------------------------------------------------------
def last_folder(settings: QSettings, key: str) -> Path:
    value = settings.value(key, "")
    folder = Path(str(value)) if value else config.default_case_dir()
    return folder if folder.is_dir() else config.default_case_dir()


def remember_folder(settings: QSettings, key: str, folder: Path) -> None:
    settings.setValue(key, str(folder))  # a folder path only, never case data


# Words and names ---------------------------------------------------------------------------------
def scope_text(year: str, class_name: str = "") -> str:
    """ "klass 6A" or "årskurs 6": what a print or an export covers, inside a sentence."""
    if class_name:
        return _tr("klass {name}").format(name=class_name)
    return _tr("årskurs {year}").format(year=year)


def _scope_tag(year: str, class_name: str) -> str:
    return class_name or f"åk {year}"


def combined_file_name(year: str, class_name: str, today: _dt.date) -> str:
    """ "Överlämning åk 6 2026-12-06.pdf" (or "Överlämning 6A …"): the combined print."""
    return default_file_name(f"Överlämning {_scope_tag(year, class_name)}", "", "", "", today)


def exchange_file_name(year: str, class_name: str, school: str, today: _dt.date) -> str:
    """ "Överlämning åk 6 Björkskolan 2026-12-06.elevhalsa-overlamning": the receiving school
    sees who sent it and when; no pupil is named."""
    kind = " ".join(p for p in ("Överlämning", _scope_tag(year, class_name), school) if p)
    return Path(default_file_name(kind, "", "", "", today)).stem + SUFFIX


# The dialogs -----------------------------------------------------------------------------------
def choose_folder(parent: QWidget | None, start: Path) -> Path | None:
    """The folder a cohort is printed into; None if the user cancels."""
    name = QFileDialog.getExistingDirectory(parent, _tr("Välj mappen för utskrifterna"), str(start))
    return Path(name) if name else None


def _exchange_filters() -> str:
    return ";;".join(
        (_tr("Överlämningsfiler (*{suffix})").format(suffix=SUFFIX), _tr("Alla filer (*)"))
    )


def choose_exchange_target(parent: QWidget | None, suggestion: Path) -> Path | None:
    """Where a new exchange file goes; None if the user cancels. Qt's dialog asks before it
    replaces an existing file."""
    name, _ = QFileDialog.getSaveFileName(
        parent, _tr("Spara överlämningsfilen"), str(suggestion), _exchange_filters()
    )
    return exchange_path(Path(name)) if name else None


def choose_exchange_file(parent: QWidget | None, start: Path) -> Path | None:
    """An exchange file from another school to read in; None if the user cancels."""
    name, _ = QFileDialog.getOpenFileName(
        parent, _tr("Välj överlämningsfilen"), str(start), _exchange_filters()
    )
    return Path(name) if name else None


# Room for what appeared ---------------------------------------------------------------------------
def grow_to_fit(dialog: QDialog) -> None:
    """Make ``dialog`` tall enough for its content at its present width (a message or a notice
    that wrapped onto several lines), within the screen; never smaller. Done once the layouts
    have taken in what was just shown (their requests are handled first)."""
    QTimer.singleShot(0, dialog, lambda: _grow(dialog))


def _grow(dialog: QDialog) -> None:
    layout = dialog.layout()
    if layout is None:
        return
    layout.activate()
    width = dialog.width()
    if layout.hasHeightForWidth():
        need = layout.totalHeightForWidth(width)
    else:
        need = layout.totalSizeHint().height()
    room = dialog.screen().availableGeometry().height() * 9 // 10
    need = min(max(need, layout.totalMinimumSize().height()), room)
    if dialog.height() < need:
        dialog.resize(width, need)
