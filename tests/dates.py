"""Dates for tests, counted from the real today (the services' default)."""

from __future__ import annotations

import datetime as dt

TODAY = dt.date.today()


def day(offset: int) -> str:
    """The ISO date ``offset`` days from today."""
    return (TODAY + dt.timedelta(days=offset)).isoformat()
