"""The password dialog against real encrypted case files."""

from __future__ import annotations

import hashlib

import pytest
import sqlcipher3
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog
from sqlite_utils import Database

from elevhalsa_desktop.domain.people import Role
from elevhalsa_desktop.store import schema, users
from elevhalsa_desktop.store.casefile import APPLICATION_ID
from elevhalsa_desktop.ui import password_dialog
from elevhalsa_desktop.ui.local_settings import local_settings, remember_user_for_file
from elevhalsa_desktop.ui.password_dialog import PasswordDialog
from tests.conftest import PASSWORD
from tests.ui.driving import click, type_text


@pytest.fixture
def closed_case(session, case_path):
    session.close()
    return case_path


@pytest.fixture
def open_dialog(qtbot):
    made = []

    def make(path, **kwargs):
        dialog = PasswordDialog(path, local_settings(), **kwargs)
        qtbot.addWidget(dialog)
        dialog.show()
        made.append(dialog)
        return dialog

    yield make
    for dialog in made:
        if dialog.session is not None:
            dialog.session.close()


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _try(dialog, password):
    edit = dialog.form.passwordEdit
    edit.selectAll()
    type_text(edit, password)
    QTest.keyClick(edit, Qt.Key.Key_Return)


def test_the_right_password_opens_the_file(open_dialog, closed_case):
    dialog = open_dialog(closed_case)
    assert dialog.form.fileNameLabel.text() == "skolan.elevhalsa"
    assert dialog.ok_button.text() == "Lås &upp"
    type_text(dialog.form.passwordEdit, PASSWORD)
    click(dialog.ok_button)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.session.school_name == "Testskolan"
    assert dialog.form.passwordEdit.text() == ""  # not kept in the widget


def test_a_wrong_password_says_so_in_the_dialog_and_is_selected_for_retyping(
    open_dialog, closed_case
):
    before = _digest(closed_case)
    dialog = open_dialog(closed_case)
    _try(dialog, "fel lösenord")
    problem = dialog.form.problemLabel
    assert dialog.isVisible() and dialog.session is None
    assert problem.isVisible() and "Lösenordet stämmer inte" in problem.text()
    assert dialog.form.passwordEdit.selectedText() == "fel lösenord"
    assert dialog.ok_button.isEnabled()  # no wait yet
    assert _digest(closed_case) == before

    _try(dialog, PASSWORD)  # typing over the selection replaces it
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_three_wrong_passwords_make_the_user_wait_then_let_her_try_again(
    open_dialog, closed_case, qtbot
):
    dialog = open_dialog(closed_case, first_delay_ms=400)
    for _ in range(2):
        _try(dialog, "fel lösenord")
        assert dialog.ok_button.isEnabled()
    _try(dialog, "fel lösenord")

    assert not dialog.ok_button.isEnabled()
    assert dialog.form.waitLabel.isVisible()
    assert "Vänta 1 sekund" in dialog.form.waitLabel.text()
    _try(dialog, PASSWORD)  # Enter while waiting does nothing
    assert dialog.session is None

    qtbot.waitUntil(dialog.ok_button.isEnabled, timeout=3000)
    assert not dialog.form.waitLabel.isVisible()
    _try(dialog, PASSWORD)
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_the_wait_grows_and_is_capped(open_dialog, closed_case):
    dialog = open_dialog(closed_case)
    waits = [dialog.delay_for(n) for n in range(1, 10)]
    assert waits == [0, 0, 2000, 4000, 8000, 16000, 30000, 30000, 30000]


def test_the_countdown_shows_whole_seconds(open_dialog, closed_case):
    dialog = open_dialog(closed_case, first_delay_ms=5000)
    for _ in range(3):
        _try(dialog, "fel")
    assert "Vänta 5 sekunder" in dialog.form.waitLabel.text()


