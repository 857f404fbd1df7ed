"""Per-computer settings (window geometry, recent files, the last user per file).

Stored as an INI file under config_dir(). Only file paths, ids and sizes: never case data.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QSettings

from .. import config

RECENT_MAX = 8


def local_settings() -> QSettings:
    return QSettings(str(config.settings_file()), QSettings.Format.IniFormat)


def recent_files(settings: QSettings) -> list[Path]:
    value = settings.value("recent/files", [])
    if isinstance(value, str):  # QSettings returns a lone entry as a string
        value = [value]
    return [Path(p) for p in value or []]


def remember_file(settings: QSettings, path: Path) -> None:
    paths = [str(path.resolve())] + [str(p) for p in recent_files(settings) if p != path.resolve()]
    settings.setValue("recent/files", paths[:RECENT_MAX])
    settings.sync()


def forget_file(settings: QSettings, path: Path) -> None:
    settings.setValue("recent/files", [str(p) for p in recent_files(settings) if p != path])
    settings.sync()


def _user_key(path: Path) -> str:
    # A digest of the path, so the key stays a plain INI key whatever the path contains.
    return "users/" + hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:16]


def user_for_file(settings: QSettings, path: Path) -> str | None:
    value = settings.value(_user_key(path))
    return str(value) if value else None


def remember_user_for_file(settings: QSettings, path: Path, user_id: str) -> None:
    settings.setValue(_user_key(path), user_id)
    settings.sync()


# Backups: where this computer puts a file's backups (a USB stick is E:\ here, /media/... there,
# so the folder is a choice per computer and never travels inside the case file).
def _backup_key(path: Path) -> str:
    return "backups/" + hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:16]


def backup_folder_for(settings: QSettings, path: Path) -> Path | None:
    """The folder chosen on this computer for the backups of the case file at ``path``."""
    value = settings.value(_backup_key(path))
    return Path(str(value)) if value else None


def remember_backup_folder(settings: QSettings, path: Path, folder: Path | None) -> None:
    """Remember ``folder`` for the backups of ``path``; None goes back to the default (the
    folder "Säkerhetskopior" next to the case file)."""
    if folder is None:
        settings.remove(_backup_key(path))
    else:
        settings.setValue(_backup_key(path), str(folder))
    settings.sync()
