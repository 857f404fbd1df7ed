"""The handover note dialog on a real encrypted case file: writing a note with the keyboard and
the parts fetched from the case file, problems beside their fields with nothing saved, the
question before unsaved changes are lost, and a received note that can only be read."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QDialogButtonBox, QLineEdit

from elevhalsa_desktop.domain.handover import SECTIONS, HandoverStatus
from elevhalsa_desktop.services.handover import HandoverService
from elevhalsa_desktop.ui.handover_note_dialog import HandoverNoteDialog, camel
from tests.dates import TODAY, day
from tests.ui.driving import click, retype, type_text
from tests.ui.handover_setup import (
    SUPPORT,
    received_note,
    show_dialog,
    with_adjustment,
    year6,
)
from tests.ui.register import answer_next_box, mnemonic_clashes, unnamed_controls
from tests.ui.support_setup import save, wait_active


@pytest.fixture
def service(session):
    return HandoverService(session, today=lambda: TODAY)


@pytest.fixture
def pupil(pupils):
    return year6(pupils, "Elsa", "Öberg")


def new_dialog(qtbot, service, pupil) -> HandoverNoteDialog:
    dialog = HandoverNoteDialog(
        service, service.draft(pupil.id), None, "Elsa Öberg, 6A", ["Maria Lindqvist"]
    )
    return show_dialog(qtbot, dialog)


def edit(dialog: HandoverNoteDialog, field: str):
    return getattr(dialog.form, f"{camel(field)}Edit")


def test_writing_a_note_with_the_keyboard_and_the_case_file(qtbot, session, service, pupil):
    with_adjustment(session, pupil)
    dialog = new_dialog(qtbot, service, pupil)
    form = dialog.form
    assert unnamed_controls(dialog) == [] and mnemonic_clashes(dialog) == {}
    assert dialog.windowTitle() == "Ny överlämning — Elsa Öberg, 6A"
    assert "3 kap. 12 j § skollagen" in form.legalNote.text()
    # Every section is there, empty or not, under the domain's heading.
    for field, heading in SECTIONS:
        assert edit(dialog, field).isVisibleTo(dialog)
        assert getattr(form, f"{camel(field)}Label").text().replace("&", "") == heading
    assert form.fromSchoolEdit.text() == "Testskolan"
    assert (form.fromYearCombo.currentData(), form.toYearCombo.currentData()) == ("6", "7")
    assert dialog.focusWidget() is form.toSchoolEdit

    type_text(form.toSchoolEdit, "Ekskolan")
    type_text(form.strengthsEdit, "Bra på bild och musik")
    click(form.supportWorkedFetchButton)
    assert f"Extra anpassning: {SUPPORT} (Alla)" in form.supportWorkedEdit.toPlainText()
    assert form.supportWorkedNote.isVisible()
    QTest.keyClick(form.supportWorkedEdit, Qt.Key.Key_Return)  # the text stays editable
    type_text(form.supportWorkedEdit, "Fungerar bäst med förvarning.")
    fetched = form.supportWorkedEdit.toPlainText()
    answer_next_box("Behåll min text")
    click(form.supportWorkedFetchButton)
    assert form.supportWorkedEdit.toPlainText() == fetched
    click(form.involvedFetchButton)  # nobody in the network: nothing to fetch, nothing lost
    assert form.involvedEdit.toPlainText() == ""
    assert form.involvedNote.text() == "Akten har inget att hämta här ännu."

    click(form.earlyMentorTalkCheck)
    click(form.namedAdultCheck)
    type_text(form.namedAdultEdit, "Karin Holm, kurator")
    type_text(form.firstWeekEdit, "Sitta nära dörren.")
    type_text(form.meetingOnEdit, day(-5))
    type_text(form.meetingParticipantsEdit, "Mentorerna på båda skolorna")
    type_text(form.meetingAgreedEdit, "Ekskolan bokar ett besök i maj.")
    form.statusCombo.setCurrentIndex(form.statusCombo.findData(HandoverStatus.READY.value))
    dialog.activateWindow()  # back from the question's window
    wait_active(qtbot, dialog)
    QTest.keyClick(form.meetingAgreedEdit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=2000)

    [note] = service.notes(pupil.id)
    assert note.status is HandoverStatus.READY and note.to_school == "Ekskolan"
    assert note.strengths == "Bra på bild och musik"
    assert note.support_worked.endswith("Fungerar bäst med förvarning.")
    assert note.choices == ("early_mentor_talk", "named_adult")
    assert (note.named_adult, note.meeting_on) == ("Karin Holm, kurator", day(-5))
    assert note.responsible == "Maria Lindqvist"

    again = show_dialog(
        qtbot, HandoverNoteDialog(service, service.open(note.id), None, "Elsa"), 900, 800
    )
    assert again.windowTitle() == "Överlämning — Elsa"
    assert again.form.strengthsEdit.toPlainText() == "Bra på bild och musik"
    assert again.form.namedAdultCheck.isChecked() and not again.form.seatingCheck.isChecked()
    assert again.form.statusBadge.text() == "Klar att lämna"
    again.form.statusCombo.setCurrentIndex(0)
    assert again.form.statusBadge.text() == "Utkast"  # the badge says what the field says
    assert not again.has_unsaved_changes()


def test_fetching_over_written_text_asks_and_can_replace_it(qtbot, session, service, pupil):
    with_adjustment(session, pupil)
    dialog = new_dialog(qtbot, service, pupil)
    form = dialog.form
    type_text(form.supportWorkedEdit, "Egen text")
    seen: list[str] = []
    answer_next_box("Ersätt texten", seen)
    click(form.supportWorkedFetchButton)
    assert "Det finns redan text här" in seen[0]
    assert form.supportWorkedEdit.toPlainText().startswith(f"Extra anpassning: {SUPPORT}")
    form.supportWorkedEdit.undo()  # a fetch is one step to undo
    assert form.supportWorkedEdit.toPlainText() == "Egen text"


def test_problems_are_shown_at_their_fields_and_nothing_is_saved(qtbot, service, pupil):
    dialog = new_dialog(qtbot, service, pupil)
    form = dialog.form
    type_text(form.guardianViewEdit, "Vill att hon går med Noor.")
    type_text(form.meetingOnEdit, "31/12")
    form.statusCombo.setCurrentIndex(form.statusCombo.findData(HandoverStatus.READY.value))
    save(dialog)
    assert dialog.problems.text_for("to_school") == "Skriv vilken skola eleven går vidare till."
    assert dialog.problems.text_for("support_worked").startswith("Skriv åtminstone elevens")
    assert dialog.problems.text_for("meeting_on") == "Skriv datumet som ÅÅÅÅ-MM-DD."
    assert form.toSchoolProblem.isVisible() and form.meetingOnProblem.isVisible()
    assert dialog.focusWidget() is form.toSchoolEdit
    assert dialog.isVisible() and service.notes(pupil.id) == []
    # Nothing typed is lost.
    assert form.guardianViewEdit.toPlainText() == "Vill att hon går med Noor."

    type_text(form.toSchoolEdit, "Ekskolan")
    type_text(form.strengthsEdit, "Nyfiken")
    retype(form.meetingOnEdit, day(3))
    save(dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=2000)
    [note] = service.notes(pupil.id)
    assert note.guardian_view == "Vill att hon går med Noor." and note.meeting_on == day(3)


def test_escape_asks_before_unsaved_changes_are_lost(qtbot, service, pupil):
    dialog = new_dialog(qtbot, service, pupil)
    type_text(dialog.form.pupilWordsEdit, "Lite nervös")
    answer_next_box("Fortsätt redigera")
    QTest.keyClick(dialog.form.pupilWordsEdit, Qt.Key.Key_Escape)
    assert dialog.isVisible()
    answer_next_box("Kasta ändringarna")
    click(dialog.form.buttonBox.button(QDialogButtonBox.StandardButton.Cancel))
    assert not dialog.isVisible()
    assert service.notes(pupil.id) == []


def test_tab_reaches_every_field_in_order(qtbot, service, pupil):
    dialog = new_dialog(qtbot, service, pupil)
    form = dialog.form
    form.fromSchoolEdit.setFocus()
    reached = []
    for _ in range(60):
        widget = QApplication.focusWidget()
        if isinstance(widget, QLineEdit) and isinstance(widget.parent(), QComboBox):
            widget = widget.parent()  # an editable combo's own line edit
        reached.append(widget)
        QTest.keyClick(widget, Qt.Key.Key_Tab)
    inputs = [w for w in dialog._inputs() if w.isVisibleTo(dialog)]
    assert all(w in reached for w in inputs)
    # In the order of the form: the transition, the sections, the first week, the meeting.
    first = [reached.index(w) for w in inputs]
    assert first == sorted(first)
    assert not dialog.has_unsaved_changes()  # passing through a field changes nothing


def test_a_received_note_can_only_be_read(qtbot, session, service, pupil):
    received = received_note(
        session, pupil, strengths="Tycker om att rita", first_week_choices="seating"
    )
    dialog = show_dialog(
        qtbot, HandoverNoteDialog(service, service.open(received.id), None, "Elsa Öberg"), 900, 800
    )
    form = dialog.form
    assert dialog.read_only
    assert dialog.windowTitle() == "Mottagen från Björkskolan — Elsa Öberg"
    assert form.receivedBanner.isVisible()
    assert form.receivedBanner.text().startswith(f"Mottagen från Björkskolan den {TODAY}")
    assert form.strengthsEdit.toPlainText() == "Tycker om att rita"
    # The chosen first-week actions as a list to read, not as greyed check boxes.
    assert not form.seatingCheck.isVisible()
    assert form.choicesSummary.text() == "• Genomtänkt placering i klassrummet"
    for widget in dialog._inputs():
        assert widget.property("readOnly") is True or not widget.isEnabled(), widget.objectName()
    assert not form.supportWorkedFetchButton.isVisible()
    assert not form.buttonBox.button(QDialogButtonBox.StandardButton.Save).isVisible()
    QTest.keyClick(form.strengthsEdit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert dialog.isVisible()
    assert unnamed_controls(dialog) == []
    close = form.buttonBox.button(QDialogButtonBox.StandardButton.Cancel)
    assert close.text() == "Stäng"
    click(close)  # nothing to lose: no question
    assert not dialog.isVisible()
    assert [n.id for n in service.notes(pupil.id)] == [received.id]
