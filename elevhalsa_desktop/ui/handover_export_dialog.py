"""Exportera överlämningar: the cohort's (or the chosen pupils') handovers to one encrypted
exchange file for the receiving school.

The dialog says what goes into the file (how many pupils, how many of the notes are still
drafts, which are sent as drafts), asks for a passphrase twice with the rule in view, reminds
that the passphrase goes to the receiving school another way (by phone), and suggests a file
name without any pupil's name. The export runs on a BackgroundTask with its own connection to
the case file (the key derivation alone takes a moment); at the end it shows the same lines the
command line prints. Problems with the passphrase or the selection are shown at their fields;
a file that cannot be written is said in a sentence.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Collection
from enum import IntEnum
from pathlib import Path

from PySide6.QtCore import QSettings, QSize, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QDesktopServices, QPalette
from PySide6.QtWidgets import QDialog, QLineEdit, QWidget

from ..domain.handover import HandoverStatus
from ..domain.pupil import ValidationError
from ..importers.handover_exchange import (
    PASSPHRASE_MIN_LENGTH,
    SUFFIX,
    ExchangeError,
    exchange_path,
    passphrase_problem,
)
from ..services.handover import HandoverService
from ..services.handover_exchange import ExportResult, HandoverExchangeService, export_lines
from ..services.plans import RecordNotFound
from ..services.session import CaseSession
from ..store.errors import CaseFileError
from .background import BackgroundTask, KeptTasks
from .feedback import (
    NOTICE_STYLE,
    problem_color,
    scaled_font,
    set_secondary,
    show_notice,
)
from .field_problems import FieldProblems
from .forms import load_form
from .handover_common import (
    EXPORT_FOLDER,
    choose_exchange_target,
    exchange_file_name,
    grow_to_fit,
    last_folder,
    remember_folder,
    scope_text,
)
from .line_length import readable_width
from .local_settings import local_settings
from .messages import show_error, show_unexpected

#: A calm blue box for what the user must do outside the program (give the passphrase by phone).
INFO_STYLE = (
    "QLabel { background: #e8f0fb; border: 1px solid #9bb7df; border-radius: 4px; padding: 8px; }"
)


class Page(IntEnum):
    SETUP = 0
    WORKING = 1
    DONE = 2


def free_path(path: Path, suffix: str = SUFFIX) -> Path:
    """``path``, or the same name with " (2)", " (3)" … where a file of that name exists."""
    if not path.exists():
        return path
    if not path.name.endswith(suffix):
        suffix = path.suffix
    stem = path.name[: len(path.name) - len(suffix)]
    number = 2
    while (candidate := path.with_name(f"{stem} ({number}){suffix}")).exists():
        number += 1
    return candidate


class HandoverExportDialog(QDialog):
    #: The file was written and notes may have changed status (the ExportResult).
    exported = Signal(object)

    def __init__(
        self,
        session: CaseSession,
        year: str,
        class_name: str = "",
        pupil_ids: Collection[str] | None = None,
        parent: QWidget | None = None,
        settings: QSettings | None = None,
        today: Callable[[], _dt.date] = _dt.date.today,
    ):
        super().__init__(parent)
        self.setObjectName("handoverExportDialog")
        self._session = session
        self._year = year
        self._class_name = class_name
        self._pupil_ids = list(pupil_ids) if pupil_ids is not None else None
        self._settings = settings or local_settings()
        self._today = today
        # Looked up when used, so a test can stand in for the file dialog and the desktop.
        self.choose_target = choose_exchange_target
        self.open_url = QDesktopServices.openUrl

        self._task: BackgroundTask | None = None
        self._tasks = KeptTasks()
        self.result: ExportResult | None = None
        self.page = Page.SETUP
        self._target_chosen = False

        scope = scope_text(year, class_name)
        self.setWindowTitle(self.tr("Exportera överlämningar – {scope}").format(scope=scope))
        self.form = f = load_form("handover_export_dialog.ui", self)
        f.titleLabel.setText(
            self.tr("Exportera överlämningarna för {scope} till en fil").format(scope=scope)
        )
        f.titleLabel.setFont(scaled_font(f.titleLabel, 1.3, bold=True))
        self._count = self._describe()
        readable_width(f.introLabel, 84)
        f.ruleLabel.setText(
            self.tr(
                "Minst {n} tecken. Några vanliga ord i rad är lätta att läsa upp i telefon och "
                "svåra att gissa. Använd inte aktens lösenord."
            ).format(n=PASSPHRASE_MIN_LENGTH)
        )
        set_secondary(f.ruleLabel)
        show_notice(
            f.phoneNote,
            self.tr(
                "Filen är krypterad med lösenfrasen. Ge lösenfrasen till den mottagande skolan "
                "på annat sätt än filen, till exempel per telefon – skicka den aldrig i samma "
                "e-post eller på samma USB-minne som filen."
            ),
            INFO_STYLE,
        )
        self._match_color = problem_color(f.matchLabel)
        self._match_palette = QPalette(f.matchLabel.palette())
        f.matchLabel.setWordWrap(True)
        f.matchLabel.hide()
        self.problems = FieldProblems(f.problemLabel)
        self.problems.bind("passphrase", f.passphraseProblem, f.passphraseEdit)
        self.problems.bind("repeated", f.repeatProblem, f.repeatEdit)

        self._folder = last_folder(self._settings, EXPORT_FOLDER)
        self._target = self._default_target()
        self._show_target()

        f.passphraseEdit.textChanged.connect(self._typed)
        f.repeatEdit.textChanged.connect(self._typed)
        f.showCheck.toggled.connect(self._reveal)
        f.chooseTargetButton.clicked.connect(self._choose_target)
        f.exportButton.clicked.connect(self.start)
        f.cancelButton.clicked.connect(self.reject)
        f.closeButton.clicked.connect(self.accept)
        f.openFolderButton.clicked.connect(self.open_folder)
        self._show_page(Page.SETUP)
        if self._count:
            f.passphraseEdit.setFocus()
        else:
            f.cancelButton.setFocus()
        metrics = self.fontMetrics()
        size = QSize(metrics.averageCharWidth() * 110, metrics.height() * 30)
        self.resize(size.boundedTo(self.screen().availableGeometry().size() * 0.9))
        grow_to_fit(self)

    # What is exported --------------------------------------------------------------------------
    def _describe(self) -> int:
        """Fill in what the file will hold; returns the number of notes that go into it."""
        f = self.form
        rows = HandoverService(self._session, self._today).cohort(self._year, self._class_name)
        scope = scope_text(self._year, self._class_name)
        if self._pupil_ids is not None:
            wanted = set(self._pupil_ids)
            rows = [row for row in rows if row.pupil_id in wanted]
        sent = [row for row in rows if row.note_id]
        drafts = sum(1 for row in sent if row.status is HandoverStatus.DRAFT)
        ready = sum(1 for row in sent if row.status is HandoverStatus.READY)
        without = len(rows) - len(sent)
        if not sent:
            chosen = (
                self.tr("bland de valda eleverna")
                if self._pupil_ids is not None
                else self.tr("i {scope}").format(scope=scope)
            )
            f.introLabel.setText(
                self.tr(
                    "Det finns inga överlämningar att exportera {chosen}. Skriv elevernas "
                    "överlämningar först."
                ).format(chosen=chosen)
            )
            f.draftNotice.hide()
            return 0
        pupils = self.tr("1 elev") if len(sent) == 1 else self.tr("{n} elever").format(n=len(sent))
        if self._pupil_ids is not None:
            lines = [
                self.tr("Filen får överlämningarna för {pupils} som du valt i {scope}.").format(
                    pupils=pupils, scope=scope
                )
            ]
        else:
            lines = [
                self.tr("Filen får överlämningarna för {pupils} i {scope}.").format(
                    pupils=pupils, scope=scope
                )
            ]
        if without:
            lines.append(
                self.tr("1 elev har ingen överlämning och kommer inte med.")
                if without == 1
                else self.tr("{n} elever har ingen överlämning och kommer inte med.").format(
                    n=without
                )
            )
        if ready:
            lines.append(
                self.tr(
                    "Överlämningar som är klara markeras som överlämnade i dag ({n} st)."
                ).format(n=ready)
            )
        f.introLabel.setText(" ".join(lines))
        if drafts:
            text = (
                self.tr(
                    "1 av överlämningarna är ett utkast. Det skickas som utkast, och den "
                    "mottagande skolan ser att det inte är färdigt."
                )
                if drafts == 1
                else self.tr(
                    "{drafts} av de {n} överlämningarna är utkast. De skickas som utkast, och "
                    "den mottagande skolan ser att de inte är färdiga."
                ).format(drafts=drafts, n=len(sent))
            )
            show_notice(f.draftNotice, text, NOTICE_STYLE)
        else:
            f.draftNotice.hide()
        return len(sent)

    def count(self) -> int:
        return self._count

    # The file --------------------------------------------------------------------------------
    def _default_target(self) -> Path:
        name = exchange_file_name(
            self._year, self._class_name, self._session.school_name, self._today()
        )
        return free_path(self._folder / name)

    def target(self) -> Path:
        return self._target

    def set_target(self, target: Path) -> None:
        self._target = exchange_path(Path(target))
        self._target_chosen = True
        self._show_target()

    def _show_target(self) -> None:
        edit = self.form.targetEdit
        edit.setText(str(self._target))
        edit.setCursorPosition(0)
        edit.setToolTip(str(self._target))

    def _choose_target(self) -> None:
        target = self.choose_target(self, self._target)
        if target is not None:
            self.set_target(target)

    # The passphrase --------------------------------------------------------------------------
    def _reveal(self, revealed: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if revealed else QLineEdit.EchoMode.Password
        self.form.passphraseEdit.setEchoMode(mode)
        self.form.repeatEdit.setEchoMode(mode)

    def show_problems(self, problems: dict[str, str]) -> None:
        """Each problem at its field; the rule under the passphrase gives way to its problem."""
        self.problems.show(problems)
        self.form.ruleLabel.setVisible("passphrase" not in problems)
        grow_to_fit(self)

    def _typed(self, _text: str = "") -> None:
        self.problems.clear()
        f = self.form
        f.ruleLabel.show()
        first, again = f.passphraseEdit.text(), f.repeatEdit.text()
        label = f.matchLabel
        palette = QPalette(self._match_palette)
        if not again or (len(again) < len(first) and first.startswith(again)):
            label.clear()  # still typing the second one: nothing to say yet
            label.hide()
        elif again == first:
            label.setText(self.tr("Lösenfraserna är lika."))
            label.setPalette(self._match_palette)
            set_secondary(label)
            label.show()
        else:
            label.setText(self.tr("Lösenfraserna är inte lika."))
            palette.setColor(QPalette.ColorRole.WindowText, self._match_color)
            label.setPalette(palette)
            label.show()

    def _passphrase_problems(self) -> dict[str, str]:
        f = self.form
        first, again = f.passphraseEdit.text(), f.repeatEdit.text()
        alone = passphrase_problem(first)
        if alone:
            return {"passphrase": alone}
        both = passphrase_problem(first, again)
        return {"repeated": both} if both else {}

    # Pages -----------------------------------------------------------------------------------
    def _show_page(self, page: Page) -> None:
        self.page = page
        f = self.form
        f.stepStack.setCurrentIndex(int(page))
        f.stepStack.setVisible(page is not Page.SETUP or bool(self._count))
        f.draftNotice.setVisible(page is Page.SETUP and bool(f.draftNotice.text()))
        f.introLabel.setVisible(page is Page.SETUP)
        f.exportButton.setVisible(page is Page.SETUP)
        f.exportButton.setEnabled(bool(self._count))
        f.exportButton.setDefault(page is Page.SETUP)
        f.cancelButton.setVisible(page is not Page.DONE)
        f.cancelButton.setEnabled(page is Page.SETUP)
        f.closeButton.setVisible(page is Page.DONE)
        f.closeButton.setDefault(page is Page.DONE)

    # Exporting -------------------------------------------------------------------------------
    def start(self) -> None:
        """Exportera: check the passphrase here, then write the file on a background task."""
        if self._task is not None or self.page is not Page.SETUP or not self._count:
            return
        problems = self._passphrase_problems()
        if problems:
            self.show_problems(problems)
            return
        self.problems.clear()
        target = self._target
        if not target.parent.is_dir():
            self.show_problems(
                {
                    "target": self.tr("Mappen {folder} finns inte. Välj en annan plats.").format(
                        folder=target.parent
                    )
                }
            )
            self.form.chooseTargetButton.setFocus()
            return
        session, today = self._session, self._today
        year, class_name, pupil_ids = self._year, self._class_name, self._pupil_ids
        passphrase = self.form.passphraseEdit.text()

        def work(_progress) -> ExportResult:
            own = session.another()  # this thread's own connection, closed at the end
            try:
                return HandoverExchangeService(own, today).export(
                    target, passphrase, year, class_name, pupil_ids
                )
            finally:
                own.close()

        task = BackgroundTask(work)
        self._task = task
        task.succeeded.connect(lambda result, t=task: self._exported(t, result))
        task.failed.connect(lambda error, t=task: self._failed(t, error))
        task.cancelled.connect(lambda t=task: self._failed(t, None))
        self._tasks.keep(task)
        self._show_page(Page.WORKING)
        task.start()

    def _exported(self, task: BackgroundTask, result: ExportResult) -> None:
        if task is not self._task:
            return
        self._task = None
        self.result = result
        f = self.form
        # The passphrase is not kept a moment longer than needed.
        f.passphraseEdit.clear()
        f.repeatEdit.clear()
        remember_folder(self._settings, EXPORT_FOLDER, result.path.parent)
        lines = export_lines(result)
        f.resultLabel.setText("\n".join(lines))
        f.whereLabel.setText(
            self.tr("Filen ligger i mappen {folder}.").format(folder=result.path.parent)
        )
        set_secondary(f.whereLabel)
        self._show_page(Page.DONE)
        f.closeButton.setFocus()
        self.exported.emit(result)

    def _failed(self, task: BackgroundTask, error: Exception | None) -> None:
        if task is not self._task:
            return
        self._task = None
        self._show_page(Page.SETUP)
        f = self.form
        if isinstance(error, ValidationError):
            self.show_problems(error.problems)
            if "passphrase" not in error.problems:
                f.exportButton.setFocus()
        elif isinstance(error, ExchangeError | CaseFileError | RecordNotFound):
            show_error(self, str(error), self.tr("Överlämningsfilen skapades inte"))
            f.chooseTargetButton.setFocus()
        elif isinstance(error, OSError):
            show_error(
                self,
                self.tr(
                    "Överlämningsfilen gick inte att spara. Kontrollera att mappen finns, att du "
                    "får skriva i den och att disken inte är full, och försök igen."
                ),
                self.tr("Överlämningsfilen skapades inte"),
            )
        elif error is not None:
            show_unexpected(self, error)

    # Closing ---------------------------------------------------------------------------------
    def is_working(self) -> bool:
        return self._task is not None

    def reject(self) -> None:
        if self.is_working():
            return  # the export takes a moment and is all or nothing: let it finish
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.is_working():
            event.ignore()
            return
        super().closeEvent(event)

    def done(self, result: int) -> None:
        self._tasks.quiet()
        super().done(result)

    def open_folder(self) -> None:
        if self.result is not None:
            self.open_url(QUrl.fromLocalFile(str(self.result.path.parent)))
