""" "Lås upp akten": the password dialog for one case file.

Every refusal is shown as a sentence inside the dialog, not in a popup, so the user keeps her
place. After a few wrong passwords the dialog makes her wait, longer each time. That slows down
someone guessing at an unattended laptop; it does not protect the file itself (that is the job of
SQLCipher's key derivation), so the count lives only as long as the dialog.
"""

from __future__ import annotations

import math
from pathlib import Path

from PySide6.QtCore import QElapsedTimer, QSettings, QTimer
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLineEdit, QWidget

from .. import config
from ..services.session import CaseSession, open_case
from ..store.errors import (
    CaseFileError,
    CaseFileNotFound,
    DamagedCaseFile,
    NewerVersion,
    NotACaseFile,
    WrongPassword,
)
from .feedback import (
    busy_cursor,
    clear_problem,
    prepare_problem_label,
    scaled_font,
    set_secondary,
    show_problem,
)
from .file_choosers import choose_case_file
from .forms import load_form
from .local_settings import user_for_file

# Refusals about the file itself: another password will not help, another file might.
_FILE_PROBLEMS = (CaseFileNotFound, NotACaseFile, DamagedCaseFile, NewerVersion)


class PasswordDialog(QDialog):
    """After ``accept()``, ``session`` is the open session; ``path`` is the file it belongs to."""

    FREE_TRIES = 3
    FIRST_DELAY_MS = 2_000
    MAX_DELAY_MS = 30_000

    def __init__(
        self,
        path: Path,
        settings: QSettings | None = None,
        parent: QWidget | None = None,
        *,
        first_delay_ms: int | None = None,
        max_delay_ms: int | None = None,
    ):
        super().__init__(parent)
        self.session: CaseSession | None = None
        self.path = Path(path)
        self._settings = settings
        self._first_delay = self.FIRST_DELAY_MS if first_delay_ms is None else first_delay_ms
        self._max_delay = self.MAX_DELAY_MS if max_delay_ms is None else max_delay_ms
        self._failures = 0
        self._wait_ms = 0
        self._waited = QElapsedTimer()
        self._tick = QTimer(self)
        self._tick.setSingleShot(True)
        self._tick.timeout.connect(self._count_down)

        self.setWindowTitle(self.tr("Lås upp akten"))
        self.form = load_form("password_dialog.ui", self)
        f = self.form
        f.fileNameLabel.setFont(scaled_font(f.fileNameLabel, 1.3, bold=True))
        set_secondary(f.folderLabel)
        prepare_problem_label(f.problemLabel)
        f.waitLabel.hide()
        f.noticeLabel.hide()
        self.ok_button = f.buttonBox.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Lås &upp"))
        self.ok_button.setAccessibleName(self.tr("Lås upp akten"))
        self.cancel_button = f.buttonBox.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText(self.tr("Avbryt"))
        self.cancel_button.setAccessibleName(self.tr("Avbryt"))
        self.other_file_button = f.buttonBox.addButton(
            self.tr("Välj en &annan fil…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.other_file_button.setAccessibleName(self.tr("Välj en annan fil"))
        self.other_file_button.hide()
        # OK runs the unlock; the dialog is accepted only once a session is open.
        self.ok_button.clicked.connect(self._ok_clicked)
        f.buttonBox.rejected.connect(self.reject)
        self.other_file_button.clicked.connect(self._choose_other_file)
        f.showCheck.toggled.connect(self._reveal)
        f.passwordEdit.textEdited.connect(lambda: clear_problem(f.problemLabel, f.passwordEdit))
        self.set_path(self.path)
        self.resize(480, self.sizeHint().height())

    # The file -----------------------------------------------------------------------------
    def set_path(self, path: Path) -> None:
        self.path = Path(path)
        f = self.form
        f.fileNameLabel.setText(self.path.name)
        f.folderLabel.setText(self.tr("i mappen {folder}").format(folder=self.path.parent))
        f.fileNameLabel.setToolTip(str(self.path))
        clear_problem(f.problemLabel, f.passwordEdit)
        if not self.path.exists():
            self._show_file_problem(str(CaseFileNotFound(self.path)))
            return
        f.passwordArea.setEnabled(True)
        self.other_file_button.hide()
        self.ok_button.setEnabled(not self.waiting)
        self.ok_button.setDefault(True)
        f.passwordEdit.setFocus()
        f.passwordEdit.selectAll()

    def _show_file_problem(self, sentence: str) -> None:
        f = self.form
        show_problem(f.problemLabel, sentence, f.passwordEdit)
        f.passwordArea.setEnabled(False)
        self.ok_button.setEnabled(False)
        self.other_file_button.show()
        self.other_file_button.setDefault(True)
        self.other_file_button.setFocus()

    def _choose_other_file(self) -> None:
        folder = self.path.parent if self.path.parent.is_dir() else config.default_case_dir()
        chosen = choose_case_file(self, folder)
        if chosen is not None:
            self.set_path(chosen)

    # Unlocking ------------------------------------------------------------------------------
    def _ok_clicked(self) -> None:
        if self.session is not None:  # the upgrade notice has been read
            self.accept()
        else:
            self.unlock()

    def unlock(self) -> None:
        f = self.form
        if self.waiting or not f.passwordArea.isEnabled():
            return
        password = f.passwordEdit.text()
        if not password:
            show_problem(f.problemLabel, self.tr("Skriv lösenordet till akten."), f.passwordEdit)
            return
        user_id = user_for_file(self._settings, self.path) if self._settings else None
        try:
            with busy_cursor():
                session = open_case(self.path, password, user_id=user_id)
        except WrongPassword as error:
            self._wrong_password(str(error))
            return
        except _FILE_PROBLEMS as error:
            self._show_file_problem(str(error))
            return
        except CaseFileError as error:  # e.g. the file or its folder cannot be written
            show_problem(f.problemLabel, str(error), f.passwordEdit)
            return
        f.passwordEdit.clear()
        self.session = session
        backup = session.case.migrated_from_backup
        if backup is not None:
            self._show_upgrade_notice(backup)
        else:
            self.accept()

    def reject(self) -> None:
        # Once the file is open, closing the upgrade notice means "continue", not "cancel".
        if self.session is not None:
            self.accept()
        else:
            super().reject()

    def _wrong_password(self, sentence: str) -> None:
        f = self.form
        self._failures += 1
        show_problem(f.problemLabel, sentence, f.passwordEdit)
        f.passwordEdit.setFocus()
        f.passwordEdit.selectAll()
        delay = self.delay_for(self._failures)
        if delay:
            self._start_wait(delay)

    def _reveal(self, revealed: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if revealed else QLineEdit.EchoMode.Password
        self.form.passwordEdit.setEchoMode(mode)

    def _show_upgrade_notice(self, backup: Path) -> None:
        f = self.form
        self._tick.stop()
        f.promptLabel.hide()
        f.passwordArea.hide()
        f.waitLabel.hide()
        clear_problem(f.problemLabel, f.passwordEdit)
        f.noticeLabel.setText(
            self.tr(
                "Akten har uppgraderats så att den fungerar med den här versionen av "
                "programmet. Före uppgraderingen sparades en kopia av akten som den var: "
                "{name} i mappen {folder}. Behåll kopian tills du har sett att allt fungerar."
            ).format(name=backup.name, folder=backup.parent)
        )
        f.noticeLabel.show()
        self.setWindowTitle(self.tr("Akten har uppgraderats"))
        self.cancel_button.hide()
        self.other_file_button.hide()
        self.ok_button.setText(self.tr("&Fortsätt"))
        self.ok_button.setAccessibleName(self.tr("Fortsätt"))
        self.ok_button.setEnabled(True)
        self.ok_button.setFocus()

    # The growing wait -----------------------------------------------------------------------
    def delay_for(self, failures: int) -> int:
        """Milliseconds to wait after ``failures`` wrong passwords in a row."""
        if failures < self.FREE_TRIES:
            return 0
        return min(self._first_delay * 2 ** (failures - self.FREE_TRIES), self._max_delay)

    @property
    def waiting(self) -> bool:
        return self._wait_ms > 0

    def _start_wait(self, ms: int) -> None:
        self._wait_ms = ms
        self._waited.start()
        self.ok_button.setEnabled(False)
        self._count_down()

    def _count_down(self) -> None:
        f = self.form
        remaining = self._wait_ms - self._waited.elapsed()
        if remaining <= 0:
            self._wait_ms = 0
            f.waitLabel.hide()
            self.ok_button.setEnabled(f.passwordArea.isEnabled())
            return
        seconds = math.ceil(remaining / 1000)
        if seconds == 1:
            text = self.tr("För många felaktiga försök. Vänta 1 sekund innan du försöker igen.")
        else:
            text = self.tr(
                "För många felaktiga försök. Vänta {seconds} sekunder innan du försöker igen."
            ).format(seconds=seconds)
        f.waitLabel.setText(text)
        f.waitLabel.show()
        # Wake up exactly when the shown number of seconds changes.
        self._tick.start(remaining % 1000 or 1000)
