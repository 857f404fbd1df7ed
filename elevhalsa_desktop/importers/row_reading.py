"""What the table readers share: finding the mapped columns, turning cells into values with
a reason when they cannot, naming the pupil of a row, and the loop over a table's rows."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from typing import TypeVar

from ..domain import civic_no
from .mapping import ColumnMapping, Field
from .records import Progress, PupilRef, ReadResult, UnreadableFile
from .skips import SkipList
from .tables import Cells, RowError, Table
from .values import clean_text, display_text, is_empty

T = TypeVar("T")

PROGRESS_EVERY = 1000
# When this many rows in a row cannot be read, the columns are wrong or the file is not a
# list of the kind asked for; going on would only produce a long list of the same reason.
HOPELESS_AFTER = 1000

_CIVIC_SHAPE = re.compile(r"^(?:\d{2})?\d{6}[-+]?\d{4}$")


class RowProblem(Exception):
    """Why one row cannot be read: the header of the wrong column ('' for the whole row) and a
    Swedish sentence without personal data."""

    def __init__(self, field: str, reason: str):
        super().__init__(reason)
        self.field = field
        self.reason = reason


class Columns:
    """The mapped columns of one table, looked up once rather than per row."""

    def __init__(self, table: Table, mapping: ColumnMapping, fields: Collection[Field]):
        self.headers: dict[Field, str] = {}
        self._index: dict[Field, int] = {}
        for f, header in mapping.columns.items():
            if f not in fields:
                continue
            try:
                self._index[f] = table.column(header)
            except KeyError:
                raise UnreadableFile(
                    f"Kolumnen '{header}' finns inte i filen {table.source}. Välj kolumnerna "
                    "på nytt."
                ) from None
            self.headers[f] = table.headers[self._index[f]]

    def has(self, f: Field) -> bool:
        return f in self._index

    def raw(self, cells: Cells, f: Field) -> object:
        index = self._index.get(f)
        if index is None or index >= len(cells):
            return None
        return cells[index]

    def text(self, cells: Cells, f: Field) -> str:
        return clean_text(self.raw(cells, f))

    def empty(self, cells: Cells, f: Field) -> bool:
        return is_empty(self.raw(cells, f))

    def parse(self, cells: Cells, f: Field, parser: Callable[[object], T]) -> T:
        try:
            return parser(self.raw(cells, f))
        except ValueError as error:
            raise RowProblem(self.headers[f], str(error)) from None


def civic_problem(text: str) -> str:
    """Why a civic number is not valid, without repeating any part of it."""
    cleaned = "".join(text.split())
    if not _CIVIC_SHAPE.match(cleaned):
        return (
            "Personnumret är inte giltigt: det ska ha tio eller tolv siffror, till exempel "
            "ÅÅÅÅMMDD-NNNN."
        )
    digits = cleaned.replace("-", "").replace("+", "")[-10:]
    if civic_no.luhn_check_digit(digits[:9]) != int(digits[9]):
        return "Personnumret är inte giltigt: kontrollsiffran stämmer inte."
    return "Personnumret är inte giltigt: födelsedatumet i numret finns inte."


def pupil_of(cells: Cells, columns: Columns) -> PupilRef:
    """The pupil a row is about. A civic number that is there but wrong makes the row
    unusable: matching on the name alone could put the row on the wrong pupil."""
    civic = ""
    if columns.has(Field.CIVIC_NO):
        raw = display_text(columns.raw(cells, Field.CIVIC_NO))
        if raw:
            try:
                civic = civic_no.parse(raw).canonical
            except civic_no.CivicNoError:
                raise RowProblem(columns.headers[Field.CIVIC_NO], civic_problem(raw)) from None
    pupil = PupilRef(
        civic_no=civic,
        external_id=columns.text(cells, Field.EXTERNAL_ID),
        given_name=columns.text(cells, Field.GIVEN_NAME),
        family_name=columns.text(cells, Field.FAMILY_NAME),
        full_name=columns.text(cells, Field.FULL_NAME),
        class_name=columns.text(cells, Field.CLASS_NAME),
    )
    if not (pupil.civic_no or pupil.external_id or pupil.full_name or pupil.family_name):
        raise RowProblem(
            columns.headers.get(Field.CIVIC_NO, ""),
            "Raden saknar personnummer och namn, så eleven kan inte kännas igen.",
        )
    return pupil


def read_rows(
    table: Table,
    result: ReadResult,
    convert: Callable[[int, Cells], object],
    keep: Callable[[object], None],
    what: str,
    progress: Progress,
) -> ReadResult:
    """Run ``convert`` over every data row, keeping what it returns and listing the rows it
    refuses (RowProblem). ``what`` names the kind of list in the message for a file of which
    no row can be read ("en närvarolista")."""
    skips = SkipList(result)
    total = max(table.total_hint, 1)
    progress(0, total)
    for line, cells in table.rows():
        result.rows_read += 1
        if result.rows_read % PROGRESS_EVERY == 0:
            progress(min(table.done, total), total)
        try:
            if isinstance(cells, RowError):
                raise RowProblem("", cells.reason)
            keep(convert(line, cells))
        except RowProblem as problem:
            skips.add(table.source, line, problem.field, problem.reason)
            if skips.count == result.rows_read == HOPELESS_AFTER:
                raise UnreadableFile(
                    f"Filen {table.source} ser inte ut som {what}: ingen av de första "
                    f"{HOPELESS_AFTER} raderna gick att läsa (den första: {skips.first_reason}) "
                    "Kontrollera kolumnvalen och att du valt rätt fil."
                ) from None
    skips.finish()
    progress(total, total)
    return result
