"""The progress chart of a staged return, drawn with ReportLab graphics: planned against
attended minutes per week, the steps as background bands and the decisions as markers.

The window draws the same chart with Qt from ``LadderService.progress``. So that the paper and
the screen can never disagree, the drawing is made only from ``chart_series(weeks)``, which a
test compares with the service's numbers.
"""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from ..domain.ladder import DecisionKind, WeekPoint
from .fonts import BOLD, FAMILY
from .styles import ACCENT, INK, MUTED, RULE, SMALL_SIZE, TEXT_WIDTH
from .text import printable

PLANNED_FILL = colors.HexColor("#C5D3E3")
BAND_FILLS = (colors.HexColor("#F1F5F9"), colors.HexColor("#FBFCFD"))
MARKER_COLOURS = {
    DecisionKind.STEP_UP: colors.HexColor("#2E7D4F"),
    DecisionKind.STEP_BACK: colors.HexColor("#B5651D"),
    DecisionKind.STAY: MUTED,
    DecisionKind.PAUSE: colors.HexColor("#8A6D1F"),
    DecisionKind.RESUME: colors.HexColor("#2E7D4F"),
}

HEIGHT = 230
_LEFT, _RIGHT, _TOP, _BOTTOM = 40, 4, 34, 52  # room for the axis, markers, week labels, legend
_MAX_WEEK_LABELS = 14


@dataclass(frozen=True)
class Band:
    """Weeks ``first``..``last`` (indexes, both included) spent on one step."""

    first: int
    last: int
    step_id: str


@dataclass(frozen=True)
class ChartSeries:
    """Exactly what the chart plots, week by week."""

    mondays: tuple[_dt.date, ...]
    planned: tuple[int, ...]
    attended: tuple[int, ...]
    bands: tuple[Band, ...]
    markers: tuple[tuple[int, DecisionKind], ...]  # (week index, decision)


def chart_series(weeks: Sequence[WeekPoint]) -> ChartSeries:
    """The plotted numbers. A week without sessions belongs to the step before it (the pupil
    was still on that step), so the bands have no holes."""
    bands: list[Band] = []
    for index, week in enumerate(weeks):
        step = week.step_id or (bands[-1].step_id if bands else "")
        if not step:
            continue  # before the first session: no step to show yet
        if bands and bands[-1].step_id == step and bands[-1].last == index - 1:
            bands[-1] = Band(bands[-1].first, index, step)
        else:
            bands.append(Band(index, index, step))
    return ChartSeries(
        mondays=tuple(w.monday for w in weeks),
        planned=tuple(w.planned_minutes for w in weeks),
        attended=tuple(w.attended_minutes for w in weeks),
        bands=tuple(bands),
        markers=tuple((i, kind) for i, w in enumerate(weeks) for kind in w.decisions),
    )


def progress_chart(series: ChartSeries, step_numbers: Mapping[str, int]) -> Drawing:
    """The chart, as wide as the text. ``step_numbers`` maps a step id to its number on the
    ladder, for the band labels ("Steg 2")."""
    drawing = Drawing(TEXT_WIDTH, HEIGHT)
    count = max(1, len(series.mondays))
    plot_w = TEXT_WIDTH - _LEFT - _RIGHT
    plot_h = HEIGHT - _TOP - _BOTTOM
    slot = plot_w / count
    top = max([60, *series.planned, *series.attended])
    tick = _tick(top)
    scale_max = tick * math.ceil(top / tick)

    def x(index: float) -> float:
        return _LEFT + index * slot

    def y(minutes: float) -> float:
        return _BOTTOM + plot_h * minutes / scale_max

    for number, band in enumerate(series.bands):
        drawing.add(
            Rect(
                x(band.first),
                _BOTTOM,
                slot * (band.last - band.first + 1),
                plot_h,
                fillColor=BAND_FILLS[number % 2],
                strokeColor=None,
            )
        )
        drawing.add(
            Line(x(band.first), _BOTTOM, x(band.first), _BOTTOM + plot_h + 14, strokeColor=RULE)
        )
        _band_label(drawing, band, step_numbers, x(band.first), slot, _BOTTOM + plot_h)
    for minutes in range(0, scale_max + 1, tick):
        drawing.add(Line(_LEFT, y(minutes), _LEFT + plot_w, y(minutes), strokeColor=RULE))
        drawing.add(_text(_LEFT - 4, y(minutes) - 3, str(minutes), anchor="end"))
    drawing.add(_text(_LEFT - 4, HEIGHT - 10, "min/vecka", anchor="end"))
    bar = min(slot * 0.8, 26)
    for index, (planned, attended) in enumerate(zip(series.planned, series.attended, strict=True)):
        middle = x(index + 0.5)
        if planned:
            drawing.add(
                Rect(
                    middle - bar / 2,
                    _BOTTOM,
                    bar,
                    y(planned) - _BOTTOM,
                    fillColor=PLANNED_FILL,
                    strokeColor=None,
                )
            )
        if attended:
            drawing.add(
                Rect(
                    middle - bar / 4,
                    _BOTTOM,
                    bar / 2,
                    y(attended) - _BOTTOM,
                    fillColor=ACCENT,
                    strokeColor=None,
                )
            )
    _markers(drawing, series.markers, x, slot, _BOTTOM + plot_h)
    _week_labels(drawing, series.mondays, x)
    _legend(drawing)
    return drawing


