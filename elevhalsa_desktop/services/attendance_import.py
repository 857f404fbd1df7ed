"""Bringing attendance from the school system into the case file.

Two steps, so nothing is written before the user has seen what will happen: ``preview`` matches
the rows read from the files to pupils; ``apply`` writes them in one transaction (all or nothing)
and returns the report. The same file imported again changes nothing.
"""

from __future__ import annotations

import datetime as _dt
import itertools
from collections import defaultdict
from dataclasses import dataclass, field

from ..importers.records import (
    ImportCancelled,
    Progress,
    PupilRef,
    ReadResult,
    Skipped,
    no_progress,
)
from ..store import attendance as repo
from ..store import audit
from ..store import pupils as pupil_repo
from .base import CaseService
from .import_report import ImportReport
from .pupil_matching import Match, PupilMatcher, ref_key

UNKNOWN_PUPIL = (
    "Eleven finns inte i akten. Importera elevlistan först, eller lägg till eleven och importera"
    " filen igen."
)
NOT_CONFIRMED = "Eleven kändes bara igen på namn och klass, och det bekräftades inte."
DUPLICATE = "Samma elev, dag och lektion finns redan på en tidigare rad; raden hoppades över."
# Pupils whose outcome apply keeps at a time: a school has a few thousand.
_OUTCOMES_KEPT = 50_000


@dataclass(frozen=True)
class NameMatch:
    """A pupil of the file recognised only by name and class: the user confirms it."""

    key: str
    file_name: str  # as the file writes it, with its class
    pupil_id: str
    pupil_name: str
    class_name: str
    rows: int


@dataclass
class AttendancePreview:
    fmt: str
    sources: list[str]
    result: ReadResult
    matched_pupils: int = 0
    matched_rows: int = 0
    name_matches: list[NameMatch] = field(default_factory=list)
    unknown_pupils: int = 0
    unknown_rows: int = 0
    matches: dict[str, Match | None] = field(default_factory=dict)

    @property
    def record_count(self) -> int:
        r = self.result
        return len(r.attendance) + len(r.periods) + len(r.absences)


