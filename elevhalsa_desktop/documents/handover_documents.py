"""The handover at a stage transition on paper: the pupil's packet for the receiving school, and
the class summary (one line per pupil) that lets the receiving school have support ready on the
first day.

Like ``support_documents``: pure ``*_story`` functions from plain records, no database, no Qt.
``write_packet_file`` and ``write_summary_file`` draw a finished document into a new file; the
batch print runs them in worker processes, so they take only picklable data (the packet, the
summary lines and the page context) and import nothing but ReportLab and this package.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from ..domain.ews import Level
from ..domain.handover import (
    FIRST_WEEK_CHOICES,
    LEGAL_BASIS,
    SECTIONS,
    HandoverPacket,
    HandoverStatus,
    PacketPupil,
)
from ..domain.pupil import YEAR_LABELS
from .blocks import EMPTY_VALUE, fact_table, notice, paragraph, section
from .styles import (
    ACCENT,
    MUTED,
    PAGE_HEIGHT,
    RULE,
    SIDE_MARGIN,
    TABLE_HEAD,
    styles,
)
from .support_documents import PROTECTED_NOTE
from .template import DocumentContext, SchoolDocTemplate
from .text import markup, para_text, printable

PACKET_TITLE = "Överlämning"
SUMMARY_TITLE = "Överlämning – klassöversikt"
NOTHING_NOTED = "Inget antecknat."
NO_HANDOVER = "Ingen överlämning än"
UNKNOWN_MENTOR = "Inte känd än"
DRAFT_NOTICE = (
    "Överlämningen är ett utkast: den avlämnande skolan arbetar fortfarande med den och den kan "
    "ändras."
)
SUMMARY_NOTE = (
    "Texterna är förkortade här; hela texten står i varje elevs överlämning. Frånvaron gäller "
    "den här terminen enligt skolans gränser för tidig varning."
)
ATTENDANCE_WORDS = {
    Level.NO_DATA: "Ingen närvarodata",
    Level.GREEN: "Ingen varning",
    Level.YELLOW: "Förhöjd frånvaro",
    Level.RED: "Hög frånvaro",
}
SUMMARY_COLUMNS = (
    # (heading, width in mm): together the text width of A4 on its side (253 mm)
    ("Elev", 40),
    ("Klass", 14),
    ("Överlämning", 28),
    ("Stöd att ha klart", 75),
    ("Kamrater", 52),
    ("Frånvaro", 24),
    ("Stegvis återgång", 20),
)
# How much of a long text a summary cell shows.
_SUMMARY_LINES = 3
_SUMMARY_CHARS = {"support": 160, "keep": 90}
_MIN_PART = 30  # a cut line shows at least this much, or is left out


# -- the packet ------------------------------------------------------------------------------------


def packet_subtitle(pupil: PacketPupil) -> str:
    """ "Elsa Öberg, klass 6A": on the first page under the title, in the header after it."""
    return f"{pupil.full_name}, klass {pupil.class_name}" if pupil.class_name else pupil.full_name


def handover_packet_story(packet: HandoverPacket) -> list[Flowable]:
    """Who the pupil is and the transition, the legal basis, every section of the note (an
    empty one says so), the first week and the meeting between the schools."""
    pupil, note = packet.pupil, packet.note
    status = note.status.label
    if note.status is HandoverStatus.HANDED_OVER and note.handed_over_on:
        status += f" {note.handed_over_on}"
    story: list[Flowable] = [
        *fact_table(
            [
                ("Elev", pupil.full_name),
                _identity_row(pupil),
                ("Klass", pupil.class_name),
                ("Från", _school_and_year(packet.sender_school, note.from_year)),
                ("Till", _school_and_year(note.to_school, note.to_year)),
                ("Status", status),
                ("Ansvarig på avlämnande skola", note.responsible),
                ("Mentor på mottagande skola", note.receiving_mentor or UNKNOWN_MENTOR),
            ]
        ),
        *notice(LEGAL_BASIS),
    ]
    if note.status is HandoverStatus.DRAFT:
        story += notice(DRAFT_NOTICE)
    if pupil.protected_identity:
        story += [*section("Skyddade personuppgifter"), *paragraph(PROTECTED_NOTE)]
    for name, heading in SECTIONS:
        story += section(heading)
        if name == "first_week":
            story += _first_week(packet)
        else:
            story += _text_or_nothing(getattr(note, name))
    story += _meeting(packet)
    return story


def _identity_row(pupil: PacketPupil) -> tuple[str, str]:
    """The civic number in full, as on every document: the receiving school needs it to find
    the pupil. Without one, the birth date."""
    if not pupil.civic_no and pupil.birth_date:
        return ("Födelsedatum", pupil.birth_date)
    return ("Personnummer", pupil.civic_no)


def _school_and_year(school: str, year: str) -> str:
    """ "Björkdalsskolan, årskurs 6" (the domain's "åk 6 → åk 7" needs an arrow the embedded
    font does not have)."""
    label = YEAR_LABELS.get(year, year)
    return ", ".join(p for p in (school, label[:1].lower() + label[1:] if label else "") if p)


def _text_or_nothing(text: str) -> list[Flowable]:
    if not text.strip():
        return [Paragraph(para_text(NOTHING_NOTED), styles().note)]
    return paragraph(text)


def _first_week(packet: HandoverPacket) -> list[Flowable]:
    note = packet.note
    chosen = set(note.choices)
    items = []
    for key, label in FIRST_WEEK_CHOICES:
        if key == "named_adult" and note.named_adult.strip():
            items.append(f"{label}: {note.named_adult.strip()}")
        elif key in chosen:
            items.append(label)
    story: list[Flowable] = [_bullet(item) for item in items]
    if note.first_week.strip():
        story += paragraph(note.first_week)
    return story or _text_or_nothing("")


def _bullet(text: str) -> Paragraph:
    body = styles().body
    style = body.clone("bullet", leftIndent=14, bulletIndent=3, spaceAfter=2)
    return Paragraph(para_text(text), style, bulletText="•")


def _meeting(packet: HandoverPacket) -> list[Flowable]:
    note = packet.note
    story = section("Samverkansmöte mellan skolorna")
    if not (note.meeting_on or note.meeting_participants.strip() or note.meeting_agreed.strip()):
        return [*story, Paragraph(para_text("Inget möte antecknat."), styles().note)]
    story += fact_table([("Datum", note.meeting_on), ("Deltagare", note.meeting_participants)])
    story.append(Paragraph(para_text("Överenskommet"), styles().subheading))
    return story + _text_or_nothing(note.meeting_agreed)


# -- the class summary -------------------------------------------------------------------------


@dataclass(frozen=True)
class SummaryLine:
    """One pupil of the cohort as the class summary shows it; the texts are the note's, whole
    (the summary shortens them). A pupil without a note has empty texts and ``has_note`` False."""

    name: str
    class_name: str
    status: HandoverStatus
    has_support: bool = False
    staged_return: bool = False
    protected_identity: bool = False
    absence_risk: Level = Level.NO_DATA
    support_worked: str = ""
    keep_with: str = ""
    keep_apart: str = ""

    @property
    def has_note(self) -> bool:
        return self.status is not HandoverStatus.NOT_STARTED


@dataclass(frozen=True)
class ClassSummary:
    """What the summary is of: "Årskurs 6, klass 6A" and its pupils in the cohort's order."""

    scope: str
    lines: tuple[SummaryLine, ...]


