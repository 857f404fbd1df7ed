"""Importing attendance through the dialog, driven as a person would, into a real encrypted case
file: the column step, status words, a remembered mapping, name matches, Avbryt, the report."""

from __future__ import annotations

import re
import threading

import pytest

from elevhalsa_desktop.importers.mapping import Field
from elevhalsa_desktop.importers.records import no_progress
from elevhalsa_desktop.services.attendance_import import AttendanceImportService
from elevhalsa_desktop.services.early_warning import EarlyWarningService
from elevhalsa_desktop.store.errors import write_problem
from elevhalsa_desktop.ui.import_dialog import Step
from elevhalsa_desktop.ui.import_preview_page import KEY_ROLE
from elevhalsa_desktop.ui.import_sources import ImportKind
from tests.ui.driving import click
from tests.ui.register import answer_next_box, mnemonic_clashes, unnamed_controls
from tests.ui.test_import_samples import (
    add_elsa,
    choose,
    import_now,
    minutes_csv,
    open_dialog,
    pick,
    status_csv,
    to_columns,
    to_preview,
    wait_for,
)

ATTENDANCE = ImportKind.ATTENDANCE


def named_with_distinct_keys(dialog) -> None:
    """Every control of the step showing has an accessible name, and no Alt key is taken twice."""
    assert not mnemonic_clashes(dialog), dialog.step
    assert not unnamed_controls(dialog), dialog.step


@pytest.fixture
def elsa(pupils):
    return add_elsa(pupils)


def test_the_column_step_starts_from_the_guess(qtbot, session, tmp_path):
    dialog = open_dialog(qtbot, session, ATTENDANCE)
    to_columns(qtbot, dialog, minutes_csv(tmp_path))
    page = dialog.columns_page
    assert dialog.files_form.detectedLabel.text() == "CSV (semikolon, Windows-1252)"
    assert page.combo(Field.CIVIC_NO).currentText() == "Personnummer"
    assert page.combo(Field.DATE).currentText() == "Datum"
    assert page.combo(Field.EXCUSED).currentText() == "Giltig frånvaro (min)"
    assert page.form.minutesRadio.isChecked()
    assert "gissade" in page.form.rememberedLabel.text()
    assert dialog.form.nextButton.isEnabled()
    assert page.problem_text() == ""


def test_an_unusable_mapping_says_why_until_a_column_is_chosen(qtbot, session, tmp_path):
    dialog = open_dialog(qtbot, session, ATTENDANCE)
    to_columns(qtbot, dialog, minutes_csv(tmp_path))
    page = dialog.columns_page
    pick(page.combo(Field.DATE), "")
    assert "Välj kolumnen med datum." in page.problem_text()
    assert not dialog.form.nextButton.isEnabled()
    assert page.combo(Field.DATE).accessibleDescription() == "Välj kolumnen med datum."
    pick(page.combo(Field.DATE), "Datum")
    assert page.problem_text() == ""
    assert dialog.form.nextButton.isEnabled()


def test_status_words_are_given_a_meaning(qtbot, session, tmp_path):
    dialog = open_dialog(qtbot, session, ATTENDANCE)
    to_columns(qtbot, dialog, status_csv(tmp_path))
    page = dialog.columns_page
    assert page.form.statusRadio.isChecked()
    assert page.combo(Field.STATUS).currentText() == "Närvaro"
    assert page.status_words() == ["Närvarande", "Frånvarande", "Sjuk"]
    assert page.word_combo("Närvarande").currentData() == "present"  # guessed
    assert "'Frånvarande' och 'Sjuk'" in page.problem_text()
    assert not dialog.form.nextButton.isEnabled()
    pick(page.word_combo("Frånvarande"), "unexcused")
    assert "'Sjuk'" in page.problem_text()
    pick(page.word_combo("Sjuk"), "excused")
    assert dialog.form.nextButton.isEnabled()
    assert page.mapping().status_words == {
        "Närvarande": "present",
        "Frånvarande": "unexcused",
        "Sjuk": "excused",
    }


