"""Saving an import's report as a text file: a name without personal data, written whole or not
at all (a temporary file in the same folder, then moved into place)."""

from __future__ import annotations

import contextlib
import datetime as _dt
import errno
import os
import tempfile
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QWidget


def _tr(text: str) -> str:
    return QCoreApplication.translate("import_report_file", text)


def default_report_name(today: _dt.date | None = None) -> str:
    """``importrapport-2026-11-02.txt``: the date only, never a file or pupil name."""
    return f"importrapport-{(today or _dt.date.today()).isoformat()}.txt"


class ReportNotSaved(Exception):
    """The report could not be written; the message is a sentence for the user."""


def write_report(text: str, target: Path) -> Path:
    """Write ``text`` to ``target`` (UTF-8 with a byte-order mark, so Notepad on an older
    Windows shows å, ä and ö). A failure leaves no half file behind, and an existing file of
    that name is kept until the new one is complete."""
    target = Path(target)
    folder = target.parent
    handle, temporary = None, None
    try:
        handle, name = tempfile.mkstemp(prefix=".importrapport-", suffix=".tmp", dir=folder)
        temporary = Path(name)
        with os.fdopen(handle, "w", encoding="utf-8-sig") as file:
            handle = None
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, target)
        temporary = None
    except OSError as error:
        raise ReportNotSaved(_sentence(error, target)) from None
    finally:
        if handle is not None:
            with contextlib.suppress(OSError):
                os.close(handle)
        if temporary is not None:
            with contextlib.suppress(OSError):
                temporary.unlink()
    return target


def _sentence(error: OSError, target: Path) -> str:
    if error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return _tr(
            "Rapporten sparades inte: disken är full. Frigör utrymme eller välj en annan plats "
            "och försök igen."
        )
    if isinstance(error, PermissionError):
        return _tr(
            "Rapporten sparades inte: du får inte skriva i mappen {folder}, eller så är filen "
            "{name} öppen i ett annat program. Välj en annan plats eller stäng filen och försök "
            "igen."
        ).format(folder=target.parent, name=target.name)
    if isinstance(error, FileNotFoundError):
        return _tr(
            "Rapporten sparades inte: mappen {folder} finns inte. Välj en annan plats."
        ).format(folder=target.parent)
    return _tr(
        "Rapporten sparades inte i mappen {folder}. Kontrollera att mappen finns och går att "
        "skriva i, och försök igen."
    ).format(folder=target.parent)


def choose_report_target(parent: QWidget | None, suggestion: Path) -> Path | None:
    """Ask where the report goes; None if the user cancels. Qt's dialog asks before it
    replaces an existing file."""
    name, _ = QFileDialog.getSaveFileName(
        parent, _tr("Spara importrapporten"), str(suggestion), _tr("Textfiler (*.txt)")
    )
    if not name:
        return None
    path = Path(name)
    return path if path.suffix.lower() == ".txt" else path.with_name(path.name + ".txt")
