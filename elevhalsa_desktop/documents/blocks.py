"""The building blocks of every document: sections, fact tables, data tables, long text and
signature lines.

Each takes plain user text (never markup: escaping happens here, so no document can forget it)
and returns a list of flowables, so a document is written as ``story += section("Insatser")``.

No field, however long, may crash a print or be cut off. A ReportLab table row cannot be split
across pages, so a cell taller than ``MAX_CELL_HEIGHT`` shows its beginning and the rest flows in
numbered paragraphs right under the table; long text outside tables is cut into pieces of whole
lines, which the page breaks split cheaply.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from .styles import (
    ACCENT,
    BOTTOM_MARGIN,
    INK,
    MUTED,
    NOTICE_EDGE,
    NOTICE_FILL,
    PAGE_HEIGHT,
    RULE,
    TABLE_HEAD,
    TEXT_WIDTH,
    TOP_MARGIN_LATER,
    styles,
)
from .text import markup, para_text, printable

EMPTY_VALUE = "–"
NOTHING_RECORDED = "Inga uppgifter har registrerats."
SIGNATURE_CAPTIONS = ("Datum", "Underskrift", "Namnförtydligande")

# A row taller than this would leave most of a page empty before it (rows do not split), and a
# row taller than a page would stop the print.
_FRAME_HEIGHT = PAGE_HEIGHT - TOP_MARGIN_LATER - BOTTOM_MARGIN
MAX_CELL_HEIGHT = 0.4 * _FRAME_HEIGHT

# Long text is cut into Paragraphs of this many lines: splitting one Paragraph at each page
# break wraps all of its remaining text again, which makes a 50-page note take many seconds.
# The first piece is short so a heading kept with it never drags a large block to a new page.
_FIRST_PIECE_LINES = 3
_PIECE_LINES = 20
_LONG_LINE_CHARS = 1500

_CELL_PADDING = [
    ("LEFTPADDING", (0, 0), (-1, -1), 5),
    ("RIGHTPADDING", (0, 0), (-1, -1), 5),
    ("TOPPADDING", (0, 0), (-1, -1), 4),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
]
# A header row in the light accent, ruled off from the rows under it.
_HEADED_RULES = [
    ("BACKGROUND", (0, 0), (-1, 0), TABLE_HEAD),
    ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
    ("LINEBELOW", (0, 1), (-1, -1), 0.4, RULE),
]


def section(title: str) -> list[Flowable]:
    """A section heading ("Insatser"); it stays on the page with the start of what follows it
    (ReportLab's keepWithNext; it cannot keep with a KeepTogether, so blocks here avoid it)."""
    return [Paragraph(para_text(title), styles().heading)]


def paragraph(text: str) -> list[Flowable]:
    """Body text of any length: blank lines start new paragraphs, line breaks are kept."""
    return _flowing(printable(text).strip("\n"))


def long_text(title: str, text: str) -> list[Flowable]:
    """A titled free-text field ("Elevens syn"). It flows across as many pages as it needs; an
    empty field says so rather than leaving the reader to wonder."""
    heading = [Paragraph(para_text(title), styles().subheading)] if title else []
    if not text.strip():
        return [*heading, Paragraph(para_text(NOTHING_RECORDED), styles().note)]
    return [*heading, *paragraph(text)]


def fact_table(rows: Sequence[tuple[str, str]]) -> list[Flowable]:
    """Label and value pairs ("Klass", "7B"). An empty value prints as a dash."""
    s = styles()
    widths = [0.3 * TEXT_WIDTH, 0.7 * TEXT_WIDTH]
    overflows: list[_Overflow] = []
    data = [
        [
            Paragraph(para_text(label), s.label),
            _cell(value or EMPTY_VALUE, widths[1], overflows, label),
        ]
        for label, value in rows
    ]
    if not data:
        return []
    table = Table(data, colWidths=widths)
    table.setStyle(
        TableStyle(
            [
                *_CELL_PADDING,
                ("LEFTPADDING", (0, 0), (0, -1), 0),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
            ]
        )
    )
    return [table, *_continuations(overflows)]


def data_table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    col_widths: Sequence[float] | None = None,
) -> list[Flowable]:
    """A table with a header row that repeats on every page it spans.

    ``col_widths`` are relative (``[1, 3, 1]`` gives the middle column three fifths of the
    width); without them the columns are equal.
    """
    s = styles()
    if not rows:
        return [Paragraph(para_text(NOTHING_RECORDED), s.note)]
    weights = list(col_widths or [1] * len(header))
    if len(weights) != len(header) or any(len(row) != len(header) for row in rows):
        raise ValueError("every row needs one cell per column")
    widths = [TEXT_WIDTH * w / sum(weights) for w in weights]
    overflows: list[_Overflow] = []
    data: list[list[Flowable]] = [[Paragraph(para_text(h), s.table_head) for h in header]]
    for row in rows:
        name = _shorten(printable(row[0]).replace("\n", " "), 40)
        data.append(
            [
                _cell(value or EMPTY_VALUE, width, overflows, f"{column}: {name}".rstrip(": "))
                for value, width, column in zip(row, widths, header, strict=True)
            ]
        )
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([*_CELL_PADDING, *_HEADED_RULES]))
    return [table, *_continuations(overflows)]


