"""Text rules shared by lists and documents: Swedish alphabetical order and search folding."""

from __future__ import annotations

import unicodedata

# Swedish order puts Å, Ä, Ö after Z, in that order (the three characters after "z" in ASCII
# stand in for them). Æ and Ø sort as Ä and Ö and ü as y, as in a Swedish dictionary; other
# accented letters sort as their base letter (é as e, č as c).
_SWEDISH = {"å": "{", "ä": "|", "æ": "|", "ö": "}", "ø": "}", "ü": "y"}


def swedish_sort_key(text: str) -> str:
    folded = unicodedata.normalize("NFC", text).casefold()
    out = []
    for char in folded:
        if char in _SWEDISH:
            out.append(_SWEDISH[char])
        elif char.isascii():
            out.append(char)
        else:
            base = unicodedata.normalize("NFD", char)
            out.append("".join(c for c in base if not unicodedata.combining(c)))
    return "".join(out)


def search_fold(text: str) -> str:
    """Case- and form-insensitive text for matching what a user types (NFC, casefolded)."""
    return unicodedata.normalize("NFC", text).casefold()
