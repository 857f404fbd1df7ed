"""The documents of a staged return: "Min trappa" for the pupil and the guardians, the
progress report for a follow-up meeting, and a week's log sheet for a mentor who prefers paper.

Like ``support_documents``: pure ``*_story`` functions from plain records, no database, no Qt.
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepInFrame, Paragraph, Spacer

from ..domain.ladder import (
    WEEKDAY_NAMES,
    Decision,
    ReturnPlan,
    Session,
    Step,
    StepStatus,
    WeekPoint,
    days_text,
)
from ..domain.pupil import Pupil
from .blocks import (
    data_table,
    fact_table,
    form_table,
    notice,
    paragraph,
    section,
    signature_lines,
    writing_lines,
)
from .ladder_chart import chart_series, progress_chart
from .ladder_pictures import StepPicture, faces, staircase
from .styles import BOTTOM_MARGIN, PAGE_HEIGHT, TEXT_WIDTH, TOP_MARGIN_FIRST, styles
from .support_documents import PupilFacts
from .text import para_text

if TYPE_CHECKING:
    from ..services.ladder import LadderOverview

__all__ = ["chart_series", "ladder_story", "logsheet_story", "progress_story"]

LADDER_TITLE = "Min trappa"
PROGRESS_TITLE = "Uppföljning av stegvis återgång"
HERE_NOW = "Här är du nu"
# The first page's frame less the title and the first name above the story.
FIRST_PAGE_ROOM = PAGE_HEIGHT - TOP_MARGIN_FIRST - BOTTOM_MARGIN - 62

# The settings in the words a child uses; a school's own settings print as written.
PUPIL_WORDS = {
    "Hemma eller på distans": "Skolarbete hemifrån",
    "Enskilt med en vuxen": "Du och en vuxen",
    "Liten grupp (2–4 elever)": "En liten grupp",
    "Del av klassen": "En del av tiden med klassen",
    "Hela klassen": "Hela klassen",
}


def logsheet_title(week_monday: _dt.date) -> str:
    return f"Loggblad vecka {week_monday.isocalendar().week}"


# Words ------------------------------------------------------------------------------------


def time_words(minutes: int) -> str:
    """Minutes per week in the words a child uses: whole and half hours as hours ("2 timmar",
    "1,5 timmar"), anything else as minutes ("40 minuter"), so no number is rounded."""
    if minutes < 60 or minutes % 30:
        return f"{minutes} minuter i veckan"
    hours = minutes / 60
    number = f"{hours:g}".replace(".", ",")
    return f"{number} {'timme' if hours == 1 else 'timmar'} i veckan"


def days_words(step: Step) -> str:
    """ "tisdag och torsdag kl. 09.00–10.00", "måndag till fredag"."""
    # The family reads "måndag till fredag" more easily than a dash between the days.
    text = days_text(step.weekdays).replace("–", " till ")
    if step.start_time and step.end_time:
        text += f" kl. {step.start_time.replace(':', '.')}–{step.end_time.replace(':', '.')}"
    return text.strip()


def _pupil_setting(step: Step) -> str:
    return PUPIL_WORDS.get(step.setting, step.setting)


def _step_numbers(plan: ReturnPlan) -> dict[str, int]:
    return {step.id: number for number, step in enumerate(plan.active_steps, 1)}


def _step_name(plan: ReturnPlan, step_id: str) -> str:
    numbers = _step_numbers(plan)
    if step_id in numbers:
        return f"Steg {numbers[step_id]}"
    return "Borttaget steg" if step_id else ""


def _percent(rate: float | None) -> str:
    return "" if rate is None else f"{round(rate * 100)} %"


# Min trappa -------------------------------------------------------------------------------


def ladder_story(
    pupil: Pupil, plan: ReturnPlan, current_overview: LadderOverview | None = None
) -> list[Flowable]:
    """One page in large type for the pupil and the guardians: the ladder drawn as steps,
    where the pupil stands, the next step and what it takes. No civic number, no jargon."""
    s = styles()
    steps = plan.active_steps
    here = next((st for st in steps if st.status in (StepStatus.CURRENT, StepStatus.PAUSED)), None)
    story: list[Flowable] = [
        Paragraph(
            para_text(
                f"Hej {pupil.given_name}! Det här är din trappa tillbaka till skolan. Varje steg "
                "är lite större än det förra. Vi tar ett steg i taget, och vi bestämmer "
                "tillsammans när det är dags för nästa."
            ),
            s.large,
        ),
        Spacer(0, 8),
        staircase(
            [
                StepPicture(number, _pupil_setting(st), time_words(st.planned_minutes), st.status)
                for number, st in enumerate(steps, 1)
            ],
            HERE_NOW if here is None or here.status is StepStatus.CURRENT else "Paus just nu",
        ),
    ]
    if here is None:
        return _one_page(
            [*story, *_large(None, "Trappan har inte börjat än. Vi börjar med steg 1.")]
        )
    number = steps.index(here) + 1
    story += _large(
        HERE_NOW,
        f"Steg {number}: {_pupil_setting(here)}",
        " · ".join(
            part
            for part in (
                time_words(here.planned_minutes).capitalize(),
                days_words(here).capitalize() if here.weekdays else "",
            )
            if part
        ),
        " · ".join(
            part
            for part in (
                f"Plats: {here.place}" if here.place else "",
                f"Vad vi gör: {here.subjects}" if here.subjects else "",
                f"Din vuxen: {here.responsible}" if here.responsible else "",
            )
            if part
        ),
    )
    if here.status is StepStatus.PAUSED:
        story += _large(None, "Vi har tagit en paus. Vi fortsätter när det känns bra igen.")
    story += _next_step(steps, number, here, current_overview)
    adults = [a for a in (here.responsible, pupil.mentor) if a]
    talk_to = " eller ".join(dict.fromkeys(adults)) or "din mentor"
    story += [
        Paragraph(para_text("Det här vill jag säga"), s.large_heading),
        Paragraph(
            para_text(f"Om något känns svårt kan du alltid säga det till {talk_to}."), s.large
        ),
        *writing_lines(2, line_gap=24),
    ]
    return _one_page(story)


def _one_page(story: list[Flowable]) -> list[Flowable]:
    """The page is given away as one sheet: a ladder with many steps or long words is made a
    little smaller rather than spilling onto a second page."""
    return [KeepInFrame(TEXT_WIDTH, FIRST_PAGE_ROOM, story, mode="shrink")]


def _next_step(
    steps: Sequence[Step], number: int, here: Step, overview: LadderOverview | None
) -> list[Flowable]:
    if number == len(steps):
        return _large("Nästa steg", "Det här är trappans översta steg. Bra jobbat!")
    after = steps[number]
    if here.criterion_sessions:
        how = (
            f"När du har varit med {here.criterion_sessions} gånger i rad pratar vi om att ta "
            "nästa steg."
        )
    else:
        how = "Vi pratar tillsammans om när det känns dags."
    lines = [
        f"Steg {number + 1}: {_pupil_setting(after)}, {time_words(after.planned_minutes)}.",
        f"Så kommer du dit: {how}",
    ]
    if here.criterion_text:
        lines.append(here.criterion_text)
    if overview is not None and overview.suggest_step_up:
        lines.append("Du har klarat det som behövs! Nu pratar vi om när du tar nästa steg.")
    return _large("Nästa steg", *lines)


def _large(heading: str | None, first: str, *rest: str) -> list[Flowable]:
    """A heading in large type, its first line in bold, and the other lines under it."""
    s = styles()
    story: list[Flowable] = []
    if heading:
        story += [
            Paragraph(para_text(heading), s.large_heading),
            Paragraph(f"<b>{para_text(first)}</b>", s.large),
        ]
    else:
        story.append(Paragraph(para_text(first), s.large))
    return story + [Paragraph(para_text(line), s.large) for line in rest if line]


# Progress report --------------------------------------------------------------------------


def progress_story(
    pupil: Pupil,
    plan: ReturnPlan,
    weeks: Sequence[WeekPoint],
    decisions: Sequence[Decision],
    sessions: Sequence[Session],
    rates: Mapping[str, float],
) -> list[Flowable]:
    """For a follow-up meeting: the facts, the steps, the chart from the same weekly numbers as
    the window, the sessions per week and every decision."""
    facts = PupilFacts(pupil)
    numbers = _step_numbers(plan)
    current = plan.current_step
    story: list[Flowable] = [
        *fact_table(
            [
                *facts.rows(),
                ("Återgången började", plan.started_on),
                ("Ordinarie schema", f"{plan.weekly_schedule_minutes} minuter i veckan"),
                (
                    "Steg nu",
                    f"Steg {numbers[current.id]} av {len(numbers)}: {current.setting}, "
                    f"{current.planned_minutes} minuter i veckan"
                    if current
                    else "Inget steg pågår",
                ),
                ("Kortare skoldag", _shortened_day(plan)),
            ]
        ),
        *facts.protected(),
    ]
    if plan.shortened_day_warning:
        story += notice(plan.shortened_day_warning)
    story += [
        *section("Trappans steg"),
        *data_table(
            [
                "Steg",
                "Form och innehåll",
                "Minuter i veckan",
                "Dagar och tider",
                "För att gå vidare",
                "Status",
                "Närvaro",
            ],
            [
                [
                    str(numbers[st.id]),
                    _step_content(st),
                    str(st.planned_minutes),
                    days_words(st),
                    st.criterion,
                    st.status.label,
                    _percent(rates.get(st.id)),
                ]
                for st in plan.active_steps
            ],
            [0.65, 2.2, 1.05, 1.75, 1.65, 1.15, 1.15],
        ),
        *paragraph(
            "Närvaro: närvarande minuter som andel av planerade minuter på steget. Minuter utöver "
            "det planerade räknas inte, så 100 % betyder att eleven var med hela tiden."
        ),
        *section("Planerad och närvarande tid per vecka"),
        progress_chart(chart_series(weeks), numbers),
        *section("Tillfällen per vecka"),
        *_weeks_table(plan, weeks, sessions),
        *section("Beslut"),
        *data_table(
            ["Datum", "Beslut", "Vem", "Varför"],
            [[d.on, _decision_text(plan, d), d.decided_by, d.reason] for d in decisions],
            [1.1, 2, 1.5, 3.2],
        ),
    ]
    words = [s for s in sessions if s.pupil_words.strip()]
    if words:
        story += [
            *section("Elevens egna ord"),
            *data_table(
                ["Datum", "Steg", "Eleven sa"],
                [[s.on, _step_name(plan, s.step_id), s.pupil_words] for s in reversed(words)],
                [1.1, 1, 5.7],
            ),
        ]
    return story


def _step_content(step: Step) -> str:
    where = " · ".join(x for x in (step.subjects, step.place) if x)
    who = f"Ansvarig: {step.responsible}" if step.responsible else ""
    return "\n".join(x for x in (step.setting, where, who) if x)


def _shortened_day(plan: ReturnPlan) -> str:
    if not plan.shortened_day:
        return "Nej, stegen ger eleven hela schematiden."
    if plan.shortened_day_decided:
        return (
            f"Anpassad studiegång, beslutad {plan.shortened_day_decided_on} "
            f"av {plan.shortened_day_decided_by}"
        )
    return "Ja, men inget beslut är registrerat (se nedan)"


def _decision_text(plan: ReturnPlan, decision: Decision) -> str:
    text = decision.kind.label
    if decision.from_step_id and decision.to_step_id != decision.from_step_id:
        source = _step_name(plan, decision.from_step_id).lower()
        target = _step_name(plan, decision.to_step_id).lower()
        text += f", från {source} till {target}"
    elif decision.from_step_id:
        text += f", {_step_name(plan, decision.from_step_id).lower()}"
    return text


def _weeks_table(
    plan: ReturnPlan, weeks: Sequence[WeekPoint], sessions: Sequence[Session]
) -> list[Flowable]:
    held: Counter[_dt.date] = Counter()
    came: Counter[_dt.date] = Counter()
    for s in sessions:
        on = _dt.date.fromisoformat(s.on)
        monday = on - _dt.timedelta(days=on.weekday())
        held[monday] += 1
        came[monday] += s.came
    return data_table(
        ["Vecka", "Steg", "Tillfällen", "Kom", "Kom inte", "Planerat, min", "Närvarande, min"],
        [
            [
                f"v.{w.monday.isocalendar().week}, {w.monday.isoformat()}",
                _step_name(plan, w.step_id),
                str(held[w.monday]),
                str(came[w.monday]),
                str(held[w.monday] - came[w.monday]),
                str(w.planned_minutes),
                str(w.attended_minutes),
            ]
            for w in weeks
        ],
        [1.9, 0.9, 1, 0.7, 0.9, 1.2, 1.3],
    )


# Log sheet --------------------------------------------------------------------------------


def logsheet_story(
    pupil: Pupil, plan: ReturnPlan, week_monday: _dt.date, expected: Sequence[Session]
) -> list[Flowable]:
    """A week on paper: the expected sessions (drafts from the step's schedule) pre-filled,
    the columns the mentor fills in, and a line to sign."""
    step = plan.current_step
    numbers = _step_numbers(plan)
    sunday = week_monday + _dt.timedelta(days=6)
    story: list[Flowable] = [
        *fact_table(
            [
                ("Vecka", f"{week_monday.isocalendar().week} ({week_monday} – {sunday})"),
                (
                    "Steg",
                    f"Steg {numbers[step.id]} av {len(numbers)}: {step.setting}, "
                    f"{step.planned_minutes} minuter i veckan"
                    if step
                    else "Inget steg pågår",
                ),
                ("Ansvarig", step.responsible if step else ""),
                ("För att gå vidare", step.criterion if step else ""),
            ]
        ),
        Spacer(0, 8),
        *paragraph(
            "Fyll i varje tillfälle. Skriv 0 minuter om eleven inte kom – ett tillfälle som inte "
            "blev av ska synas. Ringa in hur det gick. Registrera veckan i programmet efteråt."
        ),
    ]
    if step is not None and not expected:
        story += paragraph("Steget har inga fasta dagar den här veckan. Skriv tillfällena nedan.")
    rows: list[list] = [
        [
            f"{WEEKDAY_NAMES[_dt.date.fromisoformat(e.on).weekday()].capitalize()} {e.on}",
            _clock_span(e.start_time, e.planned_minutes),
            f"{e.planned_minutes} min",
            "",
            "",
            faces(12),
            "",
        ]
        for e in expected
    ]
    rows += [["", "", "", "", "", faces(12), ""] for _ in range(2)]  # a session moved or added
    story += [
        *form_table(
            [
                "Dag",
                "Tid",
                "Planerat",
                "Närvarande minuter",
                "Vem träffade eleven",
                "Hur gick det (eller 1–5)",
                "Anteckning",
            ],
            rows,
            [78, 64, 54, 68, 70, 58, 81],  # points: the pre-filled columns just fit, no wrap
            row_height=12 * mm,
        ),
        *section("Elevens egna ord"),
        *writing_lines(2),
        *signature_lines(["Mentor"]),
    ]
    return story


def _clock_span(start: str, minutes: int) -> str:
    if not start:
        return ""
    hours, mins = (int(x) for x in start.split(":"))
    end = hours * 60 + mins + minutes
    return f"{start}–{end // 60 % 24:02d}:{end % 60:02d}"
