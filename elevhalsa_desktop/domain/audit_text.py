"""An audit entry's detail in words, for the pupil page, the log check and its printed extract.

The services write field names and status values as they are in the code ("fält: given_name,
class_name", "status: moved"), so the log stays the same whatever language the program runs in;
here they become words for the reader. Qt-free: the UI passes its translated words in, a
document uses the Swedish ones as they are.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable

from .pupil import PupilStatus

#: A pupil's fields by their names in the code, as a changed-fields entry names them.
PUPIL_FIELD_LABELS: dict[str, str] = {
    "given_name": "förnamn",
    "family_name": "efternamn",
    "civic_no": "personnummer",
    "year": "årskurs",
    "class_name": "klass",
    "school": "skola",
    "mentor": "mentor",
    "protected_identity": "skyddad folkbokföring",
    "address": "adress",
    "notes": "anteckningar",
    "status": "status",
    "guardians": "vårdnadshavare",
}
CHANGED_FIELDS = "ändrade fält: {fields}"
NEW_STATUS = "ny status: {status}"

_STATUS_VALUES = frozenset(status.value for status in PupilStatus)
_UUID = re.compile(r"\b([0-9a-f]{8})-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b")


def time_text(iso: str) -> str:
    """An entry's time as the reader wants it: "2026-11-23 16:30" (local time, to the minute)."""
    try:
        return _dt.datetime.fromisoformat(iso).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return iso


def short_ids(text: str) -> str:
    """Record ids cut to their first eight characters ("plan 1a2b3c4d version 3"): enough to
    tell records apart and to type on the command line, which takes the start of an id."""
    return _UUID.sub(r"\1", text)


def detail_text(
    detail: str,
    field_label: Callable[[str], str] | None = None,
    status_label: Callable[[PupilStatus], str] | None = None,
    changed: str = CHANGED_FIELDS,
    new_status: str = NEW_STATUS,
) -> str:
    """``detail`` as the reader should see it; a detail of any other kind comes back as it is."""
    if detail.startswith("fält: "):
        label = field_label or (lambda name: PUPIL_FIELD_LABELS.get(name, name))
        fields = [label(name.strip()) for name in detail[6:].split(",")]
        return changed.format(fields=", ".join(fields))
    if detail.startswith("status: "):
        value = detail[8:].strip()
        if value in _STATUS_VALUES:
            status = PupilStatus(value)
            return new_status.format(status=(status_label or (lambda s: s.label))(status))
    return detail
