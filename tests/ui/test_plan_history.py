"""The versions of a plan: every save is listed with what changed, and any version can be read."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox

from elevhalsa_desktop.ui.plan_dialog import PlanDialog
from elevhalsa_desktop.ui.plan_history_dialog import PlanHistoryDialog
from tests.ui.driving import click, retype, type_text
from tests.ui.plan_setup import PlanEnv
from tests.ui.register import find_open, mnemonic_clashes, unnamed_controls


@pytest.fixture
def env(session, pupils, qtbot):
    return PlanEnv.make(session, pupils, qtbot)


def cell(dialog: PlanHistoryDialog, row: int, column: int) -> str:
    model = dialog.form.versionsTable.model()
    return model.index(row, column).data()


def test_the_history_lists_each_version_and_marks_what_changed(env):
    plan = env.active_plan()  # version 1 (created active)
    dialog = env.show(PlanDialog(env.plans, plan, env.host))
    form = dialog.form
    type_text(form.goalsLongEdit, "Full skolgång i årskurs 8.")
    retype(form.responsibleCombo.lineEdit(), "Lars Berg")
    click(form.buttonBox.button(QDialogButtonBox.StandardButton.Save))
    assert env.stored(plan.id).revision == 2

    click(form.historyButton)
    history = find_open(dialog, PlanHistoryDialog, env.qtbot)
    assert history.form.versionsTable.model().rowCount() == 2
    assert cell(history, 0, 3) == "Planen skapades"
    assert cell(history, 1, 0) == "2"
    assert cell(history, 1, 2) == "Maria Lindqvist"
    assert cell(history, 1, 3) == "Långsiktiga mål, Ansvarig"
    # The newest version is shown first, its changes marked in words.
    assert history.current().number == 2
    page = history.form.versionView.toPlainText()
    assert "Ändrat: Långsiktiga mål, Ansvarig" in page
    assert "Långsiktiga mål · Ändrat i den här versionen" in page
    assert "Full skolgång i årskurs 8." in page
    assert "Före: Maria Lindqvist" in page
    assert "Kortsiktiga mål · Ändrat" not in page

    # Up arrow: the first version, as it was saved, with nothing marked.
    history.form.versionsTable.setFocus()
    QTest.keyClick(history.form.versionsTable, Qt.Key.Key_Up)
    assert history.current().number == 1
    page = history.form.versionView.toPlainText()
    assert "Ändrat i den här versionen" not in page
    assert "Full skolgång" not in page
    assert "Möte med mentor 8.10 varje morgon (Individ, ansvarig Lars Berg, Planerad)" in page
    assert unnamed_controls(history) == []
    assert mnemonic_clashes(history) == {}


def test_user_text_is_shown_as_text_not_markup(env):
    plan = env.active_plan(title="<b>Fet</b> & rubrik")
    history = env.show(PlanHistoryDialog(env.plans, plan, env.host))
    assert "<b>Fet</b> & rubrik" in history.form.versionView.toPlainText()


def test_closing_the_plan_is_a_version_of_its_own(env):
    plan = env.plans.close(env.active_plan())
    history = env.show(PlanHistoryDialog(env.plans, plan, env.host))
    assert history.form.versionsTable.model().rowCount() == 2
    assert cell(history, 1, 3) == "Status"
    assert "Före: Aktiv" in history.form.versionView.toPlainText()
