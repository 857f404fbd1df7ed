"""The absence investigation on paper ("Utredning av frånvaro"): who it concerns, why the school
investigates, what was noticed and when, who took part, the pupil's attendance as it stood when
the document was printed, what the investigation found, whether the governing body has been told,
what it led to, and lines to sign.

Like ``support_documents``: a pure ``*_story`` function from plain records, no database, no Qt.
No address is printed (the pupil's is not even read here), so a pupil with protected identity
is safe by construction.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence

from reportlab.platypus import Flowable

from ..domain.absence_investigation import LEGAL_BASIS, AbsenceInvestigation
from ..domain.ews import Figures, Level, change_text, percent_text
from ..domain.pupil import Pupil
from .blocks import (
    data_table,
    fact_table,
    long_text,
    notice,
    paragraph,
    section,
    signature_lines,
)
from .support_documents import PupilFacts

ABSENCE_INVESTIGATION_TITLE = "Utredning av frånvaro"
NOT_REPORTED = "Inte anmäld än"
NOT_REPORTED_NOTICE = (
    "Utredningen är inte anmäld till huvudmannen än. Rektor ska anmäla till huvudmannen att en "
    "utredning av frånvaro har inletts (7 kap. 19 a § skollagen)."
)
NO_ATTENDANCE = (
    "Det finns ingen importerad närvaro för eleven under perioderna nedan. Importera närvaron "
    "från skolans system för att få med frånvaron i utredningen."
)
STILL_OPEN = "Pågår"
PARTICIPANT_LABELS = ("Eleven", "Vårdnadshavarna", "Elevhälsoteamet")


def minutes_text(minutes: int) -> str:
    """Offered time as a reader counts it: "312 tim 30 min", "45 min", "6 tim"."""
    hours, rest = divmod(max(0, minutes), 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} tim {rest} min" if rest else f"{hours} tim"


def run_text(days: int) -> str:
    if days <= 0:
        return "Ingen hel dag borta"
    return "1 skoldag" if days == 1 else f"{days} skoldagar i rad"


def _period(figures: Figures) -> str:
    w = figures.window
    return f"{w.start.isoformat()} – {w.end.isoformat()}"


def attendance_rows(periods: Sequence[tuple[str, Figures]]) -> list[list[str]]:
    """One row per measure, one column per period: the measures read down the page."""

    def row(label: str, value) -> list[str]:
        return [label, *(value(f) for _, f in periods)]

    return [
        row("Period", _period),
        row("Erbjuden tid", lambda f: minutes_text(f.offered)),
        row("Frånvaro totalt", lambda f: percent_text(f.total_percent)),
        row("varav giltig", lambda f: percent_text(f.excused_percent)),
        row("varav ogiltig", lambda f: percent_text(f.unexcused_percent)),
        row("Jämfört med perioden före", lambda f: change_text(f.change)),
        row("Längsta frånvaro i följd", lambda f: run_text(f.longest_run)),
        row("Lektioner med ogiltig frånvaro", lambda f: str(f.unexcused_occasions)),
        row("Mönster", lambda f: "\n".join(f.patterns) or "Inga"),
        row("Nivå enligt närvaron", lambda f: f.level.label),
    ]


def _participation(item: AbsenceInvestigation) -> list[tuple[str, str]]:
    took_part = (item.pupil_took_part, item.guardians_took_part, item.team_took_part)
    rows = [
        (label, "Har deltagit" if yes else "Har inte deltagit än")
        for label, yes in zip(PARTICIPANT_LABELS, took_part, strict=True)
    ]
    rows.append(("Andra som har deltagit", item.participants))
    return rows


def absence_investigation_story(
    pupil: Pupil,
    item: AbsenceInvestigation,
    periods: Sequence[tuple[str, Figures]],
    printed_on: _dt.date,
) -> list[Flowable]:
    """``periods``: the attendance figures to show, each with its heading ("Terminen hittills",
    "Senaste fyra veckorna"), as they stand on ``printed_on``."""
    facts = PupilFacts(pupil)
    status = STILL_OPEN if item.is_open else f"Avslutad {item.closed_on}"
    story: list[Flowable] = [
        *fact_table(
            [
                *facts.rows(),
                ("Ansvarig för utredningen", item.responsible),
                ("Status", status),
                ("Anmäld till huvudmannen", item.reported_on or NOT_REPORTED),
            ]
        ),
        *facts.protected(),
    ]
    if not item.reported_on:
        story += notice(NOT_REPORTED_NOTICE)
    story += [
        *section("Grund för utredningen"),
        *paragraph(LEGAL_BASIS),
        *section("Vad som uppmärksammades"),
        *fact_table(
            [
                ("Uppmärksammad", item.noticed_on),
                ("Utredningen inledd", item.started_on),
                ("Det som uppmärksammades", item.reason_noticed),
            ]
        ),
        *section("Vilka som har deltagit"),
        *fact_table(_participation(item)),
        *section("Närvaro när utredningen skrevs ut"),
        *_attendance(periods, printed_on),
        *section("Vad utredningen har kommit fram till"),
        *long_text("", item.findings),
        *section("Vad utredningen ledde till"),
        *fact_table([("Beslut", item.outcome.label), ("Avslutad", item.closed_on or STILL_OPEN)]),
    ]
    if item.outcome_note.strip():
        story += long_text("Beskrivning", item.outcome_note)
    story += [
        *section("Underskrifter"),
        *signature_lines(["Ansvarig för utredningen", "Rektor"]),
    ]
    return story


def _attendance(periods: Sequence[tuple[str, Figures]], printed_on: _dt.date) -> list[Flowable]:
    intro = paragraph(
        f"Uppgifterna kommer från den närvaro som har importerats till akten, räknade"
        f" {printed_on.isoformat()}. Frånvaro räknas som andel av den tid eleven erbjöds."
    )
    if not periods or all(f.level is Level.NO_DATA for _, f in periods):
        return [*intro, *notice(NO_ATTENDANCE)]
    return [
        *intro,
        *data_table(
            ["", *(title for title, _ in periods)],
            attendance_rows(periods),
            [2.2, *([2] * len(periods))],
        ),
    ]
