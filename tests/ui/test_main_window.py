"""The main window: navigation, menus, remembered geometry and the settings dialog."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from elevhalsa_desktop.domain.people import Role
from elevhalsa_desktop.domain.pupil import Pupil
from elevhalsa_desktop.ui.handover_area import HandoverArea
from elevhalsa_desktop.ui.main_window import MainWindow
from elevhalsa_desktop.ui.pupil_dialog import PupilDialog
from elevhalsa_desktop.ui.settings_dialog import SettingsDialog
from tests.ui.driving import click, type_text
from tests.ui.register import (
    answer_next_box,
    civic_no,
    find_open,
    mnemonic_clashes,
    unnamed_controls,
)


@pytest.fixture
def settings_file(tmp_path):
    return tmp_path / "window.ini"


@pytest.fixture
def window_for(qtbot, session, settings_file):
    def make() -> MainWindow:
        window = MainWindow(session, QSettings(str(settings_file), QSettings.Format.IniFormat))
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        # Window shortcuts (Ctrl+1 …) only reach the active window.
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
        return window

    return make


def test_the_title_names_the_school_and_the_file(window_for, case_path):
    window = window_for()
    assert window.windowTitle() == f"Testskolan — {case_path.name}"
    assert window.identity_label.text() == "Maria Lindqvist · Elevhälsosamordnare"


@pytest.mark.parametrize(
    ("number", "area"),
    [
        (1, "overview"),
        (2, "pupils"),
        (3, "plans"),
        (4, "ladder"),
        (5, "handover"),
        (6, "collaboration"),
        (7, "attendance"),
    ],
)
def test_ctrl_and_a_number_shows_each_area(window_for, number, area):
    window = window_for()
    if area == "overview":
        window.show_area("attendance")
    QTest.keyClick(window, getattr(Qt.Key, f"Key_{number}"), Qt.KeyboardModifier.ControlModifier)
    assert window.current_area() == area
    assert window.form.navList.currentRow() == number - 1


def test_the_handover_area_shows_the_year_6_cohort(window_for):
    window = window_for()
    window.show_area("handover")
    page = window.form.pageStack.currentWidget()
    assert isinstance(page, HandoverArea) and page.year == "6"
    assert page.form.countLabel.text() == "Inga aktiva elever i årskurs 6."
    assert mnemonic_clashes(window) == {}


def test_arrow_keys_in_the_navigation_change_the_page(window_for):
    window = window_for()
    nav = window.form.navList
    nav.setFocus()
    QTest.keyClick(nav, Qt.Key.Key_Down)
    assert window.current_area() == "pupils"


def test_the_menu_asks_the_app_for_a_new_case_an_open_case_and_a_new_password(qtbot, window_for):
    window = window_for()
    actions = {a.text(): a for a in window.menuBar().actions()[0].menu().actions()}
    for text, signal in (
        ("&Ny akt…", window.new_case_requested),
        ("Ö&ppna akt…", window.open_case_requested),
        ("&Byt lösenord…", window.change_password_requested),
    ):
        with qtbot.waitSignal(signal, timeout=1000):
            actions[text].trigger()


def test_geometry_and_splitter_are_remembered_between_windows(window_for, settings_file):
    first = window_for()
    # Within the 800 × 600 offscreen screen: restoreGeometry keeps a window on its screen.
    first.resize(700, 520)
    first.form.mainSplitter.setSizes([220, 480])
    sizes = first.form.mainSplitter.sizes()
    first.close()

    second = window_for()
    assert (second.width(), second.height()) == (700, 520)
    assert second.form.mainSplitter.sizes() == sizes


def test_closing_the_window_keeps_the_session_and_writes_no_case_data(
    qtbot, window_for, pupils, settings_file
):
    pupils.create(Pupil("Åsa", "Öhman", class_name="7B"))
    window = window_for()
    window.show_area("pupils")
    with qtbot.waitSignal(window.closed, timeout=1000):
        window.close()
    assert [row.family_name for row in pupils.rows()] == ["Öhman"]  # the session is still open
    written = settings_file.read_text(encoding="utf-8")
    for private in ("Öhman", "Åsa", "7B", "Testskolan", "Maria"):
        assert private not in written


def test_overview_counts_follow_the_register(qtbot, window_for, pupils):
    pupils.create(Pupil("Bo", "Berg"))
    window = window_for()
    overview = window.overview.form
    assert overview.activeCount.text() == "1"
    assert overview.activeCaption.text() == "aktiv elev"
    window.show_area("pupils")
    view = window.pupils_area.list_view
    view.reload(select_id=pupils.rows()[0].id)
    answer_next_box("Arkivera")
    click(view.form.archiveButton)
    assert overview.activeCount.text() == "0"
    assert overview.archivedCount.text() == "1"


def test_settings_are_saved_in_the_case_file(qtbot, window_for, session):
    window = window_for()
    QTest.keyClick(window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    dialog = find_open(window, SettingsDialog, qtbot)
    form = dialog.form
    form.schoolNameEdit.clear()
    type_text(form.schoolNameEdit, "Ekbackeskolan")
    form.roleCombo.setCurrentIndex(form.roleCombo.findData(Role.COUNSELLOR.value))
    form.autoLockCombo.setCurrentIndex(form.autoLockCombo.findData(15))
    click(form.buttonBox.button(QDialogButtonBox.StandardButton.Save))
    qtbot.waitUntil(lambda: not dialog.isVisible())
    saved = session.settings()
    assert (saved.school_name, saved.role, saved.auto_lock_minutes) == (
        "Ekbackeskolan",
        Role.COUNSELLOR,
        15,
    )
    assert window.windowTitle().startswith("Ekbackeskolan — ")
    assert window.overview.form.schoolLabel.text() == "Ekbackeskolan"
    assert "Kurator" in window.identity_label.text()


def test_settings_problems_are_shown_beside_the_field(qtbot, window_for, session):
    window = window_for()
    dialog = window.open_settings()
    dialog.form.userNameEdit.clear()
    click(dialog.form.buttonBox.button(QDialogButtonBox.StandardButton.Save))
    assert "Skriv ditt namn" in dialog.problems.text_for("user_name")
    assert dialog.isVisible()
    assert session.settings().user_name == "Maria Lindqvist"


def test_every_control_has_an_accessible_name(qtbot, window_for, pupils, session):
    pupil = pupils.create(Pupil("Bo", "Berg"))
    window = window_for()
    window.pupils_area.open_pupil(pupil.id)  # the list and a pupil's page both exist now
    assert unnamed_controls(window) == []
    for dialog in (window.open_settings(), PupilDialog(pupils, pupil, window)):
        qtbot.addWidget(dialog)
        assert unnamed_controls(dialog) == []


def test_closing_the_window_asks_before_an_unsaved_edit_is_lost(qtbot, window_for, pupils):
    window = window_for()
    window.show_area("pupils")
    window.pupils_area.list_view.new_pupil()
    dialog = find_open(window, PupilDialog, qtbot)
    type_text(dialog.form.givenNameEdit, "Bo")
    answer_next_box("Fortsätt redigera")
    assert not window.close()
    assert dialog.isVisible() and window.isVisible()
    answer_next_box("Kasta ändringarna")
    assert window.close()
    assert pupils.rows() == []


def test_ctrl_2_puts_the_cursor_in_the_search_field(window_for):
    window = window_for()
    QTest.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.focusWidget() is window.pupils_area.list_view.form.searchEdit


def test_no_two_controls_claim_the_same_alt_key(qtbot, window_for, pupils):
    pupil = pupils.create(Pupil("Bo", "Berg", civic_no()))
    window = window_for()
    for area in window.area_keys():
        window.show_area(area)
        assert mnemonic_clashes(window) == {}, area
    window.show_area("pupils")
    window.pupils_area.open_pupil(pupil.id)
    assert mnemonic_clashes(window) == {}
    click(window.pupils_area.page.form.revealButton)  # "Visa" becomes "Dölj"
    assert mnemonic_clashes(window) == {}
    for dialog in (window.open_settings(), PupilDialog(pupils, pupil, window)):
        qtbot.addWidget(dialog)
        dialog.show()
        assert mnemonic_clashes(dialog) == {}
