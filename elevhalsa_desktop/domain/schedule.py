"""When follow-ups happen: "in six weeks", "every fourth week until June".

python-dateutil does the calendar arithmetic: relativedelta for an offset that respects month
lengths, rrule for a recurring series.
"""

from __future__ import annotations

import datetime as _dt

from dateutil.relativedelta import relativedelta
from dateutil.rrule import WEEKLY, rrule

from .pupil import ValidationError

MAX_FOLLOW_UPS = 52  # a year of weekly follow-ups; more is a typing mistake


def in_weeks(start: _dt.date, weeks: int) -> _dt.date:
    return start + relativedelta(weeks=+weeks)


def in_months(start: _dt.date, months: int) -> _dt.date:
    """Same day of the month, or the month's last day (31 January + 1 month = 28/29 February)."""
    return start + relativedelta(months=+months)


def school_year_end(today: _dt.date) -> _dt.date:
    """Mid-June of the school year that ``today`` falls in (a school year runs August–June)."""
    year = today.year if today.month <= 6 else today.year + 1
    return _dt.date(year, 6, 15)


def every_weeks(first: _dt.date, interval: int, until: _dt.date) -> list[_dt.date]:
    """``first`` and every ``interval``-th week after it, up to and including ``until``."""
    if interval < 1:
        raise ValidationError(
            {"interval": "Ange hur många veckor det ska gå mellan uppföljningarna."}
        )
    if until < first:
        raise ValidationError(
            {
                "until": "Slutdatumet ligger före den första uppföljningen. Välj ett senare slutdatum."
            }
        )
    dates = [d.date() for d in rrule(WEEKLY, interval=interval, dtstart=first, until=until)]
    if len(dates) > MAX_FOLLOW_UPS:
        raise ValidationError(
            {
                "until": f"Det blir {len(dates)} uppföljningar. Välj ett glesare schema (högst {MAX_FOLLOW_UPS})."
            }
        )
    return dates


def check_not_past(dates: list[_dt.date], today: _dt.date) -> None:
    past = [d for d in dates if d < today]
    if past:
        raise ValidationError(
            {
                "due_on": f"Uppföljningen {past[0]:%Y-%m-%d} ligger i det förflutna. Välj ett datum från i dag och framåt."
            }
        )
