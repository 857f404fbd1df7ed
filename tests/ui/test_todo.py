"""Att göra on the Översikt page: follow-ups due in the next two weeks and late ones, the late
one marked in words, one keystroke from its plan, and gone once the follow-up is recorded."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest

from elevhalsa_desktop.domain.plans import Decision
from elevhalsa_desktop.services.plans import PlanService
from elevhalsa_desktop.ui.main_window import MainWindow
from elevhalsa_desktop.ui.overview_view import OverviewView
from tests.dates import TODAY
from tests.ui.support_setup import active_plan, hold_next_follow_up, pupil_in, show


@pytest.fixture
def plans(session):
    return PlanService(session)


class Clock:
    """The overview asks for today at every refresh; a test moves it on."""

    def __init__(self, today: dt.date):
        self.today = today

    def __call__(self) -> dt.date:
        return self.today


def rows(overview: OverviewView) -> list[tuple[str, ...]]:
    model = overview.todo_table.proxy
    return [
        tuple(model.index(row, column).data() for column in range(model.columnCount()))
        for row in range(model.rowCount())
    ]


def test_a_due_and_a_late_follow_up_and_recording_takes_one_away(qtbot, session, pupils, plans):
    asa = pupil_in(pupils)
    bo = pupil_in(pupils, "Bo", "Berg", "8A")
    soon = active_plan(plans, asa, "Närvaroplan", "Lars Berg", follow_up_in=5)
    early = active_plan(plans, bo, "Stöd i matematik", "Karin Holm", follow_up_in=2)
    clock = Clock(TODAY + dt.timedelta(days=3))  # three days on: the second one is late
    overview = show(qtbot, OverviewView(session, pupils, plans=plans, today=clock))
    form = overview.form

    assert form.todoGroup.title() == "A&tt göra (2, varav 1 försenad)"
    late_day = (TODAY + dt.timedelta(days=2)).isoformat()
    due_day = (TODAY + dt.timedelta(days=5)).isoformat()
    assert rows(overview) == [
        (f"{late_day} · Försenad", "Bo Berg, 8A", "Stöd i matematik", "Karin Holm"),
        (due_day, "Åsa Öhman, 7B", "Närvaroplan", "Lars Berg"),
    ]
    late_cell = overview.todo_table.proxy.index(0, 0)
    assert late_cell.data(Qt.ItemDataRole.ForegroundRole) == overview.todo_table.model.alert_colour
    assert overview.todo_table.proxy.index(1, 0).data(Qt.ItemDataRole.ForegroundRole) is None
    assert form.todoEmpty.isHidden()

    # The late follow-up is held (and the next one booked beyond two weeks): off the list.
    plans.schedule(early, [TODAY + dt.timedelta(days=40)], "Karin Holm")
    hold_next_follow_up(plans, early, Decision.CONTINUE)
    overview.refresh_todo()
    assert [row[1] for row in rows(overview)] == ["Åsa Öhman, 7B"]
    assert form.todoGroup.title() == "A&tt göra (1)"

    # The last one is held and the plan closed: the list says so calmly.
    hold_next_follow_up(plans, soon, Decision.CLOSE)
    overview.refresh_todo()
    assert rows(overview) == []
    assert form.todoGroup.title() == "A&tt göra"
    assert not form.todoEmpty.isHidden() and form.todoTable.isHidden()
    assert form.todoEmpty.text().startswith("Inga uppföljningar de närmaste två veckorna")


def test_an_active_plan_without_a_follow_up_left_says_so(qtbot, session, pupils, plans):
    plan = active_plan(plans, pupil_in(pupils))
    hold_next_follow_up(plans, plan, Decision.CONTINUE)
    overview = show(qtbot, OverviewView(session, pupils, plans=plans))
    assert rows(overview)[0][0] == "Ingen uppföljning inplanerad"
    assert overview.form.todoGroup.title() == "A&tt göra (1, varav 1 utan uppföljning)"


def test_enter_on_a_row_asks_for_the_plan_with_its_pupil(qtbot, session, pupils, plans):
    asa = pupil_in(pupils)
    plan = active_plan(plans, asa)
    overview = show(qtbot, OverviewView(session, pupils, plans=plans))
    table = overview.form.todoTable
    QTest.keyClick(overview, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)  # A&tt göra
    assert table.hasFocus()
    with qtbot.waitSignal(overview.open_plan_requested) as asked:
        QTest.keyClick(table, Qt.Key.Key_Return)
    assert asked.args == [asa.id, plan.id]


def test_the_window_opens_the_pupils_page_and_the_plan_from_att_gora(
    qtbot, session, pupils, plans, tmp_path
):
    plan_dialog = pytest.importorskip("elevhalsa_desktop.ui.plan_dialog")
    asa = pupil_in(pupils)
    plan = active_plan(plans, asa)
    window = MainWindow(session, QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat))
    show(qtbot, window, 1100, 760)
    assert window.overview.form.todoGroup.title() == "A&tt göra (1)"
    window.overview.todo_table.select(f"{plan.id}/{plans.follow_ups(plan.id)[0].id}")
    window.overview.todo_table.open_requested.emit()
    assert window.current_area() == "pupils"
    page = window.pupils_area.page
    assert page.pupil_id == asa.id and page.form.tabs.currentWidget() is page.support_tab
    dialog = [d for d in page.findChildren(plan_dialog.PlanDialog) if d.isVisible()]
    assert len(dialog) == 1
    dialog[0].reject()
