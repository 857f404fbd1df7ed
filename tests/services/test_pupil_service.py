"""The pupil register's use cases, with their audit entries, on a real encrypted case file."""

from dataclasses import replace

import pytest

from elevhalsa_desktop.domain.civic_no import luhn_check_digit
from elevhalsa_desktop.domain.pupil import Guardian, Pupil, PupilStatus, ValidationError
from elevhalsa_desktop.services.pupils import DuplicateCivicNo, PupilNotFound
from elevhalsa_desktop.store.audit import Action

CIVIC = "20120314-123" + str(luhn_check_digit("120314123"))


def actions(pupils, pupil_id):
    return [e.action for e in reversed(pupils.history(pupil_id))]


def test_create_view_change_archive_are_each_audited_once(pupils, session):
    alva = pupils.create(
        Pupil(
            given_name="Alva",
            family_name="Öberg",
            civic_no=CIVIC.replace("-", ""),
            year="7",
            class_name="7B",
            guardians=(Guardian("Eva Öberg", "Mamma", "070-174 06 05"),),
        )
    )
    assert alva.civic_no == CIVIC and alva.id
    assert actions(pupils, alva.id) == [Action.CREATED]

    opened = pupils.open(alva.id)
    assert opened.guardians[0].name == "Eva Öberg"
    assert actions(pupils, alva.id) == [Action.CREATED, Action.VIEWED]

    pupils.update(opened.with_changes(class_name="7C", mentor="Lars Berg"))
    entry = pupils.history(alva.id)[0]
    assert entry.action is Action.CHANGED and entry.detail == "fält: class_name, mentor"
    assert entry.user_name == session.user.name
    assert "7C" not in entry.detail  # the log names fields, never their contents

    pupils.archive(alva.id)
    assert actions(pupils, alva.id)[-1] is Action.ARCHIVED
    assert [r.status for r in pupils.rows()] == [PupilStatus.ARCHIVED]


def test_saving_without_changes_writes_nothing(pupils):
    alva = pupils.create(Pupil(given_name="Alva", family_name="Öberg"))
    pupils.update(alva)
    assert actions(pupils, alva.id) == [Action.CREATED]


def test_guardians_keep_their_ids_when_edited(pupils):
    alva = pupils.create(Pupil("Alva", "Öberg", guardians=(Guardian("Eva"), Guardian("Per"))))
    eva, per = alva.guardians
    changed = pupils.update(alva.with_changes(guardians=(eva, replace(per, phone="08-465 004 00"))))
    assert [g.id for g in changed.guardians] == [eva.id, per.id]
    fewer = pupils.update(changed.with_changes(guardians=(changed.guardians[0],)))
    assert [g.name for g in fewer.guardians] == ["Eva"]


def test_a_second_pupil_with_the_same_civic_number_is_refused_with_the_first_ones_id(pupils):
    first = pupils.create(Pupil("Alva", "Öberg", civic_no=CIVIC))
    with pytest.raises(DuplicateCivicNo) as caught:
        pupils.create(Pupil("Alva", "Öbergh", civic_no=CIVIC))
    assert caught.value.existing_id == first.id
    assert "civic_no" in caught.value.problems
    assert len(pupils.rows()) == 1


def test_invalid_input_changes_nothing(pupils, session):
    entries_before = session.db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    with pytest.raises(ValidationError) as caught:
        pupils.create(Pupil("", "Öberg", civic_no="20120230-1234", year="12", class_name="x" * 500))
    assert set(caught.value.problems) == {"given_name", "civic_no", "year", "class_name"}
    assert pupils.rows() == []
    assert session.db.execute("SELECT count(*) FROM audit_log").fetchone()[0] == entries_before


def test_revealing_a_civic_number_is_audited(pupils):
    alva = pupils.create(Pupil("Alva", "Öberg", civic_no=CIVIC))
    assert pupils.reveal_civic_no(alva.id) == CIVIC
    assert pupils.history(alva.id)[0].detail == "personnummer visat"


def test_ids_can_be_shortened_to_a_unique_prefix(pupils):
    alva = pupils.create(Pupil("Alva", "Öberg"))
    assert pupils.resolve_id(alva.id[:8]) == alva.id
    with pytest.raises(PupilNotFound):
        pupils.resolve_id("")
    with pytest.raises(PupilNotFound):
        pupils.open("finns-inte")


def test_rows_come_in_swedish_order(pupils):
    for family in ("Öberg", "Andersson", "Åström", "Zetterlund", "Ängström"):
        pupils.create(Pupil("Elev", family))
    assert [r.family_name for r in pupils.rows()] == [
        "Andersson",
        "Zetterlund",
        "Åström",
        "Ängström",
        "Öberg",
    ]
