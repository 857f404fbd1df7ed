"""A form's validation problems, each shown beside the field it concerns.

A ValidationError maps field keys to sentences. Each key is bound to a problem label under its
field (see feedback.py) and to the widget that should get focus, so the user sees every problem
at once and lands on the first one.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from .feedback import clear_problem, prepare_problem_label, show_problem


class FieldProblems:
    def __init__(self, general: QLabel):
        """``general`` shows problems whose key has no field in this form."""
        self._bindings: dict[str, tuple[QLabel, QWidget]] = {}
        self._general = general
        prepare_problem_label(general)

    def bind(self, key: str, label: QLabel, field: QWidget) -> None:
        """Bind in the order of the form: the first bound field with a problem gets focus."""
        prepare_problem_label(label)
        self._bindings[key] = (label, field)

    def clear(self) -> None:
        for label, field in self._bindings.values():
            clear_problem(label, field)
        clear_problem(self._general)

    def show(self, problems: dict[str, str]) -> None:
        self.clear()
        first: QWidget | None = None
        for key, (label, field) in self._bindings.items():
            if key in problems:
                show_problem(label, problems[key], field)
                first = first or field
        unbound = [text for key, text in problems.items() if key not in self._bindings]
        if unbound:
            show_problem(self._general, "\n".join(unbound))
        if first is not None:
            first.setFocus()

    def text_for(self, key: str) -> str:
        """The problem shown for ``key`` now, '' when none."""
        label = self._bindings[key][0] if key in self._bindings else None
        return label.text() if label is not None and not label.isHidden() else ""
