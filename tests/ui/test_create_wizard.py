"""The create wizard, driven by typing and clicking, writing real encrypted case files."""

from __future__ import annotations

import hashlib

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QWizard

from elevhalsa_desktop import config
from elevhalsa_desktop.domain.people import Role
from elevhalsa_desktop.domain.pupil import ValidationError
from elevhalsa_desktop.services.session import open_case
from elevhalsa_desktop.store.casefile import PLAIN_SQLITE_HEADER
from elevhalsa_desktop.ui import create_wizard
from elevhalsa_desktop.ui.create_wizard import CreateCaseWizard, suggested_path
from tests.conftest import PASSWORD
from tests.filesystems import read_only_dir
from tests.ui.driving import click, fill_wizard, type_text

NEXT = QWizard.WizardButton.NextButton
FINISH = QWizard.WizardButton.FinishButton


@pytest.fixture
def wizard(qtbot):
    w = CreateCaseWizard()
    qtbot.addWidget(w)
    w.show()
    yield w
    if w.session is not None:
        w.session.close()


def test_creates_an_encrypted_case_file_that_opens_with_the_password(wizard):
    fill_wizard(wizard, school="Björkdalsskolan", user="Anna Svensson")
    expected = config.default_case_dir() / "Björkdalsskolan.elevhalsa"
    assert wizard.location_page.form.pathEdit.text() == str(expected)

    click(wizard.button(FINISH))

    assert wizard.result() == QWizard.DialogCode.Accepted
    assert wizard.session is not None and wizard.session.path == expected
    wizard.session.close()
    wizard.session = None
    assert expected.read_bytes()[:16] != PLAIN_SQLITE_HEADER
    reopened = open_case(expected, PASSWORD)
    assert reopened.school_name == "Björkdalsskolan"
    assert (reopened.user.name, reopened.user.role) == ("Anna Svensson", Role.COORDINATOR)
    reopened.close()


def test_next_waits_for_school_and_name(wizard):
    form = wizard.identity_page.form
    assert not wizard.button(NEXT).isEnabled()
    type_text(form.schoolEdit, "Ekskolan")
    assert not wizard.button(NEXT).isEnabled()
    type_text(form.userNameEdit, "   ")  # blanks are not a name
    assert not wizard.button(NEXT).isEnabled()
    type_text(form.userNameEdit, "Per")
    assert wizard.button(NEXT).isEnabled()


def test_the_role_is_chosen_with_swedish_labels(wizard):
    combo = wizard.identity_page.form.roleCombo
    assert combo.currentText() == "Elevhälsosamordnare"
    combo.setCurrentIndex(combo.findText("Kurator"))
    fill_wizard(wizard)
    click(wizard.button(FINISH))
    assert wizard.session.user.role is Role.COUNSELLOR


def test_the_password_page_explains_and_waits_for_a_valid_password(wizard, qtbot):
    form = wizard.password_page.form
    type_text(wizard.identity_page.form.schoolEdit, "Ekskolan")
    type_text(wizard.identity_page.form.userNameEdit, "Per")
    click(wizard.button(NEXT))
    assert "går inte att återskapa" in form.warningTitle.text()
    assert form.passwordEdit.echoMode() == QLineEdit.EchoMode.Password

    type_text(form.passwordEdit, "kort")
    assert "För kort: 4 av minst 10" in form.strengthLabel.text()
    assert not wizard.button(NEXT).isEnabled()

    type_text(form.passwordEdit, " men nu längre")
    type_text(form.repeatEdit, "något annat helt")
    assert form.matchLabel.text() == "Lösenorden är inte lika."
    assert not wizard.button(NEXT).isEnabled()

    form.repeatEdit.clear()
    type_text(form.repeatEdit, "kort men nu längre")
    assert form.matchLabel.text() == "Lösenorden är lika."
    assert wizard.button(NEXT).isEnabled()
    assert form.strengthBar.value() >= 2

    click(form.showCheck)
    assert form.passwordEdit.echoMode() == QLineEdit.EchoMode.Normal
    assert form.repeatEdit.echoMode() == QLineEdit.EchoMode.Normal
    wizard.activateWindow()  # mnemonics work in the active window
    assert QTest.qWaitForWindowActive(wizard)
    QTest.keyClick(form.repeatEdit, Qt.Key.Key_V, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: form.passwordEdit.echoMode() == QLineEdit.EchoMode.Password)


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_taken_file_name_is_refused_on_the_page_and_the_file_left_alone(wizard, tmp_path):
    taken = tmp_path / "Ekskolan.elevhalsa"
    taken.write_bytes(b"not ours" * 200)
    before = _digest(taken)
    fill_wizard(wizard, school="Ekskolan")
    edit = wizard.location_page.form.pathEdit
    edit.clear()
    type_text(edit, str(taken))

    click(wizard.button(FINISH))

    problem = wizard.location_page.form.pathProblem
    assert wizard.isVisible() and wizard.currentPage() is wizard.location_page
    assert problem.isVisible() and "finns redan" in problem.text()
    assert wizard.session is None
    assert _digest(taken) == before
    assert edit.accessibleDescription() == problem.text()

    type_text(edit, "x")  # editing the path takes the message away
    assert not problem.isVisible()


