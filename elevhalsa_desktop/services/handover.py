"""Use cases of the handover at a stage transition: write a pupil's note (with the parts the
case file already knows filled in on request), follow the cohort's progress, and mark notes as
handed over. Every read of one note and every change is audited."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Collection
from dataclasses import dataclass

from ..domain import civic_no
from ..domain.ews import Level, Window, percent_text, term_start
from ..domain.handover import (
    HandoverNote,
    HandoverPacket,
    HandoverStatus,
    PacketPupil,
    check,
)
from ..domain.plans import InterventionStatus, PlanStatus
from ..domain.pupil import YEARS, ValidationError
from ..domain.text import swedish_sort_key
from ..store import audit
from ..store import handover as repo
from ..store import pupils as pupil_repo
from .base import CaseService
from .collaboration import CollaborationService
from .early_warning import EarlyWarningService
from .ladder import LadderService
from .plans import PlanService, RecordNotFound
from .session import CaseSession

WHAT = "överlämning"


def next_year(year: str) -> str:
    if year in YEARS and year != YEARS[-1]:
        return YEARS[YEARS.index(year) + 1]
    return ""


@dataclass(frozen=True)
class CohortRow:
    pupil_id: str
    name: str
    class_name: str
    year: str
    status: HandoverStatus
    note_id: str
    responsible: str
    to_school: str
    has_support: bool
    absence_risk: Level
    staged_return: bool
    protected_identity: bool

    @property
    def remaining(self) -> bool:
        return self.status in (HandoverStatus.NOT_STARTED, HandoverStatus.DRAFT)


class HandoverService(CaseService):
    def __init__(self, session: CaseSession, today: Callable[[], _dt.date] = _dt.date.today):
        super().__init__(session)
        self._today = today

    # One note ----------------------------------------------------------------------------------
    def draft(self, pupil_id: str) -> HandoverNote:
        pupil = pupil_repo.get(self._db, pupil_id)
        if pupil is None:
            raise RecordNotFound("Eleven")
        return HandoverNote(
            pupil_id=pupil_id,
            from_school=pupil.school or self.session.school_name,
            from_year=pupil.year,
            to_year=next_year(pupil.year),
            responsible=self.session.user.name,
        )

    def notes(self, pupil_id: str) -> list[HandoverNote]:
        return repo.notes_for_pupil(self._db, pupil_id)

    def open(self, note_id: str) -> HandoverNote:
        note = repo.note(self._db, note_id)
        if note is None:
            raise RecordNotFound("Överlämningen")
        with self.session.case.write():
            self.session.log(audit.Action.VIEWED, note.pupil_id, f"{WHAT} {note.id}")
        return note

    def save(self, note: HandoverNote) -> HandoverNote:
        if note.received:
            raise ValidationError(
                {"status": "En mottagen överlämning kan inte ändras. Skriv en egen anteckning."}
            )
        clean = note.with_changes(
            **{
                name: " ".join(getattr(note, name).split())
                for name in ("from_school", "to_school", "responsible", "receiving_mentor")
            }
        )
        problems = check(clean, self._today())
        if problems:
            raise ValidationError(problems)
        if clean.status is HandoverStatus.HANDED_OVER and not clean.handed_over_on:
            clean = clean.with_changes(handed_over_on=self._today().isoformat())
        saved_id = self._save_logged(clean, repo.save_note, WHAT)
        return repo.note(self._db, saved_id)

    # What the case file already knows -----------------------------------------------------------
    def suggestions(self, pupil_id: str) -> dict[str, str]:
        """Text for the sections the case file can fill: support that worked, attendance, and
        who is involved (names and organisations only: details may need consent)."""
        return {
            "support_worked": self._support_text(pupil_id),
            "attendance_history": self._attendance_text(pupil_id),
            "involved": self._involved_text(pupil_id),
        }

    def _support_text(self, pupil_id: str) -> str:
        plans = PlanService(self.session)
        lines = []
        for adjustment in plans.adjustments(pupil_id):
            if adjustment.in_use:
                subjects = f" ({adjustment.subjects})" if adjustment.subjects else ""
                how = f" – {adjustment.how_it_went}" if adjustment.how_it_went else ""
                lines.append(f"Extra anpassning: {adjustment.what}{subjects}{how}")
        for plan in plans.plans(pupil_id):
            if plan.status is not PlanStatus.ACTIVE:
                continue
            lines.append(f"{plan.kind.label} i kraft: {plan.title or plan.kind.label}")
            for item in plan.interventions:
                if item.status is not InterventionStatus.DISCONTINUED:
                    often = f" ({item.frequency})" if item.frequency else ""
                    lines.append(f"  – {item.what}{often}")
        return "\n".join(lines)

    def _attendance_text(self, pupil_id: str) -> str:
        ews = EarlyWarningService(self.session, self._today)
        autumn, spring = ews.term_starts()
        today = self._today()
        lines = []
        start = term_start(today, autumn, spring)
        end = today
        for _ in range(3):  # this term and the two before
            figures = ews.pupil_figures(pupil_id, Window(start, end, ""))
            if figures.offered:
                lines.append(
                    f"{_term_name(start)}: frånvaro {percent_text(figures.total_percent)}"
                    f" (giltig {percent_text(figures.excused_percent)},"
                    f" ogiltig {percent_text(figures.unexcused_percent)})"
                )
            end = start - _dt.timedelta(days=1)
            start = term_start(end, autumn, spring)
        for plan in LadderService(self.session).plans(pupil_id):
            step = plan.current_step
            if plan.closed:
                lines.append(f"Stegvis återgång {plan.started_on}–{plan.closed_on}: avslutad.")
            else:
                now = f", nu: {step.setting}" if step else ""
                lines.append(f"Stegvis återgång sedan {plan.started_on}{now}.")
        return "\n".join(lines)

    def _involved_text(self, pupil_id: str) -> str:
        collaboration = CollaborationService(self.session, self._today)
        organisations = {o.id: o for o in collaboration.organisations()}
        contacts = {c.id: c for c in collaboration.contacts()}
        lines = []
        for item in collaboration.network(pupil_id):
            if not item.active_on(self._today()):
                continue
            org = organisations.get(item.organisation_id)
            person = contacts.get(item.contact_id)
            who = person.name if person else ""
            where = org.name if org else ""
            lines.append(", ".join(p for p in (who, item.role, where) if p))
        return "\n".join(lines)

    # The cohort --------------------------------------------------------------------------------
    def cohort(self, year: str, class_name: str = "") -> list[CohortRow]:
        """Every active pupil of ``year`` with the handover status and flags, by class and name.
        Not audited: it is a list, like the pupil register."""
        ews = EarlyWarningService(self.session, self._today)
        levels = {w.pupil_id: w.level for w in ews.warnings(ews.window("term"))}
        rows = [
            CohortRow(
                pupil_id=r["pupil_id"],
                name=f"{r['given_name']} {r['family_name']}",
                class_name=r["class_name"],
                year=r["year"],
                status=HandoverStatus(r["status"]) if r["status"] else HandoverStatus.NOT_STARTED,
                note_id=r["note_id"] or "",
                responsible=r["responsible"] or "",
                to_school=r["to_school"] or "",
                has_support=bool(r["has_support"]),
                absence_risk=levels.get(r["pupil_id"], Level.GREEN),
                staged_return=bool(r["staged_return"]),
                protected_identity=bool(r["protected_identity"]),
            )
            for r in repo.cohort_rows(self._db, year, class_name)
        ]
        rows.sort(
            key=lambda r: (
                swedish_sort_key(r.class_name),
                swedish_sort_key(r.name.split(" ", 1)[-1]),
                swedish_sort_key(r.name),
            )
        )
        return rows

    # What travels -----------------------------------------------------------------------------
    def packets(
        self, year: str, class_name: str = "", pupil_ids: Collection[str] | None = None
    ) -> list[HandoverPacket]:
        """The packets of the cohort (or of ``pupil_ids`` within it), in the cohort's order: each
        pupil's newest own note. Pupils without a note have no packet. Not audited here: the
        caller logs the print or the export per pupil once it has happened."""
        wanted = set(pupil_ids) if pupil_ids is not None else None
        packets = []
        for row in self.cohort(year, class_name):
            if not row.note_id or (wanted is not None and row.pupil_id not in wanted):
                continue
            packets.append(self.packet(row.note_id))
        return packets

    def packet(self, note_id: str) -> HandoverPacket:
        note = repo.note(self._db, note_id)
        if note is None:
            raise RecordNotFound("Överlämningen")
        pupil = pupil_repo.get(self._db, note.pupil_id)
        if pupil is None:
            raise RecordNotFound("Eleven")
        sender = (
            note.sender_school if note.received else (note.from_school or self.session.school_name)
        )
        return HandoverPacket(pupil=packet_pupil(pupil), note=note, sender_school=sender)


def packet_pupil(pupil) -> PacketPupil:
    birth = ""
    if pupil.civic_no:
        try:
            birth = civic_no.parse(pupil.civic_no).birth_date.isoformat()
        except ValueError:
            birth = ""
    return PacketPupil(
        given_name=pupil.given_name,
        family_name=pupil.family_name,
        civic_no=pupil.civic_no,
        class_name=pupil.class_name,
        year=pupil.year,
        protected_identity=pupil.protected_identity,
        birth_date=birth,
    )


def _term_name(start: _dt.date) -> str:
    return f"{'Hösttermin' if start.month >= 7 else 'Vårtermin'} {start.year}"