def _tick(top: float) -> int:
    """Grid step in minutes: whole hours where they fit, at most about six lines."""
    for tick in (30, 60, 120, 180, 300, 600, 900):
        if top / tick <= 6:
            return tick
    return 1200


def _text(
    x: float,
    y: float,
    text: str,
    *,
    anchor: str = "start",
    size: float = SMALL_SIZE,
    font: str = FAMILY,
    colour=MUTED,
) -> String:
    return String(
        x, y, printable(text), fontName=font, fontSize=size, fillColor=colour, textAnchor=anchor
    )


def _band_label(
    drawing: Drawing,
    band: Band,
    numbers: Mapping[str, int],
    left: float,
    slot: float,
    plot_top: float,
) -> None:
    number = numbers.get(band.step_id)
    if number is None:
        return
    width = slot * (band.last - band.first + 1)
    for label in (f"Steg {number}", str(number)):
        if stringWidth(label, BOLD, SMALL_SIZE) + 4 <= width:
            drawing.add(_text(left + 3, plot_top + 4, label, font=BOLD, colour=INK))
            return


def _markers(drawing: Drawing, markers, x, slot: float, plot_top: float) -> None:
    """A mark above the week of each decision, with a thin line down through the chart; more
    decisions in one week stand in a row."""
    in_week: dict[int, int] = {}
    for index, kind in markers:
        nth = in_week[index] = in_week.get(index, -1) + 1
        centre_x = x(index + 0.5) + nth * 9
        drawing.add(
            Line(
                centre_x,
                plot_top,
                centre_x,
                _BOTTOM,
                strokeColor=MARKER_COLOURS[kind],
                strokeWidth=0.6,
                strokeDashArray=[2, 2],
            )
        )
        drawing.add(_marker(kind, centre_x, plot_top + 22, 4.5))


def _marker(kind: DecisionKind, cx: float, cy: float, r: float):
    colour = MARKER_COLOURS[kind]
    if kind in (DecisionKind.STEP_UP, DecisionKind.RESUME):
        points = [cx - r, cy - r, cx + r, cy - r, cx, cy + r]
    elif kind is DecisionKind.STEP_BACK:
        points = [cx - r, cy + r, cx + r, cy + r, cx, cy - r]
    elif kind is DecisionKind.PAUSE:
        points = [cx - r, cy - r, cx + r, cy - r, cx + r, cy + r, cx - r, cy + r]
    else:
        return Circle(cx, cy, r * 0.8, fillColor=colour, strokeColor=None)
    return Polygon(points, fillColor=colour, strokeColor=None)


def _week_labels(drawing: Drawing, mondays: Sequence[_dt.date], x) -> None:
    """ISO week numbers, as Swedish schools count; every few weeks when there are many, and
    the year under the first week and under each new year."""
    every = max(1, math.ceil(len(mondays) / _MAX_WEEK_LABELS))
    year = None
    for index, monday in enumerate(mondays):
        if index % every:
            continue
        iso_year, week, _ = monday.isocalendar()
        drawing.add(_text(x(index + 0.5), _BOTTOM - 11, f"v.{week}", anchor="middle"))
        if iso_year != year:
            drawing.add(_text(x(index + 0.5), _BOTTOM - 21, str(iso_year), anchor="middle"))
            year = iso_year


def _legend(drawing: Drawing) -> None:
    left, y = _LEFT, 6
    for fill, label in ((PLANNED_FILL, "Planerat"), (ACCENT, "Närvarande")):
        drawing.add(Rect(left, y, 10, 8, fillColor=fill, strokeColor=None))
        drawing.add(_text(left + 14, y + 1, label, colour=INK))
        left += 22 + stringWidth(label, FAMILY, SMALL_SIZE)
    for kind in (
        DecisionKind.STEP_UP,
        DecisionKind.STEP_BACK,
        DecisionKind.STAY,
        DecisionKind.PAUSE,
    ):
        drawing.add(_marker(kind, left + 4, y + 4, 4))
        drawing.add(_text(left + 12, y + 1, kind.label, colour=INK))
        left += 24 + stringWidth(kind.label, FAMILY, SMALL_SIZE)
