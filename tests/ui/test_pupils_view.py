"""The Elever area as a user drives it: add a pupil, find it, open it, edit it, archive it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from elevhalsa_desktop.domain.pupil import Pupil, PupilStatus
from elevhalsa_desktop.store.audit import Action
from elevhalsa_desktop.ui.pupil_dialog import PupilDialog
from elevhalsa_desktop.ui.pupils_area import PupilsArea
from tests.ui.driving import click, type_text
from tests.ui.register import answer_next_box, civic_no, find_open


@pytest.fixture
def area(qtbot, pupils):
    made = PupilsArea(pupils)
    qtbot.addWidget(made)
    made.resize(760, 560)
    made.show()
    qtbot.waitExposed(made)
    made.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is made, timeout=2000)
    return made


def views(pupils, pupil_id: str) -> int:
    return sum(
        1
        for entry in pupils.history(pupil_id)
        if entry.action is Action.VIEWED and entry.detail == ""
    )


def save(dialog: PupilDialog) -> None:
    click(dialog.form.buttonBox.button(QDialogButtonBox.StandardButton.Save))


def add_pupil_by_typing(qtbot, area: PupilsArea) -> None:
    click(area.list_view.form.newButton)
    dialog = find_open(area, PupilDialog, qtbot)
    form = dialog.form
    type_text(form.givenNameEdit, "Åsa")
    type_text(form.familyNameEdit, "Öhman")
    type_text(form.civicNoEdit, civic_no("120314", "982"))
    form.yearCombo.setFocus()
    type_text(form.yearCombo, "7")
    type_text(form.classNameEdit, "7B")
    type_text(form.mentorEdit, "Karin Holm")
    type_text(form.guardian0Name, "Eva Öhman")
    type_text(form.guardian0Relation, "Mamma")
    save(dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_add_find_open_edit_and_archive_a_pupil(qtbot, area, pupils):
    view = area.list_view
    add_pupil_by_typing(qtbot, area)
    [row] = pupils.rows()
    assert (row.given_name, row.family_name, row.year, row.class_name) == (
        "Åsa",
        "Öhman",
        "7",
        "7B",
    )
    assert view.form.countLabel.text() == "Visar 1 av 1 elev"

    # Find it by typing part of the civic number, although the list shows it masked.
    pupils.create(Pupil("Bo", "Berg", class_name="8A"))
    view.reload()
    type_text(view.form.searchEdit, "201203")
    assert view.proxy.rowCount() == 1
    assert view.form.countLabel.text() == "Visar 1 av 2 elever"

    # Enter with exactly one match opens the pupil: one "viewed" entry for one opening.
    QTest.keyClick(view.form.searchEdit, Qt.Key.Key_Return)
    page = area.page
    assert page is not None and area.currentWidget() is page
    assert page.form.nameLabel.text() == "Åsa Öhman"
    assert page.form.civicNoValue.text() == "20120314-****"
    assert views(pupils, row.id) == 1

    # Edit it from its page.
    click(page.form.editButton)
    dialog = find_open(page, PupilDialog, qtbot)
    assert dialog.form.civicNoEdit.text() == civic_no("120314", "982")  # in full while editing
    dialog.form.classNameEdit.clear()
    type_text(dialog.form.classNameEdit, "7C")
    save(dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert page.form.classNameValue.text() == "7C"
    assert pupils.open(row.id).class_name == "7C"
    assert views(pupils, row.id) == 2  # the line above was an opening too

    # Back to the list with Escape: the pupil is still selected there.
    page.form.backButton.setFocus()
    QTest.keyClick(page.form.backButton, Qt.Key.Key_Escape)
    assert area.currentWidget() is view
    assert view.selected_id() == row.id

    # Archive it: the confirmation says that nothing is lost, and the list hides it.
    seen: list[str] = []
    answer_next_box("Arkivera", seen)
    click(view.form.archiveButton)
    assert "finns kvar" in seen[0] and "Aktiv" in seen[0]
    assert pupils.open(row.id).status is PupilStatus.ARCHIVED
    view.form.searchEdit.clear()
    assert view.proxy.rowCount() == 1
    assert Action.ARCHIVED in {entry.action for entry in pupils.history(row.id)}


def test_a_declined_archiving_changes_nothing(qtbot, area, pupils):
    pupil = pupils.create(Pupil("Bo", "Berg"))
    area.list_view.reload(select_id=pupil.id)
    answer_next_box("Avbryt")
    click(area.list_view.form.archiveButton)
    assert pupils.open(pupil.id).status is PupilStatus.ACTIVE


def test_enter_and_double_click_in_the_table_open_the_pupil(qtbot, area, pupils):
    first = pupils.create(Pupil("Bo", "Berg"))
    pupils.create(Pupil("Cia", "Berg"))
    view = area.list_view
    view.reload(select_id=first.id)
    QTest.keyClick(view.form.tableView, Qt.Key.Key_Return)
    assert area.page is not None and area.page.pupil_id == first.id
    QTest.keyClick(area.page.form.backButton, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert area.page is None

    index = view.proxy.index(1, 0)
    table = view.form.tableView
    rect = table.visualRect(index)
    # QTest's double click carries no press of its own; a view opens only what was pressed.
    QTest.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    QTest.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert area.page is not None and area.page.pupil_id != first.id
    assert views(pupils, first.id) == 1


def test_several_matches_move_enter_to_the_list_instead(qtbot, area, pupils):
    pupils.create(Pupil("Bo", "Berg"))
    pupils.create(Pupil("Cia", "Berg"))
    view = area.list_view
    view.reload()
    type_text(view.form.searchEdit, "berg")
    QTest.keyClick(view.form.searchEdit, Qt.Key.Key_Return)
    assert area.page is None
    assert view.selected_id() is not None


def test_shortcuts_focus_the_search_and_start_a_new_pupil(qtbot, area):
    view = area.list_view
    view.form.tableView.setFocus()
    QTest.keyClick(view.form.tableView, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert view.focusWidget() is view.form.searchEdit
    QTest.keyClick(view.form.searchEdit, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = find_open(area, PupilDialog, qtbot)
    dialog.reject()


def test_the_pupil_page_reveals_the_civic_number_only_when_asked_and_logs_it(qtbot, area, pupils):
    pupil = pupils.create(Pupil("Bo", "Berg", civic_no("110602", "456")))
    area.open_pupil(pupil.id)
    page = area.page
    assert page.form.civicNoValue.text() == "20110602-****"
    click(page.form.revealButton)
    assert page.form.civicNoValue.text() == civic_no("110602", "456")
    revealed = [e for e in pupils.history(pupil.id) if e.detail == "personnummer visat"]
    assert len(revealed) == 1
    log = page.log_table.model()
    assert log.rowCount() == 3  # created, viewed, revealed
    assert log.index(0, 3).data() == "personnummer visat"
    click(page.form.revealButton)
    assert page.form.civicNoValue.text() == "20110602-****"


def test_the_pupil_page_never_shows_the_address_of_a_protected_pupil(qtbot, area, pupils):
    pupil = pupils.create(Pupil("Lo", "Skydd", protected_identity=True, address="Hemlig 1"))
    area.open_pupil(pupil.id)
    form = area.page.form
    assert form.protectedBanner.isVisible()
    assert not form.addressValue.isVisible()
    assert "Hemlig" not in form.addressValue.text()


def test_the_pupil_page_has_a_tab_for_each_coming_area_and_the_log(qtbot, area, pupils):
    pupil = pupils.create(Pupil("Bo", "Berg"))
    area.open_pupil(pupil.id)
    tabs = area.page.form.tabs
    titles = [tabs.tabText(i).replace("&", "") for i in range(tabs.count())]
    assert titles == ["Planer", "Återgång", "Överlämning", "Samverkan", "Närvaro", "Logg"]


def test_sorting_by_a_column_keeps_the_selected_pupil(qtbot, area, pupils):
    for given, family in (("Cia", "Ahl"), ("Bo", "Öst"), ("Ada", "Berg")):
        pupils.create(Pupil(given, family))
    view = area.list_view
    view.reload(select_id=pupils.rows()[2].id)  # Bo Öst, last by family name
    selected = view.selected_id()
    header = view.form.tableView.horizontalHeader()
    first_name_header = QPoint(header.sectionViewportPosition(1) + 5, 5)
    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=first_name_header)
    givens = [view.proxy.index(r, 1).data() for r in range(view.proxy.rowCount())]
    assert givens == ["Ada", "Bo", "Cia"]
    assert view.selected_id() == selected
