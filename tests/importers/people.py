"""The fictional pupils and guardians of the sample files. Civic numbers are computed with a
correct check digit from made-up dates and serials, never copied from a real person; e-mail
addresses are @example.com and telephone numbers come from the series 070-1740605..99 that is
kept for fiction."""

from __future__ import annotations

from elevhalsa_desktop.domain.civic_no import luhn_check_digit


def civic_no(yyyymmdd: str, serial: str) -> str:
    """``YYYYMMDD-NNNC`` with the Luhn digit over YYMMDDNNN."""
    return f"{yyyymmdd}-{serial}{luhn_check_digit(yyyymmdd[2:] + serial)}"


def wrong_check_digit(number: str) -> str:
    return number[:-1] + str((int(number[-1]) + 1) % 10)


ASA = civic_no("20130214", "242")  # Åsa Åström, 7B
ORJAN = civic_no("20130509", "391")  # Örjan Öberg, 7B
ELIN = civic_no("20131102", "286")  # Elin Ängström, 7B
LIV = civic_no("20200817", "144")  # Liv Fors, F-A
NOA = civic_no("20110321", "157")  # Noa Lind, 9C
BROKEN = wrong_check_digit(civic_no("20130630", "118"))
