"""Fields the plan screens share: "who is responsible", and a choice among a domain enum.

The names come from PlanService.responsible_people (plans, interventions, follow-ups and
mentors), so the same person is written the same way everywhere; that is what lets a hand-over
find everything a person holds.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter

from .labels import plan_label


def normalise_name(text: str) -> str:
    """A name as typed, with runs of spaces made one: names are compared when responsibility is
    handed over, so "Lars  Berg " must be stored as "Lars Berg"."""
    return " ".join(text.split())


def set_up_people_combo(combo: QComboBox, names: list[str], current: str) -> None:
    combo.setEditable(True)
    # A name typed here is not added to the list: the list shows who holds something now.
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    combo.clear()
    combo.addItems(names)
    completer = QCompleter(names, combo)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    # "lind" finds "Maria Lindqvist": people are known by either name.
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    combo.setCompleter(completer)
    combo.setCurrentIndex(-1)
    combo.setEditText(current)
    combo.lineEdit().setPlaceholderText(combo.tr("För- och efternamn"))
    # The line edit is what has focus; a screen reader should hear the combo's name there too.
    combo.lineEdit().setAccessibleName(combo.accessibleName())


def person(combo: QComboBox) -> str:
    return normalise_name(combo.currentText())


def fill_choices(
    combo: QComboBox, values: Iterable[Enum], current: Enum | None = None, *, none_text: str = ""
) -> None:
    """The enum's labels as items, each with its value as data; ``none_text`` first (with ""
    as data) where choosing nothing is allowed."""
    combo.clear()
    if none_text:
        combo.addItem(none_text, "")
    for value in values:
        combo.addItem(plan_label(value), value.value)
    if current is not None:
        select_data(combo, current.value)


def select_data(combo: QComboBox, value: str) -> None:
    combo.setCurrentIndex(max(combo.findData(value), 0))
