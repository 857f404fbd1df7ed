"""Choosing how to decode a text export. Swedish school systems write UTF-8 (with or without a
byte-order mark), Windows-1252 (Excel's "CSV (semikolonavgränsad)") or, from Excel's "Unicode
text", UTF-16. Guessing wrong turns every å, ä and ö in a name into something else, so the
choice is made from the bytes, not the file name."""

from __future__ import annotations

import codecs

_UTF8_OR_CP1252 = "elevhalsa-utf8-or-cp1252"


def _cp1252_for_broken_utf8(error: UnicodeError) -> tuple[str, int]:
    # A file that starts in UTF-8 can still hold a line pasted from a Windows-1252 file further
    # down; reading those bytes as Windows-1252 keeps the names instead of losing the line.
    if not isinstance(error, UnicodeDecodeError):
        raise error
    bad = error.object[error.start : error.end]
    return bytes(bad).decode("cp1252", errors="replace"), error.end


# Registering a named handler is the only way to give TextIOWrapper a custom fallback; the
# name is ours alone, so doing it once at import has no effect on anything else.
codecs.register_error(_UTF8_OR_CP1252, _cp1252_for_broken_utf8)


def choose_encoding(sample: bytes, at_end: bool) -> tuple[str, str]:
    """``(encoding, errors)`` for TextIOWrapper, from the first part of the file. ``at_end``
    says whether the sample is the whole file (a cut multibyte character is then an error)."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", _UTF8_OR_CP1252
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", "replace"
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(sample, final=at_end)
    except UnicodeDecodeError:
        return "cp1252", "replace"
    return "utf-8", _UTF8_OR_CP1252


def looks_binary(text: str) -> bool:
    """True for decoded text that no person would have typed: zero bytes or many control
    characters (a picture, a PDF, a Word file)."""
    if not text:
        return False
    if "\x00" in text:
        return True
    controls = sum(1 for c in text if c < " " and c not in "\t\r\n\x0c")
    return controls > max(2, len(text) // 100)
