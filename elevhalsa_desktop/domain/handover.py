"""The handover note at a stage transition (year 6 → 7, 3 → 4, 9 → upper secondary, a change of
school): what the receiving school needs so that support is ready on the first day.

Information is handed over under 3 kap. 12 j § skollagen; no consent is needed for that, and the
school-health medical records are never part of a handover.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, fields, replace
from enum import StrEnum

TEXT_MAX = 20_000
LINE_MAX = 200

LEGAL_BASIS = (
    "Uppgifterna lämnas över enligt 3 kap. 12 j § skollagen (2010:800): den avlämnande skolan "
    "lämnar de uppgifter om eleven som behövs för att underlätta övergången. Elevhälsans "
    "medicinska journaler (skolsköterska, skolläkare) ingår aldrig i en överlämning."
)


class HandoverStatus(StrEnum):
    NOT_STARTED = "not_started"  # no note yet: shown in the cohort, never stored
    DRAFT = "draft"
    READY = "ready"
    HANDED_OVER = "handed_over"
    RECEIVED = "received"  # a note that came from the sending school's exchange file

    @property
    def label(self) -> str:
        return {
            "not_started": "Inte påbörjad",
            "draft": "Utkast",
            "ready": "Klar att lämna",
            "handed_over": "Överlämnad",
            "received": "Mottagen",
        }[self.value]


#: The note's sections, in the order the packet prints them: (field, heading).
SECTIONS: tuple[tuple[str, str], ...] = (
    ("strengths", "Styrkor och intressen"),
    ("support_worked", "Stöd som fungerat"),
    ("support_not_worked", "Det som inte fungerat"),
    ("attendance_history", "Närvaro och frånvaro"),
    ("keep_with", "Kamrater eleven bör gå med"),
    ("keep_apart", "Elever eleven inte bör placeras med"),
    ("pupil_words", "Elevens egna ord om övergången"),
    ("guardian_view", "Vårdnadshavarnas syn och önskemål"),
    ("involved", "Andra som är involverade kring eleven"),
    ("first_week", "Rekommenderat första veckan"),
)

#: First-week actions a coordinator ticks off; the receiving school sees them as a list.
FIRST_WEEK_CHOICES: tuple[tuple[str, str], ...] = (
    ("early_mentor_talk", "Tidigt samtal med den nya mentorn"),
    ("visit_before_term", "Besök på den nya skolan före terminsstart"),
    ("seating", "Genomtänkt placering i klassrummet"),
    ("named_adult", "En namngiven vuxen att gå till"),
)


@dataclass(frozen=True)
class HandoverNote:
    pupil_id: str
    from_school: str = ""
    from_year: str = ""
    to_school: str = ""
    to_year: str = ""
    status: HandoverStatus = HandoverStatus.DRAFT
    responsible: str = ""  # who is working on it at the sending school
    strengths: str = ""
    support_worked: str = ""
    support_not_worked: str = ""
    attendance_history: str = ""
    keep_with: str = ""
    keep_apart: str = ""
    pupil_words: str = ""
    guardian_view: str = ""
    involved: str = ""
    first_week: str = ""
    first_week_choices: str = ""  # comma-separated keys of FIRST_WEEK_CHOICES
    receiving_mentor: str = ""
    named_adult: str = ""
    meeting_on: str = ""  # the collaboration meeting between the schools
    meeting_participants: str = ""
    meeting_agreed: str = ""
    handed_over_on: str = ""
    # A received note: the sending school's name and the exchange it came in (read-only).
    sender_school: str = ""
    exchange_id: str = ""
    id: str = ""
    created_at: str = ""
    updated_at: str = ""

    @property
    def received(self) -> bool:
        return self.status is HandoverStatus.RECEIVED

    @property
    def choices(self) -> tuple[str, ...]:
        return tuple(c for c in self.first_week_choices.split(",") if c)

    @property
    def transition(self) -> str:
        """ "Åk 6 → åk 7, Björkskolan → Ekskolan" (what is known of it)."""
        years = " → ".join(
            f"åk {y}" if y[:1].isdigit() else y for y in (self.from_year, self.to_year) if y
        )
        schools = " → ".join(s for s in (self.from_school, self.to_school) if s)
        return ", ".join(p for p in (years, schools) if p)

    def with_changes(self, **changes) -> HandoverNote:
        return replace(self, **changes)


TEXT_FIELDS = tuple(
    f.name
    for f in fields(HandoverNote)
    if f.name not in ("pupil_id", "status", "id", "created_at", "updated_at")
)


def check(note: HandoverNote, today: _dt.date) -> dict[str, str]:
    problems: dict[str, str] = {}
    for name, _heading in SECTIONS:
        if len(getattr(note, name)) > TEXT_MAX:
            problems[name] = f"Texten är för lång (högst {TEXT_MAX} tecken)."
    for name in ("from_school", "to_school", "responsible", "receiving_mentor", "named_adult"):
        if len(getattr(note, name)) > LINE_MAX:
            problems[name] = f"Texten är för lång (högst {LINE_MAX} tecken)."
    for name in ("meeting_on", "handed_over_on"):
        value = getattr(note, name)
        if value:
            try:
                _dt.date.fromisoformat(value)
            except ValueError:
                problems[name] = "Skriv datumet som ÅÅÅÅ-MM-DD."
    known = {key for key, _label in FIRST_WEEK_CHOICES}
    if any(c not in known for c in note.choices):
        problems["first_week_choices"] = "Okänt val bland åtgärderna första veckan."
    if note.status in (HandoverStatus.READY, HandoverStatus.HANDED_OVER):
        if not note.to_school.strip():
            problems["to_school"] = "Skriv vilken skola eleven går vidare till."
        if not (note.support_worked.strip() or note.strengths.strip()):
            problems["support_worked"] = (
                "Skriv åtminstone elevens styrkor eller det stöd som fungerat innan"
                " överlämningen markeras som klar."
            )
    return problems


@dataclass(frozen=True)
class PacketPupil:
    """Who a packet is about: enough for the receiving school to find or create the pupil, and
    nothing more (no address, no guardians' contact details: those come from the school system)."""

    given_name: str
    family_name: str
    civic_no: str = ""  # canonical or empty
    class_name: str = ""
    year: str = ""
    protected_identity: bool = False
    birth_date: str = ""  # ISO; from the civic number, for matching when there is none

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()


@dataclass(frozen=True)
class HandoverPacket:
    """Exactly what travels to the receiving school: printed as the pupil's packet and written,
    unchanged, into the exchange file."""

    pupil: PacketPupil
    note: HandoverNote
    sender_school: str
