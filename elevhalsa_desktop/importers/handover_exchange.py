"""The handover exchange file: the sending school's packets, encrypted, for the receiving school.

One file, ``*.elevhalsa-overlamning``, is an SQLCipher 4 database (AES-256, an HMAC per page,
PBKDF2-HMAC-SHA512 with 256,000 iterations: SQLCipher 4's defaults, pinned with
``cipher_compatibility = 4`` so that a later SQLCipher cannot change them under us) keyed with a
passphrase the schools exchange separately, by phone. It is encrypted from its first page: it is
written to a temporary file next to the target, read back and checked, and only then moved into
place, so a failed export never leaves half a file and nothing is ever written in plain text.

Format, schema version 1 (``SCHEMA_VERSION``):

- ``PRAGMA application_id`` = ``APPLICATION_ID`` ("EHOV"), so a case file or another program's
  database is recognised as not being an exchange file.
- ``meta(key TEXT PRIMARY KEY, value TEXT)``: ``format`` (``FORMAT_NAME``), ``schema_version``,
  ``exchange_id`` (a new UUID per export), ``sender_school``, ``created_at`` (ISO 8601),
  ``program_version``, ``count`` (packets) and ``digest``. Key-value rows, so that any later
  version can still be recognised as "newer" by its ``schema_version`` alone.
- ``packet``: one row per pupil, in the order of the export (``position``): the note's UUID
  (``note_id``), the packet's ``sender_school``, every field of ``PacketPupil``
  (``PUPIL_COLUMNS``) and the note's fields that the packet prints (``NOTE_COLUMNS``; the note's
  ``status`` is the status at the sending school). No internal ids besides the note's UUID and
  no audit data (who wrote the note when).
- ``digest`` = SHA-256 over the canonical JSON (sorted keys, UTF-8, no spaces) of
  ``{"meta": meta without digest, "packets": [row, ...]}``. SQLCipher's page HMACs already catch
  damage and edits by anyone without the passphrase; the digest catches an edit by someone with
  the passphrase who changes a row with an ordinary SQLCipher tool (a second line of defence,
  not a signature: whoever knows the passphrase and this format could recompute it).

Reading checks, in order: that the file exists and looks like an encrypted database, the
passphrase, the application id, SQLCipher's page HMACs and SQLite's structure, the format name
and schema version, the columns, the digest, and every value (names, civic numbers, dates, text
lengths) with the rules the case file uses. Every refusal is an ``ExchangeError`` whose text is a
Swedish sentence for the user; none of them writes anything.

No Qt and no case-file knowledge here beyond the keying helpers of ``store.casefile``.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import hashlib
import json
import os
import tempfile
import uuid
from dataclasses import dataclass, fields
from pathlib import Path

import sqlcipher3

from .. import __version__
from ..domain import password as password_rules
from ..domain.handover import (
    LINE_MAX,
    HandoverNote,
    HandoverPacket,
    HandoverStatus,
    PacketPupil,
    check,
)
from ..domain.pupil import Pupil, ValidationError, normalise
from ..store import casefile
from ..store.errors import write_problem

SUFFIX = ".elevhalsa-overlamning"
FORMAT_NAME = "elevhalsa-overlamning"
SCHEMA_VERSION = 1
APPLICATION_ID = 0x45484F56  # "EHOV": Elevhälsa överlämning
#: Refuse absurd files before decrypting them: a cohort of 300 full notes is a few megabytes.
MAX_FILE_BYTES = 256 << 20

PUPIL_COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(PacketPupil))
#: The note's fields that travel, as the file names them. Fixed by the format, not by the
#: dataclass: a new field in HandoverNote needs a decision (and a new schema version) to travel.
NOTE_COLUMNS: tuple[str, ...] = (
    "from_school",
    "from_year",
    "to_school",
    "to_year",
    "status",
    "responsible",
    "strengths",
    "support_worked",
    "support_not_worked",
    "attendance_history",
    "keep_with",
    "keep_apart",
    "pupil_words",
    "guardian_view",
    "involved",
    "first_week",
    "first_week_choices",
    "receiving_mentor",
    "named_adult",
    "meeting_on",
    "meeting_participants",
    "meeting_agreed",
    "handed_over_on",
)
#: HandoverNote fields deliberately not in the file: internal ids, the receiving side's own
#: fields and the record's time stamps (audit data). ``id`` travels as ``note_id``.
NOTE_FIELDS_KEPT_HOME = frozenset(
    {"pupil_id", "id", "sender_school", "exchange_id", "created_at", "updated_at"}
)
PACKET_COLUMNS: tuple[str, ...] = ("note_id", "sender_school", *PUPIL_COLUMNS, *NOTE_COLUMNS)
META_KEYS: tuple[str, ...] = (
    "format",
    "schema_version",
    "exchange_id",
    "sender_school",
    "created_at",
    "program_version",
    "count",
)
SENT_STATUSES = frozenset({HandoverStatus.DRAFT, HandoverStatus.READY, HandoverStatus.HANDED_OVER})

_SQLITE_NOTADB = 26
_AGAIN = "Be den avlämnande skolan att skicka filen på nytt."


# Errors -----------------------------------------------------------------------------------------
class ExchangeError(Exception):
    """An exchange file that cannot be written or read. ``str(error)`` is the sentence for the
    user; it never contains personal data (at most the file's name, which a person chose)."""


class ExchangeNotFound(ExchangeError):
    def __init__(self, path: Path):
        super().__init__(
            f"Filen {path.name} finns inte. Kontrollera sökvägen eller välj en annan fil."
        )


class WrongPassphrase(ExchangeError):
    def __init__(self) -> None:
        # A wrong passphrase and a damaged first page look the same to SQLCipher: say both.
        super().__init__(
            "Lösenfrasen stämmer inte, eller så är filens början skadad. Ingenting har lästs in. "
            "Kontrollera lösenfrasen (stora och små bokstäver, mellanslag) och försök igen; "
            "hjälper det inte, be den avlämnande skolan att skicka filen på nytt."
        )


class NotAnExchange(ExchangeError):
    def __init__(self, path: Path, what: str = "är inte en överlämningsfil"):
        super().__init__(
            f"Filen {path.name} {what}. Ingenting har lästs in. Välj en överlämningsfil "
            f"({SUFFIX}) som har skapats med Elevhälsa Desktop."
        )


class DamagedExchange(ExchangeError):
    def __init__(self, path: Path):
        super().__init__(
            f"Överlämningsfilen {path.name} är skadad (ofullständig eller ändrad under vägen) och "
            f"kan inte läsas säkert. Ingenting har lästs in. {_AGAIN}"
        )


class TamperedExchange(ExchangeError):
    def __init__(self, path: Path):
        super().__init__(
            f"Innehållet i överlämningsfilen {path.name} stämmer inte med filens kontrollsumma: "
            "filen har ändrats efter att den skapades. Ingenting har lästs in. "
            f"{_AGAIN}"
        )


class InvalidExchange(ExchangeError):
    def __init__(self, path: Path, where: str):
        self.where = where
        super().__init__(
            f"Överlämningsfilen {path.name} innehåller uppgifter som inte kan läsas in ({where}). "
            f"Ingenting har lästs in. {_AGAIN}"
        )


class NewerExchange(ExchangeError):
    def __init__(self, path: Path):
        super().__init__(
            f"Överlämningsfilen {path.name} är skapad av en nyare version av Elevhälsa Desktop "
            "– uppdatera programmet och läs in filen igen. Ingenting har lästs in."
        )


class CannotWriteExchange(ExchangeError):
    """The disk or folder refused the export; no file was left behind."""


# The passphrase --------------------------------------------------------------------------------
PASSPHRASE_MIN_LENGTH = password_rules.MIN_LENGTH


def passphrase_problem(passphrase: str, repeated: str | None = None) -> str | None:
    """A Swedish sentence saying what is wrong with a passphrase for a new exchange file, or None.
    The rule is the case file's (at least ``MIN_LENGTH`` characters): the passphrase is read out
    over the phone, so a few ordinary words are both strong and easy to pass on."""
    if len(passphrase) < PASSPHRASE_MIN_LENGTH:
        return (
            f"Lösenfrasen måste ha minst {PASSPHRASE_MIN_LENGTH} tecken (nu {len(passphrase)}). "
            "Några vanliga ord i rad är lätta att läsa upp i telefon och svåra att gissa."
        )
    if passphrase.strip() != passphrase:
        return "Lösenfrasen får inte börja eller sluta med mellanslag (de hörs inte i telefon)."
    if repeated is not None and passphrase != repeated:
        return "Lösenfraserna är inte lika. Skriv samma lösenfras i båda fälten."
    return None


# What a file holds -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Exchange:
    """The content of an exchange file, checked."""

    exchange_id: str
    sender_school: str
    created_at: str
    program_version: str
    schema_version: int
    digest: str
    packets: tuple[HandoverPacket, ...]
    file_name: str = ""

    @property
    def count(self) -> int:
        return len(self.packets)


def exchange_path(path: Path) -> Path:
    """The target with the exchange file's suffix (never, therefore, a case file's name)."""
    path = Path(path)
    return path if path.name.endswith(SUFFIX) else path.with_name(path.name + SUFFIX)


def _packet_row(packet: HandoverPacket) -> dict[str, object]:
    row: dict[str, object] = {"note_id": packet.note.id, "sender_school": packet.sender_school}
    for name in PUPIL_COLUMNS:
        value = getattr(packet.pupil, name)
        row[name] = int(value) if isinstance(value, bool) else value
    for name in NOTE_COLUMNS:
        value = getattr(packet.note, name)
        row[name] = value.value if isinstance(value, HandoverStatus) else value
    return row


def digest(meta: dict[str, str], rows: list[dict[str, object]]) -> str:
    """SHA-256 (hex) of the canonical JSON of the meta values (without the digest) and the rows."""
    content = {"meta": {k: v for k, v in meta.items() if k != "digest"}, "packets": rows}
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# Writing ---------------------------------------------------------------------------------------
_CREATE_META = "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"


def _create_packet_sql() -> str:
    text_columns = [c for c in PACKET_COLUMNS if c not in ("note_id", "protected_identity")]
    columns = [
        "position INTEGER PRIMARY KEY",
        "note_id TEXT NOT NULL UNIQUE",
        *(f"{c} TEXT NOT NULL DEFAULT ''" for c in text_columns),
        "protected_identity INTEGER NOT NULL DEFAULT 0 CHECK (protected_identity IN (0, 1))",
    ]
    return "CREATE TABLE packet (\n    " + ",\n    ".join(columns) + "\n)"


def _key(conn: sqlcipher3.Connection) -> None:
    # The exchange file travels between installations that may have different SQLCipher builds:
    # pin the version 4 settings rather than trusting each build's defaults.
    conn.execute("PRAGMA cipher_compatibility = 4")


def write_exchange(
    path: Path,
    passphrase: str,
    packets: list[HandoverPacket] | tuple[HandoverPacket, ...],
    *,
    exchange_id: str,
    sender_school: str,
    created_at: str,
    program_version: str = __version__,
) -> Path:
    """Write ``packets`` as an exchange file at ``path`` (the suffix is added when missing) and
    return the path written. Atomic: an encrypted temporary file next to the target is filled,
    closed, read back and compared, synced, and then moved over the target."""
    problem = passphrase_problem(passphrase)
    if problem:
        raise ValidationError({"passphrase": problem})
    target = exchange_path(path)
    if not target.parent.is_dir():
        raise CannotWriteExchange(f"Mappen {target.parent} finns inte. Välj en annan mapp.")
    if target.is_dir():
        raise CannotWriteExchange(f"{target.name} är en mapp. Välj ett annat filnamn.")
    rows = [_packet_row(p) for p in packets]
    meta = {
        "format": FORMAT_NAME,
        "schema_version": str(SCHEMA_VERSION),
        "exchange_id": exchange_id,
        "sender_school": sender_school,
        "created_at": created_at,
        "program_version": program_version,
        "count": str(len(rows)),
    }
    meta["digest"] = digest(meta, rows)
    temp: Path | None = None
    try:
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        os.close(handle)
        temp = Path(name)
        _fill(temp, passphrase, meta, rows)
        written = read_exchange(temp, passphrase)
        if written.digest != meta["digest"] or written.count != len(rows):
            raise CannotWriteExchange(
                f"Det gick inte att skriva {target.name} korrekt. Ingen fil skapades. Försök igen."
            )
        _fsync(temp)
        os.replace(temp, target)
        temp = None
        _fsync_folder(target.parent)
    except CannotWriteExchange:
        raise
    except InvalidExchange as error:
        # The case file's own rules were met when the notes were saved; a value that fails them
        # now (a rule that became stricter) is named by its place in the export.
        raise CannotWriteExchange(
            f"Överlämningsfilen skapades inte: uppgifterna för {error.where} i urvalet följer inte "
            "reglerna. Öppna elevens överlämning, spara den igen och försök på nytt."
        ) from error
    except ExchangeError as error:
        raise CannotWriteExchange(
            f"Det gick inte att skriva {target.name} korrekt. Ingen fil skapades. Försök igen."
        ) from error
    except (OSError, sqlcipher3.Error) as error:
        raise CannotWriteExchange(str(write_problem(target, error))) from error
    finally:
        if temp is not None:
            with contextlib.suppress(OSError):
                temp.unlink()
    return target


def _fill(temp: Path, passphrase: str, meta: dict[str, str], rows: list[dict]) -> None:
    conn = casefile.connect_keyed(temp, passphrase)
    try:
        _key(conn)
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        # No side files: the journal and temporary tables stay in memory (the file is a temporary
        # one until it is complete, so the journal's crash safety is not needed).
        conn.execute("PRAGMA journal_mode = MEMORY")
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute("BEGIN")
        conn.execute(_CREATE_META)
        conn.execute(_create_packet_sql())
        conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?)", list(meta.items()))
        placeholders = ", ".join("?" * (len(PACKET_COLUMNS) + 1))
        conn.executemany(
            f"INSERT INTO packet (position, {', '.join(PACKET_COLUMNS)}) VALUES ({placeholders})",
            [[position, *(row[c] for c in PACKET_COLUMNS)] for position, row in enumerate(rows)],
        )
        conn.execute("COMMIT")
    finally:
        conn.close()


