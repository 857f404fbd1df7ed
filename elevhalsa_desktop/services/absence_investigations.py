"""Use cases of the absence investigation: start one (from a warning or the pupil's page), keep
it up to date, close it with what it led to, and remind when it lingers. Every read of one
investigation and every change is audited."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from dataclasses import dataclass

from ..domain.absence_investigation import AbsenceInvestigation, check, reminders
from ..domain.pupil import ValidationError
from ..store import absence_investigations as repo
from ..store import audit
from .base import CaseService
from .plans import RecordNotFound
from .session import CaseSession

WHAT = "frånvaroutredning"


@dataclass(frozen=True)
class InvestigationReminder:
    """An open investigation that needs something done, for Att göra."""

    investigation_id: str
    pupil_id: str
    pupil_name: str
    class_name: str
    started_on: _dt.date
    text: str


class AbsenceInvestigationService(CaseService):
    def __init__(self, session: CaseSession, today: Callable[[], _dt.date] = _dt.date.today):
        super().__init__(session)
        self._today = today

    def draft(self, pupil_id: str, reason_noticed: str = "") -> AbsenceInvestigation:
        """A new investigation as the dialog starts it: noticed and started today."""
        today = self._today().isoformat()
        return AbsenceInvestigation(
            pupil_id=pupil_id,
            noticed_on=today,
            started_on=today,
            reason_noticed=reason_noticed,
            responsible=self.session.user.name,
        )

    def for_pupil(self, pupil_id: str) -> list[AbsenceInvestigation]:
        return repo.for_pupil(self._db, pupil_id)

    def open(self, investigation_id: str) -> AbsenceInvestigation:
        item = repo.investigation(self._db, investigation_id)
        if item is None:
            raise RecordNotFound("Frånvaroutredningen")
        with self.session.case.write():
            self.session.log(audit.Action.VIEWED, item.pupil_id, f"{WHAT} {item.id}")
        return item

    def save(self, item: AbsenceInvestigation) -> AbsenceInvestigation:
        clean = item.with_changes(
            responsible=" ".join(item.responsible.split()),
            findings=item.findings.strip(),
            outcome_note=item.outcome_note.strip(),
            participants=item.participants.strip(),
            reason_noticed=item.reason_noticed.strip(),
        )
        problems = check(clean, self._today())
        if problems:
            raise ValidationError(problems)
        saved_id = self._save_logged(clean, repo.save_investigation, WHAT)
        return repo.investigation(self._db, saved_id)

    def close(self, item: AbsenceInvestigation) -> AbsenceInvestigation:
        return self.save(item.with_changes(closed_on=item.closed_on or self._today().isoformat()))

    def reminders(self) -> list[InvestigationReminder]:
        today = self._today()
        found = []
        for row in repo.open_investigations(self._db):
            item = repo.investigation(self._db, row["id"])
            for text in reminders(item, today):
                found.append(
                    InvestigationReminder(
                        investigation_id=item.id,
                        pupil_id=item.pupil_id,
                        pupil_name=f"{row['given_name']} {row['family_name']}",
                        class_name=row["class_name"],
                        started_on=_dt.date.fromisoformat(item.started_on),
                        text=text,
                    )
                )
        return found
