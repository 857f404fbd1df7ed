"""The words school systems use in column headers and status columns, as a first suggestion in
the mapping step. Written in the folded form of ``fold`` (lower case, punctuation as spaces).
Unit words such as "(min)" are dropped before comparing, so "Närvaro (min)" is "närvaro"."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^\w]+")
_UNITS = {"min", "mins", "minuter", "minutes", "antal", "i"}


def fold(text: str) -> str:
    """Lower case, NFC, punctuation and underscores as single spaces, unit words dropped."""
    text = unicodedata.normalize("NFC", text).casefold().replace("_", " ")
    words = [w for w in _NON_WORD.sub(" ", text).split() if w not in _UNITS]
    return " ".join(words)


# Looked up after folding. Keys are Field values (mapping.Field is a StrEnum).
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "civic_no": (
        "personnummer",
        "pnr",
        "personnr",
        "persnr",
        "person nr",
        "pers nr",
        "personnummer elev",
        "elevens personnummer",
        "elev personnummer",
        "samordningsnummer",
        "civicno",
        "civic no",
        "ssn",
        "personal identity number",
    ),
    "external_id": (
        "elevid",
        "elev id",
        "elevens id",
        "id",
        "student id",
        "studentid",
        "person id",
        "personid",
        "externt id",
        "extern id",
        "elevnummer",
        "elevnr",
        "elev nr",
    ),
    "given_name": (
        "förnamn",
        "fornamn",
        "tilltalsnamn",
        "elevens förnamn",
        "elev förnamn",
        "given name",
        "givenname",
        "first name",
        "firstname",
    ),
    "family_name": (
        "efternamn",
        "elevens efternamn",
        "elev efternamn",
        "family name",
        "familyname",
        "last name",
        "lastname",
        "surname",
    ),
    "full_name": (
        "namn",
        "elev",
        "elevnamn",
        "elevens namn",
        "elev namn",
        "fullständigt namn",
        "efternamn förnamn",
        "förnamn efternamn",
        "efternamn och förnamn",
        "förnamn och efternamn",
        "name",
        "student",
        "student name",
    ),
    "class_name": (
        "klass",
        "klassnamn",
        "klassbeteckning",
        "elevens klass",
        "basgrupp",
        "class",
    ),
    "year": ("årskurs", "åk", "ak", "arskurs", "skolår", "year", "grade"),
    "mentor": ("mentor", "mentorer", "mentorns namn", "mentor namn", "klassföreståndare"),
    "protected": (
        "skyddad identitet",
        "skyddad",
        "skyddade personuppgifter",
        "skyddad folkbokföring",
        "sekretess",
        "sekretessmarkering",
        "protected",
        "protected identity",
    ),
    "date": (
        "datum",
        "dag",
        "lektionsdatum",
        "närvarodatum",
        "frånvarodatum",
        "datum för lektion",
        "date",
    ),
    "lesson_start": (
        "starttid",
        "start",
        "lektionsstart",
        "lektion start",
        "start lektion",
        "från",
        "tid från",
        "tid",
        "klockslag",
        "lektion",
        "börjar",
        "start time",
        "starttime",
        "from",
        "time",
    ),
    "lesson_end": (
        "sluttid",
        "slut",
        "lektionsslut",
        "lektion slut",
        "slut lektion",
        "till",
        "tid till",
        "slutar",
        "end",
        "end time",
        "endtime",
        "to",
    ),
    "offered": (
        "erbjuden tid",
        "erbjuden",
        "erbjudna",
        "erbjuden undervisningstid",
        "schemalagd tid",
        "schemalagd",
        "schemalagda",
        "schematid",
        "planerad tid",
        "undervisningstid",
        "lektionslängd",
        "längd",
        "total tid",
        "offered",
        "offered time",
    ),
    "attended": (
        "närvaro",
        "närvarande",
        "närvarotid",
        "närvarande tid",
        "attended",
        "attendance",
    ),
    "excused": (
        "giltig frånvaro",
        "giltig",
        "giltigt frånvarande",
        "giltig frånvarotid",
        "gf",
        "excused",
        "valid absence",
    ),
    "unexcused": (
        "ogiltig frånvaro",
        "ogiltig",
        "ogiltigt frånvarande",
        "ogiltig frånvarotid",
        "of",
        "unexcused",
        "invalid absence",
    ),
    "status": (
        "status",
        "närvarostatus",
        "närvaro status",
        "närvarotyp",
        "närvaromarkering",
        "frånvarostatus",
        "frånvarotyp",
        "markering",
        "registrering",
        "typ",
        "attendance status",
    ),
    "late_minutes": (
        "sen ankomst",
        "sen",
        "sena",
        "försenad",
        "försening",
        "late",
        "late minutes",
    ),
}

# "Vårdnadshavare 1 telefon", "VH2 e-post", "Guardian 1 name": who, which one, and what.
GUARDIAN = re.compile(r"\b(?:vårdnadshavare|vh|målsman|förälder|guardian|parent)\s*([12])?(?!\w)")
PHONE_WORDS = ("telefon", "tel", "tfn", "mobil", "phone", "mobile")
EMAIL_WORDS = ("e post", "epost", "e mail", "email", "mail", "mejl")

# Status words, folded. Words that mean different things at different schools ("Sjuk",
# "Frånvarande" without more, single letters other than N and X) are left for the user.
STATUS_WORDS: dict[str, str] = {
    **dict.fromkeys(
        ("närvarande", "närvaro", "närv", "n", "x", "deltog", "present", "attended"), "present"
    ),
    **dict.fromkeys(
        (
            "giltig frånvaro",
            "giltig",
            "giltigt",
            "giltigt frånvarande",
            "gf",
            "frånvarande anmäld",
            "anmäld frånvaro",
            "anmäld",
            "sjukanmäld",
            "ledig",
            "ledighet",
            "beviljad ledighet",
            "excused",
        ),
        "excused",
    ),
    **dict.fromkeys(
        (
            "ogiltig frånvaro",
            "ogiltig",
            "ogiltigt",
            "ogiltigt frånvarande",
            "of",
            "frånvarande ej anmäld",
            "frånvarande oanmäld",
            "oanmäld",
            "oanmäld frånvaro",
            "ej anmäld frånvaro",
            "skolk",
            "unexcused",
        ),
        "unexcused",
    ),
    **dict.fromkeys(("sen", "sen ankomst", "sent", "försenad", "late"), "late"),
}
