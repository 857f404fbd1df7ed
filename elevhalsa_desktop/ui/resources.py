"""Icons and the style sheet, read from the installed package ``elevhalsa_desktop.resources``.

Read through importlib.resources so the same code works from a checkout, an installed wheel and a
frozen build. Loaded on first use, never at import time.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from PySide6.QtGui import QIcon

_PACKAGE = "elevhalsa_desktop.resources"


@cache
def icon(name: str) -> QIcon:
    """The SVG icon ``resources/icons/<name>.svg``; an empty icon if it is missing, so a lost file
    costs a picture, not the window."""
    path = resources.files(_PACKAGE).joinpath("icons", f"{name}.svg")
    return QIcon(str(path)) if path.is_file() else QIcon()


@cache
def style_sheet() -> str:
    path = resources.files(_PACKAGE).joinpath("styles", "app.qss")
    return path.read_text(encoding="utf-8") if path.is_file() else ""
