"""Retention (gallring) on a real encrypted case file: every rule starts as keep, a rule lists
the records whose time has come, the archive is written and read back before anything is
removed, the removal is all or nothing, its log entries stay, and no other pupil is touched."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from elevhalsa_desktop.domain.collaboration import AgreedAction, Channel, ContactEntry, ContactKind
from elevhalsa_desktop.domain.people import Role
from elevhalsa_desktop.domain.pupil import PupilStatus, ValidationError
from elevhalsa_desktop.importers.records import ImportCancelled
from elevhalsa_desktop.services.collaboration import CollaborationService
from elevhalsa_desktop.services.retention import (
    DueRecord,
    RetentionError,
    RetentionKind,
    RetentionService,
    summary_sentence,
)
from elevhalsa_desktop.store import audit, pupil_records, users
from elevhalsa_desktop.store.casefile import integrity_report
from elevhalsa_desktop.store.errors import CaseFileError
from tests.dates import TODAY, day
from tests.services.register_setup import OLD_DAY, count_rows, full_pupil

LATER = TODAY + dt.timedelta(days=6 * 366)  # six years on: everything of today is five years old

ALL_KEEP = dict.fromkeys(RetentionKind)


@pytest.fixture
def setup(session, pupils):
    return full_pupil(session, pupils)


@pytest.fixture
def retention(session):
    return RetentionService(session)


@pytest.fixture
def archive(tmp_path):
    folder = tmp_path / "arkiv"
    folder.mkdir()
    return folder


def _log(session) -> list[audit.AuditEntry]:
    return audit.entries(session.db, limit=100_000)


def test_every_rule_starts_as_keep_and_nothing_is_due(retention, setup, pupils):
    pupils.set_status(setup.pupil.id, PupilStatus.MOVED)
    assert retention.rules() == ALL_KEEP
    assert retention.due(LATER + dt.timedelta(days=365 * 50)) == []


def test_rules_are_saved_in_the_case_file_and_checked(session, retention):
    saved = retention.save_rules({RetentionKind.CONTACT_ENTRIES: 5, RetentionKind.ATTENDANCE: 3})
    assert saved == {**ALL_KEEP, RetentionKind.CONTACT_ENTRIES: 5, RetentionKind.ATTENDANCE: 3}
    assert users.get_setting(session.db, "retention.contact_entries") == "5"
    assert _log(session)[0].detail == "gallringsregler"
    assert retention.save_rules({RetentionKind.ATTENDANCE: None})[RetentionKind.ATTENDANCE] is None
    for bad in (0, -1, 101):
        with pytest.raises(ValidationError, match="mellan 1 och 100"):
            retention.save_rules({RetentionKind.ATTENDANCE: bad})


def test_only_those_responsible_may_set_rules_or_remove(session, retention, archive):
    session.user = users.User(session.user.id, session.user.name, Role.MENTOR)
    assert not retention.may_remove
    with pytest.raises(RetentionError, match="rektor"):
        retention.save_rules({RetentionKind.ATTENDANCE: 3})
    record = DueRecord(RetentionKind.ATTENDANCE, "x", "", "2015-01-01", "2020-01-01")
    with pytest.raises(RetentionError, match="rektor"):
        retention.archive_and_remove([record], archive)


def test_a_rule_lists_what_is_due_and_keeps_what_must_stay(session, retention, setup, pupils):
    collab = CollaborationService(session)
    pending = collab.save_entry(
        ContactEntry(
            setup.pupil.id,
            OLD_DAY,
            ContactKind.OTHER,
            Channel.MEETING,
            "Gammalt möte med en åtgärd kvar",
            actions=(AgreedAction("Ring tillbaka", "Lars Berg", day(3)),),
        )
    )
    retention.save_rules({RetentionKind.CONTACT_ENTRIES: 5})
    due = retention.due(TODAY)
    assert {(r.pupil_id, r.record_id) for r in due} == {
        (setup.pupil.id, setup.old_entry_id),
        (setup.other.id, next(e.id for e in collab.entries(setup.other.id))),
    }
    assert pending.id not in {r.record_id for r in due}  # an action still open
    mine = next(r for r in due if r.pupil_id == setup.pupil.id)
    assert mine.since == OLD_DAY and mine.pupil_name == "Åsa Öhman" and mine.class_name == "7B"
    # Disclosures stay while the pupil's record does, however old.
    assert setup.disclosure_id not in {r.record_id for r in retention.due(LATER)}

    retention.save_rules({RetentionKind.CLOSED_PLANS: 5, RetentionKind.ATTENDANCE: 5})
    later = retention.due(LATER)
    plans = {r.record_id for r in later if r.kind is RetentionKind.CLOSED_PLANS}
    assert setup.closed_plan_id in plans and setup.plan_id not in plans  # the active one stays
    attendance = [r for r in retention.due(TODAY) if r.kind is RetentionKind.ATTENDANCE]
    assert [(r.pupil_id, r.since) for r in attendance] == [(setup.pupil.id, "2015-12-18")]

    retention.save_rules({RetentionKind.PUPIL_LEFT: 5})
    assert not [r for r in retention.due(LATER) if r.kind is RetentionKind.PUPIL_LEFT]
    pupils.set_status(setup.pupil.id, PupilStatus.MOVED)
    assert not [r for r in retention.due(TODAY) if r.kind is RetentionKind.PUPIL_LEFT]
    whole = [r for r in retention.due(LATER) if r.pupil_id == setup.pupil.id]
    assert [r.kind for r in whole] == [RetentionKind.PUPIL_LEFT]  # listed once, whole


def test_the_confirmation_sentence(setup):
    records = [DueRecord(RetentionKind.ATTENDANCE, p, "", "") for p in ("a", "a", "b")]
    assert summary_sentence(records, "/arkiv") == (
        "3 poster om 2 elever arkiveras till /arkiv och tas sedan bort ur akten. "
        "Det går inte att ångra."
    )


def test_a_pupil_who_left_is_archived_whole_then_removed(
    session, retention, setup, pupils, archive
):
    pupils.set_status(setup.pupil.id, PupilStatus.ARCHIVED)
    retention.save_rules({RetentionKind.PUPIL_LEFT: 5})
    other_before = count_rows(session.db, setup.other.id)
    logged_before = [e for e in _log(session) if e.pupil_id == setup.pupil.id]
    (due,) = retention.due(LATER)

    result = retention.archive_and_remove([due], archive, LATER)

    names = sorted(p.name for p in archive.iterdir())
    assert names == sorted(p.name for p in result.files) and len(names) == 2
    assert all(n.startswith("Gallrad akt 7B ÅÖ ") and "Öhman" not in n for n in names)
    data = json.loads(next(archive.glob("*.json")).read_text(encoding="utf-8"))
    assert data["title"] == "Arkivexemplar vid gallring"
    assert data["retention"]["kind"] == "pupil_left" and data["plans"] and data["access_log"]

    after = count_rows(session.db, setup.pupil.id)
    assert {t: n for t, n in after.items() if n} == {"audit_log": after["audit_log"]}
    kept = [e for e in _log(session) if e.pupil_id == setup.pupil.id]
    assert kept[1:] == logged_before  # the log is all still there, with one entry more
    assert kept[0].action is audit.Action.REMOVED
    assert kept[0].detail == f"elev {setup.pupil.id}: gallrad"
    assert count_rows(session.db, setup.other.id) == other_before
    assert integrity_report(session.case) == []
    # The revisions' guard is back in place for everyone else's plans.
    with pytest.raises(Exception, match="kept as they were saved"), session.case.write() as db:
        db.execute("DELETE FROM plan_revision")


def test_partial_kinds_remove_only_the_chosen_records(session, retention, setup, archive):
    retention.save_rules(
        {
            RetentionKind.CLOSED_PLANS: 5,
            RetentionKind.CONTACT_ENTRIES: 5,
            RetentionKind.ATTENDANCE: 5,
        }
    )
    mine = [r for r in retention.due(LATER) if r.pupil_id == setup.pupil.id]
    chosen = [
        r
        for r in mine
        if r.record_id in (setup.closed_plan_id, setup.old_entry_id)
        or r.kind is RetentionKind.ATTENDANCE
    ]
    assert len(chosen) == 3
    before = count_rows(session.db, setup.pupil.id)
    other_before = count_rows(session.db, setup.other.id)

    result = retention.archive_and_remove(chosen, archive, LATER)

    assert result.pupils == 1 and len(result.files) == 6
    after = count_rows(session.db, setup.pupil.id)
    assert after["plan"] == before["plan"] - 1
    assert after["plan_revision"] < before["plan_revision"]
    assert after["contact_entry"] == before["contact_entry"] - 1
    assert after["attendance"] == after["attendance_day"] == after["attendance_period"] == 0
    assert after["reported_absence"] == 0
    assert (
        after["consent"] == before["consent"] and after["handover_note"] == before["handover_note"]
    )
    assert count_rows(session.db, setup.other.id) == other_before
    plans = json.loads(next(archive.glob("Gallrade planer*.json")).read_text(encoding="utf-8"))
    assert [p["id"] for p in plans["plans"]] == [setup.closed_plan_id]
    assert plans["plans"][0]["revisions"] and "attendance" not in plans
    details = [e.detail for e in _log(session)[:4]]
    assert f"plan {setup.closed_plan_id}: gallrad" in details
    assert f"kontakt {setup.old_entry_id}: gallrad" in details
    assert any(d.startswith("närvaro före ") and d.endswith(": gallrad") for d in details)
    assert not any("Öhman" in e.detail or "Åsa" in e.detail for e in _log(session))


def test_the_archive_is_written_and_sound_before_anything_is_removed(
    session, retention, setup, archive, monkeypatch
):
    retention.save_rules({RetentionKind.CONTACT_ENTRIES: 5})
    chosen = [r for r in retention.due(TODAY) if r.pupil_id == setup.pupil.id]
    seen = []
    real_remove = pupil_records.remove

    def remove(db, table, *args, **kwargs):
        files = sorted(p.name for p in archive.iterdir())
        seen.append(files)
        assert len(files) == 2 and all((archive / f).stat().st_size > 0 for f in files)
        return real_remove(db, table, *args, **kwargs)

    monkeypatch.setattr(pupil_records, "remove", remove)
    retention.archive_and_remove(chosen, archive, TODAY)
    assert seen and seen[0]


def test_a_failure_midway_removes_nothing_and_leaves_no_archive(
    session, retention, setup, archive, monkeypatch
):
    retention.save_rules({RetentionKind.CONTACT_ENTRIES: 5, RetentionKind.ATTENDANCE: 5})
    chosen = retention.due(TODAY)
    assert {r.pupil_id for r in chosen} == {setup.pupil.id, setup.other.id}
    before = {p: count_rows(session.db, p) for p in (setup.pupil.id, setup.other.id)}
    log_before = _log(session)
    real_remove = pupil_records.remove
    calls = []

    def remove(db, table, *args, **kwargs):
        calls.append(table)
        if len(calls) == 3:  # after some rows have already gone
            raise OSError("disken tog slut")
        return real_remove(db, table, *args, **kwargs)

    monkeypatch.setattr(pupil_records, "remove", remove)
    with pytest.raises(CaseFileError):  # the disk refused, said in words
        retention.archive_and_remove(chosen, archive, TODAY)
    assert {p: count_rows(session.db, p) for p in before} == before
    assert list(archive.iterdir()) == []
    assert _log(session) == log_before
    assert integrity_report(session.case) == []


def test_cancelling_removes_nothing(session, retention, setup, archive):
    retention.save_rules({RetentionKind.CONTACT_ENTRIES: 5})
    chosen = retention.due(TODAY)
    before = count_rows(session.db, setup.pupil.id)

    def progress(done, total):
        if done == 1:
            raise ImportCancelled

    with pytest.raises(ImportCancelled):
        retention.archive_and_remove(chosen, archive, TODAY, progress)
    assert count_rows(session.db, setup.pupil.id) == before
    assert list(archive.iterdir()) == []


def test_a_record_no_longer_due_is_refused(session, retention, setup, archive):
    retention.save_rules({RetentionKind.CONTACT_ENTRIES: 5})
    chosen = retention.due(TODAY)
    retention.save_rules({RetentionKind.CONTACT_ENTRIES: None})
    with pytest.raises(RetentionError, match="inte längre"):
        retention.archive_and_remove(chosen, archive, TODAY)
    assert list(archive.iterdir()) == []
    with pytest.raises(RetentionError, match="finns inte"):
        retention.archive_and_remove(chosen, archive / "borta", TODAY)


def test_an_archive_file_is_never_replaced(session, retention, setup, archive):
    retention.save_rules({RetentionKind.CONTACT_ENTRIES: 5})
    chosen = [r for r in retention.due(TODAY) if r.pupil_id == setup.pupil.id]
    first = retention.archive_and_remove(chosen, archive, TODAY)
    taken = first.files[0].read_bytes()
    collab = CollaborationService(session)
    collab.save_entry(
        ContactEntry(setup.pupil.id, OLD_DAY, ContactKind.OTHER, Channel.PHONE, "Ännu ett")
    )
    again = [r for r in retention.due(TODAY) if r.pupil_id == setup.pupil.id]
    second = retention.archive_and_remove(again, archive, TODAY)
    assert first.files[0].read_bytes() == taken
    assert second.files[0].name.endswith(" (2).json")
