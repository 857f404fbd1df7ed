"""A pupil's page: the facts of the record, and one tab per area that will hold the pupil's work.

The page is built from a Pupil that the caller read with ``PupilService.open`` (which wrote the
one "viewed" entry for this opening); the page itself only reads the log and, when asked, the full
civic number, which is audited on its own.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHeaderView, QLabel, QMainWindow, QTableView, QWidget

from ..domain.pupil import Guardian, Pupil
from ..services.absence_investigations import AbsenceInvestigationService
from ..services.collaboration import CollaborationService
from ..services.early_warning import EarlyWarningService
from ..services.handover import HandoverService
from ..services.ladder import LadderService
from ..services.plans import PlanService
from ..services.pupils import PupilNotFound, PupilService
from ..store.errors import CaseFileError
from .areas import areas
from .attendance_tab import AttendanceTab
from .audit_log_model import AuditLogModel
from .clipboard_guard import guard as clipboard_guard
from .collaboration_tab import CollaborationTab
from .feedback import scaled_font
from .forms import load_form
from .handover_tab import HandoverTab
from .labels import status_label, year_label
from .ladder_tab import LadderTab
from .messages import show_error
from .placeholder_page import PlaceholderPage
from .pupil_dialog import start_pupil_dialog
from .register_extract_flow import export_register_extract
from .resources import icon
from .support_tab import SupportTab


class PupilPage(QWidget):
    back_requested = Signal()
    #: The pupil was edited here (the id of the pupil).
    pupil_changed = Signal(str)
    #: Open another pupil instead (from the duplicate civic number offer).
    open_requested = Signal(str)

    def __init__(
        self,
        pupils: PupilService,
        pupil: Pupil,
        parent: QWidget | None = None,
        plans: PlanService | None = None,
    ):
        super().__init__(parent)
        self._pupils = pupils
        self._pupil = pupil
        plans = plans or PlanService(pupils.session)
        self.support_tab = SupportTab(plans, pupil)
        self.support_tab.logged.connect(self._refresh_log)
        ladder = LadderService(pupils.session)
        self.ladder_tab = LadderTab(ladder, plans, pupil)
        self.ladder_tab.changed.connect(self._refresh_log)
        self.handover_tab = HandoverTab(
            HandoverService(pupils.session), pupil, people=plans.responsible_people
        )
        self.handover_tab.logged.connect(self._refresh_log)
        self.collaboration_tab = CollaborationTab(CollaborationService(pupils.session), pupil)
        self.collaboration_tab.changed.connect(self._refresh_log)
        self.attendance_tab = AttendanceTab(
            EarlyWarningService(pupils.session),
            AbsenceInvestigationService(pupils.session),
            plans,
            ladder,
            pupil,
        )
        self.attendance_tab.logged.connect(self._refresh_log)
        # Plans and staged returns saved on their tabs are bands on the attendance chart.
        self.support_tab.changed.connect(self.attendance_tab.reload)
        self.ladder_tab.changed.connect(self.attendance_tab.reload)
        # The page's prints all reach the window through the Planer tab's signal, which the
        # Elever area passes on (see PupilsArea.open_pupil).
        self.attendance_tab.print_requested.connect(self.support_tab.print_requested)
        self._revealed = False
        form = self.form = load_form("pupil_page.ui", self)
        form.nameLabel.setFont(scaled_font(form.nameLabel, 1.6, bold=True))
        form.nameLabel.setTextFormat(Qt.TextFormat.PlainText)
        form.protectedBanner.setObjectName("protectedBanner")
        form.notesView.setPlaceholderText(self.tr("Inga anteckningar."))
        form.pageSplitter.setStretchFactor(0, 0)
        form.pageSplitter.setStretchFactor(1, 1)

        back = QAction(self.tr("Tillbaka till listan"), self)
        back.setShortcuts([QKeySequence(Qt.Modifier.ALT | Qt.Key.Key_Left), QKeySequence("Esc")])
        # Only while the focus is on this page, so Escape still closes dialogs and menus.
        back.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        back.triggered.connect(self.back_requested)
        self.addAction(back)
        form.backButton.clicked.connect(self.back_requested)
        form.editButton.clicked.connect(self.edit)
        form.extractButton.clicked.connect(self.export_register_extract)
        form.revealButton.clicked.connect(self._toggle_civic_no)
        form.copyButton.clicked.connect(self.copy_civic_no)

        self._log_model = AuditLogModel(self)
        self._add_tabs()
        # The facts need little height and the lists below much: start the facts at their
        # smallest (the user may drag the handle; a hidden splitter scales these sizes).
        form.pageSplitter.setSizes([form.factsPanel.minimumSizeHint().height(), 10_000])
        self._show(pupil)
        self._refresh_log()

    @property
    def pupil_id(self) -> str:
        return self._pupil.id

    def _add_tabs(self) -> None:
        tabs = self.form.tabs
        for area in areas():
            if area.key == "plans":
                page = self.support_tab
            elif area.key == "ladder":
                page = self.ladder_tab
            elif area.key == "handover":
                page = self.handover_tab
            elif area.key == "collaboration":
                page = self.collaboration_tab
            elif area.key == "attendance":
                page = self.attendance_tab
            elif area.pupil_coming:
                page = PlaceholderPage("", area.pupil_coming)
            else:
                continue
            # The mnemonic (Alt + the first letter) reaches each tab from the keyboard.
            tabs.addTab(page, icon(area.key), "&" + area.title)
        log = QTableView()
        log.setObjectName("logTable")
        log.setAccessibleName(self.tr("Elevens logg"))
        log.setModel(self._log_model)
        log.verticalHeader().hide()
        log.setAlternatingRowColors(True)
        log.setTabKeyNavigation(False)
        log.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        log.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        log.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        log.horizontalHeader().setStretchLastSection(True)
        self.log_table = log
        tabs.addTab(log, icon("log"), self.tr("&Logg"))

    def show_plan(self, plan_id: str) -> None:
        """Show the Planer tab and open the plan there (from Att göra)."""
        self.form.tabs.setCurrentWidget(self.support_tab)
        self.support_tab.open_plan(plan_id)

    def show_entry(self, entry_id: str) -> None:
        """Show the Samverkan tab and open the contact there (from Att göra)."""
        self.form.tabs.setCurrentWidget(self.collaboration_tab)
        self.collaboration_tab.open_entry(entry_id)

    def show_handover(self) -> None:
        """Show the Överlämning tab (from the Överlämning area)."""
        self.form.tabs.setCurrentWidget(self.handover_tab)
        self.handover_tab.focus_first()

    def show_attendance(self) -> None:
        """Show the Närvaro tab (from the Närvaro area)."""
        self.form.tabs.setCurrentWidget(self.attendance_tab)
        self.attendance_tab.focus_first()

    def show_absence_investigation(self, investigation_id: str) -> None:
        """Show the Närvaro tab and open the absence investigation there (from Att göra)."""
        self.form.tabs.setCurrentWidget(self.attendance_tab)
        self.attendance_tab.open_investigation(investigation_id)

    # Facts ----------------------------------------------------------------------------------
    def _show(self, pupil: Pupil) -> None:
        self._pupil = pupil
        form = self.form
        form.nameLabel.setText(pupil.full_name)
        self.setAccessibleName(pupil.full_name)
        protected = pupil.protected_identity
        form.protectedIcon.setVisible(protected)
        if protected:
            size = form.nameLabel.fontMetrics().height()
            form.protectedIcon.setPixmap(icon("protected").pixmap(size, size))
            form.protectedIcon.setToolTip(self.tr("Skyddad folkbokföring"))
        form.protectedBanner.setVisible(protected)
        dash = "—"
        self._set_fact(form.classNameValue, self.tr("Klass"), pupil.class_name or dash)
        self._set_fact(form.yearValue, self.tr("Årskurs"), year_label(pupil.year))
        self._set_fact(form.schoolValue, self.tr("Skola"), pupil.school or dash)
        self._set_fact(form.mentorValue, self.tr("Mentor"), pupil.mentor or dash)
        self._set_fact(form.statusValue, self.tr("Status"), status_label(pupil.status))
        self._show_civic_no(revealed=False)
        # With protected identity the address is never shown, not even as an empty row.
        form.factsForm.setRowVisible(form.addressValue, not protected)
        self._set_fact(
            form.addressValue, self.tr("Adress"), "" if protected else (pupil.address or dash)
        )
        self._set_fact(
            form.guardiansValue,
            self.tr("Vårdnadshavare"),
            "\n\n".join(self._guardian_text(g) for g in pupil.guardians)
            or self.tr("Inga vårdnadshavare registrerade."),
        )
        form.notesView.setPlainText(pupil.notes)

    @staticmethod
    def _set_fact(label: QLabel, caption: str, text: str) -> None:
        label.setText(text)
        # A screen reader reaches the value on its own, so it gets its caption with it.
        label.setAccessibleName(f"{caption}: {text}")

    def _guardian_text(self, guardian: Guardian) -> str:
        lines = [f"{guardian.name} ({guardian.relation})" if guardian.relation else guardian.name]
        if guardian.phone:
            lines.append(self.tr("Telefon: {phone}").format(phone=guardian.phone))
        if guardian.email:
            lines.append(self.tr("E-post: {email}").format(email=guardian.email))
        return "\n".join(lines)

    def _show_civic_no(self, revealed: bool, full: str = "") -> None:
        form = self.form
        has_number = bool(self._pupil.civic_no)
        form.revealButton.setVisible(has_number)
        form.copyButton.setVisible(has_number)
        caption = self.tr("Personnummer")
        if not has_number:
            self._set_fact(form.civicNoValue, caption, self.tr("Inget personnummer registrerat"))
            return
        self._set_fact(
            form.civicNoValue, caption, full if revealed else self._pupil.masked_civic_no
        )
        self._revealed = revealed
        form.revealButton.setText(self.tr("&Dölj") if revealed else self.tr("V&isa"))
        form.revealButton.setAccessibleName(
            self.tr("Dölj personnumret") if revealed else self.tr("Visa hela personnumret")
        )

    def _toggle_civic_no(self) -> None:
        if self._revealed:
            self._show_civic_no(revealed=False)
            return
        try:
            full = self._pupils.reveal_civic_no(self._pupil.id)
        except (PupilNotFound, CaseFileError) as error:
            show_error(self, str(error))
            return
        self._show_civic_no(revealed=True, full=full)
        self._refresh_log()

    def copy_civic_no(self) -> None:
        """Kopiera personnummer: logged like showing it, gone from the clipboard after 30 s."""
        try:
            full = self._pupils.copy_civic_no(self._pupil.id)
        except (PupilNotFound, CaseFileError) as error:
            show_error(self, str(error))
            return
        clipboard_guard().copy_secret(full)
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(
                self.tr("Personnumret är kopierat. Det tas bort ur urklipp om 30 sekunder."), 5_000
            )
        self._refresh_log()

    def _refresh_log(self) -> None:
        self._log_model.set_entries(self._pupils.history(self._pupil.id))

    def export_register_extract(self) -> None:
        """Registerutdrag (GDPR art. 15): everything held about the pupil, to a chosen folder."""
        if export_register_extract(self, self._pupils.session, self._pupil.id):
            self._refresh_log()

    # Editing --------------------------------------------------------------------------------
    def edit(self) -> None:
        start_pupil_dialog(
            self._pupils, self._pupil, self, self._after_edit, self.open_requested.emit
        )

    def _after_edit(self, saved: Pupil) -> None:
        self._show(saved)
        self.collaboration_tab.set_pupil(saved)  # the guardians head its network
        self.handover_tab.set_pupil(saved)
        self._refresh_log()
        self.pupil_changed.emit(saved.id)
