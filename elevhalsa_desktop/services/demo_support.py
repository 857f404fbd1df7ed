"""Support records for the demo case file: extra adjustments, investigations, plans with
interventions and follow-ups, so each area shows realistic examples when a new user opens it.

The examples follow what the source reports describe as working: a calm start to the day with
one adult, one-to-one teaching that widens to a small group, regular contact with home, and
success letters. Everything is fictional.
"""

from __future__ import annotations

import datetime as _dt
import random
from dataclasses import replace

from ..domain.plans import (
    Adjustment,
    Conclusion,
    Decision,
    Effect,
    EffectNote,
    Intervention,
    InterventionStatus,
    Investigation,
    Level,
    PlanKind,
)
from ..domain.pupil import Pupil
from .plans import PlanService

ADJUSTMENTS = (
    (
        "Förlängd skrivtid vid prov",
        "Alla ämnen med skriftliga prov",
        "Fungerar bra, eleven hinner klart.",
    ),
    (
        "Tydligt veckoschema med bilder",
        "Hela skoldagen",
        "Eleven frågar mindre om vad som ska hända.",
    ),
    ("Får gå ut före klassen till rast", "Raster och lunch", "Mindre oro i korridoren."),
    ("Muntlig redovisning i stället för skriftlig", "Svenska, SO", "Prövas fortfarande."),
    ("Ljuddämpande hörlurar vid eget arbete", "Matematik, NO", "Använder dem ibland."),
    (
        "Genomgång av dagens uppgifter med mentor vid dagens start",
        "Morgonen",
        "Bra start på dagen.",
    ),
)

PLANS = (
    {
        "title": "Plan för ökad närvaro",
        "needs": "Eleven har hög frånvaro, framför allt måndagar och första lektionen. Eleven "
        "beskriver oro inför stora grupper och att komma för sent in i klassrummet.",
        "goals_short": "Komma till skolan tre förmiddagar i veckan och träffa mentorn vid starten.",
        "goals_long": "Delta i all undervisning i den egna klassen före sommarlovet.",
        "pupil_participation": "Eleven har varit med och bestämt vilka lektioner vi börjar med.",
        "guardian_participation": "Vårdnadshavare kör eleven till skolan tisdag och torsdag.",
        "interventions": (
            ("Morgonsamtal med mentor 8.10", Level.INDIVIDUAL, "varje skoldag"),
            ("Enskild undervisning i matematik", Level.INDIVIDUAL, "1 timme, tisdagar"),
            ("Undervisning i liten grupp (2–4 elever)", Level.GROUP, "onsdagar och fredagar"),
            ("Framgångsbrev hem", Level.INDIVIDUAL, "varje fredag"),
        ),
    },
    {
        "title": "Stöd i läsning och skrivning",
        "needs": "Eleven når inte kunskapskraven i svenska och engelska; läsförståelsen är "
        "svagare än förväntat för årskursen.",
        "goals_short": "Läsa en kort text och berätta vad den handlar om.",
        "goals_long": "Nå godtagbara kunskaper i svenska i årskurs 9.",
        "pupil_participation": "Eleven vill lyssna på böcker och skriva på dator.",
        "guardian_participation": "Läser tillsammans hemma tio minuter om dagen.",
        "interventions": (
            ("Talsyntes och inlästa läromedel", Level.INDIVIDUAL, "i alla ämnen"),
            ("Lästräning med specialpedagog", Level.INDIVIDUAL, "2 × 30 minuter i veckan"),
        ),
    },
)

STAFF = ("Lars Berg", "Karin Holm", "Anna Ek", "Maria Lindqvist")
HEAD_TEACHER = "Eva Sandberg, rektor"


