"""Rows of collaboration: directory, network, consents, contact log, actions, concern reports."""

from __future__ import annotations

from sqlite_utils import Database

from ..domain.collaboration import (
    AgreedAction,
    Basis,
    Channel,
    ConcernReport,
    Consent,
    ConsentForm,
    ConsentFrom,
    Contact,
    ContactEntry,
    ContactKind,
    Involvement,
    Organisation,
    OrgKind,
)
from .rows import columns, many, one, record, save, update, write_children

# Optional references are stored as NULL, so foreign keys accept an empty choice.
_REFERENCES = ("organisation_id", "contact_id", "consent_id", "lead_organisation_id")


def _values(record) -> dict:
    values = columns(record)
    values.pop("actions", None)
    for name in _REFERENCES:
        if name in values:
            values[name] = values[name] or None
    return values


def _save(db: Database, table: str, item, user_id: str) -> str:
    return save(db, table, item, user_id, _values(item))


def _build(cls, row: dict, **converted):
    fixed = {name: row[name] or "" for name in _REFERENCES if name in row}
    if "archived" in row:
        fixed["archived"] = bool(row["archived"])
    return record(cls, {**row, **fixed}, **converted)


# Directory ----------------------------------------------------------------------------------


def save_organisation(db: Database, org: Organisation, user_id: str) -> str:
    return _save(db, "organisation", org, user_id)


def organisations(db: Database, include_archived: bool = True) -> list[Organisation]:
    where = "" if include_archived else "WHERE archived = 0"
    rows = many(db, f"SELECT * FROM organisation {where} ORDER BY archived, name, unit", [])
    return [_build(Organisation, r, kind=OrgKind(r["kind"])) for r in rows]


def save_contact(db: Database, person: Contact, user_id: str) -> str:
    return _save(db, "contact", person, user_id)


def contacts(db: Database) -> list[Contact]:
    return [
        _build(Contact, r) for r in many(db, "SELECT * FROM contact ORDER BY archived, name", [])
    ]


# Around a pupil -----------------------------------------------------------------------------


def save_involvement(db: Database, item: Involvement, user_id: str) -> str:
    return _save(db, "involvement", item, user_id)


def involvements(db: Database, pupil_id: str) -> list[Involvement]:
    rows = many(
        db, "SELECT * FROM involvement WHERE pupil_id = ? ORDER BY until != '', since", [pupil_id]
    )
    return [_build(Involvement, r) for r in rows]


def save_consent(db: Database, item: Consent, user_id: str) -> str:
    return _save(db, "consent", item, user_id)


def consents(db: Database, pupil_id: str) -> list[Consent]:
    rows = many(db, "SELECT * FROM consent WHERE pupil_id = ? ORDER BY given_on DESC", [pupil_id])
    return [
        _build(Consent, r, from_whom=ConsentFrom(r["from_whom"]), form=ConsentForm(r["form"]))
        for r in rows
    ]


def _entry(db: Database, row: dict) -> ContactEntry:
    actions = many(
        db, "SELECT * FROM agreed_action WHERE entry_id = ? ORDER BY position", [row["id"]]
    )
    return _build(
        ContactEntry,
        row,
        kind=ContactKind(row["kind"]),
        channel=Channel(row["channel"]),
        basis=Basis(row["basis"]) if row["basis"] else None,
        is_disclosure=bool(row["is_disclosure"]),
        actions=tuple(_build(AgreedAction, a) for a in actions),
    )


def save_entry(db: Database, entry: ContactEntry, user_id: str) -> str:
    values = _values(entry)
    values["basis"] = entry.basis.value if entry.basis else None
    entry_id = save(db, "contact_entry", entry, user_id, values)
    write_children(
        db, "agreed_action", "entry_id", entry_id, entry.actions, columns, user_id, _never_removed
    )
    return entry_id


def _never_removed(db: Database, table: str, action_id: str) -> None:
    """An agreed action is never deleted: it is marked done or struck out (see the service)."""


def entry(db: Database, entry_id: str) -> ContactEntry | None:
    row = one(db, "SELECT * FROM contact_entry WHERE id = ?", [entry_id])
    return _entry(db, row) if row else None


def entries(db: Database, pupil_id: str) -> list[ContactEntry]:
    rows = many(
        db,
        "SELECT * FROM contact_entry WHERE pupil_id = ? ORDER BY happened_on DESC, time DESC",
        [pupil_id],
    )
    return [_entry(db, r) for r in rows]


def mark_action_done(db: Database, action_id: str, done_on: str) -> None:
    update(db, "agreed_action", action_id, {"done_on": done_on})


def strike_action(db: Database, action_id: str, what: str, done_on: str) -> None:
    update(db, "agreed_action", action_id, {"what": what, "done_on": done_on})


def open_actions_until(db: Database, last_day: str) -> list[dict]:
    return many(
        db,
        "SELECT a.id AS action_id, a.what, a.responsible, a.due_on, e.id AS entry_id, e.kind,"
        " u.id AS pupil_id, u.given_name, u.family_name, u.class_name"
        " FROM agreed_action a JOIN contact_entry e ON e.id = a.entry_id"
        " JOIN pupil u ON u.id = e.pupil_id"
        " WHERE a.done_on = '' AND a.due_on <= ? AND u.status != 'archived'"
        " ORDER BY a.due_on, u.family_name",
        [last_day],
    )


def save_concern(db: Database, item: ConcernReport, user_id: str) -> str:
    return _save(db, "concern_report", item, user_id)


def concerns(db: Database, pupil_id: str) -> list[ConcernReport]:
    rows = many(
        db, "SELECT * FROM concern_report WHERE pupil_id = ? ORDER BY made_on DESC", [pupil_id]
    )
    return [_build(ConcernReport, r) for r in rows]
