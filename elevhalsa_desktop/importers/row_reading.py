"""What the table readers share: finding the mapped columns, turning cells into values with
a reason when they cannot, naming the pupil of a row, and the loop over a table's rows."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from operator import itemgetter
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
# What ``remembered`` keeps at most before it starts afresh: far more than the distinct pupils,
# dates and lesson figures of a school year, few enough that a file of nothing but different
# values cannot fill the memory.
MEMO_LIMIT = 20_000
# Cells longer than this together are worked out every time rather than kept: no real pupil,
# date or lesson is written that long, and a garbage file must not be kept in memory.
MEMO_KEY_CHARS = 300

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

    def picker(self, fields: Sequence[Field]) -> Callable[[Cells], tuple]:
        """A function giving the cells of ``fields`` (those mapped) of a row as a tuple, None
        for a cell the row is too short to have: exactly what ``raw`` gives for each."""
        indices = tuple(self._index[f] for f in fields if f in self._index)
        if not indices:
            return lambda cells: ()
        width = max(indices) + 1
        if len(indices) == 1:
            only = indices[0]

            def pick(cells: Cells) -> tuple:
                return (cells[only],) if len(cells) > only else (None,)

            return pick
        whole = itemgetter(*indices)

        def pick_many(cells: Cells) -> tuple:
            if len(cells) >= width:
                return whole(cells)
            return tuple(cells[i] if i < len(cells) else None for i in indices)

        return pick_many

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


def remembered(
    columns: Columns,
    fields: Sequence[Field],
    compute: Callable[[Cells], T],
    text_cells: bool,
    limit: int = MEMO_LIMIT,
) -> Callable[[Cells], T]:
    """``compute`` of a row, remembered by the cells it reads (``fields``): a school year has a
    thousand pupils, two hundred dates and a handful of lesson times and minute figures, so a
    million rows need only a few thousand real parses. A RowProblem is remembered too and raised
    afresh, with the same column and reason, for every row with the same cells.

    ``compute`` must read no other cells than those of ``fields``. With ``text_cells`` (a CSV
    file: every cell is a str) the cells themselves are the key; otherwise their types are part
    of it, so 1, 1.0 and True from a spreadsheet, equal in Python, are never mixed up."""
    pick = columns.picker(fields)
    known: dict[tuple, T | RowProblem] = {}

    def learn(key: tuple, cells: Cells) -> T | RowProblem:
        try:
            value: T | RowProblem = compute(cells)
        except RowProblem as problem:
            value = RowProblem(problem.field, problem.reason)  # without the traceback
        if sum(len(v) for v in pick(cells) if v.__class__ is str) <= MEMO_KEY_CHARS:
            if len(known) >= limit:
                known.clear()
            known[key] = value
        return value

    def text_row(cells: Cells) -> T:
        key = pick(cells)
        try:
            value = known[key]
        except KeyError:
            value = learn(key, cells)
        if value.__class__ is RowProblem:
            raise RowProblem(value.field, value.reason)  # type: ignore[union-attr]
        return value  # type: ignore[return-value]

    def any_row(cells: Cells) -> T:
        values = pick(cells)
        key = (values, tuple(map(type, values)))
        try:
            value = known[key]
        except KeyError:
            value = learn(key, cells)
        except TypeError:  # a cell that cannot be a key (none of the readers gives one)
            return compute(cells)
        if value.__class__ is RowProblem:
            raise RowProblem(value.field, value.reason)  # type: ignore[union-attr]
        return value  # type: ignore[return-value]

    return text_row if text_cells else any_row


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
