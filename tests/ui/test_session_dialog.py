"""The mentor's log, driven with the keyboard only on a real encrypted case file: a week of
sessions including one where the pupil did not come, the key presses one session takes, and
the sessions the rules refuse (a future date, the same session twice), and a session of
another step with someone else meeting the pupil."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from elevhalsa_desktop.domain.ladder import ReturnPlan, Step, StepStatus
from elevhalsa_desktop.services.ladder import LadderService
from elevhalsa_desktop.services.plans import PlanService
from elevhalsa_desktop.ui.ladder_tab import LadderTab
from elevhalsa_desktop.ui.session_dialog import SessionDialog
from tests.dates import TODAY
from tests.ui.driving import retype, type_text
from tests.ui.ladder_setup import return_plan
from tests.ui.register import find_open, mnemonic_clashes, unnamed_controls
from tests.ui.support_setup import active_plan, pupil_in, show, wait_active

EVERY_DAY = Step(
    "Enskilt med en vuxen",
    200,
    weekdays=(0, 1, 2, 3, 4),
    start_time="09:00",
    end_time="09:40",
    responsible="Lars Berg",
    criterion_sessions=10,
    status=StepStatus.CURRENT,
)
ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def ladder(session):
    return LadderService(session)


class Keyboard:
    """Keys pressed where the focus is, as a person would, counted."""

    def __init__(self, qtbot):
        self.qtbot = qtbot
        self.presses = 0

    def press(self, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
        target = QApplication.focusWidget()
        assert target is not None, "nothing has the focus"
        QTest.keyClick(target, key, modifier)
        self.presses += 1

    def type(self, text: str) -> None:
        for char in text:
            self.press(getattr(Qt.Key, f"Key_{char}"))


@pytest.fixture
def mentor(qtbot, session, ladder, pupils) -> tuple[ReturnPlan, LadderTab, Keyboard]:
    """A step every weekday since a week ago, the pupil's tab with the focus in it, and a
    keyboard."""
    plan = return_plan(ladder, pupils, weeks_ago=1, steps=(EVERY_DAY,))
    tab = show(qtbot, LadderTab(ladder, PlanService(session), pupils.open(plan.pupil_id)))
    tab.focus_first()
    return plan, tab, Keyboard(qtbot)


def open_log(keys: Keyboard, tab: LadderTab) -> SessionDialog:
    keys.press(Qt.Key.Key_R, CTRL)
    return wait_active(keys.qtbot, find_open(tab, SessionDialog, keys.qtbot))


def saved_with_enter(
    keys: Keyboard, dialog: SessionDialog, tab: LadderTab, modifier=Qt.KeyboardModifier.NoModifier
) -> None:
    with keys.qtbot.waitSignal(tab.changed, timeout=2000):
        keys.press(Qt.Key.Key_Return, modifier)
    keys.qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=2000)
    # The window manager activates the tab's window again (the offscreen platform does not);
    # the focus is back on "Registrera tillfälle…", ready for the next one.
    tab.activateWindow()
    keys.qtbot.waitUntil(lambda: QApplication.focusWidget() is tab.form.recordButton, timeout=2000)


def test_a_mentor_records_a_week_with_the_keyboard_only(qtbot, ladder, mentor):
    plan, tab, keys = mentor
    missed = ladder.overview(plan.id).missed
    assert len(missed) >= 4  # the weekdays of last week, nothing recorded yet

    # Four missed days ticked off from the list: Alt+V goes to it and picks the latest, Enter.
    for number in range(4):
        dialog = open_log(keys, tab)
        if number == 0:
            assert unnamed_controls(dialog) == [] and mnemonic_clashes(dialog) == {}
        keys.press(Qt.Key.Key_V, ALT)
        assert dialog.form.onEdit.text() == missed[-1 - number].isoformat()
        if number == 1:  # the pupil did not come
            keys.press(Qt.Key.Key_K, ALT)
            # A mnemonic "clicks" the check box after a short animation.
            qtbot.waitUntil(lambda d=dialog: d.form.attendedSpin.value() == 0, timeout=1000)
        if number == 2:  # how it went: Alt+4
            keys.press(Qt.Key.Key_4, ALT)
            qtbot.waitUntil(dialog.form.how4.isChecked, timeout=1000)
        saved_with_enter(keys, dialog, tab)

    # Today, as planned: Ctrl+R and Enter.
    before = keys.presses
    dialog = open_log(keys, tab)
    assert QApplication.focusWidget() is dialog.form.attendedSpin
    assert dialog.form.attendedSpin.lineEdit().selectedText() == "40"
    saved_with_enter(keys, dialog, tab)
    assert keys.presses - before == 2
    # 4 missed days × 3 presses (Ctrl+R, Alt+V, Enter) + "kom inte" + "4 Bra" + today's 2.
    assert keys.presses == 4 * 3 + 2 + 2

    sessions = ladder.sessions(plan.id)
    by_day = {s.on: s for s in sessions}
    assert by_day[missed[-2].isoformat()].attended_minutes == 0
    assert by_day[missed[-3].isoformat()].how_it_went == 4
    assert by_day[TODAY.isoformat()].attended_minutes == 40
    assert by_day[TODAY.isoformat()].met_by == "Lars Berg"
    assert tab.sessions_table.row_count() == 3


def test_another_number_of_minutes_takes_four_presses(qtbot, ladder, mentor):
    plan, tab, keys = mentor
    dialog = open_log(keys, tab)
    keys.type("55")  # over the selected 40: longer than planned, allowed and said
    assert dialog.form.longerLabel.text() == "längre än planerat"
    saved_with_enter(keys, dialog, tab)
    assert keys.presses == 4
    assert ladder.sessions(plan.id)[-1].attended_minutes == 55


def test_a_future_date_and_the_same_session_twice_are_refused(qtbot, ladder, mentor):
    plan, tab, keys = mentor
    dialog = open_log(keys, tab)
    keys.press(Qt.Key.Key_D, ALT)
    keys.press(Qt.Key.Key_Up)  # a day later: tomorrow
    keys.press(Qt.Key.Key_Return)
    assert "framtiden" in dialog.problems.text_for("on")
    assert dialog.isVisible() and ladder.sessions(plan.id) == []
    keys.press(Qt.Key.Key_Down)
    type_text(dialog.form.noteEdit, "Räknade bråk.")
    dialog.form.noteEdit.setFocus()
    saved = []
    dialog.saved.connect(saved.append)
    saved_with_enter(keys, dialog, tab, CTRL)  # Ctrl+Enter saves from a multi-line field
    assert saved[0].note == "Räknade bråk."

    dialog = open_log(keys, tab)
    keys.press(Qt.Key.Key_Return)
    assert "redan" in dialog.problems.text_for("on")
    assert len(ladder.sessions(plan.id)) == 1
    dialog.forget_changes()
    dialog.reject()


def test_another_step_brings_its_minutes_time_and_adult(qtbot, session, ladder, pupils):
    plans = PlanService(session)
    active_plan(plans, pupil_in(pupils, "Bo", "Berg"), responsible="Eva Ek")
    plan = return_plan(ladder, pupils, weeks_ago=1)  # 60 min with Lars Berg, then 80 with Karin
    tab = show(qtbot, LadderTab(ladder, plans, pupils.open(plan.pupil_id)))
    dialog = wait_active(qtbot, tab.record_session())
    form = dialog.form
    assert unnamed_controls(dialog) == [] and mnemonic_clashes(dialog) == {}
    names = [form.metByCombo.itemText(i) for i in range(form.metByCombo.count())]
    assert {"Eva Ek", "Lars Berg", "Karin Holm"} <= set(names)
    assert form.plannedSpin.value() == 60 and form.metByCombo.currentText() == "Lars Berg"

    form.stepCombo.setFocus()
    QTest.keyClick(form.stepCombo, Qt.Key.Key_Down)  # step 2, recorded late
    assert form.stepCombo.currentData() == plan.active_steps[1].id
    assert (form.plannedSpin.value(), form.attendedSpin.value()) == (80, 80)
    assert form.startTimeEdit.text() == "09:00"
    assert form.metByCombo.currentText() == "Karin Holm"
    assert form.stepSummary.text().startswith("Steg 2 av 2")

    # Someone else met the pupil: completed from the names already used, Enter saves.
    line = form.metByCombo.lineEdit()
    retype(line, "eva")
    completer = form.metByCombo.completer()
    assert completer.currentCompletion() == "Eva Ek"
    retype(line, "Eva Ek")
    completer.popup().hide()  # as after picking the name from the list
    with qtbot.waitSignal(tab.changed, timeout=2000):
        QTest.keyClick(line, Qt.Key.Key_Return)
    [saved] = ladder.sessions(plan.id)
    assert (saved.step_id, saved.planned_minutes, saved.met_by) == (
        plan.active_steps[1].id,
        80,
        "Eva Ek",
    )
