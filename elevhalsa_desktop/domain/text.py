"""Text rules shared by lists and documents: Swedish alphabetical order and search folding."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

# Swedish order puts Å, Ä, Ö after Z, in that order (the three characters after "z" in ASCII
# stand in for them). Æ and Ø sort as Ä and Ö and ü as y, as in a Swedish dictionary; other
# accented letters sort as their base letter (é as e, č as c).
_SWEDISH = str.maketrans({"å": "{", "ä": "|", "æ": "|", "ö": "}", "ø": "}", "ü": "y"})


# Names repeat a great deal in a school (given names, family names, mentors), and a list of
# 10,000 pupils asks for tens of thousands of keys: remembering them makes a reload cheap.
@lru_cache(maxsize=16_384)
def swedish_sort_key(text: str) -> str:
    folded = unicodedata.normalize("NFC", text).casefold().translate(_SWEDISH)
    if folded.isascii():
        return folded
    decomposed = unicodedata.normalize("NFD", folded)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def search_fold(text: str) -> str:
    """Case- and form-insensitive text for matching what a user types (NFC, casefolded)."""
    return unicodedata.normalize("NFC", text).casefold()
