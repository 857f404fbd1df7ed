"""Drive the start-flow widgets from tests as a person would: typing and clicking.

QTest.keyClicks maps each character to a key code and aborts on characters outside ASCII, so
those are sent as key events that carry only their text, as an input method would send them.
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QRadioButton,
    QWidget,
    QWizard,
)

from tests.conftest import PASSWORD


def type_text(widget: QWidget, text: str) -> None:
    for char in text:
        if char.isascii():
            QTest.keyClicks(widget, char)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(widget, event)


def click(button: QAbstractButton) -> None:
    assert button.isVisible() and button.isEnabled(), button.text()
    # A check box (or radio button) reacts to its box and text only, not to the empty width a
    # layout gives it.
    boxed = isinstance(button, QCheckBox | QRadioButton)
    where = QPoint(6, button.height() // 2) if boxed else QPoint()
    QTest.mouseClick(button, Qt.MouseButton.LeftButton, pos=where)


def fill_wizard(
    wizard,
    school: str = "Björkdalsskolan",
    user: str = "Anna Svensson",
    password: str = PASSWORD,
) -> None:
    """Type the first two pages and go on to the page that asks where to save."""
    identity = wizard.identity_page.form
    type_text(identity.schoolEdit, school)
    type_text(identity.userNameEdit, user)
    click(wizard.button(QWizard.WizardButton.NextButton))
    passwords = wizard.password_page.form
    type_text(passwords.passwordEdit, password)
    type_text(passwords.repeatEdit, password)
    click(wizard.button(QWizard.WizardButton.NextButton))
    assert wizard.currentPage() is wizard.location_page


def end_flow(flow) -> None:
    """Shut a StartFlow down and close every window it left, so the next test starts clean."""
    flow.shutdown()
    for widget in QApplication.topLevelWidgets():
        with contextlib.suppress(RuntimeError):  # already deleted on the C++ side
            widget.close()
            widget.deleteLater()
    QTest.qWait(0)


def retype(widget: QWidget, text: str) -> None:
    """Select everything in a text field and type ``text`` over it, as a person would."""
    widget.setFocus()
    QTest.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(widget, Qt.Key.Key_Delete)
    type_text(widget, text)
