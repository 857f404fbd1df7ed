"""Inställningar: the school's name, the user's name and role, and the auto-lock delay.

These live in the case file (so they follow the file to another computer), not in QSettings.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ..domain.people import Role
from ..services.session import (
    AUTO_LOCK_CHOICES,
    MARKING_CONFIDENTIAL,
    MARKING_PUBLIC,
    CaseSession,
    CaseSettings,
)
from .form_dialog import FormDialog
from .labels import role_label


class SettingsDialog(FormDialog):
    def __init__(self, session: CaseSession, parent: QWidget | None = None):
        super().__init__("settings_dialog.ui", parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Inställningar"))
        self._session = session
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
        self.fit_to_contents(min_characters=72)
        form.schoolNameEdit.setFocus()

    def save(self) -> bool:
        form = self.form
        new = CaseSettings(
            school_name=form.schoolNameEdit.text(),
            user_name=form.userNameEdit.text(),
            role=Role(form.roleCombo.currentData()),
            auto_lock_minutes=form.autoLockCombo.currentData(),
            document_marking=form.markingCombo.currentText(),
        )
        return self.save_with(lambda: self._session.save_settings(new))
