"""Collaboration around a pupil: the directory of organisations and people, the network, consents,
the contact log with agreed actions, disclosures and their legal basis, and reports of concern.

The seeds describe pupils who "fell between chairs" when school, social services, child
psychiatry and the family did not hold together, and schools that could not say who had been
told what. Every disclosure here names its legal basis, so the list of who was told what (GDPR
art. 15) can always be produced.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field, replace
from enum import StrEnum

from .plans import TEXT_MAX
from .pupil import ValidationError

NAME_MAX = 120


class OrgKind(StrEnum):
    SOCIAL_SERVICES = "social_services"
    BUP = "bup"
    HABILITATION = "habilitation"
    PRIMARY_CARE = "primary_care"
    KAA = "kaa"
    POLICE = "police"
    LEISURE = "leisure"
    SCHOOL = "school"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "social_services": "Socialtjänst",
            "bup": "BUP (barn- och ungdomspsykiatri)",
            "habilitation": "Habilitering",
            "primary_care": "Vårdcentral",
            "kaa": "Kommunala aktivitetsansvaret (KAA)",
            "police": "Polis",
            "leisure": "Fritid och ungdom",
            "school": "Annan skola",
            "other": "Annan organisation",
        }[self.value]


class ConsentFrom(StrEnum):
    PUPIL = "pupil"
    ONE_GUARDIAN = "one_guardian"
    BOTH_GUARDIANS = "both_guardians"

    @property
    def label(self) -> str:
        return {
            "pupil": "Eleven",
            "one_guardian": "En vårdnadshavare",
            "both_guardians": "Båda vårdnadshavarna",
        }[self.value]


class ConsentForm(StrEnum):
    WRITTEN = "written"
    ORAL = "oral"

    @property
    def label(self) -> str:
        return {"written": "Skriftligt", "oral": "Muntligt"}[self.value]


class Channel(StrEnum):
    MEETING = "meeting"
    PHONE = "phone"
    LETTER = "letter"
    DIGITAL_MEETING = "digital_meeting"
    MESSAGE = "message"

    @property
    def label(self) -> str:
        return {
            "meeting": "Möte",
            "phone": "Telefon",
            "letter": "Brev",
            "digital_meeting": "Digitalt möte",
            "message": "Meddelande",
        }[self.value]


class ContactKind(StrEnum):
    COLLABORATION_MEETING = "collaboration_meeting"
    SIP_MEETING = "sip_meeting"
    DISCLOSURE = "disclosure"
    GUARDIAN_CONTACT = "guardian_contact"
    SUCCESS_LETTER = "success_letter"
    GOOD_NEWS_CALL = "good_news_call"
    MISS_YOU_MESSAGE = "miss_you_message"
    MISSED_FIRST_LESSON_CALL = "missed_first_lesson_call"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "collaboration_meeting": "Samverkansmöte",
            "sip_meeting": "SIP-möte",
            "disclosure": "Utlämnande av uppgifter",
            "guardian_contact": "Kontakt med vårdnadshavare",
            "success_letter": "Framgångsbrev",
            "good_news_call": "Bra-samtal",
            "miss_you_message": "Sakna-sms",
            "missed_first_lesson_call": "Samtal hem efter missad första lektion",
            "other": "Annan kontakt",
        }[self.value]

    @property
    def is_meeting(self) -> bool:
        return self in (ContactKind.COLLABORATION_MEETING, ContactKind.SIP_MEETING)


class Basis(StrEnum):
    CONSENT = "consent"
    REPORT_OF_CONCERN = "report_of_concern"
    HANDOVER = "handover"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "consent": "Samtycke",
            "report_of_concern": "Orosanmälan till socialtjänsten (socialtjänstlagen)",
            "handover": "Överlämning vid skolbyte (3 kap. 12 j § skollagen)",
            "other": "Annan grund",
        }[self.value]


@dataclass(frozen=True)
class Organisation:
    kind: OrgKind
    name: str
    unit: str = ""
    phone: str = ""
    email: str = ""
    notes: str = ""
    archived: bool = False
    id: str = ""

    @property
    def display_name(self) -> str:
        return f"{self.name}, {self.unit}" if self.unit else self.name


@dataclass(frozen=True)
class Contact:
    """A person outside the student-health team. A person who changes job gets a new record at
    the new organisation; the old one is archived and keeps its history."""

    name: str
    organisation_id: str = ""
    title: str = ""  # e.g. "socialsekreterare", "handläggare"
    phone: str = ""
    email: str = ""
    archived: bool = False
    id: str = ""


@dataclass(frozen=True)
class Involvement:
    """Someone in the pupil's network: who, in what role, since when, until when."""

    pupil_id: str
    organisation_id: str
    role: str
    contact_id: str = ""
    since: str = ""
    until: str = ""
    id: str = ""

    def active_on(self, day: _dt.date) -> bool:
        return (not self.since or self.since <= day.isoformat()) and (
            not self.until or day.isoformat() <= self.until
        )


