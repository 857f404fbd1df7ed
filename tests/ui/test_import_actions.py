"""The import commands in the main window's Arkiv menu: placed among the case-file commands, with
shortcuts that nothing else in the window uses, opening the dialog for pupils or attendance."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence

from elevhalsa_desktop.ui.import_dialog import ImportDialog
from elevhalsa_desktop.ui.import_sources import ImportKind
from elevhalsa_desktop.ui.main_window import MainWindow
from tests.ui.register import find_open


def _menu_texts(menu) -> list[str]:
    return [a.text() if not a.isSeparator() else "—" for a in menu.actions()]


def test_the_arkiv_menu_gets_both_imports_with_free_shortcuts(qtbot, session, tmp_path):
    window = MainWindow(session, QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    refreshed = []
    # The window installs the actions itself; they call back whatever it is given.
    pupils = window.findChild(QAction, "importPupilsAction")
    attendance = window.findChild(QAction, "importAttendanceAction")
    window._imported = lambda: refreshed.append(1)
    assert (pupils.objectName(), attendance.objectName()) == (
        "importPupilsAction",
        "importAttendanceAction",
    )
    arkiv = window.menuBar().actions()[0].menu()
    texts = _menu_texts(arkiv)
    at = texts.index("Importera &elever…")
    assert texts[at - 1] == "—" and texts[at + 1] == "Importera nä&rvaro…"
    assert texts.index("&Inställningar…") > at  # before the settings and Avsluta
    letters = [t.replace("&&", "")[t.index("&") + 1].casefold() for t in texts if "&" in t]
    assert len(letters) == len(set(letters)), texts

    keys = [
        shortcut.toString()
        for action in window.findChildren(QAction)
        for shortcut in action.shortcuts()
        if not shortcut.isEmpty()
    ]
    assert len(keys) == len(set(keys)), sorted(keys)
    assert pupils.shortcut() == QKeySequence("Ctrl+Shift+E")

    window.show()
    attendance.trigger()
    dialog = find_open(window, ImportDialog, qtbot)
    assert dialog.kind is ImportKind.ATTENDANCE
    assert dialog.windowModality() == Qt.WindowModality.WindowModal  # the window still paints
    dialog.imported.emit(None)
    assert refreshed == [1]
    dialog.close()
    pupils.trigger()
    assert find_open(window, ImportDialog, qtbot).kind is ImportKind.ROSTER
