"""The contact log, driven by typing: a SIP meeting with agreed actions that reach Att göra and
leave it when done, a disclosure refused without a legal basis and saved with a valid consent,
an expired consent not offered, an archived organisation and a due date in the past refused."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit, QPushButton

from elevhalsa_desktop.domain.collaboration import (
    AgreedAction,
    Channel,
    ContactEntry,
    ContactKind,
    Organisation,
    OrgKind,
)
from elevhalsa_desktop.services.collaboration import CollaborationService
from elevhalsa_desktop.ui.collaboration_tab import CollaborationTab
from elevhalsa_desktop.ui.contact_entry_dialog import ContactEntryDialog
from elevhalsa_desktop.ui.overview_view import OverviewView
from tests.dates import TODAY, day
from tests.ui.collab_setup import cells, choose, consent
from tests.ui.driving import click, type_text
from tests.ui.register import find_open, mnemonic_clashes, unnamed_controls
from tests.ui.support_setup import save, show, wait_active


@pytest.fixture
def tab(qtbot, collab, pupil, social):
    return show(qtbot, CollaborationTab(collab, pupil), 1200, 900)


def new_entry(qtbot, tab) -> ContactEntryDialog:
    click(tab.form.newEntryButton)
    return wait_active(qtbot, find_open(tab, ContactEntryDialog, qtbot))


def add_action(dialog, what: str, responsible: str, due: str) -> None:
    form = dialog.form
    type_text(form.actionWhatEdit, what)
    type_text(form.actionResponsibleCombo.lineEdit(), responsible)
    type_text(form.actionDueEdit, due)
    click(form.addActionButton)


def todo_texts(overview) -> list[str]:
    return cells(overview.todo_table, 2)


def test_a_sip_meeting_with_two_actions_reaches_att_gora_and_one_done_leaves(
    qtbot,
    session,
    pupils,
    collab,
    pupil,
    social,
    tab,
):
    dialog = new_entry(qtbot, tab)
    form = dialog.form
    assert unnamed_controls(dialog) == [] and mnemonic_clashes(dialog) == {}
    choose(form.kindCombo, "SIP")
    assert form.meetingGroup.isVisible() and form.leadCombo.isVisible()
    choose(form.organisationCombo, "Socialtjänsten")
    type_text(form.summaryEdit, "SIP-möte om närvaron. Socialtjänsten leder arbetet.")
    type_text(form.participantsEdit, "Eva Öhman, Karin Holm, Maria Lindqvist")
    # A SIP needs its lead: the sentence stands beside the field.
    save(dialog)
    assert dialog.problems.text_for("lead_organisation_id").startswith("Ange vilken organisation")
    choose(form.leadCombo, "Socialtjänsten")
    type_text(form.nextMeetingEdit, day(30))
    add_action(dialog, "Boka hembesök", "Karin Holm", day(5))
    add_action(dialog, "Schema med kortare dagar", "Maria Lindqvist", day(10))
    assert cells(dialog.actions_table, 0) == ["Boka hembesök", "Schema med kortare dagar"]
    with qtbot.waitSignal(tab.changed, timeout=2000):
        save(dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())

    assert cells(tab.entry_table, 1) == ["SIP-möte"]
    assert cells(tab.entry_table, 5) == ["2"]
    overview = show(qtbot, OverviewView(session, pupils, collab=collab))
    assert todo_texts(overview) == ["Åtgärd: Boka hembesök", "Åtgärd: Schema med kortare dagar"]

    # Enter on the entry opens it; the first action is marked done and leaves Att göra.
    tab.activateWindow()
    tab.form.entriesTable.setFocus()
    QTest.keyClick(tab.form.entriesTable, Qt.Key.Key_Down)
    QTest.keyClick(tab.form.entriesTable, Qt.Key.Key_Return)
    dialog = wait_active(qtbot, find_open(tab, ContactEntryDialog, qtbot))
    dialog.form.actionsTable.setFocus()
    QTest.keyClick(dialog.form.actionsTable, Qt.Key.Key_Home)
    assert dialog.actions_table.current()[1].what == "Boka hembesök"
    # A saved action is never removed: it is marked done or struck out with a reason.
    assert dialog.form.removeActionButton.text() == "Stryk åtgärden…"
    with qtbot.waitSignal(tab.changed, timeout=2000):
        click(dialog.form.markDoneButton)
    assert cells(dialog.actions_table, 3)[0].startswith("Klar ")
    overview.refresh_todo()
    assert todo_texts(overview) == ["Åtgärd: Schema med kortare dagar"]
    assert cells(tab.entry_table, 5) == ["1"]


def test_a_disclosure_without_basis_is_refused_and_with_a_valid_consent_is_listed(
    qtbot,
    collab,
    pupil,
    social,
    tab,
):
    collab.save_consent(consent(pupil, social))
    collab.save_consent(
        consent(pupil, social, given_by="Eva Öhman", given_on=day(-400), valid_until=day(-35))
    )
    tab.reload()
    dialog = new_entry(qtbot, tab)
    form = dialog.form
    choose(form.kindCombo, "Utlämnande")
    assert form.disclosureCheck.isChecked() and not form.disclosureCheck.isEnabled()
    choose(form.organisationCombo, "Socialtjänsten")
    type_text(form.summaryEdit, "Närvarouppgifter för hösten skickades till handläggaren.")
    save(dialog)
    assert dialog.problems.text_for("basis").startswith("Uppgifter som lämnas till en annan")
    assert form.basisProblem.isVisible()
    assert dialog.isVisible() and collab.entries(pupil.id) == []

    choose(form.basisCombo, "Samtycke")
    offered = dialog.offered_consents()
    # The expired consent is there to see, but cannot be picked.
    assert [enabled for _text, enabled in offered] == [True, False]
    assert "Gick ut" in offered[1][0]
    choose(form.consentCombo, "Eva och Per")
    with qtbot.waitSignal(tab.changed, timeout=2000):
        save(dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert cells(tab.disclosure_table, 1) == ["Socialtjänsten Karlskoga, Barn och unga"]
    assert cells(tab.disclosure_table, 2)[0].startswith("Samtycke från Eva och Per Öhman")
    assert tab.form.disclosuresCount.text() == "1 utlämnande"


def test_an_archived_organisation_and_a_due_date_in_the_past_are_refused(
    qtbot,
    collab,
    pupil,
    tab,
):
    collab.save_organisation(Organisation(OrgKind.LEISURE, "Fritidsgården Bågen", archived=True))
    dialog = new_entry(qtbot, tab)
    form = dialog.form
    choose(form.kindCombo, "Bra-samtal")
    assert not form.meetingGroup.isVisible()
    choose(form.organisationCombo, "Fritidsgården")
    assert "arkiverad" in form.organisationCombo.currentText()
    type_text(form.summaryEdit, "Ringde fritidsgården.")
    add_action(dialog, "Ringa igen", "Maria Lindqvist", day(-3))
    save(dialog)
    assert dialog.problems.text_for("organisation_id").startswith("Organisationen är arkiverad")
    assert "har redan passerat" in dialog.problems.text_for("actions")
    assert collab.entries(pupil.id) == []


def answer_next_input(text: str, seen: list[str]) -> None:
    """Type ``text`` into the next input dialog that opens (it runs its own event loop, so the
    answer is scheduled before it is shown) and press its OK button."""
    timer = QTimer()
    timer.setInterval(10)

    def answer() -> None:
        ask = QApplication.activeModalWidget()
        if not isinstance(ask, QInputDialog):
            return
        timer.stop()
        _timers.remove(timer)
        seen.append(ask.labelText())
        line = ask.findChild(QLineEdit)
        seen.append(line.accessibleName())
        type_text(line, text)
        ok = next(b for b in ask.findChildren(QPushButton) if b.text() == "Stryk")
        ok.click()

    timer.timeout.connect(answer)
    _timers.append(timer)
    timer.start()


_timers: list[QTimer] = []


def test_a_wrong_time_is_shown_beside_the_field(qtbot, collab, pupil, tab):
    dialog = new_entry(qtbot, tab)
    form = dialog.form
    type_text(form.timeEdit, "9.30")
    type_text(form.summaryEdit, "Ringde hem.")
    save(dialog)
    assert dialog.problems.text_for("time").startswith("Klockan ska skrivas TT:MM")
    assert form.timeProblem.isVisible() and dialog.focusWidget() is form.timeEdit
    assert collab.entries(pupil.id) == []
    form.timeEdit.selectAll()
    type_text(form.timeEdit, "09:30")
    with qtbot.waitSignal(tab.changed, timeout=2000):
        save(dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert [e.time for e in collab.entries(pupil.id)] == ["09:30"]


def test_a_saved_action_is_changed_and_another_struck_out_with_a_reason(
    qtbot, session, pupils, collab, pupil, social, tab
):
    # Saved three weeks ago, so its due date has passed by now.
    earlier = CollaborationService(session, today=lambda: TODAY - dt.timedelta(days=21))
    meeting = earlier.save_entry(
        ContactEntry(
            pupil.id,
            day(-21),
            ContactKind.COLLABORATION_MEETING,
            Channel.MEETING,
            "Samverkansmöte om närvaron.",
            organisation_id=social.id,
            actions=(
                AgreedAction("Boka hembesök", "Karin Holm", day(-3)),
                AgreedAction("Ringa BUP", "Maria Lindqvist", day(4)),
            ),
        )
    )
    first, second = meeting.actions
    tab.reload()
    tab.activateWindow()
    tab.form.entriesTable.setFocus()
    QTest.keyClick(tab.form.entriesTable, Qt.Key.Key_Down)
    QTest.keyClick(tab.form.entriesTable, Qt.Key.Key_Return)
    dialog = wait_active(qtbot, find_open(tab, ContactEntryDialog, qtbot))
    form = dialog.form
    assert unnamed_controls(dialog) == [] and mnemonic_clashes(dialog) == {}

    # The overdue action gets a new text and responsible; its date stays in the past.
    dialog.actions_table.select("0")
    click(form.editActionButton)
    assert form.actionWhatEdit.text() == "Boka hembesök"
    assert form.addActionButton.text() == "Spara ändr&ingen"
    assert mnemonic_clashes(dialog) == {}
    type_text(form.actionWhatEdit, "Boka hembesök med skolsköterskan")
    form.actionResponsibleCombo.lineEdit().selectAll()
    type_text(form.actionResponsibleCombo.lineEdit(), "Lars Berg")
    click(form.addActionButton)
    assert form.addActionButton.text() == "Lägg t&ill åtgärd"
    assert cells(dialog.actions_table, 0) == ["Boka hembesök med skolsköterskan", "Ringa BUP"]

    # The other one will not happen: it is struck out, with the reason, and stays in the list.
    dialog.actions_table.select("1")
    assert form.removeActionButton.text() == "Stryk åtgärden…"
    seen: list[str] = []
    answer_next_input("Eleven har bytt skola", seen)
    with qtbot.waitSignal(tab.changed, timeout=2000):
        click(form.removeActionButton)
    assert "Ringa BUP" in seen[0] and seen[1] == "Skäl att stryka åtgärden"
    assert cells(dialog.actions_table, 3)[1] == f"Struken {TODAY.isoformat()}"
    assert not form.removeActionButton.isEnabled() and not form.editActionButton.isEnabled()
    with qtbot.waitSignal(tab.changed, timeout=2000):
        save(dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())

    (stored,) = collab.entries(pupil.id)
    assert [(a.id, a.what, a.responsible, a.due_on) for a in stored.actions] == [
        (first.id, "Boka hembesök med skolsköterskan", "Lars Berg", day(-3)),
        (
            second.id,
            f"Ringa BUP [struken {TODAY.isoformat()}: Eleven har bytt skola]",
            "Maria Lindqvist",
            day(4),
        ),
    ]
    overview = show(qtbot, OverviewView(session, pupils, collab=collab))
    assert todo_texts(overview) == ["Åtgärd: Boka hembesök med skolsköterskan"]
