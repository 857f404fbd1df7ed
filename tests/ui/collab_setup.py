"""Shared set-up for the tests of the collaboration screens (their fixtures are in conftest.py):
a consent to save, choosing in a combo box from the keyboard as a person would, a column's
texts."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QComboBox

from elevhalsa_desktop.domain.collaboration import Consent, ConsentFrom
from tests.dates import day
from tests.ui.driving import type_text


def consent(pupil, organisation, **changes) -> Consent:
    base = Consent(
        pupil.id,
        ConsentFrom.BOTH_GUARDIANS,
        "Eva och Per Öhman",
        "Närvaro och stöd i skolan",
        day(-30),
        organisation.id,
        valid_until=day(300),
    )
    return replace(base, **changes)


def choose(combo: QComboBox, text: str) -> None:
    """Pick the item that starts with ``text`` by typing it, as keyboard search does."""
    combo.setFocus()
    type_text(combo, text)
    assert combo.currentText().startswith(text), (combo.currentText(), text)


def cells(table, column: int) -> list[str]:
    model = table.proxy
    return [model.index(row, column).data() for row in range(model.rowCount())]
