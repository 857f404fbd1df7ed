import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from elevhalsa_desktop.domain import civic_no
from elevhalsa_desktop.domain.civic_no import CivicNoError, luhn_check_digit, parse

TODAY = dt.date(2026, 11, 23)


def make(born: dt.date, serial: int, coordination: bool = False) -> str:
    day = born.day + (60 if coordination else 0)
    nine = f"{born:%y%m}{day:02d}{serial:03d}"
    return f"{born:%Y%m}{day:02d}-{serial:03d}{luhn_check_digit(nine)}"


births = st.dates(min_value=dt.date(1920, 1, 1), max_value=TODAY)


@given(born=births, serial=st.integers(0, 999), coordination=st.booleans())
def test_every_number_with_the_right_check_digit_is_accepted(born, serial, coordination):
    text = make(born, serial, coordination)
    parsed = parse(text, TODAY)
    assert parsed.canonical == text
    assert parsed.birth_date == born
    assert parsed.is_coordination_number is coordination


@given(born=births, serial=st.integers(0, 999), wrong=st.integers(1, 9))
def test_any_other_check_digit_is_refused(born, serial, wrong):
    text = make(born, serial)
    bad = text[:-1] + str((int(text[-1]) + wrong) % 10)
    with pytest.raises(CivicNoError, match="Kontrollsiffran"):
        parse(bad, TODAY)


@given(born=st.dates(min_value=dt.date(1930, 1, 1), max_value=TODAY), serial=st.integers(0, 999))
def test_short_and_undashed_forms_mean_the_same_number(born, serial):
    full = make(born, serial)
    assert parse(full.replace("-", ""), TODAY).canonical == full
    if TODAY.year - born.year < 99:
        assert parse(full[2:], TODAY).canonical == full
        assert parse(full[2:].replace("-", ""), TODAY).canonical == full


def test_plus_sign_marks_a_centenarian():
    born = dt.date(1920, 5, 1)
    full = make(born, 123)
    assert parse(full[2:8] + "+" + full[9:], TODAY).canonical == full


@pytest.mark.parametrize(
    "text", ["20120230-1234", "20121301-1234", "20120100-1234", "20120192-1234"]
)
def test_impossible_dates_are_refused_with_a_sentence_about_the_date(text):
    with pytest.raises(CivicNoError, match="Datumet"):
        parse(text, TODAY)


def test_a_birth_date_in_the_future_is_refused():
    with pytest.raises(CivicNoError, match="framtiden"):
        parse(make(dt.date(2026, 11, 24), 1), TODAY)


@pytest.mark.parametrize("text", ["", "abc", "2012-03-14", "201203141234567", "20120314-12a4"])
def test_malformed_text_gets_the_format_explained(text):
    with pytest.raises(CivicNoError, match="ÅÅÅÅMMDD-NNNN"):
        parse(text, TODAY)


def test_mask_hides_the_last_four_and_keeps_empty_empty():
    assert civic_no.mask("20120314-1234") == "20120314-****"
    assert civic_no.mask("") == ""
    assert civic_no.normalise_or_empty("  ") == ""
