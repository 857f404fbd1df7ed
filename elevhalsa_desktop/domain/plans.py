"""Support for a pupil: extra adjustments, the investigation, plans with interventions, and
follow-ups. Plain records and the rules the law and good practice put on them.

The kinds are kept apart because the law treats them differently (3 kap. skollagen): extra
adjustments need no decision; an åtgärdsprogram is a decision that can be appealed and must say
when it is followed up and who is responsible; a handlingsplan is the school's own plan.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field, replace
from enum import StrEnum

from .pupil import ValidationError

TEXT_MAX = 100_000  # about 30 pages: long enough for any real text, short of a pasted book
SHORT_MAX = 200

APPEAL_NOTE = (
    "Beslutet om åtgärdsprogram kan överklagas hos Skolväsendets överklagandenämnd "
    "(28 kap. 16 § skollagen). Överklagandet ska vara skriftligt och lämnas till skolan inom tre "
    "veckor från den dag du fick del av beslutet. Skolan skickar det vidare till nämnden."
)


class PlanKind(StrEnum):
    ATGARDSPROGRAM = "atgardsprogram"
    HANDLINGSPLAN = "handlingsplan"

    @property
    def label(self) -> str:
        return {"atgardsprogram": "Åtgärdsprogram", "handlingsplan": "Handlingsplan"}[self.value]


class PlanStatus(StrEnum):
    DRAFT = "draft"
    ACTIVE = "active"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return {"draft": "Utkast", "active": "Aktiv", "closed": "Avslutad"}[self.value]


class Level(StrEnum):
    INDIVIDUAL = "individual"
    GROUP = "group"
    ORGANISATION = "organisation"

    @property
    def label(self) -> str:
        return {"individual": "Individ", "group": "Grupp", "organisation": "Organisation"}[
            self.value
        ]


class InterventionStatus(StrEnum):
    PLANNED = "planned"
    ONGOING = "ongoing"
    FINISHED = "finished"
    DISCONTINUED = "discontinued"

    @property
    def label(self) -> str:
        return {
            "planned": "Planerad",
            "ongoing": "Pågår",
            "finished": "Avslutad",
            "discontinued": "Avbruten",
        }[self.value]


class Effect(StrEnum):
    BETTER = "better"
    UNCHANGED = "unchanged"
    WORSE = "worse"
    TOO_EARLY = "too_early"

    @property
    def label(self) -> str:
        return {
            "better": "Bättre",
            "unchanged": "Oförändrat",
            "worse": "Sämre",
            "too_early": "För tidigt att säga",
        }[self.value]


class Decision(StrEnum):
    CONTINUE = "continue"
    CHANGE = "change"
    CLOSE = "close"

    @property
    def label(self) -> str:
        return {"continue": "Fortsätt", "change": "Ändra planen", "close": "Avsluta planen"}[
            self.value
        ]


class Conclusion(StrEnum):
    UNDECIDED = "undecided"
    SUPPORT_NEEDED = "support_needed"
    NO_SUPPORT_NEEDED = "no_support_needed"

    @property
    def label(self) -> str:
        return {
            "undecided": "Inte klar",
            "support_needed": "Eleven behöver särskilt stöd",
            "no_support_needed": "Eleven behöver inte särskilt stöd",
        }[self.value]


@dataclass(frozen=True)
class Adjustment:
    """An extra adjustment: informal support inside ordinary teaching."""

    pupil_id: str
    what: str
    subjects: str = ""
    since: str = ""  # ISO date
    by_whom: str = ""
    how_it_went: str = ""
    in_use: bool = True
    id: str = ""
    updated_at: str = ""


@dataclass(frozen=True)
class Investigation:
    """Utredning / kartläggning: the picture before a plan."""

    pupil_id: str
    pupil_view: str = ""
    guardian_view: str = ""
    school_view: str = ""
    causes_organisational: str = ""
    causes_social: str = ""
    causes_pedagogical: str = ""
    causes_individual: str = ""
    causes_home_leisure: str = ""
    strengths: str = ""
    conclusion: Conclusion = Conclusion.UNDECIDED
    conclusion_text: str = ""
    responsible: str = ""
    investigated_on: str = ""  # ISO date
    id: str = ""
    updated_at: str = ""


@dataclass(frozen=True)
class Intervention:
    what: str
    level: Level = Level.INDIVIDUAL
    responsible: str = ""
    start: str = ""  # ISO date
    end: str = ""
    frequency: str = ""  # in words: "varje tisdag 9–10", "dagligen"
    status: InterventionStatus = InterventionStatus.PLANNED
    discontinued_reason: str = ""
    id: str = ""


@dataclass(frozen=True)
class Plan:
    pupil_id: str
    kind: PlanKind
    title: str = ""
    needs: str = ""
    goals_short: str = ""
    goals_long: str = ""
    pupil_participation: str = ""
    guardian_participation: str = ""
    responsible: str = ""
    follow_up_on: str = ""  # ISO date of the next follow-up
    status: PlanStatus = PlanStatus.DRAFT
    decided_by: str = ""
    decided_on: str = ""
    appeal_note: str = ""
    interventions: tuple[Intervention, ...] = field(default_factory=tuple)
    id: str = ""
    revision: int = 0
    created_at: str = ""
    updated_at: str = ""

    @property
    def display_title(self) -> str:
        return self.title or self.kind.label

    def with_changes(self, **changes) -> Plan:
        return replace(self, **changes)


@dataclass(frozen=True)
class EffectNote:
    intervention_id: str
    effect: Effect
    comment: str = ""


@dataclass(frozen=True)
class FollowUp:
    """A follow-up of a plan: scheduled (``due_on``), then held (``held_on`` and the rest)."""

    plan_id: str
    due_on: str
    responsible: str = ""
    held_on: str = ""
    participants: str = ""
    effects: tuple[EffectNote, ...] = field(default_factory=tuple)
    decision: Decision | None = None
    notes: str = ""
    id: str = ""

    @property
    def held(self) -> bool:
        return bool(self.held_on)


# Rules --------------------------------------------------------------------------------------


def parse_date(text: str) -> _dt.date | None:
    return _dt.date.fromisoformat(text) if text else None


def _date_problem(text: str, label: str) -> str | None:
    if not text:
        return None
    try:
        _dt.date.fromisoformat(text)
    except ValueError:
        return f"{label} ska vara ett datum, ÅÅÅÅ-MM-DD."
    return None


def _text_problems(values: dict[str, str], limit: int = TEXT_MAX) -> dict[str, str]:
    return {
        name: f"Texten är för lång (högst {limit:,} tecken). Dela upp den.".replace(",", " ")
        for name, value in values.items()
        if len(value) > limit
    }


def check_intervention(item: Intervention, index: int) -> dict[str, str]:
    key = f"intervention_{index}"
    if not item.what.strip():
        return {key: "Skriv vad insatsen är."}
    for text, label in ((item.start, "Startdatum"), (item.end, "Slutdatum")):
        problem = _date_problem(text, label)
        if problem:
            return {key: problem}
    if item.start and item.end and item.end < item.start:
        return {
            key: f"Insatsen {item.what!r} slutar före den börjar. Rätta start- eller slutdatum."
        }
    if item.status is InterventionStatus.DISCONTINUED and not item.discontinued_reason.strip():
        return {key: f"Skriv varför insatsen {item.what!r} avbröts."}
    if len(item.what) > SHORT_MAX * 5 or len(item.responsible) > SHORT_MAX:
        return {key: "Texten om insatsen är för lång. Korta ned den."}
    return {}


def check_plan(plan: Plan) -> dict[str, str]:
    """Problems that stop any save, draft or not, one sentence per field."""
    problems: dict[str, str] = {}
    if len(plan.title) > SHORT_MAX:
        problems["title"] = f"Rubriken får vara högst {SHORT_MAX} tecken."
    for name, label in (("follow_up_on", "Uppföljningsdatum"), ("decided_on", "Beslutsdatum")):
        problem = _date_problem(getattr(plan, name), label)
        if problem:
            problems[name] = problem
    problems.update(
        _text_problems(
            {
                name: getattr(plan, name)
                for name in (
                    "needs",
                    "goals_short",
                    "goals_long",
                    "pupil_participation",
                    "guardian_participation",
                    "appeal_note",
                )
            }
        )
    )
    for index, item in enumerate(plan.interventions):
        problems.update(check_intervention(item, index))
    return problems


def activation_problems(plan: Plan) -> dict[str, str]:
    """What is missing before a plan may be active. The law requires every åtgärdsprogram to say
    when it is followed up and who is responsible; we ask the same of a handlingsplan."""
    problems = check_plan(plan)
    if not plan.responsible.strip():
        problems["responsible"] = "Ange vem som är ansvarig för planen."
    if not plan.follow_up_on:
        problems["follow_up_on"] = "Ange när planen ska följas upp."
    if not (plan.needs.strip() or plan.goals_short.strip()):
        problems["needs"] = "Beskriv elevens behov eller målen innan planen blir aktiv."
    if plan.kind is PlanKind.ATGARDSPROGRAM:
        if not plan.decided_by.strip():
            problems["decided_by"] = "Ett åtgärdsprogram är ett beslut: ange vem som beslutade."
        if not plan.decided_on:
            problems["decided_on"] = "Ange datum för beslutet om åtgärdsprogram."
    return problems


def require(problems: dict[str, str]) -> None:
    if problems:
        raise ValidationError(problems)


def check_adjustment(item: Adjustment) -> dict[str, str]:
    problems = {}
    if not item.what.strip():
        problems["what"] = "Skriv vilken anpassning det gäller."
    problem = _date_problem(item.since, "Datumet")
    if problem:
        problems["since"] = problem
    problems.update(_text_problems({"how_it_went": item.how_it_went, "what": item.what}))
    return problems


def check_investigation(item: Investigation) -> dict[str, str]:
    problem = _date_problem(item.investigated_on, "Datumet")
    problems = {"investigated_on": problem} if problem else {}
    texts = {
        name: getattr(item, name)
        for name in (
            "pupil_view",
            "guardian_view",
            "school_view",
            "causes_organisational",
            "causes_social",
            "causes_pedagogical",
            "causes_individual",
            "causes_home_leisure",
            "strengths",
            "conclusion_text",
        )
    }
    problems.update(_text_problems(texts))
    return problems


def check_follow_up_record(follow_up: FollowUp, today: _dt.date) -> dict[str, str]:
    problems = {}
    held = _date_problem(follow_up.held_on, "Datumet för uppföljningen")
    if held or not follow_up.held_on:
        problems["held_on"] = held or "Ange vilket datum uppföljningen hölls."
    elif _dt.date.fromisoformat(follow_up.held_on) > today:
        problems["held_on"] = "En uppföljning kan inte ha hållits i framtiden. Rätta datumet."
    if not follow_up.participants.strip():
        problems["participants"] = "Skriv vilka som deltog."
    if follow_up.decision is None:
        problems["decision"] = "Välj beslut: fortsätt, ändra eller avsluta planen."
    problems.update(_text_problems({"notes": follow_up.notes}))
    return problems


# Revisions ----------------------------------------------------------------------------------

PLAN_FIELD_LABELS: dict[str, str] = {
    "kind": "Typ",
    "title": "Rubrik",
    "needs": "Behov",
    "goals_short": "Kortsiktiga mål",
    "goals_long": "Långsiktiga mål",
    "pupil_participation": "Elevens delaktighet",
    "guardian_participation": "Vårdnadshavarnas delaktighet",
    "responsible": "Ansvarig",
    "follow_up_on": "Uppföljning",
    "status": "Status",
    "decided_by": "Beslutat av",
    "decided_on": "Beslutsdatum",
    "appeal_note": "Om överklagande",
    "interventions": "Insatser",
}


def changed_fields(before: dict, after: dict) -> list[str]:
    """The fields of a plan snapshot that differ, in the order of PLAN_FIELD_LABELS."""
    return [name for name in PLAN_FIELD_LABELS if before.get(name) != after.get(name)]
