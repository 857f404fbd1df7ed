"""Timestamps and ids for records. One place, so tests and imports agree on the format."""

from __future__ import annotations

import datetime as _dt
import uuid


def now_iso() -> str:
    """Local time with its UTC offset, to the second: 2026-11-23T16:30:00+01:00."""
    return _dt.datetime.now().astimezone().isoformat(timespec="seconds")


def new_id() -> str:
    """A UUID for records that may travel between case files (handovers, exchange packets)."""
    return str(uuid.uuid4())
