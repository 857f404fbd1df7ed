"""Collaboration on a real encrypted case file: consents, the basis of disclosures, actions in Att
göra, reports of concern, and who has been told what."""

import datetime as dt
from dataclasses import replace

import pytest

from elevhalsa_desktop.domain.collaboration import (
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
from elevhalsa_desktop.domain.pupil import Guardian, Pupil, ValidationError
from elevhalsa_desktop.services.collaboration import CollaborationService
from elevhalsa_desktop.store import audit

TODAY = dt.date(2026, 11, 23)


def day(offset: int) -> str:
    return (TODAY + dt.timedelta(days=offset)).isoformat()


@pytest.fixture
def collab(session):
    return CollaborationService(session, today=lambda: TODAY)


@pytest.fixture
def pupil(pupils):
    return pupils.create(
        Pupil(
            "Åsa",
            "Öhman",
            class_name="7B",
            guardians=(Guardian("Eva Öhman"), Guardian("Per Öhman")),
        )
    )


@pytest.fixture
def social(collab):
    return collab.save_organisation(
        Organisation(OrgKind.SOCIAL_SERVICES, "Socialtjänsten", "Barn och unga")
    )


def consent(pupil, social, **changes):
    base = Consent(
        pupil.id,
        ConsentFrom.BOTH_GUARDIANS,
        "Eva och Per Öhman",
        "Närvaro och stöd i skolan",
        day(-30),
        social.id,
        valid_until=day(60),
    )
    return replace(base, **changes)


def test_consent_validity(collab, pupil, social):
    saved = collab.save_consent(consent(pupil, social))
    assert saved.valid_on(TODAY) and saved.status(TODAY) == f"Gäller till {day(60)}"
    withdrawn = collab.withdraw_consent(saved, TODAY)
    assert not withdrawn.valid_on(TODAY) and withdrawn.status(TODAY).startswith("Återkallat")
    with pytest.raises(ValidationError, match="före det gavs"):
        collab.save_consent(consent(pupil, social, valid_until=day(-40)))
    with pytest.raises(ValidationError, match="antecknade"):
        collab.save_consent(consent(pupil, social, form=ConsentForm.ORAL))


def test_one_of_two_guardians_is_allowed_but_shown(collab, pupil, social):
    one = collab.save_consent(consent(pupil, social, from_whom=ConsentFrom.ONE_GUARDIAN))
    assert "båda" in collab.consent_notice(one)


def test_a_disclosure_needs_a_valid_basis(collab, pupil, social):
    entry = ContactEntry(
        pupil.id,
        day(-1),
        ContactKind.DISCLOSURE,
        Channel.PHONE,
        "Berättade om närvaron",
        organisation_id=social.id,
    )
    with pytest.raises(ValidationError, match="kräver stöd"):
        collab.save_entry(entry)
    expired = collab.save_consent(consent(pupil, social, valid_until=day(-5)))
    with pytest.raises(ValidationError, match="gällde inte"):
        collab.save_entry(entry.with_changes(basis=Basis.CONSENT, consent_id=expired.id))
    with pytest.raises(ValidationError, match="annan grund"):
        collab.save_entry(entry.with_changes(basis=Basis.OTHER))
    valid = collab.save_consent(consent(pupil, social))
    saved = collab.save_entry(entry.with_changes(basis=Basis.CONSENT, consent_id=valid.id))
    assert saved.is_disclosure
    (line,) = collab.disclosures(pupil.id)
    assert line.recipient == "Socialtjänsten, Barn och unga" and "Eva och Per Öhman" in line.basis


def test_agreed_actions_appear_in_att_gora_until_done(collab, pupil, social):
    meeting = collab.save_entry(
        ContactEntry(
            pupil.id,
            day(0),
            ContactKind.SIP_MEETING,
            Channel.MEETING,
            "SIP om skolgång",
            participants="Skolan, socialtjänsten, BUP, vårdnadshavare",
            lead_organisation_id=social.id,
            next_meeting_on=day(30),
            actions=(AgreedAction("Boka möte med BUP", "Karin Holm", day(7)),),
        )
    )
    (item,) = collab.todo(TODAY)
    assert item.what == "Boka möte med BUP" and not item.overdue
    assert collab.todo(TODAY + dt.timedelta(days=10))[0].overdue
    collab.mark_action_done(meeting, meeting.actions[0].id)
    assert collab.todo(TODAY) == []
    with pytest.raises(ValidationError, match="passerat"):
        collab.save_entry(meeting.with_changes(id="", actions=(AgreedAction("x", "y", day(-1)),)))
    with pytest.raises(ValidationError, match="leder"):
        collab.save_entry(meeting.with_changes(id="", lead_organisation_id="", actions=()))


def test_a_saved_action_is_edited_in_place_and_struck_out_never_deleted(
    collab, session, pupil, social
):
    earlier = CollaborationService(session, today=lambda: TODAY - dt.timedelta(days=20))
    meeting = earlier.save_entry(
        ContactEntry(
            pupil.id,
            day(-20),
            ContactKind.COLLABORATION_MEETING,
            Channel.MEETING,
            "Samverkansmöte",
            actions=(
                AgreedAction("Boka möte med BUP", "Karin Holm", day(-5)),
                AgreedAction("Ringa hem", "Maria Lindqvist", day(-2)),
            ),
        )
    )
    first, second = meeting.actions
    # Overdue now, but saved before: its text and responsible change, the id and date stay.
    changed = collab.save_entry(
        meeting.with_changes(
            actions=(
                replace(
                    first, what="Boka möte med BUP och skolsköterskan", responsible="Lars Berg"
                ),
                second,
            )
        )
    )
    first_changed = changed.actions[0]
    assert (
        first_changed.id,
        first_changed.what,
        first_changed.responsible,
        first_changed.due_on,
    ) == (
        first.id,
        "Boka möte med BUP och skolsköterskan",
        "Lars Berg",
        day(-5),
    )
    with pytest.raises(ValidationError, match="varför"):
        collab.strike_action(changed, second.id, "  ")
    struck = collab.strike_action(changed, second.id, "Eleven har  bytt skola")
    assert len(struck.actions) == 2
    gone = struck.actions[1]
    assert gone.id == second.id and gone.struck and gone.done_on == TODAY.isoformat()
    assert gone.what == f"Ringa hem [struken {TODAY.isoformat()}: Eleven har bytt skola]"
    assert not struck.actions[0].struck
    assert [item.action_id for item in collab.todo(TODAY)] == [first.id]
    (latest,) = audit.entries(session.db, pupil_id=pupil.id, limit=1)
    assert latest.detail == f"åtgärd {second.id} struken"
    with pytest.raises(ValidationError, match="redan"):
        collab.strike_action(struck, second.id, "igen")


def test_the_time_of_a_contact_is_tt_mm(collab, pupil):
    entry = ContactEntry(pupil.id, day(0), ContactKind.OTHER, Channel.PHONE, "Samtal hem")
    for wrong in ("9:30", "24:00", "14.30", "1430", "kl 14"):
        with pytest.raises(ValidationError) as refused:
            collab.save_entry(entry.with_changes(time=wrong))
        assert refused.value.problems["time"].startswith("Klockan ska skrivas TT:MM")
    assert collab.save_entry(entry.with_changes(time="09:05")).time == "09:05"


def test_a_contact_with_an_archived_organisation_is_refused(collab, pupil, social):
    old = collab.save_organisation(replace(social, archived=True))
    with pytest.raises(ValidationError, match="arkiverad"):
        collab.save_entry(
            ContactEntry(
                pupil.id, day(0), ContactKind.OTHER, Channel.PHONE, "x", organisation_id=old.id
            )
        )


def test_report_of_concern_with_feedback_is_in_the_disclosure_list(collab, pupil, social):
    report = collab.save_concern(
        ConcernReport(
            pupil.id, day(-10), social.id, "Rektor Eva Sandberg", "Oro för hemsituationen"
        )
    )
    with pytest.raises(ValidationError, match="före anmälan"):
        collab.save_concern(replace(report, feedback_on=day(-20)))
    collab.save_concern(replace(report, feedback_on=day(-3), feedback_summary="Utredning inleds"))
    assert collab.concerns(pupil.id)[0].feedback_summary == "Utredning inleds"
    (line,) = collab.disclosures(pupil.id)
    assert "Orosanmälan" in line.basis


def test_network_and_a_person_who_changes_job(collab, pupil, social):
    bup = collab.save_organisation(Organisation(OrgKind.BUP, "BUP Örebro"))
    person = collab.save_contact(Contact("Lena Ek", social.id, "Socialsekreterare"))
    collab.save_involvement(
        Involvement(pupil.id, social.id, "Handläggare", person.id, since=day(-90))
    )
    with pytest.raises(ValidationError, match="före från-datumet"):
        collab.save_involvement(Involvement(pupil.id, social.id, "x", since=day(0), until=day(-1)))
    moved = collab.move_contact(person, bup.id)
    people = collab.contacts()
    assert [(p.name, p.archived) for p in people] == [("Lena Ek", False), ("Lena Ek", True)]
    assert moved.organisation_id == bup.id
    assert collab.network(pupil.id)[0].contact_id == person.id  # the history keeps the old record
