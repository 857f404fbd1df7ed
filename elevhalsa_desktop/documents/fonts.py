"""The embedded fonts: Noto Sans in four faces, registered with ReportLab once per process.

Noto Sans covers Swedish and the Latin, Greek and Cyrillic letters of pupils' names (Ł, Ő, Ş,
Vietnamese). Embedding it means a document looks the same on every computer and printer.
"""

from __future__ import annotations

import threading
from functools import cache
from importlib import resources

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FAMILY = "NotoSans"
BOLD = "NotoSans-Bold"
ITALIC = "NotoSans-Italic"
BOLD_ITALIC = "NotoSans-BoldItalic"

# Registered name -> file in resources/fonts. The regular face carries the family's name, so a
# style with fontName=FAMILY switches to the right face for <b> and <i> in Paragraph markup.
_FACES = {
    FAMILY: "NotoSans-Regular.ttf",
    BOLD: "NotoSans-Bold.ttf",
    ITALIC: "NotoSans-Italic.ttf",
    BOLD_ITALIC: "NotoSans-BoldItalic.ttf",
}

# Batch printing runs off the GUI thread: two first prints at once must not register twice.
_lock = threading.Lock()
_registered = False


def register_fonts() -> str:
    """Register the four faces and their family (only the first call does work); returns the
    family name to use as a style's ``fontName``."""
    global _registered
    with _lock:
        if _registered:
            return FAMILY
        fonts = resources.files("elevhalsa_desktop.resources").joinpath("fonts")
        for name, file_name in _FACES.items():
            # as_file: the font may sit inside a zip in a frozen build; TTFont reads it whole.
            with resources.as_file(fonts.joinpath(file_name)) as path:
                pdfmetrics.registerFont(TTFont(name, str(path)))
        # The family maps both ways: <b> in a regular style finds BOLD, and <i> in a style whose
        # font is BOLD finds BOLD_ITALIC.
        pdfmetrics.registerFontFamily(
            FAMILY, normal=FAMILY, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC
        )
        _registered = True
    return FAMILY


@cache
def drawable_code_points() -> frozenset[int]:
    """The characters every face can draw. Text is checked against all four, so a name that
    prints in body text does not turn into empty boxes in a bold heading."""
    register_fonts()
    maps = [pdfmetrics.getFont(name).face.charToGlyph for name in _FACES]
    common = set(maps[0])
    for other in maps[1:]:
        common.intersection_update(other)
    return frozenset(common)
