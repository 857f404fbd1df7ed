"""Every pupil with an open staged return, as the Återgång area lists them: where each pupil
stands, when a session was last recorded, what is missing and whether a step up is due.

A list of the school (like PlanService.all_plans) is not an opening of any one pupil's record,
so it writes no audit entry; opening the pupil from the list does.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from ..store import ladder_overview as repo
from .ladder import LadderService
from .session import CaseSession


@dataclass(frozen=True)
class ReturnRow:
    plan_id: str
    pupil_id: str
    pupil_name: str
    class_name: str
    #: "Steg 2 av 4: Liten grupp (2–4 elever)"-parts: the number (0 = no step current), the
    #: count of steps and the setting of the current step ('' when none is current).
    step_number: int
    step_count: int
    current_setting: str
    last_session_on: str  # ISO date, '' when nothing is recorded yet
    missed: int
    suggest_step_up: bool


class LadderOverviewService:
    def __init__(self, session: CaseSession):
        self.session = session
        self._ladder = LadderService(session)

    def open_returns(self, today: _dt.date | None = None) -> list[ReturnRow]:
        rows = []
        for r in repo.open_plans(self.session.db):
            # One overview per plan: a school has tens of staged returns, not thousands.
            overview = self._ladder.overview(r["plan_id"], today)
            steps = overview.plan.active_steps
            current = overview.current
            rows.append(
                ReturnRow(
                    plan_id=r["plan_id"],
                    pupil_id=r["pupil_id"],
                    pupil_name=f"{r['given_name']} {r['family_name']}",
                    class_name=r["class_name"],
                    step_number=steps.index(current) + 1 if current else 0,
                    step_count=len(steps),
                    current_setting=current.setting if current else "",
                    last_session_on=r["last_session_on"],
                    missed=len(overview.missed),
                    suggest_step_up=overview.suggest_step_up,
                )
            )
        return rows
