"""The handover arrives: export from one case file, preview and import into another, with
matching, confirmation of doubtful matches, idempotent re-import, audit entries, and every bad
file refused without changing the receiving case file."""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest
import sqlcipher3

from elevhalsa_desktop.domain.civic_no import luhn_check_digit
from elevhalsa_desktop.domain.handover import HandoverStatus
from elevhalsa_desktop.domain.people import Role
from elevhalsa_desktop.domain.pupil import Pupil, ValidationError
from elevhalsa_desktop.importers import handover_exchange as fmt
from elevhalsa_desktop.importers.handover_exchange import (
    CannotWriteExchange,
    DamagedExchange,
    NewerExchange,
    NotAnExchange,
    TamperedExchange,
    WrongPassphrase,
)
from elevhalsa_desktop.services import handover_exchange as service_module
from elevhalsa_desktop.services.handover import HandoverService
from elevhalsa_desktop.services.handover_exchange import (
    ExchangeChanged,
    HandoverExchangeService,
    Outcome,
    OwnExchange,
    export_lines,
    preview_lines,
    result_lines,
)
from elevhalsa_desktop.services.pupils import PupilService
from elevhalsa_desktop.services.session import create_case
from elevhalsa_desktop.store import handover as handover_store
from elevhalsa_desktop.store.casefile import PLAIN_SQLITE_HEADER
from elevhalsa_desktop.store.handover_exchange import Direction
from tests.conftest import PASSWORD
from tests.dates import TODAY

PHRASE = "blå cykel under äppelträdet"
RECEIVER_PASSWORD = "ekar och lönnar i parken"


def civic(date: str, serial: str = "123") -> str:
    return f"{date}-{serial}{luhn_check_digit(date[2:] + serial)}"


ELSA_NO = civic("20140312")
ALI_NO = civic("20131201", "456")


@pytest.fixture
def receiver(tmp_path):
    s = create_case(
        tmp_path / "ekskolan.elevhalsa",
        RECEIVER_PASSWORD,
        RECEIVER_PASSWORD,
        school_name="Ekskolan",
        user_name="Karin Holm",
        role=Role.COORDINATOR,
    )
    yield s
    with contextlib.suppress(Exception):
        s.close()


@pytest.fixture
def out(tmp_path):
    folder = tmp_path / "ut"
    folder.mkdir()
    return folder


def exchange(session) -> HandoverExchangeService:
    return HandoverExchangeService(session, today=lambda: TODAY)


@pytest.fixture
def cohort(session, pupils):
    """Testskolan's year 6: three pupils with notes (two ready, one draft), one without."""
    handover = HandoverService(session, today=lambda: TODAY)
    elsa = pupils.create(Pupil("Elsa", "Öberg", civic_no=ELSA_NO, year="6", class_name="6A"))
    ali = pupils.create(
        Pupil("Ali", "Ahmadi", civic_no=ALI_NO, year="6", class_name="6A", protected_identity=True)
    )
    noah = pupils.create(Pupil("Noah", "Lind", year="6", class_name="6B"))
    pupils.create(Pupil("Sara", "Ek", year="6", class_name="6B"))
    ready = dict(status=HandoverStatus.READY, to_school="Ekskolan")
    notes = {
        "elsa": handover.save(
            handover.draft(elsa.id).with_changes(
                strengths="Bra på bild.\nLäser gärna – särskilt serier.",
                support_worked="Förberedd inför byten\n  – bildschema",
                keep_with="Ali Ahmadi",
                first_week_choices="early_mentor_talk,named_adult",
                named_adult="Karin",
                meeting_on="2026-05-20",
                **ready,
            )
        ),
        "ali": handover.save(
            handover.draft(ali.id).with_changes(pupil_words="Jag vill ”börja om”.")
        ),
        "noah": handover.save(
            handover.draft(noah.id).with_changes(strengths="Fotboll", to_year="", **ready)
        ),
    }
    return {"elsa": elsa, "ali": ali, "noah": noah, "notes": notes}


def export(session, out, **kwargs):
    return exchange(session).export(out / "klass6", PHRASE, "6", **kwargs)


