"""The import dialog, one for pupils and one for attendance: choose the files, say which column
holds what (for CSV and Excel), read them, see what will happen, import, read the report.

Nothing is written to the case file before Importera. Reading and importing run on a
BackgroundTask; the import uses its own connection to the case file and runs in one transaction,
so Avbryt (or an error) leaves the case file as it was. The window stays responsive throughout.
"""

from __future__ import annotations

import json
from enum import IntEnum
from pathlib import Path

from PySide6.QtCore import QSettings, QSize, Qt, Signal
from PySide6.QtWidgets import QDialog, QWidget

from ..importers.attendance_table import read_attendance
from ..importers.mapping import ColumnMapping
from ..importers.records import UnreadableFile
from ..importers.roster_table import read_roster
from ..importers.ss12000 import read_ss12000
from ..services.attendance_import import AttendanceImportService
from ..services.import_report import ImportReport
from ..services.roster_import import RosterImportService
from ..services.session import CaseSession
from ..store.errors import CaseFileError
from .background import BackgroundTask, KeptTasks, quiet
from .feedback import (
    clear_problem,
    prepare_problem_label,
    scaled_font,
    set_secondary,
    show_problem,
)
from .forms import load_form
from .import_choosers import (
    choose_import_files,
    choose_import_folder,
    last_folder,
    last_report_folder,
    remember_folder,
    remember_report_folder,
)
from .import_columns_page import ColumnsPage
from .import_preview_page import PreviewPage, ReadOutcome, skipped_table, unknown_pupils
from .import_report_file import (
    ReportNotSaved,
    choose_report_target,
    default_report_name,
    write_report,
)
from .import_sources import FORMATS, ImportKind, Sources, format_label, open_sources
from .line_length import readable_width
from .local_settings import local_settings
from .messages import show_error, show_unexpected

#: The progress bar counts in thousandths, so byte counts of large files fit its int range.
_BAR_STEPS = 1000


class Step(IntEnum):
    FILES = 0
    COLUMNS = 1
    READING = 2
    PREVIEW = 3
    IMPORTING = 4
    DONE = 5


def _page(parent: QWidget, form_name: str) -> tuple[QWidget, QWidget]:
    page = QWidget(parent)
    return page, load_form(form_name, page)


