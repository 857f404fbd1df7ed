""" "Återställ från säkerhetskopia": choose a backup, see what it holds, confirm, restore.

Used from the Arkiv menu (the open case file is replaced and the session goes on in it) and when
a case file turns out to be damaged as it is opened (the damaged file is kept aside and the
restored one opened). What restoring means is the caller's: the dialog lists, previews and asks.

A preview opens the backup with its password and checks it on another thread (checking a large
backup takes seconds); only a backup whose preview succeeded can be restored, and only after the
user has ticked that she understands what is lost.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QLocale, QSettings, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QTreeWidgetItem,
    QWidget,
)

from ..services.backups import RestorePreview, list_backups, restore_file
from ..services.backups import preview as preview_backup
from ..store.backup import DAMAGED, BackupInfo, default_folder
from ..store.errors import CaseFileError, WrongPassword
from .background import BackgroundTask
from .feedback import busy_cursor, clear_problem, prepare_problem_label, set_secondary, show_problem
from .forms import load_form
from .local_settings import backup_folder_for

#: (backup, password or None for the one the caller knows) -> what the backup holds.
Preview = Callable[[Path, str | None], RestorePreview]
#: (backup, password or None) -> the copy of the case file put aside (or anything the caller
#: wants back in ``outcome``).
Restore = Callable[[Path, str | None], object]

_INDEX_ROLE = Qt.ItemDataRole.UserRole  # the row's place in ``_infos``


def when_text(when: _dt.datetime) -> str:
    return when.strftime("%Y-%m-%d %H:%M")


def size_text(size: int) -> str:
    return QLocale().formattedDataSize(size, 1, QLocale.DataSizeFormat.DataSizeSIFormat)


class RestoreDialog(QDialog):
    """After ``accept()``, ``outcome`` is what ``restore`` returned."""

    def __init__(
        self,
        case_path: Path,
        folders: list[Path],
        preview: Preview,
        restore: Restore,
        *,
        damaged: bool = False,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("restoreDialog")
        self.case_path = Path(case_path)
        self.folders = list(folders)
        self.damaged = damaged
        self.outcome: object = None
        self._preview = preview
        self._restore = restore
        self._token = 0  # the newest preview asked for; older answers are dropped
        self._shown: tuple[Path, str | None] | None = None  # what the shown preview is of
        self._shown_taken: _dt.datetime | None = None
        self._done = False
        self._infos: list[BackupInfo] = []
        # Previews on their way. A task is kept (not dropped while it tells that it ended: its
        # thread would be deleted inside its own signal) until the next one starts.
        self._tasks: list[BackgroundTask] = []
        self._pending = 0

        self.setWindowTitle(self.tr("Återställ från säkerhetskopia"))
        self.form = load_form("restore_dialog.ui", self)
        f = self.form
        prepare_problem_label(f.problemLabel)
        set_secondary(f.folderLabel)
        set_secondary(f.passwordHint)
        f.passwordHint.setText(
            self.tr("Lämna tomt om säkerhetskopian har samma lösenord som akten har nu.")
            if not damaged
            else self.tr("Lämna tomt om säkerhetskopian har lösenordet du just skrev.")
        )
        tree = f.backupTree
        tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        tree.header().setStretchLastSection(True)
        self.ok_button = f.buttonBox.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Åt&erställ"))
        self.ok_button.setAccessibleName(self.tr("Återställ"))
        self.cancel_button = f.buttonBox.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText(self.tr("Avbryt"))
        self.cancel_button.setAccessibleName(self.tr("Avbryt"))
        self.ok_button.clicked.connect(self._ok_clicked)
        f.buttonBox.rejected.connect(self.reject)
        tree.currentItemChanged.connect(self._selection_changed)
        f.previewButton.clicked.connect(self._preview_clicked)
        f.passwordEdit.returnPressed.connect(self._preview_clicked)
        f.passwordEdit.textEdited.connect(self._password_edited)
        f.confirmCheck.toggled.connect(self._update_ok)
        f.otherFolderButton.clicked.connect(self._choose_folder)

        if damaged:
            f.introLabel.setText(
                self.tr(
                    "Akten {name} är skadad och kan inte öppnas säkert. Du kan återställa den från "
                    "en säkerhetskopia: den senaste hela säkerhetskopian väljs åt dig. Den skadade "
                    "filen behålls som en kopia i samma mapp, så att IT-stöd kan försöka rädda "
                    "det som har ändrats efter säkerhetskopian."
                ).format(name=self.case_path.name)
            )
        else:
            f.introLabel.setText(
                self.tr(
                    "Välj den säkerhetskopia du vill återställa akten {name} från. Den nyaste "
                    "står överst."
                ).format(name=self.case_path.name)
            )
        self.reload()
        self.resize(max(self.sizeHint().width(), 560), self.sizeHint().height())
        if damaged:
            self._find_newest_sound()

    # The list ---------------------------------------------------------------------------------
    def reload(self) -> None:
        f = self.form
        f.folderLabel.setText(
            self.tr("Söker i {folders}").format(folders=", ".join(str(p) for p in self.folders))
        )
        backups = list_backups(self.case_path, self.folders)
        tree = f.backupTree
        tree.blockSignals(True)
        tree.clear()
        self._infos = backups
        for index, info in enumerate(backups):
            item = QTreeWidgetItem(
                [when_text(info.taken_at), size_text(info.size), str(info.path.parent)]
            )
            item.setData(0, _INDEX_ROLE, index)
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            tree.addTopLevelItem(item)
        tree.blockSignals(False)
        f.emptyLabel.setVisible(not backups)
        f.emptyLabel.setText(
            self.tr(
                "Det finns inga säkerhetskopior av akten här. Välj mappen där de finns (ett "
                "USB-minne, till exempel)."
            )
        )
        tree.setEnabled(bool(backups))
        f.passwordArea.setEnabled(bool(backups))
        self._clear_preview()
        if backups and not self.damaged:
            tree.setCurrentItem(tree.topLevelItem(0))  # shows the newest one's preview
        elif backups:
            tree.setCurrentItem(None)

    def backups(self) -> list[BackupInfo]:
        tree = self.form.backupTree
        return [
            self._infos[tree.topLevelItem(i).data(0, _INDEX_ROLE)]
            for i in range(tree.topLevelItemCount())
        ]

    def selected(self) -> BackupInfo | None:
        item = self.form.backupTree.currentItem()
        return self._infos[item.data(0, _INDEX_ROLE)] if item is not None else None

    def select(self, path: Path) -> None:
        tree = self.form.backupTree
        for i in range(tree.topLevelItemCount()):
            if self._infos[tree.topLevelItem(i).data(0, _INDEX_ROLE)].path == path:
                tree.setCurrentItem(tree.topLevelItem(i))
                return

    def _choose_folder(self) -> None:
        start = self.folders[0] if self.folders else self.case_path.parent
        chosen = QFileDialog.getExistingDirectory(
            self, self.tr("Välj mappen med säkerhetskopior"), str(start)
        )
        if chosen:
            self.folders = [Path(chosen), *[p for p in self.folders if p != Path(chosen)]]
            self.reload()

    # The preview ------------------------------------------------------------------------------
    def _password(self) -> str | None:
        return self.form.passwordEdit.text() or None

    def _selection_changed(self, *_args) -> None:
        self._clear_preview()
        info = self.selected()
        if info is not None:
            self._start_preview(info.path, self._password())

    def _password_edited(self) -> None:
        clear_problem(self.form.problemLabel, self.form.passwordEdit)
        if self._shown is not None:
            self._clear_preview()  # the preview was made with another password

    def _preview_clicked(self) -> None:
        info = self.selected()
        if info is not None:
            self._start_preview(info.path, self._password())

    def _start_preview(self, path: Path, password: str | None) -> None:
        self._token += 1
        token = self._token
        f = self.form
        clear_problem(f.problemLabel, f.passwordEdit)
        f.previewLabel.setText(self.tr("Öppnar och kontrollerar säkerhetskopian…"))
        f.previewLabel.show()
        preview = self._preview

        def work(_progress) -> tuple[int, Path, str | None, object]:
            try:
                return token, path, password, preview(path, password)
            except CaseFileError as error:  # a sentence for the user, handed over as a value
                return token, path, password, error

        self._run(work, self._preview_done)

    def busy(self) -> bool:
        """A preview is on its way."""
        return self._pending > 0

    def _run(self, work, done) -> None:
        self._tasks = [t for t in self._tasks if t.is_running()]
        task = BackgroundTask(work)
        task.succeeded.connect(done)
        task.failed.connect(self._unexpected)
        task.ended.connect(self._task_ended)
        self._tasks.append(task)
        self._pending += 1
        task.start()

    def _task_ended(self) -> None:
        self._pending -= 1

    def _unexpected(self, error: BaseException) -> None:
        raise error  # the exception hook shows it calmly

    def _preview_done(self, answer: tuple[int, Path, str | None, object]) -> None:
        token, path, password, result = answer
        if token != self._token or self._done:
            return  # another backup or password was chosen meanwhile
        f = self.form
        if isinstance(result, CaseFileError):
            f.previewLabel.hide()
            if isinstance(result, WrongPassword):
                sentence = self.tr(
                    "Säkerhetskopian har ett annat lösenord. Skriv det lösenord akten hade när "
                    "säkerhetskopian togs."
                )
            else:
                sentence = str(result)
            show_problem(f.problemLabel, sentence, f.passwordEdit)
            f.passwordEdit.setFocus()
            f.passwordEdit.selectAll()
            return
        self._show_preview(path, password, result)

    def _show_preview(self, path: Path, password: str | None, preview: RestorePreview) -> None:
        f = self.form
        counts = preview.counts
        newest = (counts.newest_change or "")[:16].replace("T", " ") or self.tr("inga ändringar")
        f.previewLabel.setText(
            self.tr(
                "Säkerhetskopian är hel och togs {when}. Den innehåller {pupils} elever, "
                "{plans} planer och {notes} anteckningar och kontakter. Senaste ändringen i den: "
                "{newest}."
            ).format(
                when=when_text(preview.taken_at),
                pupils=counts.pupils,
                plans=counts.plans,
                notes=counts.notes,
                newest=newest,
            )
        )
        f.previewLabel.show()
        where = self.case_path.parent
        if self.damaged:
            warning = self.tr(
                "Akten {name} ersätts med säkerhetskopian från {when}. Det som ändrades efter "
                "det finns inte i säkerhetskopian. Den skadade filen sparas först som en kopia i "
                "mappen {folder}."
            )
        else:
            warning = self.tr(
                "Akten {name} ersätts med säkerhetskopian från {when}. Allt som har ändrats i "
                "akten efter det försvinner ur den. Akten som den är nu sparas först som en "
                "kopia i mappen {folder}."
            )
        f.warningLabel.setText(
            warning.format(name=self.case_path.name, when=when_text(preview.taken_at), folder=where)
        )
        f.warningLabel.show()
        f.confirmCheck.show()
        self._shown = (path, password)
        self._shown_taken = preview.taken_at
        self._update_ok()

    def _clear_preview(self) -> None:
        f = self.form
        self._token += 1
        self._shown = None
        f.previewLabel.hide()
        f.warningLabel.hide()
        f.confirmCheck.setChecked(False)
        f.confirmCheck.hide()
        self._update_ok()

    def _update_ok(self, *_args) -> None:
        self.ok_button.setEnabled(
            self._done or (self._shown is not None and self.form.confirmCheck.isChecked())
        )

    def _find_newest_sound(self) -> None:
        """For a damaged file: select the newest backup that opens and passes the checks."""
        backups = self.backups()
        if not backups:
            return
        self._token += 1
        token = self._token
        password = self._password()
        preview = self._preview
        self.form.previewLabel.setText(self.tr("Letar efter den senaste hela säkerhetskopian…"))
        self.form.previewLabel.show()

        def work(_progress):
            first_problem = None
            for info in backups:
                try:
                    return token, info.path, password, preview(info.path, password)
                except CaseFileError as error:
                    first_problem = first_problem or error
            return token, backups[0].path, password, first_problem

        def found(answer) -> None:
            token_, path, _password, _result = answer
            if token_ != self._token:
                return
            tree = self.form.backupTree
            tree.blockSignals(True)
            self.select(path)
            tree.blockSignals(False)
            self._preview_done(answer)

        self._run(work, found)

    # Restoring --------------------------------------------------------------------------------
    def _ok_clicked(self) -> None:
        if self._done:
            self.accept()
            return
        if self._shown is None or not self.form.confirmCheck.isChecked():
            return
        path, password = self._shown
        f = self.form
        try:
            with busy_cursor():
                self.outcome = self._restore(path, password)
        except CaseFileError as error:
            show_problem(f.problemLabel, str(error), f.backupTree)
            return
        self._show_done()

    def _show_done(self) -> None:
        f = self.form
        self._done = True
        for widget in (
            f.otherFolderButton,
            f.backupTree,
            f.emptyLabel,
            f.passwordArea,
            f.previewLabel,
            f.confirmCheck,
        ):
            widget.hide()
        clear_problem(f.problemLabel, f.passwordEdit)
        aside = _aside_of(self.outcome)
        taken = when_text(self._shown_taken) if self._shown_taken else ""
        text = self.tr("Akten är återställd från säkerhetskopian från {when}.").format(when=taken)
        if aside is not None:
            text += " " + self.tr(
                "Akten som den var finns kvar som {name} i mappen {folder}."
            ).format(name=aside.name, folder=aside.parent)
        f.introLabel.setText(text)
        f.folderLabel.hide()
        f.warningLabel.hide()
        self.setWindowTitle(self.tr("Akten är återställd"))
        self.cancel_button.hide()
        self.ok_button.setText(self.tr("&Fortsätt"))
        self.ok_button.setAccessibleName(self.tr("Fortsätt"))
        self.ok_button.setEnabled(True)
        self.ok_button.setDefault(True)
        self.ok_button.setFocus()

    def done(self, result: int) -> None:
        self._token += 1  # previews still on their way are dropped
        super().done(result)

    def reject(self) -> None:
        # Once restored, closing the notice means "go on", not "cancel".
        if self._done:
            self.accept()
        else:
            super().reject()


def _aside_of(outcome: object) -> Path | None:
    if isinstance(outcome, Path):
        return outcome
    if isinstance(outcome, tuple):
        return next((part for part in outcome if isinstance(part, Path)), None)
    return None


# A damaged case file ----------------------------------------------------------------------------
def known_backup_folders(settings: QSettings | None, case_path: Path) -> list[Path]:
    """Where this computer may have put the file's backups: the folder chosen here, and the
    folder "Säkerhetskopior" next to the file."""
    chosen = backup_folder_for(settings, case_path) if settings is not None else None
    return [p for p in (chosen, default_folder(case_path)) if p is not None]


def has_backups(settings: QSettings | None, case_path: Path) -> bool:
    return bool(list_backups(case_path, known_backup_folders(settings, case_path)))


def damaged_file_dialog(
    parent: QWidget | None,
    case_path: Path,
    password: str,
    settings: QSettings | None,
    user_id: str | None = None,
) -> RestoreDialog:
    """The restore dialog for a case file that is damaged: it picks the newest backup that
    opens with ``password`` and passes the checks; restoring keeps the damaged file aside
    ("<name> skadad <date>.elevhalsa") and opens the restored one. After ``accept()``,
    ``outcome`` is (the open CaseSession, the damaged file's copy)."""

    def preview_with(path: Path, typed: str | None) -> RestorePreview:
        return preview_backup(path, typed if typed is not None else password)

    def restore_with(path: Path, typed: str | None):
        return restore_file(
            case_path, path, typed if typed is not None else password, why=DAMAGED, user_id=user_id
        )

    return RestoreDialog(
        case_path,
        known_backup_folders(settings, case_path),
        preview_with,
        restore_with,
        damaged=True,
        parent=parent,
    )
