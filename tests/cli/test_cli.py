"""The headless commands, run as a user would run them: a real process, real files."""

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import PASSWORD


def run(*args, password=PASSWORD, input_text=None, extra_env=None):
    env = {k: v for k, v in os.environ.items() if k != "ELEVHALSA_PASSWORD"}
    if password is not None:
        env["ELEVHALSA_PASSWORD"] = password
    env.update(extra_env or {})
    return subprocess.run(
        [sys.executable, "-m", "elevhalsa_desktop", *args],
        capture_output=True,
        text=True,
        env=env,
        input=input_text,
        timeout=60,
        check=False,
    )


@pytest.fixture
def demo_file(tmp_path):
    path = tmp_path / "demo.elevhalsa"
    result = run("demo", str(path), "--pupils", "25", "--seed", "7")
    assert result.returncode == 0, result.stderr
    return path


def test_demo_then_check_then_list(demo_file):
    check = run("check", str(demo_file))
    assert check.returncode == 0
    assert check.stdout.startswith("OK:")
    listed = run("pupils", str(demo_file), "--json")
    rows = json.loads(listed.stdout)
    assert len(rows) == 25
    assert {"id", "given_name", "family_name", "class", "year", "status"} <= rows[0].keys()
    assert all(r["class"][0] in "456789" for r in rows)
    text = run("pupils", str(demo_file))
    assert text.stdout.strip().endswith("25 elever")
    assert rows[0]["id"] in text.stdout


def test_demo_is_reproducible_and_has_no_civic_numbers(tmp_path):
    from elevhalsa_desktop.services.demo import fictional_pupils

    assert fictional_pupils(30, seed=3) == fictional_pupils(30, seed=3)
    assert all(p.civic_no == "" for p in fictional_pupils(500, seed=3))


def test_wrong_password_exits_1_with_a_sentence_and_no_traceback(demo_file):
    result = run("check", str(demo_file), password="fel lösenord igen")
    assert result.returncode == 1
    assert "Lösenordet stämmer inte" in result.stderr
    assert "Traceback" not in result.stderr


def test_foreign_file_exits_1(tmp_path):
    other = tmp_path / "brev.elevhalsa"
    other.write_text("Hej!\n" * 1000)
    result = run("check", str(other))
    assert result.returncode == 1 and "inte en elevhälsoakt" in result.stderr


def test_password_file_and_usage_errors(tmp_path, demo_file):
    secret = tmp_path / "lösen.txt"
    secret.write_text(PASSWORD + "\n", encoding="utf-8")
    assert (
        run("check", str(demo_file), "--password-file", str(secret), password=None).returncode == 0
    )
    no_password = run("check", str(demo_file), password=None, input_text="")
    assert no_password.returncode == 2 and "ELEVHALSA_PASSWORD" in no_password.stderr
    assert run("check", password=None).returncode == 2
    assert run("check", str(demo_file), "--password", PASSWORD).returncode == 2


def test_new_creates_an_encrypted_file(tmp_path):
    path = tmp_path / "skolan"
    result = run("new", str(path), "--school", "Testskolan", "--name", "Maria")
    assert result.returncode == 0, result.stderr
    created = tmp_path / "skolan.elevhalsa"
    assert created.read_bytes()[:16] != b"SQLite format 3\x00"
    again = run("new", str(path), "--school", "Testskolan", "--name", "Maria")
    assert again.returncode == 1 and "finns redan" in again.stderr
    short = run("new", str(tmp_path / "b"), "--school", "S", "--name", "M", password="kort")
    assert short.returncode == 2 and "minst 10 tecken" in short.stderr


def test_version():
    result = run("--version")
    assert result.returncode == 0 and "Elevhälsa Desktop" in result.stdout


