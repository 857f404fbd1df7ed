"""Återgång: every pupil with an open staged return, filtered and opened with the keyboard."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from elevhalsa_desktop.services.ladder import LadderService
from elevhalsa_desktop.services.ladder_overview import LadderOverviewService
from elevhalsa_desktop.ui.returns_area import ReturnsArea
from tests.dates import TODAY
from tests.ui.driving import type_text
from tests.ui.ladder_setup import record_days, return_plan
from tests.ui.register import mnemonic_clashes, unnamed_controls
from tests.ui.support_setup import show


@pytest.fixture
def ladder(session):
    return LadderService(session)


def column(area: ReturnsArea, number: int) -> list[str]:
    model = area.proxy
    return [model.index(row, number).data() for row in range(model.rowCount())]


def test_the_list_filters_and_enter_opens_the_pupil(qtbot, session, ladder, pupils):
    asa = return_plan(ladder, pupils, weeks_ago=2)
    elias = return_plan(ladder, pupils, weeks_ago=0, name=("Elias", "Berg", "8A"))
    record_days(ladder, elias, [TODAY])
    area = show(qtbot, ReturnsArea(LadderOverviewService(session)))
    assert unnamed_controls(area) == [] and mnemonic_clashes(area) == {}
    assert sorted(column(area, 0)) == ["Elias Berg", "Åsa Öhman"]
    assert set(column(area, 2)) == {"1 av 2: Enskilt med en vuxen"}
    assert area.form.countLabel.text() == "Visar 2 av 2 elever"

    area.form.showCombo.setCurrentIndex(1)  # only those with sessions missing
    assert column(area, 0) == ["Åsa Öhman"]
    area.form.showCombo.setCurrentIndex(0)

    area.focus_first()
    type_text(area.form.searchEdit, "8a")
    assert column(area, 0) == ["Elias Berg"]
    assert column(area, 3) == [TODAY.isoformat()]
    QTest.keyClick(area.form.searchEdit, Qt.Key.Key_Down)
    with qtbot.waitSignal(area.open_pupil_requested, timeout=1000) as opened:
        QTest.keyClick(area.form.tableView, Qt.Key.Key_Return)
    assert opened.args == [elias.pupil_id]
    assert asa.pupil_id != elias.pupil_id
