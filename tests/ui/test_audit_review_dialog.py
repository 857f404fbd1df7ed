"""Loggkontroll: the model and its proxy, the dialog's filters (a pupil found by typing, a quick
period, typed dates), the chain's verdict, the printed extract and the window's menu entry."""

from __future__ import annotations

import datetime as _dt

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from elevhalsa_desktop.domain.pupil import Pupil
from elevhalsa_desktop.services.audit_review import AuditFilter, AuditReviewService, SortColumn
from elevhalsa_desktop.store import audit
from elevhalsa_desktop.store.audit import Action, AuditEntry
from elevhalsa_desktop.ui.audit_log_model import (
    ENTRY_ID_ROLE,
    PAGE_SIZE,
    AuditReviewModel,
    AuditReviewProxy,
)
from elevhalsa_desktop.ui.audit_review_dialog import AuditReviewDialog
from elevhalsa_desktop.ui.main_window import MainWindow
from tests.audit_log_fill import add_pupils, fill_log
from tests.ui.driving import click, retype
from tests.ui.register import answer_next_box, mnemonic_clashes, unnamed_controls

TODAY = _dt.date(2026, 3, 18)


# The model and the proxy --------------------------------------------------------------------------
class FakeLog:
    """Ids 1..n; counts the reads, so the tests see what the model asks for."""

    def __init__(self, count: int):
        self.count = count
        self.reads: list[list[int]] = []
        self.queries: list[tuple[SortColumn, bool]] = []

    def query(self, order: SortColumn, descending: bool) -> list[int]:
        self.queries.append((order, descending))
        ids = list(range(1, self.count + 1))
        return ids[::-1] if descending else ids

    def lines(self, ids):
        from elevhalsa_desktop.services.audit_review import LogLine

        self.reads.append(list(ids))
        return [
            LogLine(
                AuditEntry(i, "2026-03-02T10:15:00+01:00", "u", "Maria", "p", Action.VIEWED, ""),
                "Åsa Öhman",
                "7B",
            )
            for i in ids
        ]


def test_the_model_reads_only_the_pages_that_are_shown(qtbot):
    log = FakeLog(100_000)
    model = AuditReviewModel(log.lines)
    model.set_query(log.query)
    assert model.rowCount() == 100_000 and log.reads == []  # nothing read yet
    assert model.index(0, 0).data() == "2026-03-02 10:15"
    assert model.index(0, 3).data() == "Åsa Öhman, 7B"
    assert model.index(5, 0).data(ENTRY_ID_ROLE) == 100_000 - 5
    model.index(PAGE_SIZE - 1, 1).data()
    assert len(log.reads) == 1 and len(log.reads[0]) == PAGE_SIZE  # one page for both
    model.index(99_999, 1).data()
    assert log.reads[-1][-1] == 1 and len(log.reads) == 2


def test_the_proxy_passes_sorting_to_the_model_which_asks_again(qtbot):
    log = FakeLog(10)
    model = AuditReviewModel(log.lines)
    proxy = AuditReviewProxy()
    proxy.setSourceModel(model)
    model.set_query(log.query)
    proxy.sort(3, Qt.SortOrder.AscendingOrder)
    assert log.queries[-1] == (SortColumn.PUPIL, False)
    assert model.order == (SortColumn.PUPIL, False)
    proxy.sort(0, Qt.SortOrder.DescendingOrder)
    assert log.queries[-1] == (SortColumn.TIME, True)
    # The proxy keeps the model's order (it does not sort again itself).
    assert [proxy.index(r, 0).data(ENTRY_ID_ROLE) for r in range(3)] == [10, 9, 8]


# The dialog ---------------------------------------------------------------------------------------
@pytest.fixture
def write_at(session, monkeypatch):
    def write(at: str, action=Action.VIEWED, pupil_id=None, detail="") -> None:
        monkeypatch.setattr(audit, "now_iso", lambda: at)
        with session.case.write():
            session.log(action, pupil_id, detail)
        monkeypatch.undo()

    return write


@pytest.fixture
def school(session, pupils, write_at, monkeypatch):
    monkeypatch.setattr(audit, "now_iso", lambda: "2025-06-01T12:00:00+02:00")
    asa = pupils.create(Pupil("Åsa", "Öhman", class_name="7B"))
    olle = pupils.create(Pupil("Olle", "Andersson", class_name="8A"))
    monkeypatch.undo()
    write_at("2025-09-10T09:00:00+02:00", pupil_id=asa.id)  # last term (ht 2025)
    write_at("2025-12-01T10:00:00+01:00", Action.CHANGED, asa.id, "fält: class_name")
    write_at("2025-12-02T10:00:00+01:00", pupil_id=olle.id)
    write_at("2026-02-20T08:00:00+01:00", pupil_id=asa.id)  # this term
    return asa, olle


