"""Consents, driven by typing: a valid-until before the date is refused beside the field, a
consent from one of two guardians is shown with the notice and saved, a withdrawn or expired
consent is visibly not valid in the list."""

from __future__ import annotations

from elevhalsa_desktop.domain.collaboration import ConsentFrom
from elevhalsa_desktop.ui.collaboration_tab import CollaborationTab
from elevhalsa_desktop.ui.consent_dialog import ConsentDialog
from tests.dates import TODAY, day
from tests.ui.collab_setup import cells, choose, consent
from tests.ui.driving import click, retype, type_text
from tests.ui.register import answer_next_box, find_open, mnemonic_clashes, unnamed_controls
from tests.ui.support_setup import save, show, wait_active


def open_new(qtbot, tab) -> ConsentDialog:
    click(tab.form.newConsentButton)
    return wait_active(qtbot, find_open(tab, ConsentDialog, qtbot))


def test_valid_until_before_the_date_is_refused_and_one_of_two_guardians_is_noted(
    qtbot,
    collab,
    pupil,
    social,
):
    tab = show(qtbot, CollaborationTab(collab, pupil), 1200, 900)
    dialog = open_new(qtbot, tab)
    form = dialog.form
    assert unnamed_controls(dialog) == [] and mnemonic_clashes(dialog) == {}
    # Two guardians in the register: the consent starts as theirs, with no notice.
    assert form.fromCombo.currentText() == "Båda vårdnadshavarna" and dialog.notice() == ""
    choose(form.fromCombo, "En vårdnadshavare")
    assert dialog.notice().startswith("Registret anger två vårdnadshavare")
    type_text(form.givenByEdit, "Eva Öhman (mamma)")
    type_text(form.scopeEdit, "Närvaro och mående, till socialtjänsten")
    choose(form.organisationCombo, "Socialtjänsten")
    retype(form.givenOnEdit, day(-5))
    type_text(form.validUntilEdit, day(-10))
    save(dialog)
    assert dialog.problems.text_for("valid_until") == (
        "Samtycket kan inte gälla till ett datum före det gavs."
    )
    assert collab.consents(pupil.id) == []

    # Allowed, only shown: it is saved, and the list says so too.
    retype(form.validUntilEdit, day(200))
    with qtbot.waitSignal(tab.changed, timeout=2000):
        save(dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    [saved] = collab.consents(pupil.id)
    assert saved.from_whom is ConsentFrom.ONE_GUARDIAN and saved.valid_on(TODAY)
    assert cells(tab.consent_table, 6) == [f"Gäller till {day(200)} · en av två vårdnadshavare"]


def test_an_oral_consent_needs_who_noted_it_and_withdrawing_greys_it(
    qtbot,
    collab,
    pupil,
    social,
):
    collab.save_consent(consent(pupil, social, given_by="Gammalt", valid_until=day(-1)))
    tab = show(qtbot, CollaborationTab(collab, pupil), 1200, 900)
    dialog = open_new(qtbot, tab)
    form = dialog.form
    type_text(form.givenByEdit, "Åsa Öhman")
    type_text(form.scopeEdit, "Att prata med fritidsgården")
    choose(form.formCombo, "Muntligt")
    save(dialog)
    assert dialog.problems.text_for("noted_by").startswith("Ett muntligt samtycke ska antecknas")
    type_text(form.notedByEdit, "Maria Lindqvist")
    save(dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())

    # The expired one is in quieter text and says why.
    statuses = cells(tab.consent_table, 6)
    assert any(s.startswith("Gick ut") for s in statuses)
    tab.consent_table.select(next(c.id for c in collab.consents(pupil.id) if c.noted_by))
    click(tab.form.editConsentButton)
    dialog = wait_active(qtbot, find_open(tab, ConsentDialog, qtbot))
    answer_next_box("Återkalla")
    with qtbot.waitSignal(tab.changed, timeout=2000):
        click(dialog.form.withdrawButton)
    withdrawn = next(c for c in collab.consents(pupil.id) if c.noted_by)
    assert withdrawn.withdrawn_on == TODAY.isoformat() and not withdrawn.valid_on(TODAY)
    assert f"Återkallat {TODAY.isoformat()}" in cells(tab.consent_table, 6)
    assert tab.form.consentsCount.text() == "2 samtycken, 0 gäller i dag"