def add_support(plans: PlanService, pupils: list[Pupil], today: _dt.date, seed: int) -> None:
    """Give about a quarter of the pupils support records, some of them plans that are due for
    follow-up soon and one that is overdue."""
    rng = random.Random(seed)
    active = [p for p in pupils if p.status.value == "active"]
    with_adjustments = rng.sample(active, k=max(1, len(active) // 4))
    for pupil in with_adjustments:
        for what, subjects, how in rng.sample(ADJUSTMENTS, k=rng.randint(1, 3)):
            since = today - _dt.timedelta(days=rng.randint(20, 200))
            plans.save_adjustment(
                Adjustment(
                    pupil.id,
                    what,
                    subjects,
                    since.isoformat(),
                    rng.choice(STAFF),
                    how,
                    in_use=rng.random() < 0.8,
                )
            )
    with_plans = with_adjustments[: max(1, len(active) // 8)]
    for index, pupil in enumerate(with_plans):
        _investigation(plans, pupil, today, rng)
        _plan(plans, pupil, PLANS[index % len(PLANS)], index, today, rng)


def _investigation(plans: PlanService, pupil: Pupil, today: _dt.date, rng) -> None:
    plans.save_investigation(
        Investigation(
            pupil.id,
            pupil_view="Det är jobbigt att komma in i klassrummet när alla redan sitter där.",
            guardian_view="Hemma säger eleven att skolan är för rörig. Mornarna är svåra.",
            school_view="Eleven klarar sig bra i små sammanhang men undviker helklass.",
            causes_organisational="Stora grupper, många lärarbyten under dagen.",
            causes_social="Få kamrater i klassen efter klassbyte.",
            causes_pedagogical="Uppgifterna är ofta muntliga och inför hela klassen.",
            causes_individual="Oro i nya situationer.",
            causes_home_leisure="Sena kvällar med spel.",
            strengths="Nyfiken, tycker om bild och idrott, god relation till mentorn.",
            conclusion=Conclusion.SUPPORT_NEEDED,
            conclusion_text="Eleven behöver särskilt stöd i form av anpassad start på dagen.",
            responsible=rng.choice(STAFF),
            investigated_on=(today - _dt.timedelta(days=45)).isoformat(),
        )
    )


def _plan(plans: PlanService, pupil: Pupil, content: dict, index: int, today, rng) -> None:
    kind = PlanKind.ATGARDSPROGRAM if index % 3 == 1 else PlanKind.HANDLINGSPLAN
    started = today - _dt.timedelta(days=40)
    interventions = tuple(
        Intervention(
            what,
            level,
            responsible=rng.choice(STAFF),
            start=started.isoformat(),
            frequency=how_often,
            status=InterventionStatus.ONGOING,
        )
        for what, level, how_often in content["interventions"]
    )
    # The first plan's follow-up was due last week (overdue); the others fall within two weeks.
    follow_up = today + _dt.timedelta(days=-6 if index == 0 else 2 + 2 * index)
    plan = plans.new_plan(pupil.id, kind).with_changes(
        title=content["title"],
        needs=content["needs"],
        goals_short=content["goals_short"],
        goals_long=content["goals_long"],
        pupil_participation=content["pupil_participation"],
        guardian_participation=content["guardian_participation"],
        responsible=rng.choice(STAFF),
        follow_up_on=follow_up.isoformat(),
        interventions=interventions,
    )
    if kind is PlanKind.ATGARDSPROGRAM:
        plan = plan.with_changes(decided_by=HEAD_TEACHER, decided_on=started.isoformat())
    draft = plans.save(plan)
    # Activated on the day it started, when the follow-up date was still ahead.
    active = plans.activate(draft, today=started)
    if index == 2:
        _held_follow_up(plans, active, today)


def _held_follow_up(plans: PlanService, plan, today: _dt.date) -> None:
    """One plan already followed up once, so the history and the effects show something."""
    first = plans.follow_ups(plan.id)[0]
    plans.schedule(plan, [today + _dt.timedelta(days=28)], plan.responsible, today=today)
    effects = tuple(
        EffectNote(item.id, effect, comment)
        for item, (effect, comment) in zip(
            plan.interventions,
            ((Effect.BETTER, "Kommer oftare i tid."), (Effect.TOO_EARLY, "")),
            strict=False,
        )
    )
    plans.record(
        replace(
            first,
            held_on=min(today, _dt.date.fromisoformat(first.due_on)).isoformat(),
            participants="Eleven, vårdnadshavare, mentor, specialpedagog",
            effects=effects,
            decision=Decision.CONTINUE,
            notes="Vi fortsätter som planerat och ses igen om fyra veckor.",
        ),
        today=today,
    )
