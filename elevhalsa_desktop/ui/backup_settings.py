"""The Säkerhetskopior tab of Inställningar: where this computer puts the backups, and how many
the school keeps.

The two settings live in different places on purpose. The folder is this computer's (QSettings):
a USB stick is E:\\ on one laptop and /media/... on another, and a path stored in the case file
would be wrong on every other computer that opens it. The number kept is the school's, so it is
stored in the case file and is the same on every computer.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget

from ..services.backups import KEEP_KEY, BackupService
from ..services.session import CaseSession
from .feedback import set_secondary
from .file_choosers import choose_backup_folder
from .forms import load_form
from .local_settings import backup_folder_for, remember_backup_folder


class BackupSettingsPage(QWidget):
    def __init__(self, session: CaseSession, settings: QSettings, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("backupPage")
        self._session = session
        self._settings = settings
        self.form = load_form("backup_settings_page.ui", self)
        f = self.form
        for label in (f.backupFolderHint, f.backupKeepHint, f.backupLastLabel):
            set_secondary(label)
        self.chosen: Path | None = backup_folder_for(settings, session.path)
        service = BackupService(session, self.chosen)
        self._keep = service.keep()
        f.backupKeepSpin.setValue(self._keep)
        last = service.last_backup()
        f.backupLastLabel.setText(
            last.strftime("%Y-%m-%d %H:%M") if last else self.tr("Ingen säkerhetskopia än")
        )
        f.chooseFolderButton.clicked.connect(self._choose)
        f.defaultFolderButton.clicked.connect(lambda: self._set_folder(None))
        self._show_folder()

    @property
    def keep_spin(self):
        return self.form.backupKeepSpin

    def bind_problems(self, problems) -> None:
        problems.bind(KEEP_KEY, self.form.backupKeepProblem, self.form.backupKeepSpin)

    def change_widgets(self) -> list[QWidget]:
        """What the dialog watches for unsaved changes."""
        f = self.form
        return [f.chooseFolderButton, f.defaultFolderButton]

    def _choose(self) -> None:
        service = BackupService(self._session, self.chosen)
        start = service.folder if service.folder.is_dir() else self._session.path.parent
        folder = choose_backup_folder(self, start)
        if folder is not None:
            self._set_folder(folder)

    def _set_folder(self, folder: Path | None) -> None:
        self.chosen = folder
        self._show_folder()

    def _show_folder(self) -> None:
        f = self.form
        folder = BackupService(self._session, self.chosen).folder
        f.backupFolderEdit.setText(str(folder))
        f.defaultFolderButton.setEnabled(self.chosen is not None)
        f.backupFolderHint.setText(
            self.tr(
                "Gäller bara den här datorn: ett USB-minne har olika sökvägar på olika datorer. "
                "Standard är mappen Säkerhetskopior bredvid akten. Finns den valda mappen inte "
                "när en säkerhetskopia sparas automatiskt (USB-minnet sitter inte i), hamnar den "
                "i standardmappen."
            )
        )

    def save(self) -> None:
        """Save both settings: the number in the case file (logged), the folder on this
        computer. Raises ValidationError (key ``backup_keep``) before anything is saved."""
        keep = self.form.backupKeepSpin.value()
        BackupService(self._session, self.chosen).save_keep(keep)
        self._keep = keep
        if self.chosen != backup_folder_for(self._settings, self._session.path):
            remember_backup_folder(self._settings, self._session.path, self.chosen)
