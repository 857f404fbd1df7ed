"""Shared set-up for the plan dialog tests: a pupil on a real encrypted case file, the plan
service, and a window for the dialogs to open over (they are window-modal and delete themselves
when closed, so the test holds the host, never the dialog)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtWidgets import QApplication, QWidget

from elevhalsa_desktop.domain.plans import Intervention, Plan, PlanKind
from elevhalsa_desktop.domain.pupil import Pupil
from elevhalsa_desktop.services.plans import PlanService

TODAY = dt.date.today()


def day(offset: int) -> str:
    return (TODAY + dt.timedelta(days=offset)).isoformat()


@dataclass
class PlanEnv:
    plans: PlanService
    pupil: Pupil
    host: QWidget
    qtbot: object

    @classmethod
    def make(cls, session, pupils, qtbot) -> PlanEnv:
        host = QWidget()
        host.resize(1000, 800)
        qtbot.addWidget(host)
        host.show()
        qtbot.waitExposed(host)
        pupil = pupils.create(Pupil("Åsa", "Öhman", class_name="7B"))
        return cls(PlanService(session), pupil, host, qtbot)

    def show(self, dialog):
        """Open ``dialog`` as the program does (window-modal, at once) and wait until it shows."""
        dialog.open()
        self.qtbot.waitExposed(dialog)
        # Focus, Tab and shortcuts work in the active window only.
        self.qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=2000)
        return dialog

    def active_plan(self, **changes) -> Plan:
        """A handlingsplan, activated through the service, with two interventions."""
        plan = self.plans.new_plan(self.pupil.id, PlanKind.HANDLINGSPLAN).with_changes(
            title="Närvaroplan",
            needs="Åsa behöver en lugn start på dagen.",
            goals_short="Jag kommer till första lektionen tre dagar i veckan.",
            follow_up_on=day(7),
            interventions=(
                Intervention("Möte med mentor 8.10 varje morgon", responsible="Lars Berg"),
                Intervention("Enskild undervisning i matematik", start=day(0), end=day(60)),
            ),
        )
        return self.plans.activate(plan.with_changes(**changes))

    def stored(self, plan_id: str) -> Plan:
        """The plan as the file holds it (read without an audited viewing)."""
        return next(p for p in self.plans.plans(self.pupil.id) if p.id == plan_id)