def form_table(
    header: Sequence[str],
    rows: Sequence[Sequence[str | Flowable]],
    col_widths: Sequence[float],
    row_height: float = 11 * mm,
    keep_whole: bool = False,
) -> list[Flowable]:
    """A table to fill in by hand: like ``data_table``, but an empty cell stays empty (room to
    write, not a dash), every row is tall enough to write in, and the columns are ruled so a
    hand-written word stays in its column. A cell may be a drawing (faces to circle).
    ``keep_whole`` keeps it on one page when it fits one (participants signing a protocol)."""
    s = styles()
    widths = [TEXT_WIDTH * w / sum(col_widths) for w in col_widths]
    data: list[list] = [[Paragraph(para_text(h), s.table_head) for h in header]]
    data += [
        [Paragraph(para_text(c), s.table) if isinstance(c, str) else c for c in row] for row in rows
    ]
    table = Table(
        data, colWidths=widths, rowHeights=[None, *[row_height] * len(rows)], repeatRows=1
    )
    table.setStyle(
        TableStyle(
            [
                *_CELL_PADDING,
                *_HEADED_RULES,
                ("VALIGN", (0, 1), (-1, -1), "MIDDLE"),
                ("LINEAFTER", (0, 0), (-2, -1), 0.4, RULE),
            ]
        )
    )
    if keep_whole:
        _keep_whole(table)
    return [table]


def notice(text: str, width: float = TEXT_WIDTH) -> list[Flowable]:
    """A sentence that must not be overlooked (a decision that is missing), in a framed box;
    ``width`` for a page on its side."""
    table = Table([[Paragraph(para_text(text), styles().body)]], colWidths=[width])
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), NOTICE_FILL),
                ("BOX", (0, 0), (-1, -1), 0.8, NOTICE_EDGE),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    table.spaceBefore = table.spaceAfter = 6
    return [table]


def writing_lines(count: int, line_gap: float = 10 * mm) -> list[Flowable]:
    """``count`` ruled lines to write on, under a question such as "Det här vill jag säga"."""
    table = Table([[""]] * count, colWidths=[TEXT_WIDTH], rowHeights=[line_gap] * count)
    table.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.6, RULE)]))
    return [table]


def signature_lines(labels: Sequence[str]) -> list[Flowable]:
    """A signature block per label ("Rektor", "Vårdnadshavare"): lines to write on, with
    "Datum", "Underskrift" and "Namnförtydligande" under them. The blocks stay together on one
    page, since they sign the same decision, when they fit there with a heading above them."""
    if not labels:
        return []
    whole = _signature_table(labels)
    # Room for a section heading ("Underskrifter") the caller puts right before: it keeps with
    # the table (keepWithNext), and if heading and table together are taller than a page the
    # heading would be moved to a new page and then left there alone.
    heading = styles().heading
    room = _FRAME_HEIGHT - (heading.leading + heading.spaceBefore + heading.spaceAfter)
    if whole.wrap(TEXT_WIDTH, PAGE_HEIGHT)[1] <= room:
        whole.splitByRow = 0
        return [whole]
    # Too many signers for one page: one unbreakable table per signer, so a page breaks only
    # between whole blocks and the heading keeps with the first of them.
    blocks = [_signature_table([label], first=index == 0) for index, label in enumerate(labels)]
    for block in blocks:
        block.splitByRow = 0
    return blocks


def _signature_table(labels: Sequence[str], first: bool = True) -> Table:
    s = styles()
    gap = 8 * mm
    widths = [w * (TEXT_WIDTH - 2 * gap) for w in (0.24, 0.42, 0.34)]
    captions = [Paragraph(c, s.small) for c in SIGNATURE_CAPTIONS]
    rows: list[list] = []
    heights: list[float | None] = []
    commands: list[tuple] = [
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
    ]
    for label in labels:
        top = len(rows)
        rows += [
            [Paragraph(para_text(label), s.subheading), "", "", "", ""],
            ["", "", "", "", ""],  # room to write
            [captions[0], "", captions[1], "", captions[2]],
        ]
        heights += [None, 13 * mm, None]
        commands += [
            ("SPAN", (0, top), (-1, top)),
            ("TOPPADDING", (0, top), (-1, top), 14 if top or not first else 2),
            ("TOPPADDING", (0, top + 2), (-1, top + 2), 3),
            *[("LINEABOVE", (c, top + 2), (c, top + 2), 0.7, INK) for c in (0, 2, 4)],
        ]
    table = Table(
        rows,
        colWidths=[widths[0], gap, widths[1], gap, widths[2]],
        rowHeights=heights,
        spaceAfter=8,
    )
    table.setStyle(TableStyle(commands))
    return table


