"""Pieces the collaboration screens share: organisations and people in combo boxes, the words of
the collaboration enums, and how a consent's validity reads.

Archived organisations and people stay pickable where a record already names them (history must
stay readable) and are listed last and marked, so the service can say why one cannot be used for
a new contact.
"""

from __future__ import annotations

import datetime as _dt

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox

from ..domain.collaboration import Consent, ConsentFrom, Contact, Organisation, OrgKind

_CONTEXT = "collaboration"


def tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def label(value) -> str:
    """A collaboration enum's Swedish label, through the translator like every UI string."""
    return QCoreApplication.translate("labels", value.label)


def organisation_text(org: Organisation) -> str:
    text = f"{org.display_name} ({label(org.kind)})"
    return text + tr(" · arkiverad") if org.archived else text


def fill_organisations(
    combo: QComboBox,
    organisations: list[Organisation],
    current_id: str = "",
    *,
    none_text: str = "",
    kinds: tuple[OrgKind, ...] = (),
    archived: bool = False,
) -> None:
    """The organisations by name, with their id as data; archived ones (with ``archived``)
    last and marked. ``kinds`` narrows the list; the one already chosen always stays."""
    combo.clear()
    if none_text:
        combo.addItem(none_text, "")
    shown = [
        o
        for o in organisations
        if o.id == current_id or ((archived or not o.archived) and (not kinds or o.kind in kinds))
    ]
    for org in sorted(shown, key=lambda o: (o.archived, o.display_name.casefold())):
        combo.addItem(organisation_text(org), org.id)
    combo.setCurrentIndex(max(combo.findData(current_id), 0))


def fill_people(
    combo: QComboBox, people: list[Contact], organisation_id: str, current_id: str = ""
) -> None:
    """The people of one organisation who are not archived (and the one already chosen)."""
    combo.clear()
    combo.addItem(tr("Ingen särskild person"), "")
    for person in people:
        if person.organisation_id == organisation_id and (
            not person.archived or person.id == current_id
        ):
            text = f"{person.name}, {person.title}" if person.title else person.name
            combo.addItem(text, person.id)
    combo.setCurrentIndex(max(combo.findData(current_id), 0))


def consent_status(consent: Consent, today: _dt.date, guardians: int) -> str:
    """'Gäller till …', 'Gick ut …', 'Återkallat …', with a note when only one of two
    guardians consented (allowed, but shown)."""
    status = consent.status(today)
    if consent.from_whom is ConsentFrom.ONE_GUARDIAN and guardians >= 2:
        status += tr(" · en av två vårdnadshavare")
    return status


def consent_choice_text(consent: Consent, on: _dt.date) -> str:
    return tr("{given_by}, {given_on}: {scope} ({status})").format(
        given_by=consent.given_by,
        given_on=consent.given_on,
        scope=" ".join(consent.scope.split())[:60],
        status=consent.status(on),
    )
