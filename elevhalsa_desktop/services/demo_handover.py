"""The year-6 cohort of the demo case file, in the middle of its handover to year 7.

Two classes, 6A and 6B, of a realistic size: ``with_cohort`` tops the demo's year 6 up to about a
third of its pupils (one of them with protected identity), and ``returns_order`` lets one year-6
pupil with a plan get one of the demo's staged returns, so every flag of the cohort shows.

``add_handovers`` then writes the notes the way a coordinator does, through ``HandoverService``
(so the audit log reads as for real use): the pupils with the most going on first — an extended
handover with a meeting of their own between the schools —, the rest with the class conference
in the spring before the move. About a third are not started, a third are drafts, some are ready
and a few handed over. Support, attendance and the network come from ``suggestions()``, so the
text matches the case file; the rest is written in the coordinator's own words, varied.

Deterministic for a seed and a day: nothing depends on record ids or on the attendance figures
(which the demo draws per pupil), only on the seed, the roster and the support records.
Everything is fictional.
"""

from __future__ import annotations

import datetime as _dt
import random
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ..domain.handover import FIRST_WEEK_CHOICES, HandoverNote, HandoverStatus
from ..domain.ladder import ReturnPlan
from ..domain.plans import Plan, PlanKind, PlanStatus
from ..domain.pupil import Pupil, PupilStatus
from .demo_attendance import school_days
from .handover import CohortRow, HandoverService
from .ladder import LadderService
from .plans import PlanService

YEAR = "6"
CLASSES = ("6A", "6B")
RECEIVING_SCHOOL = "Ekbackens skola"  # the school in the demo's directory of organisations
OTHER_SCHOOL = "Björkdalsskolan 7–9"  # one pupil chose the school where an older sibling goes
COORDINATOR = "Maria Lindqvist"
SPECIAL_TEACHER = "Karin Holm"
MOVE_DAY = (8, 17)
COHORT_SHARE = 0.35  # of a demo's pupils in year 6: two classes in the middle of the handover
COHORT_MAX = 26
SHARE_OUT_MAX = 60  # statuses are shared out as in a cohort of at most this many; in a very
# large demo the rest of the cohort has not been started  # the first day of year 7: the demo's autumn term start

# The receiving school's people: the head, the student-health team and next year's mentors.
RECEIVING_HEAD = "Anders Kvist (biträdande rektor, Ekbackens skola)"
RECEIVING_SPECIAL = "Sara Nyström"
RECEIVING_COUNSELLOR = "Johan Åberg"
NAMED_ADULTS = (
    "Sara Nyström, specialpedagog",
    "Johan Åberg, kurator",
    "Petra Lund, resurslärare i studion",
)
RECEIVING_MENTORS = ("Kristoffer Sand", "Emelie Vik", "Nadia Haddad")
OTHER_SCHOOL_PEOPLE = "Anna Ek (blivande mentor åk 7, Björkdalsskolan 7–9)"


def _active_sixes(pupils: Sequence[Pupil]) -> list[Pupil]:
    return [p for p in pupils if p.year == YEAR and p.status is PupilStatus.ACTIVE]


def with_cohort(
    make: Callable[[int, int], list[Pupil]], pupils: int, seed: int, school: str
) -> list[Pupil]:
    """``pupils`` fictional pupils from ``make(count, seed)`` (the demo's generator), of whom
    about a third are in year 6 (at most ``COHORT_MAX``): as many as needed of them join 6A and
    6B at ``school`` on purpose, the smaller class first, with first names not yet taken in the
    year, spread through the roster. One has protected identity, unless a year-6 pupil has."""
    target = 0 if pupils < 20 else min(COHORT_MAX, round(pupils * COHORT_SHARE))
    extra = 0
    roster = make(pupils, seed)
    while len(_active_sixes(roster)) + extra < target:
        extra += 1
        roster = make(pupils - extra, seed)
    if not extra:
        return roster
    # Protected identity is rare: at most the one given on purpose below.
    candidates = [c for c in make(extra * 4, 10_000 + seed) if not c.protected_identity]
    sixes = _active_sixes(roster)
    mentors = {
        name: next((p.mentor for p in [*roster, *candidates] if p.class_name == name), "")
        for name in CLASSES
    }
    taken = {p.given_name for p in sixes}
    picked: list[Pupil] = []
    for candidate in candidates:  # new first names first, then whoever is left
        if len(picked) < extra and candidate.given_name not in taken:
            picked.append(candidate)
            taken.add(candidate.given_name)
    picked += [c for c in candidates if c not in picked][: extra - len(picked)]
    sizes = Counter(p.class_name for p in sixes)
    protect = not any(p.protected_identity for p in sixes)
    joined = list(roster)
    for index, pupil in enumerate(picked):
        class_name = min(CLASSES, key=lambda c: (sizes[c], c))
        sizes[class_name] += 1
        changes = {"protected_identity": True, "address": ""} if protect and index == 0 else {}
        # Spread through the roster, as a register sorted by anything but year would be.
        joined.insert(
            (index + 1) * len(joined) // (extra + 1),
            pupil.with_changes(
                year=YEAR,
                class_name=class_name,
                school=school,
                mentor=mentors[class_name],
                status=PupilStatus.ACTIVE,
                **changes,
            ),
        )
    return joined