def _fsync(path: Path) -> None:
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())


def _fsync_folder(folder: Path) -> None:
    """Make the rename durable where the OS allows syncing a folder (not on Windows)."""
    with contextlib.suppress(OSError, AttributeError):
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


# Reading ---------------------------------------------------------------------------------------
def _first_look(path: Path) -> None:
    """Refuse what cannot be an exchange file, judged before decrypting anything."""
    if not path.exists():
        raise ExchangeNotFound(path)
    if path.is_dir():
        raise NotAnExchange(path, "är en mapp, inte en överlämningsfil")
    if path.name.endswith(casefile.SUFFIX):
        raise NotAnExchange(path, "är en elevhälsoakt, inte en överlämningsfil")
    size = path.stat().st_size
    if size == 0:
        raise NotAnExchange(path, "är tom")
    if size > MAX_FILE_BYTES:
        raise NotAnExchange(path, "är för stor för att vara en överlämningsfil")
    with path.open("rb") as handle:
        head = handle.read(16)
    if head == casefile.PLAIN_SQLITE_HEADER:
        raise NotAnExchange(path, "är en okrypterad databas, inte en överlämningsfil")
    # An encrypted file starts with a random salt; known file signatures and plain text do not.
    if head.startswith(casefile.KNOWN_SIGNATURES) or all(
        32 <= b < 127 or b in b"\t\r\n" for b in head
    ):
        raise NotAnExchange(path)
    if size < 1024 or size % 512:
        raise DamagedExchange(path)


