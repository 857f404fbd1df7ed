"""Attendance rows as the school system reported them, and the per-day summary the early warning
reads. The service calls the writers inside one transaction per import."""

from __future__ import annotations

import contextlib
import datetime as _dt
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from sqlite_utils import Database

from ..domain.ews import DayFigures, WindowSums
from .clock import new_id, now_iso
from .rows import many

#: Rows per executemany batch: big enough to be fast, small enough to check for Avbryt often.
BATCH = 20_000

_VALUES = ("offered", "attended", "excused", "unexcused", "late")


@dataclass
class WriteCounts:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0

    def add(self, other: WriteCounts) -> None:
        self.inserted += other.inserted
        self.updated += other.updated
        self.unchanged += other.unchanged


def start_import(db: Database, kind: str, fmt: str, sources: Sequence[str], user_id: str) -> str:
    now = now_iso()
    import_id = new_id()
    db["attendance_import"].insert(
        {
            "id": import_id,
            "kind": kind,
            "format": fmt,
            "sources": ", ".join(sources),
            "created_at": now,
            "created_by": user_id,
            "updated_at": now,
        }
    )
    return import_id


def finish_import(db: Database, import_id: str, **counts: int) -> None:
    db["attendance_import"].update(import_id, {**counts, "updated_at": now_iso()})


def _prepare_touched(db: Database) -> None:
    db.execute(
        "CREATE TEMP TABLE IF NOT EXISTS touched_day"
        " (pupil_id TEXT NOT NULL, day TEXT NOT NULL, PRIMARY KEY (pupil_id, day)) WITHOUT ROWID"
    )
    # ``state`` compares a staged row with the stored one: NULL when there is none, 0 when it
    # is the same, 1 when it differs.
    db.execute(
        "CREATE TEMP TABLE IF NOT EXISTS staged_lesson (pupil_id TEXT NOT NULL, day TEXT NOT NULL,"
        " lesson TEXT NOT NULL, offered INTEGER, attended INTEGER, excused INTEGER,"
        " unexcused INTEGER, late INTEGER, state INTEGER,"
        " PRIMARY KEY (pupil_id, day, lesson)) WITHOUT ROWID"
    )


# One look-up of the stored row per staged row: counting, noting the touched days and writing
# then read only the staging table (joining it to the attendance table three more times cost
# more than the writing itself).
_COMPARE_STAGED = (
    "UPDATE staged_lesson AS s SET state = (SELECT "
    + " OR ".join(f"a.{v} IS NOT s.{v}" for v in _VALUES)
    + " FROM attendance a WHERE a.pupil_id = s.pupil_id AND a.day = s.day AND a.lesson = s.lesson)"
)
_UPSERT = (
    f"INSERT INTO attendance (pupil_id, day, lesson, {', '.join(_VALUES)}, import_id)"
    f" SELECT pupil_id, day, lesson, {', '.join(_VALUES)}, ? FROM staged_lesson"
    " WHERE state IS NOT 0 ON CONFLICT (pupil_id, day, lesson) DO UPDATE SET "
    + ", ".join(f"{v} = excluded.{v}" for v in _VALUES)
    + ", import_id = excluded.import_id WHERE "
    + " OR ".join(f"attendance.{v} IS NOT excluded.{v}" for v in _VALUES)
)


def write_lessons(db: Database, rows: Iterable[tuple], import_id: str) -> WriteCounts:
    """Insert or update one batch of (pupil_id, day, lesson, offered, attended, excused,
    unexcused, late). A row equal to the stored one is left alone, so importing the same file
    again changes nothing; the days whose rows changed are noted for ``summarise_touched_days``.
    """
    _prepare_touched(db)
    db.execute("DELETE FROM staged_lesson")
    db.conn.executemany(
        "INSERT OR REPLACE INTO staged_lesson VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL)", rows
    )
    db.execute(_COMPARE_STAGED)
    staged, stored, changed = db.execute(
        "SELECT count(*), count(state), coalesce(sum(state), 0) FROM staged_lesson"
    ).fetchone()
    if staged == stored - changed:
        return WriteCounts(unchanged=staged)  # the same rows again: nothing to write
    db.execute(
        "INSERT OR IGNORE INTO touched_day SELECT DISTINCT pupil_id, day FROM staged_lesson"
        " WHERE state IS NOT 0"
    )
    db.execute(_UPSERT, [import_id])
    return WriteCounts(inserted=staged - stored, updated=changed, unchanged=stored - changed)


