"""Lenient reading of single cells: dates, minutes and clock times as Swedish school systems and
Excel write them. Each function returns a clean value or raises ValueError with a Swedish
sentence that can be shown as the reason a row was skipped.

A message repeats the cell's text only when it cannot be personal data (see ``shown``): a
skip report may be saved to a file, and a column chosen by mistake could hold names or civic
numbers.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
import unicodedata

# Excel counts days from 1899-12-30 (its 1900 leap-year bug is folded into that epoch).
_EXCEL_EPOCH = _dt.date(1899, 12, 30)
# A serial number outside these years is far more likely a wrongly chosen column (minutes, an
# id) than a date a school system wrote.
_SERIAL_FIRST = (_dt.date(1950, 1, 1) - _EXCEL_EPOCH).days
_SERIAL_LAST = (_dt.date(2099, 12, 31) - _EXCEL_EPOCH).days

_YEAR_FIRST = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ].*)?$")
_DAY_FIRST = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:[T ].*)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_SERIAL = re.compile(r"^\d{1,5}(?:[.,]\d+)?$")

_TIME = re.compile(r"^(\d{1,2})[:.,](\d{2})(?::\d{2}(?:[.,]\d+)?)?$")
_TIME_COMPACT = re.compile(r"^(\d{1,2})(\d{2})$")
_TIME_RANGE = re.compile(r"^(\S+)\s*(?:-|–|—|till)\s*(\S+)$")

# Spaces that Excel and Swedish locales put between thousands.
_THOUSANDS_SPACES = str.maketrans("", "", " \u00a0\u202f\u2009")
_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")
_MINUTE_UNITS = re.compile(r"\s*(?:minuter|min\.?|m)$", re.IGNORECASE)
# Far more than any sum a file can hold for one row; stops absurd numbers early.
_MAX_MINUTES = 10_000_000

_SAFE_TO_SHOW = re.compile(r"^[\d\s.,:/+T-]{1,19}$")


def shown(value: object) -> str:
    """The cell's text when it may appear in a message, else ''. Only short runs of digits and
    date punctuation with at most eight digits pass: a civic number has ten or twelve."""
    text = display_text(value)
    if _SAFE_TO_SHOW.match(text) and sum(c.isdigit() for c in text) <= 8:
        return text
    return ""


def is_empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def clean_text(value: object) -> str:
    """A cell as tidy text: NFC (files from a Mac may hold decomposed å, ä, ö), single spaces."""
    text = display_text(value)
    if not text:
        return ""
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return " ".join(text.split())


def display_text(value: object) -> str:
    """A cell as a person would see it in the spreadsheet."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, _dt.datetime):
        if value.time() == _dt.time(0, 0):
            return value.date().isoformat()
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, _dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(value).replace(".", ",")
    return str(value).strip()


def parse_date(value: object) -> _dt.date:
    """A date from ISO text, 20261123, 23/11/2026, 23.11.2026, 23-11-2026, an ISO timestamp,
    an Excel serial number (also as text) or a date object from a spreadsheet."""
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, bool):
        raise ValueError("Värdet är inget datum. Skriv datum som ÅÅÅÅ-MM-DD.")
    if isinstance(value, int | float):
        return _from_serial(value, display_text(value))
    text = display_text(value)
    if not text:
        raise ValueError("Datum saknas.")
    for pattern, order in ((_YEAR_FIRST, "ymd"), (_DAY_FIRST, "dmy"), (_COMPACT, "ymd")):
        match = pattern.match(text)
        if match:
            parts = dict(zip(order, (int(g) for g in match.groups()), strict=True))
            try:
                return _dt.date(parts["y"], parts["m"], parts["d"])
            except ValueError:
                raise ValueError(f"{_date_text(parts)} är inget riktigt datum.") from None
    if _SERIAL.match(text):
        return _from_serial(float(text.replace(",", ".")), text)
    raise ValueError(_not_a(text, "inget datum", "Skriv datum som ÅÅÅÅ-MM-DD."))


def _date_text(parts: dict[str, int]) -> str:
    return f"{parts['y']:04d}-{parts['m']:02d}-{parts['d']:02d}"


