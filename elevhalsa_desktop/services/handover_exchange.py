"""The handover arrives: the sending school exports its packets to one encrypted exchange file,
the receiving school previews it and reads it in.

Export (sending school): the packets of the cohort (or of chosen pupils) go into the file; notes
that were "ready" become "handed over" on that day, and the file carries that status; one
"exported" audit entry per pupil. The file is written inside the same transaction, so the marks
and the file come together or not at all.

Import (receiving school): ``preview`` reads and checks the file and says, per pupil, what will
happen; it writes nothing. ``apply`` writes, in one transaction:

- NEW: a pupil the case file does not know is created (names, civic number, protected identity;
  the year is the note's "to" year; class, address and guardians come later from the school
  system);
- MATCHED (same civic number): the note goes to that pupil;
- DOUBTFUL (same name, but a civic number missing on one side): only when the user confirms the
  match (``confirmed``) or says it is another pupil (``create_new``); otherwise the packet is
  skipped, with a reason, and a later import of the same file offers it again;
- ALREADY (this packet of this file was read in before): nothing changes.

Each note is stored as a received note (read-only, with the sending school named). A pupil known
here never has their register data changed by a handover, with one exception on the safe side:
a protected identity in the file is carried over onto the matched pupil.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
from collections.abc import Callable, Collection
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path

from .. import __version__
from ..domain import civic_no
from ..domain.handover import HandoverNote, HandoverPacket, HandoverStatus
from ..domain.pupil import YEAR_LABELS, YEARS, Pupil, PupilStatus, ValidationError, normalise
from ..importers.handover_exchange import (
    NOTE_COLUMNS,
    SCHEMA_VERSION,
    Exchange,
    ExchangeError,
    passphrase_problem,
    read_exchange,
    write_exchange,
)
from ..importers.records import PupilRef
from ..store import audit
from ..store import handover as handover_repo
from ..store import handover_exchange as repo
from ..store import pupils as pupil_repo
from ..store.clock import new_id, now_iso
from ..store.pupils import PupilRow
from .base import CaseService
from .handover import HandoverService
from .pupil_matching import ref_names
from .session import CaseSession

FILE = "överlämningsfil"


class ExchangeChanged(ExchangeError):
    def __init__(self) -> None:
        super().__init__(
            "Akten har ändrats sedan förhandsgranskningen (en elev har lagts till, ändrats eller "
            "filen har redan lästs in). Ingenting sparades. Förhandsgranska filen igen."
        )


class OwnExchange(ExchangeError):
    def __init__(self, file_name: str) -> None:
        super().__init__(
            f"Överlämningsfilen {file_name} har skapats från den här akten. Den ska läsas in av "
            "den mottagande skolan i deras akt. Ingenting har lästs in."
        )


class Outcome(StrEnum):
    NEW = "new"
    MATCHED = "matched"
    DOUBTFUL = "doubtful"
    ALREADY = "already"

    @property
    def label(self) -> str:
        return {
            "new": "Ny elev",
            "matched": "Känd elev",
            "doubtful": "Osäker – bekräfta",
            "already": "Redan inläst",
        }[self.value]


@dataclass(frozen=True)
class KnownPupil:
    """A pupil of the receiving case file, as the preview shows it."""

    id: str
    name: str
    class_name: str
    year: str
    masked_civic_no: str
    status: PupilStatus

    @classmethod
    def of(cls, row: PupilRow) -> KnownPupil:
        return cls(
            id=row.id,
            name=f"{row.given_name} {row.family_name}",
            class_name=row.class_name,
            year=row.year,
            masked_civic_no=civic_no.mask(row.civic_no),
            status=row.status,
        )

    @property
    def description(self) -> str:
        parts = [self.name]
        if self.class_name:
            parts.append(self.class_name)
        elif self.year:
            parts.append(f"åk {self.year}")
        if self.masked_civic_no:
            parts.append(self.masked_civic_no)
        if self.status is not PupilStatus.ACTIVE:
            parts.append(self.status.label.lower())
        return ", ".join(parts)


@dataclass(frozen=True)
class PreviewItem:
    key: str  # the note's id in the file: what the user confirms
    packet: HandoverPacket
    outcome: Outcome
    existing: KnownPupil | None = None  # MATCHED, ALREADY, and DOUBTFUL with one candidate
    candidates: tuple[KnownPupil, ...] = ()  # DOUBTFUL: the namesakes in the case file
    reason: str = ""  # DOUBTFUL: why a person must decide
    adds_protection: bool = False  # the known pupil gets the file's protected identity
    new_year: str = ""  # NEW: the year the pupil is created in

    @property
    def name(self) -> str:
        return self.packet.pupil.full_name

    @property
    def short_key(self) -> str:
        return self.key[:8]

    @property
    def confirmable(self) -> bool:
        """A doubtful match the user can confirm: there is exactly one pupil it can be."""
        return self.outcome is Outcome.DOUBTFUL and self.existing is not None

    def _plan(self) -> tuple:
        return (
            self.key,
            self.outcome,
            self.existing.id if self.existing else "",
            tuple(c.id for c in self.candidates),
            self.adds_protection,
        )


@dataclass(frozen=True)
class ExchangePreview:
    exchange: Exchange
    items: tuple[PreviewItem, ...]
    received_before: str = ""  # when this file was first read in here, if it was

    @property
    def file_name(self) -> str:
        return self.exchange.file_name

    @property
    def exchange_id(self) -> str:
        return self.exchange.exchange_id

    @property
    def sender_school(self) -> str:
        return self.exchange.sender_school

    def of(self, outcome: Outcome) -> list[PreviewItem]:
        return [i for i in self.items if i.outcome is outcome]

    def counts(self) -> dict[Outcome, int]:
        return {o: len(self.of(o)) for o in Outcome}

    @property
    def fully_imported(self) -> bool:
        """Everything in the file was read in before: nothing will change."""
        return bool(self.items) and all(i.outcome is Outcome.ALREADY for i in self.items)

    @property
    def doubtful(self) -> list[PreviewItem]:
        return self.of(Outcome.DOUBTFUL)

    def key_for(self, text: str) -> str:
        """The doubtful item's key from its full key or a prefix of it (as typed on a command
        line); ValidationError when it names none or several."""
        text = text.strip().lower()
        found = [i.key for i in self.doubtful if text and i.key.lower().startswith(text)]
        if len(found) != 1:
            raise ValidationError(
                {
                    "confirmed": f"”{text}” pekar inte ut en osäker elev i förhandsgranskningen. "
                    "Använd nyckeln inom hakparentes."
                }
            )
        return found[0]


@dataclass(frozen=True)
class ImportResult:
    exchange_id: str
    sender_school: str
    created: int
    matched: int
    skipped: int
    unchanged: int
    skipped_reasons: tuple[str, ...] = ()
    pupil_ids: tuple[str, ...] = ()  # pupils that received a note now

    @property
    def written(self) -> int:
        return self.created + self.matched


@dataclass(frozen=True)
class ExportResult:
    path: Path
    count: int
    exchange_id: str
    handed_over: int = 0  # notes that went from "ready" to "handed over" with this export
    drafts: int = 0  # notes exported while still drafts


def _folded_names(given: str, family: str) -> set[str]:
    return ref_names(PupilRef(given_name=given, family_name=family))


def _birth_date(number: str) -> str:
    if not number:
        return ""
    try:
        return civic_no.parse(number).birth_date.isoformat()
    except civic_no.CivicNoError:
        return ""


class HandoverExchangeService(CaseService):
    def __init__(self, session: CaseSession, today: Callable[[], _dt.date] = _dt.date.today):
        super().__init__(session)
        self._today = today

    # Sending -----------------------------------------------------------------------------------
    def export(
        self,
        target: Path,
        passphrase: str,
        year: str,
        class_name: str = "",
        pupil_ids: Collection[str] | None = None,
    ) -> ExportResult:
        """Write the packets of ``year`` (and ``class_name``, or of ``pupil_ids`` within it) to an
        exchange file at ``target`` (the suffix is added when missing). Notes that were ready are
        marked as handed over today; each pupil gets an "exported" audit entry."""
        problem = passphrase_problem(passphrase)
        if problem:
            raise ValidationError({"passphrase": problem})
        if passphrase == self.session.case._password:
            raise ValidationError(
                {
                    "passphrase": "Använd inte aktens lösenord för överlämningsfilen: lösenfrasen "
                    "lämnas till en annan skola. Välj en ny lösenfras."
                }
            )
        packets = HandoverService(self.session, self._today).packets(year, class_name, pupil_ids)
        if not packets:
            where = f"årskurs {year}" + (f", klass {class_name}" if class_name else "")
            chosen = "bland de valda eleverna" if pupil_ids is not None else f"i {where}"
            raise ValidationError(
                {
                    "selection": f"Det finns inga överlämningar att exportera {chosen}. "
                    "Skriv elevernas överlämningar först."
                }
            )
        today = self._today().isoformat()
        sending = [
            replace(
                p,
                note=p.note.with_changes(
                    status=HandoverStatus.HANDED_OVER, handed_over_on=p.note.handed_over_on or today
                ),
            )
            if p.note.status is HandoverStatus.READY
            else p
            for p in packets
        ]
        exchange_id = new_id()
        created_at = now_iso()
        written: Path | None = None
        try:
            with self.session.case.write() as db:
                repo.record_exchange(
                    db,
                    exchange_id=exchange_id,
                    direction=repo.Direction.SENT,
                    sender_school=self.session.school_name,
                    file_created_at=created_at,
                    program_version=__version__,
                    schema_version=SCHEMA_VERSION,
                    packets=len(sending),
                    user_id=self._user(),
                )
                for before, packet in zip(packets, sending, strict=True):
                    note = packet.note
                    if note.status is not before.note.status:
                        handover_repo.save_note(db, note, self._user())
                        self.session.log(
                            audit.Action.CHANGED,
                            note.pupil_id,
                            f"överlämning {note.id}, status: {note.status.label.lower()}",
                        )
                    repo.add_item(
                        db,
                        exchange_id=exchange_id,
                        direction=repo.Direction.SENT,
                        note_id=note.id,
                        pupil_id=note.pupil_id,
                        outcome=repo.ItemOutcome.SENT,
                        user_id=self._user(),
                    )
                    self.session.log(
                        audit.Action.EXPORTED,
                        note.pupil_id,
                        f"överlämning {note.id} i {FILE} {exchange_id}",
                    )
                written = write_exchange(
                    target,
                    passphrase,
                    sending,
                    exchange_id=exchange_id,
                    sender_school=self.session.school_name,
                    created_at=created_at,
                )
        except BaseException:
            # The file is moved into place just before the transaction commits; if the commit
            # failed, the file must not stay behind as if the export had happened.
            if written is not None:
                with contextlib.suppress(OSError):
                    written.unlink()
            raise
        return ExportResult(
            path=written,
            count=len(sending),
            exchange_id=exchange_id,
            handed_over=sum(
                b.note.status is not p.note.status for b, p in zip(packets, sending, strict=True)
            ),
            drafts=sum(p.note.status is HandoverStatus.DRAFT for p in sending),
        )

    # Receiving ---------------------------------------------------------------------------------
    def preview(self, path: Path, passphrase: str) -> ExchangePreview:
        """Read and check the exchange file and say per pupil what reading it in would do.
        Writes nothing; the passphrase is not kept."""
        exchange = read_exchange(Path(path), passphrase)
        if repo.exchange(self._db, exchange.exchange_id, repo.Direction.SENT):
            raise OwnExchange(exchange.file_name)
        before = repo.exchange(self._db, exchange.exchange_id, repo.Direction.RECEIVED)
        return ExchangePreview(
            exchange=exchange,
            items=tuple(self._plan(exchange)),
            received_before=before.created_at if before else "",
        )

    def _plan(self, exchange: Exchange) -> list[PreviewItem]:
        rows = pupil_repo.list_rows(self._db)
        by_id = {r.id: r for r in rows}
        by_number = {r.civic_no: r for r in rows if r.civic_no}
        by_name: dict[str, list[PupilRow]] = {}
        for row in rows:
            for name in _folded_names(row.given_name, row.family_name):
                by_name.setdefault(name, []).append(row)
        done = repo.received_items(self._db, exchange.exchange_id)
        items = []
        for packet in exchange.packets:
            key = packet.note.id
            incoming = packet.pupil
            if key in done:
                known = by_id.get(done[key])
                items.append(
                    PreviewItem(
                        key, packet, Outcome.ALREADY, KnownPupil.of(known) if known else None
                    )
                )
                continue
            if incoming.civic_no and incoming.civic_no in by_number:
                row = by_number[incoming.civic_no]
                items.append(
                    PreviewItem(
                        key,
                        packet,
                        Outcome.MATCHED,
                        KnownPupil.of(row),
                        adds_protection=incoming.protected_identity and not row.protected_identity,
                    )
                )
                continue
            items.append(self._by_name(key, packet, by_name))
        return items

    def _by_name(
        self, key: str, packet: HandoverPacket, by_name: dict[str, list[PupilRow]]
    ) -> PreviewItem:
        incoming = packet.pupil
        namesakes = {
            row.id: row
            for name in _folded_names(incoming.given_name, incoming.family_name)
            for row in by_name.get(name, [])
        }
        # A namesake with another civic number is another person.
        if incoming.civic_no:
            namesakes = {k: r for k, r in namesakes.items() if not r.civic_no}
        birth = incoming.birth_date or _birth_date(incoming.civic_no)
        same_birth = [r for r in namesakes.values() if birth and _birth_date(r.civic_no) == birth]
        unknown_birth = [
            r for r in namesakes.values() if not (birth and _birth_date(r.civic_no))
        ]  # a different known birth date is another person
        pool = same_birth or unknown_birth
        if not pool:
            return PreviewItem(key, packet, Outcome.NEW, new_year=_new_year(packet.note))
        candidates = tuple(KnownPupil.of(r) for r in pool)
        missing = "i akten" if incoming.civic_no else "i filen"
        if same_birth:
            reason = f"samma namn och födelsedatum, men personnummer saknas {missing}"
        else:
            reason = f"samma namn, men födelsedatum okänt (personnummer saknas {missing})"
        if len(candidates) > 1:
            reason = (
                f"{len(candidates)} elever i akten har samma namn ({reason}): läs in som ny elev, "
                "eller skriv in personnumret i elevregistret och förhandsgranska igen"
            )
        single = candidates[0] if len(candidates) == 1 else None
        return PreviewItem(
            key,
            packet,
            Outcome.DOUBTFUL,
            existing=single,
            candidates=candidates,
            reason=reason,
            adds_protection=bool(
                single and incoming.protected_identity and not pool[0].protected_identity
            ),
            new_year=_new_year(packet.note),
        )

    def apply(
        self,
        preview: ExchangePreview,
        confirmed: Collection[str] = (),
        create_new: Collection[str] = (),
    ) -> ImportResult:
        """Read the previewed file in, all or nothing. ``confirmed``: keys of doubtful items
        that are the named pupil; ``create_new``: keys of doubtful items that are another pupil
        (created new). A doubtful item in neither is skipped and offered again next time."""
        confirmed, create_new = set(confirmed), set(create_new)
        self._check_choices(preview, confirmed, create_new)
        exchange = preview.exchange
        xid = exchange.exchange_id
        created = matched = skipped = unchanged = 0
        reasons: list[str] = []
        receivers: list[str] = []
        with self.session.case.write() as db:
            plan = self._plan(exchange)
            if [i._plan() for i in plan] != [i._plan() for i in preview.items]:
                raise ExchangeChanged()
            recorded = False
            for item in plan:
                if item.outcome is Outcome.ALREADY:
                    unchanged += 1
                    continue
                new = item.outcome is Outcome.NEW or item.key in create_new
                if item.outcome is Outcome.DOUBTFUL and not new and item.key not in confirmed:
                    skipped += 1
                    reasons.append(
                        f"{item.name}: inte bekräftad – ingenting lästes in för eleven "
                        "(läs in filen igen för att bekräfta)."
                    )
                    continue
                pupil_id = "" if new else item.existing.id
                if pupil_id and (
                    pupil_id in receivers or handover_repo.received_from_exchange(db, xid, pupil_id)
                ):
                    skipped += 1
                    reasons.append(
                        f"{item.name}: en annan elev i filen har redan lästs in på "
                        f"{item.existing.name}; den här hoppades över."
                    )
                    continue
                if not recorded:
                    repo.record_exchange(
                        db,
                        exchange_id=xid,
                        direction=repo.Direction.RECEIVED,
                        sender_school=exchange.sender_school,
                        file_created_at=exchange.created_at,
                        program_version=exchange.program_version,
                        schema_version=exchange.schema_version,
                        packets=exchange.count,
                        user_id=self._user(),
                    )
                    recorded = True
                if new:
                    pupil_id = self._create_pupil(db, item, xid)
                    outcome = repo.ItemOutcome.CREATED
                    created += 1
                else:
                    if item.adds_protection:
                        self._protect(db, pupil_id, xid)
                    outcome = (
                        repo.ItemOutcome.MATCHED
                        if item.outcome is Outcome.MATCHED
                        else repo.ItemOutcome.CONFIRMED
                    )
                    matched += 1
                note_id = handover_repo.save_note(
                    db, _received_note(item.packet, pupil_id, xid), self._user()
                )
                repo.add_item(
                    db,
                    exchange_id=xid,
                    direction=repo.Direction.RECEIVED,
                    note_id=item.key,
                    pupil_id=pupil_id,
                    outcome=outcome,
                    user_id=self._user(),
                    received_note_id=note_id,
                )
                self.session.log(
                    audit.Action.IMPORTED, pupil_id, f"överlämning {note_id} från {FILE} {xid}"
                )
                receivers.append(pupil_id)
        return ImportResult(
            exchange_id=xid,
            sender_school=exchange.sender_school,
            created=created,
            matched=matched,
            skipped=skipped,
            unchanged=unchanged,
            skipped_reasons=tuple(reasons),
            pupil_ids=tuple(receivers),
        )

    def _check_choices(
        self, preview: ExchangePreview, confirmed: set[str], create_new: set[str]
    ) -> None:
        doubtful = {i.key: i for i in preview.doubtful}
        problems = {}
        if (confirmed | create_new) - set(doubtful):
            problems["confirmed"] = "Bara osäkra elever i förhandsgranskningen kan bekräftas."
        elif confirmed & create_new:
            problems["confirmed"] = (
                "En elev kan inte både bekräftas som känd och läsas in som ny. Välj det ena."
            )
        elif any(not doubtful[k].confirmable for k in confirmed):
            problems["confirmed"] = (
                "Flera elever i akten har samma namn; en sådan elev kan bara läsas in som ny."
            )
        if problems:
            raise ValidationError(problems)

    def _create_pupil(self, db, item: PreviewItem, xid: str) -> str:
        incoming = item.packet.pupil
        pupil = normalise(
            Pupil(
                given_name=incoming.given_name,
                family_name=incoming.family_name,
                civic_no=incoming.civic_no,
                year=item.new_year,
                protected_identity=incoming.protected_identity,
            ),
            self._today(),
        )
        saved = pupil_repo.insert(db, pupil, self._user())
        self.session.log(audit.Action.CREATED, saved.id, f"från {FILE} {xid}")
        return saved.id

    def _protect(self, db, pupil_id: str, xid: str) -> None:
        current = pupil_repo.get(db, pupil_id)
        protected = normalise(current.with_changes(protected_identity=True), self._today())
        pupil_repo.update(db, protected, self._user())
        self.session.log(
            audit.Action.CHANGED, pupil_id, f"fält: protected_identity (från {FILE} {xid})"
        )

    # What was sent and received ----------------------------------------------------------------
    def exchanges(self, direction: repo.Direction | None = None) -> list[repo.ExchangeRecord]:
        """The exchange files this case file has sent and received, newest first."""
        return repo.exchanges(self._db, direction)


def _new_year(note: HandoverNote) -> str:
    year = note.to_year.strip().upper()
    return year if year in YEARS else ""


def _received_note(packet: HandoverPacket, pupil_id: str, exchange_id: str) -> HandoverNote:
    note = packet.note
    return HandoverNote(
        pupil_id=pupil_id,
        status=HandoverStatus.RECEIVED,
        sender_school=packet.sender_school,
        exchange_id=exchange_id,
        **{name: getattr(note, name) for name in NOTE_COLUMNS if name != "status"},
    )


# Words for the CLI and the UI ------------------------------------------------------------------
def _n(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _when(iso: str) -> str:
    return iso[:16].replace("T", " ")


def _incoming(item: PreviewItem) -> str:
    pupil = item.packet.pupil
    parts = [pupil.full_name]
    if pupil.civic_no:
        parts.append(civic_no.mask(pupil.civic_no))
    if pupil.class_name:
        parts.append(f"från {pupil.class_name}")
    text = ", ".join(parts)
    return text + " (skyddad identitet)" if pupil.protected_identity else text


def preview_lines(preview: ExchangePreview) -> list[str]:
    """The preview in Swedish sentences, as the CLI prints it and the UI shows it."""
    exchange = preview.exchange
    counts = preview.counts()
    lines = [
        f"Överlämning från {exchange.sender_school}, skapad {_when(exchange.created_at)} "
        f"(fil {exchange.file_name}, id {exchange.exchange_id}).",
        f"{_n(exchange.count, 'elev', 'elever')}: {_n(counts[Outcome.NEW], 'ny', 'nya')}, "
        f"{_n(counts[Outcome.MATCHED], 'känd', 'kända')}, "
        f"{_n(counts[Outcome.DOUBTFUL], 'osäker', 'osäkra')}, "
        f"{_n(counts[Outcome.ALREADY], 'redan inläst', 'redan inlästa')}.",
    ]
    sections = (
        (Outcome.NEW, "Skapas som nya elever:"),
        (Outcome.MATCHED, "Känns igen på personnumret:"),
        (
            Outcome.DOUBTFUL,
            "Osäkra – läses bara in om du bekräftar dem (nyckel inom hakparentes):",
        ),
        (Outcome.ALREADY, "Redan inlästa från den här filen (ändras inte):"),
    )
    for outcome, heading in sections:
        items = preview.of(outcome)
        if not items:
            continue
        lines += ["", heading]
        for item in items:
            lines.append("  " + _item_line(item))
    lines.append("")
    if preview.fully_imported:
        lines.append(
            f"Hela filen lästes in {_when(preview.received_before)}. Ingenting kommer att ändras."
        )
    else:
        if preview.received_before:
            lines.append(
                f"Filen lästes in en gång tidigare ({_when(preview.received_before)}); "
                "bara det som inte kom med då läses in nu."
            )
        lines.append(
            "Ingenting har sparats ännu. Överlämningarna sparas som mottagna och kan inte ändras."
        )
    return lines


def _item_line(item: PreviewItem) -> str:
    text = _incoming(item)
    if item.outcome is Outcome.NEW:
        if item.new_year:
            return f"{text} – ny elev i {YEAR_LABELS[item.new_year].lower()}"
        return f"{text} – ny elev, årskursen fylls i senare"
    if item.outcome is Outcome.MATCHED:
        protect = " – skyddad identitet läggs till" if item.adds_protection else ""
        return f"{text} → {item.existing.description}{protect}"
    if item.outcome is Outcome.ALREADY:
        return f"{text} → {item.existing.description}" if item.existing else text
    if item.existing is not None:
        protect = "; skyddad identitet läggs till" if item.adds_protection else ""
        return (
            f"[{item.short_key}] {text} → {item.existing.description}? "
            f"{_sentence(item.reason)}{protect}."
        )
    names = "; ".join(c.description for c in item.candidates)
    return f"[{item.short_key}] {text} → {names}? {_sentence(item.reason)}."


def result_lines(result: ImportResult) -> list[str]:
    lines = [
        f"Överlämningen från {result.sender_school} lästes in: "
        f"{_n(result.created, 'ny elev', 'nya elever')}, "
        f"{_n(result.matched, 'känd elev', 'kända elever')}, "
        f"{result.skipped} hoppades över, {result.unchanged} var redan inlästa sedan tidigare."
    ]
    lines += [f"  {reason}" for reason in result.skipped_reasons]
    if not result.written:
        lines.append("Ingenting ändrades i akten.")
    return lines


def export_lines(result: ExportResult) -> list[str]:
    lines = [
        f"{_n(result.count, 'överlämning', 'överlämningar')} skrevs till {result.path.name} "
        f"(id {result.exchange_id})."
    ]
    if result.handed_over:
        lines.append(
            f"{_n(result.handed_over, 'överlämning', 'överlämningar')} markerades som överlämnade."
        )
    if result.drafts:
        lines.append(
            f"Obs: {result.drafts} av överlämningarna var utkast och skickades som utkast."
        )
    lines.append(
        "Lämna lösenfrasen till den mottagande skolan på annat sätt än filen, till exempel per "
        "telefon."
    )
    return lines
