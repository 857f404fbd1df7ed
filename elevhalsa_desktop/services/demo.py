"""A demo case file with realistic, wholly fictional pupils.

No civic numbers are generated: any number that passes the check digit could belong to a real
child, and the program works fully without them. Phone numbers are from the series the Swedish
Post and Telecom Authority (PTS) reserves for fiction (070-1740605 to 070-1740699), e-mail
addresses use the reserved domain example.com.
"""

from __future__ import annotations

import datetime as _dt
import random
from pathlib import Path

from ..domain.people import Role
from ..domain.pupil import Guardian, Pupil, PupilStatus
from ..store import audit
from ..store import pupils as repo
from .collaboration import CollaborationService
from .demo_attendance import add_attendance
from .demo_collaboration import add_collaboration
from .demo_handover import add_handovers, returns_order, with_cohort
from .demo_ladder import add_returns
from .demo_support import add_support
from .ladder import LadderService
from .plans import PlanService
from .session import CaseSession, create_case

DEMO_SCHOOL = "Björkdalsskolan (demo)"
DEMO_USER = "Maria Lindqvist"

GIVEN_NAMES = [
    "Alva",
    "Elsa",
    "Maja",
    "Wilma",
    "Ella",
    "Olivia",
    "Astrid",
    "Vera",
    "Selma",
    "Ebba",
    "Alice",
    "Saga",
    "Agnes",
    "Signe",
    "Freja",
    "Alma",
    "Nora",
    "Stella",
    "Leah",
    "Ines",
    "Juni",
    "Lilly",
    "Meja",
    "Tyra",
    "Hedda",
    "Amira",
    "Sara",
    "Hanna",
    "Julia",
    "Nellie",
    "Noah",
    "Hugo",
    "William",
    "Liam",
    "Lucas",
    "Oliver",
    "Elias",
    "Adam",
    "Vincent",
    "Alexander",
    "Matteo",
    "Leo",
    "Theo",
    "Ludvig",
    "Oscar",
    "Arvid",
    "Nils",
    "Malte",
    "Ali",
    "Omar",
    "Elliot",
    "Sixten",
    "Melvin",
    "Isak",
    "Gustav",
    "Edvin",
    "Viggo",
    "Axel",
    "Sam",
    "Mohammed",
    "Leon",
]
FAMILY_NAMES = [
    "Andersson",
    "Johansson",
    "Karlsson",
    "Nilsson",
    "Eriksson",
    "Larsson",
    "Olsson",
    "Persson",
    "Svensson",
    "Gustafsson",
    "Pettersson",
    "Jonsson",
    "Jansson",
    "Hansson",
    "Bengtsson",
    "Jönsson",
    "Lindberg",
    "Jakobsson",
    "Magnusson",
    "Lindström",
    "Olofsson",
    "Lindqvist",
    "Lindgren",
    "Berg",
    "Axelsson",
    "Bergström",
    "Lundberg",
    "Lind",
    "Lundgren",
    "Lundqvist",
    "Mattsson",
    "Berglund",
    "Fredriksson",
    "Sandberg",
    "Henriksson",
    "Forsberg",
    "Sjöberg",
    "Wallin",
    "Ali",
    "Mohammed",
    "Engström",
    "Eklund",
    "Danielsson",
    "Lundin",
    "Håkansson",
    "Björk",
    "Bergman",
    "Gunnarsson",
    "Holm",
    "Wikström",
    "Samuelsson",
    "Isaksson",
    "Fransson",
    "Bergqvist",
    "Nyström",
    "Holmberg",
    "Arvidsson",
    "Löfgren",
    "Söderberg",
    "Nyberg",
    "Blomqvist",
    "Claesson",
    "Nordström",
    "Hussein",
    "Mårtensson",
    "Lundström",
    "Abdi",
    "Yilmaz",
    "Nguyen",
    "Kovačević",
    "Öberg",
    "Åström",
    "Çelik",
]
ADULT_GIVEN = [
    "Anna",
    "Eva",
    "Maria",
    "Karin",
    "Sara",
    "Lena",
    "Kerstin",
    "Emma",
    "Malin",
    "Sofia",
    "Jenny",
    "Camilla",
    "Linda",
    "Helena",
    "Erik",
    "Lars",
    "Anders",
    "Johan",
    "Per",
    "Karl",
    "Peter",
    "Thomas",
    "Daniel",
    "Fredrik",
    "Mikael",
    "Jonas",
    "Andreas",
    "Ahmed",
]
CLASS_LETTERS = ("A", "B")
YEARS = ("4", "5", "6", "7", "8", "9")
SCHOOLS = ("Björkdalsskolan F–6", "Björkdalsskolan 7–9")
NOTES = (
    "",
    "",
    "",
    "Trivs med idrott och bild. Vill helst inte läsa högt inför klassen.",
    "Har lättare att komma igång när dagen börjar med ett lugnt samtal med mentor.",
    "Syskon går i årskurs 2.",
    "Föredrar skriftlig kontakt med hemmet.",
    "Tar gärna ansvar för yngre elever på rasterna.",
)