def test_a_read_only_folder_is_refused_on_the_page_and_nothing_written(wizard, tmp_path):
    with read_only_dir(tmp_path) as folder:
        fill_wizard(wizard)
        edit = wizard.location_page.form.pathEdit
        edit.setText(str(folder / "Björkdalsskolan.elevhalsa"))
        click(wizard.button(FINISH))

        problem = wizard.location_page.form.pathProblem
        assert wizard.isVisible() and problem.isVisible()
        assert "skrivskyddad" in problem.text()
        assert list(folder.iterdir()) == []
        assert wizard.session is None


def test_a_missing_folder_is_refused_on_the_page(wizard, tmp_path):
    fill_wizard(wizard)
    wizard.location_page.form.pathEdit.setText(str(tmp_path / "finns-inte" / "a.elevhalsa"))
    click(wizard.button(FINISH))
    assert "finns inte" in wizard.location_page.form.pathProblem.text()
    assert not (tmp_path / "finns-inte").exists()


def test_a_folder_instead_of_a_file_name_is_explained(wizard, tmp_path):
    fill_wizard(wizard, school="Ekskolan")
    wizard.location_page.form.pathEdit.setText(str(tmp_path))
    click(wizard.button(FINISH))
    text = wizard.location_page.form.pathProblem.text()
    assert "mapp" in text and "Ekskolan.elevhalsa" in text
    assert wizard.session is None


def test_a_problem_with_an_earlier_page_takes_the_user_back_there(wizard, monkeypatch):
    def refuse(*_args, **_kwargs):
        raise ValidationError({"school_name": "Skolans namn får vara högst 120 tecken."})

    monkeypatch.setattr(create_wizard, "create_case", refuse)
    fill_wizard(wizard)
    click(wizard.button(FINISH))
    assert wizard.currentPage() is wizard.identity_page
    problem = wizard.identity_page.form.schoolProblem
    assert problem.isVisible() and "högst 120" in problem.text()


def test_browse_fills_in_the_chosen_place(wizard, monkeypatch, tmp_path):
    chosen = tmp_path / "Annan plats.elevhalsa"
    seen = {}

    def choose(_parent, suggestion):
        seen["suggestion"] = suggestion
        return chosen

    monkeypatch.setattr(create_wizard, "choose_new_case_path", choose)
    fill_wizard(wizard, school="Ekskolan")
    click(wizard.location_page.form.browseButton)
    assert seen["suggestion"].name == "Ekskolan.elevhalsa"
    assert wizard.location_page.form.pathEdit.text() == str(chosen)
    click(wizard.button(FINISH))
    assert wizard.session.path == chosen


def test_the_suggested_name_comes_from_the_school_and_is_free(tmp_path):
    assert suggested_path("Björkdalsskolan", tmp_path).name == "Björkdalsskolan.elevhalsa"
    assert suggested_path('  F/S "Ek"  skolan: ', tmp_path).name == "FS Ek skolan.elevhalsa"
    assert suggested_path("...", tmp_path).name == "Elevhälsoakt.elevhalsa"
    (tmp_path / "Ekskolan.elevhalsa").write_bytes(b"")
    (tmp_path / "Ekskolan 2.elevhalsa").write_bytes(b"")
    assert suggested_path("Ekskolan", tmp_path).name == "Ekskolan 3.elevhalsa"


def test_every_field_has_an_accessible_name(wizard):
    pages = (wizard.identity_page, wizard.password_page, wizard.location_page)
    for page in pages:
        for widget in page.findChildren(QLineEdit):
            assert widget.accessibleName(), widget.objectName()
    for which in (NEXT, FINISH, QWizard.WizardButton.CancelButton):
        assert wizard.button(which).accessibleName()