def _from_serial(number: float, text: str) -> _dt.date:
    if not math.isfinite(number) or not _SERIAL_FIRST <= number <= _SERIAL_LAST:
        raise ValueError(_not_a(text, "inget datum", "Skriv datum som ÅÅÅÅ-MM-DD."))
    return _EXCEL_EPOCH + _dt.timedelta(days=int(number))


def parse_minutes(value: object, empty_allowed: bool = False) -> int:
    """Whole minutes from 45, "45,0", "45.5", "1 200" or "45 min"; halves round up."""
    if is_empty(value):
        if empty_allowed:
            return 0
        raise ValueError("Antal minuter saknas.")
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError(_not_a(value, "inte ett antal minuter"))
    if isinstance(value, int):
        number: float = value
    elif isinstance(value, float):
        number = value
    else:
        number = _number_from_text(value)
    if not math.isfinite(number):
        raise ValueError(_not_a(value, "inte ett antal minuter"))
    if number < 0:
        raise ValueError("Minuter kan inte vara negativa.")
    if number > _MAX_MINUTES:
        raise ValueError("Antalet minuter är orimligt stort.")
    return math.floor(number + 0.5)


def _number_from_text(value: str) -> float:
    text = _MINUTE_UNITS.sub("", value.strip()).translate(_THOUSANDS_SPACES)
    text = text.replace("\u2212", "-")  # the minus sign some locales write
    if "," in text and "." in text:
        # Whichever comes last separates the decimals; the other groups thousands.
        thousands = "." if text.rfind(",") > text.rfind(".") else ","
        text = text.replace(thousands, "")
    text = text.replace(",", ".")
    if not _NUMBER.match(text):
        raise ValueError(_not_a(value, "inte ett antal minuter"))
    return float(text)


def parse_time(value: object) -> str:
    """A clock time as "HH:MM" from "08:15", "8:15", "8.15", "0815", "08:15:00", a time or
    datetime from a spreadsheet, or Excel's fraction of a day (0.34375 is 08:15)."""
    if isinstance(value, _dt.datetime):
        return f"{value.hour:02d}:{value.minute:02d}"
    if isinstance(value, _dt.time):
        return f"{value.hour:02d}:{value.minute:02d}"
    if isinstance(value, float) and 0 <= value < 1:
        minutes = round(value * 24 * 60)
        return _clock(minutes // 60, minutes % 60, display_text(value))
    text = display_text(value)
    if not text:
        raise ValueError("Klockslag saknas.")
    match = _TIME.match(text) or _TIME_COMPACT.match(text)
    if not match:
        raise ValueError(
            _not_a(text, "inget klockslag", "Skriv tiden som TT:MM, till exempel 08:15.")
        )
    return _clock(int(match.group(1)), int(match.group(2)), text)


def _clock(hour: int, minute: int, text: str) -> str:
    if hour > 23 or minute > 59:
        raise ValueError(_not_a(text, "inget klockslag", "Timmen ska vara 0–23 och minuten 0–59."))
    return f"{hour:02d}:{minute:02d}"


def split_time_range(value: object) -> tuple[str, str] | None:
    """Start and end from one cell such as "08:15-09:15" or "8.15 – 9.15", else None."""
    if not isinstance(value, str):
        return None
    match = _TIME_RANGE.match(value.strip())
    if not match:
        return None
    try:
        return parse_time(match.group(1)), parse_time(match.group(2))
    except ValueError:
        return None


def minutes_between(start: str, end: str) -> int:
    """Minutes from one "HH:MM" to a later one the same day."""
    begin = int(start[:2]) * 60 + int(start[3:])
    finish = int(end[:2]) * 60 + int(end[3:])
    if finish < begin:
        raise ValueError(f"Sluttiden {end} är före starttiden {start}.")
    return finish - begin


def _not_a(value: object, what: str, hint: str = "") -> str:
    text = shown(value)
    sentence = f"{text} är {what}." if text else f"Värdet är {what}."
    return f"{sentence} {hint}" if hint else sentence