def snapshot(session) -> dict[str, int]:
    """How many rows the tables an import writes to have."""
    return {
        table: session.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table in (
            "pupil",
            "handover_note",
            "audit_log",
            "handover_exchange",
            "handover_exchange_item",
        )
    }


def audit_rows(session, action: str) -> list[tuple[str, str]]:
    return session.db.execute(
        "SELECT pupil_id, detail FROM audit_log WHERE action = ? ORDER BY id", [action]
    ).fetchall()


def by_civic(session, number: str) -> str:
    return session.db.execute("SELECT id FROM pupil WHERE civic_no = ?", [number]).fetchone()[0]


# The round trip -------------------------------------------------------------------------------
def test_round_trip_between_two_case_files(session, receiver, cohort, out):
    PupilService(receiver).create(
        Pupil("Ali", "Ahmadi", civic_no=ALI_NO, year="7", class_name="7B")
    )
    sent = export(session, out)
    assert sent.path.name == "klass6.elevhalsa-overlamning"
    assert (sent.count, sent.handed_over, sent.drafts) == (3, 2, 1)
    assert sent.path.read_bytes()[:16] != PLAIN_SQLITE_HEADER
    assert any("lösenfrasen" in line.lower() for line in export_lines(sent))

    preview = exchange(receiver).preview(sent.path, PHRASE)
    assert preview.sender_school == "Testskolan" and preview.exchange_id == sent.exchange_id
    outcomes = {i.name: i.outcome for i in preview.items}
    assert outcomes == {
        "Ali Ahmadi": Outcome.MATCHED,
        "Elsa Öberg": Outcome.NEW,
        "Noah Lind": Outcome.NEW,
    }
    (ali,) = preview.of(Outcome.MATCHED)
    assert ali.existing.class_name == "7B" and ali.adds_protection
    assert snapshot(receiver)["handover_note"] == 0  # a preview writes nothing

    result = exchange(receiver).apply(preview)
    assert (result.created, result.matched, result.skipped, result.unchanged) == (2, 1, 0, 0)

    handover = HandoverService(receiver, today=lambda: TODAY)
    sending = HandoverService(session, today=lambda: TODAY)
    for key, number in (("elsa", ELSA_NO), ("ali", ALI_NO)):
        (note,) = handover.notes(by_civic(receiver, number))
        original = sending.packet(cohort["notes"][key].id).note
        assert note.status is HandoverStatus.RECEIVED
        assert (note.sender_school, note.exchange_id) == ("Testskolan", sent.exchange_id)
        for name in fmt.NOTE_COLUMNS:
            if name != "status":
                assert getattr(note, name) == getattr(original, name), name
        with pytest.raises(ValidationError):
            handover.save(note.with_changes(strengths="ändrat"))
    elsa = PupilService(receiver).open(by_civic(receiver, ELSA_NO))
    assert (elsa.year, elsa.class_name, elsa.protected_identity) == ("7", "", False)
    assert PupilService(receiver).open(by_civic(receiver, ALI_NO)).protected_identity
    noah = receiver.db.execute("SELECT year FROM pupil WHERE given_name = 'Noah'").fetchone()
    assert noah == ("",)  # the note said no year to come: left for the school system's import

    [record] = exchange(receiver).exchanges(Direction.RECEIVED)
    assert (record.id, record.packets, record.items, record.created) == (sent.exchange_id, 3, 3, 2)
    assert preview_lines(preview)[1] == "3 elever: 2 nya, 1 känd, 0 osäkra, 0 redan inlästa."
    assert result_lines(result)[0].startswith("Överlämningen från Testskolan lästes in: 2 nya")


