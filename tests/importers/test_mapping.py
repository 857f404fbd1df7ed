from pathlib import Path

import pytest

from elevhalsa_desktop.importers.mapping import (
    ColumnMapping,
    Field,
    Status,
    attendance_problems,
    distinct_values,
    guess_attendance,
    guess_roster,
    guess_status_words,
    header_key,
    roster_problems,
)
from elevhalsa_desktop.importers.tables import open_table

SAMPLES = Path(__file__).parent / "samples"


def test_every_field_and_status_has_a_swedish_label():
    assert Field.CIVIC_NO.label == "Personnummer"
    assert Field.EXTERNAL_ID.label == "Elev-id i skolsystemet"
    assert Field.OFFERED.label == "Erbjuden tid (min)"
    assert all(f.label for f in Field)
    assert Status.UNEXCUSED.label == "ogiltig frånvaro"
    assert [s.label for s in Status] == [
        "närvarande",
        "giltig frånvaro",
        "ogiltig frånvaro",
        "sen ankomst",
    ]


def test_a_schoolsoft_header_is_guessed_whole():
    headers = [
        "Personnummer",
        "Elev",
        "Klass",
        "Datum",
        "Kurs",
        "Starttid",
        "Sluttid",
        "Erbjuden tid (min)",
        "Närvaro (min)",
        "Giltig frånvaro (min)",
        "Ogiltig frånvaro (min)",
    ]
    assert guess_attendance(headers).columns == {
        Field.CIVIC_NO: "Personnummer",
        Field.FULL_NAME: "Elev",
        Field.CLASS_NAME: "Klass",
        Field.DATE: "Datum",
        Field.LESSON_START: "Starttid",
        Field.LESSON_END: "Sluttid",
        Field.OFFERED: "Erbjuden tid (min)",
        Field.ATTENDED: "Närvaro (min)",
        Field.EXCUSED: "Giltig frånvaro (min)",
        Field.UNEXCUSED: "Ogiltig frånvaro (min)",
    }


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("PNR", Field.CIVIC_NO),
        ("Personnummer (ÅÅÅÅMMDD-NNNN)", Field.CIVIC_NO),
        ("pers.nr", Field.CIVIC_NO),
        ("Förnamn", Field.GIVEN_NAME),
        ("EFTERNAMN", Field.FAMILY_NAME),
        ("Elevens namn", Field.FULL_NAME),
        ("Klass 25/26", Field.CLASS_NAME),
        ("Åk", Field.YEAR),
        ("Schemalagd tid", Field.OFFERED),
        ("Närvarande (min)", Field.ATTENDED),
        ("giltig_frånvaro", Field.EXCUSED),
        ("Närvarostatus", Field.STATUS),
        ("Sen ankomst (min)", Field.LATE_MINUTES),
        ("Elev-ID", Field.EXTERNAL_ID),
    ],
)
def test_header_names_are_recognised_whatever_their_case_and_punctuation(header, field):
    guessed = {**guess_roster(["Ett", header]).columns, **guess_attendance(["Ett", header]).columns}
    assert guessed.get(field) == header


def test_the_most_typical_name_wins_when_two_headers_could_be_the_start():
    columns = guess_attendance(["Lektion", "Starttid", "Datum"]).columns
    assert columns[Field.LESSON_START] == "Starttid"
    assert "Lektion" not in columns.values()


def test_the_preview_drops_a_guess_whose_values_do_not_fit():
    headers = ["Elev", "Datum", "Lektion", "Närvaro"]
    preview = [["Åsa", "2026-11-23", "Matematik", "Närvarande"]]
    columns = guess_attendance(headers, preview).columns
    assert Field.LESSON_START not in columns
    # "Närvaro" holding words is the status column, not minutes.
    assert columns[Field.STATUS] == "Närvaro"
    assert Field.ATTENDED not in columns


def test_guardian_columns_are_told_apart_by_number_and_kind():
    headers = [
        "Personnummer",
        "Förnamn",
        "Efternamn",
        "Vårdnadshavare 1 namn",
        "Vårdnadshavare 1 telefon",
        "Vårdnadshavare 1 e-post",
        "VH2",
        "VH2 mobil",
        "VH2 mejl",
        "Skyddad",
        "Mentor",
    ]
    columns = guess_roster(headers).columns
    assert columns[Field.GUARDIAN1_NAME] == "Vårdnadshavare 1 namn"
    assert columns[Field.GUARDIAN1_PHONE] == "Vårdnadshavare 1 telefon"
    assert columns[Field.GUARDIAN1_EMAIL] == "Vårdnadshavare 1 e-post"
    assert columns[Field.GUARDIAN2_NAME] == "VH2"
    assert columns[Field.GUARDIAN2_PHONE] == "VH2 mobil"
    assert columns[Field.GUARDIAN2_EMAIL] == "VH2 mejl"
    assert columns[Field.PROTECTED] == "Skyddad"
    assert columns[Field.MENTOR] == "Mentor"
    assert columns[Field.GIVEN_NAME] == "Förnamn"
    assert Field.FULL_NAME not in columns