def touched_pupils(db: Database) -> set[str]:
    """The pupils whose days the running import has changed so far."""
    _prepare_touched(db)
    return {r[0] for r in db.execute("SELECT DISTINCT pupil_id FROM touched_day")}


def summarise_touched_days(db: Database) -> int:
    """Rewrite the per-day summary for the days an import changed; returns how many."""
    _prepare_touched(db)
    db.execute(
        """
        INSERT OR REPLACE INTO attendance_day
        SELECT a.pupil_id, a.day, sum(a.offered), sum(a.attended), sum(a.excused),
               sum(a.unexcused), count(*), sum(a.excused + a.unexcused > 0),
               sum(a.unexcused > 0), sum(a.late),
               -- The first lesson of the day missed (or come late to) on a day the pupil did
               -- come later: the pattern behind "phone home when the first lesson is missed".
               CASE WHEN sum(a.attended) > 0 AND coalesce((
                   SELECT f.excused + f.unexcused > 0 OR f.late = 1 FROM attendance f
                   WHERE f.pupil_id = a.pupil_id AND f.day = a.day AND f.lesson <> ''
                     AND f.offered > 0
                   ORDER BY f.lesson LIMIT 1), 0) THEN 1 ELSE 0 END,
               0
        FROM touched_day t CROSS JOIN attendance a ON a.pupil_id = t.pupil_id AND a.day = t.day
        GROUP BY t.pupil_id, t.day
        """
    )
    count = db.execute("SELECT count(*) FROM touched_day").fetchone()[0]
    db.execute("DELETE FROM touched_day")
    return count


def _weekdays(start: _dt.date, end: _dt.date) -> list[_dt.date]:
    days = []
    day = start
    while day <= end:
        if day.weekday() < 5:
            days.append(day)
        day += _dt.timedelta(days=1)
    return days


def _spread(total: int, parts: int) -> list[int]:
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def write_period(db: Database, row: tuple, import_id: str) -> str:
    """Store a period total (pupil_id, start, end, offered, attended, excused, unexcused) and,
    where there is no day-level data, spread it evenly over the period's weekdays so windows
    can use it. Returns "inserted", "updated" or "unchanged"."""
    pupil_id, start, end, *values = row
    stored = db.execute(
        "SELECT offered, attended, excused, unexcused FROM attendance_period"
        " WHERE pupil_id = ? AND start_day = ? AND end_day = ?",
        [pupil_id, start, end],
    ).fetchone()
    if stored is not None and list(stored) == list(values):
        return "unchanged"
    db.execute(
        "INSERT OR REPLACE INTO attendance_period VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [pupil_id, start, end, *values, import_id],
    )
    db.execute(
        "DELETE FROM attendance_day WHERE pupil_id = ? AND day BETWEEN ? AND ? AND estimated = 1",
        [pupil_id, start, end],
    )
    days = _weekdays(_dt.date.fromisoformat(start), _dt.date.fromisoformat(end))
    if days:
        columns = [_spread(v, len(days)) for v in values]
        db.conn.executemany(
            "INSERT OR IGNORE INTO attendance_day VALUES (?, ?, ?, ?, ?, ?, 0, 0, 0, 0, 0, 1)",
            [
                (pupil_id, day.isoformat(), *(column[i] for column in columns))
                for i, day in enumerate(days)
            ],
        )
    return "updated" if stored is not None else "inserted"


def write_reported_absence(db: Database, row: tuple, import_id: str) -> str:
    """(pupil_id, starts_at, ends_at, kind); returns "inserted", "updated" or "unchanged"."""
    pupil_id, starts_at, ends_at, kind = row
    stored = db.execute(
        "SELECT kind FROM reported_absence WHERE pupil_id = ? AND starts_at = ? AND ends_at = ?",
        [pupil_id, starts_at, ends_at],
    ).fetchone()
    if stored is not None and stored[0] == kind:
        return "unchanged"
    db.execute(
        "INSERT OR REPLACE INTO reported_absence VALUES (?, ?, ?, ?, ?)",
        [pupil_id, starts_at, ends_at, kind, import_id],
    )
    return "updated" if stored is not None else "inserted"


def _day(row) -> DayFigures:
    return DayFigures(
        day=_dt.date.fromisoformat(row[1]),
        offered=row[2],
        attended=row[3],
        excused=row[4],
        unexcused=row[5],
        lessons=row[6],
        absent_lessons=row[7],
        unexcused_lessons=row[8],
        late_lessons=row[9],
        first_lesson_missed=bool(row[10]),
        estimated=bool(row[11]),
    )