def summary_subtitle(year: str, class_name: str = "", selected: bool = False) -> str:
    """ "Årskurs 6, klass 6A", "Årskurs 6, alla klasser", "Årskurs 6, klass 6A, urval"."""
    label = YEAR_LABELS.get(year, f"Årskurs {year}")
    text = f"{label}, klass {class_name}" if class_name else f"{label}, alla klasser"
    return f"{text}, urval" if selected else text


def class_summary_story(summary: ClassSummary) -> list[Flowable]:
    """A count, the legal basis and one line per pupil: support to have ready, who to keep
    together and apart, the attendance flag, a staged return and the handover's status. Drawn
    on A4 on its side (``DocumentContext(landscape=True)``)."""
    lines = summary.lines
    story: list[Flowable] = [*paragraph(_count_text(lines)), *paragraph(LEGAL_BASIS)]
    worrying = sum(
        1
        for line in lines
        if (line.has_support or line.staged_return)
        and line.status in (HandoverStatus.NOT_STARTED, HandoverStatus.DRAFT)
    )
    if worrying:
        story += notice(
            f"{_pupils(worrying).capitalize()} har stöd eller stegvis återgång i dag men ingen "
            "klar överlämning. Stödet följer bara med om det skrivs in i överlämningen.",
            _LANDSCAPE_WIDTH,
        )
    if not lines:
        return [*story, Paragraph(para_text("Inga elever att visa."), styles().note)]
    story.append(_summary_table(lines))
    story.append(Paragraph(para_text(SUMMARY_NOTE), styles().note))
    return story


def _pupils(count: int) -> str:
    return "en elev" if count == 1 else f"{count} elever"


def _count_text(lines: Sequence[SummaryLine]) -> str:
    with_note = [line for line in lines if line.has_note]
    text = f"{_pupils(len(lines)).capitalize()}, {len(with_note)} med överlämning"
    counts = [
        f"{sum(1 for line in with_note if line.status is status)} {status.label.lower()}"
        for status in HandoverStatus
        if status is not HandoverStatus.NOT_STARTED
        and any(line.status is status for line in with_note)
    ]
    if counts:
        text += f" ({', '.join(counts)})"
    missing = len(lines) - len(with_note)
    return text + (f"; {missing} utan överlämning än." if missing else ".")


