"""Someone in the pupil's network: which organisation (and person), in what role, since when,
until when."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QWidget

from ..domain.collaboration import Involvement
from ..services.collaboration import CollaborationService
from .collab_parts import fill_organisations, fill_people, tr
from .date_input import DateInput
from .record_dialog import RecordDialog, today_iso


class InvolvementDialog(RecordDialog):
    def __init__(
        self, collab: CollaborationService, item: Involvement, parent: QWidget | None = None
    ):
        super().__init__("involvement_dialog.ui", parent)
        self.setObjectName("involvementDialog")
        self._collab = collab
        self._original = item
        self._people = collab.contacts()
        form = self.form
        self.setWindowTitle(
            self.tr("Lägg till i nätverket") if not item.id else self.tr("Redigera i nätverket")
        )
        fill_organisations(
            form.organisationCombo,
            collab.organisations(),
            item.organisation_id,
            none_text=tr("Välj organisation"),
        )
        self._refill_people(item.contact_id)
        form.organisationCombo.currentIndexChanged.connect(lambda _i: self._refill_people())
        self._since = DateInput(form.sinceEdit)
        self._until = DateInput(form.untilEdit)
        for key, problem, field in (
            ("organisation_id", form.organisationProblem, form.organisationCombo),
            ("role", form.roleProblem, form.roleEdit),
            ("since", form.sinceProblem, form.sinceEdit),
            ("until", form.untilProblem, form.untilEdit),
        ):
            self.problems.bind(key, problem, field)
        form.roleEdit.setText(item.role)
        form.sinceEdit.setText(item.since or ("" if item.id else today_iso()))
        form.untilEdit.setText(item.until)
        self.track_changes(
            form.organisationCombo, form.personCombo, form.roleEdit, form.sinceEdit, form.untilEdit
        )
        self.fit_to_contents(min_characters=60)
        form.organisationCombo.setFocus()

    def _refill_people(self, current_id: str = "") -> None:
        fill_people(
            self.form.personCombo,
            self._people,
            self.form.organisationCombo.currentData() or "",
            current_id,
        )

    def record_from_form(self) -> Involvement:
        form = self.form
        return replace(
            self._original,
            organisation_id=form.organisationCombo.currentData() or "",
            contact_id=form.personCombo.currentData() or "",
            role=form.roleEdit.text().strip(),
            since=self._since.iso(),
            until=self._until.iso(),
        )

    def store(self, record: Involvement) -> Involvement:
        return self._collab.save_involvement(record)