def days_by_pupil(
    db: Database, start: _dt.date, end: _dt.date, pupil_id: str | None = None
) -> dict[str, list[DayFigures]]:
    """Every pupil's day summaries between ``start`` and ``end`` (inclusive), in date order."""
    sql = (
        "SELECT pupil_id, day, offered, attended, excused, unexcused, lessons, absent_lessons,"
        " unexcused_lessons, late_lessons, first_lesson_missed, estimated FROM attendance_day"
        " WHERE day BETWEEN ? AND ?"
    )
    params: list = [start.isoformat(), end.isoformat()]
    if pupil_id is not None:
        sql += " AND pupil_id = ?"
        params.append(pupil_id)
    result: dict[str, list[DayFigures]] = {}
    for row in db.execute(sql + " ORDER BY pupil_id, day", params):
        result.setdefault(row[0], []).append(_day(row))
    return result


# The list of every pupil reads a window of every pupil's days at once: a year is 200,000
# pupil-days, so the sums are added up here and only the days with absence come back as rows.
# Each query goes pupil by pupil along the primary key (pupil_id, day), so it reads just the
# rows of the range, in order: CROSS JOIN keeps the pupil table outside. Left to itself the
# planner takes the index on day and looks up every row (three times slower for a term).


@contextlib.contextmanager
def one_reading(db: Database) -> Iterator[None]:
    """Several reads that see the file as it was when the first began, even if an import on
    another connection commits in between (in WAL mode a read transaction keeps its view)."""
    if db.conn.in_transaction:
        yield
        return
    db.execute("BEGIN")
    try:
        yield
    finally:
        db.execute("COMMIT")


def window_sums(
    db: Database, before_start: _dt.date, start: _dt.date, end: _dt.date
) -> dict[str, tuple[WindowSums, WindowSums]]:
    """Every pupil's sums for the window ``start``–``end`` and for the days from
    ``before_start`` up to it (of these only offered, excused and unexcused: the change needs
    no more). Pupils without offered time in either are left out."""
    inside = "a.day >= :start"
    measured = f"{inside} AND NOT a.estimated"
    rows = db.execute(
        f"""
        SELECT p.id,
            sum(CASE WHEN {inside} THEN a.offered ELSE 0 END),
            sum(CASE WHEN {inside} THEN a.attended ELSE 0 END),
            sum(CASE WHEN {inside} THEN a.excused ELSE 0 END),
            sum(CASE WHEN {inside} THEN a.unexcused ELSE 0 END),
            sum(CASE WHEN {inside} THEN a.unexcused_lessons ELSE 0 END),
            sum({measured} AND a.attended > 0 AND a.excused + a.unexcused > 0),
            sum({measured} AND a.first_lesson_missed),
            sum({measured}),
            sum(CASE WHEN {inside} THEN 0 ELSE a.offered END),
            sum(CASE WHEN {inside} THEN 0 ELSE a.excused END),
            sum(CASE WHEN {inside} THEN 0 ELSE a.unexcused END)
        FROM pupil p CROSS JOIN attendance_day a
            ON a.pupil_id = p.id AND a.day BETWEEN :before AND :end AND a.offered > 0
        GROUP BY p.id
        """,
        {"before": before_start.isoformat(), "start": start.isoformat(), "end": end.isoformat()},
    )
    return {
        r[0]: (WindowSums(*r[1:9]), WindowSums(offered=r[9], excused=r[10], unexcused=r[11]))
        for r in rows
    }


def absent_days(db: Database, start: _dt.date, end: _dt.date) -> dict[str, list[tuple[str, int]]]:
    """Every pupil's measured days with offered time and absence between ``start`` and ``end``:
    (ISO date, 1 when nothing was attended), in date order."""
    result: dict[str, list[tuple[str, int]]] = {}
    for pupil_id, day, whole in db.execute(
        "SELECT p.id, a.day, a.attended = 0 FROM pupil p CROSS JOIN attendance_day a"
        " ON a.pupil_id = p.id AND a.day BETWEEN ? AND ? AND a.offered > 0"
        " AND NOT a.estimated AND a.excused + a.unexcused > 0 ORDER BY p.id, a.day",
        [start.isoformat(), end.isoformat()],
    ):
        result.setdefault(pupil_id, []).append((day, whole))
    return result


