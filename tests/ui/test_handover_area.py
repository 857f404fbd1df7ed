"""Överlämning: the year-6 cohort on a real encrypted case file, with each pupil's status, flags
and the count of what remains; filtering; opening a pupil's note from the list and seeing the
list follow the save; and the print, export and import requests."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel

from elevhalsa_desktop.services.handover import HandoverService
from elevhalsa_desktop.ui.handover_area import HandoverArea
from elevhalsa_desktop.ui.handover_note_dialog import HandoverNoteDialog
from tests.dates import TODAY
from tests.ui.driving import click, type_text
from tests.ui.handover_setup import cohort
from tests.ui.register import find_open, mnemonic_clashes, unnamed_controls
from tests.ui.support_setup import show, wait_active

NAME, CLASS, STATUS, RESPONSIBLE, SCHOOL, SUPPORT, RISK, RETURN, PROTECTED = range(9)


@pytest.fixture
def handover(session):
    return HandoverService(session, today=lambda: TODAY)


@pytest.fixture
def school(session, pupils, handover):
    return cohort(session, pupils, handover)


@pytest.fixture
def area(qtbot, handover, school):
    return show(qtbot, HandoverArea(handover, people=lambda: ["Maria Lindqvist"]), 1200, 640)


def column(area: HandoverArea, number: int) -> list[str]:
    model = area.proxy
    return [model.index(row, number).data() for row in range(model.rowCount())]


def cells(area: HandoverArea) -> dict[str, list[str]]:
    model = area.proxy
    return {
        model.index(row, NAME).data(): [
            model.index(row, c).data() for c in range(model.columnCount())
        ]
        for row in range(model.rowCount())
    }


def test_the_cohort_shows_statuses_flags_and_what_remains(area):
    assert unnamed_controls(area) == [] and mnemonic_clashes(area) == {}
    form = area.form
    assert form.yearCombo.currentData() == "6" and area.year == "6"
    assert [form.classCombo.itemText(i) for i in range(form.classCombo.count())] == [
        "Alla klasser",
        "6A",
        "6B",
    ]
    rows = cells(area)
    assert list(rows) == ["Ali Ahmadi", "Bo Berg", "Cia Carlsson", "Dan Dahl"]  # not Noah (åk 5)
    assert rows["Ali Ahmadi"][STATUS] == "Inte påbörjad"
    assert rows["Ali Ahmadi"][SUPPORT] == "Ja"
    assert rows["Bo Berg"][STATUS:SCHOOL] == ["Utkast", "Karin Holm"]
    assert rows["Bo Berg"][RISK] == "Röd"
    assert rows["Cia Carlsson"][STATUS] == "Överlämnad"
    assert rows["Cia Carlsson"][PROTECTED] == "Ja"
    assert rows["Dan Dahl"][STATUS:RISK] == ["Klar att lämna", "Maria Lindqvist", "Ekskolan", ""]
    assert rows["Dan Dahl"][RETURN] == "Ja"
    assert form.countLabel.text() == "2 av 4 återstår"
    # No address of anyone, protected or not, anywhere in the area.
    assert not any("Hemliggatan" in (c or "") for row in rows.values() for c in row)
    assert not any("Hemliggatan" in label.text() for label in area.findChildren(QLabel))


def test_filters_by_class_status_and_text(area):
    form = area.form
    form.classCombo.setCurrentIndex(form.classCombo.findData("6B"))
    assert column(area, NAME) == ["Cia Carlsson", "Dan Dahl"]
    assert form.countLabel.text() == "0 av 2 återstår"
    form.classCombo.setCurrentIndex(0)

    form.statusCombo.setCurrentIndex(form.statusCombo.findText("Återstår"))
    assert column(area, NAME) == ["Ali Ahmadi", "Bo Berg"]
    assert form.countLabel.text() == "2 av 4 återstår · visar 2"
    form.statusCombo.setCurrentIndex(form.statusCombo.findText("Klar att lämna"))
    assert column(area, NAME) == ["Dan Dahl"]
    form.statusCombo.setCurrentIndex(0)

    area.focus_first()
    type_text(form.searchEdit, "karin")
    assert column(area, NAME) == ["Bo Berg"]
    form.searchEdit.clear()
    type_text(form.searchEdit, "ekskolan")
    assert column(area, NAME) == ["Cia Carlsson", "Dan Dahl"]
    form.searchEdit.clear()

    form.yearCombo.setCurrentIndex(form.yearCombo.findData("5"))
    assert column(area, NAME) == ["Noah Lind"]
    assert form.countLabel.text() == "1 av 1 återstår"
    form.yearCombo.setCurrentIndex(form.yearCombo.findData("9"))
    assert form.countLabel.text() == "Inga aktiva elever i årskurs 9."
    assert not form.printButton.isEnabled() and not form.exportButton.isEnabled()


def test_sorting_by_status_puts_what_remains_first(area):
    area.form.tableView.sortByColumn(STATUS, Qt.SortOrder.AscendingOrder)
    assert column(area, STATUS) == ["Inte påbörjad", "Utkast", "Klar att lämna", "Överlämnad"]
    area.form.tableView.sortByColumn(RISK, Qt.SortOrder.AscendingOrder)
    assert column(area, NAME)[0] == "Bo Berg"


def test_enter_opens_a_new_note_and_the_list_follows_the_save(qtbot, area, handover, school):
    form = area.form
    area.focus_first()
    type_text(form.searchEdit, "ali")
    QTest.keyClick(form.searchEdit, Qt.Key.Key_Down)  # to the list, on Ali
    with qtbot.waitSignal(area.note_saved, timeout=3000) as saved:
        QTest.keyClick(form.tableView, Qt.Key.Key_Return)
        dialog = wait_active(qtbot, find_open(area, HandoverNoteDialog, qtbot))
        assert dialog.windowTitle() == "Ny överlämning — Ali Ahmadi, 6A"
        type_text(dialog.form.toSchoolEdit, "Ekskolan")
        QTest.keyClick(dialog.form.toSchoolEdit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert saved.args == [school.ali.id]
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=2000)
    form.searchEdit.clear()
    rows = cells(area)
    assert rows["Ali Ahmadi"][STATUS : PROTECTED - 3] == ["Utkast", "Maria Lindqvist", "Ekskolan"]
    assert form.countLabel.text() == "2 av 4 återstår"
    assert area.table.current().pupil_id == school.ali.id

    # A pupil with a note: Enter opens that note.
    area.table.select(school.bo.id)
    form.tableView.setFocus()
    QTest.keyClick(form.tableView, Qt.Key.Key_Return)
    opened = wait_active(qtbot, find_open(area, HandoverNoteDialog, qtbot))
    assert opened.windowTitle() == "Överlämning — Bo Berg, 6A"
    assert opened.form.responsibleCombo.currentText() == "Karin Holm"
    opened.reject()


def test_print_export_and_import_are_asked_for(qtbot, area, school):
    form = area.form
    with qtbot.waitSignal(area.print_requested, timeout=1000) as printed:
        click(form.printButton)
    assert printed.args == ["6", ""]
    form.classCombo.setCurrentIndex(form.classCombo.findData("6B"))
    form.tableView.setFocus()
    with qtbot.waitSignal(area.print_requested, timeout=1000) as printed:
        QTest.keyClick(form.tableView, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert printed.args == ["6", "6B"]

    # Export: the whole class, or the pupils chosen in the list.
    area.show_export_menu()
    assert area.export_all_action.text() == "Hela klassen (2 elever)…"
    assert area.export_selected_action.text() == "Markerad elev (1)…"  # the current row
    area.export_menu.hide()
    with qtbot.waitSignal(area.export_requested, timeout=1000) as exported:
        area.export_all_action.trigger()
    assert exported.args == ["6", "6B", []]
    form.classCombo.setCurrentIndex(0)
    selection = form.tableView.selectionModel()
    selection.clearSelection()
    area.show_export_menu()
    assert not area.export_selected_action.isEnabled()
    area.export_menu.hide()
    for pupil in (school.bo, school.dan):
        row = area.proxy.mapFromSource(area.table.model.index(area.table.model.row_of(pupil.id), 0))
        selection.select(
            row, QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        )
    area.show_export_menu()
    assert area.export_selected_action.text() == "Markerade elever (2)…"
    area.export_menu.hide()
    with qtbot.waitSignal(area.export_requested, timeout=1000) as exported:
        area.export_selected_action.trigger()
    assert exported.args == ["6", "", [school.bo.id, school.dan.id]]

    with qtbot.waitSignal(area.import_requested, timeout=1000):
        click(form.importButton)
    assert QApplication.activeModalWidget() is None
