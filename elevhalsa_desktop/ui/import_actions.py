"""The two import commands in the Arkiv menu: Importera elever… and Importera närvaro….

Installed from outside the main window's own menu code, so the window only needs one line:
``install_import_actions(self, session, on_imported)``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from ..services.session import CaseSession
from .import_dialog import ImportDialog, open_import_dialog
from .import_sources import ImportKind

PUPILS_SHORTCUT = "Ctrl+Shift+E"
ATTENDANCE_SHORTCUT = "Ctrl+Shift+I"


def _case_menu(window: QMainWindow) -> QMenu:
    """The Arkiv menu (the first menu of the bar, whatever language it is shown in)."""
    menus = [a.menu() for a in window.menuBar().actions() if a.menu() is not None]
    for menu in menus:
        if menu.title().replace("&", "") == window.tr("Arkiv"):
            return menu
    if menus:
        return menus[0]
    return window.menuBar().addMenu(window.tr("&Arkiv"))


def _insertion_point(menu: QMenu) -> QAction | None:
    """The separator above Inställningar…, so the imports form a group of their own after the
    case-file commands; None (the end) when the menu has no such place."""
    actions = menu.actions()
    for index, action in enumerate(actions):
        if action.menuRole() in (QAction.MenuRole.PreferencesRole, QAction.MenuRole.QuitRole):
            before = index - 1 if index > 0 and actions[index - 1].isSeparator() else index
            return actions[before]
    return None


def install_import_actions(
    window: QMainWindow, session: CaseSession, on_imported: Callable[[], None]
) -> tuple[QAction, QAction]:
    """Add "Importera elever…" and "Importera närvaro…" to the window's Arkiv menu. Each opens
    the import dialog; ``on_imported`` is called after an import that changed the case file."""
    menu = _case_menu(window)
    before = _insertion_point(menu)
    separator = QAction(window)
    separator.setSeparator(True)
    pupils = QAction(window.tr("Importera &elever…"), window)
    pupils.setObjectName("importPupilsAction")
    pupils.setShortcut(QKeySequence(PUPILS_SHORTCUT))
    pupils.setStatusTip(window.tr("Läs in elevlistan från skolsystemet (CSV, Excel, SS 12000)"))
    attendance = QAction(window.tr("Importera nä&rvaro…"), window)
    attendance.setObjectName("importAttendanceAction")
    attendance.setShortcut(QKeySequence(ATTENDANCE_SHORTCUT))
    attendance.setStatusTip(window.tr("Läs in närvaron från skolsystemet (CSV, Excel, SS 12000)"))
    for action in (separator, pupils, attendance):
        if before is None:
            menu.addAction(action)
        else:
            menu.insertAction(before, action)

    def open_dialog(kind: ImportKind) -> ImportDialog:
        return open_import_dialog(window, session, kind, on_imported)

    pupils.triggered.connect(lambda _checked=False: open_dialog(ImportKind.ROSTER))
    attendance.triggered.connect(lambda _checked=False: open_dialog(ImportKind.ATTENDANCE))
    return pupils, attendance
