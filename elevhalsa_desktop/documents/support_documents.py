"""The documents of a pupil's support: the plan (åtgärdsprogram or handlingsplan) with its
interventions and follow-ups, the investigation, and the list of extra adjustments.

Each ``*_story`` function turns plain records into flowables; the template draws the frame.
No database and no Qt here: the print service gathers the records and writes the file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.platypus import Flowable

from ..domain.plans import (
    Adjustment,
    FollowUp,
    Investigation,
    Plan,
    PlanKind,
)
from ..domain.pupil import YEAR_LABELS, Pupil
from .blocks import data_table, fact_table, long_text, paragraph, section, signature_lines

PROTECTED_NOTE = (
    "Eleven har skyddade personuppgifter. Adress och andra uppgifter om var eleven bor lämnas "
    "aldrig ut och skrivs inte ut."
)


@dataclass(frozen=True)
class PupilFacts:
    """What a document says about who it concerns."""

    pupil: Pupil

    @property
    def subtitle(self) -> str:
        p = self.pupil
        return f"{p.full_name}, klass {p.class_name}" if p.class_name else p.full_name

    def rows(self) -> list[tuple[str, str]]:
        p = self.pupil
        return [
            ("Elev", p.full_name),
            ("Personnummer", p.civic_no),
            (
                "Klass och årskurs",
                " · ".join(x for x in (p.class_name, YEAR_LABELS.get(p.year, "")) if x),
            ),
            ("Skola", p.school),
            ("Mentor", p.mentor),
        ]

    def protected(self) -> list[Flowable]:
        if not self.pupil.protected_identity:
            return []
        return [*section("Skyddade personuppgifter"), *paragraph(PROTECTED_NOTE)]


def period_text(start: str, end: str) -> str:
    if start and end:
        return f"{start} – {end}"
    if start:
        return f"från {start}"
    return f"till {end}" if end else ""


def plan_story(pupil: Pupil, plan: Plan, follow_ups: Sequence[FollowUp]) -> list[Flowable]:
    facts = PupilFacts(pupil)
    story: list[Flowable] = [
        *fact_table(
            [
                *facts.rows(),
                ("Status", plan.status.label),
                ("Ansvarig för planen", plan.responsible),
                ("Nästa uppföljning", plan.follow_up_on),
                ("Version", f"{plan.revision}, senast ändrad {plan.updated_at[:10]}"),
            ]
        ),
        *facts.protected(),
        *section("Elevens behov"),
        *long_text("", plan.needs),
        *section("Mål"),
        *long_text("Kortsiktiga mål", plan.goals_short),
        *long_text("Långsiktiga mål", plan.goals_long),
        *section("Insatser"),
        *data_table(
            ["Insats", "Nivå", "Ansvarig", "Period", "Omfattning", "Status"],
            [
                [
                    item.what,
                    item.level.label,
                    item.responsible,
                    period_text(item.start, item.end),
                    item.frequency,
                    item.status.label
                    + (f": {item.discontinued_reason}" if item.discontinued_reason else ""),
                ]
                for item in plan.interventions
            ],
            [3.2, 1.2, 1.6, 1.6, 1.6, 1.3],
        ),
        *section("Elevens och vårdnadshavarnas delaktighet"),
        *long_text("Elevens delaktighet", plan.pupil_participation),
        *long_text("Vårdnadshavarnas delaktighet", plan.guardian_participation),
        *_follow_up_part(plan, follow_ups),
    ]
    if plan.kind is PlanKind.ATGARDSPROGRAM:
        story += [
            *section("Beslut"),
            *fact_table([("Beslutat av", plan.decided_by), ("Beslutsdatum", plan.decided_on)]),
            *long_text("Hur man överklagar", plan.appeal_note),
            *signature_lines(["Rektor eller den rektor har delegerat till", "Vårdnadshavare"]),
        ]
    else:
        story += signature_lines(["Ansvarig", "Elev", "Vårdnadshavare"])
    return story


def _follow_up_part(plan: Plan, follow_ups: Sequence[FollowUp]) -> list[Flowable]:
    names = {item.id: item.what for item in plan.interventions}
    story = [
        *section("Uppföljning"),
        *data_table(
            ["Datum", "Ansvarig", "Genomförd", "Beslut"],
            [
                [
                    f.due_on,
                    f.responsible,
                    f.held_on or "Inte ännu",
                    f.decision.label if f.decision else "",
                ]
                for f in follow_ups
            ],
            [1.2, 2, 1.2, 1.6],
        ),
    ]
    for f in (f for f in follow_ups if f.held):
        story += [
            *long_text(f"Uppföljning {f.held_on}", f"Deltog: {f.participants}"),
            *data_table(
                ["Insats", "Effekt", "Kommentar"],
                [
                    [
                        names.get(note.intervention_id, "(borttagen insats)"),
                        note.effect.label,
                        note.comment,
                    ]
                    for note in f.effects
                ],
                [2.5, 1.3, 3],
            ),
            *long_text("Anteckningar", f.notes),
        ]
    return story


def investigation_story(pupil: Pupil, item: Investigation) -> list[Flowable]:
    facts = PupilFacts(pupil)
    return [
        *fact_table(
            [
                *facts.rows(),
                ("Ansvarig", item.responsible),
                ("Datum", item.investigated_on),
            ]
        ),
        *facts.protected(),
        *section("Elevens, vårdnadshavarnas och skolans bild"),
        *long_text("Elevens egen syn (med elevens ord)", item.pupil_view),
        *long_text("Vårdnadshavarnas syn", item.guardian_view),
        *long_text("Skolans syn", item.school_view),
        *section("Analys av orsaker"),
        *long_text("I skolan: organisation", item.causes_organisational),
        *long_text("I skolan: sociala förhållanden", item.causes_social),
        *long_text("I skolan: pedagogik och undervisning", item.causes_pedagogical),
        *long_text("Individuella faktorer", item.causes_individual),
        *long_text("Hem och fritid", item.causes_home_leisure),
        *section("Styrkor och skyddsfaktorer"),
        *long_text("", item.strengths),
        *section("Slutsats"),
        *fact_table([("Bedömning", item.conclusion.label)]),
        *long_text("", item.conclusion_text),
        *signature_lines(["Ansvarig för utredningen"]),
    ]


def adjustments_story(pupil: Pupil, items: Sequence[Adjustment]) -> list[Flowable]:
    facts = PupilFacts(pupil)
    return [
        *fact_table(facts.rows()),
        *facts.protected(),
        *paragraph(
            "Extra anpassningar görs inom den ordinarie undervisningen och kräver inget formellt "
            "beslut (3 kap. 5 § skollagen)."
        ),
        *section("Anpassningar"),
        *data_table(
            ["Anpassning", "Ämnen eller situationer", "Sedan", "Av vem", "Hur det gick", "Används"],
            [
                [a.what, a.subjects, a.since, a.by_whom, a.how_it_went, "Ja" if a.in_use else "Nej"]
                for a in items
            ],
            [2.4, 1.8, 1.1, 1.3, 2.4, 0.9],
        ),
    ]
