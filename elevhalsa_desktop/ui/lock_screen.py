"""The lock screen: what the main window shows instead of its areas while the case file is locked.

It names the school and the user and asks for the password; nothing about any pupil. A refusal is
a calm sentence under the field. After a few wrong passwords it makes the user wait, longer each
time, like the password dialog: that slows down someone guessing at an unattended laptop (the
file itself is protected by SQLCipher's key derivation). "Stäng akten (osparat försvinner)" closes
the file without unlocking it, and says in its own words that what was not saved is lost.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLineEdit, QWidget

from .feedback import clear_problem, prepare_problem_label, scaled_font, set_secondary, show_problem
from .forms import load_form
from .password_wait import PasswordWait
from .resources import icon


class LockScreen(QWidget):
    #: The user asks to unlock with this password.
    unlock_requested = Signal(str)
    #: The user asks to close the case file without unlocking it.
    close_requested = Signal()

    def __init__(
        self,
        school: str,
        user: str,
        parent: QWidget | None = None,
        *,
        first_delay_ms: int | None = None,
        max_delay_ms: int | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("lockScreen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)  # the style sheet's background
        self.setAccessibleName(self.tr("Akten är låst"))
        f = self.form = load_form("lock_screen.ui", self)
        f.lockCard.setObjectName("lockCard")
        f.lockCard.setFrameShape(QFrame.Shape.StyledPanel)
        size = round(f.titleLabel.fontMetrics().height() * 2.6)
        f.iconLabel.setPixmap(icon("lock").pixmap(size, size))
        f.titleLabel.setFont(scaled_font(f.titleLabel, 1.5, bold=True))
        f.schoolLabel.setFont(scaled_font(f.schoolLabel, 1.15))
        f.schoolLabel.setText(school)
        f.schoolLabel.setVisible(bool(school))
        f.userLabel.setText(self.tr("Användare: {name}").format(name=user))
        set_secondary(f.infoLabel)
        prepare_problem_label(f.problemLabel)
        f.waitLabel.hide()
        self._wait = PasswordWait(
            f.waitLabel,
            f.unlockButton,
            self,
            first_delay_ms=first_delay_ms,
            max_delay_ms=max_delay_ms,
        )
        # Wide enough for the sentences to wrap calmly, whatever the font and the scale.
        f.lockCard.setMinimumWidth(f.infoLabel.fontMetrics().averageCharWidth() * 64)
        f.lockCard.setMaximumWidth(f.infoLabel.fontMetrics().averageCharWidth() * 80)

        f.unlockButton.clicked.connect(self._unlock_clicked)
        f.passwordEdit.returnPressed.connect(self._unlock_clicked)
        f.closeButton.clicked.connect(self.close_requested)
        f.showCheck.toggled.connect(self._reveal)
        f.passwordEdit.textEdited.connect(lambda: clear_problem(f.problemLabel, f.passwordEdit))
        self.setFocusProxy(f.passwordEdit)

    @property
    def password_edit(self) -> QLineEdit:
        return self.form.passwordEdit

    def focus_password(self) -> None:
        self.form.passwordEdit.setFocus(Qt.FocusReason.OtherFocusReason)

    def clear(self) -> None:
        """Forget what was typed (after unlocking: the text should not stay in a widget)."""
        self.form.passwordEdit.clear()
        self.form.showCheck.setChecked(False)

    # Unlocking ------------------------------------------------------------------------------
    def _unlock_clicked(self) -> None:
        f = self.form
        if self.waiting:
            return
        password = f.passwordEdit.text()
        if not password:
            show_problem(f.problemLabel, self.tr("Skriv lösenordet till akten."), f.passwordEdit)
            return
        self.unlock_requested.emit(password)

    def refuse(self, sentence: str, *, wrong_password: bool = True) -> None:
        """Show why the file did not open. A wrong password counts towards the wait."""
        f = self.form
        show_problem(f.problemLabel, sentence, f.passwordEdit)
        f.passwordEdit.setFocus()
        f.passwordEdit.selectAll()
        if wrong_password:
            self._wait.failed()

    def _reveal(self, revealed: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if revealed else QLineEdit.EchoMode.Password
        self.form.passwordEdit.setEchoMode(mode)

    # The growing wait -----------------------------------------------------------------------
    def delay_for(self, failures: int) -> int:
        return self._wait.delay_for(failures)

    @property
    def waiting(self) -> bool:
        return self._wait.waiting