def test_a_name_match_is_imported_only_when_confirmed_and_the_mapping_is_remembered(
    qtbot, session, elsa, tmp_path
):
    path = status_csv(tmp_path)
    dialog = open_dialog(qtbot, session, ATTENDANCE)
    named_with_distinct_keys(dialog)
    to_columns(qtbot, dialog, path)
    page = dialog.columns_page
    pick(page.word_combo("Frånvarande"), "unexcused")
    pick(page.word_combo("Sjuk"), "excused")
    page.form.nameCombo.setEditText("Skola24 närvaro")
    named_with_distinct_keys(dialog)
    to_preview(qtbot, dialog)
    named_with_distinct_keys(dialog)
    preview = dialog.preview_page
    assert preview.confirm_texts() == ["Öberg, Elsa (7b) i filen → Elsa Öberg, 7B i akten, 6 rader"]
    assert preview.confirmed_keys() == set()  # a name alone is never taken for granted
    import_now(qtbot, dialog)
    named_with_distinct_keys(dialog)
    assert (dialog.report.imported, dialog.report.skipped_count) == (0, 6)
    assert not EarlyWarningService(session).has_attendance()
    dialog.close()

    # The same export again: the columns and words from last time, and now Elsa is confirmed.
    again = open_dialog(qtbot, session, ATTENDANCE)
    to_columns(qtbot, again, path)
    page = again.columns_page
    assert page.form.rememberedLabel.text() == (
        "Kolumnvalen från förra gången används (Skola24 närvaro)."
    )
    assert page.word_combo("Sjuk").currentData() == "excused"
    assert again.form.nextButton.isEnabled()
    to_preview(qtbot, again)
    item = again.preview_page._model.item(0)
    again.preview_page.form.confirmTree.setCurrentIndex(item.index())
    qtbot.keyClick(again.preview_page.form.confirmTree, " ")  # Space ticks it
    assert again.preview_page.confirmed_keys() == {item.data(KEY_ROLE)}
    import_now(qtbot, again)
    assert (again.report.imported, again.report.skipped_count) == (6, 0)
    assert EarlyWarningService(session).has_attendance()


def test_the_import_runs_to_a_report_that_can_be_saved_and_a_second_time_changes_nothing(
    qtbot, session, elsa, tmp_path
):
    path = minutes_csv(tmp_path)
    refreshed = []
    dialog = open_dialog(qtbot, session, ATTENDANCE)
    dialog.imported.connect(lambda report: refreshed.append(report.imported))
    to_columns(qtbot, dialog, path)
    to_preview(qtbot, dialog)
    summary = dialog.preview_page.form.summaryLabel.text()
    assert "7 rader lästa ur narvaro.csv." in summary
    assert "1 elev känns igen på personnummer eller elev-id (6 rader)." in summary
    assert "1 elev finns inte i akten; 1 rad hoppas över." in summary
    assert dialog.preview_page.form.unknownTable.model().rowCount() == 1
    import_now(qtbot, dialog)
    assert dialog.done_form.summaryLabel.text() == (
        "7 rader lästa: 6 nya, 0 uppdaterade, 0 oförändrade, 1 överhoppade."
    )
    assert refreshed == [6]
    [done] = AttendanceImportService(session).imports()
    assert (done["imported"], done["skipped"]) == (6, 1)
    assert EarlyWarningService(session).has_attendance()
    assert_report_saved_without_personal_data(dialog, tmp_path)
    dialog.close()

    again = open_dialog(qtbot, session, ATTENDANCE)
    again.imported.connect(lambda report: refreshed.append(report.imported))
    to_columns(qtbot, again, path)
    to_preview(qtbot, again)
    import_now(qtbot, again)
    assert (again.report.imported, again.report.unchanged) == (0, 6)
    assert again.done_form.detailLabel.text() == "Inget i akten behövde ändras."
    assert refreshed == [6]  # nothing changed, nothing to refresh


