"""The register extract (GDPR art. 15) on a real encrypted case file: it covers every table of a
pupil's records (read from the schema, so a new table cannot be missed silently), holds every
record of the pupil and none of another's, and is written as JSON and PDF, whole or not at all,
with the export in the log."""

from __future__ import annotations

import json
import re

import pytest
from pypdf import PdfReader

from elevhalsa_desktop.documents import register_extract_documents as documents
from elevhalsa_desktop.services.register_extract import TABLES, RegisterExtractService
from elevhalsa_desktop.store import audit, pupil_records
from elevhalsa_desktop.store.errors import CannotWrite
from tests.services.register_setup import CIVIC_NO, WORDS, count_rows, full_pupil


@pytest.fixture
def setup(session, pupils):
    return full_pupil(session, pupils)


def uncovered(db) -> set[str]:
    """Tables of pupil records (a pupil_id column, or hanging from such a table by a foreign
    key) that the extract does not say where it puts."""
    return (pupil_records.pupil_record_tables(db) | {"pupil"}) - TABLES.keys()


def test_every_table_of_pupil_records_is_covered(session):
    tables = pupil_records.pupil_record_tables(session.db)
    assert {"plan", "follow_up_effect", "agreed_action", "audit_log", "attendance"} <= tables
    missing = uncovered(session.db)
    assert not missing, (
        f"Tabellerna {sorted(missing)} har elevuppgifter men saknas i registerutdraget: lägg "
        "till dem i services/register_extract.py (TABLES och extract) och i retention."
    )


def test_a_new_table_is_noticed_and_still_extracted(session, pupils, setup):
    with session.case.write() as db:
        db.execute("CREATE TABLE future_note (id TEXT PRIMARY KEY, pupil_id TEXT, text TEXT)")
        db.execute(
            "INSERT INTO future_note VALUES ('n1', ?, 'Ny sorts anteckning')", [setup.pupil.id]
        )
    assert uncovered(session.db) == {"future_note"}
    extract = RegisterExtractService(session).extract(setup.pupil.id)
    assert extract["other_records"] == {
        "future_note": [{"id": "n1", "pupil_id": setup.pupil.id, "text": "Ny sorts anteckning"}]
    }


def test_the_setup_has_records_in_every_table(session, setup):
    counts = count_rows(session.db, setup.pupil.id)
    assert all(counts.values()), {t: n for t, n in counts.items() if not n}


def _extract_counts(extract: dict) -> dict[str, int]:
    plans, returns = extract["plans"], extract["staged_returns"]
    attendance = extract["attendance"]
    return {
        "pupil": 1,
        "guardian": len(extract["pupil"]["guardians"]),
        "adjustment": len(extract["adjustments"]),
        "investigation": len(extract["investigations"]),
        "plan": len(plans),
        "intervention": sum(len(p["interventions"]) for p in plans),
        "plan_revision": sum(len(p["revisions"]) for p in plans),
        "follow_up": sum(len(p["follow_ups"]) for p in plans),
        "follow_up_effect": sum(len(f["effects"]) for p in plans for f in p["follow_ups"]),
        "return_plan": len(returns),
        "return_step": sum(len(r["steps"]) for r in returns),
        "return_session": sum(len(r["sessions"]) for r in returns),
        "return_decision": sum(len(r["decisions"]) for r in returns),
        "involvement": len(extract["network"]),
        "consent": len(extract["consents"]),
        "contact_entry": len(extract["contact_entries"]),
        "agreed_action": sum(len(e["actions"]) for e in extract["contact_entries"]),
        "concern_report": len(extract["concern_reports"]),
        "attendance": len(attendance["lessons"]),
        "attendance_day": len(attendance["days"]),
        "attendance_period": len(attendance["periods"]),
        "reported_absence": len(attendance["reported_absences"]),
        "absence_investigation": len(extract["absence_investigations"]),
        "handover_note": len(extract["handover_notes"]),
        "handover_exchange_item": len(extract["handover_exchanges"]),
        "audit_log": len(extract["access_log"]),
    }


