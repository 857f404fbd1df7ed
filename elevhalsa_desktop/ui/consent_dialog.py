"""A consent (samtycke): from whom, given by, what may be shared and with whom, written or oral
(and then noted by whom), the date, how long it holds, and withdrawing it.

When the register lists two guardians and only one consented, the dialog says so beside the
choice: joint custody usually needs both, but the law leaves it to judgement, so it is shown,
never refused.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtWidgets import QWidget

from ..domain.collaboration import Consent, ConsentForm, ConsentFrom
from ..services.collaboration import CollaborationService
from .collab_parts import fill_organisations, tr
from .date_input import DateInput
from .feedback import NOTICE_STYLE, show_notice
from .messages import ask_yes_no
from .plan_fields import fill_choices
from .record_dialog import RecordDialog, fit_lines, today_iso


class ConsentDialog(RecordDialog):
    def __init__(
        self,
        collab: CollaborationService,
        consent: Consent,
        parent: QWidget | None = None,
        today: Callable[[], _dt.date] = _dt.date.today,
    ):
        super().__init__("consent_dialog.ui", parent)
        self.setObjectName("consentDialog")
        self._collab = collab
        self._original = consent
        form = self.form
        self.setWindowTitle(self.tr("Nytt samtycke") if not consent.id else self.tr("Samtycke"))
        fill_choices(form.fromCombo, ConsentFrom, consent.from_whom)
        fill_choices(form.formCombo, ConsentForm, consent.form)
        fill_organisations(
            form.organisationCombo,
            collab.organisations(),
            consent.organisation_id,
            none_text=tr("Den eller de som beskrivs ovan"),
        )
        fit_lines(form.scopeEdit, 3)
        self._given_on = DateInput(form.givenOnEdit)
        self._valid_until = DateInput(form.validUntilEdit)
        for key, problem, field in (
            ("given_by", form.givenByProblem, form.givenByEdit),
            ("scope", form.scopeProblem, form.scopeEdit),
            ("noted_by", form.notedByProblem, form.notedByEdit),
            ("given_on", form.givenOnProblem, form.givenOnEdit),
            ("valid_until", form.validUntilProblem, form.validUntilEdit),
        ):
            self.problems.bind(key, problem, field)
        form.givenByEdit.setText(consent.given_by)
        form.scopeEdit.setPlainText(consent.scope)
        form.notedByEdit.setText(consent.noted_by)
        form.givenOnEdit.setText(consent.given_on or today_iso())
        form.validUntilEdit.setText(consent.valid_until)
        form.statusLabel.setText(consent.status(today()) if consent.id else "")
        form.statusLabel.setVisible(bool(consent.id))
        form.withdrawButton.setVisible(bool(consent.id) and not consent.withdrawn_on)
        form.withdrawButton.clicked.connect(self.withdraw)
        form.fromCombo.currentIndexChanged.connect(lambda _i: self._show_notice())
        form.formCombo.currentIndexChanged.connect(lambda _i: self._form_chosen())
        self._form_chosen()
        self._show_notice()
        self.track_changes(
            form.fromCombo,
            form.givenByEdit,
            form.scopeEdit,
            form.organisationCombo,
            form.formCombo,
            form.notedByEdit,
            form.givenOnEdit,
            form.validUntilEdit,
        )
        self.fit_to_contents(min_characters=70)
        form.fromCombo.setFocus()

    def _form_chosen(self) -> None:
        # Only an oral consent is noted by someone; a written one is its own record.
        oral = self.form.formCombo.currentData() == ConsentForm.ORAL.value
        self.form.notedByEdit.setEnabled(oral)
        self.form.notedByLabel.setEnabled(oral)

    def _show_notice(self) -> None:
        notice = self._collab.consent_notice(self.record_from_form())
        show_notice(self.form.noticeLabel, self.tr(notice) if notice else "", NOTICE_STYLE)

    def notice(self) -> str:
        return self.form.noticeLabel.text() if self.form.noticeLabel.isVisible() else ""

    def record_from_form(self) -> Consent:
        form = self.form
        oral = form.formCombo.currentData() == ConsentForm.ORAL.value
        return replace(
            self._original,
            from_whom=ConsentFrom(form.fromCombo.currentData()),
            given_by=" ".join(form.givenByEdit.text().split()),
            scope=form.scopeEdit.toPlainText().strip(),
            organisation_id=form.organisationCombo.currentData() or "",
            form=ConsentForm(form.formCombo.currentData()),
            noted_by=form.notedByEdit.text().strip() if oral else "",
            given_on=self._given_on.iso(),
            valid_until=self._valid_until.iso(),
        )

    def store(self, record: Consent) -> Consent:
        return self._collab.save_consent(record)

    def withdraw(self) -> None:
        """The consent no longer holds from today; it stays in the list, marked as withdrawn."""
        if not ask_yes_no(
            self,
            self.tr("Återkalla samtycket"),
            self.tr(
                "Samtycket slutar gälla i dag. Uppgifter som redan lämnats står kvar i listan "
                "över vem som har fått veta vad."
            ),
            self.tr("&Återkalla"),
            self.tr("&Behåll"),
        ):
            return
        stored = []
        record = self.record_from_form()
        if self.save_with(lambda: stored.append(self._collab.withdraw_consent(record))):
            self._changed = False
            self.saved.emit(stored[0])
            self.accept()
