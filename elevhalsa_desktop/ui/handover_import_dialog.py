"""Läs in en överlämning: another school's exchange file into this case file.

Choose the file, type the passphrase the sending school gave by phone, and Förhandsgranska: the
file is read and checked on a BackgroundTask (with its own connection to the case file) and the
dialog shows the sending school, the counts and, per pupil, what will happen — a new pupil, a
known pupil (same civic number), a doubtful match (same name, a civic number missing), or
already read in. For each doubtful pupil the user chooses: the same pupil as the one in the case
file, another pupil (created new), or skip (the default: nothing is decided for her). Nothing is
written before Läs in; then the file is read in, all or nothing, and the dialog shows the result.

A wrong passphrase leaves the dialog on the first page with the passphrase selected for another
try; any other refusal of the file is said in a sentence under the file.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from enum import IntEnum, StrEnum
from pathlib import Path

from PySide6.QtCore import QSettings, QSize, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QComboBox, QDialog, QLabel, QLineEdit, QWidget

from ..domain.civic_no import mask
from ..domain.pupil import YEAR_LABELS, ValidationError
from ..importers.handover_exchange import SUFFIX, ExchangeError, WrongPassphrase
from ..services.handover_exchange import (
    ExchangeChanged,
    ExchangePreview,
    HandoverExchangeService,
    ImportResult,
    Outcome,
    PreviewItem,
    preview_lines,
    result_lines,
)
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
from .forms import load_form
from .handover_common import (
    IMPORT_FOLDER,
    choose_exchange_file,
    grow_to_fit,
    last_folder,
    remember_folder,
)
from .line_length import readable_width
from .local_settings import local_settings
from .messages import show_error, show_unexpected
from .record_table import Column, RecordTable


class Page(IntEnum):
    FILE = 0
    WORKING = 1
    PREVIEW = 2
    DONE = 3


class Choice(StrEnum):
    """What the user decided for a doubtful pupil."""

    SAME = "same"
    NEW = "new"
    SKIP = "skip"


def _when(iso: str) -> str:
    return iso[:16].replace("T", " ")


class HandoverImportDialog(QDialog):
    #: Handovers were read in (the ImportResult): pupils and their pages may have changed.
    imported = Signal(object)

    def __init__(
        self,
        session: CaseSession,
        parent: QWidget | None = None,
        settings: QSettings | None = None,
        today: Callable[[], _dt.date] = _dt.date.today,
    ):
        super().__init__(parent)
        self.setObjectName("handoverImportDialog")
        self.setWindowTitle(self.tr("Läs in överlämning"))
        self._session = session
        self._settings = settings or local_settings()
        self._today = today
        # Looked up when used, so a test can stand in for the file dialog.
        self.choose_file = choose_exchange_file

        self._path: Path | None = None
        self._task: BackgroundTask | None = None
        self._tasks = KeptTasks()
        self._discard = False  # Avbryt during the preview: its result is thrown away
        self.preview: ExchangePreview | None = None
        self.result: ImportResult | None = None
        self.choices: dict[str, QComboBox] = {}
        self.page = Page.FILE

        self.form = f = load_form("handover_import_dialog.ui", self)
        f.titleLabel.setFont(scaled_font(f.titleLabel, 1.3, bold=True))
        f.introLabel.setText(
            self.tr(
                "Välj överlämningsfilen ({suffix}) som den avlämnande skolan har skickat, och "
                "skriv lösenfrasen som de har gett dig. Först ser du vad filen innehåller och vad "
                "som skulle hända; ingenting sparas i akten förrän du trycker på Läs in."
            ).format(suffix=SUFFIX)
        )
        readable_width(f.introLabel, 84)
        prepare_problem_label(f.fileProblem)
        prepare_problem_label(f.passphraseProblem)
        set_secondary(f.workingHint)
        set_secondary(f.doubtfulHint)
        set_secondary(f.nothingSavedLabel)
        set_secondary(f.doneDetail)
        f.doubtfulTitle.setFont(scaled_font(f.doubtfulTitle, 1.0, bold=True))
        f.doubtfulHint.setText(
            self.tr(
                "De här eleverna har samma namn som en elev i akten, men ett personnummer saknas, "
                "så programmet kan inte veta om det är samma person. Välj för var och en. Det du "
                "inte bestämmer hoppas över och kan läsas in senare från samma fil."
            )
        )
        f.nothingSavedLabel.setText(
            self.tr(
                "Ingenting har sparats ännu. Överlämningarna sparas som mottagna, med den "
                "avlämnande skolan angiven, och kan inte ändras."
            )
        )
        f.noticeLabel.hide()
        self.table = RecordTable(
            f.itemsTable,
            [
                Column(self.tr("Elev i filen"), self._incoming_text),
                Column(self.tr("Blir"), self._outcome_text),
                Column(self.tr("I akten"), self._existing_text),
            ],
            lambda item: item.key,
            sortable=True,
            stretch_column=2,
        )

        f.fileEdit.setPlaceholderText(self.tr("Ingen fil vald"))
        f.chooseFileButton.clicked.connect(self._choose_file)
        f.passphraseEdit.textChanged.connect(self._passphrase_typed)
        f.showCheck.toggled.connect(self._reveal)
        f.previewButton.clicked.connect(self.start_preview)
        f.importButton.clicked.connect(self.start_import)
        f.backButton.clicked.connect(self.go_back)
        f.cancelButton.clicked.connect(self.reject)
        f.closeButton.clicked.connect(self.accept)
        self._show_page(Page.FILE)
        f.chooseFileButton.setFocus()
        metrics = self.fontMetrics()
        size = QSize(metrics.averageCharWidth() * 120, metrics.height() * 40)
        self.resize(size.boundedTo(self.screen().availableGeometry().size() * 0.9))

    # The file and the passphrase ---------------------------------------------------------------
    def _choose_file(self) -> None:
        start = self._path.parent if self._path else last_folder(self._settings, IMPORT_FOLDER)
        path = self.choose_file(self, start)
        if path is not None:
            remember_folder(self._settings, IMPORT_FOLDER, Path(path).parent)
            self.set_path(path)

    def set_path(self, path: Path) -> None:
        self._path = Path(path)
        f = self.form
        f.fileEdit.setText(str(self._path))
        f.fileEdit.setCursorPosition(0)
        f.fileEdit.setToolTip(str(self._path))
        clear_problem(f.fileProblem, f.chooseFileButton)
        self._update_buttons()
        f.passphraseEdit.setFocus()

    def path(self) -> Path | None:
        return self._path

    def _passphrase_typed(self, _text: str) -> None:
        clear_problem(self.form.passphraseProblem, self.form.passphraseEdit)
        self._update_buttons()

    def _reveal(self, revealed: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if revealed else QLineEdit.EchoMode.Password
        self.form.passphraseEdit.setEchoMode(mode)

    def file_problem(self) -> str:
        label = self.form.fileProblem
        return label.text() if not label.isHidden() else ""

    def passphrase_problem(self) -> str:
        label = self.form.passphraseProblem
        return label.text() if not label.isHidden() else ""

    # Pages -----------------------------------------------------------------------------------
    def _show_page(self, page: Page) -> None:
        self.page = page
        self.form.stepStack.setCurrentIndex(int(page))
        self._update_buttons()

    def _update_buttons(self) -> None:
        f, page = self.form, self.page
        f.backButton.setVisible(page is Page.PREVIEW)
        f.previewButton.setVisible(page is Page.FILE)
        f.previewButton.setEnabled(self._path is not None and bool(f.passphraseEdit.text()))
        f.previewButton.setDefault(page is Page.FILE)
        f.importButton.setVisible(page is Page.PREVIEW)
        f.importButton.setEnabled(
            page is Page.PREVIEW and self.preview is not None and not self.preview.fully_imported
        )
        f.importButton.setDefault(page is Page.PREVIEW)
        f.closeButton.setVisible(page is Page.DONE)
        f.closeButton.setDefault(page is Page.DONE)
        f.cancelButton.setVisible(page is not Page.DONE)
        # Reading in is all or nothing and quick: it is not stopped half-way.
        f.cancelButton.setEnabled(not (page is Page.WORKING and self._importing()))

    def _importing(self) -> bool:
        return self._task is not None and self.preview is not None

    def go_back(self) -> None:
        if self.page is Page.PREVIEW:
            self.preview = None
            self._show_page(Page.FILE)
            self.form.passphraseEdit.setFocus()

    # Previewing ------------------------------------------------------------------------------
    def start_preview(self) -> None:
        """Förhandsgranska: read and check the file, and plan the import. Writes nothing."""
        f = self.form
        if self._task is not None or self.page is not Page.FILE or self._path is None:
            return
        passphrase = f.passphraseEdit.text()
        if not passphrase:
            return
        clear_problem(f.fileProblem, f.chooseFileButton)
        clear_problem(f.passphraseProblem, f.passphraseEdit)
        path, session, today = self._path, self._session, self._today
        self.preview = None

        def work(_progress) -> ExchangePreview:
            own = session.another()  # this thread's own connection, closed at the end
            try:
                return HandoverExchangeService(own, today).preview(path, passphrase)
            finally:
                own.close()

        f.workingLabel.setText(
            self.tr("Filen {name} läses och kontrolleras…").format(name=path.name)
        )
        f.workingHint.setText(self.tr("Ingenting sparas i akten i det här steget."))
        self._discard = False
        self._run(work, self._previewed, self._preview_failed)

    def _previewed(self, preview: ExchangePreview) -> None:
        if self._discard:
            self._show_page(Page.FILE)
            return
        self.preview = preview
        self._show_preview(preview)
        self._show_page(Page.PREVIEW)
        first = next(iter(self.choices.values()), None)
        (first or self.form.itemsTable).setFocus()

    def _preview_failed(self, error: Exception) -> None:
        self._show_page(Page.FILE)
        if self._discard:
            return
        f = self.form
        if isinstance(error, WrongPassphrase):
            show_problem(f.passphraseProblem, str(error), f.passphraseEdit)
            grow_to_fit(self)
            f.passphraseEdit.setFocus()
            f.passphraseEdit.selectAll()
        elif isinstance(error, ExchangeError | CaseFileError):
            show_problem(f.fileProblem, str(error), f.chooseFileButton)
            grow_to_fit(self)
            f.chooseFileButton.setFocus()
        elif isinstance(error, OSError):
            show_problem(
                f.fileProblem,
                self.tr(
                    "Filen gick inte att läsa. Kontrollera att den finns och inte är öppen i ett "
                    "annat program, och försök igen."
                ),
                f.chooseFileButton,
            )
            f.chooseFileButton.setFocus()
        else:
            show_unexpected(self, error)

    def _show_preview(self, preview: ExchangePreview) -> None:
        f = self.form
        lines = preview_lines(preview)
        f.summaryLabel.setText("\n".join(lines[:2]))  # the sending school, and the counts
        if preview.fully_imported:
            notice = self.tr(
                "Hela filen lästes in {when}. Ingenting kommer att ändras; det finns inget mer "
                "att läsa in."
            ).format(when=_when(preview.received_before))
        elif preview.received_before:
            notice = self.tr(
                "Filen lästes in en gång tidigare ({when}). Bara det som inte kom med då läses "
                "in nu."
            ).format(when=_when(preview.received_before))
        else:
            notice = ""
        show_notice(f.noticeLabel, notice, NOTICE_STYLE)
        f.nothingSavedLabel.setVisible(not preview.fully_imported)
        self._build_choices(preview.doubtful)
        self.table.set_records(list(preview.items))
        f.itemsTable.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the file's own order

    def _build_choices(self, doubtful: list[PreviewItem]) -> None:
        f = self.form
        layout = f.doubtfulForm
        while layout.count():
            widget = layout.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        self.choices = {}
        for row, item in enumerate(doubtful):
            label = QLabel(self._doubtful_text(item), f.doubtfulContents)
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            combo = QComboBox(f.doubtfulContents)
            if item.confirmable:
                combo.addItem(
                    self.tr("Samma elev som {name}").format(name=item.existing.description),
                    Choice.SAME.value,
                )
            combo.addItem(self.tr("En annan elev (skapa ny)"), Choice.NEW.value)
            combo.addItem(self.tr("Hoppa över (läs inte in nu)"), Choice.SKIP.value)
            combo.setCurrentIndex(combo.findData(Choice.SKIP.value))
            combo.setAccessibleName(self.tr("Val för {name}").format(name=item.name))
            combo.setAccessibleDescription(label.text())
            combo.currentIndexChanged.connect(self._choice_changed)
            label.setBuddy(combo)
            layout.addWidget(label, row, 0)
            layout.addWidget(combo, row, 1, Qt.AlignmentFlag.AlignTop)
            self.choices[item.key] = combo
        shown = bool(doubtful)
        f.doubtfulTitle.setVisible(shown)
        f.doubtfulHint.setVisible(shown)
        f.doubtfulArea.setVisible(shown)
        if shown:
            rows = min(len(doubtful), 4)
            line = self.fontMetrics().height()
            f.doubtfulArea.setMinimumHeight(rows * line * 3)

    def _doubtful_text(self, item: PreviewItem) -> str:
        reason = item.reason[:1].upper() + item.reason[1:]
        return self.tr("{pupil}: {reason}.").format(pupil=self._incoming_text(item), reason=reason)

    def _choice_changed(self, _index: int) -> None:
        # The table says what will happen with each pupil, choices included.
        if self.preview is not None:
            self.table.set_records(list(self.preview.items))

    def choice(self, key: str) -> Choice:
        combo = self.choices.get(key)
        return Choice(combo.currentData()) if combo is not None else Choice.SKIP

    def choose(self, key: str, choice: Choice) -> None:
        combo = self.choices[key]
        index = combo.findData(Choice(choice).value)
        if index < 0:
            raise ValueError(f"{choice} is not offered for {key}")
        combo.setCurrentIndex(index)

    # The table's words -------------------------------------------------------------------------
    def _incoming_text(self, item: PreviewItem) -> str:
        pupil = item.packet.pupil
        parts = [pupil.full_name]
        if pupil.civic_no:
            parts.append(mask(pupil.civic_no))
        if pupil.class_name:
            parts.append(self.tr("från {name}").format(name=pupil.class_name))
        text = ", ".join(parts)
        return text + self.tr(" (skyddad identitet)") if pupil.protected_identity else text

    def _outcome_text(self, item: PreviewItem) -> str:
        if item.outcome is Outcome.NEW:
            return self.tr("Ny elev")
        if item.outcome is Outcome.MATCHED:
            return self.tr("Känd elev")
        if item.outcome is Outcome.ALREADY:
            return self.tr("Redan inläst")
        choice = self.choice(item.key)
        if choice is Choice.SAME:
            return self.tr("Osäker → samma elev")
        if choice is Choice.NEW:
            return self.tr("Osäker → ny elev")
        return self.tr("Osäker → hoppas över")

    def _existing_text(self, item: PreviewItem) -> str:
        if item.outcome is Outcome.NEW:
            if item.new_year:
                return self.tr("Läggs till i {year}").format(
                    year=YEAR_LABELS[item.new_year].lower()
                )
            return self.tr("Läggs till; årskursen fylls i senare")
        if item.outcome is Outcome.DOUBTFUL:
            choice = self.choice(item.key)
            if choice is Choice.SAME:
                return item.existing.description
            if choice is Choice.NEW:
                return self.tr("Läggs till som en ny elev")
            names = "; ".join(c.description for c in item.candidates)
            return self.tr("Kanske {names}?").format(names=names)
        if item.existing is None:
            return "–"
        text = item.existing.description
        if item.adds_protection:
            text += self.tr(" – skyddad identitet läggs till")
        return text

    # Reading in ------------------------------------------------------------------------------
    def confirmed(self) -> set[str]:
        return {key for key in self.choices if self.choice(key) is Choice.SAME}

    def create_new(self) -> set[str]:
        return {key for key in self.choices if self.choice(key) is Choice.NEW}

    def start_import(self) -> None:
        """Läs in: write the previewed file, with the choices made, all or nothing."""
        preview = self.preview
        if self._task is not None or self.page is not Page.PREVIEW or preview is None:
            return
        if preview.fully_imported:
            return
        confirmed, create_new = self.confirmed(), self.create_new()
        session, today = self._session, self._today

        def work(_progress) -> ImportResult:
            own = session.another()
            try:
                return HandoverExchangeService(own, today).apply(preview, confirmed, create_new)
            finally:
                own.close()

        f = self.form
        f.workingLabel.setText(self.tr("Överlämningarna läses in i akten…"))
        f.workingHint.setText(self.tr("Allt sparas på en gång. Går något fel sparas ingenting."))
        self._discard = False
        self._run(work, self._imported, self._import_failed)

    def _imported(self, result: ImportResult) -> None:
        self.result = result
        f = self.form
        f.passphraseEdit.clear()  # not kept a moment longer than needed
        # The reasons the command line indents are shown as a list.
        lines = [
            "•\u00a0" + line.strip() if line.startswith("  ") else line
            for line in result_lines(result)
        ]
        f.resultLabel.setText("\n".join(lines))
        if result.written:
            f.doneDetail.setText(
                self.tr(
                    "De mottagna överlämningarna syns på varje elevs sida under Överlämning, med "
                    "den avlämnande skolan angiven. De kan läsas men inte ändras."
                )
            )
        else:
            f.doneDetail.clear()
        self._show_page(Page.DONE)
        f.closeButton.setFocus()
        if result.written:
            self.imported.emit(result)

    def _import_failed(self, error: Exception) -> None:
        title = self.tr("Överlämningen lästes inte in")
        if isinstance(error, ExchangeChanged):
            # The preview is out of date: read the file again before anything is written.
            self.preview = None
            self._show_page(Page.FILE)
            show_error(self, str(error), title)
            self.form.previewButton.setFocus()
            return
        self._show_page(Page.PREVIEW)
        if isinstance(error, ValidationError):
            show_error(self, " ".join(error.problems.values()), title)
        elif isinstance(error, ExchangeError | CaseFileError):
            show_error(self, str(error), title)
        elif isinstance(error, OSError):
            show_error(
                self,
                self.tr(
                    "Akten gick inte att skriva till. Kontrollera att disken inte är full, och "
                    "försök igen. Ingenting har lästs in."
                ),
                title,
            )
        else:
            show_unexpected(self, error)

    # Background work -------------------------------------------------------------------------
    def _run(self, work, done, failed) -> None:
        task = BackgroundTask(work)
        self._task = task

        def ended_with(handler):
            def handle(*args) -> None:
                if task is not self._task:
                    return
                self._task = None
                handler(*args)

            return handle

        task.succeeded.connect(ended_with(done))
        task.failed.connect(ended_with(failed))
        task.cancelled.connect(ended_with(lambda: self._show_page(Page.FILE)))
        self._tasks.keep(task)
        self._show_page(Page.WORKING)
        self.form.cancelButton.setFocus()
        task.start()

    def is_working(self) -> bool:
        return self._task is not None

    def reject(self) -> None:
        if self.is_working():
            if not self._importing():
                # Avbryt while the file is read: its preview is thrown away when it comes.
                self._discard = True
                self._task = None
                self._show_page(Page.FILE)
                self.form.previewButton.setFocus()
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.is_working() and self._importing():
            event.ignore()
            return
        super().closeEvent(event)

    def done(self, result: int) -> None:
        self._tasks.quiet()
        super().done(result)
