"""Printing a cohort from the dialog: the files land in the chosen folder (one PDF per pupil, the
class summary, and the combined file when asked), the window stays responsive while it prints,
and Avbryt mid-way leaves the folder exactly as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QUrl

from elevhalsa_desktop.services.handover import HandoverService
from elevhalsa_desktop.ui.handover_common import PRINT_FOLDER
from elevhalsa_desktop.ui.handover_print_dialog import HandoverPrintDialog, Page
from elevhalsa_desktop.ui.local_settings import local_settings
from tests.dates import TODAY
from tests.ui.driving import click
from tests.ui.handover_setup import year6
from tests.ui.register import mnemonic_clashes, unnamed_controls

NAMES = [
    ("Ali", "Ahmadi", "6A"),
    ("Bo", "Berg", "6A"),
    ("Cia", "Carlsson", "6A"),
    ("Dan", "Dahl", "6A"),
    ("Eva", "Ek", "6A"),
    ("Fia", "Falk", "6B"),
    ("Gun", "Gran", "6B"),
    ("Hans", "Holm", "6B"),
    ("Ida", "Ivarsson", "6B"),
    ("Jan", "Jansson", "6B"),
]


@pytest.fixture
def cohort(session, pupils):
    """Ten year-6 pupils, each with a note; one more without."""
    handover = HandoverService(session, today=lambda: TODAY)
    made = []
    for given, family, class_name in NAMES:
        pupil = year6(pupils, given, family, class_name)
        handover.save(handover.draft(pupil.id).with_changes(strengths=f"{given} tycker om bild."))
        made.append(pupil)
    year6(pupils, "Zoé", "Zetterlund", "6B")
    return made


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def open_dialog(qtbot, session, **kwargs) -> HandoverPrintDialog:
    # One process: quick, and no worker to start in a test (the service's own tests cover two).
    dialog = HandoverPrintDialog(
        session, "6", settings=local_settings(), today=lambda: TODAY, processes=1, **kwargs
    )
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_the_cohort_is_printed_into_the_folder_and_the_folder_can_be_opened(
    qtbot, session, cohort, tmp_path
):
    folder = tmp_path / "ut"
    folder.mkdir()
    dialog = open_dialog(qtbot, session)
    form = dialog.form
    assert "11 elever, 10 av dem med en överlämning" in form.introLabel.text()
    assert not unnamed_controls(dialog) and not mnemonic_clashes(dialog)
    offered: list[Path] = []
    dialog.choose_folder = lambda _parent, start: offered.append(start) or folder
    click(form.chooseFolderButton)
    assert form.folderEdit.text() == str(folder)
    click(form.combinedCheck)
    combined = folder / f"Överlämning åk 6 {TODAY.isoformat()}.pdf"
    assert dialog.combined_target() == combined
    assert form.combinedEdit.text() == str(combined)

    with qtbot.waitSignal(dialog.printed, timeout=20_000) as printed:
        click(form.printButton)
        assert dialog.page is Page.PRINTING and form.cancelButton.isEnabled()
    result = printed.args[0]
    assert dialog.page is Page.DONE
    assert len(result.packets) == 10
    assert sorted(folder.iterdir()) == sorted([*result.packets, result.summary, combined])
    for pupil in cohort:
        assert all(pupil.family_name not in p.name for p in result.packets)
    summary = form.summaryLabel.text()
    assert f"10 paket och en klassöversikt sparades i {folder}." in summary
    assert f"Den samlade filen {combined.name}" in summary
    assert local_settings().value(PRINT_FOLDER) == str(folder)
    opened: list[QUrl] = []
    dialog.open_url = opened.append
    click(form.openFolderButton)
    assert opened == [QUrl.fromLocalFile(str(folder))]
    click(form.closeButton)
    assert not dialog.isVisible()


def test_avbryt_mid_way_leaves_the_folder_as_it_was(qtbot, session, cohort, tmp_path):
    folder = tmp_path / "ut"
    folder.mkdir()
    (folder / "egna anteckningar.txt").write_text("Mina anteckningar", encoding="utf-8")
    before = snapshot(folder)
    dialog = open_dialog(qtbot, session)
    form = dialog.form
    dialog.set_folder(folder)
    click(form.combinedCheck)
    click(form.printButton)
    task = dialog._task
    with qtbot.waitSignal(task.progressed, timeout=10_000):
        pass
    with qtbot.waitSignal(task.ended, timeout=20_000):
        click(form.cancelButton)
        assert not form.cancelButton.isEnabled()  # once is enough: it is stopping
    assert dialog.page is Page.SETUP and dialog.result is None
    assert form.noticeLabel.text() == "Utskriften avbröts. Inga filer sparades."
    assert snapshot(folder) == before
    assert dialog.isVisible()


def test_nothing_chosen_and_a_folder_that_is_gone_are_said_at_the_fields(
    qtbot, session, cohort, tmp_path
):
    dialog = open_dialog(qtbot, session)
    form = dialog.form
    click(form.packetsCheck)
    assert not form.printButton.isEnabled()  # neither kind of file chosen
    click(form.packetsCheck)
    dialog.set_folder(tmp_path / "borta")
    click(form.printButton)
    assert dialog.page is Page.SETUP
    assert "finns inte" in form.problemLabel.text() and form.problemLabel.isVisible()