class AttendanceImportService(CaseService):
    def preview(self, result: ReadResult, fmt: str, sources: list[str]) -> AttendancePreview:
        rows = pupil_repo.list_rows(self._db)
        matcher = PupilMatcher(rows, pupil_repo.external_ids(self._db))
        names = {r.id: r for r in rows}
        preview = AttendancePreview(fmt=fmt, sources=sources, result=result)
        # Readers share one PupilRef among a pupil's rows: count the objects first, then name
        # each once (a million rows, a thousand pupils).
        per_object: dict[int, int] = defaultdict(int)
        objects: dict[int, PupilRef] = {}
        for record in itertools.chain(result.attendance, result.periods, result.absences):
            pupil = record.pupil
            per_object[id(pupil)] += 1
            objects.setdefault(id(pupil), pupil)
        counts: dict[str, int] = defaultdict(int)
        refs = {}
        for number, pupil in objects.items():  # in the order the rows name them first
            key = ref_key(pupil)
            counts[key] += per_object[number]
            refs.setdefault(key, pupil)
        for key, ref in refs.items():
            match = matcher.match(ref)
            preview.matches[key] = match
            if match is None:
                preview.unknown_pupils += 1
                preview.unknown_rows += counts[key]
            elif match.certain:
                preview.matched_pupils += 1
                preview.matched_rows += counts[key]
            else:
                row = names[match.pupil_id]
                preview.name_matches.append(
                    NameMatch(
                        key=key,
                        file_name=ref.display,
                        pupil_id=match.pupil_id,
                        pupil_name=f"{row.given_name} {row.family_name}",
                        class_name=row.class_name,
                        rows=counts[key],
                    )
                )
        return preview

    def apply(
        self,
        preview: AttendancePreview,
        confirmed: set[str] | frozenset[str] = frozenset(),
        progress: Progress = no_progress,
    ) -> ImportReport:
        """Write what the preview found. ``confirmed``: the keys of the name matches the user
        accepted. Raises ImportCancelled (nothing written) when ``progress`` does."""
        result = preview.result
        report = ImportReport("närvaro", preview.sources, rows_read=result.rows_read)
        for item in result.skipped:
            report.skip(item)

        def resolve(pupil: PupilRef) -> tuple[str | None, str]:
            """The pupil's id, or None and why its rows are skipped."""
            key = ref_key(pupil)
            match = preview.matches.get(key)
            if match is None:
                return None, UNKNOWN_PUPIL
            if not match.certain and key not in confirmed:
                return None, NOT_CONFIRMED
            return match.pupil_id, ""

        # By the PupilRef object, which the readers share among a pupil's rows; kept only while
        # the records (which hold the objects) are, and emptied now and then for a reader that
        # does not share them.
        outcomes: dict[int, tuple[str | None, str]] = {}

        def outcome_of(pupil: PupilRef) -> tuple[str | None, str]:
            found = outcomes.get(id(pupil))
            if found is None:
                if len(outcomes) >= _OUTCOMES_KEPT:
                    outcomes.clear()
                found = outcomes[id(pupil)] = resolve(pupil)
            return found

        def pupil_for(record) -> str | None:
            pupil_id, reason = outcome_of(record.pupil)
            if pupil_id is None:
                report.skip(Skipped(record.source, record.line, "", reason))
            return pupil_id

        total = preview.record_count
        changed_pupils: set[str] = set()
        with self.session.case.write() as db:
            import_id = repo.start_import(
                db, "attendance", preview.fmt, preview.sources, self._user()
            )
            seen: set[tuple] = set()
            batch: list[tuple] = []
            days: dict[_dt.date, str] = {}  # a year has two hundred dates and a million rows
            done = 0
            last: PupilRef | None = None
            pupil_id: str | None = None
            reason = ""
            for record in result.attendance:
                done += 1
                if record.pupil is not last:  # a file's rows mostly come pupil by pupil
                    last = record.pupil
                    pupil_id, reason = outcome_of(last)
                if pupil_id is None:
                    report.skip(Skipped(record.source, record.line, "", reason))
                    continue
                day = record.day
                row_key = (pupil_id, day, record.lesson)
                if row_key in seen:
                    report.skip(Skipped(record.source, record.line, "", DUPLICATE))
                    continue
                seen.add(row_key)
                day_text = days.get(day)
                if day_text is None:
                    day_text = days[day] = day.isoformat()
                batch.append(
                    (
                        pupil_id,
                        day_text,
                        record.lesson,
                        record.offered,
                        record.attended,
                        record.excused,
                        record.unexcused,
                        record.late,
                    )
                )
                if len(batch) >= repo.BATCH:
                    self._flush(db, batch, import_id, report)
                    progress(done, total)
            self._flush(db, batch, import_id, report)
            progress(done, total)
            changed_pupils.update(repo.touched_pupils(db))
            repo.summarise_touched_days(db)
            for record in result.periods:
                pupil_id = pupil_for(record)
                if pupil_id is not None:
                    outcome = repo.write_period(
                        db,
                        (
                            pupil_id,
                            record.start.isoformat(),
                            record.end.isoformat(),
                            record.offered,
                            record.attended,
                            record.excused,
                            record.unexcused,
                        ),
                        import_id,
                    )
                    self._count(report, outcome, pupil_id, changed_pupils)
            for record in result.absences:
                pupil_id = pupil_for(record)
                if pupil_id is not None:
                    outcome = repo.write_reported_absence(
                        db,
                        (pupil_id, record.start.isoformat(), record.end.isoformat(), record.kind),
                        import_id,
                    )
                    self._count(report, outcome, pupil_id, changed_pupils)
            progress(total, total)
            repo.finish_import(
                db,
                import_id,
                rows_read=report.rows_read,
                imported=report.imported,
                updated=report.updated,
                unchanged=report.unchanged,
                skipped=report.skipped_count,
            )
            for pupil_id in sorted(changed_pupils):
                self.session.log(audit.Action.CHANGED, pupil_id, f"närvaro importerad {import_id}")
            self.session.log(audit.Action.CREATED, None, f"närvaroimport {import_id}")
        return report

    @staticmethod
    def _flush(db, batch: list[tuple], import_id: str, report: ImportReport) -> None:
        if not batch:
            return
        counts = repo.write_lessons(db, batch, import_id)
        report.imported += counts.inserted
        report.updated += counts.updated
        report.unchanged += counts.unchanged
        batch.clear()

    @staticmethod
    def _count(report: ImportReport, outcome: str, pupil_id: str, changed: set) -> None:
        if outcome == "inserted":
            report.imported += 1
        elif outcome == "updated":
            report.updated += 1
        else:
            report.unchanged += 1
        if outcome != "unchanged":
            changed.add(pupil_id)

    # Mappings -----------------------------------------------------------------------------------
    def mapping_for_header(self, header_key: str) -> dict | None:
        return repo.mapping_for_header(self._db, header_key)

    def mapping_named(self, name: str) -> dict | None:
        return repo.mapping_named(self._db, name)

    def mapping_names(self) -> list[str]:
        return repo.mapping_names(self._db)

    def remember_mapping(self, header_key: str, name: str, kind: str, mapping: dict) -> None:
        with self.session.case.write() as db:
            repo.save_mapping(
                db, header_key, name.strip() or "Utan namn", kind, mapping, self._user()
            )

    def imports(self) -> list[dict]:
        return repo.imports(self._db)


__all__ = ["AttendanceImportService", "AttendancePreview", "ImportCancelled", "NameMatch"]
