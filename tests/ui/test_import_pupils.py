"""Importing the pupil register through the dialog: new pupils are created, a known pupil is
changed only when the change is ticked, and an SS 12000 export needs no column step."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from elevhalsa_desktop.domain.pupil import Pupil
from elevhalsa_desktop.importers.mapping import Field
from elevhalsa_desktop.ui.import_dialog import Step
from elevhalsa_desktop.ui.import_preview_page import KEY_ROLE
from elevhalsa_desktop.ui.import_sources import ImportKind
from tests.ui.driving import click
from tests.ui.register import mnemonic_clashes, unnamed_controls
from tests.ui.test_import_samples import (
    add_elsa,
    choose,
    import_now,
    open_dialog,
    roster_csv,
    ss12000_folder,
    to_columns,
    to_preview,
    wait_for,
)

ROSTER = ImportKind.ROSTER


@pytest.fixture
def elsa(pupils):
    return add_elsa(pupils)


def by_name(pupils) -> dict[str, str]:
    return {f"{r.given_name} {r.family_name}": r.class_name for r in pupils.rows()}


def test_new_pupils_are_created_and_a_known_one_changes_only_when_ticked(
    qtbot, session, pupils, elsa, tmp_path
):
    ali = pupils.create(Pupil("Ali", "Hassan", class_name="8A"))
    path = roster_csv(tmp_path)
    with path.open("a", encoding="cp1252", newline="") as file:
        file.write("\r\n;Ali;Hassan;8A;Per Ås;Amina Hassan;\r\n")
    dialog = open_dialog(qtbot, session, ROSTER)
    to_columns(qtbot, dialog, path)
    page = dialog.columns_page
    assert page.combo(Field.GUARDIAN1_NAME).currentText() == "Vårdnadshavare 1"
    assert page.combo(Field.MENTOR).currentText() == "Mentor"
    assert not mnemonic_clashes(dialog) and not unnamed_controls(dialog)
    to_preview(qtbot, dialog)
    preview = dialog.preview_page
    form = preview.form
    assert form.tabs.tabText(form.tabs.indexOf(form.newTab)) == "&Nya elever (2)"
    assert form.tabs.tabText(form.tabs.indexOf(form.skippedTab)) == "&Hoppas över (1)"
    elsa_item, ali_item = (preview._model.item(row) for row in range(2))
    assert elsa_item.text() == "Elsa Öberg, 8B (känd på personnummer)"
    assert elsa_item.checkState() == Qt.CheckState.Checked  # by number: ticked from the start
    changes = [elsa_item.child(row).text() for row in range(elsa_item.rowCount())]
    assert "Klass: 7B → 8B" in changes
    assert (
        ali_item.text() == "Ali Hassan (8A) i filen → Ali Hassan, 8A i akten (bara namn och klass)"
    )
    assert ali_item.checkState() == Qt.CheckState.Unchecked  # by name: never without asking
    click(form.checkNoneButton)
    assert preview.confirmed_keys() == set()
    import_now(qtbot, dialog)
    assert (dialog.report.imported, dialog.report.updated) == (2, 0)
    assert by_name(pupils) == {
        "Elsa Öberg": "7B",
        "Ahmed Yusuf": "8A",
        "Saga Lind": "8A",
        "Ali Hassan": "8A",
    }
    assert pupils.open(ali.id).mentor == ""
    dialog.close()

    again = open_dialog(qtbot, session, ROSTER)
    to_columns(qtbot, again, path)
    to_preview(qtbot, again)
    preview = again.preview_page
    assert preview.form.tabs.tabText(preview.form.tabs.indexOf(preview.form.newTab)) == (
        "&Nya elever (0)"
    )
    elsa_key = preview._model.item(0).data(KEY_ROLE)
    assert preview.confirmed_keys() == {elsa_key}
    import_now(qtbot, again)
    assert (again.report.imported, again.report.updated) == (0, 1)
    assert pupils.open(elsa.id).class_name == "8B"
    assert pupils.open(elsa.id).mentor == "Karin Ek"
    assert pupils.open(ali.id).mentor == ""  # still not confirmed


def test_an_ss12000_export_goes_straight_to_the_preview(qtbot, session, pupils, tmp_path):
    dialog = open_dialog(qtbot, session, ROSTER)
    folder = ss12000_folder(tmp_path)
    dialog.choose_folder = lambda _parent, _start: folder
    click(dialog.files_form.chooseFolderButton)
    qtbot.waitUntil(lambda: dialog.form.nextButton.isEnabled(), timeout=3000)
    assert dialog.files_form.detectedLabel.text() == "SS 12000 JSON, 2 filer"
    assert "Kolumner" not in dialog.form.stepsLabel.text()
    click(dialog.form.nextButton)
    wait_for(qtbot, dialog, Step.PREVIEW)
    assert not mnemonic_clashes(dialog) and not unnamed_controls(dialog)
    import_now(qtbot, dialog)
    assert by_name(pupils) == {"Ahmed Yusuf": "8A", "Saga Lind": "8A"}
    assert not dialog.form.backButton.isVisible()  # what is imported is imported


def test_reading_as_another_format_says_why_it_fails(qtbot, session, tmp_path):
    dialog = open_dialog(qtbot, session, ROSTER)
    choose(qtbot, dialog, roster_csv(tmp_path))
    combo = dialog.files_form.formatCombo
    assert combo.currentData() == "csv"
    combo.setCurrentIndex(combo.findData("xlsx"))
    combo.activated.emit(combo.currentIndex())
    qtbot.waitUntil(lambda: dialog._opening is None, timeout=3000)
    assert "går inte att läsa som en Excel-arbetsbok" in dialog.files_problem()
    assert not dialog.form.nextButton.isEnabled()
    combo.setCurrentIndex(combo.findData("csv"))
    combo.activated.emit(combo.currentIndex())
    qtbot.waitUntil(lambda: dialog._opening is None, timeout=3000)
    assert dialog.files_problem() == ""
    assert dialog.form.nextButton.isEnabled()
