"""The handover packet and the class summary, drawn from plain records and read back as text."""

from __future__ import annotations

import io
import os
from datetime import datetime

from pypdf import PdfReader

from elevhalsa_desktop.documents import handover_documents as docs
from elevhalsa_desktop.documents.output import render_pdf_bytes
from elevhalsa_desktop.documents.template import DocumentContext, build_document
from elevhalsa_desktop.domain.ews import Level
from elevhalsa_desktop.domain.handover import (
    FIRST_WEEK_CHOICES,
    LEGAL_BASIS,
    SECTIONS,
    HandoverNote,
    HandoverPacket,
    HandoverStatus,
    PacketPupil,
)

from .story import flat, long_field

PUPIL = PacketPupil(
    "Åsa-Zoé", "Łukasiewicz Öhrn", civic_no="20140312-1237", class_name="6A", year="6"
)
NOTE = HandoverNote(
    pupil_id="p-1",
    from_school="Björkdalsskolan",
    from_year="6",
    to_school="Ekbackens skola",
    to_year="7",
    status=HandoverStatus.READY,
    responsible="Maria Lindqvist",
    strengths="Nyfiken på djur och natur. Ritar gärna.",
    support_worked="Extra anpassning: Förberedd inför byten (Alla)\n  – Möte med mentor varje morgon",
    keep_with="Nora Ek",
    pupil_words="”Jag vill gå med Nora.” <b> och & skrivs som text.",
    first_week="Börja med halva dagar.",
    first_week_choices="early_mentor_talk,seating",
    named_adult="Karin Holm (kurator)",
    receiving_mentor="Gábor Ősz",
    meeting_on="2026-05-20",
    meeting_participants="Maria Lindqvist; Anders Berg",
    meeting_agreed="Besök i juni.",
    id="n-1",
)


def context(title: str = docs.PACKET_TITLE, *, landscape: bool = False) -> DocumentContext:
    return DocumentContext(
        school_name="Björkdalsskolan",
        printed_by="Maria Lindqvist",
        printed_at=datetime(2026, 12, 6, 10, 0),
        title=title,
        subtitle=docs.packet_subtitle(PUPIL),
        landscape=landscape,
    )


