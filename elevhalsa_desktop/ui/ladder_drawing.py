"""The ladder drawn as steps, from the most sheltered at the bottom left to the whole class at
the top right, with the pupil's current step highlighted: the picture the pupil and the
guardians see in "Min trappa", here on the pupil's page."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QWidget

from ..domain.ladder import ReturnPlan, StepStatus
from .feedback import secondary_color
from .ladder_parts import step_colour, step_status_label

_CURRENT_EDGE = QColor("#2f6b8f")


class LadderDrawing(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("ladderDrawing")
        self.setAccessibleName(self.tr("Trappan"))
        self._plan: ReturnPlan | None = None

    def set_plan(self, plan: ReturnPlan) -> None:
        self._plan = plan
        self.setToolTip(self.description())
        self.setAccessibleDescription(self.description())
        self.updateGeometry()
        self.update()

    def description(self) -> str:
        if self._plan is None:
            return ""
        return " ".join(
            self.tr("Steg {n}: {setting} ({status}).").format(
                n=n, setting=s.setting, status=step_status_label(s.status)
            )
            for n, s in enumerate(self._plan.active_steps, start=1)
        )

    def sizeHint(self) -> QSize:
        line = self.fontMetrics().lineSpacing()
        count = len(self._plan.active_steps) if self._plan else 3
        return QSize(line * 26, round(line * (2.2 * max(count, 2) + 1)))

    def minimumSizeHint(self) -> QSize:
        line = self.fontMetrics().lineSpacing()
        return QSize(line * 16, line * 6)

    def paintEvent(self, _event: QPaintEvent) -> None:
        if self._plan is None or not self._plan.active_steps:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text = self.palette().color(QPalette.ColorRole.WindowText)
        quiet = secondary_color(self.palette())
        steps = self._plan.active_steps
        count = len(steps)
        width, height = self.width() - 2, self.height() - 2
        tread = width / count
        rise = height / count
        bold = QFontMetrics(self.font())
        for index, step in enumerate(steps):
            # Each step a block rising from the floor: its top is its tread.
            top = height - rise * (index + 1)
            rect = QRectF(1 + index * tread, top + 1, tread - 4, height - top)
            current = step.status is StepStatus.CURRENT
            fill = step_colour(index)
            if step.status is StepStatus.DONE:
                fill = fill.darker(108)
            painter.setBrush(fill)
            painter.setPen(QPen(_CURRENT_EDGE if current else quiet, 3 if current else 1))
            painter.drawRoundedRect(rect, 4, 4)
            label = QRectF(rect.left() + 6, rect.top() + 4, rect.width() - 12, rise - 6)
            font = self.font()
            font.setBold(current)
            painter.setFont(font)
            painter.setPen(text if current or step.status is StepStatus.DONE else quiet)
            title = f"{index + 1}. {step.setting}"
            status = step_status_label(step.status)
            if current:
                status = self.tr("Här är eleven nu")
            elided = bold.elidedText(title, Qt.TextElideMode.ElideRight, round(label.width()))
            painter.drawText(label, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, elided)
            if label.height() > bold.lineSpacing() * 1.8:
                below = label.translated(0, bold.lineSpacing())
                painter.drawText(
                    below, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, status
                )
