"""Attendance from a table: one row per lesson or per day, given either as minutes (SchoolSoft,
IST) or as a status word per lesson (Skola24, Vklass)."""

from __future__ import annotations

from .mapping import (
    ATTENDANCE_FIELDS,
    PUPIL_FIELDS,
    ColumnMapping,
    Field,
    Status,
    attendance_problems,
    status_key,
)
from .records import AttendanceRecord, Progress, ReadResult, UnreadableFile, no_progress
from .row_reading import Columns, RowProblem, pupil_of, read_rows, remembered
from .tables import Cells, Table
from .values import minutes_between, parse_date, parse_minutes, parse_time, split_time_range

MINUTES_IN_A_DAY = 24 * 60


def read_attendance(
    table: Table, mapping: ColumnMapping, progress: Progress = no_progress
) -> ReadResult:
    """Every data row becomes an AttendanceRecord or a Skipped with the line, the column and
    the reason. Raises UnreadableFile when the mapping cannot be used with this table or when
    none of the first thousand rows can be read, and ImportCancelled from ``progress``."""
    problems = attendance_problems(mapping, table.headers)
    if problems:
        raise UnreadableFile(next(iter(problems.values())))
    reader = _AttendanceRows(table, mapping)
    result = ReadResult()
    return read_rows(
        table, result, reader.convert, result.attendance.append, "en närvarolista", progress
    )


