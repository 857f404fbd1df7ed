"""Agreed actions in Att göra: in the same list as the plans' follow-ups, a late one marked the
same way, Enter opening the pupil's Samverkan tab with the contact, and marking the action done
there taking it off the list."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest

from elevhalsa_desktop.domain.collaboration import AgreedAction, Channel, ContactEntry, ContactKind
from elevhalsa_desktop.services.collaboration import CollaborationService
from elevhalsa_desktop.services.plans import PlanService
from elevhalsa_desktop.ui.contact_entry_dialog import ContactEntryDialog
from elevhalsa_desktop.ui.main_window import MainWindow
from tests.dates import TODAY, day
from tests.ui.collab_setup import cells
from tests.ui.driving import click
from tests.ui.register import find_open
from tests.ui.support_setup import active_plan, show, wait_active


def test_actions_share_att_gora_with_follow_ups_and_leave_it_when_done(
    qtbot, session, pupils, pupil, social, tmp_path
):
    plans = PlanService(session)
    active_plan(plans, pupil, "Närvaroplan", "Lars Berg", follow_up_in=7)
    # Saved ten days ago, when its date was still ahead: now it is late.
    earlier = CollaborationService(session, today=lambda: TODAY - dt.timedelta(days=10))
    entry = earlier.save_entry(
        ContactEntry(
            pupil.id,
            day(-10),
            ContactKind.SIP_MEETING,
            Channel.MEETING,
            "SIP-möte.",
            organisation_id=social.id,
            lead_organisation_id=social.id,
            actions=(
                AgreedAction("Boka hembesök", "Karin Holm", day(-3)),
                AgreedAction("Ringa BUP", "Maria Lindqvist", day(40)),  # beyond two weeks
            ),
        )
    )
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = show(qtbot, MainWindow(session, settings), 1300, 900)
    overview = window.overview
    assert cells(overview.todo_table, 2) == ["Åtgärd: Boka hembesök", "Närvaroplan"]
    assert cells(overview.todo_table, 0)[0] == f"{day(-3)} · Försenad"
    late = overview.todo_table.proxy.index(0, 0)
    assert late.data(Qt.ItemDataRole.ForegroundRole) == overview.todo_table.model.alert_colour
    assert overview.form.todoGroup.title() == "A&tt göra (2, varav 1 försenad)"

    # Enter on the action: the pupil's page, on Samverkan, with the contact open.
    overview.form.todoTable.setFocus()
    QTest.keyClick(overview.form.todoTable, Qt.Key.Key_Home)
    QTest.keyClick(overview.form.todoTable, Qt.Key.Key_Return)
    page = window.pupils_area.page
    assert window.current_area() == "pupils" and page.pupil_id == pupil.id
    assert page.form.tabs.currentWidget() is page.collaboration_tab
    dialog = wait_active(qtbot, find_open(page, ContactEntryDialog, qtbot))
    assert page.collaboration_tab.entry_table.current_key() == entry.id
    dialog.actions_table.select("0")
    click(dialog.form.markDoneButton)
    # Off the list at once (the tab's change reaches Att göra), and still off when seen again.
    assert cells(overview.todo_table, 2) == ["Närvaroplan"]
    dialog.reject()
    window.show_area("overview")
    assert cells(overview.todo_table, 2) == ["Närvaroplan"]
