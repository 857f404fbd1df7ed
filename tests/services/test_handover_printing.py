"""Printing the handover: one packet, and a cohort in worker processes — a file per pupil with
names that name no one, the class summary, a combined file, and a cancel that leaves the folder
exactly as it was."""

from __future__ import annotations

import os
from multiprocessing import active_children

import pytest
from pypdf import PdfReader

from elevhalsa_desktop.domain.civic_no import luhn_check_digit
from elevhalsa_desktop.domain.handover import HandoverNote, HandoverPacket, PacketPupil
from elevhalsa_desktop.domain.pupil import Pupil
from elevhalsa_desktop.services.handover import HandoverService
from elevhalsa_desktop.services.handover_printing import (
    STAGING_PREFIX,
    HandoverPrintService,
    ImportCancelled,
    packet_file_names,
)
from elevhalsa_desktop.store.errors import CannotWrite
from tests.dates import TODAY

# Ten year-6 pupils; two in 6A share the initials EÖ, Łukasz has protected identity, and
# Zoé has no note yet.
NAMES = [
    ("Elsa", "Öberg", "6A"),
    ("Emil", "Östlund", "6A"),
    ("Åsa", "Ärlig", "6A"),
    ("Łukasz", "Nowak", "6A"),
    ("Ali", "Ahmadi", "6A"),
    ("Bo", "Berg", "6B"),
    ("Cia", "Carlsson", "6B"),
    ("Dan", "Dahl", "6B"),
    ("René", "Lefèvre", "6B"),
    ("Zoé", "Zander", "6B"),
]


def civic(n: int) -> str:
    digits = f"201403{n + 10:02d}"
    serial = f"{100 + n:03d}"
    return f"{digits}-{serial}{luhn_check_digit(digits[2:] + serial)}"


@pytest.fixture
def handover(session):
    return HandoverService(session, today=lambda: TODAY)


@pytest.fixture
def cohort(session, pupils, handover):
    made = []
    for n, (given, family, class_name) in enumerate(NAMES):
        pupil = pupils.create(
            Pupil(
                given,
                family,
                civic_no=civic(n),
                year="6",
                class_name=class_name,
                protected_identity=given == "Łukasz",
            )
        )
        if given != "Zoé":
            handover.save(
                handover.draft(pupil.id).with_changes(
                    to_school="Ekbackens skola",
                    strengths=f"{given} är nyfiken och ritar gärna.",
                    keep_with="Nora Ek",
                )
            )
        made.append(pupil)
    return made


@pytest.fixture
def printer(session):
    return HandoverPrintService(session, today=lambda: TODAY)


def printed(session) -> list[tuple[str, str]]:
    rows = session.db.execute(
        "SELECT pupil_id, detail FROM audit_log WHERE action = 'printed' ORDER BY id"
    )
    return [(r[0], r[1]) for r in rows]


def snapshot(folder) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def test_a_cohort_prints_a_file_per_pupil_named_without_names_and_the_summary(
    session, cohort, printer, tmp_path
):
    folder = tmp_path / "ut"
    folder.mkdir()
    seen = []
    result = printer.print_cohort(
        "6",
        folder,
        combined=tmp_path / "alla",
        progress=lambda done, total: seen.append((done, total, len(active_children()))),
        mp_context="spawn",
    )
    assert len(result.packets) == 9  # Zoé has no note
    assert sorted(folder.iterdir()) == sorted([*result.packets, result.summary])
    assert result.summary.name == f"Överlämning klassöversikt åk 6 {TODAY.isoformat()}.pdf"
    names = [p.name for p in result.packets]
    assert all(name.startswith("Överlämning 6") for name in names)
    assert len({name.casefold() for name in names}) == 9
    assert sum("6A EÖ " in name for name in names) == 2  # told apart by the id fragment
    for pupil in cohort:
        for name in names:
            assert pupil.given_name not in name and pupil.family_name not in name
            assert pupil.civic_no[:8] not in name and pupil.civic_no[-4:] not in name
    # Progress: from nothing to the summary, nine packets and the combined file; the
    # documents were drawn here and in a worker process (spawned), which has ended.
    assert [s[:2] for s in (seen[0], seen[-1])] == [(0, 11), (11, 11)]
    assert max(workers for _done, _total, workers in seen) == 1
    assert active_children() == []
    # The packets in the cohort's order (class, family name), each the pupil's own.
    first = " ".join(PdfReader(result.packets[0]).pages[0].extract_text().split())
    assert "Ali Ahmadi" in first and civic(4) in first
    summary = " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(result.summary).pages
    )
    for given, family, _class in NAMES:
        assert f"{given} {family}" in summary
    assert "Ingen överlämning än" in summary and "Skyddade personuppgifter" in summary
    # The combined file: the summary, then every packet, with a bookmark each.
    combined = PdfReader(result.combined)
    parts = [result.summary, *result.packets]
    assert result.combined == tmp_path / "alla.pdf"
    assert len(combined.pages) == sum(len(PdfReader(p).pages) for p in parts)
    assert result.pages == sum(len(PdfReader(p).pages) for p in result.packets)
    assert [item.title for item in combined.outline][:2] == [
        "Klassöversikt",
        "Ali Ahmadi, klass 6A",
    ]
    # Audited once the files are in place: each packet, and each pupil on the summary.
    entries = printed(session)
    assert len(entries) == 9 + 10
    notes = {p.note.pupil_id: p.note.id for p in HandoverService(session).packets("6")}
    assert {(pid, f"överlämning {nid}") for pid, nid in notes.items()} <= set(entries)
    assert ("överlämning klassöversikt åk 6") in {detail for _pid, detail in entries}


