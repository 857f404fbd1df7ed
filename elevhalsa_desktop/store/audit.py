"""The audit log: who did what to which pupil's record, and when.

The log is append-only (triggers refuse a change or a removal) and hash-chained: every entry
carries the hash of the entry before it (``prev_hash``) and its own ``hash`` over its fields and
that ``prev_hash``, so an entry changed, removed or slipped in afterwards breaks the chain at that
place. ``verify_chain`` walks it (``elevhalsa check`` does so every time).

A chain alone cannot tell that its *last* entries were removed: what is left is still a sound
chain. So the head of the chain (number of entries, last id, last hash) is also kept in the
setting ``audit_head``, written in the same transaction as the entry. That catches a removed tail,
an emptied log and an entry added by hand at the end. What it cannot catch: someone who has the
password and an SQLite tool, drops the triggers and recomputes every hash and the head row
consistently, or who puts back an older copy of the whole file. Nothing inside the file can; the
hash that ``elevhalsa check`` prints is there to be written down at each log check (an anchor
outside the file), so that a later rewrite of the history shows as a different hash.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from enum import StrEnum

from sqlite_utils import Database

from .clock import now_iso

DETAIL_MAX = 200
#: ``prev_hash`` of the first entry.
GENESIS = "0" * 64
#: The case_setting row with the head of the chain (JSON: entries, last_id, hash).
HEAD_KEY = "audit_head"


class Action(StrEnum):
    VIEWED = "viewed"
    CREATED = "created"
    CHANGED = "changed"
    ARCHIVED = "archived"
    PRINTED = "printed"
    EXPORTED = "exported"
    OPENED = "opened"  # the case file itself was unlocked
    # Records that arrived from another case file (a received handover). Stored as text with no
    # CHECK on the column, so a new action needs no migration.
    IMPORTED = "imported"
    # Records removed by retention (gallring) after they were archived; the entry stays.
    REMOVED = "removed"
    BACKED_UP = "backed_up"  # a backup of the whole case file was written
    RESTORED = "restored"  # the case file was replaced by a backup

    @property
    def label(self) -> str:
        return {
            "viewed": "Visade",
            "created": "Skapade",
            "changed": "Ändrade",
            "archived": "Arkiverade",
            "printed": "Skrev ut",
            "exported": "Exporterade",
            "opened": "Öppnade akten",
            "imported": "Tog emot",
            "removed": "Gallrade",
            "backed_up": "Säkerhetskopierade akten",
            "restored": "Återställde akten",
        }[self.value]


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: str
    user_id: str | None
    user_name: str
    pupil_id: str | None
    action: Action
    detail: str


def entry_hash(
    id: int,
    at: str,
    user_id: str | None,
    user_name: str,
    pupil_id: str | None,
    action: str,
    detail: str,
    prev_hash: str,
) -> str:
    """SHA-256 (hex) of the entry's canonical encoding: a compact JSON array of its fields in
    this order, UTF-8, no escapes for non-ASCII. Frozen: every file's chain depends on it."""
    canonical = json.dumps(
        [id, at, user_id, user_name, pupil_id, action, detail, prev_hash],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Head:
    entries: int
    last_id: int
    hash: str


def read_head(db: Database) -> Head | None:
    row = db.conn.execute("SELECT value FROM case_setting WHERE key = ?", [HEAD_KEY]).fetchone()
    if row is None:
        return None
    try:
        data = json.loads(row[0])
        return Head(int(data["entries"]), int(data["last_id"]), str(data["hash"]))
    except (ValueError, KeyError, TypeError):
        return Head(-1, -1, "")  # unreadable: verify_chain reports it


def write_head(db: Database, head: Head) -> None:
    value = json.dumps({"entries": head.entries, "last_id": head.last_id, "hash": head.hash})
    db.conn.execute(
        "INSERT INTO case_setting (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [HEAD_KEY, value],
    )


def append(
    db: Database,
    *,
    user_id: str | None,
    user_name: str,
    action: Action,
    pupil_id: str | None = None,
    detail: str = "",
) -> None:
    """Write one entry. ``detail`` names fields or ids, never the text of a record.

    Inside the caller's transaction when there is one (so the entry is saved with the change it
    records, or not at all); else in a transaction of its own. The write lock is held from the
    reading of the head to the writing of the new one, so two connections cannot fork the chain.
    """
    conn = db.conn
    if conn.in_transaction:
        _append(db, user_id, user_name, action.value, pupil_id, detail[:DETAIL_MAX])
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        _append(db, user_id, user_name, action.value, pupil_id, detail[:DETAIL_MAX])
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _append(
    db: Database,
    user_id: str | None,
    user_name: str,
    action: str,
    pupil_id: str | None,
    detail: str,
) -> None:
    head = read_head(db)
    if head is None or head.entries < 0:
        # Only a file whose head row is missing or unreadable (which verify_chain reports):
        # go on from the last entry there is.
        row = db.execute(
            "SELECT id, hash, (SELECT count(*) FROM audit_log) FROM audit_log"
            " ORDER BY id DESC LIMIT 1"
        ).fetchone()
        head = Head(row[2], row[0], row[1]) if row else Head(0, 0, GENESIS)
    # Chained to the head row, not to whatever entry is last in the table: if entries were
    # removed from the end, the new entry still points at the removed one and the gap shows.
    new_id = head.last_id + 1
    at = now_iso()
    digest = entry_hash(new_id, at, user_id, user_name, pupil_id, action, detail, head.hash)
    db.conn.execute(
        "INSERT INTO audit_log (id, at, user_id, user_name, pupil_id, action, detail,"
        " prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [new_id, at, user_id, user_name, pupil_id, action, detail, head.hash, digest],
    )
    write_head(db, Head(head.entries + 1, new_id, digest))


def entries(db: Database, *, pupil_id: str | None = None, limit: int = 1000) -> list[AuditEntry]:
    where, params = ("WHERE pupil_id = ?", [pupil_id]) if pupil_id else ("", [])
    rows = db.execute(
        "SELECT id, at, user_id, user_name, pupil_id, action, detail FROM audit_log "
        f"{where} ORDER BY id DESC LIMIT ?",
        [*params, limit],
    ).fetchall()
    return [AuditEntry(r[0], r[1], r[2], r[3], r[4], Action(r[5]), r[6]) for r in rows]


# Checking the chain -------------------------------------------------------------------------


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    entries: int
    #: The first entry found changed, out of place, or (for a removed tail) the first missing id.
    first_broken_id: int | None = None
    #: What is wrong, as a sentence in Swedish; empty when ok.
    problem: str = ""
    #: The last entry and its hash: written down at a log check, they can be compared later
    #: (``fingerprint``); a history rewritten since then gives that entry another hash.
    last_id: int = 0
    head_hash: str = ""


def fingerprint(digest: str) -> str:
    """The first 64 bits of a hash in groups of four, short enough to write down by hand."""
    return " ".join(digest[i : i + 4] for i in range(0, 16, 4))


def entry_hash_of(db: Database, entry_id: int) -> str | None:
    row = db.execute("SELECT hash FROM audit_log WHERE id = ?", [entry_id]).fetchone()
    return row[0] if row else None


def has_chain(db: Database) -> bool:
    """False for a file opened without migrating (``check``) that predates the chain."""
    return any(c.name == "hash" for c in db["audit_log"].columns)


def verify_chain(db: Database) -> ChainReport:
    """Walk the whole log in id order and compare it with the head row. Reads only.

    About 0.5 s per 100,000 entries; not run at every open, always by ``elevhalsa check``.
    """
    conn = db.conn
    own = not conn.in_transaction
    if own:
        conn.execute("BEGIN")  # one snapshot: the entries and the head row agree
    try:
        return _verify(db)
    finally:
        if own:
            conn.execute("ROLLBACK")


def _verify(db: Database) -> ChainReport:
    if not has_chain(db):
        return ChainReport(
            False,
            db.execute("SELECT count(*) FROM audit_log").fetchone()[0],
            problem="Loggen är från en äldre version och saknar kedja. Öppna akten i programmet "
            "en gång, så uppgraderas den.",
        )
    count = 0
    prev_id = 0
    prev = GENESIS
    rows = db.execute(
        "SELECT id, at, user_id, user_name, pupil_id, action, detail, prev_hash, hash"
        " FROM audit_log ORDER BY id"
    )
    for row in rows:
        entry_id, stored_prev, stored = row[0], row[7], row[8]
        if stored != entry_hash(*row[:7], stored_prev):
            return _broken(
                count,
                entry_id,
                f"Loggpost {entry_id} har ändrats eller lagts till utanför programmet: "
                "dess kontrollsumma stämmer inte med innehållet.",
            )
        if stored_prev != prev:
            if entry_id != prev_id + 1:
                why = (
                    f"loggposter före post {entry_id} har tagits bort"
                    if prev_id
                    else f"de första loggposterna (före post {entry_id}) har tagits bort"
                )
            else:
                why = (
                    f"post {prev_id} har lagts till eller bytts ut i efterhand"
                    if prev_id
                    else f"post {entry_id} hör inte till loggens början"
                )
            return _broken(count, entry_id, f"Loggkedjan är bruten vid post {entry_id}: {why}.")
        count += 1
        prev_id, prev = entry_id, stored
    head = read_head(db)
    if head is None or head.entries < 0:
        if count == 0:
            return ChainReport(True, 0, last_id=0, head_hash=GENESIS)
        return _broken(
            count,
            None,
            "Loggens kontrollpunkt saknas eller är oläslig, så det går inte att "
            "avgöra om de sista posterna finns kvar.",
        )
    if (head.entries, head.last_id, head.hash) != (count, prev_id, prev):
        if head.last_id > prev_id or head.entries > count:
            missing = max(head.entries - count, head.last_id - prev_id)
            return _broken(
                count,
                prev_id + 1,
                f"De sista loggposterna saknas: loggen har haft {head.entries} poster, "
                f"nu finns {count}. Minst {missing} har tagits bort efter post {prev_id}.",
            )
        return _broken(
            count,
            prev_id,
            "Loggens slut stämmer inte med dess kontrollpunkt: poster har lagts till eller "
            "ändrats utanför programmet.",
        )
    return ChainReport(True, count, last_id=prev_id, head_hash=prev)


def _broken(count: int, at: int | None, problem: str) -> ChainReport:
    return ChainReport(False, count, at, problem)


# The log check (loggkontroll): entries chosen by pupil, user, action, period and text ----------

#: Columns besides the id that ``matching`` may return, for ordering the entries by them.
MATCH_FIELDS = {
    "at": "a.at",
    "user_name": "a.user_name",
    "action": "a.action",
    "detail": "a.detail",
    "family_name": "p.family_name",
    "given_name": "p.given_name",
    "pupil_id": "a.pupil_id",
}
#: Entries read per query when rows are fetched by id (well under SQLite's parameter limit).
_ID_CHUNK = 500


def _like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _match_where(
    pupil_id: str | None,
    user: str | None,
    action: str | None,
    since: str | None,
    before: str | None,
    text: str,
) -> tuple[str, list]:
    """The WHERE clause and its bound parameters. ``since`` (inclusive) and ``before``
    (exclusive) are compared with ``at`` as text: an ISO date such as "2026-01-05" selects by
    the local day the entry was written. A pupil's entries come by the index on (pupil_id, at);
    the other filters read the log in id order, about 30 ms per 100,000 entries."""
    clauses: list[str] = []
    params: list = []
    if pupil_id:
        clauses.append("a.pupil_id = ?")
        params.append(pupil_id)
    if user:
        # A user's id, or a name as the log has it (also a name the user had before).
        clauses.append("(a.user_id = ? OR a.user_name = ?)")
        params += [user, user]
    if action:
        clauses.append("a.action = ?")
        params.append(action)
    if since:
        clauses.append("a.at >= ?")
        params.append(since)
    if before:
        clauses.append("a.at < ?")
        params.append(before)
    if text.strip():
        clauses.append("a.detail LIKE ? ESCAPE '\\'")
        params.append(_like_pattern(text.strip()))
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def matching(
    db: Database,
    *,
    fields: tuple[str, ...] = (),
    pupil_id: str | None = None,
    user: str | None = None,
    action: str | None = None,
    since: str | None = None,
    before: str | None = None,
    text: str = "",
    newest_first: bool = True,
) -> list[tuple]:
    """The ids of the matching entries in the order they were written (newest first unless
    asked), each in a tuple with the ``fields`` (names from MATCH_FIELDS) to order them by."""
    columns = "".join(f", {MATCH_FIELDS[name]}" for name in fields)
    join = (
        " LEFT JOIN pupil p ON p.id = a.pupil_id"
        if any(name in ("family_name", "given_name") for name in fields)
        else ""
    )
    where, params = _match_where(pupil_id, user, action, since, before, text)
    order = "DESC" if newest_first else "ASC"
    return db.execute(
        f"SELECT a.id{columns} FROM audit_log a{join}{where} ORDER BY a.id {order}", params
    ).fetchall()


def rows_by_id(db: Database, ids: list[int]) -> list[tuple]:
    """The entries with these ids, in the order given: id, at, user_id, user_name, pupil_id,
    action, detail, then the pupil's given name, family name and class from the register
    (None when the entry names no pupil or the pupil is no longer there)."""
    found: dict[int, tuple] = {}
    for start in range(0, len(ids), _ID_CHUNK):
        chunk = ids[start : start + _ID_CHUNK]
        marks = ", ".join("?" * len(chunk))
        for row in db.execute(
            "SELECT a.id, a.at, a.user_id, a.user_name, a.pupil_id, a.action, a.detail,"
            " p.given_name, p.family_name, p.class_name"
            f" FROM audit_log a LEFT JOIN pupil p ON p.id = a.pupil_id WHERE a.id IN ({marks})",
            chunk,
        ):
            found[row[0]] = row
    return [found[i] for i in ids if i in found]


def logged_users(db: Database) -> list[tuple[str | None, str]]:
    """Everyone who has written in the log: the user's id and the name of their latest entry."""
    return db.execute(
        "SELECT user_id, user_name, max(id) FROM audit_log GROUP BY user_id,"
        " CASE WHEN user_id IS NULL THEN user_name END"
    ).fetchall()


def logged_pupils_not_in_register(db: Database) -> list[str]:
    """Pupil ids the log names that the register no longer has (removed by retention)."""
    return [
        row[0]
        for row in db.execute(
            "SELECT DISTINCT pupil_id FROM audit_log WHERE pupil_id IS NOT NULL"
            " AND pupil_id NOT IN (SELECT id FROM pupil) ORDER BY pupil_id"
        )
    ]
