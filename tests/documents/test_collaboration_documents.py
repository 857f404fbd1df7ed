"""The protocol, the network and consent summary, and the list of who has been told what:
printed from a real case file through the print service and read back as text."""

from __future__ import annotations

import datetime as dt

import pytest

from elevhalsa_desktop.documents.collaboration_documents import (
    disclosures_story,
    network_story,
    participant_names,
    protocol_story,
)
from elevhalsa_desktop.documents.support_documents import PROTECTED_NOTE
from elevhalsa_desktop.domain.collaboration import (
    AgreedAction,
    Basis,
    Channel,
    ConcernReport,
    Consent,
    ConsentFrom,
    Contact,
    ContactEntry,
    ContactKind,
    Involvement,
    Organisation,
    OrgKind,
)
from elevhalsa_desktop.domain.pupil import Guardian, Pupil
from elevhalsa_desktop.services.collaboration import CollaborationService
from elevhalsa_desktop.services.printing import DocumentKind, PrintService
from elevhalsa_desktop.store.audit import Action
from tests.documents.story import flat, page_texts
from tests.documents.test_support_documents import pages_text

TODAY = dt.date(2026, 11, 23)
GUARDIAN_PHONE = "070-174 06 55"
SECRET_ADDRESS = "Hemliga gränd 7"


def day(offset: int) -> str:
    return (TODAY + dt.timedelta(days=offset)).isoformat()


@pytest.fixture
def collab(session):
    return CollaborationService(session, today=lambda: TODAY)


@pytest.fixture
def printer(session):
    return PrintService(session, today=TODAY)


@pytest.fixture
def pupil(pupils):
    return pupils.create(
        Pupil(
            "Åsa",
            "Öhman",
            class_name="7B",
            year="7",
            address="Björkvägen 12",
            guardians=(
                Guardian("Eva Öhman", "Mamma", GUARDIAN_PHONE, "eva.ohman@example.com"),
                Guardian("Per Öhman", "Pappa"),
            ),
        )
    )


@pytest.fixture
def social(collab):
    return collab.save_organisation(
        Organisation(OrgKind.SOCIAL_SERVICES, "Socialtjänsten", "Barn och unga", "070-174 06 61")
    )


@pytest.fixture
def bup(collab):
    return collab.save_organisation(Organisation(OrgKind.BUP, "BUP Björkdal"))


def sip_meeting(collab, pupil, social, consent_id: str = "") -> ContactEntry:
    return collab.save_entry(
        ContactEntry(
            pupil.id,
            TODAY.isoformat(),
            ContactKind.SIP_MEETING,
            Channel.MEETING,
            "Familjen beskrev mornarna som det svåraste.",
            time="14:30",
            organisation_id=social.id,
            participants="Lena Ahlgren (socialsekreterare, socialtjänsten)\nEva Öhman (mamma)\n"
            "Maria Lindqvist, elevhälsosamordnare",
            lead_organisation_id=social.id,
            next_meeting_on=day(28),
            is_disclosure=bool(consent_id),
            basis=Basis.CONSENT if consent_id else None,
            consent_id=consent_id,
            actions=(
                AgreedAction("Boka familjebehandling", "Lena Ahlgren", day(9)),
                AgreedAction("Ordna ett lugnt rum", "Maria Lindqvist", day(12)),
            ),
        )
    )


def both_guardians(pupil, **changes) -> Consent:
    values = {
        "pupil_id": pupil.id,
        "from_whom": ConsentFrom.BOTH_GUARDIANS,
        "given_by": "Eva och Per Öhman",
        "scope": "Närvaro och stöd i skolan inom SIP-arbetet",
        "given_on": day(-30),
        "valid_until": day(200),
    }
    return Consent(**{**values, **changes})


def printed(printer, kind: DocumentKind, record_id: str, *expected: str) -> str:
    """The document's text, whitespace collapsed, after checking it says each of ``expected``."""
    text = flat(" ".join(pages_text(printer.preview(kind, record_id))))
    for part in expected:
        assert part in text, part
    return text


