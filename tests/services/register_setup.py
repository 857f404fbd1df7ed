"""A pupil with records in every part of the case file, made through the services (and, where
only an import or another school's file would write them, the store): the register extract's and
retention's tests start from here. A second pupil has a little of everything too, so a test can
see that one pupil's extract or removal never touches the other."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from elevhalsa_desktop.domain.absence_investigation import Outcome
from elevhalsa_desktop.domain.civic_no import luhn_check_digit
from elevhalsa_desktop.domain.collaboration import (
    AgreedAction,
    Basis,
    Channel,
    ConcernReport,
    Consent,
    ConsentFrom,
    ContactEntry,
    ContactKind,
    Involvement,
    Organisation,
    OrgKind,
)
from elevhalsa_desktop.domain.handover import HandoverNote, HandoverStatus
from elevhalsa_desktop.domain.ladder import DecisionKind, ReturnPlan
from elevhalsa_desktop.domain.plans import (
    Adjustment,
    Conclusion,
    Decision,
    Effect,
    EffectNote,
    Intervention,
    Investigation,
    PlanKind,
)
from elevhalsa_desktop.domain.pupil import Guardian, Pupil
from elevhalsa_desktop.importers.records import (
    PeriodRecord,
    PupilRef,
    ReadResult,
    ReportedAbsence,
)
from elevhalsa_desktop.services.absence_investigations import AbsenceInvestigationService
from elevhalsa_desktop.services.attendance_import import AttendanceImportService
from elevhalsa_desktop.services.collaboration import CollaborationService
from elevhalsa_desktop.services.handover import HandoverService
from elevhalsa_desktop.services.ladder import LadderService
from elevhalsa_desktop.services.plans import PlanService
from elevhalsa_desktop.store import handover as handover_repo
from elevhalsa_desktop.store import handover_exchange as exchange_repo
from tests.dates import TODAY, day
from tests.services.attendance_setup import lessons, weekdays
from tests.ui.ladder_setup import ONE_TO_ONE, SMALL_GROUP

#: Words that appear in exactly one record each, so a test can find every record in the PDF.
WORDS = {
    "guardian": "Eva Öhman",
    "notes": "Tycker om schack",
    "adjustment": "Förlängd skrivtid",
    "investigation": "Svårt med övergångar",
    "plan": "Plan för lugn start",
    "plan_needs": "Behöver en lugn start",
    "intervention": "Möte med mentor varje morgon",
    "follow_up": "Uppföljningen visade framsteg",
    "step": "Enskilt med en vuxen",
    "session": "Läste högt för första gången",
    "decision_reason": "Klarade fyra tillfällen i rad",
    "organisation": "Socialtjänsten Karlskoga",
    "involvement": "Handläggare",
    "consent": "Närvaro och stöd i skolan",
    "entry": "Samtal om morgnarna",
    "action": "Skicka schemat hem",
    "disclosure": "Berättade om närvaron",
    "concern": "Oro för hemsituationen",
    "absence": "Frånvaron ökade efter höstlovet",
    "handover": "Bra på att rita",
    "received": "Från Björkskolan med värme",
    "old_entry": "Samtal för länge sedan",
}
CIVIC_NO = f"20140312-123{luhn_check_digit('140312123')}"
OLD_DAY = "2015-03-02"


@dataclass(frozen=True)
class Fixture:
    pupil: Pupil
    other: Pupil
    plan_id: str
    closed_plan_id: str
    entry_id: str
    old_entry_id: str
    disclosure_id: str


def full_pupil(session, pupils) -> Fixture:
    pupil = pupils.create(
        Pupil(
            "Åsa",
            "Öhman",
            civic_no=CIVIC_NO,
            year="7",
            class_name="7B",
            school="Testskolan",
            mentor="Lars Berg",
            notes=WORDS["notes"],
            address="Storgatan 1",
            guardians=(Guardian(WORDS["guardian"], "mamma", "070-123 45 67"),),
        )
    )
    other = pupils.create(Pupil("Bo", "Berg", year="7", class_name="7B"))
    plans = PlanService(session)
    ladder = LadderService(session)
    collab = CollaborationService(session)

    # Support: an adjustment, an investigation, an active plan with a held follow-up, and a
    # closed plan (several revisions each).
    for who in (pupil, other):
        plans.save_adjustment(Adjustment(who.id, WORDS["adjustment"], subjects="Alla"))
    plans.save_investigation(
        Investigation(
            pupil.id,
            pupil_view=WORDS["investigation"],
            conclusion=Conclusion.SUPPORT_NEEDED,
            investigated_on=day(-20),
            responsible="Maria Lindqvist",
        )
    )
    plan = plans.new_plan(pupil.id, PlanKind.ATGARDSPROGRAM).with_changes(
        title=WORDS["plan"],
        needs=WORDS["plan_needs"],
        goals_short="Komma till första lektionen",
        responsible="Lars Berg",
        decided_by="Rektor Rut",
        decided_on=day(-1),
        follow_up_on=day(5),
        interventions=(Intervention(WORDS["intervention"], responsible="Lars Berg"),),
    )
    plan = plans.activate(plans.save(plan), today=TODAY)
    due = plans.follow_ups(plan.id)[0]
    plans.record(
        replace(
            due,
            held_on=TODAY.isoformat(),
            participants="Eleven, mentor",
            decision=Decision.CONTINUE,
            notes=WORDS["follow_up"],
            effects=(EffectNote(plan.interventions[0].id, Effect.BETTER, "Kommer i tid"),),
        ),
        today=TODAY,
    )
    closed = plans.save(
        plans.new_plan(pupil.id, PlanKind.HANDLINGSPLAN).with_changes(title="Gammal plan")
    )
    closed = plans.close(closed)
    other_plan = plans.save(plans.new_plan(other.id, PlanKind.HANDLINGSPLAN))
    plans.close(other_plan)

    # The staged return: a ladder, sessions and a decision.
    start = TODAY - dt.timedelta(weeks=3)
    rplan = ladder.save(
        ReturnPlan(
            pupil.id, 1650, start.isoformat(), steps=(ONE_TO_ONE, SMALL_GROUP), plan_id=plan.id
        )
    )
    first = ladder.draft_session(rplan, start + dt.timedelta(days=1))
    ladder.record(replace(first, note=WORDS["session"]))
    ladder.decide(rplan, DecisionKind.STEP_UP, "Lars Berg", WORDS["decision_reason"])

    # Collaboration: network, consent, a meeting with an action, an old call, a disclosure and
    # a report of concern.
    social = collab.save_organisation(
        Organisation(OrgKind.SOCIAL_SERVICES, WORDS["organisation"], "Barn och unga")
    )
    collab.save_involvement(Involvement(pupil.id, social.id, WORDS["involvement"], since=day(-90)))
    consent = collab.save_consent(
        Consent(
            pupil.id,
            ConsentFrom.BOTH_GUARDIANS,
            "Eva och Per Öhman",
            WORDS["consent"],
            day(-30),
            social.id,
            valid_until=day(60),
        )
    )
    entry = collab.save_entry(
        ContactEntry(
            pupil.id,
            day(-2),
            ContactKind.GUARDIAN_CONTACT,
            Channel.PHONE,
            WORDS["entry"],
            with_whom=WORDS["guardian"],
            actions=(AgreedAction(WORDS["action"], "Lars Berg", day(7)),),
        )
    )
    old_entry = collab.save_entry(
        ContactEntry(
            pupil.id, OLD_DAY, ContactKind.GOOD_NEWS_CALL, Channel.PHONE, WORDS["old_entry"]
        )
    )
    collab.save_entry(
        ContactEntry(other.id, OLD_DAY, ContactKind.GOOD_NEWS_CALL, Channel.PHONE, "Bos samtal")
    )
    disclosure = collab.save_entry(
        ContactEntry(
            pupil.id,
            day(-1),
            ContactKind.DISCLOSURE,
            Channel.PHONE,
            WORDS["disclosure"],
            organisation_id=social.id,
            basis=Basis.CONSENT,
            consent_id=consent.id,
        )
    )
    collab.save_concern(
        ConcernReport(pupil.id, day(-10), social.id, "Maria Lindqvist", WORDS["concern"])
    )

    # Attendance: lessons, a period total and a reported absence, through one import.
    ref = PupilRef(civic_no=CIVIC_NO.replace("-", ""))
    other_ref = PupilRef(full_name="Bo Berg", class_name="7B")
    days = [d for d in weekdays(TODAY - dt.timedelta(days=20), 10) if d <= TODAY]
    result = ReadResult(
        attendance=[*lessons(ref, days, absent={days[-1]}), *lessons(other_ref, days)],
        periods=[
            PeriodRecord(
                "p.csv", 2, ref, dt.date(2015, 8, 17), dt.date(2015, 12, 18), 500, 450, 30, 20
            )
        ],
        absences=[
            ReportedAbsence(
                "a.csv",
                2,
                ref,
                dt.datetime(2015, 9, 1, 8, 0),
                dt.datetime(2015, 9, 1, 16, 0),
                "Anmäld frånvaro",
            )
        ],
    )
    result = replace(result, rows_read=len(result.attendance))
    service = AttendanceImportService(session)
    preview = service.preview(result, "csv", ["narvaro.csv"])
    service.apply(preview, {m.key for m in preview.name_matches})

    # An absence investigation.
    investigations = AbsenceInvestigationService(session)
    investigations.save(
        investigations.draft(pupil.id, WORDS["absence"]).with_changes(outcome=Outcome.PLAN)
    )

    # Handover: an own note, a received one, and the exchange it came in.
    handover = HandoverService(session)
    handover.save(handover.draft(pupil.id).with_changes(strengths=WORDS["handover"]))
    received = HandoverNote(
        pupil_id=pupil.id,
        from_school="Björkskolan",
        from_year="6",
        to_school=session.school_name,
        to_year="7",
        status=HandoverStatus.RECEIVED,
        sender_school="Björkskolan",
        exchange_id="utbyte-1",
        strengths=WORDS["received"],
    )
    with session.case.write() as db:
        note_id = handover_repo.save_note(db, received, session.user.id)
        exchange_repo.record_exchange(
            db,
            exchange_id="utbyte-1",
            direction=exchange_repo.Direction.RECEIVED,
            sender_school="Björkskolan",
            file_created_at=day(-40),
            program_version="0.1.0",
            schema_version=1,
            packets=1,
            user_id=session.user.id,
        )
        exchange_repo.add_item(
            db,
            exchange_id="utbyte-1",
            direction=exchange_repo.Direction.RECEIVED,
            note_id="not-1",
            pupil_id=pupil.id,
            outcome=exchange_repo.ItemOutcome.MATCHED,
            user_id=session.user.id,
            received_note_id=note_id,
        )

    pupils.open(pupil.id)  # a "viewed" entry in the log
    return Fixture(
        pupil=pupils.open(pupil.id),
        other=other,
        plan_id=plan.id,
        closed_plan_id=closed.id,
        entry_id=entry.id,
        old_entry_id=old_entry.id,
        disclosure_id=disclosure.id,
    )


def count_rows(db, pupil_id: str) -> dict[str, int]:
    """Rows per table of the pupil's records (the audit log too), through the foreign keys."""
    from elevhalsa_desktop.store import pupil_records

    counts = {}
    for table in sorted(pupil_records.pupil_record_tables(db) | {"pupil"}):
        sql = _rows_of_pupil(db, table)
        counts[table] = db.execute(f"SELECT count(*) FROM ({sql})", [pupil_id]).fetchone()[0]
    return counts