def test_export_marks_ready_notes_handed_over_and_audits_each_pupil(session, cohort, out):
    sent = export(session, out)
    handover = HandoverService(session, today=lambda: TODAY)
    assert handover.packet(cohort["notes"]["elsa"].id).note.status is HandoverStatus.HANDED_OVER
    assert handover.packet(cohort["notes"]["elsa"].id).note.handed_over_on == TODAY.isoformat()
    assert handover.packet(cohort["notes"]["ali"].id).note.status is HandoverStatus.DRAFT
    exported = audit_rows(session, "exported")
    assert {p for p, _ in exported} == {cohort[k].id for k in ("elsa", "ali", "noah")}
    assert all(sent.exchange_id in detail for _, detail in exported)
    changed = [d for _, d in audit_rows(session, "changed") if "status: överlämnad" in d]
    assert len(changed) == 2
    # The file says what the case file now says: handed over, today.
    packets = fmt.read_exchange(sent.path, PHRASE).packets
    assert [p.note.status for p in packets] == [
        HandoverStatus.DRAFT,
        HandoverStatus.HANDED_OVER,
        HandoverStatus.HANDED_OVER,
    ]
    [record] = exchange(session).exchanges(Direction.SENT)
    assert (record.id, record.items) == (sent.exchange_id, 3)


def test_export_of_chosen_pupils(session, cohort, out):
    sent = export(session, out, pupil_ids=[cohort["noah"].id])
    assert sent.count == 1
    assert [p.pupil.full_name for p in fmt.read_exchange(sent.path, PHRASE).packets] == [
        "Noah Lind"
    ]


def test_export_refusals_write_nothing(session, cohort, out):
    before = snapshot(session)
    with pytest.raises(ValidationError, match="inga överlämningar att exportera i årskurs 5"):
        exchange(session).export(out / "x", PHRASE, "5")
    with pytest.raises(ValidationError, match="bland de valda eleverna"):
        export(session, out, pupil_ids=[])
    with pytest.raises(ValidationError, match="minst 10 tecken"):
        exchange(session).export(out / "x", "kort", "6")
    with pytest.raises(ValidationError, match="aktens lösenord"):
        exchange(session).export(out / "x", PASSWORD, "6")
    assert snapshot(session) == before
    assert list(out.iterdir()) == []


def test_a_failed_file_write_leaves_statuses_and_audit_as_they_were(
    session, cohort, out, monkeypatch
):
    def refuse(*args, **kwargs):
        raise CannotWriteExchange("Disken är full. Ingenting sparades.")

    monkeypatch.setattr(service_module, "write_exchange", refuse)
    before = snapshot(session)
    with pytest.raises(CannotWriteExchange):
        export(session, out)
    assert snapshot(session) == before
    note = HandoverService(session).packet(cohort["notes"]["elsa"].id).note
    assert note.status is HandoverStatus.READY
    assert list(out.iterdir()) == []


# Importing again, doubtful matches ------------------------------------------------------------
def test_importing_the_same_file_twice_changes_nothing(session, receiver, cohort, out):
    sent = export(session, out)
    service = exchange(receiver)
    service.apply(service.preview(sent.path, PHRASE))
    before = snapshot(receiver)
    again = service.preview(sent.path, PHRASE)
    assert again.fully_imported and again.received_before
    assert {i.outcome for i in again.items} == {Outcome.ALREADY}
    assert all(i.existing for i in again.items)
    assert "Ingenting kommer att ändras" in preview_lines(again)[-1]
    result = service.apply(again)
    assert (result.created, result.matched, result.unchanged) == (0, 0, 3)
    assert "Ingenting ändrades i akten." in result_lines(result)
    assert snapshot(receiver) == before


