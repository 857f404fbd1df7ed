"""Shared set-up for the handover screens' tests: a year-6 cohort on a real encrypted case file,
made through the services (and, for a received note, the store, as an import would write it)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtWidgets import QApplication

from elevhalsa_desktop.domain.handover import HandoverNote, HandoverStatus
from elevhalsa_desktop.domain.ladder import ReturnPlan
from elevhalsa_desktop.domain.plans import Adjustment
from elevhalsa_desktop.domain.pupil import Pupil
from elevhalsa_desktop.importers.records import PupilRef
from elevhalsa_desktop.services.attendance_import import AttendanceImportService
from elevhalsa_desktop.services.handover import HandoverService
from elevhalsa_desktop.services.ladder import LadderService
from elevhalsa_desktop.services.plans import PlanService
from elevhalsa_desktop.store import handover as handover_repo
from elevhalsa_desktop.ui.form_dialog import FormDialog
from tests.dates import TODAY
from tests.services.attendance_setup import lessons, result, weekdays
from tests.ui.ladder_setup import ONE_TO_ONE, SMALL_GROUP

SUPPORT = "Förberedd inför byten"


def show_dialog(qtbot, dialog: FormDialog, width: int = 900, height: int = 800) -> FormDialog:
    """Show ``dialog`` as the active window. A dialog a failed test leaves open closes without
    the question about unsaved changes, which would wait for an answer that never comes."""
    qtbot.addWidget(dialog, before_close_func=lambda d: d.forget_changes())
    dialog.resize(width, height)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=2000)
    return dialog


def year6(pupils, given: str, family: str, class_name: str = "6A", **changes) -> Pupil:
    return pupils.create(Pupil(given, family, year="6", class_name=class_name, **changes))


def with_adjustment(session, pupil: Pupil) -> None:
    """An extra adjustment in use: support the note can fetch and the cohort flags."""
    PlanService(session).save_adjustment(Adjustment(pupil.id, SUPPORT, subjects="Alla"))


def with_staged_return(session, pupil: Pupil) -> None:
    start = TODAY - dt.timedelta(weeks=3)
    LadderService(session).save(
        ReturnPlan(pupil.id, 1650, start.isoformat(), steps=(ONE_TO_ONE, SMALL_GROUP))
    )


def away_lately(session, pupil: Pupil) -> None:
    """Ten school days of attendance, the last six of them away: a red absence risk."""
    days = [d for d in weekdays(TODAY - dt.timedelta(days=16), 12) if d <= TODAY]
    ref = PupilRef(full_name=pupil.full_name, class_name=pupil.class_name)
    service = AttendanceImportService(session)
    preview = service.preview(result(lessons(ref, days, absent=set(days[-6:]))), "csv", ["x.csv"])
    service.apply(preview, {m.key for m in preview.name_matches})


def received_note(session, pupil: Pupil, sender: str = "Björkskolan", **texts) -> HandoverNote:
    """A note as the import of another school's exchange file stores it."""
    note = HandoverNote(
        pupil_id=pupil.id,
        from_school=sender,
        from_year="6",
        to_school=session.school_name,
        to_year="7",
        status=HandoverStatus.RECEIVED,
        sender_school=sender,
        exchange_id="utbyte-1",
        **texts,
    )
    with session.case.write() as db:
        note_id = handover_repo.save_note(db, note, session.user.id)
    return handover_repo.note(session.db, note_id)


@dataclass(frozen=True)
class Cohort:
    ali: Pupil  # 6A, support, not started
    bo: Pupil  # 6A, draft by Karin Holm, away lately (red)
    cia: Pupil  # 6B, protected identity, handed over to Ekskolan
    dan: Pupil  # 6B, staged return, ready for Ekskolan
    noah: Pupil  # year 5: not in the year-6 cohort


def cohort(session, pupils, handover: HandoverService) -> Cohort:
    ali = year6(pupils, "Ali", "Ahmadi")
    bo = year6(pupils, "Bo", "Berg")
    cia = year6(pupils, "Cia", "Carlsson", "6B", protected_identity=True, address="Hemliggatan 1")
    dan = year6(pupils, "Dan", "Dahl", "6B")
    noah = pupils.create(Pupil("Noah", "Lind", year="5", class_name="5A"))
    with_adjustment(session, ali)
    with_staged_return(session, dan)
    away_lately(session, bo)
    handover.save(handover.draft(bo.id).with_changes(responsible="Karin Holm"))
    handover.save(
        handover.draft(cia.id).with_changes(
            status=HandoverStatus.HANDED_OVER, to_school="Ekskolan", strengths="Bra på bild"
        )
    )
    handover.save(
        handover.draft(dan.id).with_changes(
            status=HandoverStatus.READY, to_school="Ekskolan", support_worked="Lugn start"
        )
    )
    return Cohort(ali, bo, cia, dan, noah)
