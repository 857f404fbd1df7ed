"""The log check on paper ("Loggkontroll – utdrag"): who did the check and when, whether the log
is whole, which entries were chosen (the filter in words), the entries themselves, room for what
the check found, and a line to sign.

The regular check of who has read and changed the pupils' records is made by those responsible
for the records; the signed extract is what shows afterwards that it was made. Like the other
document modules: a pure ``*_story`` function from plain values, no database, no Qt.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Table, TableStyle

from .blocks import (
    EMPTY_VALUE,
    NOTHING_RECORDED,
    fact_table,
    notice,
    paragraph,
    section,
    signature_lines,
    writing_lines,
)
from .styles import ACCENT, RULE, SMALL_SIZE, TABLE_HEAD, TEXT_WIDTH, styles
from .text import markup, para_text, printable

AUDIT_EXTRACT_TITLE = "Loggkontroll – utdrag"
ENTRY_HEADER = ("Tid", "Användare", "Händelse", "Elev", "Detalj")
# The time on one line ("2026-01-05 10:32"); the pupil and the detail get the room.
ENTRY_WIDTHS = (2.45, 2.5, 1.75, 3.0, 3.6)
#: At most this many entries are printed: about 45 pages, and a minute's reading per page is
#: already more than one check can take in. The extract says so when the selection has more.
MAX_EXTRACT_ENTRIES = 2000
_PADDING = 3
INTRO = (
    "Utdrag ur aktens logg: vem som har öppnat, läst, ändrat, skrivit ut och lämnat ut "
    "uppgifter, och när. Den som ansvarar för uppgifterna går regelbundet igenom loggen för att "
    "se att ingen har tagit del av uppgifter utan att behöva dem i sitt arbete."
)
HASH_HELP = (
    "Anteckna postens nummer och kontrollsumma där skolan för sina loggkontroller. Visar samma "
    "post en annan summa vid en senare kontroll (elevhalsa check --post NR), har loggen skrivits "
    "om sedan i dag."
)
SIGNER = "Den som gjort kontrollen"


@dataclass(frozen=True)
class AuditExtract:
    """What the extract shows. ``rows`` are the entries in words: time, user, action, pupil
    and detail; ``total`` is how many entries the selection has (more than ``rows`` when the
    extract was cut short)."""

    checked_by: str
    checked_at: _dt.datetime
    #: True: the chain is whole; False: it is broken; None: it could not be checked.
    chain_ok: bool | None
    chain_text: str
    #: The last entry's number and checksum (``elevhalsa check``); 0 and "" when unknown.
    last_id: int
    fingerprint: str
    selection: Sequence[tuple[str, str]]
    total: int
    rows: Sequence[Sequence[str]]


def number_text(count: int) -> str:
    """ "12 345": thousands apart with a no-break space, the Swedish way."""
    return f"{count:,}".replace(",", "\u00a0")


def count_text(count: int) -> str:
    """ "1 post", "12 345 poster"."""
    return f"{number_text(count)} {'post' if count == 1 else 'poster'}"


def audit_extract_story(extract: AuditExtract) -> list[Flowable]:
    story: list[Flowable] = [*paragraph(INTRO)]
    if extract.chain_ok is False:
        story += notice(
            f"Loggen är inte hel. {extract.chain_text} Ta upp det med den som ansvarar för "
            "informationssäkerheten och spara det här utdraget."
        )
    story += section("Kontrollen")
    facts = [
        ("Gjord av", extract.checked_by),
        ("Datum och tid", f"{extract.checked_at:%Y-%m-%d %H:%M}"),
        ("Loggens kedja", extract.chain_text),
    ]
    if extract.fingerprint:
        facts.append(("Kontrollsumma", f"Post nr {extract.last_id}: {extract.fingerprint}"))
    story += fact_table(facts)
    if extract.fingerprint:
        story.append(Paragraph(para_text(HASH_HELP), _note_after_table()))
    story += section("Urval")
    story += fact_table([*extract.selection, ("Antal poster", count_text(extract.total))])
    story += section("Poster")
    shown = len(extract.rows)
    if shown < extract.total:
        story += notice(
            f"Urvalet har {count_text(extract.total)}. Utdraget visar de {number_text(shown)}"
            " första i den ordning de valdes. Avgränsa perioden eller välj en elev eller"
            " användare för att få med alla."
        )
    story += entry_table(extract.rows)
    # What the check found and the signature belong together: one page, never split.
    story.append(
        KeepTogether(
            [
                *section("Iakttagelser och åtgärder"),
                *writing_lines(4),
                *section("Underskrift"),
                *signature_lines([SIGNER]),
            ]
        )
    )
    return story


def entry_table(rows: Sequence[Sequence[str]]) -> list[Flowable]:
    """The entries, one short row each: a log extract is read down the page, many rows at a
    glance, so the type is small and the rows tight (``data_table`` is for records read one
    by one). The header row repeats on every page. A detail is at most 200 characters, so no
    row can grow taller than a page."""
    if not rows:
        return [Paragraph(para_text(NOTHING_RECORDED), styles().note)]
    cell, head = _cell_styles()
    widths = [TEXT_WIDTH * w / sum(ENTRY_WIDTHS) for w in ENTRY_WIDTHS]
    inner = [w - 2 * _PADDING for w in widths]
    data: list[list] = [[Paragraph(para_text(h), head) for h in ENTRY_HEADER]]
    data += [
        [
            _entry_cell(value or EMPTY_VALUE, room, cell)
            for value, room in zip(row, inner, strict=True)
        ]
        for row in rows
    ]
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 1), (-1, -1), cell.fontName, cell.fontSize, cell.leading),
                ("TEXTCOLOR", (0, 1), (-1, -1), cell.textColor),
                ("LEFTPADDING", (0, 0), (-1, -1), _PADDING),
                ("RIGHTPADDING", (0, 0), (-1, -1), _PADDING),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), TABLE_HEAD),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
                ("LINEBELOW", (0, 1), (-1, -1), 0.3, RULE),
            ]
        )
    )
    return [table]


def _entry_cell(text: str, room: float, style: ParagraphStyle) -> str | Paragraph:
    """Text that fits its column on one line is drawn as it is (a Paragraph for each of
    thousands of cells is what makes a long extract slow); longer text wraps in a Paragraph."""
    plain = printable(text)
    if "\n" not in plain and stringWidth(plain, style.fontName, style.fontSize) <= room:
        return plain
    return Paragraph(markup(plain), style)


def _cell_styles() -> tuple[ParagraphStyle, ParagraphStyle]:
    s = styles()
    cell = ParagraphStyle("audit_cell", parent=s.small, fontSize=SMALL_SIZE, leading=10.5)
    head = ParagraphStyle("audit_head", parent=cell, fontName=s.table_head.fontName)
    return cell, head


def _note_after_table() -> ParagraphStyle:
    return ParagraphStyle("audit_note", parent=styles().note, spaceBefore=4, spaceAfter=2)
