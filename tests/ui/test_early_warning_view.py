"""Närvaro, the early-warning view, on a real encrypted case file with attendance imported through
the real import service: who needs attention and why, the period, and acting on a row."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest

from elevhalsa_desktop.services.absence_investigations import AbsenceInvestigationService
from elevhalsa_desktop.services.early_warning import EarlyWarningService
from elevhalsa_desktop.services.plans import PlanService
from elevhalsa_desktop.ui.absence_investigation_dialog import AbsenceInvestigationDialog
from elevhalsa_desktop.ui.early_warning_area import EarlyWarningArea
from elevhalsa_desktop.ui.main_window import MainWindow
from tests.dates import TODAY
from tests.services.attendance_setup import lessons
from tests.ui.attendance_school import import_attendance, make_school, ref, school_days
from tests.ui.driving import click, retype
from tests.ui.register import find_open, mnemonic_clashes, unnamed_controls
from tests.ui.support_setup import pupil_in, save, show, wait_active

NAME, LEVEL, PERCENT, TREND, REASONS = 1, 0, 3, 8, 9


@pytest.fixture
def school(session, pupils):
    return make_school(session, pupils)


def make_area(qtbot, session) -> EarlyWarningArea:
    area = EarlyWarningArea(
        EarlyWarningService(session), AbsenceInvestigationService(session), PlanService(session)
    )
    return show(qtbot, area, 1300, 700)


def column(area: EarlyWarningArea, number: int) -> list[str]:
    model = area.proxy
    return [model.index(row, number).data() for row in range(model.rowCount())]


def test_red_then_yellow_with_their_reasons_and_green_only_when_asked(qtbot, session, school):
    area = make_area(qtbot, session)
    form = area.form
    assert unnamed_controls(area) == [] and mnemonic_clashes(area) == {}
    assert column(area, NAME) == ["Elsa Öberg", "Bo Berg"]
    assert column(area, LEVEL) == ["Röd", "Gul"]
    assert column(area, PERCENT) == ["30 %", "8 %"]
    elsa, bo = column(area, REASONS)
    assert elsa.startswith("30 % frånvaro senaste fyra veckorna, +30 procentenheter")
    assert "6 skoldagar i rad borta" in elsa and "ingen aktiv plan" in elsa
    assert "4 måndagar i rad" in bo and "ströfrånvaro 4 dagar" in bo
    assert column(area, TREND)[0].startswith("Frånvaro per vecka, äldst först:")
    assert len(area.warnings()[0].trend) == 8
    assert form.countLabel.text() == "2 elever behöver uppmärksamhet: 1 röd, 1 gul"
    assert form.emptyLabel.isHidden()

    click(form.includeGreenCheck)
    assert column(area, NAME) == ["Elsa Öberg", "Bo Berg", "Ali Ahmadi"]
    assert column(area, LEVEL)[-1] == "Grön"
    assert form.countLabel.text() == "3 elever senaste fyra veckorna: 1 röd, 1 gul, 1 grön"

    area.focus_first()
    retype(form.searchEdit, "8a")
    assert column(area, NAME) == ["Bo Berg"]
    assert form.countLabel.text().endswith("(sökningen visar 1)")


def test_the_period_changes_the_figures_and_a_bad_period_changes_nothing(qtbot, session, school):
    area = make_area(qtbot, session)
    chooser = area.chooser
    chooser.choose("14d")
    # Six days away of the last ten: 60 %; Bo's two Mondays are below every limit.
    assert column(area, NAME) == ["Elsa Öberg"]
    assert column(area, PERCENT) == ["60 %"]
    shown = area.window
    assert (shown.start, shown.end) == (TODAY - dt.timedelta(days=13), TODAY)

    chooser.choose("custom")  # starts from the period that was shown
    assert chooser.form.fromEdit.isVisible()
    assert chooser.form.fromEdit.text() == shown.start.isoformat()
    shown = area.window
    assert (shown.start, shown.end) == (TODAY - dt.timedelta(days=13), TODAY)
    retype(chooser.form.fromEdit, TODAY.isoformat())
    retype(chooser.form.toEdit, (TODAY - dt.timedelta(days=10)).isoformat())
    QTest.keyClick(chooser.form.toEdit, Qt.Key.Key_Return)
    assert chooser.problem() == "Periodens slut ligger före dess början. Byt plats på datumen."
    assert area.window == shown and column(area, PERCENT) == ["60 %"]

    retype(chooser.form.toEdit, "2026-13-45")
    QTest.keyClick(chooser.form.toEdit, Qt.Key.Key_Return)
    assert chooser.problem().startswith("Skriv periodens datum som ÅÅÅÅ-MM-DD")
    assert area.window == shown

    retype(chooser.form.fromEdit, (TODAY - dt.timedelta(days=27)).isoformat())
    retype(chooser.form.toEdit, TODAY.isoformat())
    QTest.keyClick(chooser.form.toEdit, Qt.Key.Key_Return)
    assert chooser.problem() == ""
    assert column(area, NAME) == ["Elsa Öberg", "Bo Berg"]
    assert column(area, PERCENT) == ["30 %", "8 %"]
    assert mnemonic_clashes(area) == {}


def test_starting_an_investigation_from_a_warning(qtbot, session, school):
    area = make_area(qtbot, session)
    form = area.form
    assert not form.investigationButton.isEnabled()
    area.table.select(school.elsa.id)
    assert form.investigationButton.text() == "Starta f&rånvaroutredning…"
    assert "6 skoldagar i rad borta" in form.detailLabel.text()
    click(form.investigationButton)
    dialog = wait_active(qtbot, find_open(area, AbsenceInvestigationDialog, qtbot))
    reason = dialog.form.reasonEdit.toPlainText()
    assert reason.startswith("30 % frånvaro senaste fyra veckorna")
    window = area.window
    assert reason.endswith(f"(tidig varning för {window.start} – {window.end})")
    assert dialog.form.startedOnEdit.text() == TODAY.isoformat()
    assert dialog.windowTitle() == "Ny frånvaroutredning — Elsa Öberg, 7B"
    save(dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=2000)

    [saved] = AbsenceInvestigationService(session).for_pupil(school.elsa.id)
    assert saved.reason_noticed == reason
    assert area.table.current().pupil_id == school.elsa.id
    assert form.investigationButton.text() == "Öppna f&rånvaroutredning…"
    assert f"frånvaroutredning pågår sedan {TODAY.isoformat()}" in column(area, REASONS)[0]

    click(form.investigationButton)  # now it opens the one that is going on
    again = wait_active(qtbot, find_open(area, AbsenceInvestigationDialog, qtbot))
    assert again.investigation.id == saved.id
    assert again.windowTitle() == "Frånvaroutredning — Elsa Öberg, 7B"
    again.reject()


def test_no_attendance_says_how_to_import_and_refresh_shows_it(qtbot, session, pupils):
    pupil = pupil_in(pupils)
    area = make_area(qtbot, session)
    form = area.form
    assert form.emptyLabel.isVisible()
    assert form.emptyLabel.text().startswith(
        "Ingen närvaro är importerad än. Välj Arkiv → Importera närvaro…"
    )
    assert form.contentsPanel.isHidden()
    days = school_days()
    import_attendance(session, [(pupil, lessons(ref(pupil), days, absent=set(days[-5:])))])
    area.refresh()  # what the window calls after an import
    assert form.emptyLabel.isHidden() and form.contentsPanel.isVisible()
    assert column(area, NAME) == ["Åsa Öhman"]


def test_from_the_window_a_row_opens_the_pupils_tab_or_a_new_plan(qtbot, session, school, tmp_path):
    plan_dialog = pytest.importorskip("elevhalsa_desktop.ui.plan_dialog")
    window = MainWindow(session, QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat))
    show(qtbot, window, 1300, 800)
    window.show_area("attendance")
    area = window.attendance_area
    assert mnemonic_clashes(window) == {} and unnamed_controls(window) == []
    area.table.select(school.bo.id)
    QTest.keyClick(area.form.tableView, Qt.Key.Key_Return)
    page = window.pupils_area.page
    assert window.current_area() == "pupils" and page.pupil_id == school.bo.id
    assert page.form.tabs.currentWidget() is page.attendance_tab

    window.show_area("attendance")
    area.table.select(school.elsa.id)
    click(area.form.planButton)
    page = window.pupils_area.page
    assert page.pupil_id == school.elsa.id
    assert page.form.tabs.currentWidget() is page.support_tab
    dialog = find_open(page, plan_dialog.PlanDialog, qtbot)
    dialog.reject()
