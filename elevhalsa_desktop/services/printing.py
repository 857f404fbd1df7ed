"""Printing a pupil's documents: gather the records, draw the PDF, put it where the user chose,
and write the audit entry once the file is in place."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from reportlab.platypus import Flowable

from ..documents import (
    absence_documents,
    collaboration_documents,
    ladder_documents,
    support_documents,
)
from ..documents.filenames import default_file_name
from ..documents.output import render_pdf_bytes, write_pdf
from ..documents.template import DocumentContext, build_document
from ..domain.ews import WINDOW_CHOICES
from ..domain.ladder import expected_dates
from ..domain.pupil import Pupil
from ..store import absence_investigations as absence_repo
from ..store import audit, users
from ..store import pupils as pupil_repo
from ..store import support as repo
from .collaboration import CollaborationService
from .early_warning import EarlyWarningService
from .ladder import LadderService
from .plans import RecordNotFound
from .session import CaseSession


class DocumentKind(StrEnum):
    PLAN = "plan"
    INVESTIGATION = "investigation"
    ADJUSTMENTS = "adjustments"
    # The staged return; the record is the return plan.
    LADDER = "ladder"  # "Min trappa", for the pupil and the guardians
    PROGRESS = "progress"  # the report for a follow-up meeting
    LOGSHEET = "logsheet"  # the current week on paper, for the mentor
    # Collaboration: the protocol's record is a contact entry (a collaboration or SIP meeting);
    # the network's and the disclosures' record is the pupil.
    PROTOCOL = "protocol"
    NETWORK = "network"  # the network around the pupil and the consents
    DISCLOSURES = "disclosures"  # who has been told what (GDPR art. 15)
    # The absence investigation (7 kap. 19 a § skollagen); the record is the investigation.
    ABSENCE_INVESTIGATION = "absence-investigation"


# The kinds whose record is a return plan.
LADDER_KINDS = (DocumentKind.LADDER, DocumentKind.PROGRESS, DocumentKind.LOGSHEET)
COLLABORATION_KINDS = (DocumentKind.PROTOCOL, DocumentKind.NETWORK, DocumentKind.DISCLOSURES)


@dataclass(frozen=True)
class _Job:
    pupil: Pupil
    title: str
    story: list[Flowable]
    audit_detail: str
    subtitle: str = ""  # instead of the pupil's full name and class
    dated: _dt.date | None = None  # the day the file name carries instead of today (a meeting's)


class PrintService:
    def __init__(self, session: CaseSession, today: _dt.date | None = None):
        self.session = session
        self._today = today  # the day the log sheet's week is taken from; tests fix it

    @property
    def _db(self):
        return self.session.db

    def suggested_file_name(
        self, kind: DocumentKind, record_id: str, on: _dt.date | None = None
    ) -> str:
        """Kind, class, initials and date: never the pupil's full name or civic number."""
        job = self._job(kind, record_id)
        return default_file_name(
            job.title,
            job.pupil.class_name,
            job.pupil.given_name,
            job.pupil.family_name,
            on or job.dated or _dt.date.today(),
        )

    def write(self, kind: DocumentKind, record_id: str, target: Path) -> Path:
        """Write the document to ``target`` (whole or not at all) and log the print."""
        job = self._job(kind, record_id)
        target = Path(target)
        if target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        write_pdf(target, lambda out: build_document(out, self._context(job), job.story))
        with self.session.case.write():
            self.session.log(audit.Action.PRINTED, job.pupil.id, job.audit_detail)
        return target

    def preview(self, kind: DocumentKind, record_id: str) -> bytes:
        """The PDF in memory, for showing before saving. Nothing touches the disk."""
        job = self._job(kind, record_id)
        return render_pdf_bytes(lambda out: build_document(out, self._context(job), job.story))

    def _context(self, job: _Job) -> DocumentContext:
        return DocumentContext(
            school_name=users.get_setting(self._db, "school_name"),
            printed_by=self.session.user.name,
            printed_at=_dt.datetime.now(),
            title=job.title,
            subtitle=job.subtitle or support_documents.PupilFacts(job.pupil).subtitle,
            marking=self.session.settings().document_marking,
        )

    def _pupil(self, pupil_id: str) -> Pupil:
        pupil = pupil_repo.get(self._db, pupil_id)
        if pupil is None:
            raise RecordNotFound("Eleven")
        return pupil

    def _job(self, kind: DocumentKind, record_id: str) -> _Job:
        if kind in LADDER_KINDS:
            return self._ladder_job(kind, record_id)
        if kind in COLLABORATION_KINDS:
            return self._collaboration_job(kind, record_id)
        if kind is DocumentKind.ABSENCE_INVESTIGATION:
            return self._absence_job(record_id)
        if kind is DocumentKind.PLAN:
            plan = repo.plan(self._db, record_id)
            if plan is None:
                raise RecordNotFound("Planen")
            pupil = self._pupil(plan.pupil_id)
            follow_ups = repo.follow_ups(self._db, plan.id)
            story = support_documents.plan_story(pupil, plan, follow_ups)
            return _Job(pupil, plan.kind.label, story, f"plan {plan.id} version {plan.revision}")
        if kind is DocumentKind.INVESTIGATION:
            item = repo.investigation(self._db, record_id)
            if item is None:
                raise RecordNotFound("Utredningen")
            pupil = self._pupil(item.pupil_id)
            story = support_documents.investigation_story(pupil, item)
            return _Job(pupil, "Utredning", story, f"utredning {item.id}")
        pupil = self._pupil(record_id)
        items = repo.adjustments(self._db, pupil.id)
        story = support_documents.adjustments_story(pupil, items)
        return _Job(pupil, "Extra anpassningar", story, "extra anpassningar")

    def _ladder_job(self, kind: DocumentKind, plan_id: str) -> _Job:
        ladder = LadderService(self.session)
        today = self._today or _dt.date.today()
        overview = ladder.overview(plan_id, today)
        plan = overview.plan
        pupil = self._pupil(plan.pupil_id)
        detail = f"återgång {plan.id}: "
        if kind is DocumentKind.LADDER:
            story = ladder_documents.ladder_story(pupil, plan, overview)
            # The family's copy: the first name only, as the pupil is spoken to on the page.
            return _Job(
                pupil, ladder_documents.LADDER_TITLE, story, detail + "min trappa", pupil.given_name
            )
        if kind is DocumentKind.PROGRESS:
            story = ladder_documents.progress_story(
                pupil,
                plan,
                ladder.progress(plan.id, today),
                ladder.decisions(plan.id),
                ladder.sessions(plan.id),
                ladder.attendance_per_step(plan.id),
            )
            return _Job(pupil, ladder_documents.PROGRESS_TITLE, story, detail + "uppföljning")
        monday = today - _dt.timedelta(days=today.weekday())
        step = plan.current_step
        days = expected_dates(step, monday, monday + _dt.timedelta(days=6)) if step else []
        expected = [ladder.draft_session(plan, day) for day in days]
        story = ladder_documents.logsheet_story(pupil, plan, monday, expected)
        title = ladder_documents.logsheet_title(monday)
        return _Job(pupil, title, story, detail + title.lower())

    def _collaboration_job(self, kind: DocumentKind, record_id: str) -> _Job:
        collab = CollaborationService(self.session)
        if kind is DocumentKind.PROTOCOL:
            entry = collab.entry(record_id)
            pupil = self._pupil(entry.pupil_id)
            # The basis in the words of the disclosure list (a consent by its giver and date).
            basis = next(
                (line.basis for line in collab.disclosures(pupil.id) if line.source_id == entry.id),
                "",
            )
            story = collaboration_documents.protocol_story(
                pupil, entry, collab.organisations(), collab.contacts(), basis
            )
            title = collaboration_documents.protocol_title(entry)
            dated = _dt.date.fromisoformat(entry.happened_on)
            return _Job(pupil, title, story, f"protokoll kontakt {entry.id}", dated=dated)
        pupil = self._pupil(record_id)
        if kind is DocumentKind.NETWORK:
            story = collaboration_documents.network_story(
                pupil,
                collab.network(pupil.id),
                collab.organisations(),
                collab.contacts(),
                collab.consents(pupil.id),
                self._today or _dt.date.today(),
            )
            return _Job(
                pupil, collaboration_documents.NETWORK_TITLE, story, "nätverk och samtycken"
            )
        story = collaboration_documents.disclosures_story(pupil, collab.disclosures(pupil.id))
        return _Job(pupil, collaboration_documents.DISCLOSURES_TITLE, story, "utlämnade uppgifter")

    def _absence_job(self, investigation_id: str) -> _Job:
        item = absence_repo.investigation(self._db, investigation_id)
        if item is None:
            raise RecordNotFound("Frånvaroutredningen")
        pupil = self._pupil(item.pupil_id)
        today = self._today or _dt.date.today()
        ews = EarlyWarningService(self.session, today=lambda: today)
        periods = [
            (WINDOW_CHOICES[spec], ews.pupil_figures(pupil.id, ews.window(spec)))
            for spec in ("term", "4w")
        ]
        story = absence_documents.absence_investigation_story(pupil, item, periods, today)
        return _Job(
            pupil,
            absence_documents.ABSENCE_INVESTIGATION_TITLE,
            story,
            f"frånvaroutredning {item.id}",
        )

    def investigation_ids_starting_with(self, text: str) -> list[str]:
        """The absence investigations whose id begins with ``text`` (at most two), for an id
        typed on a command line."""
        return self._ids_starting_with("absence_investigation", text)

    def entry_ids_starting_with(self, text: str) -> list[str]:
        """The contact entries whose id begins with ``text`` (at most two: one is an answer, two
        say "type more"), for an id typed on a command line."""
        return self._ids_starting_with("contact_entry", text)

    def _ids_starting_with(self, table: str, text: str) -> list[str]:
        if not text.strip():
            return []
        rows = self._db.execute(
            f"SELECT id FROM {table} WHERE substr(id, 1, ?) = ? LIMIT 2",
            [len(text.strip()), text.strip()],
        )
        return [row[0] for row in rows]
