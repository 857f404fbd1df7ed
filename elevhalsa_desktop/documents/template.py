"""The page layout every document shares: A4, header with the school and the confidentiality
marking, the title on the first page, and a footer with who printed it, when, and "Sida X av Y".

A loose page must still say where it belongs: later pages repeat the title (and the subtitle,
usually the pupil) in a quiet header line.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import BinaryIO

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    FrameBreak,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
)
from reportlab.platypus.flowables import _listWrapOn

from .fonts import BOLD, FAMILY
from .styles import (
    ACCENT,
    BOTTOM_MARGIN,
    INK,
    MUTED,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    RULE,
    SIDE_MARGIN,
    SMALL_SIZE,
    TOP_MARGIN_FIRST,
    TOP_MARGIN_LATER,
    styles,
)
from .text import para_text, printable

# Markings. A school may write its own; an åtgärdsprogram that has been decided is a public
# record, with the sensitive parts in a confidential annex.
CONFIDENTIAL = "Sekretess enligt OSL 23 kap. 2 §"
PUBLIC_RECORD = "Allmän handling"

HEADER_DROP = 15 * mm  # from the top edge of the page to the header's baseline
HEADER_BASELINE = PAGE_HEIGHT - HEADER_DROP
FOOTER_BASELINE = 13 * mm


@dataclass(frozen=True, kw_only=True)
class DocumentContext:
    """What the frame of every page says. ``subtitle`` (usually the pupil's name and class)
    follows the title on the first page and stands in the header of later pages."""

    school_name: str
    printed_by: str
    printed_at: datetime
    title: str
    marking: str = CONFIDENTIAL
    subtitle: str = ""
    #: A4 on its side, for a wide table (a class summary); the margins stay the same.
    landscape: bool = False

    @property
    def page_size(self) -> tuple[float, float]:
        return (PAGE_HEIGHT, PAGE_WIDTH) if self.landscape else (PAGE_WIDTH, PAGE_HEIGHT)

    @property
    def text_width(self) -> float:
        return self.page_size[0] - 2 * SIDE_MARGIN

    @property
    def printed_line(self) -> str:
        return f"Utskriven av {self.printed_by}, {self.printed_at:%Y-%m-%d %H:%M}"


class _KeepWithStart(KeepTogether):
    """What ``keepWithNext`` (headings) builds: the heading stays with the *start* of what
    follows. ReportLab's KeepTogether moves heading and follower to a new page whenever the
    whole follower does not fit, which leaves half a page empty before every long table."""

    def split(self, aW: float, aH: float) -> list[Flowable]:
        *heads, follower = self._content
        frame = getattr(self, "_frame", None)
        if not heads or (frame is not None and getattr(frame, "_atTop", False)):
            return list(self._content)  # alone, or at the top: a new page gives no more room
        _, head_height = _listWrapOn(heads, aW, self.canv)
        # The frame adds the space before the first heading and between heading and follower
        # (the larger of the two spaces that meet), which _listWrapOn leaves out.
        gap = max(heads[-1].getSpaceAfter(), follower.getSpaceBefore())
        room = aH - heads[0].getSpaceBefore() - head_height - gap
        if room > 0:
            _, height = follower.wrapOn(self.canv, aW, room)
            if height <= room or _starts_here(follower.splitOn(self.canv, aW, room)):
                return list(self._content)
        return [FrameBreak(), *self._content]


def _starts_here(parts: list[Flowable]) -> bool:
    """Whether a split puts something on this page: a paragraph or table that cannot give even
    its first line or row splits into nothing, a block kept together begins with a break."""
    return bool(parts) and not isinstance(parts[0], type(FrameBreak))


class SchoolDocTemplate(BaseDocTemplate):
    """A4 document with a first-page and a later-page layout. ``build(story)`` puts the title
    in front of the story and numbers the pages "Sida X av Y"."""

    def __init__(self, out: BinaryIO, context: DocumentContext):
        width, height = context.page_size
        super().__init__(
            out,
            pagesize=(width, height),
            leftMargin=SIDE_MARGIN,
            rightMargin=SIDE_MARGIN,
            topMargin=TOP_MARGIN_LATER,
            bottomMargin=BOTTOM_MARGIN,
            title=printable(context.title),
            author=printable(context.printed_by),
            subject=printable(context.marking),
            creator="Elevhälsa Desktop",
            lang="sv-SE",
            keepTogetherClass=_KeepWithStart,
            initialFontName=FAMILY,  # else every page declares Helvetica, a font not embedded
        )
        self.context = context
        self.addPageTemplates(
            [
                PageTemplate(
                    "first",
                    [_frame(TOP_MARGIN_FIRST, width, height)],
                    onPage=self._draw_first_page,
                    autoNextPageTemplate="later",
                ),
                PageTemplate(
                    "later",
                    [_frame(TOP_MARGIN_LATER, width, height)],
                    onPage=self._draw_later_page,
                ),
            ]
        )

    def build(self, story: Sequence[Flowable]) -> None:  # type: ignore[override]
        s = styles()
        head: list[Flowable] = [Paragraph(para_text(self.context.title), s.title)]
        if self.context.subtitle:
            head.append(Paragraph(para_text(self.context.subtitle), s.subtitle))
        head.append(Spacer(0, 10))
        super().build([*head, *story], canvasmaker=partial(_NumberedCanvas, self._draw_page_number))

    # -- page furniture ---------------------------------------------------------------------

    def _draw_first_page(self, canvas: Canvas, _doc: BaseDocTemplate) -> None:
        self._draw_header(canvas, printable(self.context.school_name), BOLD, 10.5, ACCENT)
        self._draw_footer(canvas)

    def _draw_later_page(self, canvas: Canvas, _doc: BaseDocTemplate) -> None:
        parts = [self.context.school_name, self.context.title, self.context.subtitle]
        left = " · ".join(printable(p) for p in parts if p)
        self._draw_header(canvas, left, FAMILY, SMALL_SIZE, MUTED)
        self._draw_footer(canvas)

    def _draw_header(
        self, canvas: Canvas, left: str, font: str, size: float, colour: object
    ) -> None:
        marking = printable(self.context.marking)
        marking_width = stringWidth(marking, BOLD, SMALL_SIZE + 0.5)
        page_width, page_height = self.context.page_size
        baseline = page_height - HEADER_DROP
        canvas.saveState()
        canvas.setFillColor(INK)
        canvas.setFont(BOLD, SMALL_SIZE + 0.5)
        canvas.drawRightString(page_width - SIDE_MARGIN, baseline, marking)
        canvas.setFillColor(colour)
        canvas.setFont(font, size)
        room = self.context.text_width - marking_width - 12
        canvas.drawString(SIDE_MARGIN, baseline, _fit(left, font, size, room))
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        rule_y = baseline - 6
        canvas.line(SIDE_MARGIN, rule_y, page_width - SIDE_MARGIN, rule_y)
        canvas.restoreState()

    def _draw_footer(self, canvas: Canvas) -> None:
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        rule_y = FOOTER_BASELINE + SMALL_SIZE + 4
        canvas.line(SIDE_MARGIN, rule_y, self.context.page_size[0] - SIDE_MARGIN, rule_y)
        canvas.setFont(FAMILY, SMALL_SIZE)
        canvas.setFillColor(MUTED)
        room = self.context.text_width - 80
        line = _fit(printable(self.context.printed_line), FAMILY, SMALL_SIZE, room)
        canvas.drawString(SIDE_MARGIN, FOOTER_BASELINE, line)
        canvas.restoreState()

    def _draw_page_number(self, canvas: Canvas, page: int, total: int) -> None:
        right = self.context.page_size[0] - SIDE_MARGIN
        canvas.saveState()
        canvas.setFont(FAMILY, SMALL_SIZE)
        canvas.setFillColor(MUTED)
        canvas.drawRightString(right, FOOTER_BASELINE, f"Sida {page} av {total}")
        canvas.restoreState()


def build_document(out: BinaryIO, context: DocumentContext, story: Sequence[Flowable]) -> None:
    """Draw ``story`` as a school document into ``out`` (a file or BytesIO)."""
    SchoolDocTemplate(out, context).build(story)


def _frame(top_margin: float, page_width: float, page_height: float) -> Frame:
    return Frame(
        SIDE_MARGIN,
        BOTTOM_MARGIN,
        page_width - 2 * SIDE_MARGIN,
        page_height - top_margin - BOTTOM_MARGIN,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="text",
    )


def _fit(text: str, font: str, size: float, width: float) -> str:
    """``text`` shortened with "…" to ``width``: a long school name must not run into the
    marking."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


class _NumberedCanvas(Canvas):
    """Holds the pages back until the end, when the total is known, then stamps "Sida X av Y"
    on each. One pass instead of building the document twice."""

    def __init__(self, draw_number: Callable[[Canvas, int, int], None], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._draw_number = draw_number
        self._pages: list[dict] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._draw_number(self, self._pageNumber, total)
            super().showPage()
        super().save()