def test_a_sip_protocol_has_participants_actions_next_meeting_and_basis(
    collab, printer, pupil, social
):
    consent = collab.save_consent(both_guardians(pupil))
    entry = sip_meeting(collab, pupil, social, consent.id)
    printed(
        printer,
        DocumentKind.PROTOCOL,
        entry.id,
        "Protokoll SIP-möte",
        "Åsa Öhman",
        "2026-11-23 kl. 14.30",
        "Leds av Socialtjänsten, Barn och unga",
        "Lena Ahlgren (socialsekreterare, socialtjänsten)",  # a comma in brackets stays
        "Maria Lindqvist, elevhälsosamordnare",  # a line of its own keeps its comma
        "Boka familjebehandling Lena Ahlgren 2026-12-02 Inte ännu",
        "Ordna ett lugnt rum Maria Lindqvist 2026-12-05",
        f"Nästa möte {day(28)}",
        "Samtycke från Eva och Per Öhman (2026-10-24)",
        "Underskrifter",
        "Sida 1 av",
    )
    name = printer.suggested_file_name(DocumentKind.PROTOCOL, entry.id)
    assert name == "Protokoll SIP-möte 7B ÅÖ 2026-11-23.pdf"  # the meeting's day


def test_a_collaboration_meeting_without_actions_or_next_meeting_says_so(
    collab, printer, pupil, bup
):
    entry = collab.save_entry(
        ContactEntry(
            pupil.id,
            day(-2),
            ContactKind.COLLABORATION_MEETING,
            Channel.DIGITAL_MEETING,
            "Vi stämde av läget.",
            organisation_id=bup.id,
            participants="Sofia Nyberg, Maria Lindqvist",
        )
    )
    text = printed(
        printer,
        DocumentKind.PROTOCOL,
        entry.id,
        "Protokoll samverkansmöte",
        "Digitalt möte",
        "BUP Björkdal",
        "Inga åtgärder bestämdes.",
        "Inget nytt möte är bokat.",
    )
    assert "Utlämnande av uppgifter" not in text


def test_a_very_long_summary_flows_across_pages_to_its_end(pupil):
    summary = ("Vi gick igenom hur veckan har varit och vad som hjälper. " * 40 + "\n\n") * 25
    entry = ContactEntry(
        pupil.id,
        TODAY.isoformat(),
        ContactKind.COLLABORATION_MEETING,
        Channel.MEETING,
        summary + "Sista meningen i sammanfattningen.",
        participants="Eva Öhman",
        actions=(AgreedAction("Ringa hem", "Mentor", day(3)),),
    )
    pages = page_texts(protocol_story(pupil, entry, [], []))
    assert len(pages) >= 5
    assert "Sista meningen i sammanfattningen." in flat(" ".join(pages))
    assert "Ringa hem" in flat(pages[-1]) or "Ringa hem" in flat(pages[-2])


def test_participants_are_split_as_people_write_them():
    assert participant_names("Eva Öhman, Per Öhman, Lena (BUP, Norr)") == [
        "Eva Öhman",
        "Per Öhman",
        "Lena (BUP, Norr)",
    ]
    assert participant_names("Eva Öhman, mamma; Per  Öhman") == ["Eva Öhman, mamma", "Per Öhman"]
    assert participant_names("Maria Lindqvist, rektor\nEva Öhman") == [
        "Maria Lindqvist, rektor",
        "Eva Öhman",
    ]
    assert participant_names("  ") == []


def test_the_network_lists_guardians_first_and_marks_expired_consents_not_valid(
    collab, printer, pupil, social, bup, pupils
):
    lena = collab.save_contact(Contact("Lena Ahlgren", social.id, "socialsekreterare"))
    collab.save_involvement(Involvement(pupil.id, social.id, "Handläggare", lena.id, day(-90)))
    collab.save_involvement(Involvement(pupil.id, bup.id, "Utredning", "", day(-300), day(-100)))
    collab.save_consent(both_guardians(pupil))
    collab.save_consent(
        both_guardians(
            pupil, scope="Kartläggning till BUP", given_on=day(-400), valid_until=day(-35)
        )
    )
    collab.save_consent(
        Consent(pupil.id, ConsentFrom.ONE_GUARDIAN, "Eva Öhman", "Fritidsgården", day(-10), bup.id)
    )
    text = printed(
        printer,
        DocumentKind.NETWORK,
        pupil.id,
        "Nätverk och samtycken",
        f"Eva Öhman Vårdnadshavare, mamma {GUARDIAN_PHONE}",
        "Per Öhman Vårdnadshavare, pappa",
        "Lena Ahlgren Socialtjänsten, Barn och unga Handläggare från 2026-08-25 070-174 06 61",
        "Tidigare i nätverket",
        "2026-01-27 – 2026-08-15",
        f"Gäller till {day(200)}",
        f"Gäller inte: gick ut {day(-35)}",
        "Gäller tills vidare",
        "bara en har samtyckt",  # joint custody: shown, not refused
    )
    assert text.index("Eva Öhman Vårdnadshavare") < text.index("Lena Ahlgren")
    assert "Björkvägen" not in text  # the network is about people, never where the pupil lives
    assert pupils.history(pupil.id)[0].action is not Action.PRINTED  # a preview is not a print


