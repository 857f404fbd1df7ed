"""A dialog whose layout is a Designer form with a button box, that never loses an edit.

Escape, Cancel and the window's close button all go through ``reject``: with unsaved changes
the user is asked first, and keeping on editing is the default answer.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QWidget,
)

from ..domain.pupil import ValidationError
from ..store.errors import CaseFileError
from .field_problems import FieldProblems
from .forms import load_form
from .messages import show_error


class FormDialog(QDialog):
    """Subclasses implement ``save()``: return True when saved (the dialog then closes, unless
    ``closes_on_save`` is False: a record the user keeps working on, like a plan)."""

    closes_on_save = True

    def __init__(self, form_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.form = load_form(form_name, self)
        self.problems = FieldProblems(self.form.generalProblem)
        self._changed = False
        buttons: QDialogButtonBox = self.form.buttonBox
        for which, text, name in (
            (QDialogButtonBox.StandardButton.Save, self.tr("&Spara"), self.tr("Spara")),
            (QDialogButtonBox.StandardButton.Cancel, self.tr("Avbryt"), self.tr("Avbryt")),
        ):
            button = buttons.button(which)
            button.setText(text)
            button.setAccessibleName(name)
        buttons.accepted.connect(self._save_and_close)
        buttons.rejected.connect(self.reject)

    def fit_to_contents(self, min_characters: int = 0) -> None:
        """Open large enough to show the whole form without scrolling where the screen allows;
        on a small screen or at a large scale factor the form's scroll area takes over.

        ``min_characters`` gives wrapped hints room for a comfortable line (in the dialog's font,
        so it follows the scale factor)."""
        scroll = getattr(self.form, "scrollArea", None)
        wanted = self.sizeHint()
        if scroll is not None and scroll.widget() is not None:
            extra = self.sizeHint() - scroll.sizeHint()
            wanted = (
                scroll.widget().sizeHint()
                + extra
                + QSize(scroll.verticalScrollBar().sizeHint().width(), 0)
            )
        wanted = wanted.expandedTo(QSize(self.fontMetrics().averageCharWidth() * min_characters, 0))
        available = self.screen().availableGeometry().size() * 0.9
        self.resize(wanted.boundedTo(available))

    def track_changes(self, *widgets: QWidget) -> None:
        for widget in widgets:
            if isinstance(widget, QLineEdit):
                widget.textEdited.connect(self._mark_changed)
            elif isinstance(widget, QPlainTextEdit):
                widget.textChanged.connect(self._mark_changed)
            elif isinstance(widget, QComboBox):
                widget.activated.connect(self._mark_changed)
                if widget.isEditable():  # typed text is a change too, not only a picked item
                    widget.lineEdit().textEdited.connect(self._mark_changed)
            elif isinstance(widget, QAbstractButton):
                widget.clicked.connect(self._mark_changed)

    def has_unsaved_changes(self) -> bool:
        return self._changed

    def forget_changes(self) -> None:
        """Close without the question about unsaved changes (the user chose to leave them)."""
        self._changed = False

    def _mark_changed(self, *_args) -> None:
        self._changed = True

    def save(self) -> bool:
        raise NotImplementedError

    def save_with(self, write: Callable[[], object]) -> bool:
        """Run ``write``: a ValidationError is shown beside the fields, a refused write (disk
        full, read-only) as a sentence; in both cases the input stays as typed."""
        try:
            write()
        except ValidationError as error:
            self.problems.show(error.problems)
            self.validation_failed(error)
            scroll = getattr(self.form, "scrollArea", None)
            if scroll is not None and self.focusWidget() is not None:
                # Focus set from code does not scroll by itself, unlike focus moved with Tab.
                scroll.ensureWidgetVisible(self.focusWidget())
            return False
        except CaseFileError as error:
            show_error(self, str(error))
            return False
        return True

    def validation_failed(self, error: ValidationError) -> None:
        """For subclasses that offer more than the messages (see PupilDialog)."""

    def _save_and_close(self) -> None:
        if self.save():
            self._changed = False
            if self.closes_on_save:
                self.accept()

    def reject(self) -> None:
        if self._changed and not self._confirm_discard():
            return
        super().reject()

    def _confirm_discard(self) -> bool:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Osparade ändringar"),
            self.tr("Du har ändringar som inte är sparade. Vill du kasta dem?"),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        box.setObjectName("discardQuestion")
        discard = box.addButton(
            self.tr("&Kasta ändringarna"), QMessageBox.ButtonRole.DestructiveRole
        )
        keep = box.addButton(self.tr("&Fortsätt redigera"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.exec()
        return box.clickedButton() is discard
