"""Adding and editing a pupil. Nothing is saved until the service accepts the whole record."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from ..domain.pupil import YEARS, Guardian, Pupil, PupilStatus, ValidationError
from ..services.pupils import DuplicateCivicNo, PupilService
from .form_dialog import FormDialog
from .labels import status_label

GUARDIAN_ROWS = 4
_GUARDIAN_PARTS = ("Name", "Relation", "Phone", "Email")


class PupilDialog(FormDialog):
    """``saved`` holds the pupil as stored once the dialog is accepted."""

    #: The user chose to open the pupil that already has the civic number typed here.
    open_existing_requested = Signal(str)

    def __init__(self, pupils: PupilService, pupil: Pupil | None = None, parent=None):
        super().__init__("pupil_dialog.ui", parent)
        self.setObjectName("pupilDialog")
        self.form.scrollArea.setAccessibleName(self.tr("Elevens uppgifter"))
        self._pupils = pupils
        self._original = pupil
        self._existing_id = ""
        self.saved: Pupil | None = None
        form = self.form
        self.setWindowTitle(
            self.tr("Ny elev")
            if pupil is None
            else self.tr("Redigera {name}").format(name=pupil.full_name)
        )
        form.yearCombo.addItem("—", "")
        for year in YEARS:
            form.yearCombo.addItem(self._year_text(year), year)
        for status in PupilStatus:
            form.statusCombo.addItem(status_label(status), status.value)
        self._guardian_edits: list[tuple[QLineEdit, ...]] = [
            tuple(getattr(form, f"guardian{row}{part}") for part in _GUARDIAN_PARTS)
            for row in range(GUARDIAN_ROWS)
        ]
        self._bind_problems()
        form.openExistingButton.hide()
        form.openExistingButton.clicked.connect(self._open_existing)
        form.protectedCheck.toggled.connect(self._show_protection)
        self._fill(pupil or Pupil(given_name="", family_name=""))
        self.track_changes(
            form.givenNameEdit,
            form.familyNameEdit,
            form.civicNoEdit,
            form.yearCombo,
            form.classNameEdit,
            form.schoolEdit,
            form.mentorEdit,
            form.statusCombo,
            form.protectedCheck,
            form.addressEdit,
            form.notesEdit,
            *(edit for row in self._guardian_edits for edit in row),
        )
        self.fit_to_contents()
        form.givenNameEdit.setFocus()

    def _bind_problems(self) -> None:
        form = self.form
        for key, label, field in (
            ("given_name", form.givenNameProblem, form.givenNameEdit),
            ("family_name", form.familyNameProblem, form.familyNameEdit),
            ("civic_no", form.civicNoProblem, form.civicNoEdit),
            ("year", form.yearProblem, form.yearCombo),
            ("class_name", form.classNameProblem, form.classNameEdit),
            ("school", form.schoolProblem, form.schoolEdit),
            ("mentor", form.mentorProblem, form.mentorEdit),
            ("address", form.addressProblem, form.addressEdit),
            ("notes", form.notesProblem, form.notesEdit),
        ):
            self.problems.bind(key, label, field)
        for row, edits in enumerate(self._guardian_edits):
            self.problems.bind(f"guardian_{row}", getattr(form, f"guardian{row}Problem"), edits[0])

    def _fill(self, pupil: Pupil) -> None:
        form = self.form
        form.givenNameEdit.setText(pupil.given_name)
        form.familyNameEdit.setText(pupil.family_name)
        # Shown in full: whoever edits the record must be able to check the number.
        form.civicNoEdit.setText(pupil.civic_no)
        _select_data(form.yearCombo, pupil.year if pupil.year in YEARS else "")
        form.classNameEdit.setText(pupil.class_name)
        form.schoolEdit.setText(pupil.school)
        form.mentorEdit.setText(pupil.mentor)
        _select_data(form.statusCombo, pupil.status.value)
        form.protectedCheck.setChecked(pupil.protected_identity)
        self._show_protection(pupil.protected_identity)
        form.addressEdit.setText(pupil.address)
        form.notesEdit.setPlainText(pupil.notes)
        for edits, guardian in zip(self._guardian_edits, pupil.guardians, strict=False):
            for edit, value in zip(
                edits,
                (guardian.name, guardian.relation, guardian.phone, guardian.email),
                strict=True,
            ):
                edit.setText(value)

    def _year_text(self, year: str) -> str:
        if year == "F":
            return self.tr("F – förskoleklass")
        if year.startswith("G"):
            return self.tr("{year} – gymnasiet").format(year=year)
        return year

    def _show_protection(self, protected: bool) -> None:
        form = self.form
        form.protectedNote.setVisible(protected)
        form.addressLabel.setVisible(not protected)
        form.addressEdit.setVisible(not protected)
        if protected:
            # The address of a pupil with protected identity must not be kept anywhere.
            form.addressEdit.clear()
            form.addressProblem.hide()

    def pupil_from_form(self) -> Pupil:
        form = self.form
        base = self._original or Pupil(given_name="", family_name="")
        old_guardians = base.guardians
        guardians = [
            Guardian(
                name=name.text(),
                relation=relation.text(),
                phone=phone.text(),
                email=email.text(),
                # A row keeps the id of the guardian it was filled from, so an edit is an update.
                id=old_guardians[row].id if row < len(old_guardians) else "",
            )
            for row, (name, relation, phone, email) in enumerate(self._guardian_edits)
        ]
        return base.with_changes(
            given_name=form.givenNameEdit.text(),
            family_name=form.familyNameEdit.text(),
            civic_no=form.civicNoEdit.text(),
            year=form.yearCombo.currentData(),
            class_name=form.classNameEdit.text(),
            school=form.schoolEdit.text(),
            mentor=form.mentorEdit.text(),
            status=PupilStatus(form.statusCombo.currentData()),
            protected_identity=form.protectedCheck.isChecked(),
            address="" if form.protectedCheck.isChecked() else form.addressEdit.text(),
            notes=form.notesEdit.toPlainText(),
            # Guardians beyond the form's rows (from an import, say) are kept as they are.
            guardians=(*guardians, *old_guardians[GUARDIAN_ROWS:]),
        )

    def save(self) -> bool:
        pupil = self.pupil_from_form()
        self._offer_existing("")
        return self.save_with(lambda: self._store(pupil))

    def _store(self, pupil: Pupil) -> None:
        if self._original is None:
            self.saved = self._pupils.create(pupil)
        else:
            self.saved = self._pupils.update(pupil)

    def validation_failed(self, error: ValidationError) -> None:
        if isinstance(error, DuplicateCivicNo):
            self._offer_existing(error.existing_id)

    def _offer_existing(self, pupil_id: str) -> None:
        self._existing_id = pupil_id
        self.form.openExistingButton.setVisible(bool(pupil_id))

    def _open_existing(self) -> None:
        # The user asked for the other record instead of this one; nothing here is worth keeping
        # (it describes the same pupil), so no question about unsaved changes.
        pupil_id = self._existing_id
        self.forget_changes()
        self.reject()
        self.open_existing_requested.emit(pupil_id)


def start_pupil_dialog(
    pupils: PupilService,
    pupil: Pupil | None,
    parent: QWidget,
    on_saved: Callable[[Pupil], None],
    on_open_existing: Callable[[str], None],
) -> PupilDialog:
    """Show the dialog window-modal and return at once; ``on_saved`` gets the stored pupil.

    ``open()`` rather than ``exec()``: no nested event loop, and a sheet on macOS.
    """
    dialog = PupilDialog(pupils, pupil, parent=parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.accepted.connect(lambda: on_saved(dialog.saved))
    dialog.open_existing_requested.connect(on_open_existing)
    dialog.open()
    return dialog


def _select_data(combo: QComboBox, value: str) -> None:
    index = combo.findData(value)
    combo.setCurrentIndex(max(index, 0))
