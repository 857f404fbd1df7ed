"""The handover note: drafts with the transition filled in, the parts the case file knows,
the cohort with statuses and flags, and the checks before a note is ready."""

from __future__ import annotations

import datetime as dt

import pytest

from elevhalsa_desktop.domain.ews import Level
from elevhalsa_desktop.domain.handover import HandoverStatus
from elevhalsa_desktop.domain.plans import Adjustment
from elevhalsa_desktop.domain.pupil import Pupil, ValidationError
from elevhalsa_desktop.importers.records import PupilRef
from elevhalsa_desktop.services.attendance_import import AttendanceImportService
from elevhalsa_desktop.services.handover import HandoverService
from elevhalsa_desktop.services.plans import PlanService
from tests.dates import TODAY
from tests.ui.support_setup import active_plan

from .attendance_setup import lessons, result, weekdays


@pytest.fixture
def handover(session):
    return HandoverService(session, today=lambda: TODAY)


def test_a_draft_knows_the_transition_and_saving_is_audited(session, pupils, handover):
    pupil = pupils.create(Pupil("Elsa", "Öberg", year="6", class_name="6A"))
    draft = handover.draft(pupil.id)
    assert (draft.from_school, draft.from_year, draft.to_year) == ("Testskolan", "6", "7")
    assert draft.transition == "åk 6 → åk 7, Testskolan"
    saved = handover.save(draft.with_changes(strengths="Bra på bild", to_school="Ekskolan"))
    assert saved.id and saved.status is HandoverStatus.DRAFT
    assert handover.open(saved.id) == saved
    actions = [
        r[0]
        for r in session.db.execute(
            "SELECT action FROM audit_log WHERE pupil_id = ? AND detail LIKE 'överlämning%'",
            [pupil.id],
        )
    ]
    assert actions == ["created", "viewed"]


def test_a_note_is_ready_only_with_a_receiving_school_and_something_to_hand_over(pupils, handover):
    pupil = pupils.create(Pupil("Elsa", "Öberg", year="6", class_name="6A"))
    with pytest.raises(ValidationError) as error:
        handover.save(handover.draft(pupil.id).with_changes(status=HandoverStatus.READY))
    assert set(error.value.problems) == {"to_school", "support_worked"}
    handed = handover.save(
        handover.draft(pupil.id).with_changes(
            status=HandoverStatus.HANDED_OVER, to_school="Ekskolan", strengths="Bra på bild"
        )
    )
    assert handed.handed_over_on == TODAY.isoformat()


def test_suggestions_pull_support_attendance_and_network(session, pupils, handover):
    pupil = pupils.create(Pupil("Elsa", "Öberg", year="6", class_name="6A"))
    plans = PlanService(session)
    plans.save_adjustment(Adjustment(pupil.id, "Förberedd inför byten", subjects="Alla"))
    active_plan(plans, pupil)
    start = TODAY - dt.timedelta(days=20)
    days = [d for d in weekdays(start, 10) if d <= TODAY]
    service = AttendanceImportService(session)
    preview = service.preview(
        result(
            lessons(PupilRef(full_name="Elsa Öberg", class_name="6A"), days, absent=set(days[:2]))
        ),
        "csv",
        ["x.csv"],
    )
    service.apply(preview, {m.key for m in preview.name_matches})
    text = handover.suggestions(pupil.id)
    assert "Extra anpassning: Förberedd inför byten (Alla)" in text["support_worked"]
    assert "Handlingsplan i kraft: Närvaroplan" in text["support_worked"]
    assert "  – Möte med mentor varje morgon" in text["support_worked"]
    assert "frånvaro 20 %" in text["attendance_history"]


def test_the_cohort_shows_status_and_flags(session, pupils, handover):
    a = pupils.create(Pupil("Ali", "Ahmadi", year="6", class_name="6A"))
    b = pupils.create(Pupil("Elsa", "Öberg", year="6", class_name="6B", protected_identity=True))
    pupils.create(Pupil("Noah", "Lind", year="5", class_name="5A"))
    active_plan(PlanService(session), a)
    handover.save(handover.draft(b.id).with_changes(responsible="Karin Holm"))
    rows = handover.cohort("6")
    assert [(r.name, r.status) for r in rows] == [
        ("Ali Ahmadi", HandoverStatus.NOT_STARTED),
        ("Elsa Öberg", HandoverStatus.DRAFT),
    ]
    assert rows[0].has_support and not rows[1].has_support
    assert rows[1].protected_identity and rows[1].responsible == "Karin Holm"
    assert all(r.absence_risk is Level.GREEN for r in rows)
    assert [r.name for r in handover.cohort("6", "6B")] == ["Elsa Öberg"]


def test_a_packet_holds_the_newest_own_note_and_who_the_pupil_is(pupils, handover):
    elsa = pupils.create(
        Pupil("Elsa", "Öberg", civic_no="20140312-1237", year="6", class_name="6A")
    )
    pupils.create(Pupil("Ali", "Berg", year="6", class_name="6A"))  # no note: no packet
    saved = handover.save(handover.draft(elsa.id).with_changes(strengths="Bra på bild"))
    (packet,) = handover.packets("6")
    assert packet.note == saved
    assert packet.sender_school == "Testskolan"
    assert packet.pupil.full_name == "Elsa Öberg"
    assert packet.pupil.birth_date == "2014-03-12"
    assert handover.packets("6", pupil_ids=[]) == []
