"""Open absence investigations in Att göra: what they wait for, late after a week, and Enter
opening the investigation on the pupil's Närvaro tab."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest

from elevhalsa_desktop.services.absence_investigations import AbsenceInvestigationService
from elevhalsa_desktop.ui.absence_investigation_dialog import AbsenceInvestigationDialog
from elevhalsa_desktop.ui.main_window import MainWindow
from elevhalsa_desktop.ui.overview_view import OverviewView
from tests.dates import day
from tests.ui.register import find_open
from tests.ui.support_setup import pupil_in, show


def rows(overview: OverviewView) -> list[tuple[str, ...]]:
    model = overview.todo_table.proxy
    return [
        tuple(model.index(row, column).data() for column in range(model.columnCount()))
        for row in range(model.rowCount())
    ]


def started_ten_days_ago(session, pupil):
    service = AbsenceInvestigationService(session)
    return service.save(
        service.draft(pupil.id, "Sex skoldagar i rad borta").with_changes(
            noticed_on=day(-10), started_on=day(-10)
        )
    )


def test_a_lingering_investigation_is_in_att_gora_and_enter_opens_it(
    qtbot, session, pupils, tmp_path
):
    pupil = pupil_in(pupils, "Elsa", "Öberg", "7B")
    saved = started_ten_days_ago(session, pupil)
    overview = show(qtbot, OverviewView(session, pupils))
    assert rows(overview) == [
        (
            f"Inledd {day(-10)} · Försenad",
            "Elsa Öberg, 7B",
            "Frånvaroutredning: Inte anmäld till huvudmannen, 10 dagar efter start; "
            "Eleven och vårdnadshavarna ska delta i utredningen",
            "Maria Lindqvist",
        )
    ]
    assert overview.form.todoGroup.title() == "A&tt göra (1, varav 1 försenad)"
    overview.form.todoTable.setFocus()
    QTest.keyClick(overview.form.todoTable, Qt.Key.Key_Home)
    with qtbot.waitSignal(overview.open_investigation_requested) as asked:
        QTest.keyClick(overview.form.todoTable, Qt.Key.Key_Return)
    assert asked.args == [pupil.id, saved.id]

    window = MainWindow(session, QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat))
    show(qtbot, window, 1300, 900)
    window.overview.todo_table.select(f"absence/{saved.id}")
    window.overview.todo_table.open_requested.emit()
    page = window.pupils_area.page
    assert window.current_area() == "pupils" and page.pupil_id == pupil.id
    assert page.form.tabs.currentWidget() is page.attendance_tab
    dialog = find_open(page, AbsenceInvestigationDialog, qtbot)
    assert dialog.investigation.id == saved.id
    dialog.reject()
