"""Fill a case file's audit log fast: many entries in one ``executemany``, hash-chained exactly as
``store.audit.append`` chains them (so the log is whole), with the times the caller chooses.

For the log check's tests and its benchmark: 100,000 entries take about a second. Fictitious
users and pupils; a tenth of the entries name no pupil, a few a pupil no longer in the register.
"""

from __future__ import annotations

import datetime as _dt
import random
from collections.abc import Sequence

from elevhalsa_desktop.store import audit
from elevhalsa_desktop.store.clock import new_id

USERS = (
    "Maria Lindqvist",
    "Anna Svensson",
    "Erik Öberg",
    "Åsa Ek",
    "Lars Holm",
    "Ida Berg",
)


def add_pupils(db, count: int) -> list[str]:
    """``count`` pupils straight into the register (names Elev1 Efternamn1 …); their ids."""
    now = "2025-08-01T08:00:00+02:00"
    rows = [
        (new_id(), f"Elev{i}", f"Efternamn{i}", f"{7 + i % 3}{'ABC'[i % 3]}", now, now)
        for i in range(count)
    ]
    with db.atomic():
        db.conn.executemany(
            "INSERT INTO pupil (id, given_name, family_name, class_name, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            rows,
        )
    return [row[0] for row in rows]


def fill_log(
    db,
    count: int,
    pupil_ids: Sequence[str],
    start: _dt.datetime = _dt.datetime(2025, 8, 1, 7, 0),
    step: _dt.timedelta = _dt.timedelta(minutes=10),
    seed: int = 1,
) -> None:
    """Append ``count`` entries after those already there, ``step`` apart from ``start``."""
    rnd = random.Random(seed)
    users = [(new_id(), name) for name in USERS]
    removed = [new_id() for _ in range(5)]
    actions = [audit.Action.VIEWED] * 6 + [
        audit.Action.CHANGED,
        audit.Action.CREATED,
        audit.Action.PRINTED,
        audit.Action.EXPORTED,
    ]
    head = audit.read_head(db) or audit.Head(0, 0, audit.GENESIS)
    prev, last_id = head.hash, head.last_id
    rows = []
    zone = _dt.datetime.now().astimezone().tzinfo
    for number in range(count):
        at = (start + step * number).replace(tzinfo=zone).isoformat(timespec="seconds")
        user_id, user_name = users[rnd.randrange(len(users))]
        draw = rnd.random()
        pupil = None if draw < 0.1 else removed[0] if draw < 0.11 else rnd.choice(pupil_ids)
        action = rnd.choice(actions).value
        detail = "" if action == "viewed" else f"plan {new_id()} version {rnd.randint(1, 5)}"
        last_id += 1
        digest = audit.entry_hash(last_id, at, user_id, user_name, pupil, action, detail, prev)
        rows.append((last_id, at, user_id, user_name, pupil, action, detail, prev, digest))
        prev = digest
    with db.atomic():
        db.conn.executemany(
            "INSERT INTO audit_log (id, at, user_id, user_name, pupil_id, action, detail,"
            " prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        audit.write_head(db, audit.Head(head.entries + count, last_id, prev))