@dataclass(frozen=True)
class Consent:
    pupil_id: str
    from_whom: ConsentFrom
    given_by: str  # names, e.g. "Eva Öhman (mamma)"
    scope: str  # what may be shared, in words
    given_on: str
    organisation_id: str = ""  # shared with whom ('' = as the scope says)
    form: ConsentForm = ConsentForm.WRITTEN
    noted_by: str = ""  # who wrote down an oral consent
    valid_until: str = ""
    withdrawn_on: str = ""
    id: str = ""

    def valid_on(self, day: _dt.date) -> bool:
        iso = day.isoformat()
        if iso < self.given_on:
            return False
        if self.withdrawn_on and self.withdrawn_on <= iso:
            return False
        return not (self.valid_until and iso > self.valid_until)

    def status(self, today: _dt.date) -> str:
        if self.withdrawn_on and self.withdrawn_on <= today.isoformat():
            return f"Återkallat {self.withdrawn_on}"
        if self.valid_until and today.isoformat() > self.valid_until:
            return f"Gick ut {self.valid_until}"
        if today.isoformat() < self.given_on:
            return f"Gäller från {self.given_on}"
        return "Gäller" + (f" till {self.valid_until}" if self.valid_until else "")


#: How a struck action's text ends: "[struken 2026-11-23: Eleven har bytt skola]". Striking keeps
#: the row (it may already have been acted on, and the protocol names it) and closes it with
#: done_on, so the marker in the text is what tells struck from done without a new column.
_STRUCK = re.compile(r" \[struken (\d{4}-\d{2}-\d{2}): (.*)\]$", re.DOTALL)


def struck_text(what: str, on: str, reason: str) -> str:
    return f"{what} [struken {on}: {reason}]"


@dataclass(frozen=True)
class AgreedAction:
    what: str
    responsible: str
    due_on: str
    done_on: str = ""
    id: str = ""

    @property
    def struck(self) -> bool:
        return bool(self.done_on) and _STRUCK.search(self.what) is not None


@dataclass(frozen=True)
class ContactEntry:
    """One contact: a meeting (collaboration or SIP), a call, a letter, a disclosure…"""

    pupil_id: str
    happened_on: str  # ISO date
    kind: ContactKind
    channel: Channel
    summary: str
    time: str = ""  # "14:30"
    organisation_id: str = ""
    contact_id: str = ""
    with_whom: str = ""  # names in words, e.g. "Eva Öhman (mamma)"
    participants: str = ""  # for meetings
    lead_organisation_id: str = ""  # for a SIP: who leads it
    next_meeting_on: str = ""
    is_disclosure: bool = False
    basis: Basis | None = None
    consent_id: str = ""
    basis_text: str = ""
    actions: tuple[AgreedAction, ...] = field(default_factory=tuple)
    id: str = ""

    def with_changes(self, **changes) -> ContactEntry:
        return replace(self, **changes)


@dataclass(frozen=True)
class ConcernReport:
    """Orosanmälan: a report of concern to social services."""

    pupil_id: str
    made_on: str
    organisation_id: str
    made_by: str
    summary: str
    feedback_on: str = ""
    feedback_summary: str = ""
    id: str = ""


