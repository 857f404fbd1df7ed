"""Backups in the main window: "Säkerhetskopiera nu…" and "Återställ från säkerhetskopia…" in the
Arkiv menu, a daily backup while the window is open, and a backup when it closes.

A backup of an ordinary case file takes a few hundredths of a second and is written on the GUI
thread. A large one (a 10,000-pupil file is about 500 MB and takes some five seconds) is written
on a thread of its own, on its own read-only connection, while the window says "Sparar
säkerhetskopia…"; when the window closes it waits for it.

Where the backups go is this computer's choice (QSettings): a USB stick has a different path on
every laptop. An automatic backup whose chosen folder is missing (the stick is not plugged in)
goes to the folder next to the case file instead, so that there is always one.
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QEventLoop, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMainWindow, QMenu

from ..services.backups import DAILY, ON_CLOSE, ON_REQUEST, BackupJob, BackupService
from ..services.session import CaseSession
from ..store.errors import CaseFileError
from .background import BackgroundTask
from .file_choosers import choose_backup_folder
from .local_settings import backup_folder_for, remember_backup_folder
from .messages import show_error
from .restore_dialog import RestoreDialog, size_text

#: How often the window asks whether the daily backup is due.
CHECK_INTERVAL_MS = 60 * 60 * 1000
#: The first time: soon after the window opens (a crash may have skipped yesterday's backup).
FIRST_CHECK_MS = 2 * 60 * 1000
#: Up to this size a backup is written on the GUI thread (measured: about 0.1 s per 10 MB).
QUICK_BYTES = 48 * 1024 * 1024
STATUS_MS = 15_000


class BackupActions(QObject):
    #: The case file was replaced by a backup: the window must be built anew to show it.
    restored = Signal()

    def __init__(
        self,
        window: QMainWindow,
        session: CaseSession,
        settings: QSettings,
        menu: QMenu,
        before: QAction | None = None,
    ):
        super().__init__(window)
        self._window = window
        self._session = session
        self._settings = settings
        self._task: BackgroundTask | None = None
        self._finished_task: BackgroundTask | None = None
        self._loop: QEventLoop | None = None  # while the window waits for a backup
        #: Set once the file has been replaced: closing the window then takes no backup.
        self.skip_close_backup = False
        self.restore_dialog: RestoreDialog | None = None

        self.backup_action = QAction(self.tr("Säker&hetskopiera nu…"), window)
        self.backup_action.setObjectName("backupNowAction")
        self.backup_action.setStatusTip(self.tr("Spara en krypterad kopia av akten i en mapp"))
        self.restore_action = QAction(self.tr("Åters&täll från säkerhetskopia…"), window)
        self.restore_action.setObjectName("restoreAction")
        self.restore_action.setStatusTip(self.tr("Ersätt akten med en tidigare säkerhetskopia"))
        for action in (self.backup_action, self.restore_action):
            if before is None:
                menu.addAction(action)
            else:
                menu.insertAction(before, action)
        self.backup_action.triggered.connect(lambda _checked=False: self.backup_now())
        self.restore_action.triggered.connect(lambda _checked=False: self.open_restore())

        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_INTERVAL_MS)
        self.timer.timeout.connect(self.backup_if_due)
        self.timer.start()
        QTimer.singleShot(FIRST_CHECK_MS, self, self.backup_if_due)

    def service(self) -> BackupService:
        return BackupService(self._session, backup_folder_for(self._settings, self._session.path))

    def busy(self) -> bool:
        return self._task is not None

    # Säkerhetskopiera nu… -----------------------------------------------------------------------
    def backup_now(self) -> None:
        if self._session.locked:
            return
        if self.busy():
            self._status(self.tr("En säkerhetskopia sparas redan. Vänta tills den är klar."))
            return
        service = self.service()
        start = service.folder if service.folder.is_dir() else self._session.path.parent
        folder = choose_backup_folder(self._window, start)
        if folder is None:
            return
        remember_backup_folder(self._settings, self._session.path, folder)
        try:
            job = self.service().job(folder, why=ON_REQUEST)
        except CaseFileError as error:
            show_error(self._window, str(error), self.tr("Säkerhetskopian sparades inte"))
            return
        self._run(job, quiet=False)

    # The daily backup and the one at closing ---------------------------------------------------
    def backup_if_due(self) -> None:
        if self._session.locked or self.busy() or self.skip_close_backup:
            return
        try:
            service = self.service()
            if service.is_due():
                self._run(self._automatic_job(service, DAILY), quiet=True)
        except CaseFileError as error:
            self._failed(None, error, quiet=True)

    def before_close(self) -> None:
        """The backup when the window closes (from its closeEvent): written before the session
        is closed, waiting for it when it is written on another thread. A failure is told and
        does not keep the window open; everything is saved in the case file anyway."""
        self.timer.stop()
        if self.busy():
            self._wait()  # a daily backup that just started is as good as one more
            return
        service = self.service()
        if self.skip_close_backup or not service.can_back_up():
            return  # locked (no password in memory) or closed: the last backup stands
        try:
            job = self._automatic_job(service, ON_CLOSE)
        except CaseFileError:
            return  # the file is gone or refuses: nothing to copy from
        self._run(job, quiet=False, wait=True)

    def _automatic_job(self, service: BackupService, why: str) -> BackupJob:
        if service.chosen_folder is not None and not service.chosen_folder.is_dir():
            service.chosen_folder = None  # the USB stick is not here: next to the case file
        return service.job(why=why)

    # Running a job ----------------------------------------------------------------------------
    def _quick(self) -> bool:
        try:
            return self._session.path.stat().st_size <= QUICK_BYTES
        except OSError:
            return True  # gone from its folder: only the open connection can still read it

    def _run(self, job: BackupJob, *, quiet: bool, wait: bool = False) -> None:
        service = self.service()
        if self._quick():
            try:
                with _busy_cursor(not quiet):
                    job.run(self._session.case.conn)
            except CaseFileError as error:
                self._failed(job, error, quiet)
                return
            service.record(job)
            self._succeeded(job)
            return
        self._status(self.tr("Sparar säkerhetskopia…"), timeout=0)
        task = BackgroundTask(job)
        task.succeeded.connect(lambda _path: self._background_done(job, None, quiet))
        task.failed.connect(lambda error: self._background_done(job, error, quiet))
        task.ended.connect(self._ended)
        self._task = task
        task.start()
        if wait:
            self._wait()

    def _background_done(self, job: BackupJob, error: BaseException | None, quiet: bool) -> None:
        if error is None:
            self.service().record(job)
            self._succeeded(job)
        elif isinstance(error, CaseFileError):
            self._failed(job, error, quiet)
        else:
            raise error  # the exception hook shows it calmly

    def _ended(self) -> None:
        # Kept a while longer: dropped now, the task's thread would be deleted inside the very
        # signal that says it has finished.
        self._finished_task, self._task = self._task, None
        if self._loop is not None:
            self._loop.quit()

    def _wait(self) -> None:
        """Keep the window painted (and closed to input) until the running backup is done."""
        task = self._task
        if task is None:
            return
        self._window.setEnabled(False)
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        self._status(self.tr("Sparar säkerhetskopia…"), timeout=0)
        self._loop = QEventLoop()
        try:
            while self._task is task:
                self._loop.exec()
        finally:
            self._loop = None
            QApplication.restoreOverrideCursor()
            self._window.setEnabled(True)

    def _succeeded(self, job: BackupJob) -> None:
        size = job.target.stat().st_size if job.target.exists() else 0
        self._status(
            self.tr("Säkerhetskopian sparades: {name} ({size}) i {folder}.").format(
                name=job.target.name, size=size_text(size), folder=job.target.parent
            )
        )

    def _failed(self, job: BackupJob | None, error: CaseFileError, quiet: bool) -> None:
        if quiet:
            self._status(
                self.tr("Den dagliga säkerhetskopian sparades inte: {why}").format(why=str(error)),
                timeout=0,
            )
            return
        sentence = str(error)
        if job is not None and job.why == ON_CLOSE:
            sentence += " " + self.tr("Allt du har gjort är sparat i akten.")
        show_error(self._window, sentence, self.tr("Säkerhetskopian sparades inte"))

    def _status(self, text: str, timeout: int = STATUS_MS) -> None:
        self._window.statusBar().showMessage(text, timeout)

    # Återställ från säkerhetskopia… -------------------------------------------------------------
    def open_restore(self) -> RestoreDialog | None:
        if self._session.locked:
            return None
        service = self.service()
        dialog = RestoreDialog(
            self._session.path,
            service.folders(),
            service.preview,
            self._restore,
            parent=self._window,
        )
        # Not deleted on close but with the window, or when the next one opens (see
        # PasswordDialog._offer_restore).
        if self.restore_dialog is not None:
            self.restore_dialog.deleteLater()
        dialog.accepted.connect(self.restored)
        self.restore_dialog = dialog
        dialog.open()
        return dialog

    def _restore(self, path, password):
        if self.busy():
            self._wait()
        aside = self.service().restore(path, password)
        # The file under the window is another one now: no backup of it when the window
        # closes to be built anew (it is the backup), no daily one from this window.
        self.skip_close_backup = True
        self.timer.stop()
        return aside


@contextlib.contextmanager
def _busy_cursor(show: bool):
    if not show:
        yield
        return
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()
