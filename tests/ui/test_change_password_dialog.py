"""Changing the password re-keys the real case file; problems are shown beside the fields."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog, QLineEdit

from elevhalsa_desktop.services.session import open_case
from elevhalsa_desktop.store.errors import WrongPassword
from elevhalsa_desktop.ui.change_password_dialog import ChangePasswordDialog
from tests.conftest import PASSWORD
from tests.ui.driving import click, type_text

NEW = "ett helt nytt lösenord"


@pytest.fixture
def dialog(qtbot, session):
    d = ChangePasswordDialog(session)
    qtbot.addWidget(d)
    d.show()
    return d


def _fill(dialog, current, new, repeated=None):
    f = dialog.form
    for edit, text in ((f.currentEdit, current), (f.newEdit, new), (f.repeatEdit, repeated)):
        edit.clear()
        type_text(edit, new if text is None else text)


def test_the_new_password_opens_the_file_and_the_old_one_no_longer(dialog, session, case_path):
    _fill(dialog, PASSWORD, NEW)
    click(dialog.ok_button)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert all(not e.text() for e in (dialog.form.currentEdit, dialog.form.newEdit))
    session.close()
    with pytest.raises(WrongPassword):
        open_case(case_path, PASSWORD).close()
    open_case(case_path, NEW).close()


def test_a_wrong_current_password_is_shown_beside_its_field(dialog, session, case_path):
    _fill(dialog, "inte det här", NEW)
    click(dialog.ok_button)
    problem = dialog.form.currentProblem
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert problem.isVisible() and "nuvarande lösenordet stämmer inte" in problem.text()
    assert dialog.form.currentEdit.hasFocus()
    session.close()
    open_case(case_path, PASSWORD).close()  # unchanged


def test_a_short_or_different_new_password_is_shown_beside_the_new_field(dialog):
    _fill(dialog, PASSWORD, "kort")
    click(dialog.ok_button)
    assert "minst 10 tecken" in dialog.form.newProblem.text()
    assert not dialog.form.currentProblem.isVisible()

    _fill(dialog, PASSWORD, NEW, NEW + "x")
    click(dialog.ok_button)
    assert "inte lika" in dialog.form.newProblem.text()
    assert dialog.isVisible()


def test_ok_waits_until_all_three_are_filled_and_the_hint_follows_typing(dialog):
    f = dialog.form
    assert not dialog.ok_button.isEnabled()
    type_text(f.currentEdit, PASSWORD)
    type_text(f.newEdit, NEW)
    assert not dialog.ok_button.isEnabled()
    assert f.strengthLabel.text()
    type_text(f.repeatEdit, NEW)
    assert dialog.ok_button.isEnabled()
    assert f.matchLabel.text() == "Lösenorden är lika."


def test_show_reveals_all_three_fields(dialog):
    f = dialog.form
    click(f.showCheck)
    assert {e.echoMode() for e in (f.currentEdit, f.newEdit, f.repeatEdit)} == {
        QLineEdit.EchoMode.Normal
    }
    for widget in (f.currentEdit, f.newEdit, f.repeatEdit, f.showCheck, dialog.ok_button):
        assert widget.accessibleName()