class _AttendanceRows:
    """Turns a row into a record in three parts, each remembered by the cells it reads (see
    ``remembered``): the pupil, the date, and the lesson with its minutes. The rows of a year
    repeat the same few thousand values, so most rows are three dictionary look-ups."""

    def __init__(self, table: Table, mapping: ColumnMapping):
        self.source = table.source
        self.columns = columns = Columns(table, mapping, ATTENDANCE_FIELDS)
        self.by_status = columns.has(Field.STATUS)
        self.meanings = mapping.status_lookup()
        self.lesson_minutes = mapping.lesson_minutes
        text = table.text_cells
        self._pupil = remembered(
            columns, PUPIL_FIELDS, lambda cells: pupil_of(cells, columns), text
        )
        self._day = remembered(
            columns, (Field.DATE,), lambda cells: columns.parse(cells, Field.DATE, parse_date), text
        )
        self._figures = remembered(columns, _FIGURE_FIELDS, self._figures_of, text)

    def convert(self, line: int, cells: Cells) -> AttendanceRecord:
        # In this order, so a row with several faults is skipped for the same one as always:
        # the pupil, the date, the lesson's times, then the minutes.
        pupil = self._pupil(cells)
        day = self._day(cells)
        return AttendanceRecord(self.source, line, pupil, day, *self._figures(cells))

    def _figures_of(self, cells: Cells) -> tuple[str, int, int, int, int, int]:
        """(lesson start, offered, attended, excused, unexcused, late) from the cells of
        _FIGURE_FIELDS alone."""
        start, length = self._lesson(cells)
        if self.by_status:
            minutes = self._from_status(cells, length)
        else:
            minutes = self._from_minutes(cells, length)
        return (start, *minutes)

    def _lesson(self, cells: Cells) -> tuple[str, int | None]:
        """The lesson's start ('' for a whole day) and its length from start and end times."""
        columns = self.columns
        if not columns.has(Field.LESSON_START) or columns.empty(cells, Field.LESSON_START):
            return "", None
        raw = columns.raw(cells, Field.LESSON_START)
        both = split_time_range(raw) if not columns.has(Field.LESSON_END) else None
        if both:
            start, end = both
        else:
            start = columns.parse(cells, Field.LESSON_START, parse_time)
            if not columns.has(Field.LESSON_END) or columns.empty(cells, Field.LESSON_END):
                return start, None
            end = columns.parse(cells, Field.LESSON_END, parse_time)
        try:
            return start, minutes_between(start, end)
        except ValueError as error:
            header = columns.headers.get(Field.LESSON_END, columns.headers[Field.LESSON_START])
            raise RowProblem(header, str(error)) from None

    def _offered(self, cells: Cells, length: int | None) -> int | None:
        columns = self.columns
        if columns.has(Field.OFFERED) and not columns.empty(cells, Field.OFFERED):
            return columns.parse(cells, Field.OFFERED, parse_minutes)
        return length

    def _from_minutes(self, cells: Cells, length: int | None) -> tuple[int, int, int, int, int]:
        columns = self.columns

        def minutes(f: Field) -> int:
            if not columns.has(f):
                return 0
            return columns.parse(cells, f, lambda v: parse_minutes(v, empty_allowed=True))

        attended, excused, unexcused = (minutes(f) for f in _MINUTES)
        absent = excused + unexcused
        offered = self._offered(cells, length)
        if offered is None:
            if not columns.has(Field.ATTENDED):
                raise RowProblem(
                    columns.headers.get(Field.OFFERED, ""),
                    "Erbjuden tid saknas, så frånvaron kan inte jämföras med något.",
                )
            offered = attended + absent
        self._check_offered(offered)
        if absent > offered:
            raise RowProblem(
                self._offered_header(),
                f"Frånvaron ({absent} min) är större än den erbjudna tiden ({offered} min).",
            )
        if not columns.has(Field.ATTENDED):
            attended = offered - absent
        elif attended + absent > offered:
            raise RowProblem(
                columns.headers[Field.ATTENDED],
                f"Närvaro och frånvaro är tillsammans {attended + absent} min, mer än den "
                f"erbjudna tiden ({offered} min).",
            )
        late = 1 if minutes(Field.LATE_MINUTES) > 0 else 0
        return offered, attended, excused, unexcused, late

    def _from_status(self, cells: Cells, length: int | None) -> tuple[int, int, int, int, int]:
        columns = self.columns
        header = columns.headers[Field.STATUS]
        word = columns.text(cells, Field.STATUS)
        if not word:
            raise RowProblem(header, "Statusen saknas på raden.")
        status = self.meanings.get(status_key(word))
        if status is None:
            # The word itself is left out: in a wrongly chosen column it could be a name.
            raise RowProblem(
                header,
                "Ordet i statuskolumnen har ingen betydelse i kolumnvalen. Välj vad det betyder "
                "och läs in filen igen.",
            )
        offered = self._offered(cells, length)
        if offered is None:
            offered = self.lesson_minutes
        self._check_offered(offered)
        if status is Status.PRESENT:
            return offered, offered, 0, 0, 0
        if status is Status.EXCUSED:
            return offered, 0, offered, 0, 0
        if status is Status.UNEXCUSED:
            return offered, 0, 0, offered, 0
        late = 0
        if columns.has(Field.LATE_MINUTES):
            late = columns.parse(
                cells, Field.LATE_MINUTES, lambda v: parse_minutes(v, empty_allowed=True)
            )
        if late > offered:
            raise RowProblem(
                columns.headers[Field.LATE_MINUTES],
                f"Den sena ankomsten ({late} min) är längre än lektionen ({offered} min).",
            )
        return offered, offered - late, 0, late, 1

    def _offered_header(self) -> str:
        return self.columns.headers.get(Field.OFFERED, "")

    def _check_offered(self, offered: int) -> None:
        if offered == 0:
            raise RowProblem(
                self._offered_header(),
                "Den erbjudna tiden är 0 minuter, så raden säger inget om närvaro.",
            )
        if offered > MINUTES_IN_A_DAY:
            raise RowProblem(
                self._offered_header(),
                f"Den erbjudna tiden ({offered} min) är mer än ett dygn. Kontrollera att rätt "
                "kolumn är vald.",
            )


_MINUTES = (Field.ATTENDED, Field.EXCUSED, Field.UNEXCUSED)
# The cells _figures_of reads: every attendance field but the pupil's and the date.
_FIGURE_FIELDS = tuple(
    f for f in ATTENDANCE_FIELDS if f not in PUPIL_FIELDS and f is not Field.DATE
)
