"""Samverkan: the directory of organisations and people outside the student-health team, kept
once and used for every pupil. A person who changes job keeps their history (the old record is
archived); an organisation no longer used is archived, never deleted, since old contacts name it.
The pupils' networks, consents and contacts are on each pupil's page.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

from ..domain.collaboration import Contact, Organisation, OrgKind
from ..domain.pupil import ValidationError
from ..domain.text import search_fold
from ..services.collaboration import CollaborationService
from ..store.errors import CaseFileError
from .collab_parts import label
from .contact_person_dialog import ContactPersonDialog
from .feedback import scaled_font, set_secondary
from .forms import load_form
from .messages import show_error
from .organisation_dialog import OrganisationDialog
from .record_dialog import start_dialog
from .record_table import Column, RecordTable
from .search_to_table import SearchToTable


class DirectoryFilterProxy(QSortFilterProxyModel):
    """Keeps the organisations that pass the archive choice and contain every typed word in
    their name, unit, kind or the names of their people."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._show_archived = False
        self._words: tuple[str, ...] = ()
        self._haystacks: dict[str, str] = {}

    def set_haystacks(self, haystacks: dict[str, str]) -> None:
        self._haystacks = haystacks
        self.invalidate()

    def set_show_archived(self, show: bool) -> None:
        self._show_archived = show
        self.invalidate()

    def set_text(self, text: str) -> None:
        self._words = tuple(search_fold(text).split())
        self.invalidate()

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:
        org: Organisation = self.sourceModel().record(source_row)
        haystack = self._haystacks.get(org.id, "")
        return (self._show_archived or not org.archived) and all(
            word in haystack for word in self._words
        )