@dataclass(frozen=True)
class DisclosureLine:
    """One line of "who has been told what": what a pupil or guardian may ask to see."""

    on: str
    recipient: str
    basis: str
    what: str
    source: str  # "contact" or "concern"
    source_id: str


# Rules --------------------------------------------------------------------------------------


_TIME = re.compile(r"([01]\d|2[0-3]):[0-5]\d")


def _date_problem(text: str, label: str, required: bool = False) -> str | None:
    if not text:
        return f"Ange {label.lower()}." if required else None
    try:
        _dt.date.fromisoformat(text)
    except ValueError:
        return f"{label} ska vara ett datum, ÅÅÅÅ-MM-DD."
    return None


def require(problems: dict[str, str]) -> None:
    if problems:
        raise ValidationError(problems)


def check_organisation(org: Organisation) -> dict[str, str]:
    problems = {}
    if not org.name.strip():
        problems["name"] = "Skriv organisationens namn."
    elif len(org.name) > NAME_MAX:
        problems["name"] = f"Namnet får vara högst {NAME_MAX} tecken."
    if org.email and "@" not in org.email:
        problems["email"] = "E-postadressen ser inte ut som en e-postadress."
    return problems


def check_contact(person: Contact) -> dict[str, str]:
    problems = {}
    if not person.name.strip():
        problems["name"] = "Skriv personens namn."
    if person.email and "@" not in person.email:
        problems["email"] = "E-postadressen ser inte ut som en e-postadress."
    return problems


def check_involvement(item: Involvement) -> dict[str, str]:
    problems = {}
    if not item.organisation_id:
        problems["organisation_id"] = "Välj vilken organisation det gäller."
    if not item.role.strip():
        problems["role"] = "Skriv vilken roll de har runt eleven, t.ex. handläggare."
    for name, label in (("since", "Från-datum"), ("until", "Till-datum")):
        problem = _date_problem(getattr(item, name), label)
        if problem:
            problems[name] = problem
    if item.since and item.until and item.until < item.since and not problems:
        problems["until"] = "Till-datumet ligger före från-datumet."
    return problems


def check_consent(item: Consent) -> dict[str, str]:
    problems = {}
    if not item.given_by.strip():
        problems["given_by"] = "Skriv vem som gav samtycket."
    if not item.scope.strip():
        problems["scope"] = "Beskriv vad samtycket gäller: vilka uppgifter och till vem."
    given = _date_problem(item.given_on, "Datum för samtycket", required=True)
    if given:
        problems["given_on"] = given
    for name, label in (("valid_until", "Giltigt till"), ("withdrawn_on", "Återkallat")):
        problem = _date_problem(getattr(item, name), label)
        if problem:
            problems[name] = problem
    dates_readable = not given and "valid_until" not in problems
    if dates_readable and item.valid_until and item.valid_until < item.given_on:
        problems["valid_until"] = "Samtycket kan inte gälla till ett datum före det gavs."
    if item.form is ConsentForm.ORAL and not item.noted_by.strip():
        problems["noted_by"] = "Ett muntligt samtycke ska antecknas: skriv vem som antecknade det."
    return problems


def consent_notice(item: Consent, guardians_in_register: int) -> str:
    """A sentence to show (never a refusal) when only one of two guardians has consented:
    joint custody usually needs both."""
    if item.from_whom is ConsentFrom.ONE_GUARDIAN and guardians_in_register >= 2:
        return (
            "Registret anger två vårdnadshavare men bara en har samtyckt. Vid gemensam vårdnad "
            "behövs oftast båda."
        )
    return ""