def read_exchange(path: Path, passphrase: str) -> Exchange:
    """Open, check and read an exchange file. Raises an ExchangeError subclass with a sentence
    for the user; reads only (the file is never changed)."""
    path = Path(path)
    _first_look(path)
    try:
        conn = casefile.connect_keyed(path, passphrase)
    except sqlcipher3.Error as error:
        raise DamagedExchange(path) from error
    try:
        return _read(conn, path)
    except ExchangeError:
        raise
    except (sqlcipher3.Error, ValueError, TypeError, KeyError) as error:
        raise DamagedExchange(path) from error
    finally:
        conn.close()


def _read(conn: sqlcipher3.Connection, path: Path) -> Exchange:
    _key(conn)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.DatabaseError as error:
        # SQLCipher says "not a database" when the first page does not decrypt (a wrong key, or
        # a damaged first page); anything else (a file cut short) is damage.
        if getattr(error, "sqlite_errorcode", _SQLITE_NOTADB) == _SQLITE_NOTADB:
            raise WrongPassphrase() from None
        raise DamagedExchange(path) from None
    (app_id,) = conn.execute("PRAGMA application_id").fetchone()
    if app_id == casefile.APPLICATION_ID:
        raise NotAnExchange(path, "är en elevhälsoakt, inte en överlämningsfil")
    if app_id != APPLICATION_ID:
        raise NotAnExchange(path, "är en krypterad databas från ett annat program")
    if not casefile.sound(conn):
        raise DamagedExchange(path)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "meta" not in tables:
        raise NotAnExchange(path)
    meta = {str(k): v for k, v in conn.execute("SELECT key, value FROM meta")}
    if meta.get("format") != FORMAT_NAME:
        raise NotAnExchange(path)
    try:
        version = int(str(meta.get("schema_version", "")))
    except ValueError:
        raise DamagedExchange(path) from None
    if version > SCHEMA_VERSION:
        raise NewerExchange(path)
    if version < 1 or "packet" not in tables:
        raise DamagedExchange(path)
    if any(not isinstance(meta.get(k), str) for k in (*META_KEYS, "digest")):
        raise TamperedExchange(path)

    cursor = conn.execute("SELECT * FROM packet ORDER BY position")
    names = [c[0] for c in cursor.description]
    if set(names) != {"position", *PACKET_COLUMNS}:
        raise TamperedExchange(path)
    rows = [
        {k: v for k, v in zip(names, values, strict=True) if k != "position"}
        for values in cursor.fetchall()
    ]
    if digest({k: meta[k] for k in META_KEYS}, rows) != meta["digest"]:
        raise TamperedExchange(path)
    if meta["count"] != str(len(rows)):
        raise TamperedExchange(path)
    packets = tuple(_packet(path, position, row) for position, row in enumerate(rows, 1))
    _refuse_doubles(path, packets)
    _check_meta(path, meta)
    return Exchange(
        exchange_id=meta["exchange_id"],
        sender_school=meta["sender_school"],
        created_at=meta["created_at"],
        program_version=meta["program_version"],
        schema_version=version,
        digest=meta["digest"],
        packets=packets,
        file_name=path.name,
    )


