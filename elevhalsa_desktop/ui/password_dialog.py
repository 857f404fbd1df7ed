""" "Lås upp akten": the password dialog for one case file.

Every refusal is shown as a sentence inside the dialog, not in a popup, so the user keeps her
place. After a few wrong passwords the dialog makes her wait, longer each time. That slows down
someone guessing at an unattended laptop; it does not protect the file itself (that is the job of
SQLCipher's key derivation), so the count lives only as long as the dialog.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLineEdit, QWidget

from .. import config
from ..services.session import CaseSession, location_warning, open_case
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
from .messages import unsafe_location_question
from .password_wait import PasswordWait
from .restore_dialog import damaged_file_dialog, has_backups

# Refusals about the file itself: another password will not help, another file might.
_FILE_PROBLEMS = (CaseFileNotFound, NotACaseFile, DamagedCaseFile, NewerVersion)


class PasswordDialog(QDialog):
    """After ``accept()``, ``session`` is the open session; ``path`` is the file it belongs to."""

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
        self._wait = PasswordWait(
            f.waitLabel,
            self.ok_button,
            self,
            first_delay_ms=first_delay_ms,
            max_delay_ms=max_delay_ms,
            may_enable=f.passwordArea.isEnabled,
        )
        self.cancel_button = f.buttonBox.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText(self.tr("Avbryt"))
        self.cancel_button.setAccessibleName(self.tr("Avbryt"))
        self.other_file_button = f.buttonBox.addButton(
            self.tr("Välj en &annan fil…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.other_file_button.setAccessibleName(self.tr("Välj en annan fil"))
        self.other_file_button.hide()
        self.restore_button = f.buttonBox.addButton(
            self.tr("Återställ från &säkerhetskopia…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.restore_button.setAccessibleName(self.tr("Återställ från säkerhetskopia"))
        self.restore_button.hide()
        self.restore_button.clicked.connect(self._offer_restore)
        self.restore_dialog = None  # while open
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
        self.restore_button.hide()
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
        if chosen is None:
            return
        warning = location_warning(chosen)
        if warning:  # the same question the start flow asks before the password
            box, open_anyway = unsafe_location_question(self, warning)
            box.exec()
            if box.clickedButton() is not open_anyway:
                return
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
        except DamagedCaseFile as error:
            self._show_file_problem(str(error))
            self._show_restore_offer()
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

    # A damaged file: the offer to restore a backup (ui/restore_dialog.py) ----------------------
    def _show_restore_offer(self) -> None:
        if has_backups(self._settings, self.path):
            self.restore_button.show()
            self.restore_button.setDefault(True)
            self.restore_button.setFocus()

    def _offer_restore(self) -> None:
        user_id = user_for_file(self._settings, self.path) if self._settings else None
        dialog = damaged_file_dialog(
            self, self.path, self.form.passwordEdit.text(), self._settings, user_id
        )
        # Not deleted on close: it goes with this dialog (a child deleted on its own while this
        # one is freed by Python crashes PySide).
        if self.restore_dialog is not None:
            self.restore_dialog.deleteLater()
        dialog.accepted.connect(lambda: self._restored(dialog.outcome[0]))
        self.restore_dialog = dialog
        dialog.open()

    def _restored(self, session: CaseSession) -> None:
        self.form.passwordEdit.clear()
        self.session = session
        self.accept()

    def reject(self) -> None:
        # Once the file is open, closing the upgrade notice means "continue", not "cancel".
        if self.session is not None:
            self.accept()
        else:
            super().reject()

    def _wrong_password(self, sentence: str) -> None:
        f = self.form
        show_problem(f.problemLabel, sentence, f.passwordEdit)
        f.passwordEdit.setFocus()
        f.passwordEdit.selectAll()
        self._wait.failed()

    def _reveal(self, revealed: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if revealed else QLineEdit.EchoMode.Password
        self.form.passwordEdit.setEchoMode(mode)

    def _show_upgrade_notice(self, backup: Path) -> None:
        f = self.form
        self._wait.stop()
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
        return self._wait.delay_for(failures)

    @property
    def waiting(self) -> bool:
        return self._wait.waiting
