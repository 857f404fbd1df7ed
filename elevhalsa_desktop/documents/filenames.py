"""Default file names for printed documents.

A file name is seen by anyone who sees a folder, a mail attachment or a USB stick, so it carries
the kind of document, the class, the pupil's initials and the date – never a name or a civic
number. The name is also safe on Windows, the strictest of the systems the program runs on.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

# Characters Windows forbids in file names, and control characters.
_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_MAX_STEM = 120  # well inside Windows' 260-character path limit with a deep folder


def default_file_name(kind: str, class_name: str, given: str, family: str, on: date) -> str:
    """E.g. "Åtgärdsprogram 7B ÅÖ 2026-11-23.pdf"; parts that are empty are left out."""
    parts = [_clean(kind), _clean(class_name), initials(given, family), on.isoformat()]
    stem = " ".join(p for p in parts if p)[:_MAX_STEM]
    # Windows drops trailing dots and spaces, which would make two names the same file.
    return stem.rstrip(". ") + ".pdf"


def tagged_file_name(kind: str, class_name: str, given: str, family: str, tag: str) -> str:
    """E.g. "Överlämning 6A EÖ 1a2b.pdf": for files printed together into one folder. ``tag``
    (a few characters of the record's id) tells two pupils with the same initials in a class
    apart and stays the same from print to print, so printing again replaces the old file."""
    parts = [_clean(kind), _clean(class_name), initials(given, family), _clean(tag)]
    stem = " ".join(p for p in parts if p)[:_MAX_STEM]
    return stem.rstrip(". ") + ".pdf"


def initials(given: str, family: str) -> str:
    """The first letter of the given and of the family name, in capitals: "ÅÖ" for
    "åsa Öberg", "AV" for "Anna van Dijk"."""
    return "".join(_first_letter(name) for name in (given, family))


def _first_letter(name: str) -> str:
    for char in unicodedata.normalize("NFC", name):
        if char.isalpha():
            return char.upper()
    return ""


def _clean(text: str) -> str:
    text = _FORBIDDEN.sub("-", unicodedata.normalize("NFC", text))
    return " ".join(text.split()).strip(". ")
