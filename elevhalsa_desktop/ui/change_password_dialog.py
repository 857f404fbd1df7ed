"""Change the password of the open case file (the file is re-keyed in place, atomically)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget

from ..domain.pupil import ValidationError
from ..services.session import CaseSession
from ..store.errors import CaseFileError
from .feedback import busy_cursor, clear_problem, show_problem
from .field_problems import FieldProblems
from .forms import load_form
from .new_password_fields import NewPasswordFields


class ChangePasswordDialog(QDialog):
    def __init__(self, session: CaseSession, parent: QWidget | None = None):
        super().__init__(parent)
        self._session = session
        self.setWindowTitle(self.tr("Byt lösenord"))
        self.form = load_form("change_password_dialog.ui", self)
        f = self.form
        self.problems = FieldProblems(f.generalProblem)
        self.problems.bind("current", f.currentProblem, f.currentEdit)
        self.problems.bind("new", f.newProblem, f.newEdit)
        self.fields = NewPasswordFields(
            f.newEdit,
            f.repeatEdit,
            f.showCheck,
            f.strengthBar,
            f.strengthLabel,
            f.matchLabel,
            also_reveal=(f.currentEdit,),
            parent=self,
        )
        self.ok_button = f.buttonBox.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("&Byt lösenord"))
        self.ok_button.setAccessibleName(self.tr("Byt lösenord"))
        cancel = f.buttonBox.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(self.tr("Avbryt"))
        cancel.setAccessibleName(self.tr("Avbryt"))
        # OK runs the change; the dialog closes only when it has succeeded.
        self.ok_button.clicked.connect(self.change)
        f.buttonBox.rejected.connect(self.reject)
        f.currentEdit.textEdited.connect(lambda: clear_problem(f.currentProblem, f.currentEdit))
        f.currentEdit.textChanged.connect(self._update_ok)
        self.fields.changed.connect(self._new_edited)
        self._update_ok()
        f.currentEdit.setFocus()
        self.resize(560, self.sizeHint().height())

    def _new_edited(self) -> None:
        clear_problem(self.form.newProblem, self.form.newEdit)
        self._update_ok()

    def _update_ok(self) -> None:
        f = self.form
        filled = all(e.text() for e in (f.currentEdit, f.newEdit, f.repeatEdit))
        self.ok_button.setEnabled(filled)

    def change(self) -> None:
        f = self.form
        clear_problem(f.generalProblem)
        try:
            with busy_cursor():
                self._session.change_password(
                    f.currentEdit.text(), self.fields.password(), self.fields.repeated()
                )
        except ValidationError as error:
            self.problems.show(error.problems)
            return
        except CaseFileError as error:
            show_problem(f.generalProblem, str(error))
            return
        for edit in (f.currentEdit, f.newEdit, f.repeatEdit):
            edit.clear()
        self.accept()