def test_the_demo_has_plans_adjustments_and_follow_ups_due_and_overdue(tmp_path):
    from elevhalsa_desktop.services.demo import write_demo
    from elevhalsa_desktop.services.plans import PlanService

    session = write_demo(tmp_path / "demo.elevhalsa", PASSWORD, pupils=60, seed=1)
    plans = PlanService(session)
    todo = plans.todo()
    assert len(todo) >= 4
    assert sum(item.overdue for item in todo) == 1
    counts = dict(session.db.execute("SELECT kind, count(*) FROM plan GROUP BY kind").fetchall())
    assert counts["atgardsprogram"] >= 1 and counts["handlingsplan"] >= 3
    assert session.db.execute("SELECT count(*) FROM adjustment").fetchone()[0] >= 15
    assert (
        session.db.execute("SELECT count(*) FROM follow_up WHERE held_on != ''").fetchone()[0] == 1
    )
    session.close()


@pytest.fixture(scope="module")
def demo_with_plans(tmp_path_factory):
    path = tmp_path_factory.mktemp("print") / "demo.elevhalsa"
    assert run("demo", str(path), "--pupils", "40", "--seed", "3").returncode == 0
    return path


def _first(path, sql: str) -> str:
    """The first column of the first row ``sql`` finds in the case file at ``path``."""
    from elevhalsa_desktop.services.session import open_case

    session = open_case(path, PASSWORD)
    try:
        return session.db.execute(sql).fetchone()[0]
    finally:
        session.close()


def _pupil_with_plan(path) -> str:
    return _first(
        path,
        "SELECT p.pupil_id FROM plan p JOIN investigation i ON i.pupil_id = p.pupil_id LIMIT 1",
    )


@pytest.mark.parametrize(
    ("kind", "expected"),
    [("plan", "Insatser"), ("investigation", "Analys av orsaker"), ("adjustments", "Anpassningar")],
)
def test_print_writes_a_pdf_with_the_pupils_document(demo_with_plans, tmp_path, kind, expected):
    from pypdf import PdfReader

    pupil_id = _pupil_with_plan(demo_with_plans)
    out = tmp_path / f"{kind}.pdf"
    result = run("print", kind, str(demo_with_plans), "--pupil", pupil_id[:8], "--out", str(out))
    assert result.returncode == 0, result.stderr
    text = "\n".join(page.extract_text() for page in PdfReader(out).pages)
    assert expected in text and "Sida 1 av" in text and "Sekretess enligt OSL" in text


def test_print_with_an_unknown_pupil_is_a_usage_error(demo_with_plans, tmp_path):
    out = tmp_path / "x.pdf"
    result = run("print", "plan", str(demo_with_plans), "--pupil", "nobody", "--out", str(out))
    assert result.returncode == 2 and "Det finns ingen elev" in result.stderr
    assert not out.exists()


def _pupil_with_return(path) -> str:
    return _first(path, "SELECT pupil_id FROM return_plan ORDER BY started_on LIMIT 1")


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("ladder", "Här är du nu"),
        ("progress", "Tillfällen per vecka"),
        ("logsheet", "Närvarande minuter"),
    ],
)
def test_print_the_staged_return(demo_with_plans, tmp_path, kind, expected):
    from pypdf import PdfReader

    pupil_id = _pupil_with_return(demo_with_plans)
    out = tmp_path / f"{kind}.pdf"
    result = run("print", kind, str(demo_with_plans), "--pupil", pupil_id[:8], "--out", str(out))
    assert result.returncode == 0, result.stderr
    pages = [" ".join(page.extract_text().split()) for page in PdfReader(out).pages]
    text = " ".join(pages)
    assert expected in text and "Sida 1 av" in text and "Sekretess enligt OSL" in text
    if kind in ("ladder", "logsheet"):
        assert len(pages) == 1