def returns_order(plans: PlanService, pupils: Sequence[Pupil]) -> list[Pupil]:
    """``pupils`` in the order the demo's staged returns should see them: one year-6 pupil with
    a plan last (one with an åtgärdsprogram if there is one, who then gets the nearly-back
    return), so the cohort has a staged return to hand over."""
    with_plans = [
        (p, found[0])
        for p in pupils
        if p.year == YEAR and p.status is PupilStatus.ACTIVE and (found := plans.plans(p.id))
    ]
    if not with_plans:
        return list(pupils)
    with_plans.sort(key=lambda pair: pair[1].kind is PlanKind.ATGARDSPROGRAM)
    chosen = with_plans[-1][0]
    return [p for p in pupils if p.id != chosen.id] + [chosen]


# The coordinator's words ---------------------------------------------------------------------

CHARACTER = (
    "{namn} är en omtänksam kamrat som ofta ser när någon blir ensam på rasten.",
    "{namn} är nyfiken och ställer kloka frågor, särskilt i NO.",
    "{namn} tar ansvar i grupparbeten och håller gärna ordning på vem som gör vad.",
    "{namn} har en härlig humor och en lugnande inverkan på gruppen.",
    "{namn} arbetar noggrant och vill göra klart det hen har påbörjat.",
    "{namn} läser mycket och har lätt för att uttrycka sig i skrift.",
    "{namn} säger ifrån när något inte är okej, och gör det på ett bra sätt.",
    "{namn} växer när hen får visa vad hen kan praktiskt.",
    "{namn} är tyst i helklass men engagerad och klok i samtal med en vuxen.",
    "{namn} har kommit långt i matematiken i år och är med rätta stolt över det.",
    "{namn} har lätt att få kontakt med både elever och vuxna.",
    "{namn} ger inte upp när en uppgift är svår – envis på ett bra sätt.",
    "{namn} är hjälpsam och förklarar gärna för klasskamrater som har fastnat.",
    "{namn} är kreativ och kommer ofta på lösningar som ingen annan tänkt på.",
)
INTERESTS = (
    "Spelar fotboll i Björkdals IF fyra dagar i veckan.",
    "Tycker om att rita och har fyllt flera skissblock i år.",
    "Intresserad av djur; har hund och säger att hen ska bli veterinär.",
    "Spelar gitarr och uppträdde på skolans vårshow.",
    "Slukar fantasyböcker – bibliotekarien vet vilka serier som gäller.",
    "Bygger och programmerar gärna, var med i skolans robotklubb.",
    "Dansar på fritiden och har gått i luciatåget i flera år.",
    "Rider på helgerna och berättar gärna om stallet.",
    "Gillar slöjd, särskilt trä, och hjälper gärna andra vid maskinerna.",
    "Tränar simning, ofta tidiga morgnar.",
    "Spelar schack och vann skolans turnering i höstas.",
    "Tycker om att laga mat och bakar ofta till klassens fredagsfika.",
    "Är med i scouterna och älskar att vara ute i skogen.",
    "Spelar innebandy och är lagkapten i sitt lag.",
)
SUPPORT_COMMENT = (
    "Det som gjort störst skillnad är en förutsägbar start på dagen med samma vuxen.",
    "Anpassningarna fungerar bäst när alla lärare gör likadant; det behöver sitta från "
    "första dagen i sjuan.",
    "{namn} använder sitt stöd själv och utan att skämmas – viktigt att det inte försvinner "
    "vid bytet.",
    "Vi ser att {namn} klarar mer när hen vet vad som väntar. Stödet kan tonas ned "
    "successivt, men inte i början av terminen.",
)
ORDINARY_SUPPORT = (
    "Inga extra anpassningar. Fungerar bra med tydliga genomgångar och instruktionerna "
    "uppskrivna på tavlan.",
    "Har inte behövt extra anpassningar. Har haft nytta av att sitta nära tavlan.",
    "Inget särskilt stöd. Mår bra av beröm för ansträngning, inte bara för resultat.",
    "Inget stöd utöver det vanliga. Glömmer ibland läxor; veckobrevet hem har hjälpt.",
    "",
)
NOT_WORKED = (
    "Att flyttas mellan olika grupprum under dagen skapade oro – ett fast rum fungerar bättre.",
    "Långa genomgångar utan något skriftligt att titta på; {namn} tappar tråden.",
    "Läxor som kräver mycket hjälp hemifrån blev en källa till konflikter hemma.",
    "Vikarier som inte känner till anpassningarna – då har dagen ofta spårat.",
    "Besked om schemaändringar samma morgon.",
    "Redovisningar inför hela klassen. I liten grupp går det bra.",
    "Belöningssystem med poäng: {namn} tyckte att det var barnsligt och slutade bry sig.",
    "Att sitta bredvid de mest pratglada i klassen.",
)
WORDS = (
    "Jag är mest nervös för att hitta till alla salar.",
    "Det ska bli kul med nya lärare, men jag hoppas att matten inte blir för svår.",
    "Jag har hört att man får ett eget skåp. Det ser jag fram emot.",
    "Jag är inte orolig. Min kusin går där och säger att det är bra.",
    "Jag hoppas att det blir lugnare i klassrummet än nu.",
    "Jag vill fortsätta spela i skolbandet, om det finns ett.",
    "Det känns både roligt och lite pirrigt.",
    "Jag vet inte riktigt. Jag vill mest att det ska vara som vanligt.",
)
WORDS_FRIEND = "Jag vill gå med {a}. Då känns det inte lika läskigt."
WORDS_SUPPORT = (
    "Jag vill ha kvar hörlurarna och sitta där det är lugnt. Men jag vill inte att alla "
    "ska märka det.",
    "Det hjälper när någon säger vad som ska hända i förväg. Det vill jag ha i sjuan också.",
    "Jag är rädd att de nya lärarna inte vet hur jag lär mig bäst.",
    "Jag läser bäst när jag får lyssna samtidigt. Kan jag göra det där också?",
)
WORDS_RETURN = (
    "Jag vill att det ska bli en ny start. Ingen ska behöva fråga var jag har varit.",
    "Jag vill börja med några lektioner och sedan mer, som nu. Inte allt på en gång.",
)
WORDS_PROTECTED = "Jag vill bara vara som alla andra. Och jag vill inte vara med på bilder."
WORDS_WHERE = (
    "",
    "Vid samtalet med mentorn: ",
    "Vid utvecklingssamtalet: ",
    "Vid samtalet om övergången: ",
)
KEEP_TWO = (
    "Gärna i samma klass som {a} och {b}. De har hållit ihop sedan fyran och stöttar varandra.",
    "{a} och {b} är {namns} närmaste kamrater; minst en av dem i samma klass.",
    "Önskar {a} och {b}. {namn} får lätt nya kompisar men behöver någon känd i början.",
)
KEEP_ONE = (
    "{a} – bästa kompisen sedan förskolan.",
    "Gärna med {a}; de arbetar bra tillsammans och lugnar varandra.",
    "{namn} önskar {a}, och vi på skolan ser också att det är en bra kombination.",
)
KEEP_APART = (
    "Inte i samma klass som {a}. De har haft återkommande konflikter under året, som vi har "
    "arbetat med; det fungerar bättre på avstånd.",
    "Helst inte med {a}. {namn} har själv bett om det, och vårdnadshavarna håller med.",
    "Bör inte placeras med {a} – de drar med varandra i helklass och det blir svårt för "
    "båda att arbeta.",
)
GUARDIAN_NEEDS = (
    "{vh} vill att anpassningarna finns på plats från första dagen, inte först efter den "
    "första utvärderingen, och önskar ett möte med den nya mentorn före skolstart.",
    "{vh} känner oro för den längre skolvägen och för att {namn} ska tappa det som fungerar "
    "nu. Vill gärna vara med på besöket på {skola}.",
    "{vh} önskar tät kontakt första månaden, gärna ett kort sms från mentorn på fredagar om "
    "hur veckan har gått.",
    "{vh} tycker att den lilla gruppen har varit räddningen i sexan och undrar om det finns "
    "något liknande på {skola}.",
)
GUARDIAN_ORDINARY = (
    "{vh} ser fram emot bytet och har inga särskilda önskemål, utöver att {namn} får gå "
    "med någon hen känner.",
    "{vh} vill helst få information via lärplattformen och e-post.",
    "{vh} känner viss oro för att {namn} ska ta efter äldre elever, men har förtroende för skolan.",
    "{vh} kunde inte komma på samtalet men svarade på blanketten: inga särskilda önskemål.",
    "{vh} frågar om språkvalet och vill att {namn} fortsätter med spanska.",
    "{vh} vill att nya mentorn hör av sig tidigt om något händer, helst per telefon.",
)
GUARDIAN_PROTECTED = (
    "Kontakten med vårdnadshavaren går via mentor eller skolans expedition. Eleven har "
    "skyddade personuppgifter: adress och kontaktuppgifter lämnas inte i överlämningen. "
    "Vårdnadshavaren önskar ett enskilt möte med mottagande rektor före skolstart."
)
FIRST_WEEK_NEEDS = (
    "Möte med {namn}, vårdnadshavare och nya mentorn veckan före skolstart. Visa var hen "
    "ska vara första dagen och vem hen kan gå till.",
    "Låt {namn} gå runt på skolan en eftermiddag i augusti när det är tomt. Placera hen "
    "nära dörren och gå igenom schemat med bilder första morgonen.",
    "Samma vuxen möter {namn} vid entrén de första dagarna. Ett kort samtal med mentorn i "
    "slutet av första veckan om hur det har gått.",
)
FIRST_WEEK_ORDINARY = (
    "Ett vanligt inskolningssamtal med nya mentorn första veckan räcker.",
    "Placera gärna {namn} nära någon hen känner de första veckorna.",
    "",
)
FIRST_WEEK_RETURN = (
    "Fortsätt trappan där {namn} är nu, i samma takt: inget nytt steg de första tre veckorna. "
    "Samma vuxen möter hen vid entrén varje morgon, och ett rum att gå till när det blir "
    "för mycket ska finnas från dag ett."
)
FIRST_WEEK_PROTECTED = (
    "Rutinen för skyddade personuppgifter ska vara klar före första dagen: inget namn på "
    "dörr eller skåp, inga bilder, ingen klasslista på webben. Tidigt samtal med mentorn."
)
AGREED_PLAN = (
    "Stödet i {planen} följer med från första dagen. Specialpedagogen på {mottagare} tar över "
    "ansvaret för planen och följer upp den i mitten av september. {namn} besöker skolan "
    "två gånger före sommaren tillsammans med sin mentor."
)
AGREED_NEEDS = (
    "Anpassningarna gäller i alla ämnen från start. Nya mentorn får överlämningen i juni och "
    "ringer hem före skolstart. Uppföljningsmöte med vårdnadshavarna tredje skolveckan.",
    "Klassplacering med minst en av kamraterna från önskelistan. {namn} får schemat med "
    "bilder i förväg och en fast plats i ett mindre klassrum de första veckorna.",
    "Mottagande skola går igenom anpassningarna i juni och ordnar dem före skolstart. {namn} "
    "och vårdnadshavarna träffar nya mentorn i augusti.",
)
AGREED_RETURN = (
    "Återgången fortsätter i sjuan på det steg {namn} har nått, med samma upplägg och en "
    "namngiven vuxen som möter hen vid entrén. Ingen ökning de första tre veckorna. "
    "{planen_cap} följs upp i september tillsammans med familjen."
)
AGREED_SHORTENED_DAY = (
    " Rektor på {mottagare} fattar ett eget beslut om anpassad studiegång inför skolstarten; "
    "beslutet här gäller bara till sommaren."
)
AGREED_PROTECTED = (
    "Rutinen för skyddade personuppgifter gås igenom med mottagande rektor före skolstart. "
    "{namn} förekommer inte i bilder, klasslistor på webben eller namnskyltar, och all post "
    "går via skolans expedition."
)
AGREED_CLASS = (
    "Klassplacering enligt kamratönskemålen där det går. Inga särskilda åtgärder behövs.",
    "Inga särskilda åtgärder; nya mentorn tar ett vanligt inskolningssamtal första veckan.",
    "Placeras med någon av kamraterna på önskelistan. Mentor stämmer av efter fyra veckor.",
)
THE_PLAN = {PlanKind.ATGARDSPROGRAM: "åtgärdsprogrammet", PlanKind.HANDLINGSPLAN: "handlingsplanen"}

