"""Retention (gallring): the school's rules for how long each kind of record is kept, the records
whose time has come, and, on the user's confirmation, writing them to an archive and then
removing them from the case file.

Nothing is ever removed by default (every rule starts as "keep"), nothing is removed without a
person choosing the records and confirming, and nothing is removed before its archive copy (JSON
and PDF) is written and read back. The removal is one transaction: all of the chosen records go,
or none. Each removal leaves an entry in the audit log, which is itself never removed; the entry
names the kind and the record's id, never a name or a record's text.

The kinds, and why these:
- ``pupil_left``: a pupil who has left (moved or archived) and whose record has not changed for
  N years goes whole. This is what a municipality's retention rules are mostly about: the case
  file of a pupil who is no longer the school's concern.
- ``closed_plans``: closed plans (åtgärdsprogram and handlingsplaner) with their revisions,
  interventions and follow-ups, closed more than N years ago. Many municipalities keep an
  åtgärdsprogram for good and thin out the rest, so the rule is the school's to set (or keep).
- ``contact_entries``: contacts and meetings more than N years ago, the most numerous and most
  personal everyday records. Disclosures and reports of concern are kept while the pupil's record
  is: the pupil may ask who was told what (GDPR art. 15).
- ``attendance``: attendance days and lessons older than N years: by far the most rows, and of
  little use once the pupil's situation is long past.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from dateutil.relativedelta import relativedelta

from ..documents import register_extract_documents as documents
from ..documents.filenames import default_file_name
from ..domain.people import Role
from ..domain.plans import PlanKind
from ..domain.pupil import PupilStatus, ValidationError
from ..store import audit, pupil_records, users
from ..store.clock import now_iso
from ..store.errors import CannotWrite
from .register_extract import RegisterExtractService, json_bytes, write_pair
from .session import CaseSession

YEARS_MAX = 100
#: The roles that may set the rules and remove records: those responsible for the records.
ROLES = frozenset({Role.COORDINATOR, Role.HEAD_TEACHER, Role.DEPUTY_HEAD})
#: The audit action of a removal (the log has no "removed" action yet; the detail says it).
REMOVAL_ACTION = audit.Action.REMOVED
_SETTING = "retention.{kind}"
ARCHIVE_TITLE = "Arkivexemplar vid gallring"
WHOLE_ABOUT = (
    "Det här är ett arkivexemplar av allt som elevhälsans akt i Elevhälsa Desktop innehöll om "
    "eleven när elevens akt gallrades: samma innehåll som ett registerutdrag, med aktens logg "
    "över vilka som har tagit del av uppgifterna. I akten finns efter gallringen bara loggen "
    "kvar, med elevens id men utan namn eller innehåll."
)
PART_ABOUT = (
    "Det här är ett arkivexemplar av de uppgifter om eleven som togs bort ur elevhälsans akt i "
    "Elevhälsa Desktop vid gallring. Uppgifterna i elevregistret står med för att visa vem "
    "uppgifterna gäller; de finns kvar i akten."
)


class RetentionKind(StrEnum):
    PUPIL_LEFT = "pupil_left"
    CLOSED_PLANS = "closed_plans"
    CONTACT_ENTRIES = "contact_entries"
    ATTENDANCE = "attendance"

    @property
    def label(self) -> str:
        return {
            "pupil_left": "Elever som har slutat",
            "closed_plans": "Avslutade planer",
            "contact_entries": "Kontakter och möten",
            "attendance": "Närvaro",
        }[self.value]

    @property
    def explanation(self) -> str:
        """What the rule covers, in a sentence that follows "Gallra efter N år:"."""
        return {
            "pupil_left": "Hela akten för en elev som har flyttat eller arkiverats, när ingenting "
            "i elevens akt har ändrats på så lång tid.",
            "closed_plans": "Åtgärdsprogram och handlingsplaner som avslutades för så länge "
            "sedan, med alla versioner, insatser och uppföljningar. En plan som en stegvis "
            "återgång hänvisar till sparas så länge återgången finns.",
            "contact_entries": "Kontakter och möten som ägde rum för så länge sedan, med "
            "överenskomna åtgärder. Utlämnanden av uppgifter, orosanmälningar och kontakter med "
            "åtgärder som inte är klara sparas tills hela akten gallras.",
            "attendance": "Närvaro per dag och lektion som är äldre än så.",
        }[self.value]

    @property
    def file_word(self) -> str:
        return {
            "pupil_left": "Gallrad akt",
            "closed_plans": "Gallrade planer",
            "contact_entries": "Gallrade kontakter",
            "attendance": "Gallrad närvaro",
        }[self.value]


Rules = dict[RetentionKind, int | None]


@dataclass(frozen=True)
class DueRecord:
    """A record whose time has come under the school's rules. ``since``: the ISO date the
    rule counts from (the last change of a pupil's record, the day a plan closed, the day of a
    contact, the last attendance day to go). ``record_id``: the record's id; for attendance the
    day before which it goes."""

    kind: RetentionKind
    pupil_id: str
    description: str
    since: str
    record_id: str = ""
    pupil_name: str = ""
    class_name: str = ""

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.kind.value, self.pupil_id, self.record_id)


@dataclass(frozen=True)
class RetentionResult:
    folder: Path
    files: list[Path]
    removed: list[DueRecord]

    @property
    def pupils(self) -> int:
        return len({r.pupil_id for r in self.removed})


class RetentionError(ValidationError):
    def __init__(self, sentence: str, name: str = "selection"):
        super().__init__({name: sentence})


def summary_sentence(records: Iterable[DueRecord], folder: Path) -> str:
    """ "12 poster om 3 elever arkiveras till … och tas sedan bort ur akten. Det går inte att
    ångra." """
    records = list(records)
    pupils = len({r.pupil_id for r in records})
    posts = "1 post" if len(records) == 1 else f"{len(records)} poster"
    whom = "1 elev" if pupils == 1 else f"{pupils} elever"
    return (
        f"{posts} om {whom} arkiveras till {folder} och tas sedan bort ur akten. "
        "Det går inte att ångra."
    )