def test_avbryt_during_the_import_leaves_the_case_file_as_it_was(
    qtbot, session, elsa, tmp_path, monkeypatch
):
    reached, go_on = threading.Event(), threading.Event()
    apply = AttendanceImportService.apply

    def held_apply(self, preview, confirmed=frozenset(), progress=no_progress):
        def held(done, total):
            reached.set()  # rows are written in the transaction by now
            go_on.wait(5)
            progress(done, total)

        return apply(self, preview, confirmed, held)

    monkeypatch.setattr(AttendanceImportService, "apply", held_apply)
    dialog = open_dialog(qtbot, session, ATTENDANCE)
    to_columns(qtbot, dialog, minutes_csv(tmp_path))
    to_preview(qtbot, dialog)
    click(dialog.form.importButton)
    assert dialog.step is Step.IMPORTING
    qtbot.waitUntil(reached.is_set, timeout=5000)
    click(dialog.form.cancelButton)
    assert not dialog.form.cancelButton.isEnabled()  # once is enough
    go_on.set()
    wait_for(qtbot, dialog, Step.PREVIEW)
    assert dialog.preview_page.form.noticeLabel.text() == "Importen avbröts. Inget har sparats."
    assert dialog.isVisible()
    assert AttendanceImportService(session).imports() == []
    assert not EarlyWarningService(session).has_attendance()


def test_a_refused_write_is_told_in_words_and_nothing_is_saved(
    qtbot, session, elsa, tmp_path, monkeypatch
):
    def full_disk(self, preview, confirmed=frozenset(), progress=no_progress):
        raise write_problem(session.path, OSError(28, "database or disk is full"))

    monkeypatch.setattr(AttendanceImportService, "apply", full_disk)
    dialog = open_dialog(qtbot, session, ATTENDANCE)
    to_columns(qtbot, dialog, minutes_csv(tmp_path))
    to_preview(qtbot, dialog)
    seen: list[str] = []
    answer_next_box("OK", seen)
    click(dialog.form.importButton)
    wait_for(qtbot, dialog, Step.PREVIEW)
    qtbot.waitUntil(lambda: bool(seen), timeout=3000)
    assert seen[0].startswith("Disken där skolan.elevhalsa ligger är full.")
    assert dialog.preview_page.form.noticeLabel.text() == (
        "Importen sparades inte. Inget har ändrats i akten."
    )
    assert AttendanceImportService(session).imports() == []


def test_an_unreadable_file_says_why_and_next_waits(qtbot, session, tmp_path):
    empty = tmp_path / "narvaro.csv"
    empty.write_bytes(b"")
    old_excel = tmp_path / "narvaro.xls"
    old_excel.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    dialog = open_dialog(qtbot, session, ATTENDANCE)
    choose(qtbot, dialog, empty)
    assert dialog.files_problem() == (
        "Filen narvaro.csv är tom. Exportera den på nytt från skolsystemet."
    )
    assert not dialog.form.nextButton.isEnabled()
    choose(qtbot, dialog, old_excel)
    assert "gamla Excel-formatet (.xls)" in dialog.files_problem()
    assert not dialog.form.nextButton.isEnabled()


def assert_report_saved_without_personal_data(dialog, tmp_path) -> None:
    folder = tmp_path / "rapporter"
    folder.mkdir()
    suggested = []

    def choose_target(_parent, suggestion):
        suggested.append(suggestion)
        return folder / suggestion.name

    dialog.choose_report_target = choose_target
    click(dialog.done_form.saveReportButton)
    assert re.fullmatch(r"importrapport-\d{4}-\d{2}-\d{2}\.txt", suggested[0].name)
    [saved] = list(folder.iterdir())
    text = saved.read_text(encoding="utf-8-sig")
    assert "Nya: 6" in text and "narvaro.csv rad 9: Eleven finns inte i akten." in text
    assert "Öberg" not in text and "Åkesson" not in text
    assert saved.name in dialog.done_form.savedLabel.text()
