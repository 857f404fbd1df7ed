"""Översikt: a calm start page with the school, the user and the size of the register."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QWidget

from ..domain.pupil import PupilStatus
from ..services.pupils import PupilService
from ..services.session import CaseSession
from .feedback import scaled_font, set_secondary
from .forms import load_form
from .labels import role_label


class OverviewView(QWidget):
    pupils_requested = Signal()

    def __init__(self, session: CaseSession, pupils: PupilService, parent: QWidget | None = None):
        super().__init__(parent)
        self._session = session
        self._pupils = pupils
        form = self.form = load_form("overview_view.ui", self)
        form.schoolLabel.setFont(scaled_font(form.schoolLabel, 1.6, bold=True))
        set_secondary(form.userLabel)
        self._counts = {
            PupilStatus.ACTIVE: (form.activeCount, form.activeCaption),
            PupilStatus.MOVED: (form.movedCount, form.movedCaption),
            PupilStatus.ARCHIVED: (form.archivedCount, form.archivedCaption),
        }
        for count, caption in self._counts.values():
            count.setFont(scaled_font(count, 2.0, bold=True))
            set_secondary(caption)
        form.pupilsButton.clicked.connect(self.pupils_requested)
        self.refresh()

    def focus_first(self) -> None:
        self.form.pupilsButton.setFocus(Qt.FocusReason.OtherFocusReason)

    def refresh(self) -> None:
        form = self.form
        form.schoolLabel.setText(self._session.school_name)
        user = self._session.user
        form.userLabel.setText(
            self.tr("Inloggad som {name}, {role}").format(
                name=user.name, role=role_label(user.role)
            )
        )
        counts = self._pupils.counts()
        captions = {
            PupilStatus.ACTIVE: (self.tr("aktiv elev"), self.tr("aktiva elever")),
            PupilStatus.MOVED: (self.tr("flyttad"), self.tr("flyttade")),
            PupilStatus.ARCHIVED: (self.tr("arkiverad"), self.tr("arkiverade")),
        }
        for status, (count_label, caption_label) in self._counts.items():
            count = counts.get(status, 0)
            one, many = captions[status]
            count_label.setText(str(count))
            caption_label.setText(one if count == 1 else many)
            frame = count_label.parentWidget()
            frame.setAccessibleName(f"{count} {caption_label.text()}")
