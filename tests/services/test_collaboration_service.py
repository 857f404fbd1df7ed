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
