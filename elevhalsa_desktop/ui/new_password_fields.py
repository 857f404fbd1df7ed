"""Behaviour of a "new password, typed twice" group: live strength hint, match hint, show toggle.

Used by the create wizard and the change-password dialog. Each keeps its own layout in its .ui
file; this class only binds to the widgets, so the two screens stay consistent in behaviour.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QProgressBar

from ..domain import password as rules
from .feedback import problem_color, set_secondary

# Bar colours by score; the label beside the bar says the same in words.
_SCORE_COLORS = {
    0: QColor("#b3261e"),
    1: QColor("#c2610c"),
    2: QColor("#8a7a00"),
    3: QColor("#2e7d32"),
    4: QColor("#1b5e20"),
}


def _tr_domain(text: str) -> str:
    # The domain's Swedish wording passes through the translator like any other UI text.
    return QCoreApplication.translate("password", text)


class NewPasswordFields(QObject):
    changed = Signal()

    def __init__(
        self,
        password_edit: QLineEdit,
        repeat_edit: QLineEdit,
        show_check: QCheckBox,
        strength_bar: QProgressBar,
        strength_label: QLabel,
        match_label: QLabel,
        *,
        also_reveal: Sequence[QLineEdit] = (),
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.password_edit = password_edit
        self.repeat_edit = repeat_edit
        self._reveal = [password_edit, repeat_edit, *also_reveal]
        self._bar = strength_bar
        self._strength_label = strength_label
        self._match_label = match_label
        self._match_color = problem_color(match_label)
        strength_bar.setRange(0, 4)
        strength_bar.setTextVisible(False)
        strength_label.setWordWrap(True)
        match_label.setWordWrap(True)
        for edit in self._reveal:
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        show_check.toggled.connect(self._set_revealed)
        password_edit.textChanged.connect(self._update)
        repeat_edit.textChanged.connect(self._update)
        self._update()

    def password(self) -> str:
        return self.password_edit.text()

    def repeated(self) -> str:
        return self.repeat_edit.text()

    def problem(self) -> str | None:
        return rules.problem(self.password(), self.repeated())

    def is_valid(self) -> bool:
        return self.problem() is None

    def _set_revealed(self, revealed: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if revealed else QLineEdit.EchoMode.Password
        for edit in self._reveal:
            edit.setEchoMode(mode)

    def _update(self) -> None:
        password = self.password()
        strength = rules.strength(password)
        self._bar.setValue(strength.score)
        palette = self._bar.palette()
        palette.setColor(QPalette.ColorRole.Highlight, _SCORE_COLORS[strength.score])
        self._bar.setPalette(palette)
        self._bar.setAccessibleDescription(_tr_domain(strength.label))
        if strength.score == 0:
            text = self.tr(
                "För kort: {count} av minst {minimum} tecken. "
                "En mening av några ord är lätt att minnas."
            ).format(count=len(password), minimum=rules.MIN_LENGTH)
        else:
            label, hint = _tr_domain(strength.label), _tr_domain(strength.hint)
            # "Starkt. Starkt lösenord." says it twice; the hint alone says it once.
            text = hint if label.lower() in hint.lower() else f"{label}. {hint}"
        self._strength_label.setText(text)
        self._update_match()
        self.changed.emit()

    def _update_match(self) -> None:
        repeated = self.repeated()
        label = self._match_label
        palette = label.palette()
        if not repeated or (
            len(repeated) < len(self.password()) and self.password().startswith(repeated)
        ):
            label.clear()  # still typing the second one: nothing to say yet
        elif repeated == self.password():
            label.setText(self.tr("Lösenorden är lika."))
            set_secondary(label)
        else:
            label.setText(self.tr("Lösenorden är inte lika."))
            palette.setColor(QPalette.ColorRole.WindowText, self._match_color)
            label.setPalette(palette)
