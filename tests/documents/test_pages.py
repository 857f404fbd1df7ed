"""A printed document read back as text: the frame of every page, names from many languages,
tables that break cleanly and long text that is never cut off."""

from __future__ import annotations

import dataclasses
import re

import pytest

from elevhalsa_desktop.documents.blocks import (
    data_table,
    fact_table,
    long_text,
    paragraph,
    section,
    signature_lines,
)
from elevhalsa_desktop.documents.template import PUBLIC_RECORD
from tests.documents.story import (
    CONTEXT,
    PUPIL,
    action_programme,
    flat,
    interventions,
    long_field,
    page_texts,
)


@pytest.fixture(scope="module")
def three_pages():
    return page_texts(action_programme(long_pages=1))


def test_every_page_carries_school_marking_printer_and_number(three_pages):
    assert len(three_pages) == 3
    for number, text in enumerate(three_pages, start=1):
        assert "Björkängsskolan" in text
        assert "Sekretess enligt OSL 23 kap. 2 §" in text
        assert "Utskriven av Maria Lindqvist, 2026-11-23 14:05" in text
        assert f"Sida {number} av 3" in text


def test_later_pages_say_which_document_and_pupil_they_belong_to(three_pages):
    assert "Björkängsskolan · Åtgärdsprogram · Åsa Öberg-Ähl, klass 7B" in three_pages[1]


def test_names_print_with_their_own_letters(three_pages):
    text = " ".join(three_pages)
    for name in [PUPIL, "Nguyễn Thị Ánh", "Łukasz Kowalski", "Şebnem Öztürk", "Gábor Ősz"]:
        assert name in text


def test_user_markup_prints_literally_and_an_emoji_visibly(three_pages):
    text = flat(" ".join(three_pages))
    assert "speciallärare; <b> och & skrivs som text" in text
    assert "är med. [symbol]" in text


def test_empty_fields_say_so(three_pages):
    first = flat(three_pages[0])
    assert "Beslutat –" in first
    assert "Vårdnadshavares syn Inga uppgifter har registrerats." in first


def test_signature_lines_have_their_captions(three_pages):
    last = flat(three_pages[-1])
    assert "Rektor Datum Underskrift Namnförtydligande" in last
    assert "Vårdnadshavare Datum Underskrift Namnförtydligande" in last


def test_a_public_record_says_so_instead_of_secrecy():
    context = dataclasses.replace(CONTEXT, marking=PUBLIC_RECORD)
    (text,) = page_texts(paragraph("Kort."), context)
    assert "Allmän handling" in text
    assert "Sekretess" not in text


def test_a_long_school_name_is_shortened_not_run_into_the_marking():
    context = dataclasses.replace(CONTEXT, school_name="Kommunala grundskolan " * 8)
    (text,) = page_texts(paragraph("Kort."), context)
    assert "Kommunala grundskolan Kommunala" in text
    assert "…" in text
    assert "Sekretess enligt OSL 23 kap. 2 §" in text


def test_the_data_table_repeats_its_header_on_the_next_page():
    pages = page_texts([*section("Insatser"), *data_table(*_interventions(40))])
    assert len(pages) >= 2
    for page in pages:
        assert "Insats Beskrivning Ansvarig Period" in flat(page)


def test_twenty_pages_in_one_field_flow_to_the_last_sentence():
    pages = page_texts(long_text("Skolans syn", long_field(20)))
    assert len(pages) >= 20
    _assert_every_sentence(" ".join(pages), 20 * 45 - 1)


def test_twenty_pages_without_a_single_line_break_flow_too():
    text = long_field(20).replace("\n\n", " ")
    pages = page_texts(long_text("Skolans syn", text))
    assert len(pages) >= 18
    _assert_every_sentence(" ".join(pages), 20 * 45 - 1)


def test_twenty_pages_in_a_table_cell_continue_under_the_table():
    """A table row cannot break across pages: the cell shows its beginning, and the rest flows
    below the table under a numbered heading that names the cell."""
    header, rows, widths = _interventions(3)
    rows[1][1] = long_field(20)
    pages = page_texts([*data_table(header, rows, widths), *paragraph("Efter tabellen.")])
    text = flat(" ".join(pages))
    assert len(pages) >= 20
    assert "… fortsätter under tabellen [1]" in text
    assert "[1] Beskrivning: Stöd i matematik (fortsättning)" in text
    assert text.index("Samtal med kurator") < text.index("[1] Beskrivning")
    _assert_every_sentence(text, 20 * 45 - 1)
    assert text.rstrip().endswith("Efter tabellen.") or "Efter tabellen." in flat(pages[-1])


