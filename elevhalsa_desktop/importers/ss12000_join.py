"""Joining SS 12000 objects: a lesson's day, start and length for one pupil, the pupil's
reference with the class, and each pupil's class and mentor from the groups."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable

from .records import PupilRef
from .ss12000_objects import Event, Group, ObjectProblem, Person, lesson_of

MINUTES_IN_A_DAY = 24 * 60


def lesson_for(event: Event | None, event_id: str, student: str) -> tuple[_dt.date, str, int]:
    """Day, "HH:MM" and minutes offered of one lesson for one pupil, or the reason it cannot
    count."""
    if event is None:
        raise ObjectProblem(
            "calendarEvent",
            f"Lektionen (calendarEvent {event_id}) finns inte i de valda filerna. Ta med "
            "kalenderhändelserna (calendarEvents) i importen.",
        )
    if event.problem is not None:
        # A new exception each time: raising one object again and again lengthens its traceback.
        raise ObjectProblem(event.problem.field, event.problem.reason)
    if event.cancelled:
        raise ObjectProblem(
            "cancelled",
            "Lektionen är inställd (cancelled i kalenderhändelsen), så den räknas inte.",
        )
    start, length, takes_part = lesson_of(event, student)
    if not takes_part:
        raise ObjectProblem(
            "studentExceptions",
            "Eleven deltar inte i lektionen enligt kalenderhändelsens undantag (participates).",
        )
    return start.date(), f"{start.hour:02d}:{start.minute:02d}", length


def check_minutes(offered: int, attended: int, excused: int, unexcused: int) -> None:
    if offered == 0:
        raise ObjectProblem(
            "teachingLengthStudent", "Lektionens längd är 0 minuter, så den säger inget om närvaro."
        )
    if offered > MINUTES_IN_A_DAY:
        raise ObjectProblem(
            "teachingLengthStudent", f"Lektionens längd ({offered} min) är mer än ett dygn."
        )
    if attended + excused + unexcused > offered:
        raise ObjectProblem(
            "attendanceMinutes",
            f"Närvaro och frånvaro är tillsammans {attended + excused + unexcused} min, mer än "
            f"lektionens längd ({offered} min).",
        )


def class_groups(groups: dict[str, Group], order: Iterable[str]) -> dict[str, str]:
    """Person id -> id of the Klass group whose membership ends last (a pupil who changed
    class keeps the old membership with an end date)."""
    found: dict[str, tuple[str, tuple[str, str]]] = {}
    for group_id in order:
        group = groups[group_id]
        if group.type.casefold() != "klass":
            continue
        for person_id, start, end in group.members:
            # ISO dates compare as text; an open end is the latest of all.
            rank = (end or "9999", start)
            if person_id not in found or rank > found[person_id][1]:
                found[person_id] = (group_id, rank)
    return {person_id: group_id for person_id, (group_id, _rank) in found.items()}


def mentors(groups: dict[str, Group], order: Iterable[str], classes: dict[str, str]) -> dict:
    """Person id -> mentor: from a Mentor group (its mentors' names, else its name), else from
    the assignment roles of the pupil's class."""
    found = {
        person_id: ", ".join(groups[group_id].mentors)
        for person_id, group_id in classes.items()
        if groups[group_id].mentors
    }
    from_mentor_groups: dict[str, str] = {}
    for group_id in order:
        group = groups[group_id]
        if group.type.casefold() == "mentor":
            for person_id, _start, _end in group.members:
                from_mentor_groups.setdefault(person_id, ", ".join(group.mentors) or group.name)
    return {**found, **from_mentor_groups}


class PupilRefs:
    """One PupilRef per person, shared by all of the person's records."""

    def __init__(self, persons: dict[str, Person], classes: dict[str, str]):
        self.persons = persons
        self.classes = classes  # person id -> class name
        self.made: dict[str, PupilRef] = {}

    def get(self, person_id: str) -> PupilRef:
        ref = self.made.get(person_id)
        if ref is None:
            person = self.persons.get(person_id)
            if person is None:
                # Not in the files: the service may still know the pupil by the export's id.
                ref = PupilRef(external_id=person_id)
            else:
                ref = PupilRef(
                    civic_no=person.civic_no,
                    external_id=person.id,
                    given_name=person.given_name,
                    family_name=person.family_name,
                    class_name=self.classes.get(person_id, ""),
                )
            self.made[person_id] = ref
        return ref


def pupil_refs(persons: dict[str, Person], groups: dict[str, Group], order: list[str]) -> PupilRefs:
    names = {pid: groups[gid].name for pid, gid in class_groups(groups, order).items()}
    return PupilRefs(persons, names)