def school_days(db: Database, start: _dt.date, end: _dt.date) -> list[str]:
    """The days between ``start`` and ``end`` that are a measured day with offered time for any
    pupil, in order (ISO dates). Each pupil's such days are among them."""
    return [
        r[0]
        for r in db.execute(
            # The distinct days come from the day index alone; one row each shows it counts.
            "SELECT d.day FROM (SELECT DISTINCT day FROM attendance_day WHERE day BETWEEN ? AND ?)"
            " AS d WHERE EXISTS (SELECT 1 FROM attendance_day x WHERE x.day = d.day"
            " AND x.offered > 0 AND NOT x.estimated) ORDER BY d.day",
            [start.isoformat(), end.isoformat()],
        )
    ]


def pupil_school_days(
    db: Database, pupil_ids: Iterable[str], start: _dt.date, end: _dt.date
) -> dict[str, list[str]]:
    """The measured days with offered time of each of ``pupil_ids``, in order (ISO dates)."""
    result: dict[str, list[str]] = {}
    for pupil_id, day in db.execute(
        "SELECT pupil_id, day FROM attendance_day WHERE pupil_id IN"
        " (SELECT value FROM json_each(?)) AND day BETWEEN ? AND ? AND offered > 0"
        " AND NOT estimated ORDER BY pupil_id, day",
        [json.dumps(list(pupil_ids)), start.isoformat(), end.isoformat()],
    ):
        result.setdefault(pupil_id, []).append(day)
    return result


def week_sums(
    db: Database, start: _dt.date, end: _dt.date
) -> dict[str, dict[int, tuple[int, int, int]]]:
    """Every pupil's (offered, excused, unexcused) per week between ``start`` and ``end``; week
    0 is the week of ``start``. All days count, as in ``domain.ews.weekly``."""
    monday = start - _dt.timedelta(days=start.weekday())
    result: dict[str, dict[int, tuple[int, int, int]]] = {}
    for pupil_id, week, offered, excused, unexcused in db.execute(
        "SELECT p.id, CAST((julianday(a.day) - julianday(:monday)) / 7 AS INTEGER) AS week,"
        " sum(a.offered), sum(a.excused), sum(a.unexcused)"
        " FROM pupil p CROSS JOIN attendance_day a"
        " ON a.pupil_id = p.id AND a.day BETWEEN :start AND :end GROUP BY p.id, week",
        {"monday": monday.isoformat(), "start": start.isoformat(), "end": end.isoformat()},
    ):
        result.setdefault(pupil_id, {})[week] = (offered, excused, unexcused)
    return result


def date_range(db: Database, pupil_id: str | None = None) -> tuple[str, str] | None:
    sql = "SELECT min(day), max(day) FROM attendance_day"
    params: list = []
    if pupil_id is not None:
        sql += " WHERE pupil_id = ?"
        params.append(pupil_id)
    first, last = db.execute(sql, params).fetchone()
    return (first, last) if first else None


def reported_absences(db: Database, pupil_id: str) -> list[dict]:
    return many(
        db,
        "SELECT starts_at, ends_at, kind FROM reported_absence WHERE pupil_id = ?"
        " ORDER BY starts_at DESC",
        [pupil_id],
    )


def imports(db: Database, limit: int = 50) -> list[dict]:
    return many(
        db,
        "SELECT i.*, u.name AS created_by_name FROM attendance_import i"
        " LEFT JOIN app_user u ON u.id = i.created_by ORDER BY i.created_at DESC LIMIT ?",
        [limit],
    )


def save_mapping(
    db: Database, header_key: str, name: str, kind: str, mapping: dict, user_id: str
) -> None:
    now = now_iso()
    db.execute(
        "INSERT INTO import_mapping (header_key, name, kind, mapping, created_at, created_by,"
        " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (header_key) DO UPDATE SET"
        " name = excluded.name, kind = excluded.kind, mapping = excluded.mapping,"
        " updated_at = excluded.updated_at",
        [header_key, name, kind, json.dumps(mapping, ensure_ascii=False), now, user_id, now],
    )


def mapping_for_header(db: Database, header_key: str) -> dict | None:
    row = db.execute(
        "SELECT mapping FROM import_mapping WHERE header_key = ?", [header_key]
    ).fetchone()
    return json.loads(row[0]) if row else None


def mapping_named(db: Database, name: str) -> dict | None:
    row = db.execute(
        "SELECT mapping FROM import_mapping WHERE name = ? ORDER BY updated_at DESC LIMIT 1",
        [name],
    ).fetchone()
    return json.loads(row[0]) if row else None


def mapping_names(db: Database) -> list[str]:
    return [r[0] for r in db.execute("SELECT DISTINCT name FROM import_mapping ORDER BY name")]