def test_printing_again_replaces_the_files_of_the_same_names(cohort, printer, tmp_path):
    first = printer.print_cohort("6", tmp_path, class_name="6B", processes=1)
    again = printer.print_cohort("6", tmp_path, class_name="6B", processes=1)
    assert first.packets == again.packets and len(again.packets) == 4
    assert sorted(tmp_path.glob("*.pdf")) == sorted([*again.packets, again.summary])
    assert "6B" in again.summary.name


@pytest.mark.parametrize("processes", [None, 1])
def test_a_cancel_mid_way_leaves_the_folder_as_it_was(
    session, cohort, printer, tmp_path, processes
):
    folder = tmp_path / "ut"
    folder.mkdir()
    earlier = printer.print_cohort("6", folder, class_name="6A", processes=1)
    (folder / "egna anteckningar.txt").write_text("Mina anteckningar", encoding="utf-8")
    before = snapshot(folder)
    audit_before = printed(session)

    def cancel_at_four(done: int, total: int) -> None:
        if done == 4:
            raise ImportCancelled

    with pytest.raises(ImportCancelled):
        printer.print_cohort(
            "6",
            folder,
            combined=tmp_path / "alla.pdf",
            progress=cancel_at_four,
            processes=processes,
        )
    assert snapshot(folder) == before  # the old packets untouched, nothing new, no staging
    assert not any(
        p.name.startswith(STAGING_PREFIX) or p.suffix == ".part" for p in folder.iterdir()
    )
    assert not (tmp_path / "alla.pdf").exists()
    assert printed(session) == audit_before
    assert earlier.packets[0].exists()


def test_a_target_that_cannot_be_replaced_stops_the_print_before_anything_moves(
    session, cohort, printer, tmp_path
):
    folder = tmp_path / "ut"
    folder.mkdir()
    names = packet_file_names(HandoverService(session).packets("6", "6B"))
    (folder / names[-1]).mkdir()  # a folder where a packet should go
    with pytest.raises(CannotWrite, match="är en mapp"):
        printer.print_cohort("6", folder, class_name="6B", processes=1)
    assert [p.name for p in folder.iterdir()] == [names[-1]]
    assert printed(session) == []


def test_only_the_combined_file(session, cohort, printer, tmp_path):
    folder = tmp_path / "ut"
    folder.mkdir()
    result = printer.print_cohort(
        "6", folder, class_name="6B", packets=False, summary=False, combined=tmp_path / "6B.pdf"
    )
    assert list(folder.iterdir()) == [] and result.packets == [] and result.summary is None
    assert len(PdfReader(result.combined).outline) == 1 + 4
    with pytest.raises(ValueError):
        printer.print_cohort("6", folder, packets=False, summary=False)


def test_one_packet_to_a_file_is_audited_and_its_preview_is_not(session, cohort, printer, tmp_path):
    note_id = HandoverService(session).packets("6")[0].note.id
    name = printer.suggested_file_name(note_id)
    assert name.startswith("Överlämning 6A AA ") and "Ahmadi" not in name
    target = printer.write_packet(note_id, tmp_path / "paket")
    assert target == tmp_path / "paket.pdf"
    assert "Ali Ahmadi" in PdfReader(target).pages[0].extract_text()
    pdf = printer.preview_packet(note_id)
    assert pdf.startswith(b"%PDF")
    assert [detail for _pid, detail in printed(session)] == [f"överlämning {note_id}"]


def test_file_names_grow_the_id_fragment_until_they_differ():
    def packet(pupil_id: str) -> HandoverPacket:
        pupil = PacketPupil("Elsa", "Öberg", class_name="6A")
        return HandoverPacket(pupil, HandoverNote(pupil_id=pupil_id), "Björkdalsskolan")

    names = packet_file_names([packet("abcd1111-x"), packet("ABCD2222-y"), packet("ffff0000-z")])
    assert names == [
        "Överlämning 6A EÖ abcd1111.pdf",
        "Överlämning 6A EÖ ABCD2222.pdf",
        "Överlämning 6A EÖ ffff.pdf",
    ]


def test_an_error_while_drawing_leaves_nothing_behind(
    session, cohort, printer, tmp_path, monkeypatch
):
    from elevhalsa_desktop.documents import handover_documents

    drawn = []

    def failing(path, context, packet):
        drawn.append(path)
        if len(drawn) == 3:
            raise RuntimeError("trasig")
        return real(path, context, packet)

    real = handover_documents.write_packet_file
    monkeypatch.setattr(handover_documents, "write_packet_file", failing)
    folder = tmp_path / "ut"
    folder.mkdir()
    with pytest.raises(RuntimeError):
        printer.print_cohort("6", folder, processes=1)
    assert list(folder.iterdir()) == [] and printed(session) == []


def test_a_worker_that_dies_leaves_its_documents_to_this_process(
    session, cohort, printer, tmp_path, monkeypatch
):
    """A worker killed or unable to start (a security program, a frozen build without
    freeze_support) does not stop the print. Fork, so the worker inherits the patch."""
    from elevhalsa_desktop.documents import handover_documents

    monkeypatch.setattr(handover_documents, "prepare_worker", lambda: os._exit(3))
    folder = tmp_path / "ut"
    folder.mkdir()
    result = printer.print_cohort("6", folder, mp_context="fork")
    assert len(result.packets) == 9
    assert sorted(folder.iterdir()) == sorted([*result.packets, result.summary])
    assert all(len(PdfReader(p).pages) >= 1 for p in result.packets)
