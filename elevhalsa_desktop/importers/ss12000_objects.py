"""The SS 12000 objects an import uses, read into small holders as they stream past. An export
is split over several files in any order (attendances before the calendar events they refer
to), so joining waits until everything is read (see ss12000.py).

Objects are told apart by their fields, not by the file they came in: exports name their
files freely, and objects also arrive inside other objects' ``_embedded``."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from functools import cache

from ..domain import civic_no
from .school_years import year_from_enrolment
from .values import clean_text, parse_date, parse_minutes

PROTECTED_MARKINGS = frozenset({"sekretessmarkering", "skyddad folkbokföring"})
ABSENCE_KINDS = {"beviljad ledighet": "Beviljad ledighet", "anmäld frånvaro": "Anmäld frånvaro"}


class ObjectProblem(Exception):
    """Why one object cannot be used: the JSON field ('' for the whole object) and a Swedish
    sentence without personal data."""

    def __init__(self, field: str, reason: str):
        super().__init__(reason)
        self.field = field
        self.reason = reason


def kind_of(obj: dict) -> str | None:
    """Which SS 12000 object this is, from the fields it has; "other" for an SS 12000 object
    the import does not use (organisations, activities, duties ...), None for anything else."""
    if "student" in obj:
        if "calendarEvent" in obj:
            return "attendance"
        if "startTime" in obj and "endTime" in obj:
            return "absence"
        if (
            "startDate" in obj
            and "endDate" in obj
            and ("attendanceSum" in obj or "offeredSum" in obj)
        ):
            return "aggregated"
    if "startTime" in obj and "endTime" in obj:
        return "event"
    if "groupType" in obj:
        return "group"
    if "givenName" in obj or "familyName" in obj or "civicNo" in obj:
        return "person"
    if isinstance(obj.get("id"), str) and ("meta" in obj or "displayName" in obj):
        return "other"
    return None


# --- small readers of JSON values ------------------------------------------------------------


def ref_id(value: object) -> str:
    """The id of an object or a reference to one ({"id": ...}); '' when there is none. Ids
    are compared exactly as written, in the objects and in the references to them."""
    if isinstance(value, dict):
        found = value.get("id")
        if type(found) is str:
            return found
        if type(found) is int:
            return str(found)
    return ""


def text(value: object) -> str:
    return clean_text(value) if isinstance(value, str | int | float) else ""


def minutes(obj: dict, key: str) -> int:
    value = obj.get(key)
    if type(value) is int and value >= 0:
        return value  # the common case, without the lenient parser's cost
    try:
        return parse_minutes(value, empty_allowed=True)
    except ValueError as error:
        raise ObjectProblem(key, str(error)) from None


@cache
def stockholm() -> _dt.tzinfo:
    """Swedish local time. zoneinfo needs a time-zone database, which Windows lacks unless the
    tzdata package is installed; python-dateutil carries its own."""
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo("Europe/Stockholm")
    except Exception:
        from dateutil import tz

        zone = tz.gettz("Europe/Stockholm")
        if zone is None:
            raise RuntimeError("Tidszonen Europe/Stockholm saknas.") from None
        return zone


def local_time(obj: dict, key: str) -> _dt.datetime:
    """A date-time field as Swedish local time without a zone; a time without an offset is
    taken as local already."""
    value = obj.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ObjectProblem(key, f"Tidpunkten {key} saknas.")
    try:
        moment = _dt.datetime.fromisoformat(value.strip())
    except ValueError:
        raise ObjectProblem(
            key,
            f"Tidpunkten {key} går inte att läsa (den ska se ut som 2026-11-23T08:15:00+01:00).",
        ) from None
    if moment.tzinfo is not None:
        moment = moment.astimezone(stockholm()).replace(tzinfo=None)
    return moment


def date_field(obj: dict, key: str) -> _dt.date:
    try:
        return parse_date(obj.get(key))
    except ValueError as error:
        raise ObjectProblem(key, f"{key}: {error}") from None


def first_value(items: object, *keys: str) -> str:
    """The first non-empty value among a list of {"value": ...} objects (emails, phones)."""
    if not isinstance(items, list):
        return ""
    for item in items:
        if isinstance(item, dict):
            for key in keys:
                found = text(item.get(key))
                if found:
                    return found
    return ""


# --- the holders -------------------------------------------------------------------------------


@dataclass(slots=True)
class Person:
    source: str
    line: int
    id: str
    civic_no: str
    given_name: str
    family_name: str
    protected: bool
    year: str  # from the newest enrolment, '' without one
    email: str
    phone: str
    responsibles: list[tuple[str, str, str]]  # (person id, relation, displayName)

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()


def read_person(obj: dict, source: str, line: int) -> Person:
    civic = ""
    raw = obj.get("civicNo")
    raw = text(raw.get("value")) if isinstance(raw, dict) else text(raw)
    if raw:
        try:
            civic = civic_no.parse(raw).canonical
        except civic_no.CivicNoError:
            # Kept as written (a temporary number "20130101TF01" is allowed by SS 12000); the
            # pupil is matched by the export's id, and the service checks the number.
            civic = raw
    responsibles = []
    if isinstance(obj.get("responsibles"), list):
        for item in obj["responsibles"]:
            if isinstance(item, dict):
                person = item.get("person")
                name = text(person.get("displayName")) if isinstance(person, dict) else ""
                responsibles.append((ref_id(person), text(item.get("relationType")), name))
    return Person(
        source=source,
        line=line,
        id=ref_id(obj),
        civic_no=civic,
        given_name=text(obj.get("givenName")),
        family_name=text(obj.get("familyName")),
        protected=text(obj.get("securityMarking")).casefold() in PROTECTED_MARKINGS,
        year=_enrolment_year(obj.get("enrolments")),
        email=first_value(obj.get("emails"), "value"),
        phone=first_value(obj.get("phoneNumbers"), "value", "number"),
        responsibles=responsibles,
    )


def _enrolment_year(enrolments: object) -> str:
    if not isinstance(enrolments, list):
        return ""
    current = [
        e
        for e in enrolments
        if isinstance(e, dict) and not e.get("cancelled") and "schoolYear" in e
    ]
    # The newest enrolment: a pupil who moved up keeps the old one in the list.
    current.sort(key=lambda e: str(e.get("startDate") or ""), reverse=True)
    for enrolment in current:
        try:
            number = int(enrolment["schoolYear"])
        except (TypeError, ValueError):
            continue
        school_type = enrolment.get("schoolType")
        year = year_from_enrolment(number, school_type if isinstance(school_type, str) else "")
        if year:
            return year
    return ""


@dataclass(slots=True)
class Group:
    line: int
    source: str
    name: str
    type: str
    members: list[tuple[str, str, str]] = field(default_factory=list)  # (id, start, end)
    mentors: list[str] = field(default_factory=list)


def read_group(obj: dict, source: str, line: int) -> tuple[str, Group]:
    group = Group(line, source, text(obj.get("displayName")), text(obj.get("groupType")))
    memberships = obj.get("groupMemberships")
    if isinstance(memberships, list):
        for item in memberships:
            if isinstance(item, dict) and ref_id(item.get("person")):
                group.members.append(
                    (
                        ref_id(item.get("person")),
                        text(item.get("startDate")),
                        text(item.get("endDate")),
                    )
                )
    embedded = obj.get("_embedded")
    roles = embedded.get("assignmentRoles") if isinstance(embedded, dict) else None
    if isinstance(roles, list):
        group.mentors = [name for name in map(_mentor_name, roles) if name]
    return ref_id(obj), group


def _mentor_name(role: object) -> str:
    """The name in an assignment role of type Mentor. Exports differ in where they put it:
    the expanded reference names of the duty, or a person inside the duty."""
    if not isinstance(role, dict):
        return ""
    kind = role.get("assignmentRoleType")
    if kind not in (None, "Mentor"):
        return ""
    for holder in (role.get("duty"), role.get("person"), role):
        if not isinstance(holder, dict):
            continue
        name = text(holder.get("displayName"))
        person = holder.get("person")
        if not name and isinstance(person, dict):
            name = text(person.get("displayName")) or " ".join(
                filter(None, (text(person.get("givenName")), text(person.get("familyName"))))
            )
        if name:
            return name
    return ""


@dataclass(slots=True)
class Event:
    start: _dt.datetime | None
    length: int  # minutes a pupil is taught (teachingLengthStudent, else end - start)
    cancelled: bool
    problem: ObjectProblem | None
    exceptions: dict[str, dict]  # student id -> the StudentException object
    # (day, "HH:MM", length) for every pupil without an exception, worked out once: a lesson
    # has thirty pupils, an export a million attendances.
    usual: tuple[_dt.date, str, int] | None = None


def read_event(obj: dict) -> tuple[str, Event]:
    exceptions: dict[str, dict] = {}
    if isinstance(obj.get("studentExceptions"), list):
        for item in obj["studentExceptions"]:
            if isinstance(item, dict) and ref_id(item.get("student")):
                exceptions[ref_id(item.get("student"))] = item
    event = Event(None, 0, obj.get("cancelled") is True, None, exceptions)
    try:
        event.start = local_time(obj, "startTime")
        length = _length(obj, event.start)
        if obj.get("teachingLengthStudent") is not None:
            length = minutes(obj, "teachingLengthStudent")
        event.length = length
        if not event.cancelled:
            event.usual = (event.start.date(), f"{event.start:%H:%M}", length)
    except ObjectProblem as problem:
        event.problem = problem
    return ref_id(obj), event


def _length(obj: dict, start: _dt.datetime) -> int:
    end = local_time(obj, "endTime")
    if end < start:
        raise ObjectProblem("endTime", "Sluttiden (endTime) är före starttiden (startTime).")
    return int((end - start).total_seconds() // 60)


def lesson_of(event: Event, student: str) -> tuple[_dt.datetime, int, bool]:
    """Start, length and whether the pupil takes part, with the pupil's own exception."""
    assert event.start is not None
    exception = event.exceptions.get(student)
    if exception is None:
        return event.start, event.length, True
    start, length = event.start, event.length
    if exception.get("startTime"):
        start = local_time(exception, "startTime")
        if exception.get("endTime"):
            length = _length(exception, start)
    if exception.get("teachingLength") is not None:
        length = minutes(exception, "teachingLength")
    return start, length, exception.get("participates") is not False


def absence_kind(obj: dict) -> str:
    kind = ABSENCE_KINDS.get(text(obj.get("type")).casefold())
    if kind is None:
        raise ObjectProblem(
            "type", "Frånvarons typ ska vara 'Beviljad ledighet' eller 'Anmäld frånvaro'."
        )
    return kind