class ImportDialog(QDialog):
    #: An import changed the case file (new or updated rows or pupils): views should refresh.
    imported = Signal(object)

    def __init__(
        self,
        session: CaseSession,
        kind: ImportKind,
        parent: QWidget | None = None,
        settings: QSettings | None = None,
    ):
        super().__init__(parent)
        self.kind = ImportKind(kind)
        self.setObjectName(
            "importAttendanceDialog" if self.kind is ImportKind.ATTENDANCE else "importPupilsDialog"
        )
        self.setWindowTitle(
            self.tr("Importera närvaro")
            if self.kind is ImportKind.ATTENDANCE
            else self.tr("Importera elever")
        )
        self._session = session
        self._settings = settings or local_settings()
        self._mappings = AttendanceImportService(session)
        # Looked up when used, so a test can stand in for the file dialogs (which wait for a person).
        self.choose_files = choose_import_files
        self.choose_folder = choose_import_folder
        self.choose_report_target = choose_report_target

        self.form = load_form("import_dialog.ui", self)
        form = self.form
        form.titleLabel.setFont(scaled_font(form.titleLabel, 1.3, bold=True))
        set_secondary(form.hintLabel)
        self._build_files_page()
        self.columns_page = ColumnsPage(self.kind, self._mappings, self)
        form.stepStack.addWidget(self.columns_page)
        self._progress_page, self.progress_form = _page(self, "import_progress.ui")
        form.stepStack.addWidget(self._progress_page)
        self.preview_page = PreviewPage(self)
        form.stepStack.addWidget(self.preview_page)
        self._done_page, self.done_form = _page(self, "import_done.ui")
        form.stepStack.addWidget(self._done_page)
        self._done_skipped = skipped_table(self.done_form.skippedTable)
        # The list of skipped rows takes the room; without one the spacer at the end does.
        self.done_form.pageLayout.setStretchFactor(self.done_form.skippedTable, 1)
        self.done_form.saveReportButton.clicked.connect(self.save_report)
        self.done_form.summaryLabel.setFont(
            scaled_font(self.done_form.summaryLabel, 1.0, bold=True)
        )
        set_secondary(self.done_form.savedLabel)
        set_secondary(self.progress_form.progressHint)

        self._paths: list[Path] = []
        self._sources: Sources | None = None
        self._opening: BackgroundTask | None = None
        self._task: BackgroundTask | None = None  # reading or importing
        self._tasks = KeptTasks()
        self._cancel_requested = False
        self._read_mapping: ColumnMapping | None = None
        self._outcome: ReadOutcome | None = None
        self.report: ImportReport | None = None
        self.saved_report: Path | None = None

        form.backButton.clicked.connect(self.go_back)
        form.nextButton.clicked.connect(self.go_next)
        form.importButton.clicked.connect(self.start_import)
        form.cancelButton.clicked.connect(self.reject)
        form.closeButton.clicked.connect(self.accept)
        self.columns_page.changed.connect(self._update_buttons)
        self.step = Step.FILES
        self._show_step(Step.FILES)
        self.files_form.chooseFilesButton.setFocus()
        size = QSize(self.fontMetrics().averageCharWidth() * 124, self.fontMetrics().height() * 46)
        screen = self.screen().availableGeometry().size() * 0.9
        self.resize(size.boundedTo(screen))

    # Pages ------------------------------------------------------------------------------------
    def _build_files_page(self) -> None:
        self._files_page, self.files_form = _page(self, "import_files.ui")
        self.form.stepStack.addWidget(self._files_page)
        f = self.files_form
        if self.kind is ImportKind.ATTENDANCE:
            intro = self.tr(
                "Välj närvarolistan som du har exporterat från skolsystemet (CSV eller Excel), "
                "eller filerna eller mappen från en SS 12000-export."
            )
        else:
            intro = self.tr(
                "Välj elevlistan som du har exporterat från skolsystemet (CSV eller Excel), "
                "eller filerna eller mappen från en SS 12000-export. Nya elever läggs till; "
                "elever som redan finns ändras bara där du bekräftar det."
            )
        f.introLabel.setText(intro)
        readable_width(f.introLabel, 90)
        for fmt in FORMATS:
            f.formatCombo.addItem(format_label(fmt), fmt)
        f.formatCombo.setEnabled(False)
        f.filesList.setMaximumHeight(f.filesList.fontMetrics().height() * 6)
        prepare_problem_label(f.problemLabel)
        self._show_opening(False)
        f.chooseFilesButton.clicked.connect(self._choose_files)
        f.chooseFolderButton.clicked.connect(self._choose_folder)
        f.formatCombo.activated.connect(self._format_chosen)

    def _steps(self) -> list[tuple[str, tuple[Step, ...]]]:
        steps = [(self.tr("Välj filer"), (Step.FILES,))]
        if self._sources is None or self._sources.is_table:
            steps.append((self.tr("Kolumner"), (Step.COLUMNS,)))
        steps += [
            (self.tr("Förhandsgranska"), (Step.READING, Step.PREVIEW)),
            (self.tr("Importera"), (Step.IMPORTING,)),
            (self.tr("Klart"), (Step.DONE,)),
        ]
        return steps

    def _show_step(self, step: Step) -> None:
        self.step = step
        form = self.form
        pages = {
            Step.FILES: self._files_page,
            Step.COLUMNS: self.columns_page,
            Step.READING: self._progress_page,
            Step.PREVIEW: self.preview_page,
            Step.IMPORTING: self._progress_page,
            Step.DONE: self._done_page,
        }
        form.stepStack.setCurrentWidget(pages[step])
        titles = {
            Step.FILES: (self.tr("Välj filer"), ""),
            Step.COLUMNS: (
                self.tr("Kolumner"),
                self.tr(
                    "Välj vilken kolumn i filen som innehåller vad. Det som fattas står under "
                    "kolumnerna."
                ),
            ),
            Step.READING: (self.tr("Läser filerna"), ""),
            Step.PREVIEW: (
                self.tr("Förhandsgranska"),
                self.tr(
                    "Så här blir importen. Inget är sparat än: det sker först när du trycker "
                    "på Importera."
                ),
            ),
            Step.IMPORTING: (self.tr("Importerar"), ""),
            Step.DONE: (self.tr("Klart"), ""),
        }
        title, hint = titles[step]
        form.titleLabel.setText(title)
        form.hintLabel.setText(hint)
        form.hintLabel.setVisible(bool(hint))
        parts = []
        for name, members in self._steps():
            parts.append(f"<b>{name}</b>" if step in members else name)
        form.stepsLabel.setText("\u00a0 ›\u00a0 ".join(parts))
        form.stepsLabel.setAccessibleDescription(self.tr("Steg: {title}").format(title=title))
        self._update_buttons()

    def _update_buttons(self) -> None:
        form, step = self.form, self.step
        working = step in (Step.READING, Step.IMPORTING)
        form.backButton.setVisible(step in (Step.COLUMNS, Step.PREVIEW))
        form.nextButton.setVisible(step in (Step.FILES, Step.COLUMNS))
        form.importButton.setVisible(step is Step.PREVIEW)
        form.closeButton.setVisible(step is Step.DONE)
        form.cancelButton.setVisible(step is not Step.DONE)
        form.cancelButton.setEnabled(not (working and self._cancel_requested))
        if step is Step.FILES:
            ready = self._sources is not None and self._opening is None
            form.nextButton.setEnabled(ready)
        elif step is Step.COLUMNS:
            form.nextButton.setEnabled(self.columns_page.is_complete())
        form.nextButton.setDefault(step in (Step.FILES, Step.COLUMNS))
        form.closeButton.setDefault(step is Step.DONE)

    # Choosing files ---------------------------------------------------------------------------
    def _choose_files(self) -> None:
        paths = self.choose_files(self, last_folder(self._settings))
        if paths:
            remember_folder(self._settings, paths[0].parent)
            self.set_paths(paths)

    def _choose_folder(self) -> None:
        folder = self.choose_folder(self, last_folder(self._settings))
        if folder is not None:
            remember_folder(self._settings, folder.parent)
            self.set_paths([folder])

    def _format_chosen(self, _index: int) -> None:
        if self._paths:
            self.set_paths(self._paths, self.files_form.formatCombo.currentData())

    def set_paths(self, paths: list[Path], fmt: str | None = None) -> None:
        """Open the chosen files (on a BackgroundTask: an Excel workbook can take seconds)."""
        f = self.files_form
        self._paths = [Path(p) for p in paths]
        self._sources = None
        f.filesList.clear()
        f.filesList.addItems([p.name + ("/" if p.is_dir() else "") for p in self._paths])
        clear_problem(f.problemLabel, f.chooseFilesButton)
        f.detectedLabel.setText("–")
        chosen = list(self._paths)
        task = BackgroundTask(lambda _progress: open_sources(chosen, fmt))
        self._opening = task
        task.succeeded.connect(lambda sources, task=task: self._opened(task, sources))
        task.failed.connect(lambda error, task=task: self._not_opened(task, error))
        self._tasks.keep(task)
        self._show_opening(True)
        self._update_buttons()
        task.start()

    def _show_opening(self, opening: bool) -> None:
        self.files_form.openingLabel.setVisible(opening)
        self.files_form.openingBar.setVisible(opening)

    def _opened(self, task: BackgroundTask, sources: Sources) -> None:
        if task is not self._opening:
            return
        self._opening = None
        self._show_opening(False)
        f = self.files_form
        self._sources = sources
        described = sources.describe()
        if sources.fmt != sources.detected:
            described = self.tr("{described} (innehållet liknar {detected})").format(
                described=described, detected=format_label(sources.detected)
            )
        f.detectedLabel.setText(described)
        f.formatCombo.setEnabled(True)
        f.formatCombo.setCurrentIndex(f.formatCombo.findData(sources.fmt))
        self._show_step(self.step)  # the Kolumner step comes and goes with the format

    def _not_opened(self, task: BackgroundTask, error: Exception) -> None:
        if task is not self._opening:
            return
        self._opening = None
        self._show_opening(False)
        self._sources = None
        f = self.files_form
        f.formatCombo.setEnabled(bool(self._paths))
        if isinstance(error, UnreadableFile):
            show_problem(f.problemLabel, str(error), f.chooseFilesButton)
        else:
            show_problem(
                f.problemLabel,
                self.tr(
                    "Filen går inte att läsa. Kontrollera att du valt rätt fil, och försök igen."
                ),
                f.chooseFilesButton,
            )
        self._update_buttons()

    def files_problem(self) -> str:
        label = self.files_form.problemLabel
        return label.text() if not label.isHidden() else ""

    # Moving between steps ---------------------------------------------------------------------
    def go_next(self) -> None:
        if self.step is Step.FILES and self._sources is not None:
            if self._sources.is_table:
                if self.columns_page._table is not self._sources.table:
                    self.columns_page.set_table(self._sources.table)
                self._show_step(Step.COLUMNS)
                self.columns_page.focus_first()
            else:
                self._start_reading()
        elif self.step is Step.COLUMNS and self.columns_page.is_complete():
            self._start_reading()

    def go_back(self) -> None:
        if self.step is Step.COLUMNS:
            self._show_step(Step.FILES)
            self.files_form.chooseFilesButton.setFocus()
        elif self.step is Step.PREVIEW:
            self._back_from_reading()

    def _back_from_reading(self) -> None:
        if self._sources is not None and self._sources.is_table:
            self._show_step(Step.COLUMNS)
            self.columns_page.focus_first()
        else:
            self._show_step(Step.FILES)
            self.files_form.chooseFilesButton.setFocus()

    # Reading ----------------------------------------------------------------------------------
    def _start_reading(self) -> None:
        sources, kind, session = self._sources, self.kind, self._session
        mapping = self.columns_page.mapping() if sources.is_table else None
        self._read_mapping = mapping

        def work(progress) -> ReadOutcome:
            if sources.is_table:
                reader = read_attendance if kind is ImportKind.ATTENDANCE else read_roster
                result = reader(sources.table, mapping, progress)
            else:
                result = read_ss12000(sources.files, progress)
            own = session.another()
            try:
                if kind is ImportKind.ATTENDANCE:
                    preview = AttendanceImportService(own).preview(
                        result, sources.fmt, sources.names()
                    )
                else:
                    preview = RosterImportService(own).preview(result, sources.fmt, sources.names())
            finally:
                own.close()
            if kind is ImportKind.ROSTER:
                return ReadOutcome(preview)
            unread = result.rows_read - preview.record_count if sources.is_table else None
            return ReadOutcome(preview, unknown_pupils(preview), unread)

        names = ", ".join(sources.names())
        self._run(
            work,
            Step.READING,
            self.tr("Läser {files}…").format(files=names),
            self.tr("Inget sparas i akten i det här steget."),
            self._read,
            self._reading_failed,
            self._reading_cancelled,
        )

    def _read(self, outcome: ReadOutcome) -> None:
        self._outcome = outcome
        self.preview_page.show_outcome(outcome)
        self._show_step(Step.PREVIEW)
        self.preview_page.focus_first()

    def _reading_failed(self, error: Exception) -> None:
        if isinstance(error, UnreadableFile):
            if self._sources is not None and self._sources.is_table:
                self._show_step(Step.COLUMNS)
                self.columns_page.show_reading_problem(str(error))
                self.columns_page.focus_first()
            else:
                self._show_step(Step.FILES)
                f = self.files_form
                show_problem(f.problemLabel, str(error), f.chooseFilesButton)
                self._sources = None
                self._update_buttons()
            return
        self._back_from_reading()
        self._show_failure(error, self.tr("Filerna lästes inte"))

    def _reading_cancelled(self) -> None:
        self._back_from_reading()

    # Importing --------------------------------------------------------------------------------
    def start_import(self) -> None:
        if self._outcome is None or self.step is not Step.PREVIEW:
            return
        preview, kind, session = self._outcome.preview, self.kind, self._session
        confirmed = self.preview_page.confirmed_keys()

        def work(progress) -> ImportReport:
            own = session.another()
            try:
                if kind is ImportKind.ATTENDANCE:
                    return AttendanceImportService(own).apply(preview, confirmed, progress)
                return RosterImportService(own).apply(preview, confirmed, progress)
            finally:
                own.close()

        self._run(
            work,
            Step.IMPORTING,
            self.tr("Importerar i akten…"),
            self.tr("Allt sparas på en gång när importen är klar. Avbryter du sparas ingenting."),
            self._imported,
            self._import_failed,
            self._import_cancelled,
        )

    def _imported(self, report: ImportReport) -> None:
        self.report = report
        self._remember_mapping()
        self._show_report(report)
        self._show_step(Step.DONE)
        self.form.closeButton.setFocus()
        if report.changed_anything:
            self.imported.emit(report)

    def _remember_mapping(self) -> None:
        mapping = self._read_mapping
        if mapping is None or self._sources is None or self._sources.table is None:
            return
        try:
            self._mappings.remember_mapping(
                self.columns_page.header_key(),
                mapping.name,
                self.kind.value,
                json.loads(mapping.to_json()),
            )
        except CaseFileError as error:
            # The import itself is saved; only the convenience for next time is lost.
            show_error(self, str(error), self.tr("Kolumnvalen sparades inte"))

    def _import_failed(self, error: Exception) -> None:
        self._show_step(Step.PREVIEW)
        self.preview_page.show_notice(self.tr("Importen sparades inte. Inget har ändrats i akten."))
        self._show_failure(error, self.tr("Importen sparades inte"))

    def _import_cancelled(self) -> None:
        self._show_step(Step.PREVIEW)
        self.preview_page.show_notice(self.tr("Importen avbröts. Inget har sparats."))
        self.preview_page.focus_first()

    def _show_failure(self, error: Exception, title: str) -> None:
        if isinstance(error, CaseFileError | UnreadableFile):
            show_error(self, str(error), title)
        elif isinstance(error, OSError):
            show_error(
                self,
                self.tr(
                    "Filen gick inte att läsa eller skriva. Kontrollera att den finns, inte är "
                    "öppen i ett annat program och att disken inte är full, och försök igen."
                ),
                title,
            )
        else:
            show_unexpected(self, error)

    # Background work --------------------------------------------------------------------------
    def _run(self, work, step: Step, label: str, hint: str, done, failed, cancelled) -> None:
        p = self.progress_form
        p.progressLabel.setText(label)
        p.progressHint.setText(hint)
        p.progressBar.setRange(0, 0)
        self._cancel_requested = False
        task = BackgroundTask(work)
        self._task = task

        def ended_with(handler):
            def handle(*args) -> None:
                if task is not self._task:
                    return
                self._task = None
                if self._cancel_requested and handler is done and step is Step.READING:
                    cancelled()  # the preview is thrown away, as asked
                    return
                handler(*args)

            return handle

        task.progressed.connect(self._progressed)
        task.succeeded.connect(ended_with(done))
        task.failed.connect(ended_with(failed))
        task.cancelled.connect(ended_with(cancelled))
        self._tasks.keep(task)
        self._show_step(step)
        self.form.cancelButton.setFocus()
        task.start()

    def _progressed(self, done: int, total: int) -> None:
        bar = self.progress_form.progressBar
        if total <= 0:
            return
        if done >= total and self.step is Step.READING:
            # Read to the end; the pupils are now matched with the case file.
            self.progress_form.progressLabel.setText(
                self.tr("Eleverna i filen jämförs med eleverna i akten…")
            )
            bar.setRange(0, 0)
            return
        bar.setRange(0, _BAR_STEPS)
        bar.setValue(min(_BAR_STEPS, done * _BAR_STEPS // total))

    def is_working(self) -> bool:
        return self._task is not None

    def cancel_work(self) -> None:
        """Avbryt: the running read or import stops at its next step; nothing is written."""
        if self._task is None:
            return
        self._cancel_requested = True
        self._task.cancel()
        self.progress_form.progressLabel.setText(self.tr("Avbryter…"))
        self._update_buttons()

    def reject(self) -> None:
        if self.is_working():
            self.cancel_work()  # Esc and Avbryt stop the work; the dialog stays to say so
            return
        super().reject()

    def done(self, result: int) -> None:
        # Work still running (opening a file, reading status words) reports to nobody.
        for task in [*self._tasks, *self.columns_page.tasks()]:
            quiet(task)
        super().done(result)

    # The report -------------------------------------------------------------------------------
    def _show_report(self, report: ImportReport) -> None:
        d = self.done_form
        d.summaryLabel.setText(report.summary())
        if report.changed_anything:
            d.detailLabel.setText(self.tr("Importen är sparad i akten."))
        else:
            d.detailLabel.setText(self.tr("Inget i akten behövde ändras."))
        self._done_skipped.set_records(report.skipped)
        has_skipped = bool(report.skipped)
        d.skippedLabel.setVisible(has_skipped)
        d.skippedTable.setVisible(has_skipped)
        d.savedLabel.clear()

    def save_report(self) -> Path | None:
        if self.report is None:
            return None
        folder = last_report_folder(self._settings)
        target = self.choose_report_target(self, folder / default_report_name())
        if target is None:
            return None
        try:
            written = write_report(self.report.text(), target)
        except ReportNotSaved as error:
            show_error(self, str(error), self.tr("Rapporten sparades inte"))
            return None
        remember_report_folder(self._settings, written.parent)
        self.saved_report = written
        self.done_form.savedLabel.setText(
            self.tr("Sparad som {name} i {folder}.").format(
                name=written.name, folder=written.parent
            )
        )
        return written


def open_import_dialog(
    parent: QWidget, session: CaseSession, kind: ImportKind, on_imported
) -> ImportDialog:
    """Open the dialog window-modal; ``on_imported`` is called after an import that changed
    something, so the views can refresh."""
    dialog = ImportDialog(session, kind, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.imported.connect(lambda _report: on_imported())
    dialog.open()
    return dialog