#: What a coordinator writes at the first sitting with a note.
FIRST_SITTING = ("to_school", "responsible", "strengths", "support_worked", "attendance_history")

RETURN_ATTENDANCE = (
    "Frånvaron har minskat stadigt sedan återgången började. Missade tillfällen följs upp med "
    "ett samtal hem samma dag – den rutinen behöver följa med."
)
RETURN_ATTENDANCE_NEW = (
    "Återgången började nyligen, efter en höst med mycket frånvaro. Varje tillfälle följs upp, "
    "och vid ett missat tillfälle ringer mentor hem samma dag – den rutinen behöver följa med."
)


class Deck:
    """Deals the lines of a pool in shuffled order, all of them before any comes again, so
    neighbouring notes do not read alike."""

    def __init__(self, pool: Sequence[str], rng: random.Random):
        self._pool, self._rng, self._left = tuple(pool), rng, []

    def deal(self) -> str:
        if not self._left:
            self._left = list(self._pool)
            self._rng.shuffle(self._left)
        return self._left.pop()


def _genitive(name: str) -> str:
    return name if name[-1:] in "sxzSXZ" else name + "s"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _guardian_ref(pupil: Pupil | None, named: bool) -> str:
    """ "Vårdnadshavarna", or with their names: "Vårdnadshavaren Karin Holm"."""
    names = [g.name for g in pupil.guardians] if pupil else []
    who = "Vårdnadshavaren" if len(names) == 1 else "Vårdnadshavarna"
    return f"{who} {' och '.join(names)}" if named and names else who


