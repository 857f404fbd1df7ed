"""Where the program keeps its own files. Nothing here runs at import time.

``ELEVHALSA_HOME`` moves everything (settings, logs, the default folder for new case files) into
one folder: tests use it so they never touch the real home, and a portable install on a USB stick
sets it beside the program.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "Elevhalsa"
APP_AUTHOR = "Elevhalsa"


def _home_override() -> Path | None:
    value = os.environ.get("ELEVHALSA_HOME")
    return Path(value) if value else None


def config_dir() -> Path:
    home = _home_override()
    path = home / "config" if home else Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_dir() -> Path:
    home = _home_override()
    path = home / "logs" if home else Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path


def settings_file() -> Path:
    """The per-computer settings (window size, recent files): file paths only, never case data."""
    return config_dir() / "settings.ini"


def default_case_dir() -> Path:
    """Where the wizard suggests a new case file: the user's documents folder."""
    home = _home_override()
    if home:
        path = home / "Dokument"
        path.mkdir(parents=True, exist_ok=True)
        return path
    return Path(platformdirs.user_documents_dir())
