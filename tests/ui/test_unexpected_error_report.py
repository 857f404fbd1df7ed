"""An unexpected error in the window: a calm message whose details, like the local crash report
written beside it, name the exception's type and code places only."""

from __future__ import annotations

from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QMessageBox

from elevhalsa_desktop.ui import messages

NAME, CIVIC = "Kanarie Fågelsdotter", "20120314-1239"


def _raised() -> BaseException:
    pupil = NAME  # a local holding personal data
    try:
        raise KeyError(f"{pupil} {CIVIC}")
    except KeyError as error:
        return error


def test_the_unexpected_error_box_writes_a_clean_crash_report(qapp, monkeypatch, private_home):
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.detailedText()) or 0)
    messages.show_unexpected(None, _raised())
    (details,) = shown
    (report,) = (private_home / "logs").glob("felrapport-*.txt")
    text = report.read_text(encoding="utf-8")
    for written in (details, text):
        assert "builtins.KeyError" in written and " i _raised" in written
        assert "Kanarie" not in written and "Fågelsdotter" not in written
        assert "20120314" not in written
    assert f"Qt: {qVersion()}" in text