def test_status_words_are_guessed_only_when_they_are_unambiguous():
    words = [
        "Närvarande",
        "N",
        "X",
        "Giltig frånvaro",
        "GF",
        "Ogiltig frånvaro",
        "OF",
        "Sen",
        "Sen ankomst",
        "Frånvarande (anmäld)",
        "Ledig",
        "Sjuk",
        "Frånvarande",
        "Prao",
    ]
    assert guess_status_words(words) == {
        "Närvarande": Status.PRESENT,
        "N": Status.PRESENT,
        "X": Status.PRESENT,
        "Giltig frånvaro": Status.EXCUSED,
        "GF": Status.EXCUSED,
        "Ogiltig frånvaro": Status.UNEXCUSED,
        "OF": Status.UNEXCUSED,
        "Sen": Status.LATE,
        "Sen ankomst": Status.LATE,
        "Frånvarande (anmäld)": Status.EXCUSED,
        "Ledig": Status.EXCUSED,
    }


def test_the_header_key_ignores_order_case_and_spacing_but_not_names():
    key = header_key(["Personnummer", "Datum", "Närvaro (min)"])
    assert key == header_key(["datum", "NÄRVARO  (MIN)", " Personnummer"])
    assert key == header_key(["Personnummer", "Datum", "Na\u0308rvaro (min)"])  # from a Mac
    assert key != header_key(["Personnummer", "Datum", "Frånvaro (min)"])
    # Stable between runs and versions: a remembered mapping is found again.
    assert key == "219e71c46680b97f115d"


def test_a_mapping_survives_json_and_ignores_what_it_does_not_know():
    mapping = ColumnMapping(
        name="Skola24 närvaro",
        columns={Field.DATE: "Datum", Field.STATUS: "Status"},
        status_words={"Närvarande": Status.PRESENT, "Sjuk": Status.EXCUSED},
        lesson_minutes=55,
    )
    assert ColumnMapping.from_json(mapping.to_json()) == mapping
    newer = (
        '{"version": 2, "name": "x", "columns": {"date": "Datum", "room": "Sal"},'
        ' "status_words": {"P": "prao"}, "lesson_minutes": 40}'
    )
    assert ColumnMapping.from_json(newer) == ColumnMapping(
        name="x", columns={Field.DATE: "Datum"}, lesson_minutes=40
    )
    with pytest.raises(ValueError, match="går inte att läsa"):
        ColumnMapping.from_json("[1, 2")


def test_status_words_are_compared_without_case_and_spaces():
    mapping = ColumnMapping(status_words={"Giltig frånvaro": Status.EXCUSED})
    assert mapping.status_lookup() == {"giltigfrånvaro": Status.EXCUSED}


def test_attendance_problems_say_what_to_choose():
    assert attendance_problems(ColumnMapping()) == {
        "civic_no": "Välj personnummer, eller namn och klass, så att eleven kan kännas igen.",
        "date": "Välj kolumnen med datum.",
        "status": "Välj antingen en statuskolumn eller kolumner med minuter.",
    }
    only_absence = ColumnMapping(
        columns={Field.CIVIC_NO: "Pnr", Field.DATE: "Datum", Field.UNEXCUSED: "Ogiltig"}
    )
    assert list(attendance_problems(only_absence)) == ["offered"]
    by_name = ColumnMapping(
        columns={
            Field.FULL_NAME: "Elev",
            Field.CLASS_NAME: "Klass",
            Field.DATE: "Datum",
            Field.STATUS: "Status",
        },
        status_words={"Närvarande": Status.PRESENT},
    )
    assert attendance_problems(by_name, status_values=["Närvarande", "närvarande "]) == {}
    assert attendance_problems(by_name, status_values=["Närvarande", "Sjuk"]) == {
        "status": "Ordet 'Sjuk' i statuskolumnen har ingen betydelse än: välj vad det betyder."
    }
    assert (
        "'Sjuk' och 'Prao'"
        in attendance_problems(by_name, status_values=["Sjuk", "Prao"])["status"]
    )
    by_name.lesson_minutes = 0
    assert "lesson_minutes" in attendance_problems(by_name)
    assert attendance_problems(by_name, headers=["Elev", "Klass", "Datum"])["status"] == (
        "Kolumnen 'Status' finns inte i filen. Välj en annan kolumn för status."
    )


def test_roster_problems_ask_for_a_name():
    assert roster_problems(ColumnMapping(columns={Field.CIVIC_NO: "Pnr"})) == {
        "full_name": "Välj kolumnen med elevens namn, eller kolumnerna med förnamn och efternamn."
    }
    given_only = ColumnMapping(columns={Field.CIVIC_NO: "Pnr", Field.GIVEN_NAME: "Förnamn"})
    assert list(roster_problems(given_only)) == ["family_name"]
    full = ColumnMapping(columns={Field.FULL_NAME: "Namn", Field.CLASS_NAME: "Klass"})
    assert roster_problems(full) == {}


def test_distinct_values_of_a_status_column_in_the_order_they_occur():
    table = open_table(SAMPLES / "skola24_status.csv")
    assert distinct_values(table, "Status") == [
        "Närvarande",
        "Sen ankomst",
        "Giltig frånvaro",
        "Ogiltig frånvaro",
        "Frånvarande (anmäld)",
        "Sjuk",
    ]
    assert distinct_values(table, "Status", limit=2) == ["Närvarande", "Sen ankomst"]