def test_the_disclosure_list_has_date_recipient_basis_and_the_right_to_see_it(
    collab, printer, pupil, social
):
    consent = collab.save_consent(both_guardians(pupil))
    sip_meeting(collab, pupil, social, consent.id)
    collab.save_concern(
        ConcernReport(pupil.id, day(-60), social.id, "Maria Lindqvist", "Oro för hemmet.")
    )
    text = printed(
        printer,
        DocumentKind.DISCLOSURES,
        pupil.id,
        "Utlämnade uppgifter",
        "artikel 15",
        "2026-11-23 Socialtjänsten, Barn och unga Samtycke från Eva och Per Öhman (2026-10-24)",
        "2026-09-24 Socialtjänsten, Barn och unga Orosanmälan till socialtjänsten",
        "Oro för hemmet.",
    )
    assert text.index("2026-11-23 Socialtjänsten") < text.index("2026-09-24")  # newest first


def test_an_empty_disclosure_list_says_nothing_was_shared(printer, pupil):
    printed(printer, DocumentKind.DISCLOSURES, pupil.id, "inga uppgifter om eleven lämnats ut")


def test_protected_identity_prints_no_address_and_no_way_home(collab, pupil, social):
    # Built past the register (which clears the address) to prove the documents never print it.
    hidden = Pupil(
        "Åsa",
        "Öhman",
        class_name="7B",
        protected_identity=True,
        address=SECRET_ADDRESS,
        guardians=(Guardian("Eva Öhman", "Mamma", GUARDIAN_PHONE, "eva.ohman@example.com"),),
        id=pupil.id,
    )
    consent = collab.save_consent(both_guardians(pupil))
    entry = sip_meeting(collab, pupil, social, consent.id)
    stories = {
        "protocol": protocol_story(hidden, entry, collab.organisations(), [], "Samtycke"),
        "network": network_story(
            hidden, [], collab.organisations(), [], collab.consents(pupil.id), TODAY
        ),
        "disclosures": disclosures_story(hidden, collab.disclosures(pupil.id)),
    }
    for name, story in stories.items():
        text = flat(" ".join(page_texts(story)))
        assert PROTECTED_NOTE in text, name
        for secret in (SECRET_ADDRESS, "Hemliga", GUARDIAN_PHONE, "eva.ohman@"):
            assert secret not in text, (name, secret)


def test_printing_the_network_to_a_file_is_audited(collab, printer, pupil, pupils, tmp_path):
    written = printer.write(DocumentKind.NETWORK, pupil.id, tmp_path / "nätverk")
    assert written.name == "nätverk.pdf" and written.exists()
    entry = pupils.history(pupil.id)[0]
    assert entry.action is Action.PRINTED and "nätverk" in entry.detail


def test_a_call_home_prints_as_a_note_without_meeting_sections(collab, printer, pupil):
    entry = collab.save_entry(
        ContactEntry(
            pupil.id,
            day(-1),
            ContactKind.GOOD_NEWS_CALL,
            Channel.PHONE,
            "Berättade om en fin lektion.",
            with_whom="Eva Öhman (mamma)",
        )
    )
    text = printed(
        printer, DocumentKind.PROTOCOL, entry.id, "Anteckning om bra-samtal", "Eva Öhman (mamma)"
    )
    assert "Nästa möte" not in text and "Beslut" not in text
    name = printer.suggested_file_name(DocumentKind.PROTOCOL, entry.id)
    assert name == "Anteckning om bra-samtal 7B ÅÖ 2026-11-22.pdf"
