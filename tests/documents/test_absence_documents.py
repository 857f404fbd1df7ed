"""The absence investigation document ("Utredning av frånvaro"), printed from a real case file
with imported attendance and read back as text."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from elevhalsa_desktop.documents.absence_documents import (
    NOT_REPORTED_NOTICE,
    absence_investigation_story,
    minutes_text,
    run_text,
)
from elevhalsa_desktop.domain.absence_investigation import LEGAL_BASIS, Outcome
from elevhalsa_desktop.domain.ews import Figures, Level, Window
from elevhalsa_desktop.domain.pupil import Pupil
from elevhalsa_desktop.importers.records import PupilRef
from elevhalsa_desktop.services.absence_investigations import AbsenceInvestigationService
from elevhalsa_desktop.services.attendance_import import AttendanceImportService
from elevhalsa_desktop.services.printing import DocumentKind, PrintService
from tests.dates import TODAY, day
from tests.services.attendance_setup import lessons, result, weekdays

from .story import CONTEXT, page_texts


def pages_text(pdf: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def pupil(pupils):
    return pupils.create(Pupil("Åsa-Märta", "Öhrström", class_name="8B", year="8"))


def import_absence(session, pupil, whole_days_away: int = 6):
    """Six weeks of five lessons a day, the last ``whole_days_away`` school days away."""
    start = TODAY - dt.timedelta(weeks=6)
    days = [d for d in weekdays(start - dt.timedelta(days=start.weekday()), 35) if d <= TODAY]
    ref = PupilRef(
        given_name=pupil.given_name, family_name=pupil.family_name, class_name=pupil.class_name
    )
    away = set(days[-whole_days_away:]) if whole_days_away else set()
    service = AttendanceImportService(session)
    preview = service.preview(result(lessons(ref, days, unexcused=away)), "csv", ["n.csv"])
    service.apply(preview, {m.key for m in preview.name_matches})


def investigation(session, pupil, **changes):
    service = AbsenceInvestigationService(session, today=lambda: TODAY)
    draft = service.draft(pupil.id, "Sex hela dagar borta i följd, 18 % frånvaro.")
    return service.save(draft.with_changes(noticed_on=day(-3), started_on=day(-2), **changes))


def test_the_document_has_every_section_and_the_attendance_figures(session, pupil):
    import_absence(session, pupil)
    item = investigation(
        session,
        pupil,
        pupil_took_part=True,
        team_took_part=True,
        participants="Lena Ahlgren, kurator",
        findings="Eleven berättar om oro inför idrotten.",
        reported_on=day(-1),
        outcome=Outcome.PLAN,
    )
    printer = PrintService(session, today=TODAY)
    pages = pages_text(printer.preview(DocumentKind.ABSENCE_INVESTIGATION, item.id))
    text = " ".join(pages)
    for expected in (
        "Utredning av frånvaro",
        "Åsa-Märta Öhrström",
        "8B",
        flat(LEGAL_BASIS)[:60],
        "Vad som uppmärksammades",
        "Sex hela dagar borta i följd",
        "Utredningen inledd",
        "Vilka som har deltagit",
        "Lena Ahlgren, kurator",
        "Har inte deltagit än",  # the guardians
        "Närvaro när utredningen skrevs ut",
        "Terminen hittills",
        "Senaste fyra veckorna",
        "Frånvaro totalt",
        "varav ogiltig",
        "6 skoldagar i rad",
        "Vad utredningen har kommit fram till",
        "oro inför idrotten",
        "Anmäld till huvudmannen " + day(-1),
        "Plan med insatser",
        "Ansvarig för utredningen",
        "Rektor",
        "Namnförtydligande",
        "Sida 1 av",
        "Sekretess enligt OSL",
    ):
        assert expected in text, expected
    assert "Inte anmäld än" not in text
    assert 1 <= len(pages) <= 3


def test_a_not_reported_investigation_says_so(session, pupil):
    import_absence(session, pupil)
    item = investigation(session, pupil)
    text = " ".join(
        pages_text(PrintService(session).preview(DocumentKind.ABSENCE_INVESTIGATION, item.id))
    )
    assert "Anmäld till huvudmannen Inte anmäld än" in text
    assert flat(NOT_REPORTED_NOTICE) in text
    assert "Pågår" in text and "Inte bestämt än" in text


def test_without_attendance_the_document_says_what_to_do(session, pupil):
    item = investigation(session, pupil)
    text = " ".join(
        pages_text(PrintService(session).preview(DocumentKind.ABSENCE_INVESTIGATION, item.id))
    )
    assert "ingen importerad närvaro" in text and "Frånvaro totalt" not in text


def test_a_protected_pupils_address_never_appears():
    # Straight to the story: the store would already have dropped the address on saving.
    pupil = Pupil(
        "Kim",
        "Ek",
        class_name="7A",
        protected_identity=True,
        address="Hemliga gatan 12",
        id="p1",
    )
    from elevhalsa_desktop.domain.absence_investigation import AbsenceInvestigation

    item = AbsenceInvestigation(pupil_id="p1", noticed_on=day(-3), started_on=day(-3))
    window = Window(TODAY - dt.timedelta(days=27), TODAY, "senaste fyra veckorna")
    figures = Figures(window, offered=600, attended=480, excused=60, unexcused=60, level=Level.RED)
    text = flat(
        " ".join(page_texts(absence_investigation_story(pupil, item, [("4v", figures)], TODAY)))
    )
    assert "Hemliga" not in text
    assert "Skyddade personuppgifter" in text
    assert "20 %" in text and "10 %" in text  # total, excused and unexcused shares


def test_printing_is_audited_and_the_file_name_has_no_name(session, pupil, tmp_path):
    import_absence(session, pupil, whole_days_away=0)
    item = investigation(session, pupil)
    printer = PrintService(session, today=TODAY)
    name = printer.suggested_file_name(DocumentKind.ABSENCE_INVESTIGATION, item.id, TODAY)
    assert name == f"Utredning av frånvaro 8B ÅÖ {TODAY.isoformat()}.pdf"
    written = printer.write(DocumentKind.ABSENCE_INVESTIGATION, item.id, tmp_path / name)
    assert written.exists()
    detail = session.db.execute(
        "SELECT detail FROM audit_log WHERE action = 'printed' AND pupil_id = ?", [pupil.id]
    ).fetchone()[0]
    assert detail == f"frånvaroutredning {item.id}"


def test_small_texts():
    assert minutes_text(45) == "45 min"
    assert minutes_text(360) == "6 tim"
    assert minutes_text(18_750) == "312 tim 30 min"
    assert run_text(0) == "Ingen hel dag borta"
    assert run_text(1) == "1 skoldag"
    assert CONTEXT.title  # the shared test context is used for the straight-to-story print