def packet_pages(packet: HandoverPacket) -> list[str]:
    pdf = render_pdf_bytes(
        lambda out: build_document(out, context(), docs.handover_packet_story(packet))
    )
    return [flat(page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]


def summary_pdf(lines) -> PdfReader:
    story = docs.class_summary_story(docs.ClassSummary("6A", tuple(lines)))
    pdf = render_pdf_bytes(
        lambda out: build_document(out, context(docs.SUMMARY_TITLE, landscape=True), story)
    )
    return PdfReader(io.BytesIO(pdf))


def test_the_packet_has_every_section_the_legal_basis_and_the_first_week():
    text = " ".join(packet_pages(HandoverPacket(PUPIL, NOTE, "Björkdalsskolan")))
    for _field, heading in SECTIONS:
        assert heading in text
    assert flat(LEGAL_BASIS) in text
    for expected in (
        "Överlämning",
        "Åsa-Zoé Łukasiewicz Öhrn",
        "20140312-1237",  # in full: the receiving school needs it to find the pupil
        "Björkdalsskolan, årskurs 6",
        "Ekbackens skola, årskurs 7",
        "Klar att lämna",
        "Gábor Ősz",
        "Extra anpassning: Förberedd inför byten (Alla)",
        "<b> och & skrivs som text",
        "Samverkansmöte mellan skolorna",
        "2026-05-20",
        "Besök i juni.",
        "Börja med halva dagar.",
        "En namngiven vuxen att gå till: Karin Holm (kurator)",
        "Sida 1 av",
    ):
        assert expected in text, expected
    labels = dict(FIRST_WEEK_CHOICES)
    assert labels["early_mentor_talk"] in text and labels["seating"] in text
    assert labels["visit_before_term"] not in text  # not chosen
    # Empty sections say so: what did not work, attendance, keep apart, guardians, involved.
    assert text.count(docs.NOTHING_NOTED) == 5
    assert "[symbol]" not in text


def test_an_empty_note_shows_every_section_as_empty_and_a_draft_says_so():
    note = HandoverNote(pupil_id="p-1", status=HandoverStatus.DRAFT, id="n-2")
    pupil = PacketPupil("Ali", "Ahmadi", birth_date="2014-05-01", protected_identity=True)
    text = " ".join(packet_pages(HandoverPacket(pupil, note, "Björkdalsskolan")))
    assert text.count(docs.NOTHING_NOTED) == len(SECTIONS)
    assert "Inget möte antecknat." in text
    assert flat(docs.DRAFT_NOTICE) in text
    assert "Skyddade personuppgifter" in text
    assert "Födelsedatum 2014-05-01" in text
    assert docs.UNKNOWN_MENTOR in text


def test_a_long_note_flows_over_several_pages_with_nothing_lost():
    note = NOTE.with_changes(support_not_worked=long_field(4), guardian_view="Émilie Ødegård.")
    pages = packet_pages(HandoverPacket(PUPIL, note, "Björkdalsskolan"))
    assert len(pages) >= 5
    text = " ".join(pages)
    assert "Mening 1:" in text and "Sista meningen i den långa texten." in text
    assert "Émilie Ødegård." in text
    assert all(f"Sida {n} av {len(pages)}" in page for n, page in enumerate(pages, 1))
    assert "Åsa-Zoé Łukasiewicz Öhrn" in pages[-1]  # later pages say whose packet it is


def line(name: str, status=HandoverStatus.READY, **changes) -> docs.SummaryLine:
    return docs.SummaryLine(
        name=name, class_name=changes.pop("class_name", "6A"), status=status, **changes
    )


def test_the_class_summary_has_a_line_per_pupil_with_the_flags():
    lines = [
        line(
            "Ali Ahmadi",
            has_support=True,
            support_worked="Extra anpassning: Förberedd inför byten\nLugn plats",
            keep_with="Nora Ek",
            keep_apart="Noah L.",
            absence_risk=Level.RED,
        ),
        line("Bo Berg", HandoverStatus.NOT_STARTED, has_support=True, staged_return=True),
        line("Cia Carlsson", HandoverStatus.DRAFT, protected_identity=True, class_name="6B"),
        line("Dan Dahl", HandoverStatus.HANDED_OVER, absence_risk=Level.YELLOW, class_name="6B"),
    ]
    reader = summary_pdf(lines)
    page = reader.pages[0]
    assert page.mediabox.width > page.mediabox.height  # A4 on its side
    text = flat(" ".join(p.extract_text() for p in reader.pages))
    for expected in (
        "Överlämning – klassöversikt",
        "4 elever, 3 med överlämning",
        "1 utan överlämning än",
        "Ali Ahmadi",
        "Extra anpassning: Förberedd inför byten",
        "Med: Nora Ek",
        "Inte med: Noah L.",
        "Hög frånvaro",
        "Bo Berg",
        docs.NO_HANDOVER,
        "Har stöd i dag",
        "Pågår",
        "Cia Carlsson",
        "Skyddade personuppgifter",
        "Utkast",
        "Dan Dahl",
        "Förhöjd frånvaro",
        "Överlämnad",
        flat(LEGAL_BASIS),
    ):
        assert expected in text, expected
    # Bo has support and a staged return but no handover, Cia's is a draft without support.
    assert "En elev har stöd eller stegvis återgång i dag men ingen klar överlämning" in text


def test_the_summary_shortens_long_texts_and_survives_an_empty_cohort():
    long = "\n".join(f"Rad {n}: {'mycket text ' * 12}" for n in range(8))
    text = flat(summary_pdf([line("Åsa Öberg", support_worked=long)]).pages[0].extract_text())
    assert "Rad 0:" in text and "Rad 7:" not in text and "…" in text
    empty = flat(summary_pdf([]).pages[0].extract_text())
    assert "Inga elever att visa." in empty and flat(LEGAL_BASIS) in empty


def test_a_worker_writes_a_new_file_readable_by_its_owner_only(tmp_path):
    path = tmp_path / "paket.pdf"
    pages = docs.write_packet_file(path, context(), HandoverPacket(PUPIL, NOTE, "Björkdalsskolan"))
    assert pages == len(PdfReader(path).pages) >= 1
    if os.name == "posix":
        assert path.stat().st_mode & 0o077 == 0
