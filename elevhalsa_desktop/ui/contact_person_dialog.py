"""Adding and editing a person of the directory. A person who changes job is not edited in
place: "Har bytt arbete…" archives the old record with its history and starts a new one at the
new organisation (CollaborationService.move_contact), so old contacts still name the right
workplace."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QWidget

from ..domain.collaboration import Contact
from ..domain.pupil import ValidationError
from ..services.collaboration import CollaborationService
from .collab_parts import fill_organisations
from .feedback import set_secondary
from .record_dialog import RecordDialog


class ContactPersonDialog(RecordDialog):
    def __init__(
        self, collab: CollaborationService, person: Contact, parent: QWidget | None = None
    ):
        super().__init__("contact_person_dialog.ui", parent)
        self.setObjectName("contactPersonDialog")
        self._collab = collab
        self._original = person
        form = self.form
        self.setWindowTitle(self.tr("Ny person") if not person.id else self.tr("Redigera person"))
        organisations = collab.organisations()
        fill_organisations(
            form.organisationCombo, organisations, person.organisation_id, archived=True
        )
        active = [o for o in organisations if not o.archived and o.id != person.organisation_id]
        fill_organisations(form.newOrganisationCombo, active)
        set_secondary(form.moveHint)
        self.problems.bind("name", form.nameProblem, form.nameEdit)
        self.problems.bind("email", form.emailProblem, form.emailEdit)
        form.nameEdit.setText(person.name)
        form.titleEdit.setText(person.title)
        form.phoneEdit.setText(person.phone)
        form.emailEdit.setText(person.email)
        form.archivedCheck.setChecked(person.archived)
        # Only a saved person who is still there can move; the move row shows once asked for.
        form.moveButton.setVisible(bool(person.id) and not person.archived and bool(active))
        self._moving = False
        self._show_move(False)
        form.moveButton.clicked.connect(lambda: self._show_move(True))
        self.track_changes(
            form.nameEdit,
            form.organisationCombo,
            form.titleEdit,
            form.phoneEdit,
            form.emailEdit,
            form.archivedCheck,
            form.moveButton,
            form.newOrganisationCombo,
        )
        self.fit_to_contents(min_characters=60)
        form.nameEdit.setFocus()

    def _show_move(self, moving: bool) -> None:
        form = self.form
        self._moving = moving
        for widget in (form.newOrganisationLabel, form.newOrganisationCombo, form.moveHint):
            widget.setVisible(moving)
        # The old record keeps its organisation: that is the history the move preserves.
        form.organisationCombo.setEnabled(not moving)
        form.archivedCheck.setEnabled(not moving)
        if moving:
            form.moveButton.hide()
            form.newOrganisationCombo.setFocus()
            self.adjustSize()

    def record_from_form(self) -> Contact:
        form = self.form
        return replace(
            self._original,
            name=form.nameEdit.text().strip(),
            organisation_id=form.organisationCombo.currentData() or "",
            title=form.titleEdit.text().strip(),
            phone=form.phoneEdit.text().strip(),
            email=form.emailEdit.text().strip(),
            archived=form.archivedCheck.isChecked(),
        )

    def store(self, record: Contact) -> Contact:
        if not self._moving:
            return self._collab.save_contact(record)
        target = self.form.newOrganisationCombo.currentData() or ""
        if not target:
            raise ValidationError({"move": self.tr("Välj den nya arbetsplatsen.")})
        return self._collab.move_contact(record, target)
