"""Small pieces of feedback shared by the dialogs: a problem beside a field, a busy cursor.

A problem is shown in red text under the field it belongs to, never in a popup, so the user can
read it while correcting the field. The text is also put in the field's accessible description,
so a screen reader announces it when the field gets focus.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from PySide6.QtCore import QCoreApplication, QEventLoop, Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QWidget

# Chosen for a contrast ratio of at least 4.5:1 against the usual light and dark window colours.
_RED_ON_LIGHT = QColor("#b3261e")
_RED_ON_DARK = QColor("#ff8a80")


def problem_color(widget: QWidget) -> QColor:
    background = widget.palette().color(QPalette.ColorRole.Window)
    return _RED_ON_DARK if background.lightness() < 128 else _RED_ON_LIGHT


def prepare_problem_label(label: QLabel) -> None:
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, problem_color(label))
    label.setPalette(palette)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.clear()
    label.hide()


def show_problem(label: QLabel, sentence: str, field: QWidget | None = None) -> None:
    label.setText(sentence)
    label.show()
    if field is not None:
        field.setAccessibleDescription(sentence)


def clear_problem(label: QLabel, field: QWidget | None = None) -> None:
    label.clear()
    label.hide()
    if field is not None:
        field.setAccessibleDescription("")


def scaled_font(widget: QWidget, factor: float, *, bold: bool = False) -> QFont:
    """The widget's font, larger or smaller; relative sizes keep working at 200 % scaling."""
    font = QFont(widget.font())
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * factor)
    else:
        font.setPixelSize(round(font.pixelSize() * factor))
    font.setBold(bold)
    return font


def secondary_color(
    palette: QPalette,
    group: QPalette.ColorGroup = QPalette.ColorGroup.Active,
    text_role: QPalette.ColorRole = QPalette.ColorRole.WindowText,
    back_role: QPalette.ColorRole = QPalette.ColorRole.Window,
) -> QColor:
    """Quieter than the text but still readable: two thirds of the way from the background to
    the text colour keeps a contrast of about 4.5:1 or more, where the placeholder grey does not."""
    text = palette.color(group, text_role)
    back = palette.color(group, back_role)
    mix = 0.68
    return QColor(
        round(back.red() + (text.red() - back.red()) * mix),
        round(back.green() + (text.green() - back.green()) * mix),
        round(back.blue() + (text.blue() - back.blue()) * mix),
    )


def set_secondary(label: QLabel) -> None:
    """Quieter text for details such as a folder path."""
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, secondary_color(palette))
    label.setPalette(palette)


@contextlib.contextmanager
def busy_cursor() -> Iterator[None]:
    """A wait cursor around work that blocks the GUI thread briefly (deriving the key takes
    about 0.2 s and must happen on the thread that owns the connection)."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    # Let the cursor change reach the screen before we block; user input waits until we are done.
    QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()


#: A calm but visible notice box (a warning that is not an error, e.g. a missing decision).
NOTICE_STYLE = (
    "QLabel { background: #fdf1e3; border: 1px solid #e6b57d; border-radius: 4px; padding: 8px; }"
)


def show_notice(label: QLabel, text: str, style: str = NOTICE_STYLE) -> None:
    """Show ``text`` in ``label`` in the given style, or hide the label when there is none."""
    label.setText(text)
    label.setStyleSheet(style)
    label.setVisible(bool(text))
