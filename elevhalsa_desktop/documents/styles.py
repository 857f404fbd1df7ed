"""The one style sheet of every printed document, and the page geometry it is measured for.

Sizes are chosen to be read at arm's length by a guardian at a meeting table: 10.5 pt body text
with generous leading, few sizes, one calm accent colour. Documents use these styles and never
make their own, so a plan and an investigation look like they came from the same school.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from .fonts import BOLD, ITALIC, register_fonts

# Page geometry (A4). The side margins leave room for a hole punch and for notes in the margin.
PAGE_WIDTH, PAGE_HEIGHT = A4
SIDE_MARGIN = 22 * mm
TOP_MARGIN_FIRST = 30 * mm  # below the header with the school's name
TOP_MARGIN_LATER = 26 * mm
BOTTOM_MARGIN = 24 * mm  # above the footer
TEXT_WIDTH = PAGE_WIDTH - 2 * SIDE_MARGIN

# Colours: near-black text (pure black glares on white paper), one dark blue for structure,
# greys for what is secondary.
INK = colors.HexColor("#222831")
ACCENT = colors.HexColor("#1F4E79")
MUTED = colors.HexColor("#5B6573")
RULE = colors.HexColor("#C9D1DB")
TABLE_HEAD = colors.HexColor("#EAF0F6")
NOTICE_FILL = colors.HexColor("#FFF3D1")  # warm, for what needs someone's attention
NOTICE_EDGE = colors.HexColor("#C99A2E")

BODY_SIZE = 10.5
TABLE_SIZE = 9.5
SMALL_SIZE = 8.5
LARGE_SIZE = 13.5


@dataclass(frozen=True)
class Styles:
    title: ParagraphStyle
    subtitle: ParagraphStyle
    heading: ParagraphStyle  # a section: "Insatser", "Uppföljning"
    subheading: ParagraphStyle  # a part inside a section
    body: ParagraphStyle
    label: ParagraphStyle  # the left column of a fact table
    table: ParagraphStyle
    table_head: ParagraphStyle
    small: ParagraphStyle  # captions under signature lines, notes
    note: ParagraphStyle  # program-made remarks: "fortsätter nedan", "inga uppgifter"
    # Large type for what a pupil reads ("Min trappa"): a child, or a guardian without glasses.
    large: ParagraphStyle
    large_heading: ParagraphStyle


@cache
def styles() -> Styles:
    family = register_fonts()
    body = ParagraphStyle(
        "body",
        fontName=family,
        fontSize=BODY_SIZE,
        leading=15.5,
        textColor=INK,
        alignment=TA_LEFT,  # ragged right: even word spacing reads better than justified
        spaceAfter=6,
    )
    table = ParagraphStyle("table", parent=body, fontSize=TABLE_SIZE, leading=13.5, spaceAfter=0)
    small = ParagraphStyle("small", parent=body, fontSize=SMALL_SIZE, leading=11, spaceAfter=0)
    return Styles(
        title=ParagraphStyle(
            "title",
            parent=body,
            fontName=BOLD,
            fontSize=20,
            leading=25,
            textColor=ACCENT,
            spaceAfter=4,
        ),
        subtitle=ParagraphStyle(
            "subtitle", parent=body, fontSize=12, leading=16, textColor=MUTED, spaceAfter=0
        ),
        heading=ParagraphStyle(
            "heading",
            parent=body,
            fontName=BOLD,
            fontSize=13.5,
            leading=18,
            textColor=ACCENT,
            spaceBefore=16,
            spaceAfter=6,
            keepWithNext=1,
        ),
        subheading=ParagraphStyle(
            "subheading",
            parent=body,
            fontName=BOLD,
            fontSize=11,
            leading=15,
            spaceBefore=8,
            spaceAfter=3,
            keepWithNext=1,
        ),
        body=body,
        label=ParagraphStyle("label", parent=table, textColor=MUTED),
        table=table,
        table_head=ParagraphStyle("table_head", parent=table, fontName=BOLD),
        small=small,
        note=ParagraphStyle("note", parent=small, fontName=ITALIC, textColor=MUTED),
        large=ParagraphStyle(
            "large", parent=body, fontSize=LARGE_SIZE, leading=LARGE_SIZE * 1.4, spaceAfter=5
        ),
        large_heading=ParagraphStyle(
            "large_heading",
            parent=body,
            fontName=BOLD,
            fontSize=LARGE_SIZE + 3,
            leading=(LARGE_SIZE + 3) * 1.3,
            textColor=ACCENT,
            spaceBefore=10,
            spaceAfter=3,
            keepWithNext=1,
        ),
    )