class DirectoryArea(QWidget):
    def __init__(self, collab: CollaborationService, parent: QWidget | None = None):
        super().__init__(parent)
        self._collab = collab
        self._people: list[Contact] = []
        form = self.form = load_form("directory_area.ui", self)
        form.titleLabel.setText(self.tr("Samverkan"))
        form.titleLabel.setFont(scaled_font(form.titleLabel, 1.5, bold=True))
        set_secondary(form.introLabel)
        set_secondary(form.peopleCount)
        self.proxy = DirectoryFilterProxy(self)
        self.table = RecordTable(
            form.organisationsTable,
            [
                Column(self.tr("Namn"), lambda o: o.name),
                Column(self.tr("Enhet"), lambda o: o.unit),
                Column(self.tr("Typ"), lambda o: label(o.kind)),
                Column(self.tr("Telefon"), lambda o: o.phone),
                Column(self.tr("E-post"), lambda o: o.email),
                Column(
                    self.tr("Status"),
                    lambda o: self.tr("Arkiverad") if o.archived else self.tr("Används"),
                ),
            ],
            key=lambda o: o.id,
            proxy=self.proxy,
            sortable=True,
            muted=lambda o: o.archived,
            stretch_column=0,
        )
        form.organisationsTable.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.people_table = RecordTable(
            form.peopleTable,
            [
                Column(self.tr("Namn"), lambda p: p.name),
                Column(self.tr("Titel"), lambda p: p.title),
                Column(self.tr("Telefon"), lambda p: p.phone),
                Column(self.tr("E-post"), lambda p: p.email),
                Column(
                    self.tr("Status"),
                    lambda p: self.tr("Arkiverad") if p.archived else self.tr("Aktiv"),
                ),
            ],
            key=lambda p: p.id,
            muted=lambda p: p.archived,
            stretch_column=0,
        )
        # Both lists matter: the organisations get more of the height, their people the rest.
        form.rootLayout.setStretchFactor(form.organisationsTable, 3)
        form.rootLayout.setStretchFactor(form.peopleGroup, 2)
        form.showCombo.addItems([self.tr("Organisationer som används"), self.tr("Även arkiverade")])
        form.showCombo.currentIndexChanged.connect(self._chosen)
        form.searchEdit.textChanged.connect(self._searched)
        SearchToTable(form.searchEdit, self.table)
        self.table.current_changed.connect(self._organisation_moved)
        self.table.open_requested.connect(self.edit_selected_organisation)
        self.people_table.open_requested.connect(self.edit_selected_person)
        self.people_table.current_changed.connect(self._update_buttons)
        form.newOrganisationButton.clicked.connect(self.new_organisation)
        form.editOrganisationButton.clicked.connect(self.edit_selected_organisation)
        form.archiveButton.clicked.connect(self.toggle_archived)
        form.newPersonButton.clicked.connect(self.new_person)
        form.editPersonButton.clicked.connect(self.edit_selected_person)
        form.archivePersonButton.clicked.connect(self.toggle_person_archived)
        self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        # The directory is also changed from the pupils' pages: read again when shown.
        self.reload()
        super().showEvent(event)

    def focus_first(self) -> None:
        self.form.searchEdit.setFocus(Qt.FocusReason.OtherFocusReason)

    # Lists ------------------------------------------------------------------------------------
    def reload(self) -> None:
        organisations = self._collab.organisations()
        self._people = self._collab.contacts()
        names: dict[str, list[str]] = {}
        for person in self._people:
            names.setdefault(person.organisation_id, []).append(person.name)
        self.proxy.set_haystacks(
            {
                o.id: search_fold("\n".join([o.name, o.unit, label(o.kind), *names.get(o.id, [])]))
                for o in organisations
            }
        )
        self.table.set_records(organisations)
        if self.table.current() is None and self.proxy.rowCount():
            # A row is current from the start, so its people show at once.
            self.table.view.setCurrentIndex(self.proxy.index(0, 0))
        self._update_count()
        self._organisation_moved()

    def _chosen(self, index: int) -> None:
        self.proxy.set_show_archived(index == 1)
        self._update_count()
        self._organisation_moved()

    def _searched(self, text: str) -> None:
        self.proxy.set_text(text)
        self._update_count()
        self._organisation_moved()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.table.model.rowCount()
        if total == 0:
            text = self.tr("Inga organisationer ännu. Börja med socialtjänsten och BUP.")
        elif shown == 0:
            text = self.tr("Ingen av {total} organisationer matchar.").format(total=total)
        else:
            text = self.tr("Visar {shown} av {total} organisationer").format(
                shown=shown, total=total
            )
        self.form.countLabel.setText(text)

    def _organisation_moved(self) -> None:
        org: Organisation | None = self.table.current()
        form = self.form
        people = [p for p in self._people if org is not None and p.organisation_id == org.id]
        # People who still work there first; those who moved on stay, muted, with their history.
        people.sort(key=lambda p: (p.archived, p.name.casefold()))
        self.people_table.set_records(people)
        if org is None:
            form.peopleGroup.setTitle(self.tr("Personer"))
            form.peopleCount.setText(self.tr("Välj en organisation för att se dess personer."))
        else:
            form.peopleGroup.setTitle(self.tr("Personer på {name}").format(name=org.display_name))
            form.peopleCount.setText(
                (
                    self.tr("1 person")
                    if len(people) == 1
                    else self.tr("{n} personer").format(n=len(people))
                )
                if people
                else self.tr("Inga personer antecknade.")
            )
        self._update_buttons()

    def _update_buttons(self) -> None:
        form = self.form
        org: Organisation | None = self.table.current()
        form.editOrganisationButton.setEnabled(org is not None)
        form.archiveButton.setEnabled(org is not None)
        archived = org is not None and org.archived
        form.archiveButton.setText(self.tr("&Återställ") if archived else self.tr("Ar&kivera"))
        form.archiveButton.setAccessibleName(
            self.tr("Återställ organisationen") if archived else self.tr("Arkivera organisationen")
        )
        form.newPersonButton.setEnabled(org is not None and not org.archived)
        person: Contact | None = self.people_table.current()
        form.editPersonButton.setEnabled(person is not None)
        # A person is brought back only to an organisation still in use: old contacts keep
        # naming an archived one, new ones should not.
        form.archivePersonButton.setEnabled(
            person is not None and (not person.archived or (org is not None and not org.archived))
        )
        person_archived = person is not None and person.archived
        form.archivePersonButton.setText(
            self.tr("Återställ pers&on") if person_archived else self.tr("Arkivera pers&on")
        )
        form.archivePersonButton.setAccessibleName(
            self.tr("Återställ personen") if person_archived else self.tr("Arkivera personen")
        )

    # Editing ----------------------------------------------------------------------------------
    def new_organisation(self) -> None:
        self._edit_organisation(Organisation(OrgKind.SOCIAL_SERVICES, ""))

    def edit_selected_organisation(self) -> None:
        org = self.table.current()
        if org is not None:
            self._edit_organisation(org)

    def _edit_organisation(self, org: Organisation) -> None:
        start_dialog(OrganisationDialog(self._collab, org, self), self._organisation_saved)

    def _organisation_saved(self, org: Organisation) -> None:
        if org.archived and self.form.showCombo.currentIndex() == 0:
            self.form.showCombo.setCurrentIndex(1)  # keep the row in sight
        self.reload()
        self.table.select(org.id)

    def toggle_archived(self) -> None:
        org: Organisation | None = self.table.current()
        if org is None:
            return
        try:
            saved = self._collab.save_organisation(replace(org, archived=not org.archived))
        except CaseFileError as error:
            show_error(self, str(error))
            return
        self._organisation_saved(saved)

    def new_person(self) -> None:
        org = self.table.current()
        if org is not None:
            self._edit_person(Contact("", organisation_id=org.id))

    def edit_selected_person(self) -> None:
        person = self.people_table.current()
        if person is not None:
            self._edit_person(person)

    def _edit_person(self, person: Contact) -> None:
        start_dialog(ContactPersonDialog(self._collab, person, self), self._person_saved)

    def toggle_person_archived(self) -> None:
        """Archived, never deleted: the person's contacts keep naming them."""
        person: Contact | None = self.people_table.current()
        if person is None:
            return
        try:
            saved = self._collab.save_contact(replace(person, archived=not person.archived))
        except ValidationError as error:  # e.g. an e-mail address saved before the rule
            show_error(self, "\n".join(error.problems.values()))
            return
        except CaseFileError as error:
            show_error(self, str(error))
            return
        self._person_saved(saved)

    def _person_saved(self, person: Contact) -> None:
        self.reload()
        if self.table.select(person.organisation_id):
            self.people_table.select(person.id)