@pytest.fixture
def dialog_for(qtbot, session, tmp_path):
    def make(check_chain: bool = False, choose=None) -> AuditReviewDialog:
        service = AuditReviewService(session, today=lambda: TODAY)
        settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
        dialog = AuditReviewDialog(service, settings, None, choose, check_chain=check_chain)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.activateWindow()  # typing and Tab reach only the active window
        qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=2000)
        return dialog

    return make


def shown_pupils(dialog) -> set[str]:
    return {dialog.proxy.index(row, 3).data() for row in range(dialog.proxy.rowCount())}


def test_opening_logs_the_check_and_shows_everything_newest_first(dialog_for, session, school):
    dialog = dialog_for()
    latest = audit.entries(session.db, limit=1)[0]
    assert (latest.action, latest.pupil_id, latest.detail) == (Action.VIEWED, None, "loggkontroll")
    total = session.db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    assert dialog.form.countLabel.text() == f"{total} poster"
    assert dialog.proxy.index(0, 4).data() == "loggkontroll"  # the newest: the opening
    assert unnamed_controls(dialog) == []
    assert mnemonic_clashes(dialog) == {}


def test_a_pupil_is_found_by_typing_part_of_the_name(dialog_for, session, school, qtbot):
    asa, _ = school
    dialog = dialog_for()
    combo = dialog.form.pupilCombo
    retype(combo.lineEdit(), "öhm")
    QTest.keyClick(combo.lineEdit(), Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: combo.currentData() == asa.id, timeout=2000)
    assert combo.currentText() == "Åsa Öhman (7B)"
    assert dialog.filter.pupil_id == asa.id
    assert shown_pupils(dialog) == {"Åsa Öhman, 7B"}
    # Choosing the pupil is itself logged, on the pupil, once.
    latest = audit.entries(session.db, limit=1)[0]
    assert (latest.action, latest.pupil_id, latest.detail) == (
        Action.VIEWED,
        asa.id,
        "loggkontroll",
    )
    # Text that names nobody goes back to the pupil chosen; an empty field means all pupils.
    retype(combo.lineEdit(), "ingen sådan")
    QTest.keyClick(combo.lineEdit(), Qt.Key.Key_Tab)
    assert combo.currentData() == asa.id
    retype(combo.lineEdit(), "")
    QTest.keyClick(combo.lineEdit(), Qt.Key.Key_Tab)
    assert combo.currentData() is None and combo.currentText() == "Alla elever"


def test_a_quick_period_and_typed_dates_choose_the_entries(dialog_for, school):
    asa, _olle = school
    dialog = dialog_for()
    dialog.choose_pupil(asa.id)
    dialog.choose_period("Förra terminen")
    form = dialog.form
    assert (form.fromEdit.text(), form.toEdit.text()) == ("2025-08-15", "2026-01-06")
    assert form.countLabel.text() == "2 poster"  # September and December, not February
    dialog.choose_period("Den här terminen")
    assert form.countLabel.text() == "1 post"  # February
    dialog.choose_pupil(None)
    retype(form.fromEdit, "2025-12-01")
    retype(form.toEdit, "20251202")
    QTest.keyClick(form.toEdit, Qt.Key.Key_Tab)
    assert form.periodCombo.currentText() == "Egen period"
    assert form.toEdit.text() == "2025-12-02"
    assert shown_pupils(dialog) == {"Åsa Öhman, 7B", "Olle Andersson, 8A"}
    assert form.countLabel.text() == "2 poster"
    form.actionCombo.setCurrentIndex(form.actionCombo.findText("Ändrade"))
    assert shown_pupils(dialog) == {"Åsa Öhman, 7B"} and dialog.filter.action is Action.CHANGED
    form.actionCombo.setCurrentIndex(0)
    assert dialog.filter == AuditFilter(
        from_date=_dt.date(2025, 12, 1), to_date=_dt.date(2025, 12, 2)
    )


