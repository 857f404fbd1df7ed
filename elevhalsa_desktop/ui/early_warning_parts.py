"""Pieces the early-warning screens share (the Närvaro area and a pupil's Närvaro tab): how a
level looks (a coloured dot and always its word, never colour alone), how figures read, and the
small weekly trend drawn in a table cell.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from ..domain.ews import Figures, Level, change_text, percent_text

_CONTEXT = "early_warning"

#: Dots readable on a light and a dark background; the word beside them carries the meaning.
LEVEL_COLOURS = {
    Level.RED: QColor("#c62828"),
    Level.YELLOW: QColor("#e3a008"),
    Level.GREEN: QColor("#2e7d32"),
    Level.NO_DATA: QColor("#9aa5ad"),
}
EXCUSED_COLOUR = QColor("#8fb8d6")
UNEXCUSED_COLOUR = QColor("#c0622f")


def tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def level_text(level: Level) -> str:
    return QCoreApplication.translate("labels", level.label)


def hours_text(minutes: int) -> str:
    """Offered time in hours, the Swedish way: "12,5 timmar"."""
    hours = minutes / 60
    number = f"{hours:.0f}" if hours == int(hours) else f"{hours:.1f}".replace(".", ",")
    return tr("{n} timme").format(n=number) if hours == 1 else tr("{n} timmar").format(n=number)


def days_text(days: int) -> str:
    if days == 0:
        return "–"
    return tr("1 skoldag") if days == 1 else tr("{n} skoldagar").format(n=days)


def figures_texts(figures: Figures) -> dict[str, str]:
    """The figures of a window as the screens show them, one text per field."""
    return {
        "offered": hours_text(figures.offered) if figures.offered else tr("Ingen erbjuden tid"),
        "total": percent_text(figures.total_percent),
        "excused": percent_text(figures.excused_percent),
        "unexcused": percent_text(figures.unexcused_percent),
        "change": change_text(figures.change),
        "run": days_text(figures.longest_run),
        "patterns": "; ".join(figures.patterns) or tr("Inga mönster"),
        "level": level_text(figures.level),
        "reasons": "; ".join(figures.reasons) or tr("Inget som behöver uppmärksammas."),
    }


def number_key(value: float | None) -> str:
    """A sort key for a figure that may be missing (missing sorts first) or negative."""
    return "" if value is None else f"{value + 10_000:012.1f}"


def trend_text(values: Sequence[float | None]) -> str:
    """The trend in words, for screen readers and the tooltip: oldest week first."""
    words = [percent_text(v) if v is not None else tr("ingen skola") for v in values]
    return tr("Frånvaro per vecka, äldst först: {list}").format(list=", ".join(words))


# Cells that are drawn ----------------------------------------------------------------------------
class _RecordDelegate(QStyledItemDelegate):
    """A delegate that finds the record behind a cell through the view's proxy."""

    def __init__(self, record_for: Callable[[QModelIndex], Any], parent=None):
        super().__init__(parent)
        self._record_for = record_for

    def _background(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)

    @staticmethod
    def _text_colour(option: QStyleOptionViewItem) -> QColor:
        selected = option.state & QStyle.StateFlag.State_Selected
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        return option.palette.color(role)


class LevelDelegate(_RecordDelegate):
    """A coloured dot and the level's word."""

    def __init__(self, level_of: Callable[[QModelIndex], Level | None], parent=None):
        super().__init__(level_of, parent)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        self._background(painter, option, index)
        level = self._record_for(index)
        if level is None:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = option.rect
        size = option.fontMetrics.height() * 0.6
        centre = QPointF(rect.left() + 6 + size / 2, rect.center().y() + 0.5)
        painter.setPen(QPen(LEVEL_COLOURS[level].darker(130), 1))
        painter.setBrush(LEVEL_COLOURS[level])
        painter.drawEllipse(centre, size / 2, size / 2)
        painter.setPen(self._text_colour(option))
        text_rect = QRectF(rect).adjusted(12 + size, 0, -4, 0)
        painter.drawText(
            text_rect,
            Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
            index.data(Qt.ItemDataRole.DisplayRole) or "",
        )
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index):
        hint = super().sizeHint(option, index)
        hint.setWidth(hint.width() + option.fontMetrics.height())
        return hint


class TrendDelegate(_RecordDelegate):
    """The weekly absence shares as a small line; a week without school is a gap, not a zero.
    The cell's text (the same numbers in words) is what a screen reader gets."""

    def __init__(self, trend_of: Callable[[QModelIndex], Sequence[float | None]], parent=None):
        super().__init__(trend_of, parent)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        self._background(painter, option, index)
        values = list(self._record_for(index) or ())
        if not values:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        area = QRectF(option.rect).adjusted(6, 5, -6, -5)
        top = (
            max(20.0, *(v for v in values if v is not None))
            if any(v is not None for v in values)
            else 20.0
        )
        step = area.width() / max(1, len(values) - 1)
        colour = self._text_colour(option)
        baseline = QColor(colour)
        baseline.setAlpha(70)
        painter.setPen(QPen(baseline, 1))
        painter.drawLine(area.bottomLeft(), area.bottomRight())
        path = QPainterPath()
        drawing = False
        points: list[QPointF] = []
        for number, value in enumerate(values):
            if value is None:
                drawing = False
                continue
            point = QPointF(
                area.left() + number * step, area.bottom() - area.height() * value / top
            )
            points.append(point)
            if drawing:
                path.lineTo(point)
            else:
                path.moveTo(point)
                drawing = True
        painter.setPen(QPen(colour, 1.6))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        painter.setBrush(colour)
        painter.setPen(Qt.PenStyle.NoPen)
        for point in points:  # a lone week between gaps still shows as a dot
            painter.drawEllipse(point, 1.6, 1.6)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index):
        hint = super().sizeHint(option, index)
        hint.setWidth(option.fontMetrics.averageCharWidth() * 14)
        return hint
