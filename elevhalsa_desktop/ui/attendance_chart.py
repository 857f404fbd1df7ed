"""A pupil's absence week by week, drawn with QPainter: one bar per week, excused absence below
and unexcused on top, the school's yellow and red limits as dashed lines, and the periods of
active plans and staged returns as shaded bands behind the bars, so one can see whether the
absence changed when the support started.

A week without school (a holiday, no imported lessons) is a gap, not a zero. The chart has a
text alternative: its accessible description and tooltip say the same things in words, and a
week's bar says its own numbers when pointed at.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QHelpEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QToolTip, QWidget

from ..domain.ews import Level, Thresholds, WeekFigures, percent_text
from .early_warning_parts import EXCUSED_COLOUR, LEVEL_COLOURS, UNEXCUSED_COLOUR
from .feedback import secondary_color

PLAN = "plan"
RETURN = "return"
#: Each kind of support has its own lane above the bars (so periods that overlap stay apart)
#: and a faint tint down through the bars.
_BAND_COLOURS = {PLAN: QColor("#b9dbb0"), RETURN: QColor("#cbc2e8")}
_BAND_EDGES = {PLAN: QColor("#4f8a43"), RETURN: QColor("#6a58a8")}
_TINT_ALPHA = 45
_LANE_ORDER = (PLAN, RETURN)


@dataclass(frozen=True)
class Period:
    """A time with support, shown as a band: an active plan or a staged return."""

    kind: str  # PLAN or RETURN
    start: _dt.date
    end: _dt.date | None  # None: still going on
    title: str = ""


class AttendanceChart(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("attendanceChart")
        self.setAccessibleName(self.tr("Frånvaro per vecka"))
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # a screen reader reaches the summary
        self.setMouseTracking(True)
        self._weeks: list[WeekFigures] = []
        self._periods: list[Period] = []
        self._thresholds: Thresholds | None = None
        self._bars: list[QRectF] = []

    # Data -------------------------------------------------------------------------------------
    def set_data(
        self,
        weeks: list[WeekFigures],
        periods: list[Period] = (),
        thresholds: Thresholds | None = None,
    ) -> None:
        self._weeks = list(weeks)
        self._periods = [p for p in periods if self._span(p) is not None]
        self._thresholds = thresholds
        summary = self.summary()
        self.setToolTip(summary)
        self.setAccessibleDescription(summary)
        self.updateGeometry()
        self.update()

    def weeks(self) -> list[WeekFigures]:
        """What is plotted: one point per week, oldest first."""
        return list(self._weeks)

    def periods(self) -> list[Period]:
        """The bands that fall inside the plotted weeks."""
        return list(self._periods)

    def _span(self, period: Period) -> tuple[int, int] | None:
        """The first and last week index the period covers, None when outside the chart."""
        if not self._weeks:
            return None
        first_monday = self._weeks[0].monday
        last_monday = self._weeks[-1].monday
        start = period.start - _dt.timedelta(days=period.start.weekday())
        end_day = period.end or (last_monday + _dt.timedelta(days=6))
        end = end_day - _dt.timedelta(days=end_day.weekday())
        if end < first_monday or start > last_monday:
            return None
        first = max(0, (start - first_monday).days // 7)
        last = min(len(self._weeks) - 1, (end - first_monday).days // 7)
        return first, last

    def summary(self) -> str:
        weeks = self._weeks
        school = [w for w in weeks if w.offered > 0]
        if not school:
            return self.tr("Ingen närvaro är importerad för eleven ännu.")
        first = weeks[0].monday
        parts = [
            self.tr("{n} veckor från vecka {week} {year}.").format(
                n=len(weeks), week=first.isocalendar().week, year=first.isocalendar().year
            )
        ]
        last = school[-1]
        parts.append(
            self.tr(
                "Senaste veckan med skola, v. {week}: {total} frånvaro, varav {bad} ogiltig."
            ).format(
                week=last.monday.isocalendar().week,
                total=percent_text(last.total_percent),
                bad=percent_text(last.unexcused_percent),
            )
        )
        worst = max(school, key=lambda w: w.total_percent or 0)
        if (worst.total_percent or 0) > 0:
            parts.append(
                self.tr("Högst v. {week}: {total}.").format(
                    week=worst.monday.isocalendar().week, total=percent_text(worst.total_percent)
                )
            )
        gaps = len(weeks) - len(school)
        if gaps:
            parts.append(
                self.tr("1 vecka utan skola.")
                if gaps == 1
                else self.tr("{n} veckor utan skola.").format(n=gaps)
            )
        for period in self._periods:
            parts.append(self._period_text(period) + ".")
        return " ".join(parts)

    def _period_text(self, period: Period) -> str:
        kind = self.tr("Plan") if period.kind == PLAN else self.tr("Stegvis återgång")
        name = f"{kind} ({period.title})" if period.title else kind
        if period.end is None:
            return self.tr("{name} sedan {start}").format(name=name, start=period.start.isoformat())
        return self.tr("{name} {start} – {end}").format(
            name=name, start=period.start.isoformat(), end=period.end.isoformat()
        )

    def week_text(self, index: int) -> str:
        week = self._weeks[index]
        number = week.monday.isocalendar().week
        if week.offered == 0:
            return self.tr("Vecka {week} ({monday}): ingen skola").format(
                week=number, monday=week.monday.isoformat()
            )
        return self.tr(
            "Vecka {week} ({monday}): {total} frånvaro, {good} giltig och {bad} ogiltig"
        ).format(
            week=number,
            monday=week.monday.isoformat(),
            total=percent_text(week.total_percent),
            good=percent_text(week.excused_percent),
            bad=percent_text(week.unexcused_percent),
        )

    # Drawing ----------------------------------------------------------------------------------
    def sizeHint(self) -> QSize:
        line = self.fontMetrics().lineSpacing()
        return QSize(line * 40, line * 15)

    def minimumSizeHint(self) -> QSize:
        line = self.fontMetrics().lineSpacing()
        return QSize(line * 20, line * 12)

    def _top(self) -> int:
        highest = max((w.total_percent or 0 for w in self._weeks), default=0)
        if self._thresholds is not None:
            highest = max(highest, self._thresholds.red_percent + 5)
        # Tens up to 50 %, then the whole scale: small shares stay readable.
        top = max(20, int(-(-highest // 10) * 10))
        return 100 if top > 50 else top

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        quiet = secondary_color(palette)
        metrics = QFontMetrics(self.font())
        line = metrics.lineSpacing()
        left = metrics.horizontalAdvance("100 %") + 10
        lanes = [kind for kind in _LANE_ORDER if any(p.kind == kind for p in self._periods)]
        lane_height = line * 0.55
        top_margin = line * 0.8 + len(lanes) * (lane_height + 3)
        legend_rows = 2
        plot = QRectF(
            left,
            top_margin,
            self.width() - left - 12,
            self.height() - top_margin - line * (1.6 + legend_rows),
        )
        self._bars = []
        if not any(w.offered for w in self._weeks) or plot.width() < 20 or plot.height() < 20:
            painter.setPen(quiet)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.summary())
            return
        top_value = self._top()
        slot = min(plot.width() / len(self._weeks), line * 4.0)
        right = plot.left() + slot * len(self._weeks)

        def y(value: float) -> float:
            return plot.bottom() - plot.height() * min(value, top_value) / top_value

        for period in self._periods:  # support as bands behind everything
            first, last = self._span(period)
            left_x, width = plot.left() + first * slot, (last - first + 1) * slot
            tint = QColor(_BAND_COLOURS[period.kind])
            tint.setAlpha(_TINT_ALPHA)
            painter.fillRect(QRectF(left_x, plot.top(), width, plot.height()), tint)
            lane = lanes.index(period.kind)
            strip = QRectF(left_x, line * 0.4 + lane * (lane_height + 3), width, lane_height)
            painter.setPen(QPen(_BAND_EDGES[period.kind], 1))
            painter.setBrush(_BAND_COLOURS[period.kind])
            painter.drawRect(strip)
        step = 10 if top_value <= 50 else 25
        for tick in range(0, top_value + 1, step):
            painter.setPen(QPen(quiet, 1, Qt.PenStyle.DotLine))
            painter.drawLine(QPointF(plot.left(), y(tick)), QPointF(right, y(tick)))
            painter.setPen(quiet)
            painter.drawText(
                QRectF(0, y(tick) - line / 2, left - 6, line),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                f"{tick} %",
            )
        label_every = max(1, round(metrics.horizontalAdvance("v. 52 ") / slot + 0.5))
        for index, week in enumerate(self._weeks):
            x = plot.left() + index * slot
            self._bars.append(QRectF(x, plot.top(), slot, plot.height()))
            if week.offered > 0:
                good = week.excused_percent or 0.0
                bad = week.unexcused_percent or 0.0
                bar_left, bar_width = x + slot * 0.18, slot * 0.64
                painter.fillRect(
                    QRectF(bar_left, y(good), bar_width, plot.bottom() - y(good)), EXCUSED_COLOUR
                )
                painter.fillRect(
                    QRectF(bar_left, y(good + bad), bar_width, y(good) - y(good + bad)),
                    UNEXCUSED_COLOUR,
                )
            else:  # no school: a small open mark on the axis, never a zero bar
                painter.setPen(QPen(quiet, 1))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawEllipse(QPointF(x + slot / 2, plot.bottom() - 4), 2.5, 2.5)
            if index % label_every == 0:
                painter.setPen(quiet)
                painter.drawText(
                    QRectF(x - slot, plot.bottom() + 2, slot * 3, line),
                    Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                    self.tr("v. {n}").format(n=week.monday.isocalendar().week),
                )
        if self._thresholds is not None:
            for level, value in (
                (Level.YELLOW, self._thresholds.yellow_percent),
                (Level.RED, self._thresholds.red_percent),
            ):
                painter.setPen(QPen(LEVEL_COLOURS[level].darker(115), 1.4, Qt.PenStyle.DashLine))
                painter.drawLine(QPointF(plot.left(), y(value)), QPointF(right, y(value)))
        painter.setPen(QPen(text, 1))
        painter.drawLine(plot.bottomLeft(), QPointF(right, plot.bottom()))
        self._draw_legend(painter, plot.left(), plot.bottom() + line * 1.5, line, text)

    def _draw_legend(self, painter: QPainter, x: float, y: float, line: float, text: QColor):
        """One row of keys (wrapping when narrow): a box of each colour, or for the limits two
        short dashed lines as in the chart."""
        box = line * 0.8
        advance = QFontMetrics(self.font()).horizontalAdvance
        # (label, box fill, box edge) or (label, None, None) for the limits.
        entries: list[tuple[str, QColor | None, QColor | None]] = [
            (self.tr("Giltig frånvaro"), EXCUSED_COLOUR, None),
            (self.tr("Ogiltig frånvaro"), UNEXCUSED_COLOUR, None),
        ]
        kinds = {p.kind for p in self._periods}
        if PLAN in kinds:
            entries.append((self.tr("Aktiv plan"), _BAND_COLOURS[PLAN], _BAND_EDGES[PLAN]))
        if RETURN in kinds:
            entries.append(
                (self.tr("Stegvis återgång"), _BAND_COLOURS[RETURN], _BAND_EDGES[RETURN])
            )
        if self._thresholds is not None:
            limits = self.tr("Skolans gränser: gul {yellow} %, röd {red} %").format(
                yellow=self._thresholds.yellow_percent, red=self._thresholds.red_percent
            )
            entries.append((limits, None, None))
        start = x
        for label, fill, edge in entries:
            width = box + 4 + advance(label) + 16
            if x + width > self.width() and x > start:
                x, y = start, y + line
            if fill is None:
                for row, level in enumerate((Level.YELLOW, Level.RED)):
                    colour = LEVEL_COLOURS[level].darker(115)
                    painter.setPen(QPen(colour, 1.4, Qt.PenStyle.DashLine))
                    level_y = y + 2 + box * (0.3 + 0.4 * row)
                    painter.drawLine(QPointF(x, level_y), QPointF(x + box, level_y))
            else:
                painter.setPen(QPen(edge, 1) if edge is not None else Qt.PenStyle.NoPen)
                painter.setBrush(fill)
                painter.drawRect(QRectF(x, y + 2, box, box))
            painter.setPen(text)
            painter.drawText(QPointF(x + box + 4, y + line * 0.8), label)
            x += width

    # The numbers of one week, where the pointer is ---------------------------------------------
    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            index = next(
                (i for i, r in enumerate(self._bars) if r.contains(event.position())), None
            )
            if index is not None:
                QToolTip.showText(event.globalPos(), self.week_text(index), self)
                return True
        return super().event(event)