# When things happen ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Calendar:
    """The school year the cohort moves at the end of, relative to the demo's day."""

    today: _dt.date
    move: _dt.date  # the first day in year 7

    @classmethod
    def around(cls, today: _dt.date) -> Calendar:
        year = today.year if (today.month, today.day) < MOVE_DAY else today.year + 1
        return cls(today, _dt.date(year, *MOVE_DAY))

    def conference(self, class_name: str) -> _dt.date:
        """The schools' handover conference for a class: early May, in the spring before the
        move (6A on the Tuesday, 6B on the Thursday)."""
        weekday = 2 if class_name.endswith("A") else 4
        return _dt.date.fromisocalendar(self.move.year, 19, weekday)

    def held(self, rng: random.Random, not_before: _dt.date | None = None) -> _dt.date:
        """A school day some weeks back in this school year (and not before ``not_before``),
        for a meeting already held."""
        year_start = _dt.date(self.move.year - 1, *MOVE_DAY) + _dt.timedelta(days=7)
        start = max(year_start, self.today - _dt.timedelta(days=45), not_before or year_start)
        yesterday = self.today - _dt.timedelta(days=1)
        days = (
            school_days(start, self.today - _dt.timedelta(days=6))
            or school_days(start, yesterday)
            or school_days(self.today - _dt.timedelta(days=45), yesterday)
        )
        return rng.choice(days) if days else yesterday

    def after(self, day: _dt.date, rng: random.Random) -> _dt.date:
        """A school day within a week after ``day``, before today: when a note was handed over
        after its meeting."""
        yesterday = self.today - _dt.timedelta(days=1)
        days = school_days(day + _dt.timedelta(days=1), min(day + _dt.timedelta(days=7), yesterday))
        return rng.choice(days) if days else max(day, yesterday)

    def planned(self, rng: random.Random) -> _dt.date:
        """A school day some weeks ahead, before the summer, for a meeting that is booked."""
        end = min(self.today + _dt.timedelta(days=40), _dt.date(self.move.year, 6, 10))
        days = school_days(self.today + _dt.timedelta(days=8), end)
        return rng.choice(days) if days else self.today + _dt.timedelta(days=7)


