"""The documents of collaboration around a pupil: the protocol of a collaboration or SIP meeting,
the pupil's network with a summary of the consents, and the list of who has been told what.

Like ``support_documents``: pure ``*_story`` functions from plain records, no database, no Qt.
An address is never printed (the pupil's is not even read here); for a pupil with protected
identity the guardians' phone numbers and e-mail are left out too, since they lead to the home.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from ..domain.collaboration import (
    Channel,
    Consent,
    ConsentForm,
    Contact,
    ContactEntry,
    ContactKind,
    DisclosureLine,
    Involvement,
    Organisation,
    consent_notice,
)
from ..domain.pupil import Pupil
from .blocks import (
    data_table,
    fact_table,
    form_table,
    long_text,
    notice,
    paragraph,
    section,
    signature_lines,
)
from .styles import styles
from .support_documents import PupilFacts, period_text
from .text import para_text

NETWORK_TITLE = "Nätverk och samtycken"
DISCLOSURES_TITLE = "Utlämnade uppgifter"
PROTECTED_CONTACT = "Skrivs inte ut (skyddade personuppgifter)"
NO_NEXT_MEETING = "Inget nytt möte är bokat."
NO_DISCLOSURES = (
    "Enligt akten har inga uppgifter om eleven lämnats ut till någon annan organisation."
)
DISCLOSURES_INTRO = (
    "Här står varje gång skolan har lämnat uppgifter om eleven till en annan organisation: när, "
    "till vem, med vilket stöd i lag eller samtycke, och vad som lämnades. Eleven och "
    "vårdnadshavarna har rätt att få veta detta (artikel 15 i dataskyddsförordningen, GDPR)."
)
DISCLOSURES_SOURCE = (
    "Listan bygger på de kontakter som har registrerats som utlämnande av uppgifter och på "
    "orosanmälningar till socialtjänsten."
)


def protocol_title(entry: ContactEntry) -> str:
    """ "Protokoll SIP-möte", "Protokoll samverkansmöte"; other contacts are notes, not
    protocols."""
    if entry.kind is ContactKind.SIP_MEETING:
        return "Protokoll SIP-möte"
    if entry.kind is ContactKind.COLLABORATION_MEETING:
        return "Protokoll samverkansmöte"
    return f"Anteckning om {entry.kind.label.lower()}"


def participant_names(text: str) -> list[str]:
    """The participants one by one, as typed: one per line or separated by ";"; written on one
    line, separated by ",". A list of one per line keeps its commas ("Maria Lindqvist,
    elevhälsosamordnare"), and so does a bracket ("Lena Ahlgren (socialsekreterare, BUP)")."""
    names = re.split(r"[\n;]", text)
    if len([n for n in names if n.strip()]) <= 1:
        names = re.split(r",(?![^(]*\))", text)
    return [" ".join(name.split()) for name in names if name.strip()]


def _clock(time: str) -> str:
    return f"kl. {time.replace(':', '.')}" if time else ""


def _names(organisations: Sequence[Organisation]) -> dict[str, str]:
    return {o.id: o.display_name for o in organisations}


def _person(person: Contact | None, organisations: dict[str, str]) -> str:
    if person is None:
        return ""
    words = person.name + (f", {person.title}" if person.title else "")
    where = organisations.get(person.organisation_id, "")
    return f"{words} ({where})" if where else words


# The protocol ---------------------------------------------------------------------------------


def protocol_story(
    pupil: Pupil,
    entry: ContactEntry,
    organisations: Sequence[Organisation],
    contacts: Sequence[Contact],
    basis: str = "",
) -> list[Flowable]:
    """A meeting's protocol: who took part, what was discussed, what each one takes on, the next
    meeting, the legal basis if information was shared, and lines for the participants to sign.
    ``basis`` is the basis in words as the list of disclosures gives it (a consent by name and
    date); without it the kind of basis is printed."""
    facts = PupilFacts(pupil)
    names = _names(organisations)
    person = next((c for c in contacts if c.id == entry.contact_id), None)
    # The title names a meeting's kind; a note of another contact says it here.
    meeting_rows = [] if entry.kind.is_meeting else [("Kontakt", entry.kind.label)]
    meeting_rows += [
        ("Datum och tid", " ".join(x for x in (entry.happened_on, _clock(entry.time)) if x)),
        ("Form", "Fysiskt möte" if entry.channel is Channel.MEETING else entry.channel.label),
    ]
    if entry.kind is ContactKind.SIP_MEETING:
        meeting_rows.append(("Leds av", names.get(entry.lead_organisation_id, "")))
    if entry.organisation_id and entry.organisation_id != entry.lead_organisation_id:
        meeting_rows.append(("Organisation", names.get(entry.organisation_id, "")))
    if person is not None:
        meeting_rows.append(("Kontaktperson", _person(person, names)))
    participants = participant_names(entry.participants or entry.with_whom)
    meeting = entry.kind.is_meeting
    story: list[Flowable] = [
        *fact_table([*facts.rows(), *meeting_rows]),
        *facts.protected(),
        *section("Deltagare" if meeting else "Med vem"),
        *paragraph("\n".join(participants) or "Inga deltagare har antecknats."),
        *section("Vad som togs upp" if meeting else "Sammanfattning"),
        *long_text("", entry.summary),
    ]
    # A meeting says outright that nothing was decided; a phone call home need not.
    if meeting or entry.actions:
        story += [*section("Beslut och överenskomna åtgärder"), *_actions_table(entry)]
    if meeting or entry.next_meeting_on:
        story += [*section("Nästa möte"), *paragraph(entry.next_meeting_on or NO_NEXT_MEETING)]
    if entry.is_disclosure:
        recipient = names.get(entry.organisation_id, "") or entry.with_whom
        story += [
            *section("Utlämnande av uppgifter"),
            *paragraph(
                "Uppgifter om eleven lämnades till en annan organisation. Det här är stödet för "
                "att lämna ut dem."
            ),
            *fact_table([("Till", recipient), ("Stöd för utlämnandet", basis or _basis(entry))]),
        ]
    return [*story, *_signatures(participants if entry.kind.is_meeting else [])]


def _signatures(participants: Sequence[str]) -> list[Flowable]:
    """One ruled row per participant to sign in: a meeting of eight takes a third of a page,
    where a signature block each would take two pages."""
    if not participants:
        return [*section("Underskrift"), *signature_lines(["Den som förde anteckningarna"])]
    table = form_table(
        ["Deltagare", "Underskrift", "Datum"],
        [[name, "", ""] for name in participants],
        [3.2, 3, 1.2],
        row_height=12 * mm,
        keep_whole=True,
    )
    return [
        *section("Underskrifter"),
        *table,
        *_note("Med sin underskrift intygar deltagaren att protokollet stämmer med mötet."),
    ]


def _basis(entry: ContactEntry) -> str:
    if entry.basis is None:
        return ""
    return entry.basis_text or entry.basis.label


def _actions_table(entry: ContactEntry) -> list[Flowable]:
    if not entry.actions:
        return paragraph("Inga åtgärder bestämdes.")
    return data_table(
        ["Vad", "Ansvarig", "Klart senast", "Gjort"],
        [[a.what, a.responsible, a.due_on, a.done_on or "Inte ännu"] for a in entry.actions],
        [3.6, 2.2, 1.2, 1.1],
    )


# The network and the consents -------------------------------------------------------------------


def network_story(
    pupil: Pupil,
    involvements: Sequence[Involvement],
    organisations: Sequence[Organisation],
    contacts: Sequence[Contact],
    consents: Sequence[Consent],
    today: _dt.date,
) -> list[Flowable]:
    """Who is around the pupil (the guardians from the register first) and which consents there
    are, each with its status on ``today`` in words."""
    facts = PupilFacts(pupil)
    orgs = {o.id: o for o in organisations}
    people = {c.id: c for c in contacts}
    current = [i for i in involvements if not i.until or i.until >= today.isoformat()]
    ended = [i for i in involvements if i not in current]
    # The period sits under the role: a column of its own would wrap every date.
    header = ["Vem", "Roll och period", "Telefon och e-post"]
    widths = [3.3, 3, 3.1]
    story: list[Flowable] = [
        *fact_table(facts.rows()),
        *facts.protected(),
        *section("Nätverket runt eleven"),
        *data_table(
            header,
            [*_guardian_rows(pupil), *(_involvement_row(i, orgs, people) for i in current)],
            widths,
        ),
        *_note("Vårdnadshavarna står som i elevregistret." if pupil.guardians else ""),
    ]
    if ended:
        story += [
            Paragraph(para_text("Tidigare i nätverket"), styles().subheading),
            *data_table(header, [_involvement_row(i, orgs, people) for i in ended], widths),
        ]
    return [*story, *_consent_part(pupil, consents, orgs, today)]


def _note(text: str) -> list[Flowable]:
    """A quiet remark under a table: where its rows come from."""
    if not text:
        return []
    return [Paragraph(para_text(text), styles().note.clone("note_after", spaceBefore=4))]


def _guardian_rows(pupil: Pupil) -> list[list[str]]:
    rows = []
    for guardian in pupil.guardians:
        relation = guardian.relation.strip().lower()
        role = "Vårdnadshavare" + (
            f", {relation}" if relation not in ("", "vårdnadshavare") else ""
        )
        reach = (
            PROTECTED_CONTACT
            if pupil.protected_identity
            else "\n".join(x for x in (guardian.phone, guardian.email) if x)
        )
        rows.append([guardian.name, role, reach])
    return rows


def _involvement_row(
    item: Involvement, orgs: dict[str, Organisation], people: dict[str, Contact]
) -> list[str]:
    org = orgs.get(item.organisation_id)
    person = people.get(item.contact_id)
    org_name = org.display_name if org else ""
    who = "\n".join(x for x in ((person.name if person else ""), org_name) if x)
    role = "\n".join(x for x in (item.role, period_text(item.since, item.until)) if x)
    # A person's own number first; the organisation's switchboard when there is none.
    reach = [x for x in ((person.phone, person.email) if person else ()) if x]
    if not reach and org:
        reach = [x for x in (org.phone, org.email) if x]
    return [who, role, "\n".join(reach)]


def consent_status(item: Consent, today: _dt.date) -> str:
    """ "Gäller till 2027-06-15"; an expired or withdrawn consent says first that it does not
    apply, so no one reads the date and takes it for valid."""
    if item.valid_on(today):
        return f"Gäller till {item.valid_until}" if item.valid_until else "Gäller tills vidare"
    words = item.status(today)
    if today.isoformat() < item.given_on:
        return words  # "Gäller från …"
    return f"Gäller inte: {words[0].lower()}{words[1:]}"


def _consent_part(
    pupil: Pupil, consents: Sequence[Consent], orgs: dict[str, Organisation], today: _dt.date
) -> list[Flowable]:
    # The explanation under the table, so the heading stays on the page with the table.
    explanation = paragraph(
        f"Status den {today.isoformat()}. Ett samtycke gäller bara det som står i det och bara "
        "under den tid det gäller. Ett samtycke som har gått ut eller återkallats gäller inte."
    )
    if not consents:
        return [*section("Samtycken"), *paragraph("Inga samtycken har registrerats.")]
    # The valid ones first: they are what may be used now.
    ordered = sorted(consents, key=lambda c: not c.valid_on(today))
    story = [
        *section("Samtycken"),
        *data_table(
            ["Från", "Vad får lämnas och till vem", "Givet", "Status"],
            [_consent_row(c, orgs, today) for c in ordered],
            [2.6, 3.6, 1.25, 1.9],
        ),
        Spacer(0, 6),
        *explanation,
    ]
    for item in ordered:
        warning = consent_notice(item, len(pupil.guardians))
        if warning and item.valid_on(today):
            story += notice(f"Samtycket den {item.given_on} från {item.given_by}: {warning}")
    return story


def _consent_row(item: Consent, orgs: dict[str, Organisation], today: _dt.date) -> list[str]:
    org = orgs.get(item.organisation_id)
    scope = item.scope + (f"\nTill: {org.display_name}" if org else "")
    form = f"{item.form.label} samtycke"
    if item.form is ConsentForm.ORAL and item.noted_by:
        form += f", antecknat av {item.noted_by}"
    return [
        f"{item.from_whom.label}:\n{item.given_by}\n{form}",
        scope,
        item.given_on,
        consent_status(item, today),
    ]


# Who has been told what -------------------------------------------------------------------------


def disclosures_story(pupil: Pupil, lines: Sequence[DisclosureLine]) -> list[Flowable]:
    """Every disclosure with date, recipient and legal basis: what the pupil and the guardians
    may ask to see (GDPR art. 15)."""
    facts = PupilFacts(pupil)
    story: list[Flowable] = [
        *fact_table(facts.rows()),
        *facts.protected(),
        *section("Vem har fått veta vad"),
        *paragraph(DISCLOSURES_INTRO),
    ]
    if not lines:
        return [*story, *paragraph(NO_DISCLOSURES)]
    return [
        *story,
        *data_table(
            ["Datum", "Mottagare", "Stöd för utlämnandet", "Vad som lämnades"],
            [[line.on, line.recipient, line.basis, line.what] for line in lines],
            [1.15, 2, 2.3, 3.6],
        ),
        *_note(DISCLOSURES_SOURCE),
    ]
