"""The absence investigation (frånvaroutredning, 7 kap. 19 a § skollagen): when the absence was
noticed and what was seen, who investigates, who took part (the pupil, the guardians, the
student-health team), what it found, when the governing body was told, and what it led to.

Save keeps it open; "Avsluta utredningen…" closes it through the service, which refuses to
close one without findings and an outcome, and says so beside those fields.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from ..domain.absence_investigation import LEGAL_BASIS, AbsenceInvestigation, Outcome
from ..services.absence_investigations import AbsenceInvestigationService
from ..services.plans import RecordNotFound
from ..store.errors import CaseFileError
from .date_input import DateInput
from .feedback import set_secondary
from .messages import ask_yes_no, show_error
from .plan_fields import person, set_up_people_combo
from .record_dialog import RecordDialog, fit_lines, start_dialog


def outcome_label(outcome: Outcome) -> str:
    return QCoreApplication.translate("labels", outcome.label)


class AbsenceInvestigationDialog(RecordDialog):
    def __init__(
        self,
        service: AbsenceInvestigationService,
        investigation: AbsenceInvestigation,
        parent: QWidget | None = None,
        pupil_name: str = "",
        people: Sequence[str] = (),
    ):
        super().__init__("absence_investigation_dialog.ui", parent)
        self.setObjectName("absenceInvestigationDialog")
        self._service = service
        self._original = investigation
        form = self.form
        form.scrollArea.setAccessibleName(self.tr("Frånvaroutredningen"))
        title = (
            self.tr("Ny frånvaroutredning")
            if not investigation.id
            else self.tr("Frånvaroutredning")
        )
        self.setWindowTitle(f"{title} — {pupil_name}" if pupil_name else title)
        form.legalNote.setText(self.tr(LEGAL_BASIS))
        set_secondary(form.legalNote)
        set_secondary(form.reportedOnHint)
        for outcome in Outcome:
            form.outcomeCombo.addItem(outcome_label(outcome), outcome.value)
        form.outcomeCombo.setCurrentIndex(form.outcomeCombo.findData(investigation.outcome.value))
        set_up_people_combo(form.responsibleCombo, list(people), investigation.responsible)
        self._noticed_on = DateInput(form.noticedOnEdit)
        self._started_on = DateInput(form.startedOnEdit)
        self._reported_on = DateInput(form.reportedOnEdit)
        fit_lines(form.reasonEdit, 3)
        fit_lines(form.findingsEdit, 7)
        fit_lines(form.outcomeNoteEdit, 3)
        for key, stem, field in (
            ("noticed_on", "noticedOn", form.noticedOnEdit),
            ("started_on", "startedOn", form.startedOnEdit),
            ("reason_noticed", "reason", form.reasonEdit),
            ("responsible", "responsible", form.responsibleCombo),
            ("participants", "participants", form.participantsEdit),
            ("findings", "findings", form.findingsEdit),
            ("reported_on", "reportedOn", form.reportedOnEdit),
            ("outcome", "outcome", form.outcomeCombo),
            ("outcome_note", "outcomeNote", form.outcomeNoteEdit),
        ):
            self.problems.bind(key, getattr(form, f"{stem}Problem"), field)

        form.noticedOnEdit.setText(investigation.noticed_on)
        form.startedOnEdit.setText(investigation.started_on)
        form.reasonEdit.setPlainText(investigation.reason_noticed)
        form.pupilCheck.setChecked(investigation.pupil_took_part)
        form.guardiansCheck.setChecked(investigation.guardians_took_part)
        form.teamCheck.setChecked(investigation.team_took_part)
        form.participantsEdit.setText(investigation.participants)
        form.findingsEdit.setPlainText(investigation.findings)
        form.reportedOnEdit.setText(investigation.reported_on)
        form.outcomeNoteEdit.setPlainText(investigation.outcome_note)
        closed = bool(investigation.id) and not investigation.is_open
        form.statusLabel.setVisible(closed)
        if closed:
            form.statusLabel.setText(
                self.tr("Utredningen avslutades {date}. Den kan fortfarande kompletteras.").format(
                    date=investigation.closed_on
                )
            )
        form.closeButton.setVisible(not closed)
        form.closeButton.clicked.connect(self.close_investigation)
        self.track_changes(
            form.noticedOnEdit,
            form.startedOnEdit,
            form.reasonEdit,
            form.responsibleCombo,
            form.pupilCheck,
            form.guardiansCheck,
            form.teamCheck,
            form.participantsEdit,
            form.findingsEdit,
            form.reportedOnEdit,
            form.outcomeCombo,
            form.outcomeNoteEdit,
        )
        self.fit_to_contents(min_characters=90)
        # A new one starts where the user is asked to say more; an old one at what it found.
        (form.reasonEdit if not investigation.id else form.findingsEdit).setFocus()

    @property
    def investigation(self) -> AbsenceInvestigation:
        """The investigation as it was given to the dialog (the id of one already saved)."""
        return self._original

    def record_from_form(self) -> AbsenceInvestigation:
        form = self.form
        return self._original.with_changes(
            noticed_on=self._noticed_on.iso(),
            started_on=self._started_on.iso(),
            reason_noticed=form.reasonEdit.toPlainText().strip(),
            responsible=person(form.responsibleCombo),
            pupil_took_part=form.pupilCheck.isChecked(),
            guardians_took_part=form.guardiansCheck.isChecked(),
            team_took_part=form.teamCheck.isChecked(),
            participants=form.participantsEdit.text().strip(),
            findings=form.findingsEdit.toPlainText().strip(),
            reported_on=self._reported_on.iso(),
            outcome=Outcome(form.outcomeCombo.currentData()),
            outcome_note=form.outcomeNoteEdit.toPlainText().strip(),
        )

    def store(self, record: AbsenceInvestigation) -> AbsenceInvestigation:
        return self._service.save(record)

    def close_investigation(self) -> None:
        """Close it from today with what the form says; the service says what is missing."""
        if not ask_yes_no(
            self,
            self.tr("Avsluta utredningen"),
            self.tr(
                "Utredningen avslutas i dag med det som står här. Den finns kvar att läsa, "
                "komplettera och skriva ut."
            ),
            self.tr("&Avsluta"),
            self.tr("&Fortsätt redigera"),
        ):
            return
        record = self.record_from_form()
        stored: list[AbsenceInvestigation] = []
        if self.save_with(lambda: stored.append(self._service.close(record))):
            self._changed = False
            self.saved.emit(stored[0])
            self.accept()


def start_investigation(
    service: AbsenceInvestigationService,
    pupil_id: str,
    reason: str,
    parent: QWidget,
    on_saved: Callable[[AbsenceInvestigation], None],
    pupil_name: str = "",
    people: Sequence[str] = (),
) -> AbsenceInvestigationDialog:
    """A new investigation, noticed and started today, with ``reason`` as what was noticed."""
    dialog = AbsenceInvestigationDialog(
        service, service.draft(pupil_id, reason), parent, pupil_name, people
    )
    return start_dialog(dialog, on_saved)


def open_investigation(
    service: AbsenceInvestigationService,
    investigation_id: str,
    parent: QWidget,
    on_saved: Callable[[AbsenceInvestigation], None],
    pupil_name: str = "",
    people: Sequence[str] = (),
) -> AbsenceInvestigationDialog | None:
    """Read the investigation (an audited reading) and show it; one that is gone, or a file
    that cannot be read, is said in a sentence."""
    try:
        item = service.open(investigation_id)
    except (RecordNotFound, CaseFileError) as error:
        show_error(parent, str(error))
        return None
    dialog = AbsenceInvestigationDialog(service, item, parent, pupil_name, people)
    return start_dialog(dialog, on_saved)
