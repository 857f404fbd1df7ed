"""Importing the pupil register: new pupils created, known pupils changed only when confirmed,
protected identity carried over and never lifted by a file."""

from __future__ import annotations

import pytest

from elevhalsa_desktop.domain.pupil import Guardian, Pupil
from elevhalsa_desktop.importers.records import GuardianRecord, PupilRef, ReadResult, RosterRecord
from elevhalsa_desktop.services.roster_import import RosterImportService
from tests.ui.register import civic_no

A = civic_no("130402", "234")
B = civic_no("130515", "348")


def roster(*records: RosterRecord) -> ReadResult:
    return ReadResult(rows_read=len(records), roster=list(records))


def row(line, number="", given="Elsa", family="Öberg", klass="7B", **extra):
    return RosterRecord(
        "klasslista.csv",
        line,
        PupilRef(civic_no=number, given_name=given, family_name=family, class_name=klass),
        **extra,
    )


@pytest.fixture
def service(session):
    return RosterImportService(session)


def test_new_pupils_are_created_with_guardians_and_protection(service, pupils):
    preview = service.preview(
        roster(
            row(
                2,
                A,
                year="7",
                mentor="Lars Berg",
                guardians=(GuardianRecord("Eva Öberg", "Mamma"),),
            ),
            row(3, B, "Noah", "Lind", protected_identity=True),
        ),
        "csv",
        ["klasslista.csv"],
    )
    assert [i.name for i in preview.new] == ["Elsa Öberg", "Noah Lind"]
    report = service.apply(preview)
    assert report.imported == 2
    names = {r.family_name: r for r in pupils.rows()}
    elsa = pupils.open(names["Öberg"].id)
    assert (elsa.year, elsa.class_name, elsa.mentor) == ("7", "7B", "Lars Berg")
    assert [g.name for g in elsa.guardians] == ["Eva Öberg"]
    assert names["Lind"].protected_identity


def test_known_pupils_change_only_when_confirmed(service, pupils):
    before = pupils.create(
        Pupil(
            "Elsa",
            "Öberg",
            civic_no=A,
            year="6",
            class_name="6A",
            guardians=(Guardian("Eva Öberg", phone="070-1740605"),),
        )
    )
    read = roster(
        row(2, A, klass="7B", year="7", guardians=(GuardianRecord("Eva Öberg", "Mamma"),))
    )
    preview = service.preview(read, "csv", ["klasslista.csv"])
    [item] = preview.changed
    assert item.changes == (
        "Årskurs: Årskurs 6 → Årskurs 7",
        "Klass: 6A → 7B",
        "Vårdnadshavare: Eva Öberg → Eva Öberg (Mamma)",
    )
    refused = service.apply(preview)
    assert refused.updated == 0 and refused.skipped_count == 1
    assert pupils.open(before.id).class_name == "6A"
    accepted = service.apply(service.preview(read, "csv", ["klasslista.csv"]), {item.key})
    assert accepted.updated == 1
    after = pupils.open(before.id)
    assert after.class_name == "7B"
    # What the program knew about the guardian stays: the file only adds the relation.
    assert after.guardians[0].id == before.guardians[0].id
    assert after.guardians[0].phone == "070-1740605"
    again = service.preview(read, "csv", ["klasslista.csv"])
    assert again.changed == [] and again.unchanged == 1


def test_protected_identity_is_never_lifted_by_a_file(service, pupils):
    pupils.create(Pupil("Elsa", "Öberg", civic_no=A, class_name="7B", protected_identity=True))
    preview = service.preview(roster(row(2, A)), "csv", ["x.csv"])
    assert preview.changed == [] and preview.unchanged == 1


def test_a_name_match_needs_confirmation_and_bad_rows_are_skipped(service, pupils):
    pupils.create(Pupil("Elsa", "Öberg", class_name="7B", mentor="Lars Berg"))
    preview = service.preview(
        roster(row(2, mentor="Karin Holm"), row(3, given="", family="Lind"), row(4, A), row(5, A)),
        "csv",
        ["x.csv"],
    )
    [match] = preview.name_matches
    assert match.changes == ("Mentor: Lars Berg → Karin Holm",)
    assert [(s.line, s.field) for s in preview.skipped] == [(3, "given_name"), (5, "")]
    report = service.apply(preview, {match.key})
    assert (report.imported, report.updated, report.skipped_count) == (1, 1, 2)
