"""Text rules shared by lists and documents: Swedish alphabetical order and search folding."""

from __future__ import annotations

import unicodedata

# Swedish order puts Å, Ä, Ö after Z (in that order); é sorts as e and ü as y, as in a Swedish
# dictionary. Danish/Norwegian Æ and Ø sort as Ä and Ö.
_SWEDISH = str.maketrans(
    {
        "å": "z\x01",
        "ä": "z\x02",
        "æ": "z\x02",
        "ö": "z\x03",
        "ø": "z\x03",
        "ü": "y",
        "é": "e",
        "è": "e",
        "á": "a",
        "à": "a",
    }
)


def swedish_sort_key(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold().translate(_SWEDISH)


def search_fold(text: str) -> str:
    """Case- and form-insensitive text for matching what a user types (NFC, casefolded)."""
    return unicodedata.normalize("NFC", text).casefold()
