"""Gallring: the school's retention rules, the records whose time has come, and archiving and
removing the ones the user chooses.

Every rule starts as "Behåll" (keep), so nothing is ever listed, let alone removed, until the
school has set a rule. Nothing is chosen until the user ticks it; before anything happens one
sentence says what will be archived where and that it cannot be undone, and the user must
confirm it. The work runs on its own connection off the GUI thread: the archive is written and
read back first, then the records are removed in one transaction, all or nothing. Only
coordinators and head teachers may change the rules or remove records; others see them only.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, QSize, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDialog, QLabel, QMessageBox, QSpinBox, QWidget

from ..domain.pupil import ValidationError
from ..services.retention import (
    YEARS_MAX,
    DueRecord,
    RetentionKind,
    RetentionResult,
    RetentionService,
    summary_sentence,
)
from ..services.session import CaseSession
from ..store.errors import CaseFileError
from ..store.pupil_records import RemovalRefused
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
from .handover_common import choose_folder, grow_to_fit, last_folder, remember_folder
from .line_length import readable_width
from .local_settings import local_settings
from .messages import show_unexpected
from .record_table import Column, RecordTable, RecordTableModel

ARCHIVE_FOLDER = "retention/archiveFolder"
DONE_STYLE = (
    "QLabel { background: #e8f3ec; border: 1px solid #8cc2a0; border-radius: 4px; padding: 8px; }"
)


def _key(record: DueRecord) -> str:
    return "|".join(record.key)


class CheckableModel(RecordTableModel):
    """The due records, with a tick box in the first column (Space ticks the current row)."""

    checks_changed = Signal()

    def __init__(self, columns, parent=None):
        super().__init__(columns, _key, parent=parent)
        self._checked: set[str] = set()

    def set_records(self, records) -> None:
        keys = {_key(r) for r in records}
        self._checked &= keys
        super().set_records(records)
        self.checks_changed.emit()

    def checked(self) -> list[DueRecord]:
        return [r for r in self.records() if _key(r) in self._checked]

    def set_all(self, checked: bool) -> None:
        self._checked = {_key(r) for r in self.records()} if checked else set()
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, 0))
        self.checks_changed.emit()

    def flags(self, index):
        flags = super().flags(index)
        if index.isValid() and index.column() == 0:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if index.isValid() and index.column() == 0 and role == Qt.ItemDataRole.CheckStateRole:
            key = _key(self.record(index.row()))
            return Qt.CheckState.Checked if key in self._checked else Qt.CheckState.Unchecked
        return super().data(index, role)

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if not (index.isValid() and index.column() == 0 and role == Qt.ItemDataRole.CheckStateRole):
            return False
        key = _key(self.record(index.row()))
        if Qt.CheckState(value) == Qt.CheckState.Checked:
            self._checked.add(key)
        else:
            self._checked.discard(key)
        self.dataChanged.emit(index, index, [role])
        self.checks_changed.emit()
        return True


class RetentionDialog(QDialog):
    #: Records were removed (the RetentionResult): the views must show the case file anew.
    removed = Signal(object)

    def __init__(
        self,
        session: CaseSession,
        parent: QWidget | None = None,
        settings: QSettings | None = None,
        today: Callable[[], _dt.date] = _dt.date.today,
    ):
        super().__init__(parent)
        self.setObjectName("retentionDialog")
        self.setWindowTitle(self.tr("Gallring"))
        self._session = session
        self._service = RetentionService(session)
        self._settings = settings or local_settings()
        self._today = today
        # Looked up when used, so a test can stand in for the file dialog and the question.
        self.choose_folder = choose_folder
        self.confirm = self._confirm
        self._task: BackgroundTask | None = None
        self._tasks = KeptTasks()
        self.result: RetentionResult | None = None
        self._allowed = self._service.may_remove

        f = self.form = load_form("retention_dialog.ui", self)
        f.titleLabel.setFont(scaled_font(f.titleLabel, 1.3, bold=True))
        f.introLabel.setText(
            self.tr(
                "Uppgifter i en offentlig skolas akt får bara gallras enligt huvudmannens "
                "gallringsregler. Ange hur länge varje slag av uppgifter ska sparas; allt sparas "
                "tills skolan har bestämt något annat. Posterna som har passerat sin tid listas "
                "nedan. De du markerar skrivs först till ett arkiv (JSON och PDF) i den mapp du "
                "väljer och tas sedan bort ur akten. Loggen behåller en anteckning om varje "
                "borttagning."
            )
        )
        readable_width(f.introLabel, 100)
        if not self._allowed:
            show_notice(
                f.noticeLabel,
                self.tr(
                    "Du kan se reglerna och vad som ska gallras, men bara en "
                    "elevhälsosamordnare, rektor eller biträdande rektor kan ändra reglerna och "
                    "gallra. Är din roll fel, ändra den under Inställningar."
                ),
                NOTICE_STYLE,
            )
        else:
            f.noticeLabel.hide()
        prepare_problem_label(f.problemLabel)
        f.summaryLabel.setFont(scaled_font(f.summaryLabel, 1.0, bold=True))
        set_secondary(f.rulesHint)
        f.progressBar.hide()

        self._spins: dict[RetentionKind, QSpinBox] = {}
        self._build_rules()
        columns = [
            Column(self.tr("Elev"), lambda r: f"{r.pupil_name}, {r.class_name}".strip(", ")),
            Column(self.tr("Slag"), lambda r: r.kind.label),
            Column(self.tr("Vad"), lambda r: r.description),
            Column(self.tr("Räknat från"), lambda r: r.since, sort_key=lambda r: r.since),
        ]
        self.model = CheckableModel(columns, self)
        self.table = RecordTable(f.dueTable, columns, _key, stretch_column=2)
        # RecordTable made a plain model; the checkable one takes its place under the proxy.
        plain = self.table.model
        self.model.alert_colour = plain.alert_colour
        self.model.alert_background = plain.alert_background
        self.model.muted_colour = plain.muted_colour
        self.table.model = self.model
        self.table.proxy.setSourceModel(self.model)
        self.model.checks_changed.connect(self._update)

        self._folder = last_folder(self._settings, ARCHIVE_FOLDER)
        self._show_folder()
        f.saveRulesButton.clicked.connect(self.save_rules)
        f.selectAllButton.clicked.connect(lambda: self.model.set_all(True))
        f.selectNoneButton.clicked.connect(lambda: self.model.set_all(False))
        f.chooseFolderButton.clicked.connect(self._choose_folder)
        f.runButton.clicked.connect(self.start)
        f.closeButton.clicked.connect(self.reject)
        self.reload()
        metrics = self.fontMetrics()
        size = QSize(metrics.averageCharWidth() * 150, metrics.height() * 46)
        self.resize(size.boundedTo(self.screen().availableGeometry().size() * 0.9))
        grow_to_fit(self)

    # Rules -------------------------------------------------------------------------------------
    def _build_rules(self) -> None:
        grid = self.form.rulesGrid
        rules = self._service.rules()
        for row, kind in enumerate(RetentionKind):
            caption = QLabel(kind.label + ":")
            spin = QSpinBox()
            spin.setRange(0, YEARS_MAX)
            spin.setSpecialValueText(self.tr("Behåll"))
            spin.setSuffix(self.tr(" år"))
            spin.setValue(rules[kind] or 0)
            spin.setAccessibleName(self.tr("Gallra {kind} efter antal år").format(kind=kind.label))
            spin.setEnabled(self._allowed)
            spin.valueChanged.connect(self._update)
            caption.setBuddy(spin)
            explanation = QLabel(kind.explanation)
            explanation.setWordWrap(True)
            set_secondary(explanation)
            grid.addWidget(caption, row, 0)
            grid.addWidget(spin, row, 1)
            grid.addWidget(explanation, row, 2)
            self._spins[kind] = spin
        grid.setColumnStretch(2, 1)

    def set_rule(self, kind: RetentionKind, years: int | None) -> None:
        self._spins[kind].setValue(years or 0)

    def _edited_rules(self) -> dict[RetentionKind, int | None]:
        return {kind: spin.value() or None for kind, spin in self._spins.items()}

    def _rules_changed(self) -> bool:
        return self._edited_rules() != self._service.rules()

    def save_rules(self) -> bool:
        f = self.form
        try:
            self._service.save_rules(self._edited_rules())
        except ValidationError as error:
            show_problem(f.problemLabel, str(error), f.saveRulesButton)
            return False
        except CaseFileError as error:
            show_problem(f.problemLabel, str(error), f.saveRulesButton)
            return False
        clear_problem(f.problemLabel)
        self.reload()
        return True

    # What is due -----------------------------------------------------------------------------
    def reload(self) -> None:
        try:
            due = self._service.due(self._today())
        except CaseFileError as error:
            show_problem(self.form.problemLabel, str(error))
            due = []
        self.table.set_records(due)
        self._update()

    def due(self) -> list[DueRecord]:
        return self.model.records()

    def checked(self) -> list[DueRecord]:
        return self.model.checked()

    def set_checked(self, records: list[DueRecord]) -> None:
        wanted = {_key(r) for r in records}
        for row, record in enumerate(self.model.records()):
            state = Qt.CheckState.Checked if _key(record) in wanted else Qt.CheckState.Unchecked
            self.model.setData(self.model.index(row, 0), state, Qt.ItemDataRole.CheckStateRole)

    def _update(self, *_args) -> None:
        f = self.form
        working = self._task is not None
        rules_changed = self._rules_changed()
        f.saveRulesButton.setEnabled(self._allowed and rules_changed and not working)
        f.rulesHint.setText(
            self.tr("Spara reglerna för att se vad de gäller.")
            if rules_changed
            else self.tr("”Behåll” betyder att uppgifterna aldrig gallras.")
        )
        due, checked = self.model.records(), self.model.checked()
        if not any(self._service.rules().values()):
            f.dueLabel.setText(self.tr("Alla regler står på Behåll: ingenting ska gallras."))
        elif not due:
            f.dueLabel.setText(self.tr("Ingenting har passerat sin tid enligt reglerna."))
        else:
            f.dueLabel.setText(
                self.tr(
                    "{n} poster om {p} elever har passerat sin tid. Markera dem som ska gallras."
                ).format(n=len(due), p=len({r.pupil_id for r in due}))
            )
        f.dueTable.setEnabled(bool(due))
        for button in (f.selectAllButton, f.selectNoneButton):
            button.setEnabled(bool(due) and self._allowed and not working)
        if checked:
            f.summaryLabel.setText(summary_sentence(checked, self._folder))
        else:
            f.summaryLabel.setText(
                self.tr("Markera de poster som ska arkiveras och tas bort.") if due else ""
            )
        f.runButton.setEnabled(self._allowed and bool(checked) and not working)
        f.chooseFolderButton.setEnabled(not working)

    # The archive folder ------------------------------------------------------------------------
    def folder(self) -> Path:
        return self._folder

    def set_folder(self, folder: Path) -> None:
        self._folder = Path(folder)
        self._show_folder()
        self._update()

    def _show_folder(self) -> None:
        f = self.form
        f.folderEdit.setText(str(self._folder))
        f.folderEdit.setCursorPosition(0)
        f.folderEdit.setToolTip(str(self._folder))

    def _choose_folder(self) -> None:
        folder = self.choose_folder(self, self._folder)
        if folder is not None:
            self.set_folder(folder)

    # Running ---------------------------------------------------------------------------------
    def _confirm(self, sentence: str) -> bool:
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Arkivera och gallra"),
            sentence,
            QMessageBox.StandardButton.NoButton,
            self,
        )
        box.setInformativeText(
            self.tr(
                "Arkivet skrivs först, en JSON- och en PDF-fil per elev och slag, och läses "
                "tillbaka. Först sedan tas posterna bort ur akten, alla på en gång. Loggen "
                "behåller en anteckning om varje borttagning, utan namn. Säkerhetskopior av "
                "akten innehåller uppgifterna tills de ersätts av nyare."
            )
        )
        yes = box.addButton(self.tr("Arkivera och ta &bort"), QMessageBox.ButtonRole.AcceptRole)
        no = box.addButton(self.tr("Avbryt"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(no)
        box.setObjectName("retentionConfirm")
        box.exec()
        return box.clickedButton() is yes

    def start(self) -> None:
        """Arkivera och gallra: ask, then archive and remove the ticked records off the GUI
        thread."""
        f = self.form
        selection = self.model.checked()
        if self._task is not None or not selection or not self._allowed:
            return
        if self._rules_changed():
            show_problem(
                f.problemLabel,
                self.tr("Spara eller ångra ändringarna i reglerna först."),
                f.saveRulesButton,
            )
            return
        folder = self._folder
        if not folder.is_dir():
            show_problem(
                f.problemLabel,
                self.tr("Mappen {folder} finns inte. Välj en annan mapp.").format(folder=folder),
                f.chooseFolderButton,
            )
            return
        if not self.confirm(summary_sentence(selection, folder)):
            return
        clear_problem(f.problemLabel)
        session, today = self._session, self._today()

        def work(progress) -> RetentionResult:
            own = session.another()  # this thread's own connection, closed at the end
            try:
                return RetentionService(own).archive_and_remove(selection, folder, today, progress)
            finally:
                own.close()

        task = BackgroundTask(work)
        self._task = task
        task.progressed.connect(lambda done, total, t=task: self._progressed(t, done, total))
        task.succeeded.connect(lambda result, t=task: self._done(t, result))
        task.failed.connect(lambda error, t=task: self._failed(t, error))
        task.cancelled.connect(lambda t=task: self._cancelled(t))
        self._tasks.keep(task)
        f.progressBar.setRange(0, 0)
        f.progressBar.show()
        f.closeButton.setText(self.tr("Avbryt"))
        self._update()
        task.start()

    def is_working(self) -> bool:
        return self._task is not None

    def _progressed(self, task: BackgroundTask, done: int, total: int) -> None:
        if task is self._task and total > 0:
            self.form.progressBar.setRange(0, total)
            self.form.progressBar.setValue(done)

    def _finish(self) -> None:
        self._task = None
        self.form.progressBar.hide()
        self.form.closeButton.setText(self.tr("&Stäng"))

    def _done(self, task: BackgroundTask, result: RetentionResult) -> None:
        if task is not self._task:
            return
        self._finish()
        self.result = result
        remember_folder(self._settings, ARCHIVE_FOLDER, result.folder)
        posts = len(result.removed)
        show_notice(
            self.form.noticeLabel,
            self.tr(
                "{n} poster om {p} elever arkiverades i {folder} ({files} filer) och togs bort "
                "ur akten. Varje borttagning står i loggen."
            ).format(n=posts, p=result.pupils, folder=result.folder, files=len(result.files)),
            DONE_STYLE,
        )
        self.reload()
        grow_to_fit(self)
        self.removed.emit(result)

    def _failed(self, task: BackgroundTask, error: Exception) -> None:
        if task is not self._task:
            return
        self._finish()
        f = self.form
        if isinstance(error, ValidationError | CaseFileError | RemovalRefused):
            show_problem(f.problemLabel, str(error), f.runButton)
        elif isinstance(error, OSError):
            show_problem(
                f.problemLabel,
                self.tr(
                    "Arkivet gick inte att skriva. Ingenting togs bort ur akten. Kontrollera att "
                    "mappen finns, att du får skriva i den och att disken inte är full."
                ),
                f.chooseFolderButton,
            )
        else:
            show_unexpected(self, error)
        self.reload()
        grow_to_fit(self)

    def _cancelled(self, task: BackgroundTask) -> None:
        if task is not self._task:
            return
        self._finish()
        show_notice(
            self.form.noticeLabel,
            self.tr("Gallringen avbröts. Ingenting togs bort och inga arkivfiler sparades."),
            NOTICE_STYLE,
        )
        self._update()

    def reject(self) -> None:
        if self._task is not None:
            self._task.cancel()  # Avbryt stops the work; the dialog stays to say what happened
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._task is not None:
            event.ignore()
            self._task.cancel()
            return
        super().closeEvent(event)

    def done(self, result: int) -> None:
        self._tasks.quiet()
        super().done(result)


def open_retention_dialog(
    parent: QWidget, session: CaseSession, on_removed: Callable[[], None]
) -> RetentionDialog:
    """Open the assistant window-modal; ``on_removed`` is called after records were removed, so
    the views can show the case file anew."""
    dialog = RetentionDialog(session, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.removed.connect(lambda _result: on_removed())
    dialog.open()
    return dialog