# The cohort's work ----------------------------------------------------------------------------


@dataclass
class DemoHandover:
    """What was made, for tests and the demo's own checks."""

    statuses: dict[str, HandoverStatus] = field(default_factory=dict)  # pupil id -> status
    notes: dict[str, str] = field(default_factory=dict)  # pupil id -> note id

    def count(self, status: HandoverStatus) -> int:
        return sum(s is status for s in self.statuses.values())


def _need(row: CohortRow) -> int:
    """How much the receiving school must have ready: who the work starts with."""
    return 4 * row.staged_return + 3 * row.protected_identity + 2 * row.has_support


def _statuses(rows: Sequence[CohortRow], rng: random.Random) -> dict[str, HandoverStatus]:
    """A third not started, a third drafts, some ready, a few handed over; the pupils with the
    most going on are the furthest along, with a little shuffle, as in real work."""
    n = len(rows)
    ranked = sorted(rows, key=lambda r: (-_need(r), rng.random()))
    for _ in range(n // 5):
        i = rng.randrange(n)
        j = min(n - 1, i + rng.randint(2, 5))
        ranked[i], ranked[j] = ranked[j], ranked[i]
    m = min(n, SHARE_OUT_MAX)
    handed = max(1, round(m * 0.12))
    ready = max(1, round(m * 0.2))
    drafts = max(1, round(m / 3))
    pool = (
        [HandoverStatus.HANDED_OVER] * handed
        + [HandoverStatus.READY] * ready
        + [HandoverStatus.DRAFT] * drafts
        + [HandoverStatus.NOT_STARTED] * n
    )
    if n >= 4 and HandoverStatus.NOT_STARTED not in pool[:n]:
        pool[n - 1] = HandoverStatus.NOT_STARTED
    return {row.pupil_id: status for row, status in zip(ranked, pool, strict=False)}


def _friends(rows: Sequence[CohortRow], rng: random.Random) -> dict[str, list[str]]:
    """Groups of two or three friends in each class, and now and then one in the other class."""
    friends: dict[str, list[str]] = {r.pupil_id: [] for r in rows}
    for class_name in sorted({r.class_name for r in rows}):
        members = [r.pupil_id for r in rows if r.class_name == class_name]
        rng.shuffle(members)
        while members:
            size = 3 if len(members) in (3, 5) or rng.random() < 0.3 else 2
            group, members = members[:size], members[size:]
            for pupil_id in group:
                friends[pupil_id] = [other for other in group if other != pupil_id]
    others = [r.pupil_id for r in rows]
    for row in rows:
        if rng.random() < 0.2:
            other = rng.choice(others)
            if other != row.pupil_id and other not in friends[row.pupil_id]:
                friends[row.pupil_id].append(other)
    return friends


def _apart(
    rows: Sequence[CohortRow], friends: dict[str, list[str]], rng: random.Random
) -> dict[str, str]:
    """A few pairs in the same class who should not be placed together (both notes say so)."""
    apart: dict[str, str] = {}
    for _ in range(len(rows) // 8):
        a = rng.choice(rows)
        mates = [
            r
            for r in rows
            if r.class_name == a.class_name
            and r.pupil_id != a.pupil_id
            and r.pupil_id not in friends[a.pupil_id]
            and r.pupil_id not in apart
            and not r.protected_identity
        ]
        if a.pupil_id in apart or a.protected_identity or not mates:
            continue
        b = rng.choice(mates)
        apart[a.pupil_id], apart[b.pupil_id] = b.pupil_id, a.pupil_id
    return apart


class _Writer:
    """Writes one cohort's notes, with decks of phrases shared over the cohort."""

    def __init__(self, service: HandoverService, rows, pupils, today, rng):
        self.service, self.rng, self.today = service, rng, today
        self._plans = PlanService(service.session)
        self._ladder = LadderService(service.session)
        self._friend_words = 0  # "Jag vill gå med …" reads well twice in a cohort, not more
        self.rows = {r.pupil_id: r for r in rows}
        self.pupils = {p.id: p for p in pupils}
        self.calendar = Calendar.around(today)
        given = Counter(r.name.split(" ")[0] for r in rows)
        self._dupes = {name for name, count in given.items() if count > 1}
        self.friends = _friends(rows, rng)
        self.apart = _apart(rows, self.friends, rng)
        self.decks = {
            name: Deck(pool, rng)
            for name, pool in (
                ("character", CHARACTER),
                ("interests", INTERESTS),
                ("support", SUPPORT_COMMENT),
                ("ordinary", ORDINARY_SUPPORT),
                ("not_worked", NOT_WORKED),
                ("words", WORDS),
                ("words_support", WORDS_SUPPORT),
                ("words_return", WORDS_RETURN),
                ("where", WORDS_WHERE),
                ("keep_two", KEEP_TWO),
                ("keep_one", KEEP_ONE),
                ("keep_apart", KEEP_APART),
                ("guardian_needs", GUARDIAN_NEEDS),
                ("guardian_ordinary", GUARDIAN_ORDINARY),
                ("first_week_needs", FIRST_WEEK_NEEDS),
                ("first_week_ordinary", FIRST_WEEK_ORDINARY),
                ("agreed_needs", AGREED_NEEDS),
                ("agreed_class", AGREED_CLASS),
                ("adult", NAMED_ADULTS),
                ("mentor", RECEIVING_MENTORS),
            )
        }
        # One ordinary pupil goes to the school where an older sibling goes.
        ordinary = [r.pupil_id for r in rows if not _need(r)]
        self.elsewhere = rng.choice(ordinary) if len(rows) >= 10 and ordinary else ""

    def deal(self, deck: str, row: CohortRow, **more) -> str:
        return (
            self.decks[deck]
            .deal()
            .format(namn=self.first(row), namns=_genitive(self.first(row)), **more)
        )

    def plan(self, pupil_id: str) -> Plan | None:
        """The pupil's plan in force, if any."""
        active = [p for p in self._plans.plans(pupil_id) if p.status is PlanStatus.ACTIVE]
        return active[0] if active else None

    def staged_return(self, pupil_id: str) -> ReturnPlan | None:
        return next((r for r in self._ladder.plans(pupil_id) if not r.closed), None)

    def first(self, row: CohortRow) -> str:
        return row.name.split(" ")[0]

    def ref(self, pupil_id: str, of: CohortRow) -> str:
        """A classmate as the coordinator names them: the first name (with the initial when two
        in the year share it), and the class when it is the other one."""
        row = self.rows[pupil_id]
        name = self.first(row)
        if name in self._dupes:
            name += f" {row.name.split(' ', 1)[-1][:1]}."
        if row.class_name != of.class_name:
            name += f" ({row.class_name})"
        return name

    # The note ---------------------------------------------------------------------------------
    def write(self, row: CohortRow, status: HandoverStatus) -> dict[str, str]:
        """The note's text when it has reached ``status`` (a draft may have come some way)."""
        rng = self.rng
        pupil = self.pupils.get(row.pupil_id)
        needs = _need(row) > 0
        done = status in (HandoverStatus.READY, HandoverStatus.HANDED_OVER)
        # How far a draft has come: just begun, half-way, or nearly there.
        depth = 3 if done else rng.choice((1, 1, 2, 3))
        school = OTHER_SCHOOL if row.pupil_id == self.elsewhere else RECEIVING_SCHOOL
        suggested = self.service.suggestions(row.pupil_id)
        first = self.first(row)
        responsible = (
            (COORDINATOR if rng.random() < 0.7 else SPECIAL_TEACHER)
            if needs
            else (pupil.mentor if pupil and pupil.mentor else COORDINATOR)
        )
        changes: dict[str, str] = {
            "to_school": school,
            "responsible": responsible,
            "strengths": f"{self.deal('character', row)} {self.deal('interests', row)}",
        }
        if row.has_support and suggested["support_worked"]:
            changes["support_worked"] = (
                suggested["support_worked"] + "\n\n" + self.deal("support", row)
            )
        else:
            changes["support_worked"] = self.deal("ordinary", row)
        if depth >= 2:
            changes.update(self._social(row))
            changes["pupil_words"] = self._words(row)
            if needs or rng.random() < 0.4:
                # Only a pupil with support can have had an adjustment that did not work.
                pool = [n for n in NOT_WORKED if row.has_support or "anpassning" not in n]
                lines = rng.sample(pool, k=2 if needs else 1)
                changes["support_not_worked"] = "\n".join(line.format(namn=first) for line in lines)
            attendance = suggested["attendance_history"]
            back = self.staged_return(row.pupil_id) if row.staged_return else None
            if back and attendance:
                weeks = (self.today - _dt.date.fromisoformat(back.started_on)).days // 7
                attendance += "\n\n" + (RETURN_ATTENDANCE if weeks >= 6 else RETURN_ATTENDANCE_NEW)
            changes["attendance_history"] = attendance
            changes["involved"] = suggested["involved"]
        if depth >= 3:
            changes.update(self._guardians(row, pupil, school))
            changes.update(self._first_week(row, school))
            changes.update(self._meeting(row, pupil, status, school))
        if school == OTHER_SCHOOL:
            changes["guardian_view"] = (
                f"Familjen har valt {OTHER_SCHOOL}, där ett äldre syskon går. "
                + changes.get("guardian_view", "")
            ).strip()
        # The receiving mentor is known for the notes handed over, and for some of the ready.
        known = status is HandoverStatus.HANDED_OVER or (
            status is HandoverStatus.READY and rng.random() < 0.5
        )
        if known:
            changes["receiving_mentor"] = self.decks["mentor"].deal()
        if school == OTHER_SCHOOL and changes.get("receiving_mentor"):
            changes["receiving_mentor"] = "Anna Ek"
        return changes

    def _social(self, row: CohortRow) -> dict[str, str]:
        mates = [self.ref(p, row) for p in self.friends[row.pupil_id]]
        keep = ""
        if len(mates) >= 2:
            keep = self.deal("keep_two", row, a=mates[0], b=mates[1])
        elif mates:
            keep = self.deal("keep_one", row, a=mates[0])
        apart = ""
        if row.pupil_id in self.apart:
            apart = self.deal("keep_apart", row, a=self.ref(self.apart[row.pupil_id], row))
        return {"keep_with": keep, "keep_apart": apart}

    def _words(self, row: CohortRow) -> str:
        if row.protected_identity:
            line = WORDS_PROTECTED
        elif row.staged_return:
            line = self.deal("words_return", row)
        elif row.has_support and self.rng.random() < 0.7:
            line = self.deal("words_support", row)
        elif self.friends[row.pupil_id] and self._friend_words < 2 and self.rng.random() < 0.3:
            self._friend_words += 1
            line = WORDS_FRIEND.format(a=self.ref(self.friends[row.pupil_id][0], row))
        else:
            line = self.deal("words", row)
        return f"{self.decks['where'].deal()}”{line}”"

    def _guardians(self, row: CohortRow, pupil: Pupil | None, school: str) -> dict[str, str]:
        if row.protected_identity:
            return {"guardian_view": GUARDIAN_PROTECTED}
        deck = "guardian_needs" if _need(row) else "guardian_ordinary"
        who = _guardian_ref(pupil, named=self.rng.random() < 0.5)
        return {"guardian_view": self.deal(deck, row, vh=who, skola=school)}

    def _first_week(self, row: CohortRow, school: str) -> dict[str, str]:
        if row.staged_return:
            text = FIRST_WEEK_RETURN.format(namn=self.first(row))
            if row.protected_identity:
                text += " " + FIRST_WEEK_PROTECTED
            choices = ("early_mentor_talk", "visit_before_term", "seating", "named_adult")
        elif row.protected_identity:
            text = FIRST_WEEK_PROTECTED
            choices = ("early_mentor_talk", "visit_before_term", "named_adult")
        elif _need(row):
            text = self.deal("first_week_needs", row)
            optional = self.rng.sample(("visit_before_term", "seating"), k=self.rng.randint(1, 2))
            choices = ("early_mentor_talk", *optional, "named_adult")
        else:
            text = self.deal("first_week_ordinary", row)
            choices = tuple(
                key for key in ("early_mentor_talk", "seating") if self.rng.random() < 0.4
            )
        keys = [key for key, _label in FIRST_WEEK_CHOICES if key in choices]
        changes = {"first_week": text, "first_week_choices": ",".join(keys)}
        if "named_adult" in keys:
            changes["named_adult"] = (
                "Anna Ek, mentor" if school == OTHER_SCHOOL else self.decks["adult"].deal()
            )
        return changes

    def _meeting(
        self, row: CohortRow, pupil: Pupil | None, status: HandoverStatus, school: str
    ) -> dict[str, str]:
        """The extended handover's own meeting for a pupil with needs (held once the note is
        ready, booked while it is a draft); the class conference for the others."""
        first = self.first(row)
        mentor = pupil.mentor if pupil and pupil.mentor else "Mentor"
        done = status in (HandoverStatus.READY, HandoverStatus.HANDED_OVER)
        sending = [
            f"{COORDINATOR} (elevhälsosamordnare, Björkdalsskolan F–6)",
            f"{mentor} (mentor {row.class_name})",
        ]
        receiving = (
            [OTHER_SCHOOL_PEOPLE]
            if school == OTHER_SCHOOL
            else [
                f"{RECEIVING_SPECIAL} (specialpedagog, {RECEIVING_SCHOOL})",
                f"{RECEIVING_COUNSELLOR} (kurator, {RECEIVING_SCHOOL})",
            ]
        )
        if _need(row):
            back = self.staged_return(row.pupil_id) if row.staged_return else None
            plan = self.plan(row.pupil_id)
            the_plan = THE_PLAN.get(plan.kind, "planen") if plan else "planen"
            # A meeting about the staged return is held after the return began.
            since = (
                _dt.date.fromisoformat(back.started_on) + _dt.timedelta(days=1) if back else None
            )
            on = self.calendar.held(self.rng, since) if done else self.calendar.planned(self.rng)
            agreed = ""
            if back:
                agreed = AGREED_RETURN.format(namn=first, planen_cap=_cap(the_plan))
                if back.shortened_day_decided:
                    agreed += AGREED_SHORTENED_DAY.format(mottagare=school)
            if row.protected_identity:
                # The guardians' names stay out of the papers that travel.
                family = ["Vårdnadshavare"]
                agreed = f"{agreed} {AGREED_PROTECTED.format(namn=first)}".strip()
            else:
                family = [f"{g.name} (vårdnadshavare)" for g in (pupil.guardians if pupil else ())]
                family.append(f"{first} (eleven, första halvtimmen)")
                if not back and plan and self.rng.random() < 0.6:
                    agreed = AGREED_PLAN.format(namn=first, planen=the_plan, mottagare=school)
                elif not back:
                    agreed = self.deal("agreed_needs", row)
            if back or row.protected_identity:
                receiving = [*receiving, RECEIVING_HEAD]
            participants = [*sending, *family, *receiving]
            if not done:
                agreed = ""
        else:
            on = self.calendar.conference(row.class_name)
            participants = [*sending, *receiving]
            if school == RECEIVING_SCHOOL:
                participants.append(f"Blivande mentorer åk 7, {school}")
            agreed = self.deal("agreed_class", row) if on <= self.today else ""
        return {
            "meeting_on": on.isoformat(),
            "meeting_participants": "\n".join(participants),
            "meeting_agreed": agreed,
        }

    def handed_over_on(self, note: HandoverNote) -> str:
        """A few days after the meeting when it was held, else some days ago."""
        if note.meeting_on and note.meeting_on < self.today.isoformat():
            held = _dt.date.fromisoformat(note.meeting_on)
        else:
            held = self.today - _dt.timedelta(days=self.rng.randint(3, 12))
        return self.calendar.after(held, self.rng).isoformat()


def add_handovers(session, pupils: Sequence[Pupil], today: _dt.date, seed: int = 1) -> DemoHandover:
    """Write the year-6 cohort's handover notes through ``HandoverService``, as a coordinator
    would: a draft first, then ready, then handed over. Call after the demo's support, staged
    returns, collaboration and attendance, so the suggestions have something to find."""
    service = HandoverService(session, today=lambda: today)
    rows = service.cohort(YEAR)
    made = DemoHandover()
    if not rows:
        return made
    rng = random.Random(f"överlämning-{seed}")
    statuses = _statuses(rows, rng)
    writer = _Writer(service, rows, pupils, today, rng)
    for row in rows:
        status = statuses[row.pupil_id]
        made.statuses[row.pupil_id] = status
        if status is HandoverStatus.NOT_STARTED:
            continue
        text = writer.write(row, status)
        draft = service.draft(row.pupil_id)
        if status is HandoverStatus.DRAFT:
            note = service.save(draft.with_changes(**text))
        else:
            # The first sitting (the transition, strengths, support), then the rest and ready.
            first = {k: v for k, v in text.items() if k in FIRST_SITTING}
            note = service.save(draft.with_changes(**first))
            note = service.save(note.with_changes(**text, status=HandoverStatus.READY))
        if status is HandoverStatus.HANDED_OVER:
            note = service.save(
                note.with_changes(
                    status=HandoverStatus.HANDED_OVER, handed_over_on=writer.handed_over_on(note)
                )
            )
        made.notes[row.pupil_id] = note.id
    return made
