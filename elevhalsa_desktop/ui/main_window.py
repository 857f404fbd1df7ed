"""The main window: a left navigation over the areas of the program, one page per area.

The window works on an unlocked CaseSession that the app gives it and hands back through its
signals (new case, open case, change password); it never closes the session itself. QSettings
holds only the window's geometry and the splitter, never anything from the case file.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QWidget,
)

from ..domain.plans import PlanKind
from ..services.absence_investigations import AbsenceInvestigationService
from ..services.audit_review import AuditReviewService
from ..services.collaboration import CollaborationService
from ..services.early_warning import EarlyWarningService
from ..services.handover import HandoverService
from ..services.ladder_overview import LadderOverviewService
from ..services.plans import PlanService
from ..services.printing import DocumentKind, PrintService
from ..services.pupils import PupilService
from ..services.session import CaseSession
from .areas import Area, areas
from .audit_review_dialog import AuditReviewDialog, open_audit_review
from .backup_actions import BackupActions
from .directory_area import DirectoryArea
from .early_warning_area import EarlyWarningArea
from .form_dialog import FormDialog
from .forms import load_form
from .hand_over_dialog import HandOverDialog
from .handover_actions import HandoverActions
from .handover_area import HandoverArea
from .import_actions import install_import_actions
from .labels import role_label
from .locking import WindowLock
from .messages import show_error
from .overview_view import OverviewView
from .placeholder_page import PlaceholderPage
from .plans_area import PlansArea
from .print_flow import print_document
from .pupils_area import PupilsArea
from .resources import icon, style_sheet
from .retention_dialog import RetentionDialog, open_retention_dialog
from .returns_area import ReturnsArea
from .settings_dialog import SettingsDialog

_GEOMETRY_KEY = "mainWindow/geometry"
_SPLITTER_KEY = "mainWindow/splitter"
_FIRST_SIZE = QSize(1280, 800)


class MainWindow(QMainWindow):
    new_case_requested = Signal()
    open_case_requested = Signal()
    change_password_requested = Signal()
    #: "Stäng akten" on the lock screen: close the case file without unlocking it.
    close_case_requested = Signal()
    #: The case file was replaced by a backup (same session): the app builds the window anew.
    case_restored = Signal()
    #: The window was closed; the app decides whether to close the session or quit.
    closed = Signal()

    def __init__(self, session: CaseSession, settings: QSettings):
        super().__init__()
        self.setObjectName("mainWindow")
        self._session = session
        self._settings = settings
        self._pupils = PupilService(session)
        self._plans = PlanService(session)
        central = QWidget(self)
        self.setCentralWidget(central)
        self.form = load_form("main_window.ui", central)
        if not QApplication.instance().styleSheet():
            # The app normally styles everything; a window built alone (tests, screenshots)
            # styles itself so it looks the same.
            self.setStyleSheet(style_sheet())

        investigations = AbsenceInvestigationService(session)
        self.overview = OverviewView(
            session, self._pupils, plans=self._plans, investigations=investigations
        )
        self.pupils_area = PupilsArea(self._pupils, plans=self._plans)
        self.plans_area = PlansArea(self._plans)
        self.returns_area = ReturnsArea(LadderOverviewService(session))
        self.handover_area = HandoverArea(
            HandoverService(session), people=self._plans.responsible_people
        )
        self.directory_area = DirectoryArea(CollaborationService(session))
        self.attendance_area = EarlyWarningArea(
            EarlyWarningService(session), investigations, self._plans
        )
        self._areas = areas()
        self._build_pages()
        self._install_lock()
        self._build_menus()
        install_import_actions(self, session, lambda: self._imported())
        self.identity_label = QLabel()
        self.identity_label.setAccessibleName(self.tr("Inloggad användare"))
        self.statusBar().addWidget(self.identity_label)

        self.pupils_area.pupils_changed.connect(self.overview.refresh)
        self.overview.pupils_requested.connect(lambda: self.show_area("pupils"))
        self.pupils_area.list_view.show_requested.connect(lambda: self.show_area("pupils"))
        self.overview.open_plan_requested.connect(self.open_plan)
        self.overview.open_entry_requested.connect(self.open_entry)
        self.pupils_area.collaboration_changed.connect(self.overview.refresh_todo)
        self.overview.hand_over_requested.connect(self.open_hand_over)
        self.pupils_area.plans_changed.connect(self._support_changed)
        self.plans_area.plans_changed.connect(self._support_changed)
        self.plans_area.pupil_requested.connect(self._show_pupil)
        self.returns_area.open_pupil_requested.connect(self._show_pupil_ladder)
        self.pupils_area.print_requested.connect(self.print_record)
        self.overview.open_investigation_requested.connect(self.open_absence_investigation)
        self.attendance_area.open_pupil_requested.connect(self._show_pupil_attendance)
        self.attendance_area.new_plan_requested.connect(self._new_plan_for)
        self.attendance_area.investigation_saved.connect(self.overview.refresh_todo)
        self.handover_area.open_pupil_requested.connect(self._show_pupil_handover)
        self.handover_area.note_saved.connect(self.pupils_area.reload_handover)
        self.pupils_area.handover_changed.connect(self.handover_area.refresh)
        self.handover_actions = HandoverActions(self, session, self.handover_area, self._settings)
        self.handover_actions.imported.connect(lambda _result: self._imported())
        self._show_identity()
        self._restore_geometry()
        self.show_area("overview")

    def print_record(self, kind: str, record_id: str) -> None:
        """Print a document of the open pupil: asks where, writes it whole, logs the print."""
        try:
            document = DocumentKind(kind)
        except ValueError:
            # A document the print service does not know yet: say so calmly, never crash.
            show_error(
                self,
                self.tr("Det här dokumentet kan inte skrivas ut i den här versionen."),
                self.tr("Utskriften finns inte än"),
            )
            return
        print_document(self, PrintService(self._session), self._settings, document, record_id)

    # Pages and navigation -------------------------------------------------------------------
    def _build_pages(self) -> None:
        form = self.form
        form.mainSplitter.setStretchFactor(0, 0)
        form.mainSplitter.setStretchFactor(1, 1)
        for number, area in enumerate(self._areas, start=1):
            form.pageStack.addWidget(self._page_for(area))
            item = QListWidgetItem(icon(area.key), area.title)
            item.setToolTip(
                self.tr("{area} (Ctrl+{number})").format(area=area.title, number=number)
            )
            form.navList.addItem(item)
        form.navList.currentRowChanged.connect(form.pageStack.setCurrentIndex)

    def _page_for(self, area: Area) -> QWidget:
        if area.key == "overview":
            return self.overview
        if area.key == "pupils":
            return self.pupils_area
        if area.key == "plans":
            return self.plans_area
        if area.key == "ladder":
            return self.returns_area
        if area.key == "handover":
            return self.handover_area
        if area.key == "collaboration":
            return self.directory_area
        if area.key == "attendance":
            return self.attendance_area
        return PlaceholderPage(area.title, area.coming)

    def area_keys(self) -> list[str]:
        return [area.key for area in self._areas]

    def current_area(self) -> str:
        return self._areas[self.form.pageStack.currentIndex()].key

    def show_area(self, key: str) -> None:
        row = self.area_keys().index(key)
        self.form.navList.setCurrentRow(row)
        self.form.pageStack.widget(row).focus_first()

    # Menus ------------------------------------------------------------------------------------
    def _build_menus(self) -> None:
        bar = self.menuBar()
        case_menu = bar.addMenu(self.tr("&Arkiv"))
        self._add(
            case_menu,
            self.tr("&Ny akt…"),
            self.new_case_requested.emit,
            QKeySequence("Ctrl+Shift+N"),
        )
        self._add(
            case_menu,
            self.tr("Ö&ppna akt…"),
            self.open_case_requested.emit,
            QKeySequence.StandardKey.Open,
        )
        self._add(case_menu, self.tr("&Byt lösenord…"), self.change_password_requested.emit)
        self._add(case_menu, self.tr("&Lämna över ansvar…"), self.open_hand_over)
        self._add(case_menu, self.tr("&Gallring…"), self.open_retention)
        self._add(
            case_menu,
            self.tr("Logg&kontroll…"),
            self.open_audit_review,
            QKeySequence("Ctrl+Shift+L"),
        ).setIcon(icon("log"))
        self._install_backups(case_menu)
        case_menu.addSeparator()
        settings = self._add(
            case_menu, self.tr("&Inställningar…"), self.open_settings, QKeySequence("Ctrl+,")
        )
        settings.setMenuRole(QAction.MenuRole.PreferencesRole)
        case_menu.addSeparator()
        case_menu.addAction(self.locking.action)
        quit_action = self._add(case_menu, self.tr("&Avsluta"), self.close, QKeySequence("Ctrl+Q"))
        quit_action.setMenuRole(QAction.MenuRole.QuitRole)

        view_menu = bar.addMenu(self.tr("&Visa"))
        for number, area in enumerate(self._areas, start=1):
            self._add(
                view_menu,
                area.title,
                lambda _checked=False, key=area.key: self.show_area(key),
                QKeySequence(f"Ctrl+{number}"),
            ).setIcon(icon(area.key))

        pupil_menu = bar.addMenu(self.tr("&Elev"))
        pupil_menu.addAction(self.pupils_area.list_view.new_action)
        pupil_menu.addAction(self.pupils_area.list_view.find_action)

    def _add(self, menu: QMenu, text: str, slot, shortcut=None) -> QAction:
        action = menu.addAction(text)
        action.triggered.connect(slot)
        if shortcut is not None:
            action.setShortcut(shortcut)
        return action

    # Plans ------------------------------------------------------------------------------------
    def open_plan(self, pupil_id: str, plan_id: str) -> None:
        """From Att göra: the pupil's page, with the plan open in its dialog on top."""
        self.show_area("pupils")
        self.pupils_area.open_plan(pupil_id, plan_id)

    def open_entry(self, pupil_id: str, entry_id: str) -> None:
        """From Att göra: the pupil's page on the Samverkan tab, with the contact open."""
        self.show_area("pupils")
        self.pupils_area.open_entry(pupil_id, entry_id)

    def _show_pupil(self, pupil_id: str) -> None:
        self.show_area("pupils")
        self.pupils_area.open_pupil(pupil_id)

    def _show_pupil_ladder(self, pupil_id: str) -> None:
        self._show_pupil(pupil_id)
        page = self.pupils_area.page
        if page is not None and page.pupil_id == pupil_id:
            page.form.tabs.setCurrentWidget(page.ladder_tab)
            page.ladder_tab.focus_first()

    def _show_pupil_handover(self, pupil_id: str) -> None:
        self.show_area("pupils")
        self.pupils_area.open_handover(pupil_id)

    def _show_pupil_attendance(self, pupil_id: str) -> None:
        self._show_pupil(pupil_id)
        page = self.pupils_area.page
        if page is not None and page.pupil_id == pupil_id:
            page.show_attendance()

    def _new_plan_for(self, pupil_id: str) -> None:
        """From the Närvaro area: the pupil's Planer tab, with a new plan open on it."""
        self._show_pupil(pupil_id)
        page = self.pupils_area.page
        if page is not None and page.pupil_id == pupil_id:
            page.form.tabs.setCurrentWidget(page.support_tab)
            page.support_tab.new_plan(PlanKind.HANDLINGSPLAN)

    def open_absence_investigation(self, pupil_id: str, investigation_id: str) -> None:
        """From Att göra: the pupil's Närvaro tab, with the investigation open on it."""
        self._show_pupil(pupil_id)
        page = self.pupils_area.page
        if page is not None and page.pupil_id == pupil_id:
            page.show_absence_investigation(investigation_id)

    def _imported(self) -> None:
        self.pupils_area.reload()
        self.overview.refresh()
        self.refresh_attendance()

    def refresh_attendance(self) -> None:
        """Show new attendance everywhere it is shown (call after an import or a change of
        the early-warning settings)."""
        self.attendance_area.refresh()
        page = self.pupils_area.page
        if page is not None:
            page.attendance_tab.reload()
        self.overview.refresh_todo()

    def _support_changed(self) -> None:
        # Every list of plans shows the change, wherever it was made.
        self.overview.refresh_todo()
        self.plans_area.reload()
        self.pupils_area.reload_support()

    def open_hand_over(self) -> HandOverDialog:
        dialog = HandOverDialog(self._plans, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.handed_over.connect(self._handed_over)
        dialog.open()
        return dialog

    def open_retention(self) -> RetentionDialog:
        return open_retention_dialog(self, self._session, self._records_removed)

    def _records_removed(self) -> None:
        # Pupils and records may be gone: close an open pupil page, show every list anew.
        self.pupils_area.show_list()
        self._imported()
        self._support_changed()
        self.handover_area.refresh()

    def _handed_over(self, sentence: str) -> None:
        self.statusBar().showMessage(sentence, 15_000)
        self._support_changed()

    # Case-level things ------------------------------------------------------------------------
    def _show_identity(self) -> None:
        session = self._session
        self.setWindowTitle(
            self.tr("{school} — {file}").format(school=session.school_name, file=session.path.name)
        )
        user = session.user
        self.identity_label.setText(
            self.tr("{name} · {role}").format(name=user.name, role=role_label(user.role))
        )

    def open_audit_review(self) -> AuditReviewDialog:
        """The log check, in a window of its own; a second call brings the open one forward."""
        for dialog in self.findChildren(AuditReviewDialog):
            if dialog.isVisible():
                dialog.raise_()
                dialog.activateWindow()
                return dialog
        return open_audit_review(self, AuditReviewService(self._session), self._settings)

    def _install_lock(self) -> None:
        """Lås: Ctrl+L, the Arkiv menu, a button in the status bar, the idle time from the
        settings and the desktop's own lock. See ui/locking.py."""
        self.locking = WindowLock(self, self._session)
        self.locking.close_requested.connect(self.close_case_requested)

    def _install_backups(self, menu: QMenu) -> None:
        """Säkerhetskopiera nu…, Återställ från säkerhetskopia…, the daily backup and the one
        when the window closes. See ui/backup_actions.py."""
        self.backups = BackupActions(self, self._session, self._settings, menu)
        self.backups.restored.connect(self.case_restored)

    def open_settings(self) -> SettingsDialog:
        dialog = SettingsDialog(self._session, self, settings=self._settings)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self._settings_saved)
        dialog.open()
        return dialog

    def _settings_saved(self) -> None:
        self.locking.settings_changed()  # the idle time may have changed
        self._show_identity()
        self.overview.refresh()
        self.refresh_attendance()  # the thresholds and the term's start may have changed

    # Geometry ---------------------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        geometry = self._settings.value(_GEOMETRY_KEY)
        if not (isinstance(geometry, QByteArray) and self.restoreGeometry(geometry)):
            available = self.screen().availableGeometry().size()
            self.resize(_FIRST_SIZE.boundedTo(available * 0.95))
        splitter = self._settings.value(_SPLITTER_KEY)
        if not (isinstance(splitter, QByteArray) and self.form.mainSplitter.restoreState(splitter)):
            nav = self.form.navList
            # Wide enough for the longest area name and its icon, whatever the font and scale.
            nav_width = (
                nav.sizeHintForColumn(0) + 2 * nav.frameWidth() + nav.fontMetrics().height() * 2
            )
            self.form.mainSplitter.setSizes([nav_width, self.width() - nav_width])

    def closeEvent(self, event: QCloseEvent) -> None:
        # A dialog's own Cancel asks before unsaved changes are lost; closing the window (from
        # the app, say, when switching case files) must ask the same question.
        for dialog in self.findChildren(FormDialog):
            if dialog.isVisible():
                dialog.reject()
                if dialog.isVisible():
                    event.ignore()
                    return
        self.backups.before_close()
        self._settings.setValue(_GEOMETRY_KEY, self.saveGeometry())
        self._settings.setValue(_SPLITTER_KEY, self.form.mainSplitter.saveState())
        self._settings.sync()
        super().closeEvent(event)
        self.closed.emit()
