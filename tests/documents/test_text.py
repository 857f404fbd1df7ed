"""User text in a document: printed as typed, never taken for markup, never silently lost."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.platypus import Paragraph

from elevhalsa_desktop.documents.fonts import drawable_code_points
from elevhalsa_desktop.documents.styles import styles
from elevhalsa_desktop.documents.text import (
    JOINERS,
    SYMBOL_MARKER,
    UNKNOWN_MARKER,
    para_text,
    printable,
)


def test_markup_in_a_note_is_escaped():
    assert para_text("Se <b>detta</b> & <br/> det") == (
        "Se &lt;b&gt;detta&lt;/b&gt; &amp; &lt;br/&gt; det"
    )


def test_line_breaks_stay_line_breaks():
    assert para_text("rad ett\r\nrad två\rrad tre") == "rad ett<br/>rad två<br/>rad tre"


def test_names_from_many_languages_print_as_typed():
    for name in ["Åsa Öberg-Ähl", "Łukasz Wójcik", "Ődön Şahin", "Nguyễn Thị Ánh", "Zoë Ćirić"]:
        assert printable(name) == name


def test_decomposed_letters_are_composed():
    decomposed = unicodedata.normalize("NFD", "Nguyễn Åsa")
    assert decomposed != "Nguyễn Åsa"
    assert printable(decomposed) == "Nguyễn Åsa"


def test_an_emoji_is_replaced_visibly():
    assert printable("Bra dag 😀 idag") == f"Bra dag {SYMBOL_MARKER} idag"


def test_a_joined_emoji_becomes_one_marker():
    # Family (with zero-width joiners), thumbs up with skin tone, a flag.
    assert printable("👩‍👩‍👧 👍🏽 🇸🇪") == f"{SYMBOL_MARKER} {SYMBOL_MARKER} {SYMBOL_MARKER}"


def test_letters_the_font_lacks_are_replaced_visibly():
    assert printable("李明 Li") == f"{UNKNOWN_MARKER} Li"
    assert printable("李\u0301 Li") == f"{UNKNOWN_MARKER} Li"  # with its accent


def test_control_characters_vanish_and_tabs_become_spaces():
    assert printable("a\tb\x00c\x07d") == "a bcd"


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_prints_without_error_and_only_with_drawable_characters(text):
    result = printable(text)
    drawable = drawable_code_points()
    assert all(ord(c) in drawable or c == "\n" for c in result)
    # ReportLab's markup parser accepts whatever para_text makes of it.
    Paragraph(para_text(text), styles().body).wrap(400, 10_000)


def _visible(char: str) -> bool:
    return unicodedata.category(char)[0] not in "CZ" and ord(char) not in JOINERS


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters().filter(_visible)))
def test_a_visible_character_is_never_dropped(text):
    """Each character is printed, or a marker stands where it (and its run) was."""
    composed = unicodedata.normalize("NFC", text)
    drawable = drawable_code_points()
    result = printable(text)
    kept, replacing = "", False
    for c in composed:
        if replacing and unicodedata.category(c) in ("Mn", "Me"):
            continue  # an accent on a replaced letter goes with it into the marker
        replacing = ord(c) not in drawable
        kept += "" if replacing else c
    unmarked = result.replace(SYMBOL_MARKER, "").replace(UNKNOWN_MARKER, "")
    assert unmarked == kept.replace(SYMBOL_MARKER, "").replace(UNKNOWN_MARKER, "")
    if any(ord(c) not in drawable for c in composed):
        assert SYMBOL_MARKER in result or UNKNOWN_MARKER in result
