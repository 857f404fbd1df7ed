"""Backups in the window: the Arkiv menu, the backup at closing, the settings, restoring from the
menu, and the offer to restore when a case file turns out to be damaged."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog

from elevhalsa_desktop.domain.pupil import Pupil
from elevhalsa_desktop.services.backups import BackupService
from elevhalsa_desktop.services.pupils import PupilService
from elevhalsa_desktop.store import backup
from elevhalsa_desktop.store.audit import Action, entries
from elevhalsa_desktop.ui import backup_actions, backup_settings
from elevhalsa_desktop.ui.local_settings import (
    backup_folder_for,
    local_settings,
    remember_backup_folder,
)
from elevhalsa_desktop.ui.main_window import MainWindow
from elevhalsa_desktop.ui.password_dialog import PasswordDialog
from elevhalsa_desktop.ui.restore_dialog import RestoreDialog
from elevhalsa_desktop.ui.start_flow import StartFlow
from tests.conftest import PASSWORD
from tests.ui.driving import click, end_flow, type_text
from tests.ui.register import answer_next_box

MONDAY = dt.datetime(2026, 3, 16, 15, 0, 0)


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, session, settings):
    made = MainWindow(session, settings)
    qtbot.addWidget(made)
    made.show()
    return made


def _wait_for_previews(qtbot, dialog: RestoreDialog) -> None:
    qtbot.waitUntil(lambda: not dialog.busy(), timeout=10_000)


def _restore_in(qtbot, dialog: RestoreDialog) -> None:
    _wait_for_previews(qtbot, dialog)
    f = dialog.form
    assert f.previewLabel.isVisible() and f.warningLabel.isVisible()
    assert not dialog.ok_button.isEnabled()  # not before the box is ticked
    click(f.confirmCheck)
    click(dialog.ok_button)
    assert dialog.ok_button.text() == "&Fortsätt", f.problemLabel.text()
    click(dialog.ok_button)


def test_backup_now_asks_for_the_folder_and_remembers_it(qtbot, window, settings, monkeypatch):
    usb = window._session.path.parent / "usb"
    usb.mkdir()
    asked = []
    monkeypatch.setattr(
        backup_actions, "choose_backup_folder", lambda _parent, start: asked.append(start) or usb
    )
    window.backups.backup_action.trigger()

    (written,) = list(usb.iterdir())
    assert written.name.startswith("skolan ")
    assert written.name in window.statusBar().currentMessage()
    assert backup_folder_for(settings, window._session.path) == usb
    assert entries(window._session.db)[0].action is Action.BACKED_UP
    window.backups.backup_action.trigger()  # the second time it starts in the chosen folder
    assert asked[-1] == usb


def test_closing_the_window_takes_a_backup(window, session):
    assert window.close()
    (written,) = backup.backups_in(session.path.parent / "Säkerhetskopior", "skolan")
    assert backup.contents(written.path, PASSWORD).pupils == 0
    assert "när akten stängdes" in entries(session.db)[0].detail


def test_a_large_file_is_backed_up_on_another_thread_while_the_window_waits(
    window, session, monkeypatch
):
    monkeypatch.setattr(backup_actions, "QUICK_BYTES", 0)
    assert window.close()  # returns only once the backup is written and logged
    assert len(backup.backups_in(session.path.parent / "Säkerhetskopior", "skolan")) == 1
    assert entries(session.db)[0].action is Action.BACKED_UP
    assert window.isEnabled()


def test_a_missing_chosen_folder_at_closing_means_the_folder_next_to_the_file(
    window, session, settings
):
    remember_backup_folder(settings, session.path, session.path.parent / "usb-minnet-borta")
    assert window.close()  # the USB stick is not there: the backup goes next to the file
    assert backup.backups_in(session.path.parent / "Säkerhetskopior", "skolan")


def test_a_failed_backup_at_closing_is_told_and_the_window_still_closes(window, session):
    (session.path.parent / "Säkerhetskopior").write_text("en fil, inte en mapp")
    seen: list[str] = []
    answer_next_box("OK", seen)
    assert window.close()
    assert "Säkerhetskopian kunde inte sparas" in seen[0]
    assert "Allt du har gjort är sparat i akten" in seen[0]
    assert entries(session.db)[0].action is not Action.BACKED_UP


def test_the_daily_backup_runs_when_due(window, session):
    service = BackupService(session)
    service.backup_now(now=dt.datetime.now() - dt.timedelta(hours=2))
    window.backups.backup_if_due()
    assert len(service.backups()) == 1  # not due yet
    with session.case.write() as db:
        db.execute(
            "UPDATE case_setting SET value = ? WHERE key = 'backup_last_at'",
            [(dt.datetime.now() - dt.timedelta(days=2)).astimezone().isoformat()],
        )
    window.backups.backup_if_due()
    assert len(service.backups()) == 2
    assert "daglig" in entries(session.db)[0].detail
    assert window.backups.timer.isActive()


def test_the_settings_keep_the_number_in_the_file_and_the_folder_on_this_computer(
    qtbot, window, session, settings, monkeypatch
):
    usb = session.path.parent / "usb"
    usb.mkdir()
    monkeypatch.setattr(backup_settings, "choose_backup_folder", lambda *_args: usb)
    dialog = window.open_settings()
    page = dialog.backup_page
    dialog.form.settingsTabs.setCurrentWidget(page)
    assert page.keep_spin.value() == 10
    page.keep_spin.setValue(4)
    click(page.form.chooseFolderButton)
    assert page.form.backupFolderEdit.text() == str(usb)
    assert dialog.has_unsaved_changes()
    dialog.form.buttonBox.accepted.emit()
    assert BackupService(session).keep() == 4
    assert backup_folder_for(settings, session.path) == usb


def test_restore_from_the_menu_shows_the_restored_file_in_a_new_window(qtbot, session, case_path):
    session.close()  # opened again through the start flow, as the program does
    settings = local_settings()
    flow = StartFlow(settings)
    try:
        flow.start(case_path)
        dialog = flow.dialog
        assert isinstance(dialog, PasswordDialog)
        type_text(dialog.form.passwordEdit, PASSWORD)
        click(dialog.ok_button)
        qtbot.waitUntil(lambda: flow.window is not None)
        first, session = flow.window, flow.session
        assert isinstance(first, MainWindow)
        pupils = PupilService(session)
        pupils.create(Pupil(given_name="Före", family_name="Menysson"))
        BackupService(session).backup_now(now=MONDAY)
        pupils.create(Pupil(given_name="Efter", family_name="Menysson"))

        restore = first.backups.open_restore()
        assert restore.backups()[0].taken_at == MONDAY
        assert "Säkerhetskopior" in restore.form.folderLabel.text()
        _wait_for_previews(qtbot, restore)
        assert "1 elever" in restore.form.previewLabel.text()
        _restore_in(qtbot, restore)

        qtbot.waitUntil(lambda: flow.window is not first and flow.window is not None)
        assert flow.session is session
        assert [r.given_name for r in PupilService(session).rows()] == ["Före"]
        assert flow.window.isVisible()
        # The old window went without a backup of its own (the file it showed is gone).
        assert len(backup.backups_in(case_path.parent / "Säkerhetskopior", "skolan")) == 1
    finally:
        end_flow(flow)


def _damage(path) -> None:
    data = bytearray(path.read_bytes())
    data[3 * 4096 + 100 : 3 * 4096 + 120] = bytes(20)
    path.write_bytes(bytes(data))


def test_a_damaged_file_is_offered_its_newest_sound_backup(qtbot, session, pupils, case_path):
    for n in range(40):
        pupils.create(Pupil(given_name=f"Elev{n}", family_name="Skadesson", notes="x" * 500))
    service = BackupService(session)
    sound = service.backup_now(now=MONDAY)
    broken = service.backup_now(now=MONDAY + dt.timedelta(days=1))
    session.close()
    _damage(broken)
    _damage(case_path)

    dialog = PasswordDialog(case_path, local_settings())
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.form.passwordEdit, PASSWORD)
    click(dialog.ok_button)
    assert "skadad" in dialog.form.problemLabel.text()
    assert dialog.restore_button.isVisible()

    click(dialog.restore_button)
    restore = dialog.restore_dialog
    assert isinstance(restore, RestoreDialog) and restore.damaged
    _wait_for_previews(qtbot, restore)
    assert restore.selected().path == sound  # the newest one is damaged too: passed over
    assert "40 elever" in restore.form.previewLabel.text()
    _restore_in(qtbot, restore)

    assert dialog.result() == QDialog.DialogCode.Accepted
    opened = dialog.session
    try:
        assert len(PupilService(opened).rows()) == 40
        assert entries(opened.db)[0].action is Action.RESTORED
        (aside,) = case_path.parent.glob("skolan skadad *.elevhalsa")
        assert aside.stat().st_size > 0
    finally:
        opened.close()


def test_no_offer_without_backups(qtbot, session, pupils, case_path):
    for n in range(40):
        pupils.create(Pupil(given_name=f"Elev{n}", family_name="Skadesson", notes="x" * 500))
    session.close()
    _damage(case_path)
    dialog = PasswordDialog(case_path, local_settings())
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.form.passwordEdit, PASSWORD)
    click(dialog.ok_button)
    assert "skadad" in dialog.form.problemLabel.text()
    assert not dialog.restore_button.isVisible()
