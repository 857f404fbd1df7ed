"""Bad input in the pupil dialog gets a sentence beside the field, and nothing is saved."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox

from elevhalsa_desktop.domain.pupil import Pupil
from elevhalsa_desktop.ui.pupil_dialog import PupilDialog
from tests.ui.driving import click, type_text
from tests.ui.register import answer_next_box, civic_no, wrong_check_digit


@pytest.fixture
def dialog(qtbot, pupils):
    def make(pupil: Pupil | None = None) -> PupilDialog:
        made = PupilDialog(pupils, pupil)
        qtbot.addWidget(made)
        made.show()
        qtbot.waitExposed(made)
        return made

    return make


def fill(dialog: PupilDialog, given="Anna", family="Berg", number="", class_name="7B") -> None:
    form = dialog.form
    type_text(form.givenNameEdit, given)
    type_text(form.familyNameEdit, family)
    type_text(form.civicNoEdit, number)
    type_text(form.classNameEdit, class_name)


def save(dialog: PupilDialog) -> None:
    click(dialog.form.buttonBox.button(QDialogButtonBox.StandardButton.Save))


@pytest.mark.parametrize(
    ("fields", "key", "field_name", "words"),
    [
        ({"number": wrong_check_digit(civic_no())}, "civic_no", "civicNoEdit", "Kontrollsiffran"),
        ({"number": "20120230-1234"}, "civic_no", "civicNoEdit", "finns inte"),
        ({"given": ""}, "given_name", "givenNameEdit", "förnamn"),
        ({"family": "   "}, "family_name", "familyNameEdit", "efternamn"),
        ({"class_name": "7" * 500}, "class_name", "classNameEdit", "högst 20 tecken"),
    ],
)
def test_a_wrong_field_gets_a_message_beside_it_and_nothing_is_saved(
    dialog, pupils, fields, key, field_name, words
):
    opened = dialog()
    fill(opened, **fields)
    save(opened)
    assert words in opened.problems.text_for(key)
    assert opened.isVisible()
    assert opened.focusWidget() is getattr(opened.form, field_name)
    assert pupils.rows() == []


def test_every_problem_is_shown_at_once_and_focus_goes_to_the_first(dialog, pupils):
    opened = dialog()
    fill(opened, given="", family="", number="123")
    save(opened)
    for key in ("given_name", "family_name", "civic_no"):
        assert opened.problems.text_for(key)
    assert opened.focusWidget() is opened.form.givenNameEdit
    assert pupils.rows() == []


def test_a_year_outside_the_range_is_refused_beside_the_year(dialog, pupils):
    opened = dialog()
    fill(opened)
    # The combo offers only valid years; a value from elsewhere (an import, an old file) must
    # still be refused by the service and shown beside the year.
    opened.form.yearCombo.addItem("13", "13")
    opened.form.yearCombo.setCurrentIndex(opened.form.yearCombo.count() - 1)
    save(opened)
    assert "Årskursen" in opened.problems.text_for("year")
    assert pupils.rows() == []


def test_a_problem_with_a_guardian_is_shown_on_that_guardians_row(dialog, pupils):
    opened = dialog()
    fill(opened)
    type_text(opened.form.guardian1Name, "Eva Berg")
    type_text(opened.form.guardian1Email, "inte en adress")
    save(opened)
    assert "e-postadress" in opened.problems.text_for("guardian_1")
    assert opened.problems.text_for("guardian_0") == ""
    assert pupils.rows() == []


def test_correcting_the_fields_then_saves(dialog, pupils):
    opened = dialog()
    fill(opened, number=wrong_check_digit(civic_no()))
    save(opened)
    opened.form.civicNoEdit.clear()
    type_text(opened.form.civicNoEdit, civic_no())
    save(opened)
    assert not opened.isVisible()
    assert [row.civic_no for row in pupils.rows()] == [civic_no()]


def test_a_second_pupil_with_the_same_civic_number_is_offered_the_existing_one(
    qtbot, dialog, pupils
):
    existing = pupils.create(Pupil("Anna", "Berg", civic_no()))
    opened = dialog()
    fill(opened, given="Anne", family="Bergh", number=civic_no())
    save(opened)
    assert "redan en elev" in opened.problems.text_for("civic_no")
    offer = opened.form.openExistingButton
    assert offer.isVisible()
    with qtbot.waitSignal(opened.open_existing_requested) as signal:
        click(offer)
    assert signal.args == [existing.id]
    assert not opened.isVisible()
    assert len(pupils.rows()) == 1


def test_a_refused_write_shows_a_sentence_and_keeps_the_input(dialog, pupils, session):
    opened = dialog()
    fill(opened)
    seen: list[str] = []
    # The database refuses every write, as on a read-only disk.
    session.db.execute("PRAGMA query_only = ON")
    answer_next_box("OK", seen)
    save(opened)
    session.db.execute("PRAGMA query_only = OFF")
    assert seen and "Ingenting sparades" in seen[0]
    assert opened.isVisible()
    assert opened.form.givenNameEdit.text() == "Anna"
    assert pupils.rows() == []


def test_escape_with_unsaved_changes_asks_before_discarding(dialog, pupils):
    opened = dialog()
    fill(opened)
    answer_next_box("Fortsätt redigera")
    QTest.keyClick(opened, Qt.Key.Key_Escape)
    assert opened.isVisible()
    assert opened.form.givenNameEdit.text() == "Anna"
    answer_next_box("Kasta ändringarna")
    QTest.keyClick(opened, Qt.Key.Key_Escape)
    assert not opened.isVisible()
    assert pupils.rows() == []


def test_escape_without_changes_closes_at_once(dialog):
    opened = dialog(Pupil("Anna", "Berg"))
    QTest.keyClick(opened, Qt.Key.Key_Escape)
    assert not opened.isVisible()


def test_protected_identity_hides_and_clears_the_address(dialog, pupils):
    opened = dialog()
    fill(opened)
    type_text(opened.form.addressEdit, "Storgatan 1")
    click(opened.form.protectedCheck)
    assert opened.form.addressEdit.isHidden()
    assert opened.form.protectedNote.isVisible()
    save(opened)
    saved = pupils.open(pupils.rows()[0].id)
    assert saved.protected_identity
    assert saved.address == ""