def test_a_foreign_file_is_named_as_such_and_another_can_be_chosen(
    open_dialog, closed_case, tmp_path, monkeypatch
):
    foreign = tmp_path / "lista.elevhalsa"
    foreign.write_bytes(b"Namn;Klass\n" * 400)
    before = _digest(foreign)
    dialog = open_dialog(foreign)
    _try(dialog, "vad som helst")

    assert "är inte en elevhälsoakt" in dialog.form.problemLabel.text()
    assert dialog.other_file_button.isVisible()
    assert not dialog.ok_button.isEnabled()
    assert _digest(foreign) == before

    monkeypatch.setattr(password_dialog, "choose_case_file", lambda _parent, _folder: closed_case)
    click(dialog.other_file_button)
    assert dialog.path == closed_case
    assert dialog.form.fileNameLabel.text() == "skolan.elevhalsa"
    assert not dialog.form.problemLabel.isVisible()
    assert not dialog.other_file_button.isVisible()
    _try(dialog, PASSWORD)
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_a_missing_file_is_named_at_once(open_dialog, tmp_path):
    dialog = open_dialog(tmp_path / "borta.elevhalsa")
    assert "borta.elevhalsa finns inte" in dialog.form.problemLabel.text()
    assert dialog.other_file_button.isVisible() and not dialog.ok_button.isEnabled()


def test_a_file_from_a_newer_version_says_so(open_dialog, session, case_path):
    session.db["_sqlite_migrations"].insert(
        {"migration_set": schema.MIGRATION_SET, "name": "9999_from_the_future", "applied_at": "x"}
    )
    session.close()
    before = _digest(case_path)
    dialog = open_dialog(case_path)
    _try(dialog, PASSWORD)
    assert "nyare version" in dialog.form.problemLabel.text()
    assert dialog.other_file_button.isVisible()
    assert _digest(case_path) == before


def test_the_remembered_user_is_the_one_who_opens(open_dialog, session, case_path):
    with session.case.write() as db:
        second = users.add_user(db, "Per Olsson", Role.MENTOR)
    session.close()
    remember_user_for_file(local_settings(), case_path, second.id)
    dialog = open_dialog(case_path)
    _try(dialog, PASSWORD)
    assert dialog.session.user == second


def _older_case_file(path):
    """A file as the first release wrote it: only the first migration applied."""
    conn = sqlcipher3.connect(str(path), isolation_level=None)
    conn.execute("PRAGMA key = '" + PASSWORD + "'")
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("PRAGMA journal_mode = WAL")
    db = Database(conn)
    schema.migrations.apply(db, stop_before="0002_pupil_register")
    conn.execute("INSERT INTO case_setting VALUES ('school_name', 'Gamla skolan')")
    users.add_user(db, "Maria Lindqvist", Role.COORDINATOR)
    conn.close()


def test_an_upgraded_file_is_told_once_with_the_backup_copy(open_dialog, tmp_path):
    path = tmp_path / "gammal.elevhalsa"
    _older_case_file(path)
    dialog = open_dialog(path)
    _try(dialog, PASSWORD)

    backup = dialog.session.case.migrated_from_backup
    assert backup is not None and backup.exists()
    notice = dialog.form.noticeLabel
    assert dialog.isVisible() and notice.isVisible()
    assert backup.name in notice.text() and str(backup.parent) in notice.text()
    assert dialog.ok_button.text() == "&Fortsätt"
    assert not dialog.cancel_button.isVisible()
    click(dialog.ok_button)
    assert dialog.result() == QDialog.DialogCode.Accepted
    dialog.session.close()
    dialog.session = None

    again = open_dialog(path)
    _try(again, PASSWORD)
    assert again.result() == QDialog.DialogCode.Accepted  # no second notice
    assert again.session.school_name == "Gamla skolan"


def test_escape_after_the_upgrade_notice_keeps_the_file_open(open_dialog, tmp_path):
    path = tmp_path / "gammal.elevhalsa"
    _older_case_file(path)
    dialog = open_dialog(path)
    _try(dialog, PASSWORD)
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.session is not None


def test_an_empty_password_asks_for_one(open_dialog, closed_case):
    dialog = open_dialog(closed_case)
    click(dialog.ok_button)
    assert "Skriv lösenordet" in dialog.form.problemLabel.text()


def test_cancel_rejects_without_a_session(open_dialog, closed_case):
    dialog = open_dialog(closed_case)
    click(dialog.cancel_button)
    assert dialog.result() == QDialog.DialogCode.Rejected and dialog.session is None


def test_show_toggle_and_accessible_names(open_dialog, closed_case):
    dialog = open_dialog(closed_case)
    click(dialog.form.showCheck)
    assert dialog.form.passwordEdit.echoMode() == dialog.form.passwordEdit.EchoMode.Normal
    for widget in (
        dialog.form.passwordEdit,
        dialog.form.showCheck,
        dialog.ok_button,
        dialog.cancel_button,
        dialog.other_file_button,
    ):
        assert widget.accessibleName()
