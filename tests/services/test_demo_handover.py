"""The demo case file's year-6 cohort in the middle of its handover to year 7: two classes of a
realistic size, every status and every flag, notes that pass the checks and read like the case
file, meetings between the schools dated around the demo's day, and the same notes every time."""

from __future__ import annotations

import datetime as dt
import random
import re
import types
from collections import Counter

import pytest

import elevhalsa_desktop.services.demo as demo_module
from elevhalsa_desktop.domain.ews import Level
from elevhalsa_desktop.domain.handover import HandoverStatus, check
from elevhalsa_desktop.domain.pupil import PupilStatus
from elevhalsa_desktop.services.demo import fictional_pupils, write_demo
from elevhalsa_desktop.services.demo_handover import (
    RECEIVING_SCHOOL,
    Calendar,
    with_cohort,
)
from elevhalsa_desktop.services.handover import HandoverService
from tests.conftest import PASSWORD

S = HandoverStatus


def _cohort(session, today: dt.date):
    service = HandoverService(session, today=lambda: today)
    rows = service.cohort("6")
    notes = {r.pupil_id: service.open(r.note_id) for r in rows if r.note_id}
    return service, rows, notes


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.elevhalsa"
    session = write_demo(path, PASSWORD, pupils=60, seed=1)
    yield session
    session.close()


def test_two_year6_classes_with_every_status_and_every_flag(demo):
    today = dt.date.today()
    _service, rows, notes = _cohort(demo, today)
    assert demo.db.execute("SELECT count(*) FROM pupil").fetchone()[0] == 60
    assert 15 <= len(rows) <= 30
    sizes = Counter(r.class_name for r in rows)
    assert set(sizes) == {"6A", "6B"} and abs(sizes["6A"] - sizes["6B"]) <= 3

    counts = Counter(r.status for r in rows)
    assert set(counts) == {S.NOT_STARTED, S.DRAFT, S.READY, S.HANDED_OVER}
    n = len(rows)
    assert n / 5 <= counts[S.NOT_STARTED] <= n / 2
    assert n / 5 <= counts[S.DRAFT] <= n / 2
    assert counts[S.HANDED_OVER] <= counts[S.READY]
    assert sum(r.remaining for r in rows) == counts[S.NOT_STARTED] + counts[S.DRAFT]

    assert any(r.has_support for r in rows)
    assert any(r.staged_return for r in rows)
    assert any(r.protected_identity for r in rows)
    assert any(r.absence_risk >= Level.YELLOW for r in rows)
    # The pupils with the most going on were started first.
    for row in rows:
        if row.staged_return or row.protected_identity:
            assert row.status is not S.NOT_STARTED, row.name
    assert set(notes) == {r.pupil_id for r in rows if r.status is not S.NOT_STARTED}
    assert all(r.responsible and r.to_school for r in rows if r.note_id)


def test_the_notes_pass_the_checks_and_agree_with_the_case_file(demo):
    today = dt.date.today()
    service, rows, notes = _cohort(demo, today)
    first_names = {r.name.split(" ")[0] for r in rows}
    rows_by_id = {r.pupil_id: r for r in rows}
    move = Calendar.around(today).move
    for row in rows:
        note = notes.get(row.pupil_id)
        if note is None:
            continue
        assert check(note, today) == {}, row.name
        assert note.from_year == "6" and note.to_year == "7" and note.strengths
        assert RECEIVING_SCHOOL in {n.to_school for n in notes.values()}
        if note.status in (S.READY, S.HANDED_OVER):
            suggested = service.suggestions(row.pupil_id)
            if row.has_support:
                assert suggested["support_worked"] in note.support_worked, row.name
            assert note.keep_with == "" or any(name in note.keep_with for name in first_names)
            assert note.pupil_words.endswith("”") and note.guardian_view
            assert note.meeting_on and note.meeting_participants
            assert note.meeting_on < move.isoformat()
            if note.meeting_on <= today.isoformat():
                assert note.meeting_agreed, row.name
            else:
                assert note.meeting_agreed == ""  # a meeting still to come has agreed nothing
        if row.staged_return and note.attendance_history:
            assert "Stegvis återgång sedan" in note.attendance_history
        if row.protected_identity and note.guardian_view:
            assert "skyddade personuppgifter" in note.guardian_view
            assert not any(g in note.meeting_participants for g in _guardian_names(demo, row))
        if note.status is S.HANDED_OVER:
            assert note.handed_over_on < today.isoformat() and note.receiving_mentor
            if note.meeting_on <= today.isoformat():
                assert note.meeting_on < note.handed_over_on
    # A keep-apart wish names a classmate.
    for pupil_id, note in notes.items():
        if note.keep_apart:
            own = rows_by_id[pupil_id]
            mates = {r.name.split(" ")[0] for r in rows if r.class_name == own.class_name}
            assert any(re.search(rf"\b{name}\b", note.keep_apart) for name in mates)
    assert any(n.keep_apart for n in notes.values())


def _guardian_names(session, row) -> list[str]:
    return [
        r[0]
        for r in session.db.execute("SELECT name FROM guardian WHERE pupil_id = ?", [row.pupil_id])
    ]


