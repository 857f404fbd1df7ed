"""The areas of the program, in the order of the left navigation.

One list, so the navigation, the shortcuts (Ctrl+1 …), the placeholder pages and the tabs of a
pupil's page agree. The texts are built when asked for, after a translator may be installed.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication


@dataclass(frozen=True)
class Area:
    key: str
    title: str
    #: What the area will hold, for its placeholder page ('' for the areas that are built).
    coming: str = ""
    #: What the area's tab on a pupil's page will hold ('' when the area has no such tab).
    pupil_coming: str = ""


def _tr(text: str) -> str:
    return QCoreApplication.translate("areas", text)


def areas() -> list[Area]:
    return [
        Area("overview", _tr("Översikt")),
        Area("pupils", _tr("Elever")),
        Area("plans", _tr("Planer")),
        Area("ladder", _tr("Återgång")),
        Area("handover", _tr("Överlämning")),
        Area("collaboration", _tr("Samverkan")),
        Area("attendance", _tr("Närvaro")),
    ]
