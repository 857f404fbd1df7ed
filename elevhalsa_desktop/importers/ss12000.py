"""SS 12000 exports (JSON): attendance per lesson joined with its calendar event and pupil,
reported absence, summed attendance per period, and the class list from persons and groups.

``read_ss12000`` takes files and folders (every *.json in a folder). The files are streamed
one object at a time. Attendance becomes a record as soon as its calendar event is known;
what refers to objects not read yet waits until all files are read.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from pathlib import Path

from .json_items import JsonItems
from .records import (
    AttendanceRecord,
    GuardianRecord,
    PeriodRecord,
    Progress,
    ReadResult,
    ReportedAbsence,
    RosterRecord,
    UnreadableFile,
    no_progress,
)
from .school_years import year_from_class
from .skips import SkipList
from .ss12000_join import (
    MINUTES_IN_A_DAY,
    PupilRefs,
    check_minutes,
    class_groups,
    lesson_for,
    mentors,
    pupil_refs,
)
from .ss12000_objects import (
    Event,
    Group,
    ObjectProblem,
    Person,
    absence_kind,
    date_field,
    kind_of,
    local_time,
    minutes,
    read_event,
    read_group,
    read_person,
    ref_id,
)
from .tables import MAX_FILE_BYTES

PROGRESS_EVERY = 1000


def read_ss12000(paths: Iterable[Path | str], progress: Progress = no_progress) -> ReadResult:
    """Read an SS 12000 export. Raises UnreadableFile for a file that is not valid JSON, or
    that holds objects of which none is SS 12000, and ImportCancelled from ``progress``."""
    files = json_files(paths)
    # Smallest first: persons, groups and calendar events are usually far smaller than the
    # attendance, which can then be joined as it is read instead of being held until the end.
    files.sort(key=lambda file: file.stat().st_size)
    export = _Export(sum(f.stat().st_size for f in files), progress)
    for file in files:
        export.read_file(file)
    return export.finish()


def json_files(paths: Iterable[Path | str]) -> list[Path]:
    """The chosen files, and the *.json files directly inside each chosen folder."""
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            # Names starting with a dot are hidden files, such as the "._persons.json" a Mac
            # leaves on a USB stick; they are not part of the export.
            files.extend(
                sorted(
                    p
                    for p in path.glob("*")
                    if p.suffix.lower() == ".json" and not p.name.startswith(".") and p.is_file()
                )
            )
        elif path.is_file():
            files.append(path)
        else:
            raise UnreadableFile(f"{path.name} finns inte. Välj filerna på nytt.")
    if not files:
        raise UnreadableFile(
            "Det finns inga JSON-filer bland de valda. Välj mappen med SS 12000-exporten eller "
            "filerna i den."
        )
    for file in files:
        if file.stat().st_size > MAX_FILE_BYTES:
            raise UnreadableFile(
                f"{file.name} är större än 1 GB. Exportera en kortare period och läs in den."
            )
    return files


class _Export:
    """Everything gathered from the files, joined as early as possible."""

    def __init__(self, total_bytes: int, progress: Progress):
        self.result = ReadResult()
        self.skips = SkipList(self.result)
        self.progress = progress
        # Joining what waited for other files gets the end of the bar, so the bar does not sit
        # full while that work goes on.
        self.read_total = max(total_bytes, 1)
        self.total = self.read_total + max(self.read_total // 20, 1)
        self.joined = 0
        self.to_join = 0
        self.bytes_before = 0
        self.persons: dict[str, Person] = {}
        self.groups: dict[str, Group] = {}
        self.group_order: list[str] = []
        self.events: dict[str, Event] = {}
        # Attendance whose calendar event was not read yet:
        # (source, line, event id, student id, attended, excused, unexcused)
        self.waiting: list[tuple[str, int, str, str, int, int, int]] = []
        self.absences: list[tuple] = []
        self.periods: list[tuple] = []
        # One copy of each id: a million attendances name a few hundred pupils and lessons.
        self.ids: dict[str, str] = {}
        # The pupil references handed out so far, made from the persons and groups read so
        # far. A person or group read later makes them outdated: they are then made anew, and
        # the records that got an outdated one are mended in finish().
        self.pupils: PupilRefs | None = None
        self.outdated = False

    # --- reading ---------------------------------------------------------------------------

    def read_file(self, path: Path) -> None:
        source = path.name
        items = JsonItems(path)
        recognised = unrecognised = 0
        take_attendance = self._take_attendance
        self.progress(self.bytes_before, self.total)
        for position, obj in items:
            if not position % PROGRESS_EVERY:
                self.progress(self.bytes_before + items.done, self.total)
            if (
                type(obj) is dict
                and "calendarEvent" in obj
                and "student" in obj
                and "_embedded" not in obj
            ):
                # The way of nearly every object of a large export.
                recognised += 1
                try:
                    take_attendance(obj, source, position)
                except ObjectProblem as problem:
                    self.skips.add(source, position, problem.field, problem.reason)
            elif isinstance(obj, dict) and self._take(obj, source, position):
                recognised += 1
            else:
                unrecognised += 1
                self.skips.add(
                    source,
                    position,
                    "",
                    f"Objekt nummer {position} i filen är inget SS 12000-objekt som kan läsas in "
                    "(person, grupp, kalenderhändelse, närvaro, frånvaro eller summerad närvaro).",
                )
        self.result.rows_read += recognised + unrecognised
        if unrecognised and not recognised:
            raise UnreadableFile(
                f"{source} ser inte ut som SS 12000: inget av objekten i filen är en person, "
                "grupp, kalenderhändelse eller närvaro. Välj bara filerna från SS "
                "12000-exporten."
            )
        self.bytes_before += path.stat().st_size

    def _take(self, obj: dict, source: str, line: int, depth: int = 0) -> bool:
        kind = "attendance" if "calendarEvent" in obj and "student" in obj else kind_of(obj)
        if kind is None:
            return False
        try:
            if kind == "attendance":
                self._take_attendance(obj, source, line)
            elif kind == "event":
                event_id, event = read_event(obj)
                self.events.setdefault(event_id, event)
            elif kind == "person":
                person = read_person(obj, source, line)
                # A person without an id cannot be joined to anything, so is not kept.
                if person.id and person.id not in self.persons:
                    self.persons[person.id] = person
                    self._pupils_changed()
            elif kind == "group":
                self._take_group(*read_group(obj, source, line))
            elif kind == "absence":
                self._take_absence(obj, source, line)
            elif kind == "aggregated":
                self._take_period(obj, source, line)
        except ObjectProblem as problem:
            self.skips.add(source, line, problem.field, problem.reason)
        if depth == 0 and "_embedded" in obj:
            self._take_embedded(obj, kind, source, line)
        return True

    def _pupils_changed(self) -> None:
        if self.pupils is not None and self.pupils.made:
            self.outdated = True
        self.pupils = None

    def _take_embedded(self, obj: dict, kind: str, source: str, line: int) -> None:
        embedded = obj.get("_embedded")
        if not isinstance(embedded, dict):
            return
        for key, value in embedded.items():
            for item in value if isinstance(value, list) else [value]:
                if not isinstance(item, dict):
                    continue
                if kind == "event" and key == "attendance" and "calendarEvent" not in item:
                    # Attendance listed under its calendar event leaves out the reference.
                    item = {**item, "calendarEvent": {"id": obj.get("id")}}
                if kind == "person" and key == "groupMemberships":
                    self._take_membership(item, obj, source, line)
                    continue
                self._take(item, source, line, depth=1)

    def _take_attendance(self, obj: dict, source: str, line: int) -> None:
        get = obj.get
        event, pupil = get("calendarEvent"), get("student")
        # ref_id written out for the common case: this runs once per object of the export.
        event_id = event.get("id") if type(event) is dict else None
        student = pupil.get("id") if type(pupil) is dict else None
        if type(event_id) is not str:
            event_id = ref_id(event)
        if type(student) is not str:
            student = ref_id(pupil)
        if not event_id:
            raise ObjectProblem("calendarEvent", "Närvaron saknar lektion (calendarEvent).")
        if not student:
            raise ObjectProblem("student", "Närvaron saknar elev (student).")
        if get("isReported") is False:
            raise ObjectProblem(
                "isReported",
                "Lektionen är inte färdigrapporterad (isReported är false), så närvaron är "
                "inte känd än.",
            )
        present = get("attendanceMinutes")
        other = get("otherAttendanceMinutes", 0)
        excused = get("validAbsenceMinutes", 0)
        unexcused = get("invalidAbsenceMinutes", 0)
        if not (
            type(present) is int
            and type(other) is int
            and type(excused) is int
            and type(unexcused) is int
            and min(present, other, excused, unexcused) >= 0
        ):
            present = minutes(obj, "attendanceMinutes")
            other = minutes(obj, "otherAttendanceMinutes")
            excused = minutes(obj, "validAbsenceMinutes")
            unexcused = minutes(obj, "invalidAbsenceMinutes")
        attended = present + other
        event = self.events.get(event_id)
        if event is None:
            ids = self.ids
            event_id = ids.setdefault(event_id, event_id)
            student = ids.setdefault(student, student)
            self.waiting.append((source, line, event_id, student, attended, excused, unexcused))
            return
        self.result.attendance.append(
            self._record(source, line, event, event_id, student, attended, excused, unexcused)
        )

    def _record(
        self,
        source: str,
        line: int,
        event: Event | None,
        event_id: str,
        student: str,
        attended: int,
        excused: int,
        unexcused: int,
    ) -> AttendanceRecord:
        usual = event.usual if event is not None else None
        # Nearly every record takes the lesson as planned; the rest get their own lesson, or
        # the reason they cannot count.
        if (
            usual is None
            or student in event.exceptions
            or not 0 < usual[2] <= MINUTES_IN_A_DAY
            or attended + excused + unexcused > usual[2]
        ):
            usual = lesson_for(event, event_id, student)
            check_minutes(usual[2], attended, excused, unexcused)
        pupils = self.pupils
        if pupils is None:
            pupils = self.pupils = pupil_refs(self.persons, self.groups, self.group_order)
        pupil = pupils.made.get(student) or pupils.get(student)
        day, lesson, offered = usual
        return AttendanceRecord(
            source, line, pupil, day, lesson, offered, attended, excused, unexcused
        )

    def _take_group(self, group_id: str, group: Group) -> None:
        self._pupils_changed()
        known = self.groups.get(group_id)
        if known is None:
            self.groups[group_id] = group
            self.group_order.append(group_id)
            return
        # The same group from a person's _embedded and from groups.json: keep all it says.
        known.name = known.name or group.name
        known.type = known.type or group.type
        known.members.extend(m for m in group.members if m not in known.members)
        known.mentors.extend(m for m in group.mentors if m not in known.mentors)

    def _take_membership(self, item: dict, person: dict, source: str, line: int) -> None:
        fragment = item.get("group")
        if not isinstance(fragment, dict) or not ref_id(fragment):
            return
        group_id, group = read_group(fragment, source, line)
        person_id = ref_id(person)
        if person_id:
            start = item.get("startDate")
            end = item.get("endDate")
            group.members.append(
                (
                    person_id,
                    start if isinstance(start, str) else "",
                    end if isinstance(end, str) else "",
                )
            )
        self._take_group(group_id, group)

    def _take_absence(self, obj: dict, source: str, line: int) -> None:
        student = ref_id(obj.get("student"))
        if not student:
            raise ObjectProblem("student", "Frånvaron saknar elev (student).")
        kind = absence_kind(obj)
        start, end = local_time(obj, "startTime"), local_time(obj, "endTime")
        if end < start:
            raise ObjectProblem("endTime", "Sluttiden (endTime) är före starttiden (startTime).")
        self.absences.append((source, line, student, start, end, kind))

    def _take_period(self, obj: dict, source: str, line: int) -> None:
        student = ref_id(obj.get("student"))
        if not student:
            raise ObjectProblem("student", "Den summerade närvaron saknar elev (student).")
        start, end = date_field(obj, "startDate"), date_field(obj, "endDate")
        if end < start:
            raise ObjectProblem(
                "endDate", "Slutdatumet (endDate) är före startdatumet (startDate)."
            )
        attended = minutes(obj, "attendanceSum") + minutes(obj, "otherAttendanceSum")
        excused = minutes(obj, "validAbsenceSum")
        unexcused = minutes(obj, "invalidAbsenceSum")
        if obj.get("offeredSum") is None:
            offered = attended + excused + unexcused
        else:
            offered = minutes(obj, "offeredSum")
        if attended + excused + unexcused > offered:
            raise ObjectProblem(
                "offeredSum",
                f"Närvaro och frånvaro är tillsammans {attended + excused + unexcused} min, mer "
                f"än den erbjudna tiden ({offered} min).",
            )
        self.periods.append(
            (source, line, student, start, end, offered, attended, excused, unexcused)
        )

    # --- joining ---------------------------------------------------------------------------

    def finish(self) -> ReadResult:
        result = self.result
        classes = class_groups(self.groups, self.group_order)
        pupils = self.pupils if not self.outdated else None
        if pupils is None:
            pupils = pupil_refs(self.persons, self.groups, self.group_order)
        self.pupils = pupils
        self.to_join = len(self.waiting) + (len(result.attendance) if self.outdated else 0)
        if self.outdated:
            self._mend_pupils(pupils)
        for source, line, event_id, student, attended, excused, unexcused in self.waiting:
            self._joining()
            event = self.events.get(event_id)
            try:
                record = self._record(
                    source, line, event, event_id, student, attended, excused, unexcused
                )
            except ObjectProblem as problem:
                self.skips.add(source, line, problem.field, problem.reason)
                continue
            result.attendance.append(record)
        if self.waiting:
            # Records joined now come after those joined while reading; the report lists
            # them by file and position.
            result.attendance.sort(key=lambda record: (record.source, record.line))
        self.waiting = []
        for source, line, student, start, end, kind in self.absences:
            result.absences.append(
                ReportedAbsence(source, line, pupils.get(student), start, end, kind)
            )
        for source, line, student, start, end, *sums in self.periods:
            result.periods.append(
                PeriodRecord(source, line, pupils.get(student), start, end, *sums)
            )
        self._roster(classes, mentors(self.groups, self.group_order, classes), pupils)
        result.skipped.sort(key=lambda skipped: (skipped.source, skipped.line))
        self.skips.finish()
        self.progress(self.total, self.total)
        return result

    def _joining(self) -> None:
        self.joined += 1
        if not self.joined % 10_000:
            share = (self.total - self.read_total) * self.joined // max(self.to_join, 1)
            self.progress(self.read_total + share, self.total)

    def _mend_pupils(self, pupils: PupilRefs) -> None:
        """Give the records joined while reading the pupil reference made from all files."""
        records = self.result.attendance
        for index, record in enumerate(records):
            self._joining()
            final = pupils.get(record.pupil.external_id)
            if final != record.pupil:
                records[index] = dataclasses.replace(record, pupil=final)

    def _roster(self, classes: dict[str, str], mentors: dict[str, str], pupils: PupilRefs) -> None:
        for pid, group_id in classes.items():
            if pid not in self.persons:
                group = self.groups[group_id]
                self.skips.add(
                    group.source,
                    group.line,
                    "groupMemberships",
                    f"En elev i klassen {group.name} (person {pid}) finns inte i de valda "
                    "filerna. Ta med personerna (persons) i importen.",
                )
        for pid, person in self.persons.items():
            if pid not in classes and not person.year:
                continue  # staff, guardians and others who are not pupils
            self.result.roster.append(
                RosterRecord(
                    source=person.source,
                    line=person.line,
                    pupil=pupils.get(pid),
                    year=person.year or year_from_class(pupils.get(pid).class_name),
                    mentor=mentors.get(pid, ""),
                    protected_identity=person.protected,
                    guardians=tuple(self._guardians(person)),
                )
            )

    def _guardians(self, person: Person) -> Iterable[GuardianRecord]:
        for guardian_id, relation, display in person.responsibles:
            guardian = self.persons.get(guardian_id)
            name = guardian.name if guardian and guardian.name else display
            if not name:
                continue  # nothing to show or to call
            yield GuardianRecord(
                name=name,
                relation=relation,
                phone=guardian.phone if guardian else "",
                email=guardian.email if guardian else "",
            )
