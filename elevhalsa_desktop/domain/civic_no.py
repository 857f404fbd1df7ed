"""Swedish civic registration numbers: personnummer and samordningsnummer.

A number is stored in one canonical form, ``YYYYMMDD-NNNC`` (twelve digits and a dash), so that
a search, a duplicate check and an import all compare the same text. A samordningsnummer has 60
added to the day of birth; the check digit is the Luhn digit over the ten digits YYMMDDNNN.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

_PATTERN = re.compile(r"^(\d{2})?(\d{2})(\d{2})(\d{2})([-+]?)(\d{3})(\d)$")
COORDINATION_DAY_OFFSET = 60


class CivicNoError(ValueError):
    """A civic number that cannot be right. The message is a Swedish sentence for the user."""


@dataclass(frozen=True)
class CivicNo:
    """A validated civic number in canonical form."""

    canonical: str  # YYYYMMDD-NNNC

    @property
    def birth_date(self) -> _dt.date:
        year, month, day = (
            int(self.canonical[:4]),
            int(self.canonical[4:6]),
            int(self.canonical[6:8]),
        )
        if day > COORDINATION_DAY_OFFSET:
            day -= COORDINATION_DAY_OFFSET
        return _dt.date(year, month, day)

    @property
    def is_coordination_number(self) -> bool:
        return int(self.canonical[6:8]) > COORDINATION_DAY_OFFSET

    @property
    def masked(self) -> str:
        return mask(self.canonical)

    def __str__(self) -> str:
        return self.canonical


def luhn_check_digit(nine_digits: str) -> int:
    """The Luhn check digit for the nine digits YYMMDDNNN."""
    total = 0
    for index, char in enumerate(nine_digits):
        product = int(char) * (2 if index % 2 == 0 else 1)
        total += product - 9 if product > 9 else product
    return (10 - total % 10) % 10


def parse(text: str, today: _dt.date | None = None) -> CivicNo:
    """Parse a civic number as people write it and return it in canonical form.

    Accepts ``YYYYMMDD-NNNC``, ``YYYYMMDDNNNC``, ``YYMMDD-NNNC``, ``YYMMDDNNNC`` and the ``+``
    separator that Skatteverket uses for people who are 100 or older. Spaces are ignored.
    """
    cleaned = re.sub(r"\s", "", text or "")
    match = _PATTERN.match(cleaned)
    if not match:
        raise CivicNoError(
            "Personnumret ska skrivas som ÅÅÅÅMMDD-NNNN (tolv siffror), till exempel 20120314-1234."
        )
    century, yy, mm, dd, separator, serial, check = match.groups()
    today = today or _dt.date.today()

    if century is None:
        # Short form: the century is the one that makes the person at most 99 years old,
        # or at least 100 when the '+' separator is used.
        year = _year_from_short(int(yy), today, centenarian=separator == "+")
    else:
        year = int(century + yy)

    month, day = int(mm), int(dd)
    birth_day = day - COORDINATION_DAY_OFFSET if day > COORDINATION_DAY_OFFSET else day
    try:
        born = _dt.date(year, month, birth_day)
    except ValueError:
        raise CivicNoError(
            f"Datumet i personnumret ({year:04d}-{mm}-{dd}) finns inte. Kontrollera år, månad och dag."
        ) from None
    if born > today:
        raise CivicNoError("Födelsedatumet i personnumret ligger i framtiden. Kontrollera året.")

    expected = luhn_check_digit(yy + mm + dd + serial)
    if int(check) != expected:
        raise CivicNoError(
            "Kontrollsiffran (den sista siffran) stämmer inte. Kontrollera att numret är rätt inskrivet."
        )
    return CivicNo(f"{year:04d}{mm}{dd}-{serial}{check}")


def _year_from_short(yy: int, today: _dt.date, centenarian: bool) -> int:
    year = today.year - today.year % 100 + yy
    if year > today.year:
        year -= 100
    if centenarian:
        year -= 100
    return year


def mask(canonical: str) -> str:
    """Show the date part only: ``20120314-****``. Empty stays empty."""
    if not canonical:
        return ""
    return canonical[:9] + "****"


def normalise_or_empty(text: str, today: _dt.date | None = None) -> str:
    """Canonical form, or '' for an empty field. Raises CivicNoError for a wrong number."""
    if not (text or "").strip():
        return ""
    return parse(text, today).canonical
