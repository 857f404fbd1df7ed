"""A pupil's year ("årskurs") as the register stores it: "F" for förskoleklass, "1".."10",
"G1".."G4" for upper secondary, or '' when it cannot be told."""

from __future__ import annotations

import re

_PREFIX = re.compile(r"^(?:årskurs|åk|ak|år|klass)\s*\.?\s*")
_PRESCHOOL = re.compile(r"^(?:förskoleklass|fsk|f)(?:$|[\s_\-.]|\d|[a-zåäö]$)")
_UPPER_SECONDARY = re.compile(r"^(?:g|gy|gymnasiet)\s*([1-4])$")
_LEADING_NUMBER = re.compile(r"^(\d{1,2})(?!\d)")


def school_year(text: str) -> str:
    """From a year column: "7", "åk 7", "Årskurs 07", "F", "Fsk", "0", "G2"."""
    folded = _PREFIX.sub("", " ".join(text.casefold().split()))
    if folded in ("f", "fsk", "förskoleklass", "0"):
        return "F"
    if folded.isdigit() and 1 <= int(folded) <= 10:
        return str(int(folded))
    match = _UPPER_SECONDARY.match(folded)
    return f"G{match.group(1)}" if match else ""


def year_from_class(class_name: str) -> str:
    """From a class name: "7B" and "7 B" give "7", "F-A", "FA" and "Fsk B" give "F". Upper
    secondary names ("TE22A") carry the year of entry, not the year, and give ''."""
    folded = " ".join(class_name.casefold().split())
    match = _LEADING_NUMBER.match(folded)
    if match:
        number = int(match.group(1))
        return str(number) if 1 <= number <= 10 else ("F" if number == 0 else "")
    return "F" if _PRESCHOOL.match(folded) else ""


def year_from_enrolment(school_year_number: int, school_type: str) -> str:
    """From SS 12000 Enrolment.schoolYear (0 is förskoleklass) and schoolType."""
    if school_type.upper() in ("GY", "GYS") and 1 <= school_year_number <= 4:
        return f"G{school_year_number}"
    if school_year_number == 0:
        return "F"
    return str(school_year_number) if 1 <= school_year_number <= 10 else ""