def test_print_a_staged_return_for_a_pupil_without_one_is_a_usage_error(demo_with_plans, tmp_path):
    pupil_id = _first(
        demo_with_plans,
        "SELECT id FROM pupil WHERE id NOT IN (SELECT pupil_id FROM return_plan) LIMIT 1",
    )
    out = tmp_path / "x.pdf"
    result = run("print", "ladder", str(demo_with_plans), "--pupil", pupil_id, "--out", str(out))
    assert result.returncode == 2 and "ingen pågående stegvis återgång" in result.stderr
    assert not out.exists()


def test_the_print_kinds_are_the_document_kinds():
    from elevhalsa_desktop.__main__ import PRINT_KINDS
    from elevhalsa_desktop.services.printing import DocumentKind

    # "handover" prints a cohort into a folder (handover_cli), not one record.
    assert set(PRINT_KINDS) - {"handover"} == {k.value for k in DocumentKind}


def _pdf_text(path) -> str:
    from pypdf import PdfReader

    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(path).pages)


def test_print_a_meeting_protocol_by_its_id_without_the_pupil(demo_with_plans, tmp_path):
    meeting = _first(
        demo_with_plans, "SELECT id FROM contact_entry WHERE kind = 'sip_meeting' LIMIT 1"
    )
    out = tmp_path / "protokoll.pdf"
    result = run(
        "print", "protocol", str(demo_with_plans), "--meeting", meeting[:8], "--out", str(out)
    )
    assert result.returncode == 0, result.stderr
    text = _pdf_text(out)
    for expected in ("Protokoll SIP-möte", "Deltagare", "Klart senast", "Nästa möte", "Sida 1 av"):
        assert expected in text, expected


def test_print_protocol_with_the_pupil_takes_the_latest_meeting(demo_with_plans, tmp_path):
    pupil_id = _first(
        demo_with_plans,
        "SELECT pupil_id FROM contact_entry WHERE kind = 'collaboration_meeting' LIMIT 1",
    )
    out = tmp_path / "protokoll.pdf"
    result = run(
        "print", "protocol", str(demo_with_plans), "--pupil", pupil_id[:8], "--out", str(out)
    )
    assert result.returncode == 0, result.stderr
    assert "Protokoll samverkansmöte" in _pdf_text(out)


def test_print_protocol_usage_errors(demo_with_plans, tmp_path):
    out = tmp_path / "x.pdf"
    neither = run("print", "protocol", str(demo_with_plans), "--out", str(out))
    assert neither.returncode == 2 and "--meeting" in neither.stderr
    unknown = run("print", "protocol", str(demo_with_plans), "--meeting", "zzz", "--out", str(out))
    assert unknown.returncode == 2 and "inget möte" in unknown.stderr
    quiet = _first(
        demo_with_plans,
        "SELECT id FROM pupil WHERE id NOT IN (SELECT pupil_id FROM contact_entry) LIMIT 1",
    )
    none = run("print", "protocol", str(demo_with_plans), "--pupil", quiet, "--out", str(out))
    assert none.returncode == 2 and "inget samverkans- eller SIP-möte" in none.stderr
    no_pupil = run("print", "network", str(demo_with_plans), "--out", str(out))
    assert no_pupil.returncode == 2 and "--pupil" in no_pupil.stderr
    assert not out.exists()


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("network", ["Nätverket runt eleven", "Vårdnadshavare", "Gäller inte: gick ut"]),
        ("disclosures", ["Vem har fått veta vad", "artikel 15", "Samtycke från"]),
    ],
)
def test_print_the_network_and_the_disclosures(demo_with_plans, tmp_path, kind, expected):
    pupil_id = _first(
        demo_with_plans, "SELECT pupil_id FROM contact_entry WHERE kind = 'sip_meeting' LIMIT 1"
    )
    out = tmp_path / f"{kind}.pdf"
    result = run("print", kind, str(demo_with_plans), "--pupil", pupil_id[:8], "--out", str(out))
    assert result.returncode == 0, result.stderr
    text = _pdf_text(out)
    for part in [*expected, "Sida 1 av", "Sekretess enligt OSL"]:
        assert part in text, part
