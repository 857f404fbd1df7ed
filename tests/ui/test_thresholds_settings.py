"""The settings' Tidig varning tab: the school's limits and term starts saved in the case file,
problems shown beside their fields on the tab that holds them, and the Närvaro area following
the new limits."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

from elevhalsa_desktop.domain.ews import Thresholds
from elevhalsa_desktop.services.early_warning import EarlyWarningService
from elevhalsa_desktop.ui.main_window import MainWindow
from tests.ui.attendance_school import make_school
from tests.ui.driving import retype
from tests.ui.register import mnemonic_clashes, unnamed_controls
from tests.ui.support_setup import save, show, wait_active


@pytest.fixture
def window(qtbot, session, tmp_path):
    window = MainWindow(session, QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat))
    return show(qtbot, window, 1300, 800)


def names_in_area(window) -> list[str]:
    model = window.attendance_area.proxy
    return [model.index(row, 1).data() for row in range(model.rowCount())]


def test_new_limits_are_saved_and_change_the_view(qtbot, session, pupils, window):
    make_school(session, pupils)
    window.show_area("attendance")
    assert names_in_area(window) == ["Elsa Öberg", "Bo Berg"]

    dialog = wait_active(qtbot, window.open_settings())
    form = dialog.form
    form.settingsTabs.setCurrentWidget(form.warningPage)
    assert form.warningIntro.text().startswith("Skolverket har ingen nationell gräns.")
    assert unnamed_controls(dialog) == [] and mnemonic_clashes(dialog) == {}
    assert form.yellowPercentSpin.value() == 10 and form.yellowPercentSpin.suffix() == " %"
    # Bo's Monday mornings no longer reach any of the pattern limits.
    for spin in (
        form.yellowUnexcusedOccasionsSpin,
        form.scatteredDaysSpin,
        form.weekdayRunSpin,
        form.firstLessonsSpin,
    ):
        spin.setValue(10)
    retype(form.autumnTermEdit, "08-18")
    save(dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=2000)
    ews = EarlyWarningService(session)
    assert ews.thresholds() == Thresholds(
        yellow_unexcused_occasions=10, scattered_days=10, weekday_run=10, first_lessons=10
    )
    assert ews.term_starts() == ("08-18", "01-07")
    assert names_in_area(window) == ["Elsa Öberg"]


def test_problems_show_on_their_tab_and_nothing_is_saved(qtbot, session, window):
    dialog = wait_active(qtbot, window.open_settings())
    form = dialog.form
    form.settingsTabs.setCurrentWidget(form.warningPage)
    form.yellowPercentSpin.setValue(20)
    retype(form.springTermEdit, "13-45")
    form.settingsTabs.setCurrentWidget(form.generalPage)
    save(dialog)
    assert form.settingsTabs.currentWidget() is form.warningPage
    assert dialog.problems.text_for("red_percent") == "Röd nivå ska vara högre än gul nivå."
    assert form.redPercentProblem.isVisible()
    assert dialog.focusWidget() is form.redPercentSpin
    assert dialog.isVisible()
    assert EarlyWarningService(session).thresholds() == Thresholds()

    form.redPercentSpin.setValue(25)
    save(dialog)
    assert dialog.problems.text_for("spring_term_start").startswith(
        "Skriv terminens första dag som MM-DD"
    )
    assert EarlyWarningService(session).term_starts() == ("08-15", "01-07")
    assert EarlyWarningService(session).thresholds() == Thresholds()
    dialog.forget_changes()
    dialog.reject()