_PATHS = {
    "pupil": "SELECT * FROM pupil WHERE id = ?",
    "intervention": "SELECT * FROM intervention WHERE plan_id IN"
    " (SELECT id FROM plan WHERE pupil_id = ?)",
    "plan_revision": "SELECT * FROM plan_revision WHERE plan_id IN"
    " (SELECT id FROM plan WHERE pupil_id = ?)",
    "follow_up": "SELECT * FROM follow_up WHERE plan_id IN (SELECT id FROM plan WHERE pupil_id = ?)",
    "follow_up_effect": "SELECT * FROM follow_up_effect WHERE follow_up_id IN (SELECT f.id FROM"
    " follow_up f JOIN plan p ON p.id = f.plan_id WHERE p.pupil_id = ?)",
    "return_step": "SELECT * FROM return_step WHERE return_plan_id IN"
    " (SELECT id FROM return_plan WHERE pupil_id = ?)",
    "return_session": "SELECT * FROM return_session WHERE return_plan_id IN"
    " (SELECT id FROM return_plan WHERE pupil_id = ?)",
    "return_decision": "SELECT * FROM return_decision WHERE return_plan_id IN"
    " (SELECT id FROM return_plan WHERE pupil_id = ?)",
    "agreed_action": "SELECT * FROM agreed_action WHERE entry_id IN"
    " (SELECT id FROM contact_entry WHERE pupil_id = ?)",
}


def _rows_of_pupil(db, table: str) -> str:
    return _PATHS.get(table, f"SELECT * FROM {table} WHERE pupil_id = ?")
