"""Inställningar: the school's name, the user's name and role, the auto-lock delay and the
marking on prints; and, on the tab Tidig varning, the limits the school has chosen for when
absence is to be noticed, and the first days of its terms.

These live in the case file (so they follow the file to another computer), not in QSettings.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QSpinBox, QWidget

from ..domain.ews import Thresholds
from ..domain.people import Role
from ..domain.pupil import ValidationError
from ..services.early_warning import EarlyWarningService
from ..services.session import (
    AUTO_LOCK_CHOICES,
    MARKING_CONFIDENTIAL,
    MARKING_PUBLIC,
    CaseSession,
    CaseSettings,
)
from .backup_settings import BackupSettingsPage
from .feedback import set_secondary
from .form_dialog import FormDialog
from .labels import role_label
from .local_settings import local_settings

#: Each threshold of early warning and the stem of its spin box in the form.
_THRESHOLDS = (
    ("yellow_percent", "yellowPercent"),
    ("red_percent", "redPercent"),
    ("yellow_unexcused_occasions", "yellowUnexcusedOccasions"),
    ("red_consecutive_days", "redConsecutiveDays"),
    ("scattered_days", "scatteredDays"),
    ("weekday_run", "weekdayRun"),
    ("first_lessons", "firstLessons"),
)


class SettingsDialog(FormDialog):
    def __init__(
        self,
        session: CaseSession,
        parent: QWidget | None = None,
        ews: EarlyWarningService | None = None,
        settings: QSettings | None = None,
    ):
        super().__init__("settings_dialog.ui", parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Inställningar"))
        self._session = session
        self._ews = ews or EarlyWarningService(session)
        form = self.form
        for role in Role:
            form.roleCombo.addItem(role_label(role), role.value)
        for minutes in AUTO_LOCK_CHOICES:
            text = self.tr("1 minut") if minutes == 1 else self.tr("{n} minuter").format(n=minutes)
            form.autoLockCombo.addItem(text, minutes)
        for key, label, field in (
            ("school_name", form.schoolNameProblem, form.schoolNameEdit),
            ("user_name", form.userNameProblem, form.userNameEdit),
            ("auto_lock_minutes", form.autoLockProblem, form.autoLockCombo),
            ("document_marking", form.markingProblem, form.markingCombo),
        ):
            self.problems.bind(key, label, field)
        current = session.settings()
        form.schoolNameEdit.setText(current.school_name)
        form.userNameEdit.setText(current.user_name)
        form.roleCombo.setCurrentIndex(max(form.roleCombo.findData(current.role.value), 0))
        lock_index = form.autoLockCombo.findData(current.auto_lock_minutes)
        form.autoLockCombo.setCurrentIndex(max(lock_index, 0))
        form.markingCombo.addItems([MARKING_CONFIDENTIAL, MARKING_PUBLIC])
        form.markingCombo.setCurrentText(current.document_marking)
        form.markingCombo.lineEdit().setAccessibleName(form.markingCombo.accessibleName())
        self.track_changes(
            form.schoolNameEdit,
            form.userNameEdit,
            form.roleCombo,
            form.autoLockCombo,
            form.markingCombo,
        )
        self._set_up_warning_page()
        self._set_up_backup_page(settings if settings is not None else local_settings())
        self.fit_to_contents(min_characters=92)
        form.schoolNameEdit.setFocus()

    # Tidig varning ------------------------------------------------------------------------------
    def _set_up_warning_page(self) -> None:
        form = self.form
        set_secondary(form.warningLevels)
        set_secondary(form.termHint)
        self._thresholds = self._ews.thresholds()
        self._spins: dict[str, QSpinBox] = {}
        for name, stem in _THRESHOLDS:
            spin: QSpinBox = getattr(form, f"{stem}Spin")
            spin.setValue(getattr(self._thresholds, name))
            spin.valueChanged.connect(self._mark_changed)
            self._spins[name] = spin
            self.problems.bind(name, getattr(form, f"{stem}Problem"), spin)
        # One width for all, so the numbers line up whatever their unit.
        widest = max(spin.sizeHint().width() for spin in self._spins.values())
        for spin in self._spins.values():
            spin.setFixedWidth(widest)
        self._term_starts = self._ews.term_starts()
        form.autumnTermEdit.setText(self._term_starts[0])
        form.springTermEdit.setText(self._term_starts[1])
        self.problems.bind("autumn_term_start", form.autumnTermProblem, form.autumnTermEdit)
        self.problems.bind("spring_term_start", form.springTermProblem, form.springTermEdit)
        self.track_changes(form.autumnTermEdit, form.springTermEdit)

    # Säkerhetskopior (ui/backup_settings.py) ----------------------------------------------------
    def _set_up_backup_page(self, settings: QSettings) -> None:
        self.backup_page = BackupSettingsPage(self._session, settings)
        self.form.settingsTabs.addTab(self.backup_page, self.tr("Säkerhets&kopior"))
        self.backup_page.bind_problems(self.problems)
        self.track_changes(*self.backup_page.change_widgets())
        self.backup_page.keep_spin.valueChanged.connect(self._mark_changed)

    def thresholds_from_form(self) -> Thresholds:
        return Thresholds(**{name: spin.value() for name, spin in self._spins.items()})

    def validation_failed(self, error: ValidationError) -> None:
        # Problems only on the tab that is not showing: show that tab, at the first of them.
        form = self.form
        fields = [f for key in error.problems if (f := self._field_for(key)) is not None]
        if fields and not any(form.settingsTabs.currentWidget().isAncestorOf(f) for f in fields):
            first = fields[0]
            on_warning = form.warningPage.isAncestorOf(first)
            form.settingsTabs.setCurrentWidget(form.warningPage if on_warning else form.generalPage)
            first.setFocus()

    def _field_for(self, key: str) -> QWidget | None:
        form = self.form
        fields = {
            "school_name": form.schoolNameEdit,
            "user_name": form.userNameEdit,
            "auto_lock_minutes": form.autoLockCombo,
            "document_marking": form.markingCombo,
            "autumn_term_start": form.autumnTermEdit,
            "spring_term_start": form.springTermEdit,
            **self._spins,
        }
        return fields.get(key)

    def save(self) -> bool:
        form = self.form
        new = CaseSettings(
            school_name=form.schoolNameEdit.text(),
            user_name=form.userNameEdit.text(),
            role=Role(form.roleCombo.currentData()),
            auto_lock_minutes=form.autoLockCombo.currentData(),
            document_marking=form.markingCombo.currentText(),
        )
        thresholds = self.thresholds_from_form()
        terms = (form.autumnTermEdit.text().strip(), form.springTermEdit.text().strip())

        def write() -> None:
            # The limits are checked before anything is written; each part is written only
            # when it changed, so the log says what was changed.
            problems = thresholds.problems()
            if problems:
                raise ValidationError(problems)
            if terms != self._term_starts:
                self._ews.save_term_starts(*terms)
                self._term_starts = terms
            self._session.save_settings(new)
            self.backup_page.save()
            if thresholds != self._thresholds:
                self._thresholds = self._ews.save_thresholds(thresholds)

        return self.save_with(write)
