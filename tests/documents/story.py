"""A small action programme built with the shared blocks: the document the tests print.

Fictitious people throughout; names with letters from several languages on purpose.
"""

from __future__ import annotations

import io
import re
from datetime import datetime

from pypdf import PdfReader

from elevhalsa_desktop.documents.blocks import (
    data_table,
    fact_table,
    long_text,
    paragraph,
    section,
    signature_lines,
)
from elevhalsa_desktop.documents.output import render_pdf_bytes
from elevhalsa_desktop.documents.template import DocumentContext, build_document

PUPIL = "Åsa Öberg-Ähl"
CONTEXT = DocumentContext(
    school_name="Björkängsskolan",
    printed_by="Maria Lindqvist",
    printed_at=datetime(2026, 11, 23, 14, 5),
    title="Åtgärdsprogram",
    subtitle=f"{PUPIL}, klass 7B",
)

LONG_SENTENCE = "Eleven berättar att raster och övergångar mellan lektioner är svårast. "


def long_field(pages: int) -> str:
    """Free text of about ``pages`` pages, numbered sentence by sentence, with paragraphs."""
    sentences = [f"Mening {i}: {LONG_SENTENCE}" for i in range(1, pages * 45)]
    blocks = [" ".join(sentences[i : i + 12]) for i in range(0, len(sentences), 12)]
    return "\n\n".join(blocks) + "\n\nSista meningen i den långa texten."


def interventions(count: int) -> list[list[str]]:
    rows = [
        [
            "Anpassad schemaläggning",
            "Kortare dagar under fyra veckor, sedan trappas tiden upp en lektion i veckan.",
            "Nguyễn Thị Ánh",
            "2026-09-01 – 2026-12-18",
        ],
        [
            "Stöd i matematik",
            "Enskild undervisning två gånger i veckan med speciallärare; <b> och & skrivs som text.",
            "Łukasz Kowalski",
            "2026-09-15 – 2027-01-31",
        ],
        [
            "Samtal med kurator",
            "Varannan vecka. Eleven väljer själv om en vårdnadshavare är med. 🙂",
            "Şebnem Öztürk",
            "2026-10-01 –",
        ],
    ]
    return [rows[i % len(rows)] for i in range(count)]


def action_programme(*, long_pages: int = 0, rows: int = 3) -> list:
    story = [
        *fact_table(
            [
                ("Elev", PUPIL),
                ("Klass", "7B"),
                ("Mentor", "Gábor Ősz"),
                ("Ansvarig för programmet", "Maria Lindqvist, elevhälsosamordnare"),
                ("Uppföljning", "2027-01-15, Maria Lindqvist"),
                ("Beslutat", ""),
            ]
        ),
        *section("Behov"),
        *paragraph(
            "Åsa behöver en förutsägbar skoldag med färre övergångar.\n"
            "Hon behöver också stöd för att komma ikapp i matematik."
        ),
        *long_text("Elevens syn", "”Jag vill vara i skolan, men korridoren är för stökig.”"),
        *long_text("Vårdnadshavares syn", ""),
        *section("Insatser"),
        *data_table(
            ["Insats", "Beskrivning", "Ansvarig", "Period"],
            interventions(rows),
            col_widths=[2.2, 4, 2, 2],
        ),
    ]
    if long_pages:
        story += section("Kartläggning")
        story += long_text("Skolans syn", long_field(long_pages))
    story += section("Underskrifter")
    story += signature_lines(["Rektor", "Vårdnadshavare"])
    return story


def page_texts(story: list, context: DocumentContext = CONTEXT) -> list[str]:
    """Print ``story`` in memory and read each page's text back, as a reader's PDF tool would."""
    pdf = render_pdf_bytes(lambda out: build_document(out, context, story))
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def flat(text: str) -> str:
    """Text with every run of white space as one space: line breaks fall anywhere in a PDF."""
    return re.sub(r"\s+", " ", text)