def test_a_doubtful_match_is_read_in_only_when_confirmed(session, receiver, cohort, out):
    pupils = PupilService(receiver)
    elsa_here = pupils.create(Pupil("Elsa", "Öberg", year="7", class_name="7A"))  # no number
    pupils.create(Pupil("Noah", "Lind", year="7", class_name="7C"))
    sent = export(session, out)
    service = exchange(receiver)
    preview = service.preview(sent.path, PHRASE)
    doubtful = {i.name: i for i in preview.doubtful}
    assert set(doubtful) == {"Elsa Öberg", "Noah Lind"}
    assert "personnummer saknas i akten" in doubtful["Elsa Öberg"].reason
    assert "personnummer saknas i filen" in doubtful["Noah Lind"].reason
    assert doubtful["Elsa Öberg"].existing.id == elsa_here.id
    lines = preview_lines(preview)
    assert any(f"[{doubtful['Elsa Öberg'].short_key}] Elsa Öberg" in line for line in lines)

    first = service.apply(preview)  # nothing confirmed: both skipped, Ali created
    assert (first.created, first.matched, first.skipped) == (1, 0, 2)
    assert len(first.skipped_reasons) == 2
    assert HandoverService(receiver).notes(elsa_here.id) == []

    second = service.preview(sent.path, PHRASE)
    assert [i.outcome for i in second.items].count(Outcome.DOUBTFUL) == 2
    elsa_key = second.key_for(doubtful["Elsa Öberg"].short_key)
    noah_key = second.key_for(doubtful["Noah Lind"].key)
    result = service.apply(second, confirmed=[elsa_key], create_new=[noah_key])
    assert (result.created, result.matched, result.skipped, result.unchanged) == (1, 1, 0, 1)
    (note,) = HandoverService(receiver).notes(elsa_here.id)
    assert note.status is HandoverStatus.RECEIVED
    assert pupils.open(elsa_here.id).civic_no == ""  # the register is not changed by a handover
    nouns = receiver.db.execute("SELECT count(*) FROM pupil WHERE given_name = 'Noah'").fetchone()
    assert nouns == (2,)
    items = receiver.db.execute(
        "SELECT outcome FROM handover_exchange_item ORDER BY outcome"
    ).fetchall()
    assert items == [("confirmed",), ("created",), ("created",)]


def test_confirmation_choices_are_checked(session, receiver, cohort, out):
    pupils = PupilService(receiver)
    pupils.create(Pupil("Noah", "Lind", year="7", class_name="7A"))
    pupils.create(Pupil("Noah", "Lind", year="7", class_name="7C"))
    sent = export(session, out)
    service = exchange(receiver)
    preview = service.preview(sent.path, PHRASE)
    (noah,) = preview.doubtful
    assert noah.existing is None and len(noah.candidates) == 2
    assert "2 elever i akten har samma namn" in noah.reason
    with pytest.raises(ValidationError, match="bara läsas in som ny"):
        service.apply(preview, confirmed=[noah.key])
    with pytest.raises(ValidationError, match="både"):
        service.apply(preview, confirmed=[noah.key], create_new=[noah.key])
    with pytest.raises(ValidationError, match="Bara osäkra"):
        service.apply(preview, confirmed=[preview.items[0].key])
    with pytest.raises(ValidationError):
        preview.key_for("zzzz")
    assert service.apply(preview, create_new=[noah.key]).created == 3


def test_a_namesake_with_another_civic_number_is_another_pupil(session, receiver, cohort, out):
    PupilService(receiver).create(Pupil("Elsa", "Öberg", civic_no=civic("20140101")))
    sent = export(session, out, pupil_ids=[cohort["elsa"].id])
    (item,) = exchange(receiver).preview(sent.path, PHRASE).items
    assert item.outcome is Outcome.NEW and item.new_year == "7"


# Bad files change nothing ---------------------------------------------------------------------
@pytest.fixture
def sent(session, cohort, out):
    return export(session, out).path


def test_wrong_passphrase_changes_nothing(receiver, sent):
    before = snapshot(receiver)
    with pytest.raises(WrongPassphrase, match="Lösenfrasen stämmer inte"):
        exchange(receiver).preview(sent, "fel lösenfras här")
    assert snapshot(receiver) == before


