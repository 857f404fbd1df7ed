"""The directory in the Samverkan area, driven by typing: an organisation and a person added, a
person who changes job keeps the old record (archived) and starts anew, an organisation archived
and found again, the list filtered by what is typed."""

from __future__ import annotations

from elevhalsa_desktop.domain.collaboration import Contact
from elevhalsa_desktop.ui.contact_person_dialog import ContactPersonDialog
from elevhalsa_desktop.ui.directory_area import DirectoryArea
from elevhalsa_desktop.ui.organisation_dialog import OrganisationDialog
from tests.ui.collab_setup import cells, choose
from tests.ui.driving import click, type_text
from tests.ui.register import find_open, mnemonic_clashes, unnamed_controls
from tests.ui.support_setup import save, show, wait_active


def add_organisation(qtbot, area, kind: str, name: str, unit: str = "") -> None:
    click(area.form.newOrganisationButton)
    dialog = wait_active(qtbot, find_open(area, OrganisationDialog, qtbot))
    choose(dialog.form.kindCombo, kind)
    type_text(dialog.form.nameEdit, name)
    type_text(dialog.form.unitEdit, unit)
    save(dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_organisations_people_a_move_and_archiving(qtbot, collab):
    area = show(qtbot, DirectoryArea(collab), 1100, 800)
    assert unnamed_controls(area) == [] and mnemonic_clashes(area) == {}
    assert area.form.countLabel.text().startswith("Inga organisationer ännu")
    click(area.form.newOrganisationButton)
    dialog = wait_active(qtbot, find_open(area, OrganisationDialog, qtbot))
    assert unnamed_controls(dialog) == [] and mnemonic_clashes(dialog) == {}
    type_text(dialog.form.emailEdit, "inte en adress")
    save(dialog)
    assert dialog.problems.text_for("name") == "Skriv organisationens namn."
    assert dialog.problems.text_for("email").startswith("E-postadressen ser inte ut")
    dialog.forget_changes()
    dialog.reject()
    add_organisation(qtbot, area, "Socialtjänst", "Socialtjänsten Karlskoga", "Barn och unga")
    add_organisation(qtbot, area, "BUP", "BUP Örebro")
    assert cells(area.table, 0) == ["BUP Örebro", "Socialtjänsten Karlskoga"]

    # A person at social services, typed in.
    area.table.select(next(o.id for o in collab.organisations() if o.name.startswith("Soc")))
    click(area.form.newPersonButton)
    dialog = wait_active(qtbot, find_open(area, ContactPersonDialog, qtbot))
    assert not dialog.form.moveButton.isVisible()  # a new person has no job to leave
    type_text(dialog.form.nameEdit, "Karin Holm")
    type_text(dialog.form.titleEdit, "socialsekreterare")
    save(dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert cells(area.people_table, 0) == ["Karin Holm"]

    # She moves to BUP: the old record stays, archived, and a new one starts there.
    click(area.form.editPersonButton)
    dialog = wait_active(qtbot, find_open(area, ContactPersonDialog, qtbot))
    assert unnamed_controls(dialog) == [] and mnemonic_clashes(dialog) == {}
    click(dialog.form.moveButton)
    assert dialog.form.newOrganisationCombo.isVisible()
    choose(dialog.form.newOrganisationCombo, "BUP")
    save(dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    people = collab.contacts()
    assert sorted((p.name, p.archived) for p in people) == [
        ("Karin Holm", False),
        ("Karin Holm", True),
    ]
    assert cells(area.table, 0)[area.table.view.currentIndex().row()] == "BUP Örebro"
    assert cells(area.people_table, 4) == ["Aktiv"]

    # Searching by a person's name finds the organisation; archiving hides it until asked for.
    type_text(area.form.searchEdit, "karin")
    assert cells(area.table, 0) == ["BUP Örebro", "Socialtjänsten Karlskoga"]
    area.form.searchEdit.clear()
    area.table.select(next(o.id for o in collab.organisations() if o.name.startswith("BUP")))
    click(area.form.archiveButton)
    assert [o.archived for o in collab.organisations() if o.name.startswith("BUP")] == [True]
    assert area.form.showCombo.currentIndex() == 1  # switched so the row stays in sight
    assert area.form.archiveButton.text() == "&Återställ"
    choose(area.form.showCombo, "Organisationer som används")
    assert cells(area.table, 0) == ["Socialtjänsten Karlskoga"]


def test_a_person_is_archived_and_restored_from_the_list(qtbot, collab, social):
    collab.save_contact(Contact("Karin Holm", social.id, "socialsekreterare"))
    collab.save_contact(Contact("Anders Ek", social.id, "handläggare"))
    area = show(qtbot, DirectoryArea(collab), 1100, 800)
    assert cells(area.people_table, 0) == ["Anders Ek", "Karin Holm"]
    button = area.form.archivePersonButton
    assert not button.isEnabled()  # no person chosen yet
    area.people_table.select(next(p.id for p in collab.contacts() if p.name == "Karin Holm"))
    assert button.text() == "Arkivera pers&on" and button.accessibleName() == "Arkivera personen"
    assert unnamed_controls(area) == [] and mnemonic_clashes(area) == {}
    click(button)
    assert [(p.name, p.archived) for p in collab.contacts() if p.name == "Karin Holm"] == [
        ("Karin Holm", True)
    ]
    # Still listed, muted and last, with her history; the button now brings her back.
    assert cells(area.people_table, 0) == ["Anders Ek", "Karin Holm"]
    assert cells(area.people_table, 4) == ["Aktiv", "Arkiverad"]
    assert area.people_table.current().name == "Karin Holm"
    assert button.text() == "Återställ pers&on" and mnemonic_clashes(area) == {}
    click(button)
    assert cells(area.people_table, 4) == ["Aktiv", "Aktiv"]
    assert not any(p.archived for p in collab.contacts())
