import datetime as dt

import pytest

from elevhalsa_desktop.domain.civic_no import luhn_check_digit
from elevhalsa_desktop.domain.pupil import Guardian, Pupil, ValidationError, normalise

TODAY = dt.date(2026, 11, 23)


VALID = "20120314-123" + str(luhn_check_digit("120314123"))
WRONG_CHECK_DIGIT = VALID[:-1] + str((int(VALID[-1]) + 1) % 10)


def problems_of(pupil: Pupil) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        normalise(pupil, TODAY)
    return caught.value.problems


def test_clean_pupil_is_trimmed_and_canonical():
    pupil = normalise(
        Pupil(
            given_name="  Alva  Maria ",
            family_name="Öberg ",
            civic_no=VALID.replace("-", ""),
            year="7",
            class_name=" 7B ",
        ),
        TODAY,
    )
    assert (pupil.given_name, pupil.family_name, pupil.class_name) == ("Alva Maria", "Öberg", "7B")
    assert pupil.civic_no == VALID


def test_empty_names_are_reported_per_field():
    problems = problems_of(Pupil(given_name=" ", family_name=""))
    assert problems.keys() >= {"given_name", "family_name"}
    assert "förnamn" in problems["given_name"]


def test_every_problem_is_reported_at_once():
    problems = problems_of(
        Pupil(
            given_name="Alva",
            family_name="Öberg",
            civic_no=WRONG_CHECK_DIGIT,
            year="10",
            class_name="7" * 500,
        )
    )
    assert set(problems) == {"civic_no", "year", "class_name"}
    assert "högst 20 tecken" in problems["class_name"]
    assert "F, 1–9 eller G1–G3" in problems["year"]


def test_protected_identity_never_keeps_an_address():
    pupil = normalise(
        Pupil("Alva", "Öberg", protected_identity=True, address="Hemligvägen 1"), TODAY
    )
    assert pupil.address == ""


def test_guardian_rows_left_empty_are_dropped_and_bad_email_is_reported():
    pupil = normalise(
        Pupil("Alva", "Öberg", guardians=(Guardian(name="  "), Guardian("Eva Öberg", "Mamma"))),
        TODAY,
    )
    assert [g.name for g in pupil.guardians] == ["Eva Öberg"]
    problems = problems_of(Pupil("Alva", "Öberg", guardians=(Guardian("Eva", email="eva at hem"),)))
    assert "guardian_0" in problems
