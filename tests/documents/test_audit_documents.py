"""The printed log check ("Loggkontroll – utdrag"): the check, the selection in words, the
entries in a dense table, a broken chain and a cut-short selection said plainly, and the line
to sign, kept with the findings."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from elevhalsa_desktop.documents.audit_documents import (
    AUDIT_EXTRACT_TITLE,
    SIGNER,
    AuditExtract,
    audit_extract_story,
    count_text,
)
from elevhalsa_desktop.documents.template import DocumentContext

from .story import flat, page_texts

CONTEXT = DocumentContext(
    school_name="Björkängsskolan",
    printed_by="Maria Lindqvist",
    printed_at=dt.datetime(2026, 3, 18, 14, 5),
    title=AUDIT_EXTRACT_TITLE,
    subtitle="2026-02-01 – 2026-02-28",
)
ROWS = [
    ("2026-02-03 09:15", "Maria Lindqvist", "Visade", "Åsa Öhman, 7B", ""),
    ("2026-02-03 09:20", "Łukasz Kowalski", "Ändrade", "Åsa Öhman, 7B", "ändrade fält: klass"),
    ("2026-02-04 10:00", "Şebnem Öztürk", "Skrev ut", "(borttagen elev)", "plan 1a2b3c4d <b>&"),
]
EXTRACT = AuditExtract(
    checked_by="Maria Lindqvist",
    checked_at=dt.datetime(2026, 3, 18, 14, 5),
    chain_ok=True,
    chain_text="Loggen är hel (1 234 poster).",
    last_id=1234,
    fingerprint="1a2b 3c4d 5e6f 7a8b",
    selection=[("Elev", "Alla elever"), ("Period", "2026-02-01 – 2026-02-28")],
    total=3,
    rows=ROWS,
)


def test_the_extract_says_who_checked_what_and_lists_the_entries():
    pages = page_texts(audit_extract_story(EXTRACT), CONTEXT)
    text = flat(" ".join(pages))
    assert "Loggkontroll – utdrag" in text
    assert "Gjord av Maria Lindqvist" in text and "2026-03-18 14:05" in text
    assert "Loggen är hel (1 234 poster)." in text
    assert "Post nr 1234: 1a2b 3c4d 5e6f 7a8b" in text
    assert "Period 2026-02-01 – 2026-02-28" in text and "Antal poster 3 poster" in text
    assert "Łukasz Kowalski" in text and "(borttagen elev)" in text
    assert "plan 1a2b3c4d <b>&" in text  # user text is never markup
    assert "Iakttagelser och åtgärder" in text and SIGNER in text
    assert "Loggen är inte hel" not in text


def test_findings_and_signature_stay_together_on_one_page():
    many = replace(EXTRACT, rows=ROWS * 14, total=42)
    pages = page_texts(audit_extract_story(many), CONTEXT)
    last = flat(pages[-1])
    assert "Iakttagelser och åtgärder" in last and SIGNER in last


def test_a_broken_chain_and_a_cut_short_selection_are_said_plainly():
    broken = replace(
        EXTRACT,
        chain_ok=False,
        chain_text="Loggpost 40 har ändrats eller lagts till utanför programmet.",
        total=12_345,
    )
    text = flat(" ".join(page_texts(audit_extract_story(broken), CONTEXT)))
    assert "Loggen är inte hel. Loggpost 40 har ändrats" in text
    assert "Urvalet har 12 345 poster. Utdraget visar de 3 första" in text


def test_an_empty_selection_says_so():
    empty = replace(EXTRACT, rows=[], total=0, fingerprint="", last_id=0)
    text = flat(" ".join(page_texts(audit_extract_story(empty), CONTEXT)))
    assert "Inga uppgifter har registrerats." in text and "Kontrollsumma" not in text
    assert count_text(0) == "0 poster" and count_text(1) == "1 post"
    assert count_text(100_000) == "100\u00a0000 poster"
