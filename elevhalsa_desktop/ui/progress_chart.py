"""The progress chart of a staged return, drawn with QPainter: planned against attended minutes
per week, the steps as coloured bands behind the bars, decisions as markers on top, and a legend
with each step's attendance rate.

The numbers come from LadderService.progress (WeekPoint) through documents.ladder_chart's
chart_series, the function the PDF's chart is drawn from, so paper and screen cannot disagree;
``series()`` returns exactly what is plotted. The chart has
a text alternative: its tooltip and accessible description say the same numbers in words, and a
week's bar says its own when pointed at.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFontMetrics,
    QHelpEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QToolTip, QWidget

from ..documents.ladder_chart import Band, ChartSeries, chart_series
from ..domain.ladder import DecisionKind, ReturnPlan, WeekPoint
from .feedback import secondary_color
from .ladder_parts import decision_label, step_by_id, step_colour, step_number

_PLANNED = QColor("#ffffff")
_PLANNED_EDGE = QColor("#7d8f9b")
_ATTENDED = QColor("#2f6b8f")
_MARKER = {
    DecisionKind.STEP_UP: QColor("#2e7d32"),
    DecisionKind.STEP_BACK: QColor("#b3261e"),
    DecisionKind.STAY: QColor("#5f6f7a"),
    DecisionKind.PAUSE: QColor("#a3620a"),
    DecisionKind.RESUME: QColor("#2f6b8f"),
}


class ProgressChart(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("progressChart")
        self.setAccessibleName(self.tr("Närvaro per vecka"))
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # a screen reader reaches the summary
        self.setMouseTracking(True)
        self._points: list[WeekPoint] = []
        self._plan: ReturnPlan | None = None
        self._rates: dict[str, float] = {}
        self._series = chart_series([])
        self._bars: list[QRectF] = []

    # Data -------------------------------------------------------------------------------------
    def set_data(self, points: list[WeekPoint], plan: ReturnPlan, rates: dict[str, float]) -> None:
        self._points = list(points)
        self._plan = plan
        self._rates = dict(rates)
        self._series = chart_series(self._points)
        summary = self.summary()
        self.setToolTip(summary)
        self.setAccessibleDescription(summary)
        self.update()

    def series(self) -> ChartSeries:
        """What is plotted: the weeks, planned and attended minutes, the step bands and the
        decision markers, made by the same function as the PDF's chart (chart_series)."""
        return self._series

    @property
    def _bands(self) -> tuple[Band, ...]:
        return self._series.bands

    def rates(self) -> dict[str, float]:
        return dict(self._rates)

    def summary(self) -> str:
        if not self._points or self._plan is None:
            return self.tr("Inga veckor att visa ännu.")
        planned = sum(p.planned_minutes for p in self._points)
        attended = sum(p.attended_minutes for p in self._points)
        last = self._points[-1]
        parts = [
            self.tr(
                "{weeks} veckor sedan {start}: {attended} av {planned} planerade minuter."
            ).format(
                weeks=len(self._points),
                start=self._points[0].monday.isoformat(),
                attended=attended,
                planned=planned,
            ),
            self.tr("Vecka {week}: {attended} av {planned} minuter.").format(
                week=last.monday.isocalendar().week,
                attended=last.attended_minutes,
                planned=last.planned_minutes,
            ),
        ]
        parts += [self._legend_text(step_id) + "." for step_id in self._legend_steps()]
        decisions = [(p.monday, k) for p in self._points for k in p.decisions]
        if decisions:
            parts.append(
                self.tr("Beslut: {list}.").format(
                    list=", ".join(
                        f"{decision_label(k)} v. {d.isocalendar().week}" for d, k in decisions
                    )
                )
            )
        return " ".join(parts)

    def _legend_steps(self) -> list[str]:
        seen: list[str] = []
        for band in self._bands:
            if band.step_id and band.step_id not in seen:
                seen.append(band.step_id)
        return seen

    def _legend_text(self, step_id: str) -> str:
        step = step_by_id(self._plan, step_id) if self._plan else None
        name = step.setting if step else self.tr("Okänt steg")
        number = step_number(self._plan, step) if step and self._plan else 0
        title = self.tr("Steg {n}: {name}").format(n=number, name=name) if number else name
        rate = self._rates.get(step_id)
        if rate is None:
            return title
        return self.tr("{title}, {rate} % närvaro").format(title=title, rate=round(rate * 100))

    def _colour(self, step_id: str) -> QColor:
        if self._plan is None:
            return step_colour(0)
        ids = [s.id for s in self._plan.steps]
        return step_colour(ids.index(step_id) if step_id in ids else 0)

    # Drawing ----------------------------------------------------------------------------------
    def sizeHint(self) -> QSize:
        line = self.fontMetrics().lineSpacing()
        return QSize(line * 40, line * 17)

    def minimumSizeHint(self) -> QSize:
        line = self.fontMetrics().lineSpacing()
        return QSize(line * 20, line * (13 + len(self._legend_steps())))

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        quiet = secondary_color(palette)
        metrics = QFontMetrics(self.font())
        line = metrics.lineSpacing()
        legend_rows = max(1, len(self._legend_steps())) + 1
        left = metrics.horizontalAdvance("0000 min") + 8
        top = line * 1.4
        plot = QRectF(
            left, top, self.width() - left - 8, self.height() - top - line * (2 + legend_rows)
        )
        self._bars = []
        if not self._points or plot.width() < 20 or plot.height() < 20:
            painter.setPen(quiet)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.summary())
            return
        top_value = _nice_top(max(max(p.planned_minutes, p.attended_minutes) for p in self._points))
        # A few weeks make calm, narrow bars at the left rather than wide blocks.
        slot = min(plot.width() / len(self._points), line * 3.0)

        def y(value: float) -> float:
            return plot.bottom() - plot.height() * value / top_value

        right = plot.left() + slot * len(self._points)
        right = plot.left() + slot * len(self._points)
        for band in self._bands:  # steps as bands behind everything
            painter.fillRect(
                QRectF(
                    plot.left() + band.first * slot,
                    plot.top(),
                    (band.last - band.first + 1) * slot,
                    plot.height(),
                ),
                self._colour(band.step_id),
            )
        painter.setPen(QPen(quiet, 1, Qt.PenStyle.DotLine))
        for tick in range(0, top_value + 1, top_value // 4):
            painter.drawLine(QPointF(plot.left(), y(tick)), QPointF(right, y(tick)))
            painter.setPen(quiet)
            painter.drawText(
                QRectF(0, y(tick) - line / 2, left - 6, line),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                self.tr("{n} min").format(n=tick),
            )
            painter.setPen(QPen(quiet, 1, Qt.PenStyle.DotLine))
        label_every = max(1, round(metrics.horizontalAdvance("v. 52 ") / slot + 0.5))
        for index, point in enumerate(self._points):
            x = plot.left() + index * slot
            planned = QRectF(
                x + slot * 0.12,
                y(point.planned_minutes),
                slot * 0.76,
                plot.bottom() - y(point.planned_minutes),
            )
            painter.setPen(QPen(_PLANNED_EDGE, 1))
            painter.setBrush(_PLANNED)
            painter.drawRect(planned)
            attended = QRectF(
                x + slot * 0.3,
                y(point.attended_minutes),
                slot * 0.4,
                plot.bottom() - y(point.attended_minutes),
            )
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(_ATTENDED)
            painter.drawRect(attended)
            self._bars.append(QRectF(x, plot.top(), slot, plot.height()))
            for order, kind in enumerate(point.decisions):
                _marker(
                    painter, QPointF(x + slot / 2, top - line * 0.55 - order * 2), kind, line * 0.5
                )
            if index % label_every == 0:
                painter.setPen(quiet)
                painter.drawText(
                    QRectF(x - slot, plot.bottom() + 2, slot * 3, line),
                    Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                    self.tr("v. {n}").format(n=point.monday.isocalendar().week),
                )
        painter.setPen(QPen(text, 1))
        painter.drawLine(plot.bottomLeft(), QPointF(right, plot.bottom()))
        self._draw_legend(painter, plot.left(), plot.bottom() + line * 1.4, line, text)

    def _draw_legend(
        self, painter: QPainter, x: float, y: float, line: float, text: QColor
    ) -> None:
        box = line * 0.8
        painter.setPen(QPen(_PLANNED_EDGE, 1))
        painter.setBrush(_PLANNED)
        painter.drawRect(QRectF(x, y + 2, box, box))
        painter.setPen(text)
        advance = QFontMetrics(self.font()).horizontalAdvance
        label = self.tr("Planerat")
        painter.drawText(QPointF(x + box + 4, y + line * 0.8), label)
        x2 = x + box + 16 + advance(label)
        painter.fillRect(QRectF(x2, y + 2, box, box), _ATTENDED)
        label = self.tr("Närvaro")
        painter.drawText(QPointF(x2 + box + 4, y + line * 0.8), label)
        x3 = x2 + box + 16 + advance(label)
        _marker(painter, QPointF(x3 + box / 2, y + box / 2 + 2), DecisionKind.STEP_UP, box)
        painter.setPen(text)
        painter.drawText(
            QPointF(x3 + box + 4, y + line * 0.8), self.tr("Beslut (upp, tillbaka, paus)")
        )
        for row, step_id in enumerate(self._legend_steps(), start=1):
            top = y + row * line
            painter.setPen(QPen(_PLANNED_EDGE, 1))
            painter.setBrush(self._colour(step_id))
            painter.drawRect(QRectF(x, top + 2, box, box))
            painter.setPen(text)
            painter.drawText(QPointF(x + box + 4, top + line * 0.8), self._legend_text(step_id))

    # The numbers of one week, where the pointer is ----------------------------------------------
    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            index = next(
                (i for i, r in enumerate(self._bars) if r.contains(event.position())), None
            )
            if index is not None:
                QToolTip.showText(event.globalPos(), self.week_text(index), self)
                return True
        return super().event(event)

    def week_text(self, index: int) -> str:
        point = self._points[index]
        text = self.tr(
            "Vecka {week} ({monday}): planerat {planned} min, närvaro {attended} min"
        ).format(
            week=point.monday.isocalendar().week,
            monday=point.monday.isoformat(),
            planned=point.planned_minutes,
            attended=point.attended_minutes,
        )
        if point.decisions:
            text += ". " + ", ".join(decision_label(k) for k in point.decisions)
        return text


def _nice_top(value: int) -> int:
    """The axis top: the next whole hour above the highest bar (at least an hour), in four
    equal parts."""
    hours = max(1, -(-value // 60))
    hours += (-hours) % 4 if hours > 4 else 0
    top = hours * 60
    return top if top % 4 == 0 else top + (4 - top % 4)


def _marker(painter: QPainter, centre: QPointF, kind: DecisionKind, size: float) -> None:
    """A triangle up for a step up, down for a step back, a square for the others."""
    half = size / 2
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(_MARKER[kind])
    cx, cy = centre.x(), centre.y()
    if kind is DecisionKind.STEP_UP:
        painter.drawPolygon(
            QPolygonF(
                [
                    QPointF(cx - half, cy + half),
                    QPointF(cx + half, cy + half),
                    QPointF(cx, cy - half),
                ]
            )
        )
    elif kind is DecisionKind.STEP_BACK:
        painter.drawPolygon(
            QPolygonF(
                [
                    QPointF(cx - half, cy - half),
                    QPointF(cx + half, cy - half),
                    QPointF(cx, cy + half),
                ]
            )
        )
    else:
        painter.drawRect(QRectF(cx - half * 0.8, cy - half * 0.8, size * 0.8, size * 0.8))
