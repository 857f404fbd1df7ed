"""The absence investigation (frånvaroutredning): repeated or long absence must be investigated
promptly, together with the pupil, the guardians and the student-health team, and the governing
body (huvudman) told that an investigation has started (7 kap. 19 a § skollagen)."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, replace
from enum import StrEnum

TEXT_MAX = 20_000
LINE_MAX = 200
#: Reminders: the governing body should be told at once; an investigation should not linger.
REPORT_WITHIN_DAYS = 7
LINGERS_AFTER_DAYS = 30

LEGAL_BASIS = (
    "Utredning av upprepad eller längre frånvaro enligt 7 kap. 19 a § skollagen (2010:800). "
    "Rektor ser till att frånvaron skyndsamt utreds tillsammans med eleven, vårdnadshavarna och "
    "elevhälsan, och anmäler till huvudmannen att en utredning har inletts."
)


class Outcome(StrEnum):
    NONE_YET = ""
    PLAN = "plan"
    STAGED_RETURN = "staged_return"
    COLLABORATION = "collaboration"
    NO_ACTION = "no_action"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "": "Inte bestämt än",
            "plan": "Plan med insatser (extra anpassningar eller åtgärdsprogram)",
            "staged_return": "Stegvis återgång",
            "collaboration": "Samverkan med andra verksamheter",
            "no_action": "Inga åtgärder behövs",
            "other": "Annat (beskrivs nedan)",
        }[self.value]


@dataclass(frozen=True)
class AbsenceInvestigation:
    pupil_id: str
    noticed_on: str  # ISO date: when the absence was noticed
    started_on: str  # ISO date: when the investigation started
    reason_noticed: str = ""  # what was noticed, e.g. the warning's words
    responsible: str = ""
    pupil_took_part: bool = False
    guardians_took_part: bool = False
    team_took_part: bool = False
    participants: str = ""  # others, in words
    findings: str = ""
    reported_on: str = ""  # ISO date: reported to the governing body
    outcome: Outcome = Outcome.NONE_YET
    outcome_note: str = ""
    closed_on: str = ""
    id: str = ""
    created_at: str = ""
    updated_at: str = ""

    @property
    def is_open(self) -> bool:
        return not self.closed_on

    def with_changes(self, **changes) -> AbsenceInvestigation:
        return replace(self, **changes)


def _date(value: str) -> _dt.date | None:
    try:
        return _dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def check(item: AbsenceInvestigation, today: _dt.date) -> dict[str, str]:
    """Every problem at once, each for its own field, in words that say what to do."""
    problems: dict[str, str] = {}
    noticed = _date(item.noticed_on)
    started = _date(item.started_on)
    if noticed is None:
        problems["noticed_on"] = "Skriv när frånvaron uppmärksammades (ÅÅÅÅ-MM-DD)."
    elif noticed > today:
        problems["noticed_on"] = "Datumet när frånvaron uppmärksammades ligger i framtiden."
    if started is None:
        problems["started_on"] = "Skriv när utredningen inleddes (ÅÅÅÅ-MM-DD)."
    elif noticed and started < noticed:
        problems["started_on"] = (
            "Utredningen kan inte ha inletts innan frånvaron uppmärksammades. Kontrollera datumen."
        )
    if item.reported_on:
        reported = _date(item.reported_on)
        if reported is None:
            problems["reported_on"] = "Skriv datumet för anmälan till huvudmannen som ÅÅÅÅ-MM-DD."
        elif started and reported < started:
            problems["reported_on"] = (
                "Anmälan till huvudmannen gäller en inledd utredning: datumet kan inte ligga före"
                " utredningens start."
            )
        elif reported > today:
            problems["reported_on"] = "Anmälan till huvudmannen kan inte ligga i framtiden."
    for name in ("findings", "outcome_note", "reason_noticed", "participants"):
        if len(getattr(item, name)) > TEXT_MAX:
            problems[name] = f"Texten är för lång (högst {TEXT_MAX} tecken)."
    if len(item.responsible) > LINE_MAX:
        problems["responsible"] = f"Namnet är för långt (högst {LINE_MAX} tecken)."
    if item.closed_on:
        closed = _date(item.closed_on)
        if closed is None:
            problems["closed_on"] = "Skriv datumet då utredningen avslutades som ÅÅÅÅ-MM-DD."
        elif started and closed < started:
            problems["closed_on"] = "Utredningen kan inte avslutas före den inleddes."
        if not item.findings.strip():
            problems["findings"] = "Skriv vad utredningen kom fram till innan den avslutas."
        if item.outcome is Outcome.NONE_YET:
            problems["outcome"] = "Välj vad utredningen ledde till innan den avslutas."
        if item.outcome is Outcome.OTHER and not item.outcome_note.strip():
            problems["outcome_note"] = "Beskriv vad utredningen ledde till."
    return problems


def reminders(item: AbsenceInvestigation, today: _dt.date) -> list[str]:
    """What a coordinator should be reminded of for an open investigation, in words."""
    if not item.is_open:
        return []
    started = _date(item.started_on)
    if started is None:
        return []
    found: list[str] = []
    age = (today - started).days
    if not item.reported_on and age >= REPORT_WITHIN_DAYS:
        found.append(f"Inte anmäld till huvudmannen, {age} dagar efter start")
    elif not item.reported_on:
        found.append("Anmäl till huvudmannen att utredningen har inletts")
    if age >= LINGERS_AFTER_DAYS:
        found.append(f"Utredningen har pågått i {age} dagar")
    if not (item.pupil_took_part and item.guardians_took_part) and age >= REPORT_WITHIN_DAYS:
        found.append("Eleven och vårdnadshavarna ska delta i utredningen")
    return found