def check_entry(
    entry: ContactEntry,
    consents: list[Consent],
    archived_organisations: set[str],
    today: _dt.date,
) -> dict[str, str]:
    """What stops a contact entry from being saved. A disclosure needs a legal basis."""
    problems: dict[str, str] = {}
    happened = _date_problem(entry.happened_on, "Datum", required=True)
    if happened:
        problems["happened_on"] = happened
    if entry.time and not _TIME.fullmatch(entry.time):
        problems["time"] = "Klockan ska skrivas TT:MM, till exempel 09:30 eller 14:05."
    if not entry.summary.strip():
        problems["summary"] = "Skriv en kort sammanfattning av kontakten."
    elif len(entry.summary) > TEXT_MAX:
        problems["summary"] = "Sammanfattningen är för lång. Dela upp den."
    if entry.organisation_id in archived_organisations:
        problems["organisation_id"] = (
            "Organisationen är arkiverad. Välj den organisation personen finns på nu, "
            "eller återställ den i registret."
        )
    if entry.kind is ContactKind.SIP_MEETING and not entry.lead_organisation_id:
        problems["lead_organisation_id"] = "Ange vilken organisation som leder SIP-arbetet."
    next_meeting = _date_problem(entry.next_meeting_on, "Nästa möte")
    if next_meeting:
        problems["next_meeting_on"] = next_meeting
    disclosing = entry.is_disclosure or entry.kind is ContactKind.DISCLOSURE
    if disclosing:
        problems.update(_basis_problems(entry, consents))
    for index, action in enumerate(entry.actions):
        problem = _action_problem(action, today, entry.id)
        if problem:
            problems[f"action_{index}"] = problem
    return problems


def _basis_problems(entry: ContactEntry, consents: list[Consent]) -> dict[str, str]:
    if entry.basis is None:
        return {
            "basis": "Uppgifter som lämnas till en annan organisation kräver stöd: välj ett "
            "giltigt samtycke, en orosanmälan, överlämningsregeln eller skriv vilken annan grund "
            "som gäller. Utan grund kan kontakten inte sparas som utlämnande."
        }
    if entry.basis is Basis.CONSENT:
        consent = next((c for c in consents if c.id == entry.consent_id), None)
        if consent is None:
            return {"consent_id": "Välj vilket samtycke utlämnandet bygger på."}
        if not entry.happened_on or not consent.valid_on(_dt.date.fromisoformat(entry.happened_on)):
            return {
                "consent_id": "Samtycket gällde inte det datumet (utgånget, återkallat eller "
                "senare). Välj ett samtycke som gällde, eller en annan grund."
            }
        if (
            consent.organisation_id
            and entry.organisation_id
            and consent.organisation_id != entry.organisation_id
        ):
            return {"consent_id": "Samtycket gäller en annan organisation än mottagaren."}
    if entry.basis is Basis.OTHER and not entry.basis_text.strip():
        return {"basis_text": "Skriv vilken annan grund som gäller för utlämnandet."}
    return {}


def _action_problem(action: AgreedAction, today: _dt.date, entry_id: str) -> str | None:
    if not action.what.strip():
        return "Skriv vad som ska göras."
    if not action.responsible.strip():
        return f"Ange vem som ansvarar för {action.what!r}."
    problem = _date_problem(action.due_on, "Klart senast", required=True)
    if problem:
        return problem
    # A new action cannot be due in the past; one saved earlier may be overdue, and stays so.
    if not action.id and action.due_on < today.isoformat():
        return f"Datumet för {action.what!r} har redan passerat. Välj ett datum från i dag."
    return None


def check_concern(item: ConcernReport, today: _dt.date) -> dict[str, str]:
    problems = {}
    made = _date_problem(item.made_on, "Datum för anmälan", required=True)
    if made:
        problems["made_on"] = made
    elif item.made_on > today.isoformat():
        problems["made_on"] = "En anmälan kan inte vara gjord i framtiden."
    if not item.organisation_id:
        problems["organisation_id"] = "Välj vilken socialtjänst anmälan gick till."
    if not item.made_by.strip():
        problems["made_by"] = "Skriv vem som gjorde anmälan."
    if not item.summary.strip():
        problems["summary"] = "Sammanfatta vad anmälan gällde."
    feedback = _date_problem(item.feedback_on, "Återkoppling")
    if feedback:
        problems["feedback_on"] = feedback
    elif item.feedback_on and not made and item.feedback_on < item.made_on:
        problems["feedback_on"] = "Återkopplingen kan inte ha kommit före anmälan."
    return problems
