"""The plan, investigation and adjustments documents, printed from a real case file and read
back as text."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from elevhalsa_desktop.domain.plans import Adjustment, Intervention, Investigation, PlanKind
from elevhalsa_desktop.domain.pupil import Pupil
from elevhalsa_desktop.services.plans import PlanService
from elevhalsa_desktop.services.printing import DocumentKind, PrintService
from elevhalsa_desktop.store.audit import Action

LAST_SENTENCE = "Detta är den allra sista meningen i behovsbeskrivningen."


def pages_text(pdf: bytes) -> list[str]:
    """Each page's text with whitespace collapsed: table cells wrap their text onto lines."""
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


@pytest.fixture
def plans(session):
    return PlanService(session)


@pytest.fixture
def pupil(pupils):
    return pupils.create(
        Pupil("Åsa-Märta", "Öhrström", class_name="7B", year="7", protected_identity=True)
    )


def test_a_plan_prints_name_interventions_decision_and_page_numbers(plans, session, pupil):
    plan = plans.save(
        plans.new_plan(pupil.id, PlanKind.ATGARDSPROGRAM).with_changes(
            needs="Behöver en lugn start.",
            responsible="Łukasz Nowak",
            follow_up_on=(dt.date.today() + dt.timedelta(days=7)).isoformat(),
            decided_by="Rektor Zoltán Kővári",
            decided_on=dt.date.today().isoformat(),
            interventions=(
                Intervention("Enskild undervisning i matematik", responsible="Nguyễn Thị Ánh"),
                Intervention("Liten grupp med Şebnem 🙂", responsible="Karin Holm"),
            ),
        )
    )
    plans.activate(plan)
    text = "\n".join(pages_text(PrintService(session).preview(DocumentKind.PLAN, plan.id)))
    for expected in (
        "Åtgärdsprogram",
        "Åsa-Märta Öhrström",
        "Enskild undervisning i matematik",
        "Łukasz Nowak",
        "Kővári",
        "Nguyễn Thị Ánh",
        "Şebnem",
        "Sida 1 av",
        "Testskolan",
        "överklagas",
        "Skyddade personuppgifter",
    ):
        assert expected in text, expected
    assert "🙂" not in text  # the emoji cannot be drawn: it is replaced visibly, not dropped
    assert "[" in text.split("Şebnem", 1)[1][:12]


def test_a_twenty_page_field_flows_across_pages_to_its_last_sentence(plans, session, pupil):
    long_needs = ("Eleven beskriver sin skoldag och vad som är svårt. " * 30 + "\n\n") * 60
    plan = plans.save(
        plans.new_plan(pupil.id, PlanKind.HANDLINGSPLAN).with_changes(
            needs=long_needs + LAST_SENTENCE
        )
    )
    pages = pages_text(PrintService(session).preview(DocumentKind.PLAN, plan.id))
    assert len(pages) >= 15
    assert f"Sida 1 av {len(pages)}" in pages[0]
    assert LAST_SENTENCE in " ".join(pages)


def test_printing_to_a_file_is_audited_and_named_without_the_full_name(
    plans, session, pupil, tmp_path, pupils
):
    plans.save_adjustment(Adjustment(pupil.id, "Förlängd skrivtid", "Matematik", "2026-09-01"))
    printer = PrintService(session)
    name = printer.suggested_file_name(DocumentKind.ADJUSTMENTS, pupil.id, dt.date(2026, 11, 23))
    assert name == "Extra anpassningar 7B ÅÖ 2026-11-23.pdf"
    folder = tmp_path / "utskrifter"
    folder.mkdir()
    written = printer.write(DocumentKind.ADJUSTMENTS, pupil.id, folder / name)
    assert "Förlängd skrivtid" in "\n".join(pages_text(written.read_bytes()))
    assert pupils.history(pupil.id)[0].action is Action.PRINTED
    assert [p.name for p in folder.iterdir()] == [name]  # no temporary file left behind


def test_an_investigation_prints_every_section(plans, session, pupil):
    item = plans.save_investigation(
        Investigation(
            pupil.id, pupil_view="Jag vill inte sitta längst fram.", strengths="Gillar bild."
        )
    )
    text = "\n".join(pages_text(PrintService(session).preview(DocumentKind.INVESTIGATION, item.id)))
    for expected in (
        "Elevens egen syn",
        "Jag vill inte sitta längst fram.",
        "Hem och fritid",
        "Gillar bild.",
        "Slutsats",
    ):
        assert expected in text, expected