def _check_meta(path: Path, meta: dict[str, str]) -> None:
    try:
        uuid.UUID(meta["exchange_id"])
        _dt.datetime.fromisoformat(meta["created_at"])
    except ValueError:
        raise InvalidExchange(path, "filens id eller datum") from None
    if not meta["sender_school"].strip() or len(meta["sender_school"]) > LINE_MAX:
        raise InvalidExchange(path, "den avlämnande skolans namn")


def _packet(path: Path, position: int, row: dict) -> HandoverPacket:
    where = f"elev nummer {position}"
    for name, value in row.items():
        expected = int if name == "protected_identity" else str
        if type(value) is not expected:
            raise InvalidExchange(path, where)
    if row["protected_identity"] not in (0, 1):
        raise InvalidExchange(path, where)
    try:
        uuid.UUID(row["note_id"])
        status = HandoverStatus(row["status"])
        if row["birth_date"]:
            _dt.date.fromisoformat(row["birth_date"])
    except ValueError:
        raise InvalidExchange(path, where) from None
    if status not in SENT_STATUSES:
        raise InvalidExchange(path, where)
    sender = row["sender_school"]
    if not sender.strip() or len(sender) > LINE_MAX:
        raise InvalidExchange(path, where)
    pupil = PacketPupil(
        **{
            name: bool(row[name]) if name == "protected_identity" else row[name]
            for name in PUPIL_COLUMNS
        }
    )
    try:
        # The register's own rules: names, a civic number with a right check digit, a known year.
        clean = normalise(
            Pupil(
                given_name=pupil.given_name,
                family_name=pupil.family_name,
                civic_no=pupil.civic_no,
                year=pupil.year,
                class_name=pupil.class_name,
            )
        )
    except ValidationError:
        raise InvalidExchange(path, where) from None
    if (clean.given_name, clean.family_name, clean.civic_no) != (
        pupil.given_name,
        pupil.family_name,
        pupil.civic_no,
    ):
        raise InvalidExchange(path, where)
    note = HandoverNote(
        pupil_id="",
        id=row["note_id"],
        status=status,
        **{name: row[name] for name in NOTE_COLUMNS if name != "status"},
    )
    # The note's own rules (lengths, dates, first-week choices); the rules for marking a note
    # ready were the sending school's to apply.
    if check(note.with_changes(status=HandoverStatus.DRAFT), _dt.date.today()):
        raise InvalidExchange(path, where)
    return HandoverPacket(pupil=pupil, note=note, sender_school=sender)


def _refuse_doubles(path: Path, packets: tuple[HandoverPacket, ...]) -> None:
    notes: set[str] = set()
    numbers: set[str] = set()
    for position, packet in enumerate(packets, 1):
        number = packet.pupil.civic_no
        if packet.note.id in notes or (number and number in numbers):
            raise InvalidExchange(path, f"elev nummer {position} finns två gånger")
        notes.add(packet.note.id)
        if number:
            numbers.add(number)
