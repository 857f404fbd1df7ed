"""A pupil's audit entries as a table: when, who, what and which fields."""

from __future__ import annotations

import datetime as _dt

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, Qt

from ..domain.pupil import PupilStatus
from ..store.audit import AuditEntry
from .labels import action_label, status_label

_ROOT = QModelIndex()


def _tr(text: str) -> str:
    return QCoreApplication.translate("AuditLogModel", text)


# The service writes field names and status values as they are in the code, so that the log stays
# the same whatever language the program runs in; here they become words for the reader.
def _field_names() -> dict[str, str]:
    return {
        "given_name": _tr("förnamn"),
        "family_name": _tr("efternamn"),
        "civic_no": _tr("personnummer"),
        "year": _tr("årskurs"),
        "class_name": _tr("klass"),
        "school": _tr("skola"),
        "mentor": _tr("mentor"),
        "protected_identity": _tr("skyddad folkbokföring"),
        "address": _tr("adress"),
        "notes": _tr("anteckningar"),
        "status": _tr("status"),
        "guardians": _tr("vårdnadshavare"),
    }


def readable_detail(detail: str) -> str:
    if detail.startswith("fält: "):
        names = _field_names()
        fields = [names.get(name.strip(), name.strip()) for name in detail[6:].split(",")]
        return _tr("ändrade fält: {fields}").format(fields=", ".join(fields))
    if detail.startswith("status: "):
        value = detail[8:].strip()
        if value in {status.value for status in PupilStatus}:
            return _tr("ny status: {status}").format(status=status_label(PupilStatus(value)))
    return detail


def readable_time(iso: str) -> str:
    try:
        return _dt.datetime.fromisoformat(iso).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return iso


class AuditLogModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[tuple[str, str, str, str]] = []
        self._headers = (self.tr("När"), self.tr("Vem"), self.tr("Händelse"), self.tr("Detalj"))

    def set_entries(self, entries: list[AuditEntry]) -> None:
        self.beginResetModel()
        self._rows = [
            (
                readable_time(entry.at),
                entry.user_name,
                action_label(entry.action),
                readable_detail(entry.detail),
            )
            for entry in entries
        ]
        self.endResetModel()

    def rowCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=_ROOT) -> int:
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if index.isValid() and role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return self._rows[index.row()][index.column()]
        return None