def test_a_long_fact_continues_under_the_fact_table():
    pages = page_texts(fact_table([("Elev", PUPIL), ("Bakgrund", long_field(3))]))
    text = flat(" ".join(pages))
    assert "[1] Bakgrund (fortsättning)" in text
    _assert_every_sentence(text, 3 * 45 - 1)


def test_a_table_without_rows_says_so():
    (text,) = page_texts(data_table(["Insats", "Ansvarig"], []))
    assert "Inga uppgifter har registrerats." in text


def test_a_row_with_the_wrong_number_of_cells_is_a_programming_error():
    with pytest.raises(ValueError):
        data_table(["Insats", "Ansvarig"], [["bara en"]])


# Lines of body text that bring the next block to the foot of the first page, whatever the
# exact heights: each case below is tried at every position across the page break.
FILLS = range(20, 46)


def test_signature_blocks_and_their_heading_are_never_split():
    seen = set()
    for lines in FILLS:
        story = [*paragraph("Text.\n" * lines), *section("Underskrifter")]
        story += signature_lines(["Rektor", "Vårdnadshavare"])
        pages = [flat(page) for page in page_texts(story)]
        (page,) = [p for p in pages if "Underskrifter" in p]
        seen.add(pages.index(page))
        assert (
            "Underskrifter Rektor Datum Underskrift Namnförtydligande "
            "Vårdnadshavare Datum Underskrift Namnförtydligande"
        ) in page, lines
    assert seen == {0, 1}  # the fills did bring the block to the page break


def test_a_heading_stays_with_the_first_rows_of_its_table():
    seen = set()
    for lines in FILLS:
        story = [
            *paragraph("Text.\n" * lines),
            *section("Insatser"),
            *data_table(*_interventions(6)),
        ]
        pages = [flat(page) for page in page_texts(story)]
        (page,) = [p for p in pages if "Insatser" in p]
        seen.add(pages.index(page))
        assert "Insatser Insats Beskrivning Ansvarig Period Anpassad schemaläggning" in page, lines
    assert seen == {0, 1}


def test_a_long_table_starts_under_its_heading_not_on_a_new_page():
    """ReportLab on its own would move heading and table to page 2, leaving page 1 half
    empty, because the whole table does not fit below the text."""
    story = [*paragraph("Kort inledning.\n" * 12), *section("Insatser")]
    story += data_table(*_interventions(30))
    first = flat(page_texts(story)[0])
    assert "Insatser Insats Beskrivning Ansvarig Period Anpassad schemaläggning" in first


def test_more_signatures_than_a_page_holds_still_print():
    labels = [f"Vårdnadshavare {n}" for n in range(1, 13)]
    text = flat(" ".join(page_texts(signature_lines(labels))))
    assert "Vårdnadshavare 12 Datum Underskrift Namnförtydligande" in text


@pytest.mark.parametrize("signers", [7, 8, 11])
def test_the_heading_of_many_signatures_is_never_left_alone_at_a_page_foot(signers):
    """Seven or more blocks with their heading are taller than a page: the heading must still
    start the page where the first block is, wherever the text before pushes them."""
    labels = [f"Vårdnadshavare {n}" for n in range(1, signers + 1)]
    seen = set()
    for lines in range(0, 50, 4):
        story = [*paragraph("Text.\n" * lines), *section("Underskrifter")]
        story += signature_lines(labels)
        pages = [flat(page) for page in page_texts(story)]
        (page,) = [p for p in pages if "Underskrifter" in p]
        seen.add(pages.index(page))
        assert "Underskrifter Vårdnadshavare 1 Datum Underskrift Namnförtydligande" in page, (
            signers,
            lines,
        )
        text = " ".join(pages)
        assert f"Vårdnadshavare {signers} Datum Underskrift Namnförtydligande" in text
    assert len(seen) > 1  # the text did push the signatures across a page break


def _interventions(count: int):
    return ["Insats", "Beskrivning", "Ansvarig", "Period"], interventions(count), [2.2, 4, 2, 2]


def _assert_every_sentence(text: str, last: int) -> None:
    """Sentences 1..last in order, then the closing sentence: nothing cut off or dropped."""
    numbers = [int(n) for n in re.findall(r"Mening (\d+):", flat(text))]
    assert numbers == list(range(1, last + 1))
    assert "Sista meningen i den långa texten." in flat(text)
