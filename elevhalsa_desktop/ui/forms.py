"""Load Qt Designer forms from the package's ``forms`` folder.

We load ``.ui`` files at run time with QUiLoader (not ``loadUiType``, which shells out to
pyside6-uic and fails in a frozen build). A form is loaded when its widget is built, never at
import time. The form's root is a plain QWidget that the owner puts in its own layout, so a
dialog class keeps its behaviour in Python and its layout in Designer.
"""

from __future__ import annotations

from importlib import resources

from PySide6.QtCore import QFile, QIODevice
from PySide6.QtUiTools import QUiLoader
from PySide6.QtWidgets import QVBoxLayout, QWidget


def form_path(name: str) -> str:
    return str(resources.files("elevhalsa_desktop.forms").joinpath(name))


def load_form(name: str, owner: QWidget) -> QWidget:
    """Load ``forms/<name>`` into ``owner`` (filling it edge to edge) and return the form widget.

    Named children are reachable as attributes of the returned widget, e.g. ``form.givenNameEdit``.
    """
    ui_file = QFile(form_path(name))
    if not ui_file.open(QIODevice.OpenModeFlag.ReadOnly):
        raise FileNotFoundError(name)
    try:
        form = QUiLoader().load(ui_file, owner)
    finally:
        ui_file.close()
    if form is None:
        raise RuntimeError(f"Formuläret {name} kunde inte läsas.")
    layout = owner.layout()
    if layout is None:
        layout = QVBoxLayout(owner)
        layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(form)
    return form
