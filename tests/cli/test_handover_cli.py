"""The handover commands: `print handover` into a folder, `export handover` to an encrypted
exchange file, and `import handover` at the receiving school (preview, then --yes), on real case
files. ``main()`` runs in this process; one real process checks the exit code of a refusal."""

from __future__ import annotations

import contextlib

import pytest
from pypdf import PdfReader

from elevhalsa_desktop.__main__ import main
from elevhalsa_desktop.domain.civic_no import luhn_check_digit
from elevhalsa_desktop.domain.handover import HandoverStatus
from elevhalsa_desktop.domain.people import Role
from elevhalsa_desktop.domain.pupil import Pupil
from elevhalsa_desktop.services.handover import HandoverService
from elevhalsa_desktop.services.session import create_case, open_case
from tests.cli.test_cli import run
from tests.conftest import PASSWORD

PHRASE = "blå cykel under äppelträdet"
RECEIVER_PASSWORD = "ekar och lönnar i parken"
ELSA_NO = f"20140312-123{luhn_check_digit('140312123')}"


@pytest.fixture
def sender(session, pupils, case_path):
    """Testskolan's 6A: Elsa with a ready note, Ali with a draft, Sara without."""
    handover = HandoverService(session)
    elsa = pupils.create(Pupil("Elsa", "Öberg", civic_no=ELSA_NO, year="6", class_name="6A"))
    ali = pupils.create(Pupil("Ali", "Ahmadi", year="6", class_name="6A"))
    pupils.create(Pupil("Sara", "Ek", year="6", class_name="6A"))
    handover.save(
        handover.draft(elsa.id).with_changes(
            strengths="Bra på bild",
            to_school="Ekskolan",
            keep_with="Ali",
            status=HandoverStatus.READY,
        )
    )
    handover.save(handover.draft(ali.id).with_changes(pupil_words="Jag vill börja om."))
    session.close()
    return case_path


@pytest.fixture
def receiver(tmp_path):
    path = tmp_path / "ekskolan.elevhalsa"
    s = create_case(
        path,
        RECEIVER_PASSWORD,
        RECEIVER_PASSWORD,
        school_name="Ekskolan",
        user_name="Karin Holm",
        role=Role.COORDINATOR,
    )
    s.close()
    return path


@pytest.fixture
def passwords(monkeypatch):
    monkeypatch.setenv("ELEVHALSA_PASSWORD", PASSWORD)
    monkeypatch.setenv("ELEVHALSA_EXCHANGE_PASSWORD", PHRASE)


def test_print_handover_writes_one_packet_per_pupil_and_the_summary(
    sender, tmp_path, passwords, capsys
):
    out = tmp_path / "paket"
    out.mkdir()
    combined = tmp_path / "alla.pdf"
    code = main(
        [
            "print",
            "handover",
            str(sender),
            "--year",
            "6",
            "--out",
            str(out),
            "--combined",
            str(combined),
        ]
    )
    assert code == 0, capsys.readouterr().err
    names = sorted(p.name for p in out.iterdir())
    assert len(names) == 3  # two packets and the class summary
    assert not any(word in " ".join(names) for word in ("Elsa", "Öberg", "Ali", "Ahmadi", ELSA_NO))
    summary = next(out.glob("*klassöversikt*"))
    text = " ".join("".join(page.extract_text() for page in PdfReader(summary).pages).split())
    assert "Sara Ek" in text and "Ingen överlämning än" in text
    assert len(PdfReader(combined).pages) >= 3
    assert str(summary) in capsys.readouterr().out


def test_print_handover_needs_a_folder(sender, tmp_path, passwords, capsys):
    code = main(["print", "handover", str(sender), "--year", "6", "--out", str(tmp_path / "x.pdf")])
    assert code == 2
    assert "mapp" in capsys.readouterr().err


def test_export_then_import_with_preview_then_yes_then_again(
    sender, receiver, tmp_path, passwords, monkeypatch, capsys
):
    target = tmp_path / "till-ekskolan.elevhalsa-overlamning"
    assert main(["export", "handover", str(sender), "--year", "6", "--out", str(target)]) == 0
    out = capsys.readouterr().out
    assert "2 överlämningar" in out and "per telefon" in out

    monkeypatch.setenv("ELEVHALSA_PASSWORD", RECEIVER_PASSWORD)
    assert main(["import", "handover", str(receiver), str(target)]) == 0
    preview = capsys.readouterr().out
    assert "Överlämning från Testskolan" in preview and "Elsa Öberg" in preview
    assert "Inget har sparats" in preview
    with _open(receiver) as s:
        assert s.db.execute("SELECT count(*) FROM handover_note").fetchone()[0] == 0

    assert main(["import", "handover", str(receiver), str(target), "--yes"]) == 0
    assert "lästes in" in capsys.readouterr().out
    with _open(receiver) as s:
        notes = s.db.execute("SELECT status, sender_school FROM handover_note").fetchall()
    assert notes == [("received", "Testskolan")] * 2

    assert main(["import", "handover", str(receiver), str(target), "--yes"]) == 0
    assert "Ingenting ändrades" in capsys.readouterr().out
    with _open(receiver) as s:
        assert s.db.execute("SELECT count(*) FROM handover_note").fetchone()[0] == 2


def test_a_wrong_passphrase_is_refused_in_words(sender, receiver, tmp_path, passwords):
    target = tmp_path / "fil.elevhalsa-overlamning"
    assert main(["export", "handover", str(sender), "--year", "6", "--out", str(target)]) == 0
    env_phrase = "ett helt annat lösenord"
    done = run(
        "import",
        "handover",
        str(receiver),
        str(target),
        password=RECEIVER_PASSWORD,
        extra_env={"ELEVHALSA_EXCHANGE_PASSWORD": env_phrase},
    )
    assert done.returncode == 1
    assert "lösenfras" in done.stderr.lower() and "Traceback" not in done.stderr


@contextlib.contextmanager
def _open(path):
    s = open_case(path, RECEIVER_PASSWORD)
    try:
        yield s
    finally:
        s.close()
