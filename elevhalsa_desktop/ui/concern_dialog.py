"""A report of concern (orosanmälan) to social services: when, to which social services, by whom,
what it was about, and the feedback when it comes."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QWidget

from ..domain.collaboration import ConcernReport, OrgKind
from ..services.collaboration import CollaborationService
from .collab_parts import fill_organisations, tr
from .date_input import DateInput
from .feedback import set_secondary
from .record_dialog import RecordDialog, fit_lines, today_iso


class ConcernDialog(RecordDialog):
    def __init__(
        self, collab: CollaborationService, item: ConcernReport, parent: QWidget | None = None
    ):
        super().__init__("concern_dialog.ui", parent)
        self.setObjectName("concernDialog")
        self._collab = collab
        self._original = item
        form = self.form
        self.setWindowTitle(self.tr("Ny orosanmälan") if not item.id else self.tr("Orosanmälan"))
        set_secondary(form.feedbackHint)
        fill_organisations(
            form.organisationCombo,
            collab.organisations(),
            item.organisation_id,
            none_text=tr("Välj socialtjänst"),
            kinds=(OrgKind.SOCIAL_SERVICES,),
        )
        if form.organisationCombo.count() == 1:
            form.organisationCombo.setItemText(
                0, tr("Ingen socialtjänst i registret: lägg till den under Samverkan")
            )
        fit_lines(form.summaryEdit, 4)
        fit_lines(form.feedbackEdit, 3)
        self._made_on = DateInput(form.madeOnEdit)
        self._feedback_on = DateInput(form.feedbackOnEdit)
        for key, problem, field in (
            ("made_on", form.madeOnProblem, form.madeOnEdit),
            ("organisation_id", form.organisationProblem, form.organisationCombo),
            ("made_by", form.madeByProblem, form.madeByEdit),
            ("summary", form.summaryProblem, form.summaryEdit),
            ("feedback_on", form.feedbackOnProblem, form.feedbackOnEdit),
        ):
            self.problems.bind(key, problem, field)
        form.madeOnEdit.setText(item.made_on or today_iso())
        form.madeByEdit.setText(item.made_by or ("" if item.id else collab.session.user.name))
        form.summaryEdit.setPlainText(item.summary)
        form.feedbackOnEdit.setText(item.feedback_on)
        form.feedbackEdit.setPlainText(item.feedback_summary)
        self.track_changes(
            form.madeOnEdit,
            form.organisationCombo,
            form.madeByEdit,
            form.summaryEdit,
            form.feedbackOnEdit,
            form.feedbackEdit,
        )
        self.fit_to_contents(min_characters=70)
        # A saved report is opened again mostly to note the feedback.
        (form.feedbackOnEdit if item.id else form.organisationCombo).setFocus()

    def record_from_form(self) -> ConcernReport:
        form = self.form
        return replace(
            self._original,
            made_on=self._made_on.iso(),
            organisation_id=form.organisationCombo.currentData() or "",
            made_by=" ".join(form.madeByEdit.text().split()),
            summary=form.summaryEdit.toPlainText().strip(),
            feedback_on=self._feedback_on.iso(),
            feedback_summary=form.feedbackEdit.toPlainText().strip(),
        )

    def store(self, record: ConcernReport) -> ConcernReport:
        return self._collab.save_concern(record)