def test_the_extract_holds_every_record_of_the_pupil_and_nothing_of_another(session, setup):
    extract = RegisterExtractService(session).extract(setup.pupil.id)
    assert _extract_counts(extract) == count_rows(session.db, setup.pupil.id)
    text = json.dumps(extract, ensure_ascii=False)
    assert setup.other.id not in text and "Bos samtal" not in text
    assert extract["other_records"] == {}
    pupil = extract["pupil"]
    assert pupil["civic_no"] == CIVIC_NO and pupil["status_label"] == "Aktiv"
    assert pupil["protected_identity"] is False and pupil["created_by_name"] == "Maria Lindqvist"
    (plan,) = [p for p in extract["plans"] if p["id"] == setup.plan_id]
    assert plan["kind_label"] == "Åtgärdsprogram" and plan["status_label"] == "Aktiv"
    assert [r["revision"] for r in plan["revisions"]] == list(range(1, plan["revision"] + 1))
    assert plan["revisions"][0]["snapshot"]["title"] == WORDS["plan"]
    effect = plan["follow_ups"][0]["effects"][0]
    assert (
        effect["effect_label"] == "Bättre" and effect["intervention_what"] == WORDS["intervention"]
    )
    told = {line["what"]: line for line in extract["disclosures"]}
    assert told.keys() == {WORDS["disclosure"], WORDS["concern"]}
    assert "Eva och Per Öhman" in told[WORDS["disclosure"]]["basis"]
    assert told[WORDS["concern"]]["basis"].startswith("Orosanmälan")
    assert extract["network"][0]["organisation_name"].startswith(WORDS["organisation"])
    terms = {t["term"]: t for t in extract["attendance"]["terms"]}
    assert sum(t["school_days"] for t in terms.values()) == len(extract["attendance"]["days"])
    assert terms["HT 2015"]["absence_percent"] == 10.0  # the period total: 50 of 500 minutes
    assert terms["HT 2015"]["unexcused_percent"] == 4.0
    assert extract["imports"][0]["sources"] == "narvaro.csv"
    viewed = [e for e in extract["access_log"] if e["action"] == "viewed"]
    assert viewed and viewed[0]["user_name"] == "Maria Lindqvist"
    assert viewed[0]["user_role"] == "Elevhälsosamordnare" and viewed[0]["action_label"] == "Visade"
    assert all(
        re.fullmatch(r"\d{4}-\d{2}-\d{2}T[\d:]{8}[+-]\d{2}:\d{2}", e["at"])
        for e in extract["access_log"]
    )


def _squeezed(text: str) -> str:
    return "".join(text.split())


def test_write_saves_json_and_pdf_without_the_name_and_logs_the_export(session, setup, tmp_path):
    tmp_path = tmp_path / "utdrag"
    tmp_path.mkdir()
    service = RegisterExtractService(session)
    json_path, pdf_path = service.write(setup.pupil.id, tmp_path)
    assert json_path.parent == pdf_path.parent == tmp_path
    assert json_path.stem == pdf_path.stem
    assert (
        json_path.name.startswith("Registerutdrag 7B ÅÖ ") and setup.pupil.id[:8] in json_path.name
    )
    for name in ("Åsa", "Öhman", CIVIC_NO, CIVIC_NO.replace("-", "")):
        assert name not in json_path.name
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([json_path.name, pdf_path.name])

    data = json.loads(json_path.read_text(encoding="utf-8"))
    assert data["format"] == "elevhalsa-registerutdrag" and data["pupil"]["id"] == setup.pupil.id
    assert (
        len(data["attendance"]["lessons"]) == count_rows(session.db, setup.pupil.id)["attendance"]
    )

    text = _squeezed("\n".join(page.extract_text() for page in PdfReader(pdf_path).pages))
    for word in (*WORDS.values(), CIVIC_NO, "artikel15idataskyddsförordningen"):
        assert _squeezed(word) in text, word
    for title in ("Uppgifter i elevregistret", "Utlämnade uppgifter", "Frånvaroutredningar"):
        assert _squeezed(title) in text, title
    assert _squeezed("Vem har tagit del av uppgifterna") in text
    assert _squeezed("Bos samtal") not in text

    last = audit.entries(session.db, pupil_id=setup.pupil.id, limit=1)[0]
    assert last.action is audit.Action.EXPORTED and last.detail == "registerutdrag"


def test_the_pair_is_written_whole_or_not_at_all(session, setup, tmp_path):
    tmp_path = tmp_path / "utdrag"
    tmp_path.mkdir()
    service = RegisterExtractService(session)
    stem = service.file_stem(service.extract(setup.pupil.id))
    (tmp_path / f"{stem}.json").mkdir()  # the JSON cannot take its place
    before = len(audit.entries(session.db, pupil_id=setup.pupil.id))
    with pytest.raises(CannotWrite):
        service.write(setup.pupil.id, tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == [f"{stem}.json"]  # the PDF went again
    assert len(audit.entries(session.db, pupil_id=setup.pupil.id)) == before  # nothing logged


def test_a_missing_folder_is_said_in_words(session, setup, tmp_path):
    with pytest.raises(CannotWrite, match="finns inte"):
        RegisterExtractService(session).write(setup.pupil.id, tmp_path / "borta")


def test_the_story_draws_a_part_of_the_extract_alone():
    part = {"pupil": {"given_name": "Åsa", "family_name": "Öhman", "guardians": []}, "plans": []}
    story = documents.register_extract_story(part)
    assert story  # the register and an empty plan section, nothing else needed
