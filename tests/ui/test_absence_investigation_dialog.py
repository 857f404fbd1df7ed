"""The absence investigation dialog on a real encrypted case file: problems beside their fields
and nothing saved, closing refused without findings and an outcome, closing with them, and the
question before unsaved changes are lost."""

from __future__ import annotations

import pytest

from elevhalsa_desktop.domain.absence_investigation import LEGAL_BASIS, Outcome
from elevhalsa_desktop.services.absence_investigations import AbsenceInvestigationService
from elevhalsa_desktop.ui.absence_investigation_dialog import AbsenceInvestigationDialog
from tests.dates import TODAY, day
from tests.ui.driving import click, retype, type_text
from tests.ui.register import answer_next_box, mnemonic_clashes, unnamed_controls
from tests.ui.support_setup import pupil_in, save, show


@pytest.fixture
def service(session):
    return AbsenceInvestigationService(session)


@pytest.fixture
def pupil(pupils):
    return pupil_in(pupils, "Elsa", "Öberg", "7B")


def new_dialog(qtbot, service, pupil) -> AbsenceInvestigationDialog:
    draft = service.draft(pupil.id, "Sex skoldagar i rad borta")
    return show(qtbot, AbsenceInvestigationDialog(service, draft, None, "Elsa Öberg, 7B"), 760, 800)


def test_bad_dates_are_shown_beside_their_fields_and_nothing_is_saved(qtbot, service, pupil):
    dialog = new_dialog(qtbot, service, pupil)
    form = dialog.form
    assert unnamed_controls(dialog) == [] and mnemonic_clashes(dialog) == {}
    assert form.legalNote.text() == LEGAL_BASIS
    assert form.reasonEdit.toPlainText() == "Sex skoldagar i rad borta"
    assert form.responsibleCombo.currentText() == "Maria Lindqvist"
    retype(form.noticedOnEdit, day(2))
    retype(form.startedOnEdit, "2026-02-30")
    retype(form.reportedOnEdit, "31/12")
    save(dialog)
    assert dialog.problems.text_for("noticed_on") == (
        "Datumet när frånvaron uppmärksammades ligger i framtiden."
    )
    assert dialog.problems.text_for("started_on") == (
        "Skriv när utredningen inleddes (ÅÅÅÅ-MM-DD)."
    )
    assert dialog.problems.text_for("reported_on") == (
        "Skriv datumet för anmälan till huvudmannen som ÅÅÅÅ-MM-DD."
    )
    assert form.noticedOnProblem.isVisible() and form.reportedOnProblem.isVisible()
    assert dialog.focusWidget() is form.noticedOnEdit
    assert dialog.isVisible()
    assert service.for_pupil(pupil.id) == []

    retype(form.noticedOnEdit, day(-3))
    retype(form.startedOnEdit, day(-2))
    retype(form.reportedOnEdit, day(-1))
    click(form.pupilCheck)
    click(form.guardiansCheck)
    save(dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=2000)
    [saved] = service.for_pupil(pupil.id)
    assert (saved.noticed_on, saved.started_on, saved.reported_on) == (day(-3), day(-2), day(-1))
    assert (saved.pupil_took_part, saved.guardians_took_part, saved.team_took_part) == (
        True,
        True,
        False,
    )
    assert saved.is_open


def test_closing_needs_findings_and_an_outcome(qtbot, service, pupil):
    dialog = new_dialog(qtbot, service, pupil)
    form = dialog.form
    answer_next_box("Avsluta")
    click(form.closeButton)
    assert dialog.problems.text_for("findings") == (
        "Skriv vad utredningen kom fram till innan den avslutas."
    )
    assert dialog.problems.text_for("outcome") == (
        "Välj vad utredningen ledde till innan den avslutas."
    )
    assert dialog.isVisible() and service.for_pupil(pupil.id) == []

    type_text(form.findingsEdit, "Oro inför idrotten på måndagar; eleven vill ha en lugn start.")
    form.outcomeCombo.setCurrentIndex(form.outcomeCombo.findData(Outcome.PLAN.value))
    answer_next_box("Avsluta")
    click(form.closeButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=2000)
    [closed] = service.for_pupil(pupil.id)
    assert closed.closed_on == TODAY.isoformat() and closed.outcome is Outcome.PLAN

    again = show(qtbot, AbsenceInvestigationDialog(service, service.open(closed.id)), 760, 800)
    assert again.form.statusLabel.text().startswith(f"Utredningen avslutades {TODAY}")
    assert not again.form.closeButton.isVisible()
    assert again.windowTitle() == "Frånvaroutredning"


def test_cancel_asks_before_unsaved_changes_are_lost(qtbot, service, pupil):
    dialog = new_dialog(qtbot, service, pupil)
    type_text(dialog.form.participantsEdit, "Mentor")
    answer_next_box("Fortsätt redigera")
    dialog.reject()
    assert dialog.isVisible()
    answer_next_box("Kasta ändringarna")
    dialog.reject()
    assert not dialog.isVisible()
    assert service.for_pupil(pupil.id) == []
