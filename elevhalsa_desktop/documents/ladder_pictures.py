"""Pictures for the staged-return documents: the ladder drawn as rising steps ("Min trappa")
and the three faces a mentor circles on the paper log.

Drawn with ReportLab graphics rather than font symbols: the embedded font has no faces, ticks
or arrows, and a picture is clearer to a child than a symbol anyway.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.graphics.shapes import Circle, Drawing, Group, Polygon, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from ..domain.ladder import StepStatus
from .fonts import BOLD, FAMILY
from .styles import ACCENT, INK, MUTED, NOTICE_EDGE, NOTICE_FILL, RULE, TEXT_WIDTH
from .text import printable

DONE_FILL = colors.HexColor("#D8E6F2")
PAUSED_FILL = colors.HexColor("#F4E6C6")

_GAP = 5
_LOWEST, _HIGHEST = 96, 176  # face heights of the first and the top step
_CALLOUT_H = 26
_PAD = 6


@dataclass(frozen=True)
class StepPicture:
    number: int
    setting: str  # in plain words: "Du och en vuxen"
    time: str  # "2 timmar i veckan"
    status: StepStatus


def staircase(steps: Sequence[StepPicture], callout: str = "Här är du nu") -> Drawing:
    """Rising steps left to right, each labelled on its face; the current (or paused) step
    filled and pointed out with ``callout`` above its tread."""
    count = max(1, len(steps))
    width = (TEXT_WIDTH - _GAP * (count - 1)) / count
    rise = (_HIGHEST - _LOWEST) / max(1, count - 1)
    height = _HIGHEST + _CALLOUT_H + 18
    drawing = Drawing(TEXT_WIDTH, height)
    for index, step in enumerate(steps):
        left = index * (width + _GAP)
        face = _LOWEST + index * rise
        drawing.add(_step(step, left, width, face))
        if step.status in (StepStatus.CURRENT, StepStatus.PAUSED):
            drawing.add(_callout(callout, left + width / 2, face + 6, height))
    return drawing


def _step(step: StepPicture, left: float, width: float, face: float) -> Group:
    here = step.status is StepStatus.CURRENT
    fill, ink = {
        StepStatus.CURRENT: (ACCENT, colors.white),
        StepStatus.DONE: (DONE_FILL, INK),
        StepStatus.PAUSED: (PAUSED_FILL, INK),
    }.get(step.status, (colors.white, INK))
    group = Group(
        Rect(
            left,
            0,
            width,
            face,
            rx=4,
            ry=4,
            fillColor=fill,
            strokeColor=ACCENT if here else RULE,
            strokeWidth=1.2,
        )
    )
    inner = width - 2 * _PAD
    y = face - _PAD - 11
    group.add(_string(left + _PAD, y, f"Steg {step.number}", FAMILY, 10.5, ink))
    for font, size, most, text in ((BOLD, 12.5, 4, step.setting), (FAMILY, 11, 3, step.time)):
        y -= 4  # a little air between the setting and the time
        for line in _wrap(text, font, size, inner, most):
            y -= size + 2.5
            group.add(_string(left + _PAD, y, line, font, size, ink))
    if step.status is StepStatus.DONE:
        group.add(_tick(left + width - _PAD - 12, face - _PAD - 12))
    return group


def _callout(text: str, centre: float, tread: float, ceiling: float) -> Group:
    """A warm label with a point down to the tread."""
    width = stringWidth(printable(text), BOLD, 12.5) + 16
    left = min(max(0, centre - width / 2), TEXT_WIDTH - width)
    bottom = min(tread + 8, ceiling - _CALLOUT_H - 1)
    return Group(
        Polygon(
            [centre - 6, bottom + 1, centre + 6, bottom + 1, centre, bottom - 7],
            fillColor=NOTICE_FILL,
            strokeColor=NOTICE_EDGE,
            strokeWidth=1,
        ),
        Rect(
            left,
            bottom,
            width,
            _CALLOUT_H,
            rx=6,
            ry=6,
            fillColor=NOTICE_FILL,
            strokeColor=NOTICE_EDGE,
            strokeWidth=1,
        ),
        _string(left + 8, bottom + 8, text, BOLD, 12.5, INK),
    )


def _tick(left: float, bottom: float) -> PolyLine:
    """A drawn check mark: this step is done."""
    return PolyLine(
        [left, bottom + 6, left + 4, bottom + 1, left + 12, bottom + 11],
        strokeColor=ACCENT,
        strokeWidth=2.2,
        strokeLineCap=1,
        strokeLineJoin=1,
    )


def _string(x: float, y: float, text: str, font: str, size: float, colour) -> String:
    return String(x, y, printable(text), fontName=font, fontSize=size, fillColor=colour)


def _wrap(text: str, font: str, size: float, width: float, most: int) -> list[str]:
    """Words on lines of at most ``width``; beyond ``most`` lines the rest is cut with "…".
    A single word wider than the line is cut as well: the picture must never overflow."""
    lines: list[str] = []
    for word in printable(text).split():
        joined = f"{lines[-1]} {word}" if lines else word
        if lines and stringWidth(joined, font, size) <= width:
            lines[-1] = joined
        else:
            lines.append(word)
    if len(lines) > most:
        lines = [*lines[: most - 1], lines[most - 1] + "…"]
    return [_fit(line, font, size, width) for line in lines]


def _fit(line: str, font: str, size: float, width: float) -> str:
    if stringWidth(line, font, size) <= width:
        return line
    while line and stringWidth(line + "…", font, size) > width:
        line = line[:-1]
    return line + "…"


# Faces ----------------------------------------------------------------------------------------


def faces(size: float = 15) -> Drawing:
    """A sad, a straight and a happy face in a row, for the mentor to circle one."""
    gap = size * 0.55
    drawing = Drawing(3 * size + 2 * gap, size)
    for index, mood in enumerate((-1, 0, 1)):
        drawing.add(_face(size / 2 + index * (size + gap), size / 2, size / 2, mood))
    return drawing


def _face(cx: float, cy: float, r: float, mood: int) -> Group:
    eye = r * 0.12
    group = Group(
        Circle(cx, cy, r - 0.5, fillColor=colors.white, strokeColor=MUTED, strokeWidth=0.8),
        Circle(cx - r * 0.35, cy + r * 0.25, eye, fillColor=MUTED, strokeColor=None),
        Circle(cx + r * 0.35, cy + r * 0.25, eye, fillColor=MUTED, strokeColor=None),
    )
    # The mouth: a parabola that smiles (mood 1), frowns (-1) or is straight (0).
    points: list[float] = []
    for i in range(9):
        t = -1 + i / 4
        points += [cx + t * r * 0.45, cy - r * 0.3 + mood * r * 0.4 * (t * t - 0.5)]
    group.add(PolyLine(points, strokeColor=MUTED, strokeWidth=0.9, strokeLineCap=1))
    return group
