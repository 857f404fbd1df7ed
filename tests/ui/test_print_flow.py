"""Printing from the window to a real file, and a refusal that leaves the old file alone."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader

from elevhalsa_desktop.domain.plans import Adjustment
from elevhalsa_desktop.domain.pupil import Pupil
from elevhalsa_desktop.services.plans import PlanService
from elevhalsa_desktop.services.printing import DocumentKind, PrintService
from elevhalsa_desktop.ui.local_settings import local_settings
from elevhalsa_desktop.ui.print_flow import print_document
from tests.filesystems import read_only_dir
from tests.ui.register import answer_next_box


def test_print_suggests_a_name_writes_the_pdf_and_remembers_the_folder(
    qtbot, session, pupils, tmp_path
):
    pupil = pupils.create(Pupil("Åsa", "Öhman", class_name="7B"))
    PlanService(session).save_adjustment(Adjustment(pupil.id, "Förlängd skrivtid"))
    settings = local_settings()
    offered: list[Path] = []
    folder = tmp_path / "utskrifter"
    folder.mkdir()

    def choose(_parent, suggestion: Path) -> Path:
        offered.append(suggestion)
        return folder / suggestion.name

    seen: list[str] = []
    answer_next_box("Stäng", seen)
    written = print_document(
        None, PrintService(session), settings, DocumentKind.ADJUSTMENTS, pupil.id, choose
    )
    assert written is not None and written.parent == folder
    assert "Öhman" not in offered[0].name and offered[0].name.startswith("Extra anpassningar 7B ÅÖ")
    assert "Förlängd skrivtid" in PdfReader(written).pages[0].extract_text()
    assert "sparades som" in seen[0]
    assert settings.value("print/lastFolder") == str(folder)


def test_a_refused_write_says_so_and_writes_nothing(qtbot, session, pupils, tmp_path):
    pupil = pupils.create(Pupil("Åsa", "Öhman", class_name="7B"))
    with read_only_dir(tmp_path) as folder:
        seen: list[str] = []
        answer_next_box("OK", seen)
        written = print_document(
            None,
            PrintService(session),
            local_settings(),
            DocumentKind.ADJUSTMENTS,
            pupil.id,
            lambda _parent, suggestion: folder / suggestion.name,
        )
        assert written is None and list(folder.iterdir()) == []
        assert "skrivskyddad" in seen[0]


def test_cancelling_the_file_dialog_prints_nothing(qtbot, session, pupils):
    pupil = pupils.create(Pupil("Åsa", "Öhman"))
    result = print_document(
        None,
        PrintService(session),
        local_settings(),
        DocumentKind.ADJUSTMENTS,
        pupil.id,
        lambda _parent, _suggestion: None,
    )
    assert result is None
    assert all(entry.action.value != "printed" for entry in pupils.history(pupil.id))


def test_print_from_the_pupil_page_writes_the_document(
    qtbot, session, pupils, tmp_path, monkeypatch
):
    from elevhalsa_desktop.ui import print_flow
    from elevhalsa_desktop.ui.main_window import MainWindow

    pupil = pupils.create(Pupil("Åsa", "Öhman", class_name="7B"))
    PlanService(session).save_adjustment(Adjustment(pupil.id, "Tydligt schema"))
    window = MainWindow(session, local_settings())
    qtbot.addWidget(window)
    window.pupils_area.open_pupil(pupil.id)
    monkeypatch.setattr(
        print_flow, "choose_pdf_target", lambda _p, suggestion: tmp_path / suggestion.name
    )
    answer_next_box("Stäng")
    window.pupils_area.page.support_tab.print_requested.emit("adjustments", pupil.id)
    (written,) = tmp_path.glob("Extra anpassningar 7B ÅÖ *.pdf")
    assert "Tydligt schema" in PdfReader(written).pages[0].extract_text()
