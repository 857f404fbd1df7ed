"""The exchange file through the dialogs, between two real encrypted case files: Testskolan
exports its year 6 (passphrase twice, refused when short, different or the case file's own), and
Ekskolan previews the file, confirms a doubtful match, reads it in and finds the received note on
the pupil; a wrong passphrase is said at the field, ready for another try."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget

from elevhalsa_desktop.domain.handover import HandoverStatus
from elevhalsa_desktop.domain.people import Role
from elevhalsa_desktop.domain.pupil import Pupil
from elevhalsa_desktop.importers.handover_exchange import SUFFIX
from elevhalsa_desktop.services.handover import HandoverService
from elevhalsa_desktop.services.handover_exchange import HandoverExchangeService
from elevhalsa_desktop.services.pupils import PupilService
from elevhalsa_desktop.services.session import create_case
from elevhalsa_desktop.ui.handover_actions import HandoverActions
from elevhalsa_desktop.ui.handover_area import HandoverArea
from elevhalsa_desktop.ui.handover_export_dialog import HandoverExportDialog
from elevhalsa_desktop.ui.handover_export_dialog import Page as ExportPage
from elevhalsa_desktop.ui.handover_import_dialog import Choice, HandoverImportDialog
from elevhalsa_desktop.ui.handover_import_dialog import Page as ImportPage
from elevhalsa_desktop.ui.handover_print_dialog import HandoverPrintDialog
from elevhalsa_desktop.ui.local_settings import local_settings
from tests.conftest import PASSWORD
from tests.dates import TODAY
from tests.services.test_handover_exchange import ALI_NO, ELSA_NO, PHRASE, RECEIVER_PASSWORD
from tests.ui.driving import click, type_text
from tests.ui.register import mnemonic_clashes, unnamed_controls


@pytest.fixture
def receiver(tmp_path):
    s = create_case(
        tmp_path / "ekskolan.elevhalsa",
        RECEIVER_PASSWORD,
        RECEIVER_PASSWORD,
        school_name="Ekskolan",
        user_name="Karin Holm",
        role=Role.COORDINATOR,
    )
    yield s
    with contextlib.suppress(Exception):
        s.close()


@pytest.fixture
def cohort(session, pupils):
    """Testskolan's year 6: Elsa (ready), Ali (a draft), Noah (ready, no civic number), and Sara
    without a note."""
    handover = HandoverService(session, today=lambda: TODAY)
    made = {
        "elsa": pupils.create(Pupil("Elsa", "Öberg", civic_no=ELSA_NO, year="6", class_name="6A")),
        "ali": pupils.create(Pupil("Ali", "Ahmadi", civic_no=ALI_NO, year="6", class_name="6A")),
        "noah": pupils.create(Pupil("Noah", "Lind", year="6", class_name="6B")),
    }
    pupils.create(Pupil("Sara", "Ek", year="6", class_name="6B"))
    ready = dict(status=HandoverStatus.READY, to_school="Ekskolan")
    handover.save(handover.draft(made["elsa"].id).with_changes(strengths="Bra på bild", **ready))
    handover.save(handover.draft(made["ali"].id).with_changes(pupil_words="Jag vill börja om."))
    handover.save(handover.draft(made["noah"].id).with_changes(strengths="Fotboll", **ready))
    return made


@pytest.fixture
def out(tmp_path) -> Path:
    folder = tmp_path / "ut"
    folder.mkdir()
    return folder


@pytest.fixture
def sent(session, cohort, out) -> Path:
    return (
        HandoverExchangeService(session, today=lambda: TODAY)
        .export(out / "klass6", PHRASE, "6")
        .path
    )


def notes_count(session) -> int:
    return session.db.execute("SELECT count(*) FROM handover_note").fetchone()[0]


# Exporting ------------------------------------------------------------------------------------
def open_export(qtbot, session, **kwargs) -> HandoverExportDialog:
    dialog = HandoverExportDialog(
        session, "6", settings=local_settings(), today=lambda: TODAY, **kwargs
    )
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def try_passphrases(qtbot, dialog: HandoverExportDialog, first: str, again: str) -> None:
    form = dialog.form
    form.passphraseEdit.clear()
    form.repeatEdit.clear()
    type_text(form.passphraseEdit, first)
    type_text(form.repeatEdit, again)
    click(form.exportButton)
    qtbot.waitUntil(lambda: not dialog.is_working(), timeout=10_000)


def test_export_refuses_poor_passphrases_at_the_fields_and_writes_the_file_with_a_good_one(
    qtbot, session, cohort, out
):
    dialog = open_export(qtbot, session)
    form = dialog.form
    intro = form.introLabel.text()
    assert "Filen får överlämningarna för 3 elever i årskurs 6." in intro
    assert "1 elev har ingen överlämning och kommer inte med." in intro
    assert "klara markeras som överlämnade i dag (2 st)" in intro
    assert "1 av överlämningarna är ett utkast" in form.draftNotice.text()
    assert "per telefon" in form.phoneNote.text()
    assert "Minst 10 tecken" in form.ruleLabel.text()
    # The suggested name says what and from whom, never who.
    assert dialog.target().name == f"Överlämning åk 6 Testskolan {TODAY.isoformat()}{SUFFIX}"
    assert not unnamed_controls(dialog) and not mnemonic_clashes(dialog)
    dialog.choose_target = lambda _parent, suggestion: out / "klass6"
    click(form.chooseTargetButton)
    assert dialog.target() == out / f"klass6{SUFFIX}"

    try_passphrases(qtbot, dialog, "kort", "kort")
    assert "minst 10 tecken" in dialog.problems.text_for("passphrase")
    try_passphrases(qtbot, dialog, PHRASE, PHRASE + "!")
    assert form.matchLabel.text() == "Lösenfraserna är inte lika."
    assert "inte lika" in dialog.problems.text_for("repeated")
    assert dialog.problems.text_for("passphrase") == ""
    try_passphrases(qtbot, dialog, PASSWORD, PASSWORD)  # refused by the service, on its thread
    assert "aktens lösenord" in dialog.problems.text_for("passphrase")
    assert dialog.page is ExportPage.SETUP and list(out.iterdir()) == []

    with qtbot.waitSignal(dialog.exported, timeout=10_000) as exported:
        try_passphrases(qtbot, dialog, PHRASE, PHRASE)
    result = exported.args[0]
    assert result.path == out / f"klass6{SUFFIX}" and result.path.exists()
    assert dialog.page is ExportPage.DONE
    text = form.resultLabel.text()
    assert text.startswith(f"3 överlämningar skrevs till klass6{SUFFIX}")
    assert "Obs: 1 av överlämningarna var utkast och skickades som utkast." in text
    assert form.passphraseEdit.text() == "" and form.repeatEdit.text() == ""
    notes = HandoverService(session).packets("6")
    assert [p.note.status for p in notes].count(HandoverStatus.HANDED_OVER) == 2


def test_export_of_pupils_without_notes_cannot_start(qtbot, session, cohort):
    sara = next(p for p in PupilService(session).rows() if p.given_name == "Sara")
    dialog = open_export(qtbot, session, pupil_ids=[sara.id])
    assert "inga överlämningar att exportera bland de valda eleverna" in (
        dialog.form.introLabel.text()
    )
    assert not dialog.form.exportButton.isEnabled()


# Importing ------------------------------------------------------------------------------------
def open_import(qtbot, session) -> HandoverImportDialog:
    dialog = HandoverImportDialog(session, settings=local_settings(), today=lambda: TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def preview_file(qtbot, dialog: HandoverImportDialog, path: Path, passphrase: str) -> None:
    form = dialog.form
    dialog.choose_file = lambda _parent, _start: path
    click(form.chooseFileButton)
    form.passphraseEdit.clear()
    type_text(form.passphraseEdit, passphrase)
    click(form.previewButton)
    qtbot.waitUntil(lambda: not dialog.is_working(), timeout=10_000)


def table_rows(dialog: HandoverImportDialog) -> dict[str, tuple[str, str]]:
    model = dialog.table.model
    return {
        model.data(model.index(r, 0)): (
            model.data(model.index(r, 1)),
            model.data(model.index(r, 2)),
        )
        for r in range(model.rowCount())
    }


def test_preview_then_confirm_a_doubtful_pupil_and_read_the_file_in(qtbot, session, receiver, sent):
    register = PupilService(receiver)
    noah = register.create(Pupil("Noah", "Lind", year="7", class_name="7B"))
    register.create(Pupil("Ali", "Ahmadi", civic_no=ALI_NO, year="7", class_name="7C"))
    dialog = open_import(qtbot, receiver)
    form = dialog.form
    assert not form.previewButton.isEnabled()
    preview_file(qtbot, dialog, sent, PHRASE)
    assert dialog.page is ImportPage.PREVIEW
    assert form.summaryLabel.text().startswith("Överlämning från Testskolan")
    assert "3 elever: 1 ny, 1 känd, 1 osäker, 0 redan inlästa." in form.summaryLabel.text()
    rows = table_rows(dialog)
    elsa = next(k for k in rows if k.startswith("Elsa Öberg"))
    ali = next(k for k in rows if k.startswith("Ali Ahmadi"))
    assert rows[elsa] == ("Ny elev", "Läggs till i årskurs 7")
    assert rows[ali][0] == "Känd elev" and rows[ali][1].startswith("Ali Ahmadi, 7C")
    assert rows["Noah Lind, från 6B"] == ("Osäker → hoppas över", "Kanske Noah Lind, 7B?")
    # One choice per doubtful pupil, skip until she decides.
    (key,) = dialog.choices
    combo = dialog.choices[key]
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "Samma elev som Noah Lind, 7B",
        "En annan elev (skapa ny)",
        "Hoppa över (läs inte in nu)",
    ]
    assert dialog.choice(key) is Choice.SKIP and combo.accessibleName() == "Val för Noah Lind"
    assert not unnamed_controls(dialog) and not mnemonic_clashes(dialog)
    dialog.choose(key, Choice.SAME)
    assert table_rows(dialog)["Noah Lind, från 6B"][0] == "Osäker → samma elev"
    assert notes_count(receiver) == 0  # nothing before Läs in

    with qtbot.waitSignal(dialog.imported, timeout=10_000) as imported:
        click(form.importButton)
    result = imported.args[0]
    assert (result.created, result.matched, result.skipped) == (1, 2, 0)
    assert dialog.page is ImportPage.DONE
    assert form.resultLabel.text().startswith(
        "Överlämningen från Testskolan lästes in: 1 ny elev, 2 kända elever"
    )
    (note,) = HandoverService(receiver).notes(noah.id)
    assert note.status is HandoverStatus.RECEIVED and note.sender_school == "Testskolan"
    assert note.strengths == "Fotboll"
    click(form.closeButton)

    # The same file again: everything is in already, and Läs in says nothing more to do.
    again = open_import(qtbot, receiver)
    preview_file(qtbot, again, sent, PHRASE)
    assert again.preview.fully_imported
    assert "Hela filen lästes in" in again.form.noticeLabel.text()
    assert not again.form.importButton.isEnabled()


def test_a_wrong_passphrase_is_said_at_the_field_ready_for_another_try(
    qtbot, receiver, sent, tmp_path
):
    dialog = open_import(qtbot, receiver)
    form = dialog.form
    preview_file(qtbot, dialog, sent, "fel lösenfras här")
    assert dialog.page is ImportPage.FILE and dialog.preview is None
    assert dialog.passphrase_problem().startswith("Lösenfrasen stämmer inte")
    assert dialog.focusWidget() is form.passphraseEdit
    assert form.passphraseEdit.selectedText() == "fel lösenfras här"
    type_text(form.passphraseEdit, "x")  # typing again clears the message
    assert dialog.passphrase_problem() == ""
    # Not an exchange file at all: said under the file.
    other = tmp_path / f"anteckningar{SUFFIX}"
    other.write_text("Inte en överlämning", encoding="utf-8")
    preview_file(qtbot, dialog, other, PHRASE)
    assert dialog.page is ImportPage.FILE and "anteckningar" in dialog.file_problem()
    assert notes_count(receiver) == 0


# The controller ------------------------------------------------------------------------------
def test_the_area_buttons_open_the_dialogs(qtbot, session, cohort):
    window = QWidget()
    qtbot.addWidget(window)
    area = HandoverArea(HandoverService(session))
    qtbot.addWidget(area)
    actions = HandoverActions(window, session, area, local_settings(), today=lambda: TODAY)
    area.print_requested.emit("6", "6A")
    assert isinstance(actions.dialog, HandoverPrintDialog)
    actions.dialog.close()
    qtbot.waitUntil(lambda: actions.dialog is None, timeout=2000)
    area.export_requested.emit("6", "", [])
    export = actions.dialog
    assert isinstance(export, HandoverExportDialog) and export.count() == 3
    area.import_requested.emit()
    assert actions.dialog is export  # one at a time
    export.close()
    qtbot.waitUntil(lambda: actions.dialog is None, timeout=2000)
    area.import_requested.emit()
    assert isinstance(actions.dialog, HandoverImportDialog)
    actions.dialog.close()