class RetentionService:
    def __init__(self, session: CaseSession, now: Callable[[], str] = now_iso):
        self.session = session
        self._now = now

    @property
    def _db(self):
        return self.session.db

    # Rules -------------------------------------------------------------------------------------
    @property
    def may_remove(self) -> bool:
        """Whether the user's role may set the rules and remove records."""
        return self.session.user.role in ROLES

    def rules(self) -> Rules:
        """Years to keep each kind, or None: keep (the default for every kind)."""
        found: Rules = {}
        for kind in RetentionKind:
            stored = users.get_setting(self._db, _SETTING.format(kind=kind.value))
            found[kind] = int(stored) if stored.isdigit() and int(stored) > 0 else None
        return found

    def save_rules(self, rules: Mapping[RetentionKind, int | None]) -> Rules:
        self._require_role()
        problems = {}
        for kind, years in rules.items():
            if years is not None and not (isinstance(years, int) and 1 <= years <= YEARS_MAX):
                problems[kind.value] = (
                    f"Skriv ett antal år mellan 1 och {YEARS_MAX}, eller välj Behåll."
                )
        if problems:
            raise ValidationError(problems)
        if dict(rules) == {k: v for k, v in self.rules().items() if k in rules}:
            return self.rules()
        with self.session.case.write() as db:
            for kind, years in rules.items():
                users.set_setting(db, _SETTING.format(kind=kind.value), str(years or ""))
            self.session.log(audit.Action.CHANGED, detail="gallringsregler")
        return self.rules()

    def _require_role(self) -> None:
        if not self.may_remove:
            raise RetentionError(
                "Gallring får bara göras av elevhälsosamordnare, rektor eller biträdande rektor. "
                "Be någon av dem, eller ändra din roll under Inställningar om den är fel.",
                "role",
            )

    # What is due -----------------------------------------------------------------------------
    def due(self, today: _dt.date | None = None) -> list[DueRecord]:
        """The records whose time has come under the rules, pupil by pupil. A pupil due whole
        is listed once, not also with the parts of the record."""
        today = today or _dt.date.today()
        rules = self.rules()
        found: list[DueRecord] = []
        whole: set[str] = set()
        names = {
            r[0]: (f"{r[1]} {r[2]}", r[3])
            for r in self._db.execute("SELECT id, given_name, family_name, class_name FROM pupil")
        }

        def record(kind, pupil_id, description, since, record_id=""):
            name, class_name = names.get(pupil_id, ("", ""))
            return DueRecord(kind, pupil_id, description, since, record_id, name, class_name)

        years = rules[RetentionKind.PUPIL_LEFT]
        if years:
            cutoff = _cutoff(today, years)
            for pupil_id, status, last in self._left_pupils():
                if last < cutoff:
                    whole.add(pupil_id)
                    found.append(
                        record(
                            RetentionKind.PUPIL_LEFT,
                            pupil_id,
                            f"Hela akten ({PupilStatus(status).label.lower()}, "
                            f"senast ändrad {last})",
                            last,
                            pupil_id,
                        )
                    )
        years = rules[RetentionKind.CLOSED_PLANS]
        if years:
            for row in self._db.execute(
                "SELECT id, pupil_id, kind, title, substr(updated_at, 1, 10) FROM plan p"
                " WHERE status = 'closed' AND substr(updated_at, 1, 10) < ?"
                " AND NOT EXISTS (SELECT 1 FROM return_plan r WHERE r.plan_id = p.id)"
                " ORDER BY updated_at",
                [_cutoff(today, years)],
            ):
                plan_id, pupil_id, kind, title, closed = row
                if pupil_id in whole:
                    continue
                words = PlanKind(kind).label + (f": {title}" if title else "")
                found.append(
                    record(
                        RetentionKind.CLOSED_PLANS,
                        pupil_id,
                        f"{words} (avslutad {closed})",
                        closed,
                        plan_id,
                    )
                )
        years = rules[RetentionKind.CONTACT_ENTRIES]
        if years:
            for entry_id, pupil_id, happened_on, summary in self._db.execute(
                "SELECT id, pupil_id, happened_on, summary FROM contact_entry e"
                " WHERE is_disclosure = 0 AND happened_on < ?"
                " AND NOT EXISTS (SELECT 1 FROM agreed_action a"
                "  WHERE a.entry_id = e.id AND a.done_on = '')"
                " ORDER BY happened_on",
                [_cutoff(today, years)],
            ):
                if pupil_id in whole:
                    continue
                found.append(
                    record(
                        RetentionKind.CONTACT_ENTRIES,
                        pupil_id,
                        f"Kontakt {happened_on}: {_shorten(summary, 60)}",
                        happened_on,
                        entry_id,
                    )
                )
        years = rules[RetentionKind.ATTENDANCE]
        if years:
            cutoff = _cutoff(today, years)
            for pupil_id, first, last, days in self._db.execute(
                "SELECT pupil_id, min(day), max(day), count(*) FROM attendance_day"
                " WHERE day < ? GROUP BY pupil_id",
                [cutoff],
            ):
                if pupil_id in whole:
                    continue
                found.append(
                    record(
                        RetentionKind.ATTENDANCE,
                        pupil_id,
                        f"Närvaro {first} – {last} ({days} dagar)",
                        last,
                        cutoff,
                    )
                )
        return sorted(found, key=lambda r: (r.pupil_name.casefold(), r.pupil_id, r.since))

    def _left_pupils(self) -> list[tuple[str, str, str]]:
        """(pupil id, status, ISO date of the last change anywhere in the record) of every
        pupil who has moved or been archived. Every table of the pupil's records with a date of
        change counts, so a record still in use keeps the whole file."""
        db = self._db
        left = {
            pupil_id: (status, updated[:10])
            for pupil_id, status, updated in db.execute(
                "SELECT id, status, updated_at FROM pupil WHERE status IN (?, ?)",
                [PupilStatus.MOVED.value, PupilStatus.ARCHIVED.value],
            )
        }
        if not left:
            return []
        latest = {pupil_id: last for pupil_id, (_status, last) in left.items()}
        for table in pupil_records.tables_with_pupil_id(db):
            if table in pupil_records.NEVER_REMOVED or table == "pupil":
                continue
            columns = pupil_records.columns(db, table)
            stamp = next(
                (c for c in ("updated_at", "day", "end_day", "ends_at") if c in columns), None
            )
            if stamp is None:
                continue
            for pupil_id, last in db.execute(
                f'SELECT pupil_id, max(substr("{stamp}", 1, 10)) FROM "{table}"'
                f" WHERE pupil_id IN (SELECT id FROM pupil WHERE status IN (?, ?))"
                " GROUP BY pupil_id",
                [PupilStatus.MOVED.value, PupilStatus.ARCHIVED.value],
            ):
                if pupil_id in latest and last and last > latest[pupil_id]:
                    latest[pupil_id] = last
        # Every change of any record is in the log too (a session recorded on a ladder changes
        # no date on the pupil's own rows); reads, prints and earlier removals do not count.
        for pupil_id, last in db.execute(
            "SELECT pupil_id, max(substr(at, 1, 10)) FROM audit_log"
            " WHERE action IN ('created', 'changed', 'archived', 'imported')"
            " AND detail NOT LIKE '%: gallrad'"
            " AND pupil_id IN (SELECT id FROM pupil WHERE status IN (?, ?)) GROUP BY pupil_id",
            [PupilStatus.MOVED.value, PupilStatus.ARCHIVED.value],
        ):
            if pupil_id in latest and last and last > latest[pupil_id]:
                latest[pupil_id] = last
        return [(pupil_id, left[pupil_id][0], latest[pupil_id]) for pupil_id in left]

    # Archive, then remove ----------------------------------------------------------------------
    def archive_and_remove(
        self,
        selection: Iterable[DueRecord],
        folder: Path,
        today: _dt.date | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> RetentionResult:
        """Write the chosen records to ``folder`` (JSON and PDF per pupil and kind), read the
        files back, then remove the records in one transaction, with one log entry per removal.

        All or nothing: if anything fails (a file, a record that changed, the disk) or the work
        is cancelled through ``progress``, nothing is removed and the files written so far are
        taken away again. Raises RetentionError (a sentence for the user) or CaseFileError."""
        self._require_role()
        selection = list(selection)
        if not selection:
            raise RetentionError("Välj minst en post att gallra.")
        folder = Path(folder)
        if not folder.is_dir():
            raise RetentionError(
                f"Mappen {folder} finns inte. Välj en befintlig mapp för arkivet.", "folder"
            )
        today = today or _dt.date.today()
        progress = progress or (lambda done, total: None)
        groups: dict[tuple[str, RetentionKind], list[DueRecord]] = {}
        for item in selection:
            groups.setdefault((item.pupil_id, item.kind), []).append(item)
        written: list[Path] = []
        total = len(groups) + 1
        try:
            with self.session.case.write() as db:
                # First a write, so this transaction holds the file from its first read.
                self.session.log(
                    REMOVAL_ACTION, None, f"gallring: {len(selection)} poster, arkiv skrivet"
                )
                self._refuse_not_due(selection, today)
                with pupil_records.lifted_triggers(db):
                    for done, ((pupil_id, kind), items) in enumerate(groups.items()):
                        progress(done, total)
                        archive = self._archive(pupil_id, kind, items, today)
                        written += self._write_archive(folder, pupil_id, kind, archive, today)
                    progress(len(groups), total)
                    for (pupil_id, kind), items in groups.items():
                        self._remove(db, pupil_id, kind, items)
                progress(total, total)
        except BaseException:
            for path in written:
                with contextlib.suppress(OSError):
                    path.unlink()
            raise
        # Fold the write-ahead log into the file, so the removed pages are gone from it too.
        with contextlib.suppress(Exception):
            self.session.case.checkpoint()
        return RetentionResult(folder, written, selection)

    def _refuse_not_due(self, selection: list[DueRecord], today: _dt.date) -> None:
        due = {r.key for r in self.due(today)}
        stale = [r for r in selection if r.key not in due]
        if stale:
            raise RetentionError(
                f"{len(stale)} av de valda posterna ska inte längre gallras (de har ändrats eller "
                "reglerna har ändrats). Ingenting togs bort. Visa listan igen och välj på nytt."
            )

    def _archive(
        self, pupil_id: str, kind: RetentionKind, items: list[DueRecord], today: _dt.date
    ) -> dict:
        extracts = RegisterExtractService(self.session, now=self._now)
        rule = self.rules()[kind]
        retention = {
            "kind": kind.value,
            "kind_label": kind.label,
            "rule": f"{kind.label}: gallras efter {rule} år. {kind.explanation}",
            "removed_at": self._now(),
            "removed_by": self.session.user.name,
            "records": [r.record_id for r in items],
            "explanation": (
                f"Uppgifterna i det här arkivexemplaret togs bort ur elevhälsans akt den "
                f"{today.isoformat()} enligt skolans gallringsregel. Exemplaret ska förvaras "
                "enligt huvudmannens dokumenthanteringsplan, med samma sekretess som akten."
            ),
        }
        if kind is RetentionKind.PUPIL_LEFT:
            archive = {**extracts.extract(pupil_id), "title": ARCHIVE_TITLE, "about": WHOLE_ABOUT}
        else:
            archive = {
                **extracts.header(ARCHIVE_TITLE, PART_ABOUT),
                "pupil": extracts.register(pupil_id),
            }
            ids = [r.record_id for r in items]
            if kind is RetentionKind.CLOSED_PLANS:
                archive["plans"] = extracts.plans(pupil_id, ids)
            elif kind is RetentionKind.CONTACT_ENTRIES:
                archive["contact_entries"] = extracts.contact_entries(pupil_id, ids)
            else:
                archive["attendance"] = extracts.attendance(pupil_id, before=min(ids))
        archive["retention"] = retention
        return archive

    def _write_archive(
        self, folder: Path, pupil_id: str, kind: RetentionKind, archive: dict, today: _dt.date
    ) -> list[Path]:
        pupil = archive["pupil"]
        name = default_file_name(
            kind.file_word, pupil["class_name"], pupil["given_name"], pupil["family_name"], today
        )
        stem = f"{name.removesuffix('.pdf')} {pupil_id[:8]}"
        number = 1
        # An archive file is never replaced: a second run the same day gets a number.
        while (folder / f"{stem}.json").exists() or (folder / f"{stem}.pdf").exists():
            number += 1
            stem = f"{name.removesuffix('.pdf')} {pupil_id[:8]} ({number})"
        extracts = RegisterExtractService(self.session, now=self._now)
        title = archive["title"] + ("" if kind is RetentionKind.PUPIL_LEFT else f": {kind.label}")
        context = extracts.context(archive, title)
        story = documents.register_extract_story(archive)
        json_path, pdf_path = write_pair(folder, stem, archive, context, story)
        _verify(json_path, pdf_path, archive)
        return [json_path, pdf_path]

    def _remove(self, db, pupil_id: str, kind: RetentionKind, items: list[DueRecord]) -> None:
        remove = pupil_records.remove
        if kind is RetentionKind.PUPIL_LEFT:
            remove(db, "pupil", "id = ?", [pupil_id])
            left = [
                t
                for t in pupil_records.tables_with_pupil_id(db)
                if t not in pupil_records.NEVER_REMOVED
                and db.execute(
                    f'SELECT 1 FROM "{t}" WHERE pupil_id = ? LIMIT 1', [pupil_id]
                ).fetchone()
            ]
            if left:
                raise RetentionError(
                    "Elevens akt kunde inte tas bort helt. Ingenting togs bort.", "selection"
                )
            self.session.log(REMOVAL_ACTION, pupil_id, f"elev {pupil_id}: gallrad")
            return
        for item in items:
            if kind is RetentionKind.CLOSED_PLANS:
                count = remove(
                    db,
                    "plan",
                    "id = ? AND pupil_id = ? AND status = 'closed'",
                    [item.record_id, pupil_id],
                    {"plan", "intervention", "follow_up", "follow_up_effect", "plan_revision"},
                )
                detail = f"plan {item.record_id}: gallrad"
            elif kind is RetentionKind.CONTACT_ENTRIES:
                count = remove(
                    db,
                    "contact_entry",
                    "id = ? AND pupil_id = ? AND is_disclosure = 0",
                    [item.record_id, pupil_id],
                    {"contact_entry", "agreed_action"},
                )
                detail = f"kontakt {item.record_id}: gallrad"
            else:
                before = item.record_id
                tables = {"attendance", "attendance_day", "attendance_period", "reported_absence"}
                count = 0
                for table, where in (
                    ("attendance", "day < ?"),
                    ("attendance_day", "day < ?"),
                    ("attendance_period", "end_day < ?"),
                    ("reported_absence", "substr(ends_at, 1, 10) < ?"),
                ):
                    count += remove(
                        db, table, f"pupil_id = ? AND {where}", [pupil_id, before], tables
                    )
                detail = f"närvaro före {before}: gallrad"
            if not count:
                raise RetentionError(
                    "En av de valda posterna fanns inte längre i akten. Ingenting togs bort. "
                    "Visa listan igen och välj på nytt."
                )
            self.session.log(REMOVAL_ACTION, pupil_id, detail)


def _cutoff(today: _dt.date, years: int) -> str:
    return (today - relativedelta(years=years)).isoformat()


def _shorten(text: str, length: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _verify(json_path: Path, pdf_path: Path, data: dict) -> None:
    """Read the archive back before anything is removed: the JSON must say exactly what was
    meant to be written, the PDF must open and carry its title."""
    try:
        stored = json_path.read_bytes()
        same = (
            stored == json_bytes(data) and json.loads(stored)["pupil"]["id"] == data["pupil"]["id"]
        )
        from pypdf import PdfReader  # only here: the window should not pay for it at start

        reader = PdfReader(str(pdf_path))
        readable = len(reader.pages) > 0 and "Arkivexemplar" in (
            reader.pages[0].extract_text() or ""
        )
    except Exception:  # any failure to read back means the archive is not sound
        same = readable = False
    if not (same and readable):
        raise CannotWrite(
            f"Arkivfilerna i {json_path.parent} gick inte att läsa tillbaka. Ingenting togs bort "
            "ur akten. Kontrollera mappen (en USB-sticka kan ha lossnat) och försök igen."
        )
