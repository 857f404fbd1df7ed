"""The exchange file's format: written encrypted and atomically, read back identical, and every
kind of bad file refused with a Swedish sentence (never a traceback)."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
import uuid

import pytest
import sqlcipher3
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from elevhalsa_desktop.domain.civic_no import luhn_check_digit
from elevhalsa_desktop.domain.handover import (
    HandoverNote,
    HandoverPacket,
    HandoverStatus,
    PacketPupil,
)
from elevhalsa_desktop.domain.pupil import ValidationError
from elevhalsa_desktop.importers import handover_exchange as fmt
from elevhalsa_desktop.importers.handover_exchange import (
    CannotWriteExchange,
    DamagedExchange,
    ExchangeError,
    ExchangeNotFound,
    InvalidExchange,
    NewerExchange,
    NotAnExchange,
    TamperedExchange,
    WrongPassphrase,
    passphrase_problem,
    read_exchange,
    write_exchange,
)
from elevhalsa_desktop.store.casefile import PLAIN_SQLITE_HEADER

PHRASE = "blå cykel under äppelträdet"


def civic(date: str, serial: str = "123") -> str:
    """A valid civic number for ``date`` (YYYYMMDD) with ``serial``."""
    return f"{date}-{serial}{luhn_check_digit(date[2:] + serial)}"


def packet(given: str, family: str, number: str = "", **note) -> HandoverPacket:
    birth = f"{number[:4]}-{number[4:6]}-{number[6:8]}" if number else ""
    return HandoverPacket(
        pupil=PacketPupil(given, family, number, "6A", "6", False, birth),
        note=HandoverNote(
            pupil_id="",
            id=str(uuid.uuid4()),
            from_school="Björkskolan",
            from_year="6",
            to_school="Ekskolan",
            to_year="7",
            status=HandoverStatus.READY,
            **note,
        ),
        sender_school="Björkskolan",
    )


PACKETS = (
    packet(
        "Elsa",
        "Öberg",
        civic("20140312"),
        strengths="Bra på bild.\nTycker om att läsa – särskilt serier.",
        support_worked="Förberedd inför byten",
        keep_with="Ali",
        first_week_choices="early_mentor_talk,named_adult",
        meeting_on="2026-05-20",
    ),
    packet("Noah", "Lind", pupil_words="Jag vill ha samma mentor som Ali ”om det går”."),
)


def write(path, packets=PACKETS, **meta):
    values = {
        "exchange_id": str(uuid.uuid4()),
        "sender_school": "Björkskolan",
        "created_at": "2026-05-20T14:02:00+02:00",
        **meta,
    }
    return write_exchange(path, PHRASE, list(packets), **values)


@pytest.fixture
def out(tmp_path):
    """A folder of its own (tmp_path also holds the test's private home folder)."""
    folder = tmp_path / "ut"
    folder.mkdir()
    return folder


@pytest.fixture
def written(out):
    return write(out / "klass6")


def edit(path, sql: str, params=(), phrase: str = PHRASE) -> None:
    """Change the file with an ordinary SQLCipher connection, as someone with the passphrase could."""
    conn = sqlcipher3.connect(str(path), isolation_level=None)
    conn.execute(f"PRAGMA key = '{phrase}'")
    conn.execute("PRAGMA cipher_compatibility = 4")
    conn.execute(sql, params)
    conn.close()


def test_round_trip_keeps_every_packet_exactly(tmp_path):
    path = write(tmp_path / "klass6", exchange_id="0f8fad5b-d9cb-469f-a165-70867728950e")
    assert path.name == "klass6" + fmt.SUFFIX
    exchange = read_exchange(path, PHRASE)
    assert exchange.packets == PACKETS
    assert exchange.exchange_id == "0f8fad5b-d9cb-469f-a165-70867728950e"
    assert (exchange.sender_school, exchange.schema_version, exchange.count) == (
        "Björkskolan",
        1,
        2,
    )
    assert exchange.created_at == "2026-05-20T14:02:00+02:00"
    assert exchange.file_name == path.name


def test_the_file_is_encrypted_from_the_first_page_and_leaves_nothing_beside_it(written):
    head = written.read_bytes()[:16]
    assert head != PLAIN_SQLITE_HEADER
    assert b"Elsa" not in written.read_bytes()
    assert [p.name for p in written.parent.iterdir()] == [written.name]
    read_exchange(written, PHRASE)  # reading leaves nothing either (no journal, no WAL)
    assert [p.name for p in written.parent.iterdir()] == [written.name]
    with pytest.raises(sqlite3.DatabaseError):  # plain SQLite sees no database at all
        sqlite3.connect(written).execute("SELECT * FROM sqlite_master").fetchall()


def test_an_existing_file_is_replaced_whole(tmp_path):
    first = write(tmp_path / "klass6")
    second = write(tmp_path / "klass6", packets=PACKETS[:1])
    assert first == second
    assert read_exchange(second, PHRASE).count == 1


def test_a_failed_write_leaves_no_file_and_no_temporary_file(out, monkeypatch):
    def broken(*args):
        raise sqlcipher3.OperationalError("disk I/O error")

    monkeypatch.setattr(fmt, "_fill", broken)
    with pytest.raises(CannotWriteExchange):
        write(out / "klass6")
    assert list(out.iterdir()) == []


def test_writing_into_a_missing_folder_says_so(tmp_path):
    with pytest.raises(CannotWriteExchange, match="finns inte"):
        write(tmp_path / "saknas" / "klass6")


def test_the_format_carries_every_field_of_the_note_or_says_why_not():
    note_fields = {f.name for f in dataclasses.fields(HandoverNote)}
    assert note_fields == set(fmt.NOTE_COLUMNS) | fmt.NOTE_FIELDS_KEPT_HOME
    assert set(fmt.PUPIL_COLUMNS) == {f.name for f in dataclasses.fields(PacketPupil)}


def test_passphrase_rules():
    assert "minst 10 tecken" in passphrase_problem("kort")
    assert "mellanslag" in passphrase_problem(" blå cykel under ")
    assert "inte lika" in passphrase_problem(PHRASE, PHRASE + "x")
    assert passphrase_problem(PHRASE, PHRASE) is None
    with pytest.raises(ValidationError):
        write_exchange("x", "kort", [], exchange_id="x", sender_school="x", created_at="x")


def test_wrong_passphrase(written):
    with pytest.raises(WrongPassphrase, match="Lösenfrasen stämmer inte"):
        read_exchange(written, "fel lösenfras här")


def test_truncated_file_is_damaged(written):
    data = written.read_bytes()
    for size in (len(data) - 100, len(data) - 4096, 4096 + 7):
        written.write_bytes(data[:size])
        with pytest.raises(DamagedExchange, match="skadad"):
            read_exchange(written, PHRASE)


def test_bytes_flipped_in_a_later_page_is_damaged(written):
    data = bytearray(written.read_bytes())
    data[5000] ^= 0x01
    written.write_bytes(bytes(data))
    with pytest.raises(DamagedExchange, match="skadad"):
        read_exchange(written, PHRASE)


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> bytes:
    return write(tmp_path_factory.mktemp("pristine") / "klass6").read_bytes()


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(position=st.floats(0, 1, exclude_max=True), mask=st.integers(1, 255))
def test_any_flipped_byte_is_refused_with_a_sentence(out, pristine, position, mask):
    data = bytearray(pristine)
    data[int(position * len(data))] ^= mask
    path = out / "klass6.elevhalsa-overlamning"
    path.write_bytes(bytes(data))
    with pytest.raises(ExchangeError) as error:
        read_exchange(path, PHRASE)
    assert str(error.value).endswith(".")


def test_an_edited_row_with_the_right_passphrase_is_tampering(written):
    edit(written, "UPDATE packet SET strengths = 'Ändrad text' WHERE position = 0")
    with pytest.raises(TamperedExchange, match="kontrollsumma"):
        read_exchange(written, PHRASE)


def test_an_edited_sender_school_or_a_removed_row_is_tampering(tmp_path):
    path = write(tmp_path / "a")
    edit(path, "UPDATE meta SET value = 'Annan skola' WHERE key = 'sender_school'")
    with pytest.raises(TamperedExchange):
        read_exchange(path, PHRASE)
    path = write(tmp_path / "b")
    edit(path, "DELETE FROM packet WHERE position = 1")
    with pytest.raises(TamperedExchange):
        read_exchange(path, PHRASE)


def test_a_consistent_edit_that_breaks_the_rules_is_refused(written):
    """Someone who recomputes the digest still cannot smuggle in values the register refuses."""
    conn = sqlcipher3.connect(str(written), isolation_level=None)
    conn.execute(f"PRAGMA key = '{PHRASE}'")
    conn.execute("PRAGMA cipher_compatibility = 4")
    conn.execute("UPDATE packet SET civic_no = '20140312-1230' WHERE position = 0")
    cursor = conn.execute("SELECT * FROM packet ORDER BY position")
    names = [c[0] for c in cursor.description]
    rows = [
        {k: v for k, v in zip(names, r, strict=True) if k != "position"} for r in cursor.fetchall()
    ]
    meta = dict(conn.execute("SELECT key, value FROM meta"))
    conn.execute(
        "UPDATE meta SET value = ? WHERE key = 'digest'",
        [fmt.digest({k: meta[k] for k in fmt.META_KEYS}, rows)],
    )
    conn.close()
    with pytest.raises(InvalidExchange, match="elev nummer 1"):
        read_exchange(written, PHRASE)


def test_a_newer_schema_version_asks_for_an_update(written):
    edit(written, "UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    with pytest.raises(NewerExchange, match="nyare version av Elevhälsa Desktop – uppdatera"):
        read_exchange(written, PHRASE)


def test_files_that_are_not_exchange_files(tmp_path, session, case_path):
    from tests.conftest import PASSWORD

    session.close()
    with pytest.raises(NotAnExchange, match="elevhälsoakt"):
        read_exchange(case_path, PASSWORD)
    renamed = case_path.rename(tmp_path / "akt.elevhalsa-overlamning")
    with pytest.raises(NotAnExchange, match="elevhälsoakt"):
        read_exchange(renamed, PASSWORD)
    pdf = tmp_path / "brev.elevhalsa-overlamning"
    pdf.write_bytes(b"%PDF-1.7\n" + bytes(5000))
    with pytest.raises(NotAnExchange, match="inte en överlämningsfil"):
        read_exchange(pdf, PHRASE)
    empty = tmp_path / "tom.elevhalsa-overlamning"
    empty.write_bytes(b"")
    with pytest.raises(NotAnExchange, match="är tom"):
        read_exchange(empty, PHRASE)
    text = tmp_path / "text.elevhalsa-overlamning"
    text.write_text(json.dumps({"elev": "Elsa"}) * 200, encoding="utf-8")
    with pytest.raises(NotAnExchange):
        read_exchange(text, PHRASE)
    plain = tmp_path / "plain.elevhalsa-overlamning"
    sqlite3.connect(plain).execute("CREATE TABLE meta (key, value)")
    with pytest.raises(NotAnExchange, match="okrypterad"):
        read_exchange(plain, PHRASE)
    with pytest.raises(NotAnExchange, match="mapp"):
        read_exchange(tmp_path, PHRASE)
    with pytest.raises(ExchangeNotFound, match="finns inte"):
        read_exchange(tmp_path / "saknas.elevhalsa-overlamning", PHRASE)


def test_another_programs_sqlcipher_file_is_not_an_exchange_file(tmp_path):
    path = tmp_path / "annat.elevhalsa-overlamning"
    conn = sqlcipher3.connect(str(path), isolation_level=None)
    conn.execute(f"PRAGMA key = '{PHRASE}'")
    conn.execute("CREATE TABLE meta (key, value)")
    conn.execute("INSERT INTO meta VALUES ('format', 'annat')")
    conn.close()
    with pytest.raises(NotAnExchange, match="annat program"):
        read_exchange(path, PHRASE)
