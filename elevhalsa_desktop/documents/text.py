"""User text made safe for a printed document.

Names and notes come from people: decomposed letters from a Mac keyboard, "<" in a note, emoji,
letters from scripts the embedded font lacks. Everything printed goes through ``printable`` (for
text drawn straight on the canvas) or ``para_text`` (for ReportLab's Paragraph mini-markup), so a
character is either printed as typed or replaced by a visible marker – never silently dropped,
never taken for markup.
"""

from __future__ import annotations

import re
import unicodedata
from xml.sax.saxutils import escape

from .fonts import drawable_code_points

# What the reader sees in place of characters the font cannot draw. A run of them (an emoji
# with its skin tone and joiners, a name in a script the font lacks) becomes one marker.
SYMBOL_MARKER = "[symbol]"
UNKNOWN_MARKER = "[?]"

_LINE_BREAKS = re.compile(r"\r\n|\r|\u2028|\u2029|\x0b|\x0c|\x85")

# Invisible characters that only shape their neighbours: the zero-width joiner, variation
# selectors, emoji skin tones and tag characters. Where the font lacks them they belong to the
# run of their neighbour, so "👩‍👧" is one marker, not three.
JOINERS = frozenset(
    [0x200D, *range(0xFE00, 0xFE10), *range(0x1F3FB, 0x1F400), *range(0xE0020, 0xE0080)]
)


def printable(user_text: str) -> str:
    """NFC text with every character the font cannot draw replaced by a visible marker.

    Line breaks are normalised to "\\n" and tabs to spaces; control characters are removed
    (they have no picture to lose).
    """
    text = _LINE_BREAKS.sub("\n", unicodedata.normalize("NFC", user_text)).replace("\t", " ")
    drawable = drawable_code_points()
    out: list[str] = []
    pending: str | None = None  # the marker of the run being collected
    for char in text:
        code = ord(char)
        category = unicodedata.category(char)
        if category == "Cc" and char != "\n":
            continue  # the font maps some of them to an empty glyph; they have no picture
        if (code in JOINERS or category == "Cf") and (pending or code not in drawable):
            continue  # invisible; it never ends a run, so a joined emoji stays one marker
        if pending and category in ("Mn", "Me"):
            continue  # an accent on a replaced letter: the marker stands for both
        if code in drawable or char == "\n":
            pending = _flush(out, pending)
            out.append(char)
        elif category == "Zs":
            pending = _flush(out, pending)
            out.append(" ")
        elif category.startswith("S"):
            pending = pending or SYMBOL_MARKER
        else:
            pending = pending or UNKNOWN_MARKER
    _flush(out, pending)
    return "".join(out)


def _flush(out: list[str], marker: str | None) -> None:
    """End a run of replaced characters: its marker goes out, and no run is pending."""
    if marker:
        out.append(marker)


def para_text(user_text: str) -> str:
    """``printable`` text escaped for a ReportLab Paragraph: "<b>" in a note prints as "<b>",
    and each line break stays a line break."""
    return markup(printable(user_text))


def markup(printable_text: str) -> str:
    """Text that has been through ``printable``, escaped for a Paragraph."""
    return escape(printable_text).replace("\n", "<br/>")
