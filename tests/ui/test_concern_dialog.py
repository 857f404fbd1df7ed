"""A report of concern, driven by typing: saved without feedback ("Ingen återkoppling ännu"),
then opened again and its feedback recorded; it is also a disclosure with its legal basis."""

from __future__ import annotations

from elevhalsa_desktop.ui.collaboration_tab import CollaborationTab
from elevhalsa_desktop.ui.concern_dialog import ConcernDialog
from tests.dates import day
from tests.ui.collab_setup import cells, choose
from tests.ui.driving import click, retype, type_text
from tests.ui.register import find_open, mnemonic_clashes, unnamed_controls
from tests.ui.support_setup import save, show, wait_active


def test_a_report_of_concern_then_its_feedback(qtbot, collab, pupil, social):
    tab = show(qtbot, CollaborationTab(collab, pupil), 1200, 900)
    click(tab.form.newConcernButton)
    dialog = wait_active(qtbot, find_open(tab, ConcernDialog, qtbot))
    form = dialog.form
    assert unnamed_controls(dialog) == [] and mnemonic_clashes(dialog) == {}
    assert form.madeByEdit.text() == "Maria Lindqvist"  # the one logged in, to be corrected
    save(dialog)
    assert (
        dialog.problems.text_for("organisation_id") == "Välj vilken socialtjänst anmälan gick till."
    )
    choose(form.organisationCombo, "Socialtjänsten")
    retype(form.madeOnEdit, day(-7))
    type_text(form.summaryEdit, "Lång frånvaro och oro för hemsituationen.")
    with qtbot.waitSignal(tab.changed, timeout=2000):
        save(dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert cells(tab.concern_table, 4) == ["Ingen återkoppling ännu"]
    assert cells(tab.disclosure_table, 2) == ["Orosanmälan till socialtjänsten (socialtjänstlagen)"]

    # Opened again, the feedback field has the focus; feedback before the report is refused.
    tab.concern_table.select(collab.concerns(pupil.id)[0].id)
    click(tab.form.editConcernButton)
    dialog = wait_active(qtbot, find_open(tab, ConcernDialog, qtbot))
    form = dialog.form
    assert dialog.focusWidget() is form.feedbackOnEdit
    type_text(form.feedbackOnEdit, day(-9))
    save(dialog)
    assert dialog.problems.text_for("feedback_on").startswith("Återkopplingen kan inte")
    retype(form.feedbackOnEdit, day(-1))
    type_text(form.feedbackEdit, "Utredning inledd.")
    with qtbot.waitSignal(tab.changed, timeout=2000):
        save(dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert cells(tab.concern_table, 4) == [f"{day(-1)}: Utredning inledd."]
    assert tab.form.concernsCount.text() == "1 anmälan, 0 utan återkoppling"