def test_the_notes_were_written_through_the_service_and_audited(demo):
    rows = HandoverService(demo).cohort("6")
    handed = next(r for r in rows if r.status is S.HANDED_OVER)
    actions = [
        a
        for (a,) in demo.db.execute(
            "SELECT action FROM audit_log WHERE pupil_id = ? AND detail = ? ORDER BY rowid",
            [handed.pupil_id, f"överlämning {handed.note_id}"],
        )
    ]
    # Begun, made ready, handed over (then opened by the other tests, if they ran first).
    assert actions[:3] == ["created", "changed", "changed"]
    assert set(actions[3:]) <= {"viewed"}


#: What the demo writes (the attendance figures come from the demo's attendance part).
WRITTEN = (
    "status",
    "responsible",
    "to_school",
    "strengths",
    "support_worked",
    "support_not_worked",
    "keep_with",
    "keep_apart",
    "pupil_words",
    "guardian_view",
    "involved",
    "first_week",
    "first_week_choices",
    "named_adult",
    "receiving_mentor",
    "meeting_on",
    "meeting_participants",
    "meeting_agreed",
    "handed_over_on",
)


def test_the_same_seed_gives_the_same_cohort(tmp_path):
    def cohort_of(name: str) -> dict:
        session = write_demo(tmp_path / name, PASSWORD, pupils=40, seed=3)
        try:
            _service, rows, notes = _cohort(session, dt.date.today())
            made = {}
            for r in rows:
                note = notes.get(r.pupil_id)
                written = tuple(getattr(note, f) for f in WRITTEN) if note else ()
                flags = (r.has_support, r.staged_return, r.protected_identity)
                made[(r.class_name, r.name)] = (r.status, flags, written)
            return made
        finally:
            session.close()

    first = cohort_of("a.elevhalsa")
    assert first == cohort_of("b.elevhalsa")
    assert len({status for status, _flags, _written in first.values()}) == 4


def test_in_the_spring_the_meetings_are_held_in_the_spring(tmp_path, monkeypatch):
    """Built on a day in April: the extended handovers' meetings were held this spring, the
    class conferences are booked for May, and everything is before the move in August."""
    spring = dt.date(2027, 4, 20)

    class Day(dt.date):
        @classmethod
        def today(cls):
            return spring

    monkeypatch.setattr(demo_module, "_dt", types.SimpleNamespace(date=Day))
    session = write_demo(tmp_path / "var.elevhalsa", PASSWORD, pupils=60, seed=2)
    try:
        _service, rows, notes = _cohort(session, spring)
        assert {r.status for r in rows} == {S.NOT_STARTED, S.DRAFT, S.READY, S.HANDED_OVER}
        held = [n.meeting_on for n in notes.values() if n.meeting_agreed]
        assert held and all("2027-01-01" < d <= spring.isoformat() for d in held)
        booked = [n.meeting_on for n in notes.values() if n.meeting_on and not n.meeting_agreed]
        assert all(spring.isoformat() < d < "2027-06-15" for d in booked)
        assert all(check(n, spring) == {} for n in notes.values())
    finally:
        session.close()


def test_the_calendar_around_a_day():
    autumn = Calendar.around(dt.date(2026, 12, 6))
    assert autumn.move == dt.date(2027, 8, 17)
    assert autumn.conference("6A") == dt.date(2027, 5, 11)  # a Tuesday in early May
    assert autumn.conference("6B") == dt.date(2027, 5, 13)
    spring = Calendar.around(dt.date(2027, 3, 2))
    assert spring.move == dt.date(2027, 8, 17)
    rng = random.Random(1)
    for _ in range(20):
        held = spring.held(rng)
        assert dt.date(2027, 1, 1) < held < dt.date(2027, 3, 2) and held.weekday() < 5
        planned = spring.planned(rng)
        assert dt.date(2027, 3, 2) < planned <= dt.date(2027, 6, 10) and planned.weekday() < 5
        back = dt.date(2027, 2, 22)
        assert back <= spring.held(rng, back) < dt.date(2027, 3, 2)


def test_the_roster_keeps_its_size_and_gets_a_year6_cohort():
    for pupils, seed in ((60, 1), (40, 2), (25, 7)):
        roster = with_cohort(fictional_pupils, pupils, seed, school="Björkdalsskolan F–6")
        assert len(roster) == pupils
        sixes = [p for p in roster if p.year == "6" and p.status is PupilStatus.ACTIVE]
        assert len(sixes) >= round(pupils * 0.35)
        assert {p.class_name for p in sixes} == {"6A", "6B"}
        assert any(p.protected_identity for p in sixes)
        assert all(p.school == "Björkdalsskolan F–6" for p in sixes)
        mentors = {(p.class_name, p.mentor) for p in sixes}
        assert len(mentors) == 2  # one mentor per class, the roster's own
    # A small demo is the generator's own.
    assert with_cohort(fictional_pupils, 12, 1, school="X") == fictional_pupils(12, 1)
    assert with_cohort(fictional_pupils, 60, 1, "X") == with_cohort(fictional_pupils, 60, 1, "X")
