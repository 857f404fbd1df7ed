"""The pupil register's records and the rules a pupil must satisfy before it is saved."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field, replace
from enum import StrEnum

from . import civic_no

NAME_MAX = 80
CLASS_MAX = 20
SCHOOL_MAX = 120
MENTOR_MAX = 80
NOTES_MAX = 20_000
CONTACT_MAX = 120

#: Years in the order a school thinks of them: förskoleklass, grundskolan 1–9, gymnasiet 1–3.
YEARS: tuple[str, ...] = ("F", "1", "2", "3", "4", "5", "6", "7", "8", "9", "G1", "G2", "G3")
YEAR_LABELS: dict[str, str] = {
    "F": "Förskoleklass",
    **{str(n): f"Årskurs {n}" for n in range(1, 10)},
    "G1": "Gymnasiet år 1",
    "G2": "Gymnasiet år 2",
    "G3": "Gymnasiet år 3",
}


class PupilStatus(StrEnum):
    ACTIVE = "active"
    MOVED = "moved"
    ARCHIVED = "archived"

    @property
    def label(self) -> str:
        return {"active": "Aktiv", "moved": "Flyttad", "archived": "Arkiverad"}[self.value]


@dataclass(frozen=True)
class Guardian:
    name: str
    relation: str = ""
    phone: str = ""
    email: str = ""
    id: str = ""


@dataclass(frozen=True)
class Pupil:
    given_name: str
    family_name: str
    civic_no: str = ""  # canonical or empty
    year: str = ""
    class_name: str = ""
    school: str = ""
    mentor: str = ""
    protected_identity: bool = False
    address: str = ""
    notes: str = ""
    status: PupilStatus = PupilStatus.ACTIVE
    guardians: tuple[Guardian, ...] = field(default_factory=tuple)
    external_id: str = ""  # the school system's id for the pupil, from an import
    id: str = ""
    created_at: str = ""
    updated_at: str = ""

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()

    @property
    def masked_civic_no(self) -> str:
        return civic_no.mask(self.civic_no)

    def with_changes(self, **changes) -> Pupil:
        return replace(self, **changes)


class ValidationError(ValueError):
    """Invalid input. ``problems`` maps a field name to a Swedish sentence for that field."""

    def __init__(self, problems: dict[str, str]):
        super().__init__("; ".join(problems.values()))
        self.problems = problems


def _too_long(label: str, limit: int) -> str:
    return f"{label} får vara högst {limit} tecken. Korta ned texten."


def normalise(pupil: Pupil, today: _dt.date | None = None) -> Pupil:
    """Return the pupil with trimmed text and a canonical civic number, or raise ValidationError.

    Every problem is reported at once, each for its own field, so a form can show them all.
    """
    problems: dict[str, str] = {}
    given = " ".join(pupil.given_name.split())
    family = " ".join(pupil.family_name.split())
    if not given:
        problems["given_name"] = "Skriv elevens förnamn."
    elif len(given) > NAME_MAX:
        problems["given_name"] = _too_long("Förnamnet", NAME_MAX)
    if not family:
        problems["family_name"] = "Skriv elevens efternamn."
    elif len(family) > NAME_MAX:
        problems["family_name"] = _too_long("Efternamnet", NAME_MAX)

    canonical = ""
    try:
        canonical = civic_no.normalise_or_empty(pupil.civic_no, today)
    except civic_no.CivicNoError as error:
        problems["civic_no"] = str(error)

    year = pupil.year.strip().upper()
    if year and year not in YEARS:
        problems["year"] = "Årskursen ska vara F, 1–9 eller G1–G3 (gymnasiet)."

    class_name = " ".join(pupil.class_name.split())
    if len(class_name) > CLASS_MAX:
        problems["class_name"] = _too_long("Klassens namn", CLASS_MAX)
    school = " ".join(pupil.school.split())
    if len(school) > SCHOOL_MAX:
        problems["school"] = _too_long("Skolans namn", SCHOOL_MAX)
    mentor = " ".join(pupil.mentor.split())
    if len(mentor) > MENTOR_MAX:
        problems["mentor"] = _too_long("Mentorns namn", MENTOR_MAX)
    if len(pupil.notes) > NOTES_MAX:
        problems["notes"] = _too_long("Anteckningarna", NOTES_MAX)
    if len(pupil.address) > SCHOOL_MAX:
        problems["address"] = _too_long("Adressen", SCHOOL_MAX)

    guardians = []
    for index, guardian in enumerate(pupil.guardians):
        name = " ".join(guardian.name.split())
        if not name and not (guardian.phone.strip() or guardian.email.strip()):
            continue  # an empty row in the form: nothing to keep
        if not name:
            problems[f"guardian_{index}"] = "Skriv vårdnadshavarens namn."
        for value in (name, guardian.relation, guardian.phone, guardian.email):
            if len(value) > CONTACT_MAX:
                problems[f"guardian_{index}"] = _too_long(
                    "Uppgiften om vårdnadshavaren", CONTACT_MAX
                )
        email = guardian.email.strip()
        if email and ("@" not in email or " " in email):
            problems[f"guardian_{index}"] = (
                f"E-postadressen {email!r} ser inte ut som en e-postadress (namn@exempel.se)."
            )
        guardians.append(
            replace(
                guardian,
                name=name,
                relation=guardian.relation.strip(),
                phone=guardian.phone.strip(),
                email=email,
            )
        )

    if problems:
        raise ValidationError(problems)
    return replace(
        pupil,
        given_name=given,
        family_name=family,
        civic_no=canonical,
        year=year,
        class_name=class_name,
        school=school,
        mentor=mentor,
        notes=pupil.notes.rstrip(),
        address=pupil.address.strip() if not pupil.protected_identity else "",
        guardians=tuple(guardians),
    )
