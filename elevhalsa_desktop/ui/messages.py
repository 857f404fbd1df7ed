"""How errors reach the user: one Swedish sentence that says what happened and what to do.

Tracebacks never reach a dialog; an unexpected error shows a general sentence, and its details
(exception type and place, no values) are available behind a button.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QCoreApplication, qVersion
from PySide6.QtWidgets import QAbstractButton, QMessageBox, QWidget

from .. import crash_reports


def tr(text: str) -> str:
    return QCoreApplication.translate("messages", text)


def show_error(parent: QWidget | None, sentence: str, title: str | None = None) -> None:
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        title or tr("Det gick inte"),
        sentence,
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.setObjectName("errorMessage")
    box.exec()


def safe_details(error: BaseException) -> str:
    """The exception's type and the code locations, without messages or variable values
    (which could carry personal data)."""
    return crash_reports.details(error)


def show_unexpected(parent: QWidget | None, error: BaseException) -> None:
    # A local crash report for IT support (the same allowlisted details), never sent anywhere.
    crash_reports.write_report(error, qt_version=qVersion())
    box = QMessageBox(
        QMessageBox.Icon.Critical,
        tr("Ett oväntat fel"),
        tr(
            "Något gick fel i programmet. Det du inte hunnit spara har inte sparats. "
            "Försök igen; om felet kommer tillbaka, visa detaljerna för IT-stöd."
        ),
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.setDetailedText(safe_details(error))
    box.exec()


def ask_yes_no(parent: QWidget | None, title: str, sentence: str, yes: str, no: str) -> bool:
    box = QMessageBox(
        QMessageBox.Icon.Question, title, sentence, QMessageBox.StandardButton.NoButton, parent
    )
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(no, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(yes_button)
    box.exec()
    return box.clickedButton() is yes_button


def unsafe_location_question(parent, warning: str) -> tuple[QMessageBox, QAbstractButton]:
    """The question before opening a case file on a network share or in a cloud-synced folder:
    the box (not yet shown; Avbryt is the default and the escape) and its "Öppna ändå" button."""
    tr = partial(QCoreApplication.translate, "UnsafeLocation")
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        tr("Akten ligger på en osäker plats"),
        warning
        + "\n\n"
        + tr(
            "Flytta akten till en mapp på datorns egen disk som inte synkroniseras och öppna "
            "den därifrån. Öppnar du den här ändå: se till att ingen annan har den öppen, "
            "och gör en säkerhetskopia när du är klar."
        ),
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    open_anyway = box.addButton(tr("Öppna ändå"), QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(tr("Avbryt"), QMessageBox.ButtonRole.RejectRole)
    open_anyway.setAccessibleName(tr("Öppna ändå"))
    cancel.setAccessibleName(tr("Avbryt"))
    box.setDefaultButton(cancel)  # Enter does the safe thing
    box.setEscapeButton(cancel)
    return box, open_anyway
