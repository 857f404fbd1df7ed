import datetime as dt

import pytest

from elevhalsa_desktop.importers.values import (
    display_text,
    minutes_between,
    parse_date,
    parse_minutes,
    parse_time,
    shown,
    split_time_range,
)

NOV_23 = dt.date(2026, 11, 23)


@pytest.mark.parametrize(
    "value",
    [
        "2026-11-23",
        "20261123",
        "23/11/2026",
        "23.11.2026",
        "23-11-2026",
        "2026-11-23T08:15:00+01:00",
        "2026-11-23 08:15",
        " 2026-11-23 ",
        "2026/11/23",
        "46349",  # Excel's serial number, as text
        "46349,0",
        46349,
        46349.4,  # a date with a time of day in Excel
        dt.date(2026, 11, 23),
        dt.datetime(2026, 11, 23, 8, 15),
    ],
)
def test_dates_in_the_forms_swedish_school_systems_write(value):
    assert parse_date(value) == NOV_23


def test_excel_serial_numbers_are_counted_from_excels_epoch():
    # Hand-checked: 1 January 2026 is serial 46023 in Excel.
    assert parse_date(46023) == dt.date(2026, 1, 1)
    assert parse_date("46349") == NOV_23


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2026-02-30", "2026-02-30 är inget riktigt datum."),
        ("30/02/2026", "2026-02-30 är inget riktigt datum."),
        ("20261340", "2026-13-40 är inget riktigt datum."),
        ("", "Datum saknas."),
        (None, "Datum saknas."),
        ("45", "45 är inget datum. Skriv datum som ÅÅÅÅ-MM-DD."),
        ("igår", "Värdet är inget datum. Skriv datum som ÅÅÅÅ-MM-DD."),
        (True, "Värdet är inget datum. Skriv datum som ÅÅÅÅ-MM-DD."),
    ],
)
def test_impossible_dates_are_refused_with_a_sentence(value, message):
    with pytest.raises(ValueError) as error:
        parse_date(value)
    assert str(error.value) == message


def test_a_civic_number_in_a_date_column_is_not_repeated_in_the_message():
    with pytest.raises(ValueError) as error:
        parse_date("201302142425")
    assert "2013" not in str(error.value)


@pytest.mark.parametrize(
    ("value", "minutes"),
    [
        ("45", 45),
        ("45,0", 45),
        ("45.5", 46),  # halves round up
        ("44,4", 44),
        ("1 200", 1200),
        ("1\u00a0200", 1200),  # Excel's non-breaking space between thousands
        ("1.200,5", 1201),
        ("1,200.5", 1201),
        ("45 min", 45),
        (" 0 ", 0),
        (60, 60),
        (59.6, 60),
    ],
)
def test_minutes_with_decimal_comma_and_thousands_spaces(value, minutes):
    assert parse_minutes(value) == minutes


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("-5", "Minuter kan inte vara negativa."),
        (-0.5, "Minuter kan inte vara negativa."),
        ("\u22125", "Minuter kan inte vara negativa."),
        ("fyrtio", "Värdet är inte ett antal minuter."),
        ("4,5,6", "4,5,6 är inte ett antal minuter."),
        (float("nan"), "Värdet är inte ett antal minuter."),
        ("inf", "Värdet är inte ett antal minuter."),
        ("", "Antal minuter saknas."),
        (True, "Värdet är inte ett antal minuter."),
    ],
)
def test_minutes_that_cannot_be_right_are_refused(value, message):
    with pytest.raises(ValueError) as error:
        parse_minutes(value)
    assert str(error.value) == message


def test_empty_minutes_are_zero_only_when_the_caller_allows_it():
    assert parse_minutes("", empty_allowed=True) == 0
    assert parse_minutes(None, empty_allowed=True) == 0
    with pytest.raises(ValueError):
        parse_minutes(None)


@pytest.mark.parametrize(
    ("value", "time"),
    [
        ("08:15", "08:15"),
        ("8:15", "08:15"),
        ("8.15", "08:15"),
        ("0815", "08:15"),
        ("815", "08:15"),
        ("08:15:00", "08:15"),
        (dt.time(8, 15), "08:15"),
        (dt.datetime(2026, 11, 23, 8, 15), "08:15"),
        (0.34375, "08:15"),  # Excel's fraction of a day
        ("23:59", "23:59"),
    ],
)
def test_clock_times(value, time):
    assert parse_time(value) == time


@pytest.mark.parametrize("value", ["24:00", "8:60", "kl 8", "", "12345"])
def test_impossible_clock_times_are_refused(value):
    with pytest.raises(ValueError):
        parse_time(value)


def test_a_lesson_given_as_a_range_in_one_cell():
    assert split_time_range("08:15-09:15") == ("08:15", "09:15")
    assert split_time_range("8.15 – 9.15") == ("08:15", "09:15")
    assert split_time_range("08:15") is None
    assert minutes_between("08:15", "09:15") == 60
    with pytest.raises(ValueError, match="före starttiden"):
        minutes_between("09:15", "08:15")


def test_only_values_that_cannot_be_personal_data_are_shown():
    assert shown("2026-02-30") == "2026-02-30"
    assert shown("45,5") == "45,5"
    assert shown("Åsa") == ""
    assert shown("201302142425") == ""
    assert shown("130214-2425") == ""


def test_cells_are_displayed_as_in_the_spreadsheet():
    assert display_text(None) == ""
    assert display_text(45.0) == "45"
    assert display_text(45.5) == "45,5"
    assert display_text(dt.datetime(2026, 11, 23)) == "2026-11-23"
    assert display_text(dt.datetime(2026, 11, 23, 8, 15)) == "2026-11-23 08:15"
    assert display_text(dt.time(8, 15)) == "08:15"
