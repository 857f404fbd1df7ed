"""Bringing the pupil register from the school system: new pupils are created; a pupil already in
the case file is updated only where the user confirms the change.

Protected identity is carried over from the file, and never cleared by an import: lifting it is
a decision a person makes in the pupil's own dialog.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..domain.pupil import (
    YEAR_LABELS,
    Guardian,
    Pupil,
    ValidationError,
    normalise,
)
from ..importers.records import Progress, ReadResult, RosterRecord, Skipped, no_progress
from ..store import audit
from ..store import pupils as repo
from .base import CaseService
from .import_report import ImportReport
from .pupil_matching import MatchKind, PupilMatcher, canonical_civic_no

_FIELD_LABELS = {
    "given_name": "Förnamn",
    "family_name": "Efternamn",
    "year": "Årskurs",
    "class_name": "Klass",
    "mentor": "Mentor",
    "protected_identity": "Skyddad identitet",
    "guardians": "Vårdnadshavare",
}
NOT_CONFIRMED = "Ändringen bekräftades inte; eleven lämnades som den var."
DUPLICATE = "Samma elev finns redan på en tidigare rad; raden hoppades över."


@dataclass(frozen=True)
class RosterItem:
    key: str  # "file:line", what the user confirms
    record: RosterRecord
    pupil: Pupil  # as it will be saved
    existing_id: str = ""  # empty: a new pupil
    matched_by: str = ""
    changes: tuple[str, ...] = ()  # "Klass: 6A → 7A"

    @property
    def name(self) -> str:
        return self.pupil.full_name


@dataclass
class RosterPreview:
    fmt: str
    sources: list[str]
    result: ReadResult
    new: list[RosterItem] = field(default_factory=list)
    changed: list[RosterItem] = field(default_factory=list)  # recognised by number: confirm
    name_matches: list[RosterItem] = field(default_factory=list)  # by name only: confirm
    # Only the school system's id is new: written without asking, it changes nothing a person sees.
    quiet: list[RosterItem] = field(default_factory=list)
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)

    @property
    def needs_confirmation(self) -> list[RosterItem]:
        return [*self.changed, *self.name_matches]


def _names(record: RosterRecord) -> tuple[str, str]:
    ref = record.pupil
    if ref.given_name or ref.family_name:
        return ref.given_name, ref.family_name
    if "," in ref.full_name:
        family, _, given = ref.full_name.partition(",")
        return given.strip(), family.strip()
    given, _, family = ref.full_name.strip().rpartition(" ")
    return given, family


def _show(name: str, value) -> str:
    if name == "protected_identity":
        return "ja" if value else "nej"
    if name == "year":
        return YEAR_LABELS.get(value, value) or "–"
    if name == "guardians":
        return ", ".join(f"{g.name} ({g.relation})" if g.relation else g.name for g in value) or "–"
    return value or "–"


def _merged_guardians(current: tuple[Guardian, ...], incoming: tuple[Guardian, ...]):
    """The file's guardians, keeping the id and what we already know of a guardian it names."""
    known = {g.name.casefold(): g for g in current}
    merged = []
    for guardian in incoming:
        before = known.get(guardian.name.casefold())
        if before is None:
            merged.append(guardian)
        else:
            merged.append(
                Guardian(
                    name=guardian.name,
                    relation=guardian.relation or before.relation,
                    phone=guardian.phone or before.phone,
                    email=guardian.email or before.email,
                    id=before.id,
                )
            )
    return tuple(merged)


class RosterImportService(CaseService):
    def preview(self, result: ReadResult, fmt: str, sources: list[str]) -> RosterPreview:
        preview = RosterPreview(fmt=fmt, sources=sources, result=result)
        preview.skipped.extend(result.skipped)
        matcher = PupilMatcher(repo.list_rows(self._db), repo.external_ids(self._db))
        seen: set[str] = set()
        for record in result.roster:
            given, family = _names(record)
            incoming = Pupil(
                given_name=given,
                family_name=family,
                civic_no=record.pupil.civic_no,
                year=record.year,
                class_name=record.pupil.class_name,
                mentor=record.mentor,
                protected_identity=record.protected_identity,
                external_id=record.pupil.external_id,
                guardians=tuple(
                    Guardian(name=g.name, relation=g.relation, phone=g.phone, email=g.email)
                    for g in record.guardians
                ),
            )
            try:
                incoming = normalise(incoming)
            except ValidationError as error:
                for name, reason in error.problems.items():
                    preview.skipped.append(Skipped(record.source, record.line, name, reason))
                continue
            identity = canonical_civic_no(incoming.civic_no) or incoming.external_id
            if identity and identity in seen:
                preview.skipped.append(Skipped(record.source, record.line, "", DUPLICATE))
                continue
            seen.add(identity)
            key = f"{record.source}:{record.line}"
            match = matcher.match(record.pupil)
            if match is None:
                preview.new.append(RosterItem(key, record, incoming))
                continue
            current = repo.get(self._db, match.pupil_id)
            updated = current.with_changes(
                given_name=incoming.given_name,
                family_name=incoming.family_name,
                year=incoming.year or current.year,
                class_name=incoming.class_name or current.class_name,
                mentor=incoming.mentor or current.mentor,
                protected_identity=current.protected_identity or incoming.protected_identity,
                external_id=current.external_id or incoming.external_id,
                civic_no=current.civic_no or incoming.civic_no,
                guardians=(
                    _merged_guardians(current.guardians, incoming.guardians)
                    if incoming.guardians
                    else current.guardians
                ),
            )
            changes = tuple(
                f"{label}: {_show(name, getattr(current, name))} → {_show(name, getattr(updated, name))}"
                for name, label in _FIELD_LABELS.items()
                if getattr(current, name) != getattr(updated, name)
            )
            item = RosterItem(key, record, updated, match.pupil_id, match.kind, changes)
            if match.kind == MatchKind.NAME:
                preview.name_matches.append(item)
            elif changes:
                preview.changed.append(item)
            elif updated != current:
                preview.quiet.append(item)
            else:
                preview.unchanged += 1
        return preview

    def apply(
        self,
        preview: RosterPreview,
        confirmed: set[str] | frozenset[str] = frozenset(),
        progress: Progress = no_progress,
    ) -> ImportReport:
        """Create the new pupils and update the confirmed ones, in one transaction."""
        report = ImportReport("elever", preview.sources, rows_read=preview.result.rows_read)
        report.unchanged = preview.unchanged + len(preview.quiet)
        for item in preview.skipped:
            report.skip(item)
        total = len(preview.new) + len(preview.needs_confirmation)
        done = 0
        with self.session.case.write() as db:
            for item in preview.new:
                saved = repo.insert(db, item.pupil, self._user())
                self.session.log(audit.Action.CREATED, saved.id, "elevimport")
                report.imported += 1
                done += 1
                if done % 50 == 0:
                    progress(done, total)
            for item in preview.quiet:
                repo.update(db, item.pupil, self._user())
            for item in preview.needs_confirmation:
                done += 1
                if item.key not in confirmed:
                    report.skip(Skipped(item.record.source, item.record.line, "", NOT_CONFIRMED))
                    continue
                repo.update(db, item.pupil, self._user())
                fields = [
                    name
                    for name, label in _FIELD_LABELS.items()
                    if any(c.startswith(f"{label}:") for c in item.changes)
                ]
                self.session.log(
                    audit.Action.CHANGED, item.existing_id, "elevimport, fält: " + ", ".join(fields)
                )
                if item.changes:
                    report.updated += 1
                else:
                    report.unchanged += 1
            progress(total, total)
        return report
