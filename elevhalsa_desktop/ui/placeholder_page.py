"""A calm page for an area that is not built yet: what will live there, and nothing else."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from .feedback import scaled_font, set_secondary
from .forms import load_form
from .line_length import readable_width


class PlaceholderPage(QWidget):
    def __init__(self, title: str, text: str, parent: QWidget | None = None):
        super().__init__(parent)
        form = self.form = load_form("placeholder_page.ui", self)
        form.titleLabel.setText(title)
        form.titleLabel.setFont(scaled_font(form.titleLabel, 1.5, bold=True))
        form.titleLabel.setVisible(bool(title))
        form.textLabel.setText(text)
        readable_width(form.textLabel)
        form.comingLabel.setText(self.tr("Den här delen kommer i en senare version av programmet."))
        set_secondary(form.comingLabel)
        self.setAccessibleName(title or text)

    def focus_first(self) -> None:
        # The text takes keyboard focus so that a screen reader reads what will come here.
        self.form.textLabel.setFocus(Qt.FocusReason.OtherFocusReason)
