"""A class list from a table: pupils with class, year, mentor, protected identity and up to two
guardians."""

from __future__ import annotations

from .mapping import ROSTER_FIELDS, ColumnMapping, Field, roster_problems
from .records import GuardianRecord, Progress, ReadResult, RosterRecord, UnreadableFile, no_progress
from .row_reading import Columns, RowProblem, pupil_of, read_rows
from .school_years import school_year, year_from_class
from .tables import Cells, Table

# What school systems and hand-made lists write in a "Skyddad identitet" column for yes.
PROTECTED_WORDS = frozenset(
    {
        "ja",
        "j",
        "x",
        "1",
        "true",
        "sant",
        "yes",
        "skyddad",
        "skyddad identitet",
        "sekretessmarkering",
        "sekretessmarkerad",
        "skyddad folkbokföring",
        "skyddade personuppgifter",
    }
)

_GUARDIANS = (
    (Field.GUARDIAN1_NAME, Field.GUARDIAN1_PHONE, Field.GUARDIAN1_EMAIL),
    (Field.GUARDIAN2_NAME, Field.GUARDIAN2_PHONE, Field.GUARDIAN2_EMAIL),
)


def read_roster(
    table: Table, mapping: ColumnMapping, progress: Progress = no_progress
) -> ReadResult:
    """Every data row becomes a RosterRecord or a Skipped. Raises UnreadableFile when the
    mapping cannot be used with this table or none of the first thousand rows can be read."""
    problems = roster_problems(mapping, table.headers)
    if problems:
        raise UnreadableFile(next(iter(problems.values())))
    columns = Columns(table, mapping, ROSTER_FIELDS)
    source = table.source

    def convert(line: int, cells: Cells) -> RosterRecord:
        pupil = pupil_of(cells, columns)
        if not (pupil.full_name or (pupil.given_name and pupil.family_name)):
            header = columns.headers.get(Field.FULL_NAME) or columns.headers.get(
                Field.FAMILY_NAME, ""
            )
            raise RowProblem(header, "Elevens namn saknas på raden.")
        year = school_year(columns.text(cells, Field.YEAR)) or year_from_class(pupil.class_name)
        return RosterRecord(
            source=source,
            line=line,
            pupil=pupil,
            year=year,
            mentor=columns.text(cells, Field.MENTOR),
            protected_identity=columns.text(cells, Field.PROTECTED).casefold() in PROTECTED_WORDS,
            guardians=_guardians(cells, columns),
        )

    result = ReadResult()
    return read_rows(table, result, convert, result.roster.append, "en klasslista", progress)


def _guardians(cells: Cells, columns: Columns) -> tuple[GuardianRecord, ...]:
    found = []
    for name_field, phone_field, email_field in _GUARDIANS:
        name = columns.text(cells, name_field)
        phone = columns.text(cells, phone_field)
        email = columns.text(cells, email_field)
        if name or phone or email:
            found.append(GuardianRecord(name=name, phone=phone, email=email))
    return tuple(found)
