"""How one recent case file looks in the start dialog's list: the file name large, the folder small
below it, and a missing file marked as missing in words (not only in colour)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
)

from .feedback import problem_color, scaled_font, secondary_color

PATH_ROLE = Qt.ItemDataRole.UserRole
MISSING_ROLE = Qt.ItemDataRole.UserRole + 1
_PAD = 6


def _tr(text: str) -> str:
    return QCoreApplication.translate("recent_files_view", text)


def make_item(path: Path) -> QListWidgetItem:
    missing = not path.is_file()
    item = QListWidgetItem(path.name)
    item.setData(PATH_ROLE, str(path))
    item.setData(MISSING_ROLE, missing)
    item.setToolTip(str(path))
    if missing:
        spoken = _tr("{name}, saknas, fanns i mappen {folder}")
    else:
        spoken = _tr("{name}, i mappen {folder}")
    item.setData(
        Qt.ItemDataRole.AccessibleTextRole, spoken.format(name=path.name, folder=path.parent)
    )
    return item


def folder_line(path: Path, missing: bool) -> str:
    if missing:
        return _tr("Saknas – fanns i {folder}").format(folder=path.parent)
    return str(path.parent)


class RecentFileDelegate(QStyledItemDelegate):
    def _fonts(self, option: QStyleOptionViewItem):
        widget = option.widget
        return scaled_font(widget, 1.15, bold=True), scaled_font(widget, 0.92)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        name_font, small_font = self._fonts(option)
        height = QFontMetrics(name_font).height() + QFontMetrics(small_font).height()
        return QSize(option.rect.width(), height + 3 * _PAD)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        path = Path(index.data(PATH_ROLE))
        missing = bool(index.data(MISSING_ROLE))
        opt.text = ""  # the style draws the background and focus; we draw the two lines
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)

        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        group = (
            QPalette.ColorGroup.Active
            if opt.state & QStyle.StateFlag.State_Active
            else QPalette.ColorGroup.Inactive
        )
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        main_color = opt.palette.color(group, role)
        small_color = (
            main_color
            if selected
            else secondary_color(
                opt.palette, group, QPalette.ColorRole.Text, QPalette.ColorRole.Base
            )
        )
        if missing and not selected:
            small_color = problem_color(opt.widget)

        name_font, small_font = self._fonts(option)
        rect = opt.rect.adjusted(2 * _PAD, _PAD, -2 * _PAD, -_PAD)
        name_height = QFontMetrics(name_font).height()
        painter.save()
        painter.setFont(name_font)
        painter.setPen(main_color)
        name = QFontMetrics(name_font).elidedText(
            path.name, Qt.TextElideMode.ElideRight, rect.width()
        )
        painter.drawText(
            QRect(rect.left(), rect.top(), rect.width(), name_height),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            name,
        )
        painter.setFont(small_font)
        painter.setPen(small_color)
        folder = QFontMetrics(small_font).elidedText(
            folder_line(path, missing), Qt.TextElideMode.ElideMiddle, rect.width()
        )
        painter.drawText(
            QRect(rect.left(), rect.top() + name_height + _PAD // 2, rect.width(), rect.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
            folder,
        )
        painter.restore()
