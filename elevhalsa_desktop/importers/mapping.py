"""The column mapping the user confirms before a table is read: which header holds which field,
what the file's own status words mean, and how long a lesson is when the file does not say.
A mapping is remembered per header (``header_key``) so the next export from the same system
is read without asking again."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from . import header_words
from .tables import RowError, Table
from .values import clean_text, parse_date, parse_minutes, parse_time, split_time_range


class Field(StrEnum):
    CIVIC_NO = "civic_no"
    EXTERNAL_ID = "external_id"
    GIVEN_NAME = "given_name"
    FAMILY_NAME = "family_name"
    FULL_NAME = "full_name"
    CLASS_NAME = "class_name"
    YEAR = "year"
    MENTOR = "mentor"
    PROTECTED = "protected"
    GUARDIAN1_NAME = "guardian1_name"
    GUARDIAN1_PHONE = "guardian1_phone"
    GUARDIAN1_EMAIL = "guardian1_email"
    GUARDIAN2_NAME = "guardian2_name"
    GUARDIAN2_PHONE = "guardian2_phone"
    GUARDIAN2_EMAIL = "guardian2_email"
    DATE = "date"
    LESSON_START = "lesson_start"
    LESSON_END = "lesson_end"
    OFFERED = "offered"
    ATTENDED = "attended"
    EXCUSED = "excused"
    UNEXCUSED = "unexcused"
    STATUS = "status"
    LATE_MINUTES = "late_minutes"

    @property
    def label(self) -> str:
        return _FIELD_LABELS[self]


_FIELD_LABELS = {
    Field.CIVIC_NO: "Personnummer",
    Field.EXTERNAL_ID: "Elev-id i skolsystemet",
    Field.GIVEN_NAME: "Förnamn",
    Field.FAMILY_NAME: "Efternamn",
    Field.FULL_NAME: "Namn",
    Field.CLASS_NAME: "Klass",
    Field.YEAR: "Årskurs",
    Field.MENTOR: "Mentor",
    Field.PROTECTED: "Skyddad identitet",
    Field.GUARDIAN1_NAME: "Vårdnadshavare 1, namn",
    Field.GUARDIAN1_PHONE: "Vårdnadshavare 1, telefon",
    Field.GUARDIAN1_EMAIL: "Vårdnadshavare 1, e-post",
    Field.GUARDIAN2_NAME: "Vårdnadshavare 2, namn",
    Field.GUARDIAN2_PHONE: "Vårdnadshavare 2, telefon",
    Field.GUARDIAN2_EMAIL: "Vårdnadshavare 2, e-post",
    Field.DATE: "Datum",
    Field.LESSON_START: "Lektionens start",
    Field.LESSON_END: "Lektionens slut",
    Field.OFFERED: "Erbjuden tid (min)",
    Field.ATTENDED: "Närvaro (min)",
    Field.EXCUSED: "Giltig frånvaro (min)",
    Field.UNEXCUSED: "Ogiltig frånvaro (min)",
    Field.STATUS: "Status",
    Field.LATE_MINUTES: "Sen ankomst (min)",
}

PUPIL_FIELDS = (
    Field.CIVIC_NO,
    Field.EXTERNAL_ID,
    Field.GIVEN_NAME,
    Field.FAMILY_NAME,
    Field.FULL_NAME,
    Field.CLASS_NAME,
)
ATTENDANCE_FIELDS = (
    *PUPIL_FIELDS,
    Field.DATE,
    Field.LESSON_START,
    Field.LESSON_END,
    Field.OFFERED,
    Field.ATTENDED,
    Field.EXCUSED,
    Field.UNEXCUSED,
    Field.STATUS,
    Field.LATE_MINUTES,
)
ROSTER_FIELDS = (
    *PUPIL_FIELDS,
    Field.YEAR,
    Field.MENTOR,
    Field.PROTECTED,
    Field.GUARDIAN1_NAME,
    Field.GUARDIAN1_PHONE,
    Field.GUARDIAN1_EMAIL,
    Field.GUARDIAN2_NAME,
    Field.GUARDIAN2_PHONE,
    Field.GUARDIAN2_EMAIL,
)
_MINUTE_FIELDS = (Field.ATTENDED, Field.EXCUSED, Field.UNEXCUSED)


class Status(StrEnum):
    PRESENT = "present"
    EXCUSED = "excused"
    UNEXCUSED = "unexcused"
    LATE = "late"

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]


_STATUS_LABELS = {
    Status.PRESENT: "närvarande",
    Status.EXCUSED: "giltig frånvaro",
    Status.UNEXCUSED: "ogiltig frånvaro",
    Status.LATE: "sen ankomst",
}


def status_key(word: str) -> str:
    """How status words are compared: without case and without spaces."""
    return "".join(clean_text(word).casefold().split())


@dataclass
class ColumnMapping:
    name: str = ""
    columns: dict[Field, str] = field(default_factory=dict)  # field -> header text
    status_words: dict[str, Status] = field(default_factory=dict)  # the file's word -> meaning
    lesson_minutes: int = 60  # a lesson's length when the file gives only a status

    def status_lookup(self) -> dict[str, Status]:
        return {status_key(word): status for word, status in self.status_words.items()}

    def to_json(self) -> str:
        return json.dumps(
            {
                "version": 1,
                "name": self.name,
                "columns": {f.value: header for f, header in self.columns.items()},
                "status_words": {word: s.value for word, s in self.status_words.items()},
                "lesson_minutes": self.lesson_minutes,
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str) -> ColumnMapping:
        """A remembered mapping. Fields and meanings this version does not know are left out,
        so a mapping saved by a newer version still opens."""
        try:
            data = json.loads(text)
            columns = {
                Field(key): str(header)
                for key, header in dict(data.get("columns", {})).items()
                if key in Field.__members__.values() and header
            }
            words = {
                str(word): Status(meaning)
                for word, meaning in dict(data.get("status_words", {})).items()
                if meaning in Status.__members__.values()
            }
            minutes = int(data.get("lesson_minutes", 60))
            return cls(str(data.get("name", "")), columns, words, minutes)
        except (ValueError, TypeError, AttributeError):
            raise ValueError(
                "Den sparade kolumnmappningen går inte att läsa. Välj kolumnerna på nytt."
            ) from None


def header_key(headers: Iterable[str]) -> str:
    """The same key for every file with the same column names, whatever their order, case
    or spacing, so a remembered mapping is offered again."""
    names = sorted({"".join(clean_text(h).casefold().split()) for h in headers})
    return hashlib.sha256("\x1f".join(names).encode("utf-8")).hexdigest()[:20]


def guess_attendance(
    headers: Sequence[str], preview: Sequence[Sequence[str]] | None = None
) -> ColumnMapping:
    """A first suggestion for an attendance file. With ``preview`` rows (``Table.preview()``)
    a guess is dropped when none of its values fit ("Lektion" holding subjects, not times),
    and a "Närvaro" column that holds words rather than minutes becomes the status column."""
    columns = _guess(headers, ATTENDANCE_FIELDS)
    if preview:
        sample = {f: _column_values(headers, preview, header) for f, header in columns.items()}
        attended = sample.get(Field.ATTENDED)
        if attended and not any(map(_fits_minutes, attended)) and Field.STATUS not in columns:
            columns[Field.STATUS] = columns.pop(Field.ATTENDED)
        for f, fits in _FITS.items():
            values = sample.get(f)
            if f in columns and values and not any(map(fits, values)):
                del columns[f]
    return ColumnMapping(columns=columns)


def guess_roster(headers: Sequence[str]) -> ColumnMapping:
    """A first suggestion for a class list."""
    return ColumnMapping(columns=_guess(headers, ROSTER_FIELDS))


def _column_values(
    headers: Sequence[str], preview: Sequence[Sequence[str]], header: str
) -> list[str]:
    index = list(headers).index(header)
    return [row[index] for row in preview if index < len(row) and str(row[index]).strip()]


def _fits(parser) -> Callable[[str], bool]:
    def fits(text: str) -> bool:
        try:
            parser(text)
        except ValueError:
            return False
        return True

    return fits


_fits_minutes = _fits(parse_minutes)
_fits_time = _fits(lambda text: split_time_range(text) or parse_time(text))
_FITS = {
    Field.DATE: _fits(parse_date),
    Field.LESSON_START: _fits_time,
    Field.LESSON_END: _fits_time,
    **dict.fromkeys(
        (Field.OFFERED, Field.ATTENDED, Field.EXCUSED, Field.UNEXCUSED, Field.LATE_MINUTES),
        _fits_minutes,
    ),
}


def _guess(headers: Sequence[str], wanted: Sequence[Field]) -> dict[Field, str]:
    """Guardians first (their headers also hold "namn" and "telefon"); then each field takes
    the header that matches its most typical name ("Starttid" before "Lektion"); last, headers
    that begin with a known name ("Personnummer (ÅÅÅÅMMDD-NNNN)", "Klass 25/26")."""
    found: dict[Field, str] = {}
    folded = {header: header_words.fold(header) for header in headers}
    taken: set[str] = set()

    def assign(f: Field, header: str) -> None:
        found[f] = header
        taken.add(header)

    for header, words in folded.items():
        guardian = _guardian_field(words)
        if guardian is not None and guardian in wanted and guardian not in found:
            assign(guardian, header)
    for f in wanted:
        aliases = header_words.HEADER_ALIASES.get(f.value, ())
        ranked = [
            (aliases.index(words), header)
            for header, words in folded.items()
            if header not in taken and words in aliases
        ]
        if f not in found and ranked:
            assign(f, min(ranked)[1])
    prefixes = sorted(
        (
            (alias, f)
            for f in wanted
            for alias in header_words.HEADER_ALIASES.get(f.value, ())
            if len(alias) >= 4
        ),
        key=lambda pair: -len(pair[0]),
    )
    for header, words in folded.items():
        if header in taken:
            continue
        for alias, f in prefixes:
            if f not in found and (words + " ").startswith(alias + " "):
                assign(f, header)
                break
    return found


def _guardian_field(words: str) -> Field | None:
    match = header_words.GUARDIAN.search(words)
    if not match:
        return None
    number = match.group(1) or "1"
    rest = words[: match.start()] + " " + words[match.end() :]
    if any(w in rest for w in header_words.EMAIL_WORDS):
        kind = "email"
    elif any(t.startswith(header_words.PHONE_WORDS) for t in rest.split()):
        kind = "phone"
    else:
        kind = "name"
    return Field(f"guardian{number}_{kind}")


def guess_status_words(values: Iterable[str]) -> dict[str, Status]:
    """Meanings for the distinct words of a status column, as far as they are unambiguous.
    Words left out are for the user to decide in the mapping step."""
    guessed: dict[str, Status] = {}
    for value in values:
        meaning = header_words.STATUS_WORDS.get(header_words.fold(value))
        if meaning is not None:
            guessed[value] = Status(meaning)
    return guessed


def attendance_problems(
    mapping: ColumnMapping,
    headers: Sequence[str] | None = None,
    status_values: Iterable[str] | None = None,
) -> dict[str, str]:
    """What keeps the mapping from being used for attendance, as field -> sentence; empty when
    it is usable. With ``headers`` the chosen columns are checked against the file, with
    ``status_values`` (from ``distinct_values``) every status word must have a meaning."""
    problems = _missing_columns(mapping, headers)
    columns = mapping.columns
    _pupil_problem(columns, problems)
    if Field.DATE not in columns:
        problems.setdefault(Field.DATE.value, "Välj kolumnen med datum.")
    has_minutes = any(f in columns for f in _MINUTE_FIELDS)
    if Field.STATUS not in columns and not has_minutes:
        problems.setdefault(
            Field.STATUS.value, "Välj antingen en statuskolumn eller kolumner med minuter."
        )
    elif Field.STATUS not in columns:
        knows_length = (
            Field.OFFERED in columns
            or Field.ATTENDED in columns
            or (Field.LESSON_START in columns and Field.LESSON_END in columns)
        )
        if not knows_length:
            problems.setdefault(
                Field.OFFERED.value,
                "Välj kolumnen med erbjuden tid (eller närvaro, eller start- och sluttid) så "
                "att frånvaron kan jämföras med den tid eleven skulle ha varit i skolan.",
            )
    else:
        times = Field.OFFERED in columns or (
            Field.LESSON_START in columns and Field.LESSON_END in columns
        )
        if not times and not 1 <= mapping.lesson_minutes <= 600:
            problems["lesson_minutes"] = "Ange hur många minuter en lektion är (1–600)."
        if status_values is not None:
            _status_word_problem(mapping, status_values, problems)
    if Field.LESSON_END in columns and Field.LESSON_START not in columns:
        problems.setdefault(
            Field.LESSON_START.value, "Välj också kolumnen med lektionens starttid."
        )
    return problems


def roster_problems(mapping: ColumnMapping, headers: Sequence[str] | None = None) -> dict[str, str]:
    """What keeps the mapping from being used for a class list; empty when it is usable."""
    problems = _missing_columns(mapping, headers)
    columns = mapping.columns
    _pupil_problem(columns, problems)
    if Field.FULL_NAME not in columns and not (
        Field.GIVEN_NAME in columns and Field.FAMILY_NAME in columns
    ):
        key = Field.FAMILY_NAME if Field.GIVEN_NAME in columns else Field.FULL_NAME
        problems.setdefault(
            key.value,
            "Välj kolumnen med elevens namn, eller kolumnerna med förnamn och efternamn.",
        )
    return problems


def _missing_columns(mapping: ColumnMapping, headers: Sequence[str] | None) -> dict[str, str]:
    if headers is None:
        return {}
    present = {"".join(h.casefold().split()) for h in headers}
    return {
        f.value: f"Kolumnen '{header}' finns inte i filen. Välj en annan kolumn för {f.label.lower()}."
        for f, header in mapping.columns.items()
        if "".join(header.casefold().split()) not in present
    }


def _pupil_problem(columns: dict[Field, str], problems: dict[str, str]) -> None:
    has_name = Field.FULL_NAME in columns or (
        Field.GIVEN_NAME in columns and Field.FAMILY_NAME in columns
    )
    known = (
        Field.CIVIC_NO in columns
        or Field.EXTERNAL_ID in columns
        or (has_name and Field.CLASS_NAME in columns)
    )
    if not known:
        problems.setdefault(
            Field.CIVIC_NO.value,
            "Välj personnummer, eller namn och klass, så att eleven kan kännas igen.",
        )


def _status_word_problem(
    mapping: ColumnMapping, values: Iterable[str], problems: dict[str, str]
) -> None:
    lookup = mapping.status_lookup()
    unknown = [v for v in dict.fromkeys(values) if v.strip() and status_key(v) not in lookup]
    if not unknown:
        return
    if len(unknown) == 1:
        problems[Field.STATUS.value] = (
            f"Ordet '{unknown[0]}' i statuskolumnen har ingen betydelse än: välj vad det betyder."
        )
    else:
        words = ", ".join(f"'{w}'" for w in unknown[:-1]) + f" och '{unknown[-1]}'"
        problems[Field.STATUS.value] = (
            f"Orden {words} i statuskolumnen har ingen betydelse än: välj vad de betyder."
        )


def distinct_values(
    table: Table, column: str, limit: int = 50, max_rows: int = 200_000
) -> list[str]:
    """The different values of one column, in the order they first occur, for the mapping
    step to ask about. Stops after ``limit`` values or ``max_rows`` rows, so a huge file
    answers quickly; a word seen only later is reported as a skipped row when read."""
    index = table.column(column)
    seen: dict[str, None] = {}
    for count, (_line, cells) in enumerate(table.rows(), start=1):
        if not isinstance(cells, RowError) and index < len(cells):
            text = clean_text(cells[index])
            if text:
                seen.setdefault(text)
        if len(seen) >= limit or count >= max_rows:
            break
    return list(seen)