def _keep_whole(table: Table) -> None:
    """A table that may not split (splitByRow=0) rather than a KeepTogether: ReportLab keeps a
    heading only with a plain flowable. One taller than a page breaks between rows after all."""
    table.splitByRow = int(table.wrap(TEXT_WIDTH, PAGE_HEIGHT)[1] > _FRAME_HEIGHT)


# -- cells that are too tall --------------------------------------------------------------------


@dataclass(frozen=True)
class _Overflow:
    number: int
    where: str  # "Beskrivning: Läsa högt", so the reader finds the cell it continues
    rest: str


def _cell(text: str, width: float, overflows: list[_Overflow], where: str) -> Flowable:
    """A table cell; if the text is too tall for a row, its beginning and a pointer to the
    rest, which is collected in ``overflows``."""
    style = styles().table
    inner = width - 10  # the cell's left and right padding
    plain = printable(text)
    whole = Paragraph(markup(plain), style)
    if _surely_fits(plain, inner) or whole.wrap(inner, 1e9)[1] <= MAX_CELL_HEIGHT:
        return whole
    number = len(overflows) + 1
    pointer = (
        f' <font color="{MUTED.hexval()}"><i>… fortsätter under tabellen [{number}]</i></font>'
    )
    ends = [m.end() for m in re.finditer(r"\S+", plain)]
    fits = _last_fitting(
        len(ends),
        lambda k: _height(markup(plain[: ends[k]]) + pointer, style, inner) <= MAX_CELL_HEIGHT,
    )
    cut = ends[fits] if fits >= 0 else 0
    overflows.append(_Overflow(number, where, plain[cut:].strip()))
    return Paragraph(markup(plain[:cut]) + pointer, style)


def _surely_fits(plain: str, inner: float) -> bool:
    """Whether a cell is too short to reach ``MAX_CELL_HEIGHT`` however it wraps, so that the
    many short cells of a long table (dates, numbers) need no trial layout: at most every
    character as wide as the type is high, and word wrapping at most doubling the lines."""
    size = styles().table
    widest_line = max(1.0, inner)
    lines = plain.count("\n") + 1 + 2 * math.ceil(len(plain) * size.fontSize / widest_line)
    return lines * size.leading <= MAX_CELL_HEIGHT


def _continuations(overflows: Sequence[_Overflow]) -> list[Flowable]:
    s = styles()
    story: list[Flowable] = []
    for overflow in overflows:
        title = f"[{overflow.number}] {overflow.where} (fortsättning)"
        story.append(Paragraph(para_text(title), s.subheading))
        story += _flowing("…" + overflow.rest)
    return story


def _last_fitting(count: int, fits) -> int:
    """The largest k < count with fits(k), for a fits that is true up to some k and false after
    (-1 if none). Grows from small k, so a 20-page text is never wrapped whole."""
    low, high = -1, 0
    while high < count and fits(high):
        low, high = high, high * 2 + 1
    high = min(high, count)
    while high - low > 1:
        middle = (low + high) // 2
        if fits(middle):
            low = middle
        else:
            high = middle
    return low


def _height(text_markup: str, style, width: float) -> float:
    return Paragraph(text_markup, style).wrap(width, 1e9)[1]


def _shorten(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


# -- long text ----------------------------------------------------------------------------------


def _flowing(text: str) -> list[Flowable]:
    """Paragraph flowables for printable text: a blank line ends a paragraph, a single line
    break starts a new line inside it, and long lines are cut into pieces of whole lines."""
    s = styles()
    # Lines of one paragraph touch; the body style's space after separates paragraphs.
    tight = s.body.clone("body_tight", spaceAfter=0)
    story: list[Flowable] = []
    for block in re.split(r"\n[ \t]*\n\s*", text):
        lines = [line for line in block.split("\n") if line.strip()] or [""]
        pieces = [piece for line in lines for piece in _pieces(line, tight)]
        for piece in pieces[:-1]:
            story.append(Paragraph(markup(piece), tight))
        story.append(Paragraph(markup(pieces[-1]), s.body))
    return story


def _pieces(line: str, style) -> list[str]:
    """``line`` cut at line ends into pieces that wrap exactly as the whole would."""
    if len(line) < _LONG_LINE_CHARS:
        return [line]
    whole = Paragraph(markup(line), style)
    whole.wrap(TEXT_WIDTH, 1e9)
    counts = [_word_count(wrapped) for wrapped in whole.blPara.lines]
    words = line.split()
    # A word too long for a line is split by ReportLab; then counting words would misplace
    # the cut, so such a line stays whole.
    if sum(counts) != len(words):
        return [line]
    pieces, start, taken, size = [], 0, 0, _FIRST_PIECE_LINES
    while start < len(counts):
        count = sum(counts[start : start + size])
        pieces.append(" ".join(words[taken : taken + count]))
        start, taken, size = start + size, taken + count, _PIECE_LINES
    return pieces


def _word_count(wrapped) -> int:
    """Words on one line ReportLab has broken: a (space, words) tuple for plain text, a
    FragLine of text fragments otherwise."""
    if isinstance(wrapped, tuple):
        return len(wrapped[1])
    return len("".join(frag.text for frag in wrapped.words).split())
