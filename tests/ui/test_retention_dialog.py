"""The retention assistant (Arkiv > Gallring…) and the pupil page's Registerutdrag: nothing is
listed while every rule says keep, nothing is removed without ticking and confirming, the work
runs off the GUI thread and the result is said in words; the extract goes to a chosen folder."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest

from elevhalsa_desktop.domain.people import Role
from elevhalsa_desktop.services.retention import RetentionKind, summary_sentence
from elevhalsa_desktop.store import audit, users
from elevhalsa_desktop.ui import register_extract_flow
from elevhalsa_desktop.ui.pupils_area import PupilsArea
from elevhalsa_desktop.ui.retention_dialog import RetentionDialog
from tests.dates import TODAY
from tests.services.register_setup import count_rows, full_pupil
from tests.ui.driving import click
from tests.ui.register import answer_next_box
from tests.ui.support_setup import show


def _dialog(qtbot, session, tmp_path) -> RetentionDialog:
    settings = QSettings(str(tmp_path / "lokalt.ini"), QSettings.Format.IniFormat)
    dialog = RetentionDialog(session, settings=settings, today=lambda: TODAY)
    show(qtbot, dialog, 1100, 800)
    return dialog


def test_the_assistant_archives_and_removes_only_what_is_ticked_and_confirmed(
    qtbot, session, pupils, tmp_path
):
    setup = full_pupil(session, pupils)
    archive = tmp_path / "arkiv"
    archive.mkdir()
    dialog = _dialog(qtbot, session, tmp_path)
    f = dialog.form
    assert dialog.due() == [] and "Behåll" in f.dueLabel.text()
    assert not f.runButton.isEnabled() and not f.saveRulesButton.isEnabled()

    dialog.set_rule(RetentionKind.CONTACT_ENTRIES, 5)
    assert "Spara reglerna" in f.rulesHint.text()
    click(f.saveRulesButton)
    assert len(dialog.due()) == 2 and dialog.checked() == []  # nothing ticked by itself
    assert not f.runButton.isEnabled()

    # Space ticks the current row, as a click on its box does.
    mine = next(r for r in dialog.due() if r.pupil_id == setup.pupil.id)
    source = dialog.model.records().index(mine)
    current = dialog.table.proxy.mapFromSource(dialog.model.index(source, 0))
    f.dueTable.setFocus()
    f.dueTable.setCurrentIndex(current)
    QTest.keyClick(f.dueTable, Qt.Key.Key_Space)
    assert dialog.checked() == [mine]
    dialog.set_folder(archive)
    assert f.summaryLabel.text() == summary_sentence([mine], archive)

    before = count_rows(session.db, setup.pupil.id)
    seen: list[str] = []
    answer_next_box("Avbryt", seen)
    click(f.runButton)
    assert seen == [summary_sentence([mine], archive)]
    assert count_rows(session.db, setup.pupil.id) == before and list(archive.iterdir()) == []

    answer_next_box("Arkivera och ta bort")
    with qtbot.waitSignal(dialog.removed, timeout=30_000):
        click(f.runButton)
    assert len(list(archive.iterdir())) == 2
    assert count_rows(session.db, setup.pupil.id)["contact_entry"] == before["contact_entry"] - 1
    assert [r.pupil_id for r in dialog.due()] == [setup.other.id]
    assert "arkiverades" in f.noticeLabel.text() and f.noticeLabel.isVisible()
    assert audit.entries(session.db, pupil_id=setup.pupil.id, limit=1)[0].detail.endswith(
        ": gallrad"
    )


def test_others_see_the_rules_but_cannot_change_them_or_remove(qtbot, session, tmp_path):
    session.user = users.User(session.user.id, session.user.name, Role.MENTOR)
    dialog = _dialog(qtbot, session, tmp_path)
    f = dialog.form
    assert f.noticeLabel.isVisible() and "rektor" in f.noticeLabel.text()
    assert not any(spin.isEnabled() for spin in dialog._spins.values())
    assert not f.runButton.isEnabled()


def test_the_pupil_page_saves_a_register_extract_in_a_chosen_folder(
    qtbot, session, pupils, tmp_path, monkeypatch
):
    setup = full_pupil(session, pupils)
    folder = tmp_path / "utdrag"
    folder.mkdir()
    monkeypatch.setattr(
        register_extract_flow, "choose_extract_folder", lambda parent, start: folder
    )
    area = PupilsArea(pupils)
    show(qtbot, area)
    area.open_pupil(setup.pupil.id)
    page = area.page
    seen: list[str] = []
    answer_next_box("Stäng", seen)
    click(page.form.extractButton)
    written = sorted(p.suffix for p in folder.iterdir())
    assert written == [".json", ".pdf"]
    assert seen and "sekretess" in seen[0]
    log = page.log_table.model()
    assert log.index(0, 3).data() == "registerutdrag"
