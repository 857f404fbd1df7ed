"""Shared set-up for the tests of the support screens (the Planer tab, Att göra, the Planer
area, the hand-over): plans made through PlanService on a real case file, and widgets shown and
made active as a user would have them."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QApplication, QDialogButtonBox, QWidget

from elevhalsa_desktop.domain.plans import Decision, Intervention, Plan, PlanKind
from elevhalsa_desktop.domain.pupil import Pupil
from elevhalsa_desktop.services.plans import PlanService
from tests.dates import TODAY, day
from tests.ui.driving import click


def show(qtbot, widget: QWidget, width: int = 1000, height: int = 700) -> QWidget:
    """Show ``widget`` as an active window: focus, Enter and shortcuts need one."""
    qtbot.addWidget(widget)
    widget.resize(width, height)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget, timeout=2000)
    return widget


def wait_active(qtbot, dialog: QWidget) -> QWidget:
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=2000)
    return dialog


def save(dialog) -> None:
    click(dialog.form.buttonBox.button(QDialogButtonBox.StandardButton.Save))


def pupil_in(pupils, given: str = "Åsa", family: str = "Öhman", class_name: str = "7B") -> Pupil:
    return pupils.create(Pupil(given, family, class_name=class_name))


def active_plan(
    plans: PlanService,
    pupil: Pupil,
    title: str = "Närvaroplan",
    responsible: str = "Lars Berg",
    follow_up_in: int = 5,
) -> Plan:
    """A handlingsplan made active through the service: its first follow-up is then in the
    calendar (and so in Att göra), held by ``responsible``."""
    plan = plans.new_plan(pupil.id, PlanKind.HANDLINGSPLAN).with_changes(
        title=title,
        needs="Behöver en lugn start på dagen.",
        goals_short="Komma till första lektionen tre dagar i veckan.",
        responsible=responsible,
        follow_up_on=day(follow_up_in),
        interventions=(Intervention("Möte med mentor varje morgon", responsible=responsible),),
    )
    return plans.activate(plans.save(plan), today=TODAY)


def hold_next_follow_up(plans: PlanService, plan: Plan, decision: Decision) -> None:
    """Record the plan's first open follow-up as held today, with ``decision``."""
    due = next(f for f in plans.follow_ups(plan.id) if not f.held)
    plans.record(
        replace(due, held_on=TODAY.isoformat(), participants="Eleven, mentor", decision=decision)
    )
