"""What the importers hand to the service layer: plain records read from a file, and the rows
they skipped with the reason. Readers are lenient (they accept what Swedish school systems
export); the service layer is strict (it matches pupils and stores only checked values).

Nothing here touches the case file, so a reader can run on any thread and be tested alone.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True, slots=True)
class PupilRef:
    """How one row of a file names its pupil. Any of the fields may be empty; the service
    matches by civic number, then external id, then name and class (with the user confirming)."""

    civic_no: str = ""  # canonical (12 digits, or 8+4 with '+' kept) when valid, else raw text
    external_id: str = ""  # the school system's own id (SS 12000 Person.id)
    given_name: str = ""
    family_name: str = ""
    full_name: str = (
        ""  # when the file has one "Namn" column: "Efternamn, Förnamn" or "Förnamn Efternamn"
    )
    class_name: str = ""

    @property
    def display(self) -> str:
        """For a report line: never the civic number, only names and class."""
        name = self.full_name or f"{self.given_name} {self.family_name}".strip()
        return f"{name} ({self.class_name})" if self.class_name else name


@dataclass(frozen=True, slots=True)
class AttendanceRecord:
    """One lesson (``lesson`` is its start time "08:15") or one whole day (``lesson`` empty)."""

    source: str  # the file's name, for the report
    line: int  # line in a CSV file, row in a sheet, position of the record in a JSON file
    pupil: PupilRef
    day: _dt.date
    lesson: str
    offered: int  # minutes the pupil was offered
    attended: int
    excused: int  # giltig frånvaro
    unexcused: int  # ogiltig frånvaro
    late: int = 0  # 1 when the pupil came late to the lesson


@dataclass(frozen=True, slots=True)
class PeriodRecord:
    """Summed attendance over a period (SS 12000 AggregatedAttendance), stored as it arrives."""

    source: str
    line: int
    pupil: PupilRef
    start: _dt.date
    end: _dt.date  # inclusive
    offered: int
    attended: int
    excused: int
    unexcused: int


@dataclass(frozen=True, slots=True)
class ReportedAbsence:
    """Absence reported in advance (SS 12000 Absence): leave granted, or reported by a guardian."""

    source: str
    line: int
    pupil: PupilRef
    start: _dt.datetime
    end: _dt.datetime
    kind: str  # "Beviljad ledighet" or "Anmäld frånvaro"


@dataclass(frozen=True, slots=True)
class GuardianRecord:
    name: str
    relation: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True, slots=True)
class RosterRecord:
    """One pupil of a class list or an SS 12000 Person, with class, year, mentor and guardians."""

    source: str
    line: int
    pupil: PupilRef
    year: str = ""  # "F", "1".."9", "G1".."G3" or empty
    mentor: str = ""
    protected_identity: bool = False
    guardians: tuple[GuardianRecord, ...] = ()


@dataclass(frozen=True, slots=True)
class Skipped:
    """A row that was not read, with where and why, in words a coordinator understands."""

    source: str
    line: int
    field: str  # the column or JSON field that was wrong, or "" for the whole row
    reason: str


@dataclass
class ReadResult:
    """Everything read from one import (one or several files)."""

    rows_read: int = 0
    attendance: list[AttendanceRecord] = field(default_factory=list)
    periods: list[PeriodRecord] = field(default_factory=list)
    absences: list[ReportedAbsence] = field(default_factory=list)
    roster: list[RosterRecord] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


class ImportCancelled(Exception):
    """The user pressed Avbryt; nothing has been written."""


class UnreadableFile(ValueError):
    """The whole file cannot be read (not a table, not SS 12000, empty, too large ...).
    The message is a Swedish sentence that says what is wrong and what to do."""


class Progress(Protocol):
    """Called now and then with how far a reader has come. A caller that wants to stop the work
    (the user pressed Avbryt) raises ImportCancelled from inside the call."""

    def __call__(self, done: int, total: int) -> None: ...


def no_progress(done: int, total: int) -> None:
    """For callers that show no progress (tests, the command line without a terminal)."""
