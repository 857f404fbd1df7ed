"""The staged-return documents ("Min trappa", the progress report, the week's log sheet),
printed from a real case file through the print service and read back as text."""

from __future__ import annotations

import datetime as dt

import pytest
from reportlab.graphics.shapes import Rect

from elevhalsa_desktop.documents.ladder_chart import progress_chart
from elevhalsa_desktop.documents.ladder_documents import (
    chart_series,
    days_words,
    ladder_story,
    time_words,
)
from elevhalsa_desktop.documents.styles import ACCENT
from elevhalsa_desktop.documents.template import DocumentContext
from elevhalsa_desktop.domain.civic_no import luhn_check_digit
from elevhalsa_desktop.domain.ladder import DecisionKind, ReturnPlan, Step, StepStatus
from elevhalsa_desktop.domain.pupil import Pupil
from elevhalsa_desktop.services.demo_ladder import IN_THE_MIDDLE, LADDER, play
from elevhalsa_desktop.services.ladder import LadderService
from elevhalsa_desktop.services.printing import LADDER_KINDS, DocumentKind, PrintService
from elevhalsa_desktop.store.audit import Action
from tests.documents.story import page_texts
from tests.documents.test_support_documents import pages_text

TODAY = dt.date.today()
CIVIC = "20120314-123" + str(luhn_check_digit("120314123"))


@pytest.fixture
def pupil(pupils):
    return pupils.create(
        Pupil(
            "Åsa-Märta",
            "Öhrström",
            civic_no=CIVIC,
            class_name="7B",
            year="7",
            mentor="Gábor Ősz",
        )
    )


@pytest.fixture
def ladder(session):
    return LadderService(session)


@pytest.fixture
def plan(ladder, pupil):
    """Four months in: stepped up twice, some sessions missed, the suggestion showing."""
    return play(ladder, pupil.id, LADDER, IN_THE_MIDDLE, TODAY)


def test_min_trappa_is_one_page_with_the_first_name_and_no_civic_number(session, plan):
    pages = pages_text(PrintService(session).preview(DocumentKind.LADDER, plan.id))
    assert len(pages) == 1
    text = pages[0]
    for expected in (
        "Min trappa",
        "Åsa-Märta",
        "Här är du nu",
        "Steg 3: En liten grupp",
        "Nästa steg",
        "8 gånger i rad",
        "Du har klarat det som behövs",  # the criterion is met: the suggestion, in plain words
        "Sekretess",  # still confidential when given to the family
    ):
        assert expected in text, expected
    assert "Öhrström" not in text  # the first name only
    assert CIVIC[:8] not in text and CIVIC[-4:] not in text.replace(" ", "")


def test_min_trappa_with_many_long_steps_still_fits_one_page():
    steps = tuple(
        Step(
            f"Ett mycket långt namn på ett steg nummer {n} med ämnen och platser",
            60 * n,
            weekdays=(0, 1, 2, 3, 4),
            start_time="08:00",
            end_time="09:00",
            responsible="Łukasz Nowak",
            criterion_text="Eleven känner sig trygg. " * 12,
            status=StepStatus.CURRENT if n == 4 else StepStatus.PLANNED,
            id=f"s{n}",
        )
        for n in range(1, 9)
    )
    plan = ReturnPlan("p", 1650, "2026-09-01", steps=steps)
    context = DocumentContext(
        school_name="Testskolan",
        printed_by="Maria",
        printed_at=dt.datetime(2026, 11, 23),
        title="Min trappa",
        subtitle="Åsa",
    )
    pages = page_texts(ladder_story(Pupil("Åsa", "Öberg"), plan), context)
    assert len(pages) == 1 and "Här är du nu" in pages[0]


def test_the_progress_report_has_steps_chart_weeks_and_every_decision(session, plan):
    pages = pages_text(PrintService(session).preview(DocumentKind.PROGRESS, plan.id))
    text = " ".join(pages)
    assert f"Sida 1 av {len(pages)}" in pages[0]
    for expected in (
        "Uppföljning av stegvis återgång",
        "Åsa-Märta Öhrström",
        "1650 minuter i veckan",
        "anpassad studiegång",  # no head teacher's decision yet: the warning prints
        "Trappans steg",
        "Tillfällen per vecka",
        "Ett steg upp, från steg 1 till steg 2",
        "Stanna på steget",
        "vi stannar och ser över morgnarna",
        "Maria Lindqvist",
        "Elevens egna ord",
        "min/vecka",  # the chart's axis
    ):
        assert expected in text, expected