def test_truncated_and_damaged_files_change_nothing(receiver, sent):
    before = snapshot(receiver)
    data = sent.read_bytes()
    sent.write_bytes(data[: len(data) - 4096])
    with pytest.raises(DamagedExchange, match="skadad"):
        exchange(receiver).preview(sent, PHRASE)
    flipped = bytearray(data)
    flipped[len(data) // 2] ^= 0x40
    sent.write_bytes(bytes(flipped))
    with pytest.raises(DamagedExchange, match="skadad"):
        exchange(receiver).preview(sent, PHRASE)
    assert snapshot(receiver) == before


def test_a_tampered_row_is_refused_and_changes_nothing(receiver, sent):
    conn = sqlcipher3.connect(str(sent), isolation_level=None)
    conn.execute(f"PRAGMA key = '{PHRASE}'")
    conn.execute("PRAGMA cipher_compatibility = 4")
    conn.execute("UPDATE packet SET support_worked = 'Ingenting behövs' WHERE position = 1")
    conn.close()
    before = snapshot(receiver)
    with pytest.raises(TamperedExchange, match="har ändrats efter att den skapades"):
        exchange(receiver).preview(sent, PHRASE)
    assert snapshot(receiver) == before


def test_a_file_from_a_newer_version_asks_for_an_update(receiver, sent):
    conn = sqlcipher3.connect(str(sent), isolation_level=None)
    conn.execute(f"PRAGMA key = '{PHRASE}'")
    conn.execute("PRAGMA cipher_compatibility = 4")
    conn.execute("UPDATE meta SET value = '7' WHERE key = 'schema_version'")
    conn.close()
    with pytest.raises(NewerExchange, match="nyare version av Elevhälsa Desktop – uppdatera"):
        exchange(receiver).preview(sent, PHRASE)


def test_a_case_file_is_not_an_exchange_file(receiver, session, case_path):
    with pytest.raises(NotAnExchange, match="elevhälsoakt, inte en överlämningsfil"):
        exchange(receiver).preview(case_path, PASSWORD)


def test_the_sending_case_file_does_not_read_its_own_file(session, sent):
    with pytest.raises(OwnExchange, match="mottagande skolan"):
        exchange(session).preview(sent, PHRASE)


# All or nothing -------------------------------------------------------------------------------
def test_a_failure_on_the_third_packet_leaves_nothing_half_written(receiver, sent, monkeypatch):
    service = exchange(receiver)
    preview = service.preview(sent, PHRASE)
    real = handover_store.save_note
    calls = []

    def fail_third(db, note, user_id):
        calls.append(note)
        if len(calls) == 3:
            raise sqlcipher3.OperationalError("disk I/O error")
        return real(db, note, user_id)

    monkeypatch.setattr(handover_store, "save_note", fail_third)
    before = snapshot(receiver)
    with pytest.raises(Exception, match="Ingenting sparades"):
        service.apply(preview)
    assert snapshot(receiver) == before
    monkeypatch.setattr(handover_store, "save_note", real)
    assert service.apply(preview).created == 3


def test_a_pupil_that_fails_validation_mid_way_rolls_everything_back(receiver, sent):
    PupilService(receiver).create(Pupil("Ali", "Ahmadi", civic_no=ALI_NO))
    preview = exchange(receiver).preview(sent, PHRASE)
    assert [i.outcome for i in preview.items] == [Outcome.MATCHED, Outcome.NEW, Outcome.NEW]
    before = snapshot(receiver)
    # On a day before Elsa was born her civic number is refused: after Ali's note was written.
    early = HandoverExchangeService(receiver, today=lambda: dt.date(2010, 1, 1))
    with pytest.raises(ValidationError):
        early.apply(preview)
    assert snapshot(receiver) == before


def test_a_case_file_changed_since_the_preview_is_not_written(receiver, sent):
    service = exchange(receiver)
    preview = service.preview(sent, PHRASE)
    PupilService(receiver).create(Pupil("Elsa", "Öberg", civic_no=ELSA_NO))
    before = snapshot(receiver)
    with pytest.raises(ExchangeChanged, match="Förhandsgranska filen igen"):
        service.apply(preview)
    assert snapshot(receiver) == before


def test_import_audit_entries_name_the_exchange(receiver, sent):
    service = exchange(receiver)
    preview = service.preview(sent, PHRASE)
    service.apply(preview)
    xid = preview.exchange_id
    created = [d for p, d in audit_rows(receiver, "created") if p]
    assert created == [f"från överlämningsfil {xid}"] * 3
    imported = audit_rows(receiver, "imported")
    assert len(imported) == 3 and all(
        d.endswith(f"från överlämningsfil {xid}") for _, d in imported
    )
    assert all(d.startswith("överlämning ") for _, d in imported)
