"""Composition root: sets up the Qt application and hands over to the start flow, which builds the
services from an unlocked case file and gives them to the main window."""

from __future__ import annotations

import sys
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from . import __version__
from .ui.local_settings import local_settings
from .ui.messages import safe_details, show_unexpected
from .ui.resources import icon, style_sheet
from .ui.start_flow import StartFlow

APPLICATION_NAME = "Elevhälsa Desktop"
ORGANIZATION_NAME = "Elevhalsa"
UI_LOCALE = QLocale(QLocale.Language.Swedish, QLocale.Country.Sweden)


def configure_application(app: QApplication) -> None:
    app.setApplicationName(APPLICATION_NAME)
    app.setOrganizationName(ORGANIZATION_NAME)
    app.setApplicationVersion(__version__)
    # The window icon, and on Wayland the desktop entry (elevhalsa.desktop) that names the icon.
    app.setWindowIcon(icon("app"))
    app.setDesktopFileName("elevhalsa")
    # Dates, numbers and Qt's own dialogs follow Swedish conventions whatever the system says:
    # the program is for Swedish schools and its texts are Swedish.
    QLocale.setDefault(UI_LOCALE)
    app.setStyle("Fusion")
    sheet = style_sheet()
    if sheet:
        app.setStyleSheet(sheet)
    install_translators(app, UI_LOCALE)


def install_translators(app: QApplication, locale: QLocale) -> list[QTranslator]:
    """Qt's own texts (file dialog, standard buttons) and ours, where a file for the locale exists.

    The translators are children of the application, which keeps them alive."""
    installed = []
    ours = resources.files("elevhalsa_desktop.resources").joinpath("translations")
    for name, folder in (
        ("qtbase", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
        ("elevhalsa", str(ours)),
    ):
        translator = QTranslator(app)
        if translator.load(locale, name, "_", folder):
            app.installTranslator(translator)
            installed.append(translator)
        else:
            translator.deleteLater()
    return installed


def install_excepthook() -> Callable[[type[BaseException], BaseException, TracebackType], None]:
    """Show an unexpected error as a calm sentence instead of letting the program crash.

    Only the exception's type and code locations are written to stderr and shown behind the
    details button: an error's message or variables could hold a pupil's data.
    """
    showing = False

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        nonlocal showing
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, tb)
            return
        if error.__traceback__ is None and tb is not None:
            error = error.with_traceback(tb)
        if sys.stderr is not None:  # a windowed build has no stderr
            print(safe_details(error), file=sys.stderr)
        if showing:  # an error while showing the last one: don't stack message boxes
            return
        showing = True
        try:
            show_unexpected(QApplication.activeWindow(), error)
        finally:
            showing = False

    sys.excepthook = hook
    return hook


def run_gui(path: Path | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    configure_application(app)
    install_excepthook()
    # Switching case files passes a moment with no window open; the flow says when we are done.
    app.setQuitOnLastWindowClosed(False)
    flow = StartFlow(local_settings(), parent=app)
    flow.finished.connect(app.quit)
    app.aboutToQuit.connect(flow.shutdown)
    flow.start(path)
    return app.exec()
