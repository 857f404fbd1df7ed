"""Collaboration for the demo case file: a directory of the organisations a school works with,
and for a few pupils a network, consents, SIP and collaboration meetings with agreed actions, a
report of concern with its feedback, a disclosure and the positive contacts with home.

Everything goes through ``CollaborationService``, so the demo obeys the rules a coordinator
meets at the keyboard. A meeting held weeks ago is saved by a service whose day is that
meeting's day: its actions were in the future then, and the one not done is overdue now.
Everything is fictional: phone numbers from the series PTS reserves for fiction, e-mail at
example.com.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from dataclasses import dataclass

from ..domain.collaboration import (
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
from ..domain.pupil import Pupil
from .collaboration import CollaborationService

COORDINATOR = "Maria Lindqvist, elevhälsosamordnare"

# kind, name, unit, phone (last two digits of 070-174 06 xx), e-mail
ORGANISATIONS = (
    ("soc_utredning", OrgKind.SOCIAL_SERVICES, "Socialtjänsten Björkdal", "Barn och unga, utredning", 61, "barnochunga"),
    ("soc_oppenvard", OrgKind.SOCIAL_SERVICES, "Socialtjänsten Björkdal", "Barn och unga, öppenvård", 62, "oppenvard"),
    ("bup", OrgKind.BUP, "BUP Björkdal", "Mottagning Norr", 63, "bup.norr"),
    ("hab", OrgKind.HABILITATION, "Barn- och ungdomshabiliteringen", "Team Björkdal", 64, "habilitering"),
    ("vc", OrgKind.PRIMARY_CARE, "Vårdcentralen Björkdal", "", 65, "vardcentralen"),
    ("kaa", OrgKind.KAA, "Björkdals kommun", "Kommunala aktivitetsansvaret", 66, "kaa"),
    ("police", OrgKind.POLICE, "Polisen", "Lokalpolisområde Björkdal", 67, "polisen.bjorkdal"),
    ("fritid", OrgKind.LEISURE, "Fritidsgården Kvarnen", "", 68, "kvarnen"),
    ("ekbacken", OrgKind.SCHOOL, "Ekbackens skola", "Elevhälsan", 69, "ekbacken"),
)  # fmt: skip

# key, name, title, organisation key, phone digits
PEOPLE = (
    ("lena", "Lena Ahlgren", "socialsekreterare", "soc_utredning", 71),
    ("jonas", "Jonas Pettersson", "familjebehandlare", "soc_oppenvard", 72),
    ("sofia", "Sofia Nyberg", "psykolog", "bup", 73),
    ("ahmed", "Ahmed Karimi", "arbetsterapeut", "hab", 74),
    ("helena", "Helena Berg", "fritidsledare", "fritid", 75),
)


@dataclass(frozen=True)
class Directory:
    organisations: dict[str, Organisation]
    people: dict[str, Contact]

    def org(self, key: str) -> str:
        return self.organisations[key].id

    def person(self, key: str) -> str:
        return self.people[key].id


def _phone(digits: int) -> str:
    return f"070-174 06 {digits:02d}"


def add_directory(collab: CollaborationService) -> Directory:
    organisations = {
        key: collab.save_organisation(
            Organisation(kind, name, unit, phone=_phone(digits), email=f"{mail}@example.com")
        )
        for key, kind, name, unit, digits, mail in ORGANISATIONS
    }
    people = {
        key: collab.save_contact(
            Contact(
                name,
                organisations[org].id,
                title,
                phone=_phone(digits),
                email=name.lower().replace(" ", ".") + "@example.com",
            )
        )
        for key, name, title, org, digits in PEOPLE
    }
    return Directory(organisations, people)


def add_collaboration(
    collab: CollaborationService, pupils: Sequence[Pupil], preferred: Sequence[str], today
) -> Directory:
    """The directory, and collaboration for up to three pupils: those in ``preferred`` (ids of
    pupils with a staged return or a plan, the most involved first) before the others."""
    directory = add_directory(collab)
    active = [p for p in pupils if p.status.value == "active"]
    order: dict[str, int] = {}
    for pupil_id in preferred:  # a pupil listed twice keeps its first, highest place
        order.setdefault(pupil_id, len(order))
    active.sort(key=lambda p: order.get(p.id, len(order)))
    chosen = active[:3]
    # The SIP case shows one guardian's consent where the register lists two: it needs two.
    chosen.sort(key=lambda p: len(p.guardians) < 2)
    cases = (_sip_case, _concern_case, _good_news_case)
    for pupil, case in zip(chosen, cases, strict=False):
        case(collab, directory, pupil, today)
    return directory


def _day(today: _dt.date, offset: int) -> str:
    return (today + _dt.timedelta(days=offset)).isoformat()


def _guardians(pupil: Pupil) -> str:
    return " och ".join(g.name for g in pupil.guardians) or "Vårdnadshavaren"


def _first_guardian(pupil: Pupil) -> str:
    if not pupil.guardians:
        return "Vårdnadshavaren"
    g = pupil.guardians[0]
    return f"{g.name} ({g.relation.lower()})" if g.relation else g.name


def _sip_case(collab: CollaborationService, d: Directory, pupil: Pupil, today: _dt.date) -> None:
    """Social services lead a SIP; the school takes part. Two meetings: the first, five weeks
    ago, left one action undone (overdue now); the second set new ones and the next meeting."""
    for org, person, role, since in (
        ("soc_utredning", "lena", "Handläggare, leder SIP-arbetet", -120),
        ("soc_oppenvard", "jonas", "Familjebehandlare", -30),
        ("bup", "sofia", "Behandlande psykolog", -200),
        ("fritid", "helena", "Kontaktperson på fritidsgården", -90),
    ):
        collab.save_involvement(
            Involvement(pupil.id, d.org(org), role, d.person(person), _day(today, since))
        )
    collab.save_involvement(
        Involvement(
            pupil.id,
            d.org("hab"),
            "Utredning av koncentration",
            d.person("ahmed"),
            _day(today, -400),
            _day(today, -150),
        )
    )
    sip_consent = collab.save_consent(
        Consent(
            pupil.id,
            ConsentFrom.BOTH_GUARDIANS,
            _guardians(pupil),
            "Uppgifter om närvaro, mående och stöd i skolan får lämnas mellan skolan, "
            "socialtjänsten och BUP inom SIP-arbetet.",
            _day(today, -60),
            valid_until=_day(today, 300),
        )
    )
    collab.save_consent(
        Consent(
            pupil.id,
            ConsentFrom.BOTH_GUARDIANS,
            _guardians(pupil),
            "Skolan får lämna pedagogisk kartläggning till habiliteringen inför utredning.",
            _day(today, -420),
            d.org("hab"),
            valid_until=_day(today, -150),
        )
    )
    collab.save_consent(
        Consent(
            pupil.id,
            ConsentFrom.ONE_GUARDIAN,
            _first_guardian(pupil),
            "Fritidsledaren och mentorn får stämma av hur veckan har gått.",
            _day(today, -80),
            d.org("fritid"),
            valid_until=_day(today, 100),
        )
    )
    participants = "\n".join(
        (
            "Lena Ahlgren (socialsekreterare, socialtjänsten, sammankallande)",
            "Sofia Nyberg (psykolog, BUP)",
            *(f"{g.name} (vårdnadshavare)" for g in pupil.guardians),
            f"{pupil.given_name} (eleven, första halvtimmen)",
            f"{pupil.mentor or 'Mentor'} (mentor)",
            COORDINATOR,
        )
    )
    first_day = today - _dt.timedelta(days=35)
    then = CollaborationService(collab.session, today=lambda: first_day)
    first = then.save_entry(
        ContactEntry(
            pupil.id,
            first_day.isoformat(),
            ContactKind.SIP_MEETING,
            Channel.MEETING,
            "Första SIP-mötet. Familjen beskrev mornarna som det svåraste; eleven sover dåligt "
            "och har ont i magen före skolan. BUP har träffat eleven tre gånger. Skolan "
            "berättade om den stegvisa återgången och om närvaron de senaste veckorna. Alla var "
            "överens om att börja med korta dagar och en vuxen som möter eleven vid entrén.",
            time="13:00",
            organisation_id=d.org("soc_utredning"),
            participants=participants,
            lead_organisation_id=d.org("soc_utredning"),
            next_meeting_on=(today - _dt.timedelta(days=7)).isoformat(),
            is_disclosure=True,
            basis=Basis.CONSENT,
            consent_id=sip_consent.id,
            actions=(
                AgreedAction(
                    "Boka bedömningssamtal på BUP", "Sofia Nyberg, BUP", _day(first_day, 14)
                ),
                AgreedAction(
                    "Ordna ett lugnt rum för återhämtning under skoldagen",
                    "Maria Lindqvist",
                    _day(today, -4),
                ),
                AgreedAction(
                    "Skicka närvarosammanställning till familjen varje fredag",
                    "Mentor",
                    _day(first_day, 7),
                ),
            ),
        )
    )
    # What was done then: the call booked, the weekly summary started; the room is not ready.
    for action, done in ((first.actions[0], 10), (first.actions[2], 5)):
        late = CollaborationService(
            collab.session, today=lambda done=done: first_day + _dt.timedelta(days=done)
        )
        late.mark_action_done(first, action.id)
    collab.save_entry(
        ContactEntry(
            pupil.id,
            _day(today, -7),
            ContactKind.SIP_MEETING,
            Channel.MEETING,
            "Uppföljande SIP-möte. Eleven kommer nu fyra förmiddagar i veckan och beskriver "
            "morgonmötet med mentorn som det som hjälper mest. Sömnen är bättre sedan BUP:s "
            "råd. Socialtjänsten erbjuder familjebehandling i hemmet, som familjen tackade ja "
            "till. Rummet för återhämtning är ännu inte ordnat; skolan återkommer.",
            time="14:30",
            organisation_id=d.org("soc_utredning"),
            participants=participants.replace("(eleven, första halvtimmen)", "(eleven)")
            + "\nJonas Pettersson (familjebehandlare, socialtjänsten)",
            lead_organisation_id=d.org("soc_utredning"),
            next_meeting_on=_day(today, 35),
            is_disclosure=True,
            basis=Basis.CONSENT,
            consent_id=sip_consent.id,
            actions=(
                AgreedAction(
                    "Första träffen med familjebehandlaren bokas",
                    "Jonas Pettersson, socialtjänsten",
                    _day(today, 9),
                ),
                AgreedAction(
                    "Skicka schemat för nästa steg i återgången till BUP",
                    "Maria Lindqvist",
                    _day(today, 12),
                ),
                AgreedAction(
                    "Utvärdera sömnråden med familjen", "Sofia Nyberg, BUP", _day(today, 30)
                ),
            ),
        )
    )
    collab.save_entry(
        ContactEntry(
            pupil.id,
            _day(today, -3),
            ContactKind.GOOD_NEWS_CALL,
            Channel.PHONE,
            f"Ringde hem och berättade att {pupil.given_name} var med hela matematiklektionen "
            "och hjälpte en klasskamrat.",
            time="15:45",
            with_whom=_first_guardian(pupil),
        )
    )


def _concern_case(
    collab: CollaborationService, d: Directory, pupil: Pupil, today: _dt.date
) -> None:
    """A report of concern with feedback, then a collaboration meeting with the fritidsgården,
    and a disclosure to BUP built on a consent from both guardians."""
    collab.save_involvement(
        Involvement(
            pupil.id, d.org("soc_utredning"), "Handläggare", d.person("lena"), _day(today, -55)
        )
    )
    collab.save_involvement(Involvement(pupil.id, d.org("vc"), "Skolsköterskans kontakt"))
    collab.save_concern(
        ConcernReport(
            pupil.id,
            _day(today, -60),
            d.org("soc_utredning"),
            COORDINATOR,
            "Eleven har berättat för mentorn att det är bråk hemma på kvällarna och att hen "
            "ofta inte äter frukost. Frånvaron har ökat de senaste fyra veckorna.",
            feedback_on=_day(today, -46),
            feedback_summary="Socialtjänsten har inlett en utredning. Handläggare är Lena Ahlgren.",
        )
    )
    consent = collab.save_consent(
        Consent(
            pupil.id,
            ConsentFrom.BOTH_GUARDIANS,
            _guardians(pupil),
            "Skolan får berätta för BUP hur eleven har det i skolan: närvaro, stöd och "
            "hur skoldagen fungerar.",
            _day(today, -40),
            d.org("bup"),
            valid_until=_day(today, 140),
        )
    )
    collab.save_entry(
        ContactEntry(
            pupil.id,
            _day(today, -20),
            ContactKind.DISCLOSURE,
            Channel.PHONE,
            "Berättade för BUP om närvaron under hösten och om de extra anpassningar eleven har.",
            time="10:15",
            organisation_id=d.org("bup"),
            contact_id=d.person("sofia"),
            basis=Basis.CONSENT,
            consent_id=consent.id,
        )
    )
    collab.save_entry(
        ContactEntry(
            pupil.id,
            _day(today, -12),
            ContactKind.COLLABORATION_MEETING,
            Channel.DIGITAL_MEETING,
            "Skolan och fritidsgården stämde av hur eleven har det efter skolan. Eleven kommer "
            "till fritidsgården tre kvällar i veckan och trivs med musikrummet. Vi kom överens "
            "om att fritidsledaren påminner om läxhjälpen på torsdagar.",
            time="09:00",
            organisation_id=d.org("fritid"),
            participants="\n".join(
                ("Helena Berg (fritidsledare)", COORDINATOR, f"{_first_guardian(pupil)}")
            ),
            next_meeting_on=_day(today, 50),
            actions=(
                AgreedAction(
                    "Påminna om läxhjälpen på torsdagar",
                    "Helena Berg, fritidsgården",
                    _day(today, 20),
                ),
            ),
        )
    )


def _good_news_case(
    collab: CollaborationService, d: Directory, pupil: Pupil, today: _dt.date
) -> None:
    """The positive routines: a success letter, a "we miss you" message and a call home after a
    missed first lesson."""
    for offset, kind, channel, summary in (
        (
            -16,
            ContactKind.MISSED_FIRST_LESSON_CALL,
            Channel.PHONE,
            "Ringde hem 8.30 när första lektionen var missad. Eleven kom till andra lektionen.",
        ),
        (
            -9,
            ContactKind.MISS_YOU_MESSAGE,
            Channel.MESSAGE,
            "Sms: Vi saknade dig på idrotten i dag. Välkommen i morgon, vi börjar med basket!",
        ),
        (
            -2,
            ContactKind.SUCCESS_LETTER,
            Channel.LETTER,
            "Framgångsbrev: tre hela dagar i rad den här veckan och en fin redovisning i SO.",
        ),
    ):
        collab.save_entry(
            ContactEntry(
                pupil.id, _day(today, offset), kind, channel, summary, with_whom=_guardians(pupil)
            )
        )
    collab.save_involvement(
        Involvement(
            pupil.id, d.org("fritid"), "Fritidsledare", d.person("helena"), _day(today, -70)
        )
    )
