"""Loggkontroll: the audit log chosen by pupil, user, action and period, whether the log is whole,
and a printed extract to sign.

A window of its own beside the main window (Arkiv → Loggkontroll…, Ctrl+Shift+L), so the person
checking can open a pupil's page while the log stays in view. The table shows any number of
entries: the model holds the ids of the matching entries and reads the rows as they are shown.
The chain of the log is walked on a thread of its own (about a second per 100,000 entries), and
its verdict stands above the filters when it is ready.
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QCompleter,
    QDialog,
    QHeaderView,
    QWidget,
)

from ..documents.audit_documents import MAX_EXTRACT_ENTRIES, number_text
from ..services.audit_review import (
    AuditFilter,
    AuditReviewService,
    ChainStatus,
    Period,
)
from ..store.audit import Action
from ..store.errors import CaseFileError
from .audit_log_model import AuditReviewModel, AuditReviewProxy
from .background import BackgroundTask
from .date_input import DateInput
from .feedback import (
    clear_problem,
    prepare_problem_label,
    scaled_font,
    set_secondary,
    show_notice,
    show_problem,
)
from .forms import load_form
from .labels import action_label
from .messages import ask_yes_no, show_error
from .print_flow import ChooseTarget, save_document

#: A pause in typing (a date, a search word) before the table follows it.
_TYPING_PAUSE_MS = 350
_BROKEN_STYLE = (
    "QLabel { background: #fbe9e7; border: 1px solid #d9a097; border-radius: 4px;"
    " padding: 8px; color: #5c1a12; }"
)


class AuditReviewDialog(QDialog):
    def __init__(
        self,
        service: AuditReviewService,
        settings: QSettings,
        parent: QWidget | None = None,
        choose_target: ChooseTarget | None = None,
        check_chain: bool = True,
    ):
        super().__init__(parent)
        self.setObjectName("auditReviewDialog")
        self.setWindowTitle(self.tr("Loggkontroll"))
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self._service = service
        self._settings = settings
        self._choose_target = choose_target
        self._filter = AuditFilter()
        self._viewed_pupils: set[str] = set()
        self._chain_task: BackgroundTask | None = None
        self.chain: ChainStatus | None = None
        #: Seconds the last filter took (the query and the first screenful of rows).
        self.last_filter_seconds = 0.0

        form = self.form = load_form("audit_review_dialog.ui", self)
        form.titleLabel.setFont(scaled_font(form.titleLabel, 1.5, bold=True))
        set_secondary(form.introLabel)
        prepare_problem_label(form.problemLabel)
        self._from = DateInput(form.fromEdit)
        self._to = DateInput(form.toEdit)
        self._typing = QTimer(self, singleShot=True, interval=_TYPING_PAUSE_MS)
        self._typing.timeout.connect(lambda: self.apply(quiet=True))

        self.model = AuditReviewModel(service.lines, self)
        self.proxy = AuditReviewProxy(self)
        self.proxy.setSourceModel(self.model)
        self._set_up_table()
        self._fill_choices()
        self._connect()

        service.log_opened()
        self.apply()
        if check_chain:
            self.check_chain()
        else:
            form.chainLabel.hide()
        char = self.fontMetrics().averageCharWidth()
        wanted = QSize(char * 175, self.fontMetrics().lineSpacing() * 46)
        self.resize(wanted.boundedTo(self.screen().availableGeometry().size() * 0.9))

    # Set-up -------------------------------------------------------------------------------------
    def _set_up_table(self) -> None:
        view = self.form.tableView
        view.setModel(self.proxy)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setAlternatingRowColors(True)
        view.setWordWrap(False)
        view.setTabKeyNavigation(False)
        view.setShowGrid(False)
        rows = view.verticalHeader()
        rows.hide()
        # One line per entry, never measured row by row: 100,000 rows cost nothing to lay out.
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(round(view.fontMetrics().lineSpacing() * 1.5))
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setSortIndicator(0, Qt.SortOrder.DescendingOrder)  # the newest first
        header.setSortIndicatorShown(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        # As wide as their usual contents in this font (so at any scale), never measured row by
        # row; the detail takes what is left, and every column can be dragged wider.
        metrics = view.fontMetrics()
        pad = metrics.averageCharWidth() * 3
        samples = (
            "0000-00-00 00:00",
            "M" * 16,
            max((action_label(a) for a in self._service.actions()), key=metrics.horizontalAdvance),
            "M" * 22,
        )
        for column, sample in enumerate(samples):
            view.setColumnWidth(column, metrics.horizontalAdvance(sample) + pad)
        view.setSortingEnabled(True)

    def _fill_choices(self) -> None:
        form = self.form
        service = self._service
        pupils = form.pupilCombo
        pupils.setEditable(True)
        pupils.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        pupils.setMaxVisibleItems(15)
        pupils.addItem(self.tr("Alla elever"), None)
        for choice in service.pupils():
            text = (
                self.tr("(borttagen elev) {id}").format(id=choice.id[:8])
                if choice.removed
                else choice.text
            )
            pupils.addItem(text, choice.id)
        # Search as you type: any part of the name or class, in any case.
        completer = pupils.completer()
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        pupils.lineEdit().setPlaceholderText(self.tr("Skriv namn eller klass"))
        pupils.lineEdit().setAccessibleName(self.tr("Elev"))

        form.userCombo.addItem(self.tr("Alla användare"), None)
        for user in service.users():
            form.userCombo.addItem(user.name, user.key)
        form.actionCombo.addItem(self.tr("Alla händelser"), None)
        for action in service.actions():
            # As its value: Qt gives a str-based enum back as a plain str.
            form.actionCombo.addItem(action_label(action), action.value)
        self._periods: list[Period] = service.quick_periods()
        for period in self._periods:
            form.periodCombo.addItem(period.label, period)
        form.periodCombo.addItem(self.tr("Egen period"), None)
        for combo in (form.userCombo, form.actionCombo, form.periodCombo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)

    def _connect(self) -> None:
        form = self.form
        form.pupilCombo.currentIndexChanged.connect(lambda _i: self.apply())
        # Typed text becomes a choice when the field is left or Enter is pressed (the
        # completer's list handles a click or Enter of its own).
        form.pupilCombo.lineEdit().returnPressed.connect(self._pupil_typed)
        QApplication.instance().focusChanged.connect(self._focus_changed)
        form.userCombo.currentIndexChanged.connect(lambda _i: self.apply())
        form.actionCombo.currentIndexChanged.connect(lambda _i: self.apply())
        form.periodCombo.activated.connect(self._period_chosen)
        for edit in (form.fromEdit, form.toEdit):
            edit.textEdited.connect(self._date_typed)
            edit.editingFinished.connect(self.apply)
        form.textEdit.setClearButtonEnabled(True)
        form.textEdit.textChanged.connect(lambda _t: self._typing.start())
        form.clearButton.clicked.connect(self.clear_filter)
        form.printButton.clicked.connect(self.print_extract)
        form.closeButton.clicked.connect(self.close)
        print_action = QAction(self.tr("Skriv ut utdrag"), self)
        print_action.setShortcut(QKeySequence.StandardKey.Print)
        print_action.triggered.connect(self.print_extract)
        self.addAction(print_action)
        find = QAction(self.tr("Välj elev"), self)
        find.setShortcut(QKeySequence.StandardKey.Find)
        find.triggered.connect(lambda: form.pupilCombo.setFocus(Qt.FocusReason.ShortcutFocusReason))
        self.addAction(find)

    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        """Typed text becomes a choice when the focus leaves the pupil field (a focus-out
        event filter on an editable combo box misses the Tab that leaves it)."""
        if not self.isVisible():
            return
        combo = self.form.pupilCombo
        inside = (combo, combo.lineEdit(), combo.completer().popup())
        if old in inside and new is not None and new not in inside:
            self._pupil_typed()

    # The filter -----------------------------------------------------------------------------------
    def _pupil_typed(self) -> None:
        """Typed text that names no pupil goes back to the chosen one (empty text: all)."""
        combo = self.form.pupilCombo
        text = combo.currentText().strip()
        if text == combo.itemText(combo.currentIndex()):
            return
        if not text:
            combo.setCurrentIndex(0)
            return
        index = combo.findText(text, Qt.MatchFlag.MatchFixedString)
        if index < 0:
            matches = [
                i for i in range(combo.count()) if text.casefold() in combo.itemText(i).casefold()
            ]
            index = matches[0] if len(matches) == 1 else combo.currentIndex()
        combo.setCurrentIndex(index)
        combo.setEditText(combo.itemText(index))

    def _period_chosen(self, index: int) -> None:
        period = self.form.periodCombo.itemData(index)
        if period is None:  # Egen period: the dates are the user's to type
            self.form.fromEdit.setFocus()
            return
        self._from.set_date(period.from_date)
        self._to.set_date(period.to_date)
        self.apply()

    def _date_typed(self) -> None:
        combo = self.form.periodCombo
        combo.setCurrentIndex(combo.count() - 1)  # Egen period
        self._typing.start()

    def choose_period(self, label_start: str) -> None:
        """Choose the quick period whose label begins with ``label_start`` ("Förra terminen")."""
        combo = self.form.periodCombo
        for index in range(combo.count()):
            if combo.itemText(index).startswith(label_start):
                combo.setCurrentIndex(index)
                self._period_chosen(index)
                return
        raise LookupError(label_start)

    def choose_pupil(self, pupil_id: str | None) -> None:
        combo = self.form.pupilCombo
        combo.setCurrentIndex(max(0, combo.findData(pupil_id)))

    def clear_filter(self) -> None:
        form = self.form
        for combo in (form.pupilCombo, form.userCombo, form.actionCombo):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        form.pupilCombo.setEditText(form.pupilCombo.itemText(0))
        form.periodCombo.setCurrentIndex(0)
        self._from.set_date(None)
        self._to.set_date(None)
        form.textEdit.blockSignals(True)
        form.textEdit.clear()
        form.textEdit.blockSignals(False)
        self.apply()

    def current_filter(self) -> AuditFilter | None:
        """The filter the fields describe; None (with the problem shown) when a date is not a
        date or the period ends before it starts."""
        form = self.form
        try:
            from_date = self._from.date()
        except ValueError:
            return self._problem(self.tr("Skriv från-datumet som ÅÅÅÅ-MM-DD."), form.fromEdit)
        try:
            to_date = self._to.date()
        except ValueError:
            return self._problem(self.tr("Skriv till-datumet som ÅÅÅÅ-MM-DD."), form.toEdit)
        if from_date and to_date and to_date < from_date:
            return self._problem(
                self.tr("Perioden slutar innan den börjar. Byt plats på datumen."), form.toEdit
            )
        clear_problem(form.problemLabel, form.fromEdit)
        clear_problem(form.problemLabel, form.toEdit)
        action = form.actionCombo.currentData()
        return AuditFilter(
            pupil_id=form.pupilCombo.currentData(),
            user=form.userCombo.currentData(),
            action=Action(action) if action else None,
            from_date=from_date,
            to_date=to_date,
            text=form.textEdit.text().strip(),
        )

    def _problem(self, sentence: str, field: QWidget) -> None:
        show_problem(self.form.problemLabel, sentence, field)
        return None

    def apply(self, quiet: bool = False) -> None:
        """Show the entries the fields choose. ``quiet``: while typing, a half-typed date waits
        (the problem is shown when the field is left)."""
        self._typing.stop()
        if quiet:
            try:
                self._from.date()
                self._to.date()
            except ValueError:
                return
        chosen = self.current_filter()
        if chosen is None:
            return
        self._log_pupil(chosen.pupil_id)
        started = time.perf_counter()
        self._filter = chosen
        service = self._service
        try:
            self.model.set_query(lambda order, descending: service.ids(chosen, order, descending))
            if self.model.rowCount():
                self.model.line(0)  # the first screenful is read as part of filtering
        except CaseFileError as error:
            show_error(self, str(error))
        self.last_filter_seconds = time.perf_counter() - started
        self._show_count()

    def _log_pupil(self, pupil_id: str | None) -> None:
        if pupil_id and pupil_id not in self._viewed_pupils:
            self._viewed_pupils.add(pupil_id)
            try:
                self._service.log_pupil_viewed(pupil_id)
            except CaseFileError as error:
                show_error(self, str(error))

    def _show_count(self) -> None:
        count = self.model.rowCount()
        if count == 0:
            text = self.tr("Inga poster i urvalet.")
        elif count == 1:
            text = self.tr("1 post")
        else:
            text = self.tr("{count} poster").format(count=number_text(count))
        self.form.countLabel.setText(text)

    @property
    def filter(self) -> AuditFilter:
        return self._filter

    # The chain ----------------------------------------------------------------------------------
    def check_chain(self) -> None:
        label = self.form.chainLabel
        label.setStyleSheet("")
        label.setText(self.tr("Kontrollerar att loggen är hel …"))
        set_secondary(label)
        task = BackgroundTask(lambda _progress: self._service.chain_status_apart(), self)
        task.succeeded.connect(self._show_chain)
        task.failed.connect(
            lambda _error: self._show_chain(
                ChainStatus(
                    None, 0, self.tr("Det gick inte att kontrollera loggen. Försök igen senare.")
                )
            )
        )
        self._chain_task = task
        task.start()

    def _show_chain(self, status: ChainStatus) -> None:
        self.chain = status
        label = self.form.chainLabel
        label.setPalette(self.palette())
        if status.ok is False:
            show_notice(
                label,
                self.tr("Loggen är inte hel. {problem}").format(problem=status.text),
                _BROKEN_STYLE,
            )
        elif status.ok:
            text = "✓ " + status.text
            if status.fingerprint:
                text += " " + self.tr("Kontrollsumma för loggpost nr {id}: {sum}.").format(
                    id=status.last_id, sum=status.fingerprint
                )
            show_notice(label, text, "")
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        else:
            show_notice(label, status.text, "")
            set_secondary(label)

    # Printing -----------------------------------------------------------------------------------
    def print_extract(self) -> Path | None:
        """Print what the table shows (a search word still being typed counts)."""
        if self.current_filter() is None:
            return None
        self.apply()
        chosen = self._filter
        count = self.model.rowCount()
        if count > MAX_EXTRACT_ENTRIES and not ask_yes_no(
            self,
            self.tr("Stort urval"),
            self.tr(
                "Urvalet har {count} poster. Utdraget tar med de {most} första, i tabellens "
                "ordning. Avgränsa gärna urvalet först, till exempel med en kortare period."
            ).format(count=number_text(count), most=number_text(MAX_EXTRACT_ENTRIES)),
            self.tr("Skriv ut ändå"),
            self.tr("Avbryt"),
        ):
            return None
        order, descending = self.model.order
        written = save_document(
            self,
            self._settings,
            self._service.suggested_file_name(),
            lambda target: self._service.write_extract(chosen, target, order, descending),
            self._choose_target,
        )
        if written is not None:
            self.model.refresh()  # the print is in the log now
            self._show_count()
        return written

    # Window ---------------------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.form.pupilCombo.setFocus()

    def wait_for_chain(self, timeout_ms: int = 10_000) -> ChainStatus | None:
        """For tests and scripts: wait until the chain has been checked."""
        deadline = time.monotonic() + timeout_ms / 1000
        while self.chain is None and time.monotonic() < deadline:
            QCoreApplication.processEvents()
            time.sleep(0.01)
        return self.chain


def open_audit_review(
    parent: QWidget, service: AuditReviewService, settings: QSettings
) -> AuditReviewDialog:
    """Open the log check beside ``parent``; closing it deletes it."""
    dialog = AuditReviewDialog(service, settings, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
