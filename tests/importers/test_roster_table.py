from pathlib import Path

import openpyxl
import pytest

from elevhalsa_desktop.importers.mapping import ColumnMapping, Field, guess_roster
from elevhalsa_desktop.importers.records import (
    GuardianRecord,
    PupilRef,
    RosterRecord,
    Skipped,
    UnreadableFile,
)
from elevhalsa_desktop.importers.roster_table import read_roster
from elevhalsa_desktop.importers.school_years import school_year, year_from_class
from elevhalsa_desktop.importers.tables import open_table
from tests.importers.people import ASA, LIV, NOA, ORJAN

SAMPLES = Path(__file__).parent / "samples"


def test_a_class_list_with_two_guardians():
    table = open_table(SAMPLES / "roster.txt")
    result = read_roster(table, guess_roster(table.headers))

    def pupil(civic, given, family, class_name):
        return PupilRef(civic_no=civic, given_name=given, family_name=family, class_name=class_name)

    assert result.roster == [
        RosterRecord(
            "roster.txt",
            2,
            pupil(ASA, "Åsa", "Åström", "7B"),
            year="7",
            mentor="Eva Lind",
            guardians=(
                GuardianRecord(
                    "Karin Åström", phone="070-1740605", email="karin.astrom@example.com"
                ),
                GuardianRecord("Per Åström", phone="070-1740606", email="per.astrom@example.com"),
            ),
        ),
        RosterRecord(
            "roster.txt",
            3,
            pupil(ORJAN, "Örjan", "Öberg", "7B"),
            year="7",  # from the class name
            mentor="Eva Lind",
            protected_identity=True,
            guardians=(
                GuardianRecord("Maria Öberg", phone="070-1740607", email="maria.oberg@example.com"),
            ),
        ),
        RosterRecord(
            "roster.txt", 4, pupil(LIV, "Liv", "Fors", "F-A"), year="F", mentor="Anna Berg"
        ),
        RosterRecord(
            "roster.txt",
            5,
            pupil(NOA, "Noa", "Lind", "9C"),
            year="9",
            mentor="Ola Holm",
            guardians=(GuardianRecord("Sara Lind", phone="070-1740608"),),
        ),
    ]
    assert result.skipped == [
        Skipped(
            "roster.txt",
            6,
            "Personnummer",
            "Personnumret är inte giltigt: kontrollsiffran stämmer inte.",
        ),
        Skipped("roster.txt", 7, "Efternamn", "Elevens namn saknas på raden."),
    ]


def test_a_class_list_from_a_workbook_with_one_name_column(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Elev", "Klass", "Skyddad"])
    sheet.append(["Åström, Åsa", "7B", "x"])
    sheet.append(["Fors, Liv", "FA", None])
    sheet.append(["Lind, Noa", "NA23b", "Sekretessmarkering"])
    path = tmp_path / "klasslista.xlsx"
    workbook.save(path)
    table = open_table(path)
    result = read_roster(table, guess_roster(table.headers))
    assert [(r.pupil.full_name, r.year, r.protected_identity) for r in result.roster] == [
        ("Åström, Åsa", "7", True),
        ("Fors, Liv", "F", False),
        ("Lind, Noa", "", True),
    ]


def test_a_mapping_without_names_is_refused():
    table = open_table(SAMPLES / "roster.txt")
    with pytest.raises(UnreadableFile, match="elevens namn"):
        read_roster(table, ColumnMapping(columns={Field.CIVIC_NO: "Personnummer"}))


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("7", "7"),
        ("07", "7"),
        ("åk 7", "7"),
        ("Årskurs 9", "9"),
        ("F", "F"),
        ("Fsk", "F"),
        ("0", "F"),
        ("förskoleklass", "F"),
        ("G2", "G2"),
        ("gy 1", "G1"),
        ("", ""),
        ("sjua", ""),
        ("12", ""),
    ],
)
def test_years_from_a_year_column(text, year):
    assert school_year(text) == year


@pytest.mark.parametrize(
    ("class_name", "year"),
    [
        ("7B", "7"),
        ("7 B", "7"),
        ("9c", "9"),
        ("F-A", "F"),
        ("FA", "F"),
        ("Fsk B", "F"),
        ("Förskoleklass A", "F"),
        ("TE22A", ""),
        ("Fysik", ""),
        ("", ""),
    ],
)
def test_years_from_a_class_name(class_name, year):
    assert year_from_class(class_name) == year