def test_a_wrong_date_or_period_is_said_beside_the_fields(dialog_for, school):
    dialog = dialog_for()
    form = dialog.form
    retype(form.fromEdit, "2025-13-01")
    QTest.keyClick(form.fromEdit, Qt.Key.Key_Tab)
    assert form.problemLabel.isVisible() and "ÅÅÅÅ-MM-DD" in form.problemLabel.text()
    retype(form.fromEdit, "2026-02-01")
    retype(form.toEdit, "2026-01-01")
    QTest.keyClick(form.toEdit, Qt.Key.Key_Tab)
    assert "slutar innan den börjar" in form.problemLabel.text()
    click(form.clearButton)
    assert not form.problemLabel.isVisible() and form.fromEdit.text() == ""


def test_the_chain_is_checked_on_a_thread_and_said_above_the_filters(dialog_for, school, qtbot):
    dialog = dialog_for(check_chain=True)
    qtbot.waitUntil(lambda: dialog.chain is not None, timeout=10_000)
    text = dialog.form.chainLabel.text()
    assert text.startswith("✓ Loggen är hel (") and "Kontrollsumma för loggpost nr" in text


def test_a_broken_chain_is_said_plainly(dialog_for, session, school, qtbot):
    db = session.db
    db.execute("DROP TRIGGER audit_log_no_update")
    with db.atomic():
        db.execute("UPDATE audit_log SET user_name = 'Någon annan' WHERE id = 2")
    dialog = dialog_for(check_chain=True)
    qtbot.waitUntil(lambda: dialog.chain is not None, timeout=10_000)
    assert dialog.form.chainLabel.text().startswith("Loggen är inte hel. Loggpost 2")


def test_the_extract_is_printed_in_the_tables_order_and_the_print_logged(
    dialog_for, session, school, tmp_path
):
    asa, _ = school
    folder = tmp_path / "kontroller"
    folder.mkdir()
    offered = []

    def choose(_parent, suggestion):
        offered.append(suggestion.name)
        return folder / suggestion.name

    dialog = dialog_for(choose=choose)
    dialog.choose_pupil(asa.id)
    dialog.choose_period("Förra terminen")
    seen: list[str] = []
    answer_next_box("Stäng", seen)
    written = dialog.print_extract()
    assert offered == [f"Loggkontroll {TODAY.isoformat()}.pdf"]  # no pupil's name
    assert written == folder / offered[0] and "sparades som" in seen[0]
    text = "\n".join(page.extract_text() for page in PdfReader(written).pages)
    assert "Loggkontroll – utdrag" in text and "Åsa Öhman, 7B" in text
    assert "2025-08-15 – 2026-01-06" in text and "ändrade fält: klass" in text
    assert text.index("2025-12-01 10:00") < text.index("2025-09-10 09:00")  # newest first, as shown
    latest = audit.entries(session.db, limit=1)[0]
    assert (latest.action, latest.pupil_id) == (Action.PRINTED, asa.id)
    assert latest.detail == "loggkontroll: en elev, 2025-08-15 – 2026-01-06, 2 poster"


def test_the_window_opens_the_log_check_from_arkiv_with_ctrl_shift_l(qtbot, session, tmp_path):
    window = MainWindow(session, QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    actions = [a for a in window.menuBar().actions()[0].menu().actions() if a.text()]
    entry = next(a for a in actions if a.text() == "Logg&kontroll…")
    assert entry.shortcut().toString() == "Ctrl+Shift+L"
    QTest.keyClick(
        window,
        Qt.Key.Key_L,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(lambda: bool(window.findChildren(AuditReviewDialog)), timeout=2000)
    dialog = window.findChildren(AuditReviewDialog)[0]
    assert window.open_audit_review() is dialog  # a second call brings it forward
    letters = [a.text().split("&")[1][0].casefold() for a in actions if "&" in a.text()]
    assert len(letters) == len(set(letters)), letters
    dialog.wait_for_chain()
    dialog.close()


def test_a_hundred_thousand_entries_stay_quick_in_the_window(dialog_for, session):
    fill_log(session.db, 100_000, add_pupils(session.db, 300))
    dialog = dialog_for()
    assert dialog.model.rowCount() > 100_000
    assert dialog.last_filter_seconds < 2.0
    dialog.choose_period("Senaste månaden")
    assert dialog.last_filter_seconds < 2.0
    dialog.form.tableView.scrollToBottom()
    QApplication.processEvents()
    assert dialog.proxy.rowCount() == dialog.model.rowCount()