def _fictional_phone(rng: random.Random) -> str:
    return f"070-174 06 {rng.randint(5, 99):02d}"


def _email(given: str, family: str) -> str:
    simple = str.maketrans("åäöéçčÅÄÖ", "aaoeccAAO")
    return f"{given}.{family}".lower().translate(simple) + "@example.com"


def fictional_pupils(count: int, seed: int = 1) -> list[Pupil]:
    """``count`` fictional pupils spread over classes 4A–9B, reproducible from ``seed``."""
    rng = random.Random(seed)
    mentors = {
        f"{year}{letter}": f"{rng.choice(ADULT_GIVEN)} {rng.choice(FAMILY_NAMES)}"
        for year in YEARS
        for letter in CLASS_LETTERS
    }
    pupils = []
    for _ in range(count):
        year = rng.choice(YEARS)
        class_name = year + rng.choice(CLASS_LETTERS)
        given, family = rng.choice(GIVEN_NAMES), rng.choice(FAMILY_NAMES)
        guardians = []
        for relation in rng.sample(
            ("Mamma", "Pappa", "Vårdnadshavare"), k=rng.choice((1, 2, 2, 2))
        ):
            adult = rng.choice(ADULT_GIVEN)
            surname = family if rng.random() < 0.7 else rng.choice(FAMILY_NAMES)
            guardians.append(
                Guardian(
                    name=f"{adult} {surname}",
                    relation=relation,
                    phone=_fictional_phone(rng),
                    email=_email(adult, surname) if rng.random() < 0.8 else "",
                )
            )
        protected = rng.random() < 0.03
        pupils.append(
            Pupil(
                given_name=given,
                family_name=family,
                year=year,
                class_name=class_name,
                school=SCHOOLS[0] if int(year) <= 6 else SCHOOLS[1],
                mentor=mentors[class_name],
                protected_identity=protected,
                address=""
                if protected
                else f"{rng.choice(('Björk', 'Lind', 'Ek', 'Rönn'))}vägen {rng.randint(1, 60)}",
                notes=rng.choice(NOTES),
                status=PupilStatus.MOVED if rng.random() < 0.04 else PupilStatus.ACTIVE,
                guardians=tuple(guardians),
            )
        )
    return pupils


def write_demo(path: Path, password: str, pupils: int = 60, seed: int = 1) -> CaseSession:
    """Create a new case file at ``path`` and fill it with fictional pupils in one transaction."""
    session = create_case(
        path,
        password,
        password,
        school_name=DEMO_SCHOOL,
        user_name=DEMO_USER,
        role=Role.COORDINATOR,
    )
    with session.case.write() as db:
        saved = []
        for pupil in with_cohort(fictional_pupils, pupils, seed, school=SCHOOLS[0]):
            saved.append(repo.insert(db, pupil, session.user.id))
            session.log(audit.Action.CREATED, saved[-1].id, "demodata")
        today = _dt.date.today()
        add_support(PlanService(session), saved, today, seed)
        # One of the staged returns for a year-6 pupil, so the handover cohort shows one.
        order = returns_order(PlanService(session), saved)
        returns = add_returns(LadderService(session), PlanService(session), order, today)
        # Collaboration for the pupils with the most going on: the nearly-back return first.
        with_plans = [p.id for p in saved if PlanService(session).plans(p.id)]
        preferred = [r.pupil_id for r in reversed(returns)] + with_plans
        add_collaboration(CollaborationService(session, lambda: today), saved, preferred, today)
        add_attendance(session, saved, returns, today, seed)
        add_handovers(session, saved, today, seed)
    return session
