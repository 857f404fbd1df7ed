"""Default file names: kind, class, initials and date – never a name or a civic number."""

from __future__ import annotations

import unicodedata
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from elevhalsa_desktop.documents.filenames import default_file_name, initials

DAY = date(2026, 11, 23)


def test_kind_class_initials_and_date():
    name = default_file_name("Åtgärdsprogram", "7B", "Åsa", "Öberg", DAY)
    assert name == "Åtgärdsprogram 7B ÅÖ 2026-11-23.pdf"


def test_no_full_name_even_for_long_and_compound_names():
    name = default_file_name("Handlingsplan", "9A", "Anna-Karin", "van der Berg", DAY)
    assert name == "Handlingsplan 9A AV 2026-11-23.pdf"
    assert "Anna" not in name
    assert "Berg" not in name


def test_decomposed_and_lower_case_letters_give_composed_capitals():
    assert initials(unicodedata.normalize("NFD", "åsa"), "łukasz") == "ÅŁ"


def test_characters_windows_forbids_are_replaced():
    name = default_file_name("Kartläggning", '7B/C:"x"?', "Li", "Wu", DAY)
    assert name == "Kartläggning 7B-C--x-- LW 2026-11-23.pdf"


def test_empty_parts_are_left_out():
    assert default_file_name("Extra anpassningar", "", "", "", DAY) == (
        "Extra anpassningar 2026-11-23.pdf"
    )


names = st.text(st.characters(categories=["L"]), min_size=2, max_size=20)


@given(given_name=names, family=names)
def test_neither_name_is_ever_in_the_file_name(given_name, family):
    name = default_file_name("Plan", "7B", given_name, family, DAY)
    stem = name.removesuffix(".pdf")
    assert stem.split(" ")[:2] == ["Plan", "7B"]
    assert stem.endswith("2026-11-23")
    assert len(stem.split(" ")[2]) <= 6  # two initials (a capital can be up to three letters)
    assert not any(c in name for c in '<>:"/\\|?*')
