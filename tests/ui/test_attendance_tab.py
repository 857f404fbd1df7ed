"""A pupil's Närvaro tab on a real encrypted case file: the weekly chart with its text summary and
the periods of support, the figures of a chosen period, the absence reported in advance, and the
pupil's absence investigations (started, opened and printed from here)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QSettings

from elevhalsa_desktop.domain.ladder import ReturnPlan
from elevhalsa_desktop.importers.records import ReportedAbsence
from elevhalsa_desktop.services.absence_investigations import AbsenceInvestigationService
from elevhalsa_desktop.services.attendance_import import AttendanceImportService
from elevhalsa_desktop.services.early_warning import EarlyWarningService
from elevhalsa_desktop.services.ladder import LadderService
from elevhalsa_desktop.services.plans import PlanService
from elevhalsa_desktop.ui.absence_investigation_dialog import AbsenceInvestigationDialog
from elevhalsa_desktop.ui.attendance_chart import PLAN, RETURN
from elevhalsa_desktop.ui.attendance_tab import AttendanceTab
from elevhalsa_desktop.ui.main_window import MainWindow
from elevhalsa_desktop.ui.pupils_area import PupilsArea
from tests.dates import TODAY
from tests.services.attendance_setup import result
from tests.ui.attendance_school import WEEKS, make_school, ref
from tests.ui.driving import click
from tests.ui.ladder_setup import ONE_TO_ONE
from tests.ui.register import find_open, mnemonic_clashes, unnamed_controls
from tests.ui.support_setup import active_plan, save, show, wait_active


@pytest.fixture
def school(session, pupils):
    return make_school(session, pupils)


def make_tab(qtbot, session, pupil) -> AttendanceTab:
    tab = AttendanceTab(
        EarlyWarningService(session),
        AbsenceInvestigationService(session),
        PlanService(session),
        LadderService(session),
        pupil,
    )
    return show(qtbot, tab, 1100, 900)


def test_the_chart_the_summary_and_the_figures(qtbot, session, pupils, school):
    plans = PlanService(session)
    active_plan(plans, school.elsa)
    three_weeks_ago = TODAY - dt.timedelta(weeks=3)
    LadderService(session).save(
        ReturnPlan(school.elsa.id, 1650, three_weeks_ago.isoformat(), steps=(ONE_TO_ONE,))
    )
    tab = make_tab(qtbot, session, pupils.open(school.elsa.id))
    form = tab.form
    chart = tab.chart
    # From the Monday eight weeks back to this week.
    assert len(chart.weeks()) == WEEKS + 1
    first = chart.weeks()[0].monday
    summary = chart.summary()
    assert summary.startswith(
        f"{WEEKS + 1} veckor från vecka {first.isocalendar().week} {first.isocalendar().year}."
    )
    assert "Senaste veckan med skola" in summary
    assert "Plan (Närvaroplan) sedan " + TODAY.isoformat() in summary
    assert f"Stegvis återgång sedan {three_weeks_ago.isoformat()}" in summary
    assert form.chartSummary.text() == summary
    assert chart.accessibleName() == "Frånvaro per vecka"
    assert chart.accessibleDescription() == summary
    assert [(p.kind, p.start, p.end) for p in chart.periods()] == [
        (PLAN, TODAY, None),
        (RETURN, three_weeks_ago, None),
    ]
    assert "ingen skola" not in chart.week_text(0)

    assert form.offeredValue.text() == "100 timmar"
    assert form.totalValue.text() == "30 %"
    assert form.excusedValue.text() == "30 %"
    assert form.unexcusedValue.text() == "0 %"
    assert form.changeValue.text() == "+30 procentenheter"
    assert form.runValue.text() == "6 skoldagar"
    assert form.levelValue.accessibleName() == "Nivå: Röd"
    assert form.reasonsValue.text().startswith("30 % frånvaro senaste fyra veckorna")

    tab.chooser.choose("14d")
    assert form.totalValue.text() == "60 %"
    assert form.offeredValue.text() == "50 timmar"
    assert unnamed_controls(tab) == [] and mnemonic_clashes(tab) == {}


def test_reported_absence_is_listed(qtbot, session, pupils, school):
    start = dt.datetime.combine(TODAY + dt.timedelta(days=7), dt.time(8, 0))
    absence = ReportedAbsence(
        "franvaro.json",
        1,
        ref(school.bo),
        start,
        start + dt.timedelta(hours=8),
        "Beviljad ledighet",
    )
    service = AttendanceImportService(session)
    records = result([])
    records.absences.append(absence)
    preview = service.preview(records, "json", ["franvaro.json"])
    service.apply(preview, {m.key for m in preview.name_matches})
    tab = make_tab(qtbot, session, pupils.open(school.bo.id))
    model = tab.reported_table.proxy
    row = [model.index(0, column).data() for column in range(3)]
    assert row == [f"{start:%Y-%m-%d %H:%M}", f"{start:%Y-%m-%d} 16:00", "Beviljad ledighet"]
    # Bo's figures: below the share, but a pattern on Monday mornings.
    assert tab.form.patternsValue.text() == (
        "4 måndagar i rad; ströfrånvaro 4 dagar; missat dagens första lektion 4 gånger"
    )
    assert tab.form.levelValue.accessibleName() == "Nivå: Gul"


def test_an_investigation_is_started_listed_opened_and_printed(qtbot, session, pupils, school):
    tab = make_tab(qtbot, session, pupils.open(school.elsa.id))
    form = tab.form
    assert form.investigationsCount.text() == "Ingen frånvaroutredning ännu."
    assert not form.printInvestigationButton.isEnabled()
    click(form.newInvestigationButton)
    dialog = wait_active(qtbot, find_open(tab, AbsenceInvestigationDialog, qtbot))
    assert "6 skoldagar i rad borta" in dialog.form.reasonEdit.toPlainText()
    save(dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=2000)
    assert form.investigationsCount.text() == "1 utredning, 1 pågår"
    model = tab.investigation_table.proxy
    row = [model.index(0, column).data() for column in range(6)]
    assert row[0] == TODAY.isoformat()
    assert row[2:] == ["Maria Lindqvist", "Inte anmäld", "Pågår", "—"]
    saved = tab.investigation_table.current()
    with qtbot.waitSignal(tab.print_requested) as printed:
        click(form.printInvestigationButton)
    assert printed.args == ["absence-investigation", saved.id]

    click(form.openInvestigationButton)
    opened = wait_active(qtbot, find_open(tab, AbsenceInvestigationDialog, qtbot))
    assert opened.investigation == saved
    opened.reject()
    viewed = session.db.execute(
        "SELECT count(*) FROM audit_log WHERE action = 'viewed' AND detail = ?",
        [f"frånvaroutredning {saved.id}"],
    ).fetchone()[0]
    assert viewed == 1


def test_the_tab_on_the_pupils_page_has_no_clashing_keys(qtbot, session, school, tmp_path):
    window = MainWindow(session, QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat))
    show(qtbot, window, 1300, 900)
    window.show_area("pupils")
    window.pupils_area.open_pupil(school.elsa.id)
    page = window.pupils_area.page
    page.show_attendance()
    assert page.form.tabs.currentWidget() is page.attendance_tab
    assert mnemonic_clashes(window) == {} and unnamed_controls(window) == []
    page.attendance_tab.chooser.choose("custom")  # the dates show, with their own keys
    assert mnemonic_clashes(window) == {}


def test_a_print_from_the_tab_reaches_the_elever_area(qtbot, session, pupils, school):
    area = show(qtbot, PupilsArea(pupils))
    area.open_pupil(school.elsa.id)
    with qtbot.waitSignal(area.print_requested) as asked:
        area.page.attendance_tab.print_requested.emit("absence-investigation", "x")
    assert asked.args == ["absence-investigation", "x"]
