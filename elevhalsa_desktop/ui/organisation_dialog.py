"""Adding and editing an organisation of the directory: kind, name, unit, phone, e-mail, notes,
and whether it is archived (no longer used, but kept with its history)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QWidget

from ..domain.collaboration import Organisation, OrgKind
from ..services.collaboration import CollaborationService
from .plan_fields import fill_choices
from .record_dialog import RecordDialog, fit_lines


class OrganisationDialog(RecordDialog):
    def __init__(
        self,
        collab: CollaborationService,
        organisation: Organisation,
        parent: QWidget | None = None,
    ):
        super().__init__("organisation_dialog.ui", parent)
        self.setObjectName("organisationDialog")
        self._collab = collab
        self._original = organisation
        form = self.form
        self.setWindowTitle(
            self.tr("Ny organisation") if not organisation.id else self.tr("Redigera organisation")
        )
        fill_choices(form.kindCombo, OrgKind, organisation.kind)
        fit_lines(form.notesEdit, 3)
        self.problems.bind("name", form.nameProblem, form.nameEdit)
        self.problems.bind("email", form.emailProblem, form.emailEdit)
        form.nameEdit.setText(organisation.name)
        form.unitEdit.setText(organisation.unit)
        form.phoneEdit.setText(organisation.phone)
        form.emailEdit.setText(organisation.email)
        form.notesEdit.setPlainText(organisation.notes)
        form.archivedCheck.setChecked(organisation.archived)
        self.track_changes(
            form.kindCombo,
            form.nameEdit,
            form.unitEdit,
            form.phoneEdit,
            form.emailEdit,
            form.notesEdit,
            form.archivedCheck,
        )
        self.fit_to_contents(min_characters=60)
        form.nameEdit.setFocus()

    def record_from_form(self) -> Organisation:
        form = self.form
        return replace(
            self._original,
            kind=OrgKind(form.kindCombo.currentData()),
            name=form.nameEdit.text().strip(),
            unit=form.unitEdit.text().strip(),
            phone=form.phoneEdit.text().strip(),
            email=form.emailEdit.text().strip(),
            notes=form.notesEdit.toPlainText().strip(),
            archived=form.archivedCheck.isChecked(),
        )

    def store(self, record: Organisation) -> Organisation:
        return self._collab.save_organisation(record)
