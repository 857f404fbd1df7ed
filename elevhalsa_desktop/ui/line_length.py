"""Keep running text at a readable line length on wide windows."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

READABLE_CHARACTERS = 80


def readable_width(label: QLabel, characters: int = READABLE_CHARACTERS) -> None:
    """Let a wrapped label grow to about ``characters`` per line and no further. Measured in the
    label's own font, so the limit follows the font size and the screen's scale factor."""
    label.setWordWrap(True)
    label.setMaximumWidth(label.fontMetrics().averageCharWidth() * characters)