def test_a_decided_shortened_day_prints_who_decided_instead_of_the_warning(session, ladder, plan):
    ladder.save(
        plan.with_changes(
            shortened_day_decided_by="Eva Sandberg, rektor", shortened_day_decided_on="2026-08-01"
        )
    )
    text = " ".join(pages_text(PrintService(session).preview(DocumentKind.PROGRESS, plan.id)))
    assert "beslutad 2026-08-01 av Eva Sandberg, rektor" in text
    assert "Rektor ska besluta" not in text


def test_the_chart_plots_exactly_the_services_weekly_numbers(ladder, plan):
    weeks = ladder.progress(plan.id)
    series = chart_series(weeks)
    assert series.planned == tuple(w.planned_minutes for w in weeks)
    assert series.attended == tuple(w.attended_minutes for w in weeks)
    assert series.mondays == tuple(w.monday for w in weeks)
    assert sum(series.planned) == sum(s.planned_minutes for s in ladder.sessions(plan.id))
    kinds = [kind for _, kind in series.markers]
    assert kinds == [d.kind for d in ladder.decisions(plan.id)]
    assert kinds == [DecisionKind.STEP_UP, DecisionKind.STAY, DecisionKind.STEP_UP]
    numbers = {s.id: n for n, s in enumerate(plan.active_steps, 1)}
    assert [numbers[b.step_id] for b in series.bands] == [1, 2, 3]
    # The dark bars are the attended minutes, to scale.
    drawing = progress_chart(series, numbers)
    bars = [s.height for s in drawing.contents if isinstance(s, Rect) and s.fillColor == ACCENT]
    attended = [m for m in series.attended if m]
    bars = bars[: len(attended)]  # the legend's swatch comes last
    assert all(
        abs(b / m - bars[0] / attended[0]) < 1e-9 for b, m in zip(bars, attended, strict=True)
    )


def test_the_log_sheet_lists_the_weeks_expected_sessions(session, plan):
    # A Wednesday: the week runs Monday to Sunday around it, whatever day the tests run.
    wednesday = TODAY - dt.timedelta(days=TODAY.weekday() - 2 + 7)
    monday = wednesday - dt.timedelta(days=2)
    pages = pages_text(
        PrintService(session, today=wednesday).preview(DocumentKind.LOGSHEET, plan.id)
    )
    text = " ".join(pages)
    assert len(pages) == 1
    assert f"Loggblad vecka {monday.isocalendar().week}" in text
    # The current step meets Monday to Thursday, 08:30–10:00.
    for offset in range(4):
        assert (monday + dt.timedelta(days=offset)).isoformat() in text
    assert (monday + dt.timedelta(days=4)).isoformat() not in text.split("Anteckning", 1)[1]
    for expected in ("08:30–10:00", "90 min", "Närvarande minuter", "Mentor", "Åsa-Märta"):
        assert expected in text, expected


def test_printing_names_the_files_and_audits_each_print(session, plan, pupil, pupils, tmp_path):
    printer = PrintService(session, today=dt.date(2026, 11, 23))
    day = dt.date(2026, 11, 23)
    names = {kind: printer.suggested_file_name(kind, plan.id, day) for kind in LADDER_KINDS}
    assert names[DocumentKind.LADDER] == "Min trappa 7B ÅÖ 2026-11-23.pdf"
    assert names[DocumentKind.PROGRESS] == "Uppföljning av stegvis återgång 7B ÅÖ 2026-11-23.pdf"
    assert names[DocumentKind.LOGSHEET] == "Loggblad vecka 48 7B ÅÖ 2026-11-23.pdf"
    folder = tmp_path / "utskrifter"
    folder.mkdir()
    for kind in LADDER_KINDS:
        printer.write(kind, plan.id, folder / names[kind])
    printed = [e for e in pupils.history(pupil.id) if e.action is Action.PRINTED]
    assert len(printed) == 3
    assert sorted(p.name for p in folder.iterdir()) == sorted(names.values())


def test_words_for_the_family():
    assert time_words(40) == "40 minuter i veckan"
    assert time_words(60) == "1 timme i veckan"
    assert time_words(90) == "1,5 timmar i veckan"
    assert time_words(1650) == "27,5 timmar i veckan"
    assert time_words(100) == "100 minuter i veckan"
    step = Step("x", 120, weekdays=(3, 1), start_time="09:00", end_time="10:00")
    assert days_words(step) == "tisdag och torsdag kl. 09.00–10.00"
    assert days_words(Step("x", 60, weekdays=(0, 2, 4))) == "måndag, onsdag och fredag"
    assert days_words(Step("x", 60, weekdays=(0, 1, 2, 3, 4))) == "måndag till fredag"
