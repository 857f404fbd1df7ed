"""Skriv ut överlämningen: the whole cohort (or a class) to PDF files at once.

Choose a folder (the last one is remembered, as a path only) and what to print: one PDF per
pupil with the class summary, and/or one combined PDF. The print runs on a BackgroundTask with its
own connection to the case file, so the window stays responsive; the bar counts the documents
("12 av 28"). Avbryt stops it, and the print service guarantees that nothing of the batch stays
behind. At the end the dialog says what was saved where, with a button that opens the folder.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Collection
from enum import IntEnum
from pathlib import Path

from PySide6.QtCore import QSettings, QSize, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QDesktopServices
from PySide6.QtWidgets import QDialog, QWidget

from ..services.handover import HandoverService
from ..services.handover_printing import CohortPrintResult, HandoverPrintService
from ..services.plans import RecordNotFound
from ..services.session import CaseSession
from ..store.errors import CaseFileError
from .background import BackgroundTask, KeptTasks
from .feedback import (
    NOTICE_STYLE,
    clear_problem,
    prepare_problem_label,
    scaled_font,
    set_secondary,
    show_notice,
    show_problem,
)
from .file_choosers import choose_pdf_target
from .forms import load_form
from .handover_common import (
    PRINT_FOLDER,
    choose_folder,
    combined_file_name,
    grow_to_fit,
    last_folder,
    remember_folder,
    scope_text,
)
from .line_length import readable_width
from .local_settings import local_settings
from .messages import show_unexpected


class Page(IntEnum):
    SETUP = 0
    PRINTING = 1
    DONE = 2


class HandoverPrintDialog(QDialog):
    #: The cohort was printed (the CohortPrintResult).
    printed = Signal(object)

    def __init__(
        self,
        session: CaseSession,
        year: str,
        class_name: str = "",
        pupil_ids: Collection[str] | None = None,
        parent: QWidget | None = None,
        settings: QSettings | None = None,
        today: Callable[[], _dt.date] = _dt.date.today,
        processes: int | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("handoverPrintDialog")
        self._session = session
        self._year = year
        self._class_name = class_name
        self._pupil_ids = list(pupil_ids) if pupil_ids is not None else None
        self._settings = settings or local_settings()
        self._today = today
        self._processes = processes
        # Looked up when used, so a test can stand in for the file dialogs and the desktop.
        self.choose_folder = choose_folder
        self.choose_combined = choose_pdf_target
        self.open_url = QDesktopServices.openUrl

        self._task: BackgroundTask | None = None
        self._tasks = KeptTasks()
        self._cancel_requested = False
        self.result: CohortPrintResult | None = None
        self.page = Page.SETUP

        scope = scope_text(year, class_name)
        self.setWindowTitle(self.tr("Skriv ut överlämningen – {scope}").format(scope=scope))
        self.form = f = load_form("handover_print_dialog.ui", self)
        f.titleLabel.setText(self.tr("Skriv ut överlämningen för {scope}").format(scope=scope))
        f.titleLabel.setFont(scaled_font(f.titleLabel, 1.3, bold=True))
        f.introLabel.setText(self._intro())
        readable_width(f.introLabel, 84)
        f.packetsHint.setText(
            self.tr(
                "Filnamnen har klass, initialer och några tecken av elevens id – aldrig namn "
                "eller personnummer. Filer med samma namn i mappen ersätts."
            )
        )
        set_secondary(f.packetsHint)
        readable_width(f.packetsHint, 84)
        f.packetsHint.setContentsMargins(24, 0, 0, 0)
        set_secondary(f.progressHint)
        set_secondary(f.doneDetail)
        prepare_problem_label(f.problemLabel)
        f.noticeLabel.hide()
        f.progressBar.setFormat(self.tr("%v av %m"))

        self._folder = last_folder(self._settings, PRINT_FOLDER)
        self._combined_chosen: Path | None = None  # set when the user names the file herself
        self._show_folder()

        f.chooseFolderButton.clicked.connect(self._choose_folder)
        f.chooseCombinedButton.clicked.connect(self._choose_combined)
        f.packetsCheck.toggled.connect(self._options_changed)
        f.combinedCheck.toggled.connect(self._options_changed)
        f.printButton.clicked.connect(self.start)
        f.cancelButton.clicked.connect(self.reject)
        f.closeButton.clicked.connect(self.accept)
        f.openFolderButton.clicked.connect(self.open_folder)
        self._show_page(Page.SETUP)
        f.printButton.setFocus()
        metrics = self.fontMetrics()
        size = QSize(metrics.averageCharWidth() * 96, metrics.height() * 24)
        self.resize(size.boundedTo(self.screen().availableGeometry().size() * 0.9))
        grow_to_fit(self)

    # What is printed ---------------------------------------------------------------------------
    def _intro(self) -> str:
        rows = HandoverService(self._session, self._today).cohort(self._year, self._class_name)
        if self._pupil_ids is not None:
            wanted = set(self._pupil_ids)
            rows = [row for row in rows if row.pupil_id in wanted]
        with_note = sum(1 for row in rows if row.note_id)
        pupils = len(rows)
        if not pupils:
            return self.tr("Det finns inga elever att skriva ut här.")
        counted = self.tr("1 elev") if pupils == 1 else self.tr("{n} elever").format(n=pupils)
        if with_note == pupils:
            text = self.tr("{pupils}, alla med en överlämning.").format(pupils=counted)
            if pupils == 1:
                text = self.tr("1 elev, med en överlämning.")
        elif with_note == 0:
            text = self.tr(
                "{pupils}, ingen med en överlämning än: bara klassöversikten skrivs ut."
            ).format(pupils=counted)
        else:
            text = self.tr(
                "{pupils}, {notes} av dem med en överlämning. Elever utan överlämning står med "
                "i klassöversikten men får inget eget paket."
            ).format(pupils=counted, notes=with_note)
        return text

    def _default_combined(self) -> Path:
        return self._folder / combined_file_name(self._year, self._class_name, self._today())

    def combined_target(self) -> Path:
        return self._combined_chosen or self._default_combined()

    def folder(self) -> Path:
        return self._folder

    def _show_folder(self) -> None:
        f = self.form
        f.folderEdit.setText(str(self._folder))
        f.folderEdit.setCursorPosition(0)
        f.folderEdit.setToolTip(str(self._folder))
        combined = self.combined_target()
        f.combinedEdit.setText(str(combined))
        f.combinedEdit.setCursorPosition(0)
        f.combinedEdit.setToolTip(str(combined))
        self._options_changed()

    def _choose_folder(self) -> None:
        folder = self.choose_folder(self, self._folder)
        if folder is None:
            return
        self.set_folder(folder)

    def set_folder(self, folder: Path) -> None:
        self._folder = Path(folder)
        self._show_folder()

    def _choose_combined(self) -> None:
        target = self.choose_combined(self, self.combined_target())
        if target is None:
            return
        self._combined_chosen = Path(target)
        self._show_folder()

    def _options_changed(self, _checked: bool = False) -> None:
        f = self.form
        combined = f.combinedCheck.isChecked()
        f.combinedEdit.setEnabled(combined)
        f.chooseCombinedButton.setEnabled(combined)
        clear_problem(f.problemLabel)
        self._update_buttons()

    # Pages -----------------------------------------------------------------------------------
    def _show_page(self, page: Page) -> None:
        self.page = page
        f = self.form
        f.stepStack.setCurrentIndex(int(page))
        f.introLabel.setVisible(page is Page.SETUP)
        self._update_buttons()

    def _update_buttons(self) -> None:
        f, page = self.form, self.page
        f.printButton.setVisible(page is Page.SETUP)
        f.printButton.setEnabled(f.packetsCheck.isChecked() or f.combinedCheck.isChecked())
        f.printButton.setDefault(page is Page.SETUP)
        f.cancelButton.setVisible(page is not Page.DONE)
        f.cancelButton.setEnabled(not (page is Page.PRINTING and self._cancel_requested))
        f.closeButton.setVisible(page is Page.DONE)
        f.closeButton.setDefault(page is Page.DONE)

    # Printing --------------------------------------------------------------------------------
    def start(self) -> None:
        """Skriv ut: the chosen documents, on a background task."""
        if self._task is not None or self.page is not Page.SETUP:
            return
        f = self.form
        packets = f.packetsCheck.isChecked()
        combined = self.combined_target() if f.combinedCheck.isChecked() else None
        show_notice(f.noticeLabel, "")
        if not packets and combined is None:
            show_problem(
                f.problemLabel,
                self.tr("Välj vad som ska skrivas ut: en PDF per elev, en samlad PDF eller båda."),
                f.packetsCheck,
            )
            grow_to_fit(self)
            return
        folder = self._folder if packets else combined.parent
        if not folder.is_dir():
            show_problem(
                f.problemLabel,
                self.tr("Mappen {folder} finns inte. Välj en annan mapp.").format(folder=folder),
                f.chooseFolderButton,
            )
            grow_to_fit(self)
            f.chooseFolderButton.setFocus()
            return
        clear_problem(f.problemLabel)
        session, year, class_name = self._session, self._year, self._class_name
        pupil_ids, today, processes = self._pupil_ids, self._today, self._processes

        def work(progress) -> CohortPrintResult:
            own = session.another()  # this thread's own connection, closed at the end
            try:
                return HandoverPrintService(own, today).print_cohort(
                    year,
                    folder,
                    class_name=class_name,
                    pupil_ids=pupil_ids,
                    packets=packets,
                    summary=packets,
                    combined=combined,
                    progress=progress,
                    processes=processes,
                )
            finally:
                own.close()

        f.progressLabel.setText(self.tr("Överlämningarna skrivs ut…"))
        f.progressHint.setText(
            self.tr("Filerna sparas på en gång när allt är klart. Avbryter du sparas ingenting.")
        )
        f.progressBar.setRange(0, 0)
        f.progressBar.setValue(0)
        self._cancel_requested = False
        task = BackgroundTask(work)
        self._task = task
        task.progressed.connect(lambda done, total, t=task: self._progressed(t, done, total))
        task.succeeded.connect(lambda result, t=task: self._printed(t, result))
        task.failed.connect(lambda error, t=task: self._failed(t, error))
        task.cancelled.connect(lambda t=task: self._cancelled(t))
        self._tasks.keep(task)
        self._show_page(Page.PRINTING)
        f.cancelButton.setFocus()
        task.start()

    def _progressed(self, task: BackgroundTask, done: int, total: int) -> None:
        if task is not self._task or total <= 0 or self._cancel_requested:
            return
        bar = self.form.progressBar
        bar.setRange(0, total)
        bar.setValue(done)
        text = self.tr("{done} av {total} dokument klara").format(done=done, total=total)
        bar.setAccessibleDescription(text)
        self.form.progressLabel.setText(
            self.tr("Överlämningarna skrivs ut: {progress}.").format(progress=text)
        )

    def _printed(self, task: BackgroundTask, result: CohortPrintResult) -> None:
        if task is not self._task:
            return
        self._task = None
        self.result = result
        # Printed even if Avbryt came too late to stop it: say what is on the disk.
        remember_folder(self._settings, PRINT_FOLDER, self._folder)
        f = self.form
        f.summaryLabel.setText(self.summary_text(result))
        f.summaryLabel.setFont(scaled_font(f.summaryLabel, 1.0, bold=True))
        f.doneDetail.setText(
            self.tr(
                "Utskrifterna innehåller uppgifter som omfattas av sekretess. Varje utskrift är "
                "antecknad i aktens logg."
            )
        )
        self._show_page(Page.DONE)
        f.closeButton.setFocus()
        self.printed.emit(result)

    def summary_text(self, result: CohortPrintResult) -> str:
        lines = []
        if result.summary is not None:
            count = len(result.packets)
            if count:
                lines.append(
                    self.tr("{n} paket och en klassöversikt sparades i {folder}.").format(
                        n=count, folder=result.folder
                    )
                )
            else:
                lines.append(
                    self.tr(
                        "En klassöversikt sparades i {folder}. Ingen elev hade en överlämning "
                        "att skriva ut."
                    ).format(folder=result.folder)
                )
        if result.combined is not None:
            lines.append(
                self.tr("Den samlade filen {name} sparades i {folder}.").format(
                    name=result.combined.name, folder=result.combined.parent
                )
            )
        return "\n".join(lines)

    def _failed(self, task: BackgroundTask, error: Exception) -> None:
        if task is not self._task:
            return
        self._task = None
        self._show_page(Page.SETUP)
        f = self.form
        if isinstance(error, CaseFileError | RecordNotFound):
            show_problem(f.problemLabel, str(error), f.chooseFolderButton)
        elif isinstance(error, OSError):
            show_problem(
                f.problemLabel,
                self.tr(
                    "Utskrifterna gick inte att spara. Kontrollera att mappen finns, att du får "
                    "skriva i den och att disken inte är full, och försök igen."
                ),
                f.chooseFolderButton,
            )
        else:
            show_unexpected(self, error)
        grow_to_fit(self)
        f.printButton.setFocus()

    def _cancelled(self, task: BackgroundTask) -> None:
        if task is not self._task:
            return
        self._task = None
        self._show_page(Page.SETUP)
        f = self.form
        show_notice(
            f.noticeLabel, self.tr("Utskriften avbröts. Inga filer sparades."), NOTICE_STYLE
        )
        grow_to_fit(self)
        f.printButton.setFocus()

    # Cancelling and closing ------------------------------------------------------------------
    def is_working(self) -> bool:
        return self._task is not None

    def cancel_work(self) -> None:
        """Avbryt: the print stops after the document it is drawing; nothing is saved."""
        if self._task is None:
            return
        self._cancel_requested = True
        self._task.cancel()
        self.form.progressLabel.setText(self.tr("Avbryter…"))
        self._update_buttons()

    def reject(self) -> None:
        if self.is_working():
            self.cancel_work()  # Esc and Avbryt stop the print; the dialog stays to say so
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.is_working():
            event.ignore()
            self.cancel_work()
            return
        super().closeEvent(event)

    def done(self, result: int) -> None:
        self._tasks.quiet()
        super().done(result)

    # At the end ------------------------------------------------------------------------------
    def open_folder(self) -> None:
        if self.result is None:
            return
        folder = self.result.folder if self.result.summary else self.result.combined.parent
        self.open_url(QUrl.fromLocalFile(str(folder)))