def _summary_table(lines: Sequence[SummaryLine]) -> Table:
    s = styles()
    widths = [w * mm for _heading, w in SUMMARY_COLUMNS]
    small = f'<font size="{s.small.fontSize}" color="{MUTED.hexval()}">'
    data: list[list[Flowable]] = [
        [Paragraph(para_text(heading), s.table_head) for heading, _w in SUMMARY_COLUMNS]
    ]
    for line in lines:
        name = para_text(line.name)
        if line.protected_identity:
            name += f"<br/>{small}Skyddade personuppgifter</font>"
        status = line.status.label if line.has_note else NO_HANDOVER
        cells = [
            name,
            para_text(line.class_name or EMPTY_VALUE),
            para_text(status),
            _support_cell(line, small),
            _mates_cell(line),
            para_text(ATTENDANCE_WORDS[line.absence_risk]),
            para_text("Pågår" if line.staged_return else EMPTY_VALUE),
        ]
        data.append([Paragraph(cell, s.table) for cell in cells])
    table = Table(data, colWidths=widths, repeatRows=1)
    commands = [
        ("LEFTPADDING", (0, 0), (-1, -1), 5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 5),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), TABLE_HEAD),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
        ("LINEBELOW", (0, 1), (-1, -1), 0.4, RULE),
    ]
    # A line between classes, where the year has several.
    for row, (before, after) in enumerate(pairwise(lines), start=1):
        if before.class_name != after.class_name:
            commands.append(("LINEBELOW", (0, row), (-1, row), 0.9, ACCENT))
    table.setStyle(TableStyle(commands))
    table.spaceBefore = 4
    table.spaceAfter = 6
    return table


def _support_cell(line: SummaryLine, small: str) -> str:
    if line.support_worked.strip():
        return _short_cell(line.support_worked, _SUMMARY_CHARS["support"])
    if line.has_support:
        where = "står inte i överlämningen" if line.has_note else "ingen överlämning än"
        return para_text("Har stöd i dag") + f"{small} ({para_text(where)})</font>"
    return para_text(EMPTY_VALUE)


def _mates_cell(line: SummaryLine) -> str:
    """Who the pupil should be placed with and not with, each shortened."""
    parts = [
        f"<b>{label}</b> {_short_cell(text, _SUMMARY_CHARS['keep'])}"
        for label, text in (("Med:", line.keep_with), ("Inte med:", line.keep_apart))
        if text.strip()
    ]
    return "<br/>".join(parts) or para_text(EMPTY_VALUE)


def _short_cell(text: str, limit: int) -> str:
    """The first lines of ``text``, at most ``limit`` characters, with "…" where it was cut;
    list dashes at the start of a line go (the cell is narrow). A line is cut at a word, or
    left out when only a word or two of it would fit."""
    kept = [line.strip().lstrip("–-•* ").strip() for line in printable(text).split("\n")]
    kept = [line for line in kept if line]
    if not kept:
        return para_text(EMPTY_VALUE)
    shown: list[str] = []
    room = limit
    for line in kept[:_SUMMARY_LINES]:
        if len(line) <= room:
            shown.append(line)
            room -= len(line) + 1
            continue
        if room >= _MIN_PART or not shown:
            shown.append(line[: max(room, _MIN_PART)].rsplit(" ", 1)[0].rstrip(" ,.;:–-"))
        break
    if len(shown) < len(kept) or shown[-1] != kept[len(shown) - 1]:
        shown[-1] = shown[-1].rstrip(" .,;:") + "…"
    return markup("\n".join(shown))


_LANDSCAPE_WIDTH = PAGE_HEIGHT - 2 * SIDE_MARGIN


# -- files (run in the batch print's worker processes) ---------------------------------------------


def write_packet_file(path: str | Path, context: DocumentContext, packet: HandoverPacket) -> int:
    """Draw ``packet`` into the new file ``path``; returns the number of pages."""
    return _write_new(Path(path), context, handover_packet_story(packet))


def write_summary_file(path: str | Path, context: DocumentContext, summary: ClassSummary) -> int:
    """Draw the class summary (on A4 on its side) into the new file ``path``; returns pages."""
    return _write_new(Path(path), context, class_summary_story(summary))


def _write_new(path: Path, context: DocumentContext, story: list[Flowable]) -> int:
    """Into a file that must not exist yet (a staging folder's), readable by its owner only, on
    disk before the caller moves it into place."""
    descriptor = os.open(
        path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600
    )
    with open(descriptor, "wb") as out:
        document = SchoolDocTemplate(out, context)
        document.build(story)
        out.flush()
        os.fsync(out.fileno())
    return document.page


def prepare_worker() -> None:
    """Start-up of a worker process: the fonts and the style sheet once, before the first
    document (with ``spawn`` a worker starts with nothing loaded)."""
    styles()
