"""The welcome window: create a case file, open one, or pick one of the recent files.

The dialog only says what the user wants; the start flow does it. Closing the dialog without a
choice means the user wants to leave the program.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QWidget

from .. import config
from .feedback import clear_problem, prepare_problem_label, scaled_font, show_problem
from .file_choosers import choose_case_file
from .forms import load_form
from .local_settings import forget_file, recent_files
from .recent_files_view import MISSING_ROLE, PATH_ROLE, RecentFileDelegate, make_item

_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class StartDialog(QDialog):
    create_requested = Signal()
    open_requested = Signal(object)  # Path

    def __init__(self, settings: QSettings, parent: QWidget | None = None):
        super().__init__(parent)
        self._settings = settings
        self.setWindowTitle(self.tr("Elevhälsa Desktop"))
        self.form = load_form("start_dialog.ui", self)
        f = self.form
        f.titleLabel.setFont(scaled_font(f.titleLabel, 1.8, bold=True))
        prepare_problem_label(f.messageLabel)
        for button in (f.createButton, f.openButton):  # the two ways in, a little larger
            button.setMinimumHeight(round(button.sizeHint().height() * 1.5))
            button.setMinimumWidth(round(button.sizeHint().width() * 1.2))
        f.recentList.setItemDelegate(RecentFileDelegate(f.recentList))
        f.recentList.installEventFilter(self)
        f.recentList.itemActivated.connect(lambda _item: self.open_selected())
        f.recentList.currentItemChanged.connect(self._selection_changed)
        f.createButton.clicked.connect(lambda: self.create_requested.emit())
        f.openButton.clicked.connect(self.choose_file)
        f.openRecentButton.clicked.connect(self.open_selected)
        f.removeButton.clicked.connect(self.remove_selected)
        f.quitButton.clicked.connect(self.reject)
        for button, key, slot in (
            (f.createButton, QKeySequence.StandardKey.New, lambda: self.create_requested.emit()),
            (f.openButton, QKeySequence.StandardKey.Open, self.choose_file),
        ):
            shortcut = QShortcut(key, self, activated=slot)
            button.setToolTip(
                self.tr("Kortkommando: {keys}").format(
                    keys=shortcut.key().toString(QKeySequence.SequenceFormat.NativeText)
                )
            )
        self.refresh()
        self.resize(600, 480)

    def refresh(self) -> None:
        f = self.form
        f.recentList.clear()
        for path in recent_files(self._settings):
            f.recentList.addItem(make_item(path))
        has_files = f.recentList.count() > 0
        f.recentList.setVisible(has_files)
        f.emptyLabel.setVisible(not has_files)
        if has_files:
            f.recentList.setCurrentRow(0)
            f.recentList.setFocus()
        else:
            f.createButton.setFocus()
        self._selection_changed()

    def selected_path(self) -> Path | None:
        item = self.form.recentList.currentItem()
        return Path(item.data(PATH_ROLE)) if item is not None else None

    def open_selected(self) -> None:
        item = self.form.recentList.currentItem()
        if item is None:
            return
        path = Path(item.data(PATH_ROLE))
        if item.data(MISSING_ROLE) and not path.is_file():
            show_problem(
                self.form.messageLabel,
                self.tr(
                    "{name} finns inte längre i mappen {folder}. Den kan ha flyttats eller "
                    "tagits bort. Leta upp den med Öppna akt… eller ta bort den ur listan."
                ).format(name=path.name, folder=path.parent),
            )
            return
        self.open_requested.emit(path)

    def remove_selected(self) -> None:
        f = self.form
        row = f.recentList.currentRow()
        path = self.selected_path()
        if path is None:
            return
        forget_file(self._settings, path)
        self.refresh()
        if f.recentList.count():
            f.recentList.setCurrentRow(min(row, f.recentList.count() - 1))

    def choose_file(self) -> None:
        recent = recent_files(self._settings)
        folder = recent[0].parent if recent and recent[0].parent.is_dir() else None
        chosen = choose_case_file(self, folder or config.default_case_dir())
        if chosen is not None:
            self.open_requested.emit(chosen)

    def _selection_changed(self, *_args) -> None:
        f = self.form
        clear_problem(f.messageLabel)
        has_selection = f.recentList.currentItem() is not None
        f.openRecentButton.setEnabled(has_selection)
        f.removeButton.setEnabled(has_selection)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The list would pass Enter on to the dialog, which would also press a button.
        if watched is self.form.recentList and event.type() == QEvent.Type.KeyPress:
            if event.key() in _ENTER_KEYS:
                self.open_selected()
                return True
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.remove_selected()
                return True
        return super().eventFilter(watched, event)
