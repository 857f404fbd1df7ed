"""One contact in the pupil's contact log: a meeting (collaboration or SIP), a call, a letter, a
disclosure, a success letter…, with the agreed actions that then appear in Att göra.

When information went to another organisation the entry must name its legal basis: a consent
that held on the day (only those are offered; expired and withdrawn ones are shown greyed so the
user sees why), a report of concern, the handover rule, or another basis in words. Without one
the service refuses, and its sentence stands beside the basis field.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from ..domain.collaboration import AgreedAction, Basis, Channel, ContactEntry, ContactKind
from ..domain.pupil import ValidationError
from ..services.collaboration import CollaborationService
from .collab_parts import consent_choice_text, fill_organisations, fill_people, tr
from .date_input import DateInput
from .feedback import set_secondary
from .plan_fields import fill_choices, person, set_up_people_combo
from .plan_list import due_text
from .record_dialog import RecordDialog, fit_lines, today_iso
from .record_table import Column, RecordTable

#: The problem key the actions' problems are gathered under (the domain numbers them).
_ACTIONS = "actions"


class ContactEntryDialog(RecordDialog):
    def __init__(
        self,
        collab: CollaborationService,
        entry: ContactEntry,
        parent: QWidget | None = None,
        today: Callable[[], _dt.date] = _dt.date.today,
    ):
        super().__init__("contact_entry_dialog.ui", parent)
        self.setObjectName("contactEntryDialog")
        self.form.scrollArea.setAccessibleName(self.tr("Kontakten"))
        self._collab = collab
        self._original = entry
        self._today = today
        self._consents = collab.consents(entry.pupil_id)
        self._people = collab.contacts()
        self._actions: list[AgreedAction] = list(entry.actions)
        #: The row of the action being changed in the fields below the table, or None.
        self._editing: int | None = None
        form = self.form
        self.setWindowTitle(self.tr("Ny kontakt") if not entry.id else self.tr("Kontakt"))
        for hint in (form.basisHint, form.actionsHint):
            set_secondary(hint)
        organisations = collab.organisations()
        fill_organisations(
            form.organisationCombo,
            organisations,
            entry.organisation_id,
            none_text=tr("Ingen organisation (till exempel vårdnadshavare)"),
            # Listed so an old contact can be found, and so the service can say why not.
            archived=True,
        )
        fill_organisations(
            form.leadCombo,
            organisations,
            entry.lead_organisation_id,
            none_text=tr("Välj organisation"),
        )
        self._refill_people(entry.contact_id)
        fill_choices(form.kindCombo, ContactKind, entry.kind)
        fill_choices(form.channelCombo, Channel, entry.channel)
        fill_choices(form.basisCombo, Basis, entry.basis, none_text=tr("Välj grund"))
        if entry.basis is None:
            form.basisCombo.setCurrentIndex(0)
        self._date = DateInput(form.dateEdit, today)
        self._next_meeting = DateInput(form.nextMeetingEdit, today)
        self._due = DateInput(form.actionDueEdit, today)
        fit_lines(form.summaryEdit, 5)
        fit_lines(form.participantsEdit, 3)
        names = sorted(
            {p.name for p in self._people if not p.archived} | {collab.session.user.name}
        )
        set_up_people_combo(form.actionResponsibleCombo, names, "")
        self.actions_table = RecordTable(
            form.actionsTable,
            self._action_columns(),
            key=lambda pair: str(pair[0]),
            muted=lambda pair: bool(pair[1].done_on),
            stretch_column=0,
            fit_rows=(1, 6),
        )
        for key, problem, field in (
            ("happened_on", form.dateProblem, form.dateEdit),
            ("time", form.timeProblem, form.timeEdit),
            ("organisation_id", form.organisationProblem, form.organisationCombo),
            ("summary", form.summaryProblem, form.summaryEdit),
            ("lead_organisation_id", form.leadProblem, form.leadCombo),
            ("next_meeting_on", form.nextMeetingProblem, form.nextMeetingEdit),
            ("basis", form.basisProblem, form.basisCombo),
            ("consent_id", form.consentProblem, form.consentCombo),
            ("basis_text", form.basisTextProblem, form.basisTextEdit),
            (_ACTIONS, form.actionsProblem, form.actionWhatEdit),
        ):
            self.problems.bind(key, problem, field)

        form.dateEdit.setText(entry.happened_on or today_iso())
        form.timeEdit.setText(entry.time)
        form.withWhomEdit.setText(entry.with_whom)
        form.summaryEdit.setPlainText(entry.summary)
        form.participantsEdit.setPlainText(entry.participants)
        form.nextMeetingEdit.setText(entry.next_meeting_on)
        form.disclosureCheck.setChecked(entry.is_disclosure)
        form.basisTextEdit.setText(entry.basis_text)
        self._refill_consents(entry.consent_id)
        self._show_actions()
        self._connect()
        self._kind_chosen()
        self.track_changes(
            form.dateEdit,
            form.timeEdit,
            form.kindCombo,
            form.channelCombo,
            form.organisationCombo,
            form.personCombo,
            form.withWhomEdit,
            form.summaryEdit,
            form.participantsEdit,
            form.leadCombo,
            form.nextMeetingEdit,
            form.disclosureCheck,
            form.basisCombo,
            form.consentCombo,
            form.basisTextEdit,
        )
        self.fit_to_contents(min_characters=120)
        form.dateEdit.setFocus()

    def _connect(self) -> None:
        form = self.form
        form.organisationCombo.currentIndexChanged.connect(lambda _i: self._refill_people())
        form.kindCombo.currentIndexChanged.connect(lambda _i: self._kind_chosen())
        form.disclosureCheck.toggled.connect(lambda _on: self._show_basis())
        form.basisCombo.currentIndexChanged.connect(lambda _i: self._show_basis())
        # A consent is offered only if it held on the day of the contact.
        form.dateEdit.editingFinished.connect(lambda: self._refill_consents(self._consent_id()))
        form.addActionButton.clicked.connect(self.add_action)
        form.actionWhatEdit.returnPressed.connect(self.add_action)
        form.markDoneButton.clicked.connect(self.mark_done)
        form.editActionButton.clicked.connect(self.edit_action)
        form.removeActionButton.clicked.connect(self.remove_or_strike_action)
        self.actions_table.current_changed.connect(self._update_action_buttons)

    # What shows depends on the kind and on the basis ----------------------------------------
    def _kind(self) -> ContactKind:
        return ContactKind(self.form.kindCombo.currentData())

    def _kind_chosen(self) -> None:
        form, kind = self.form, self._kind()
        form.meetingGroup.setVisible(kind.is_meeting)
        form.meetingLayout.setRowVisible(form.leadCombo, kind is ContactKind.SIP_MEETING)
        forced = kind is ContactKind.DISCLOSURE
        if forced:
            form.disclosureCheck.setChecked(True)
        form.disclosureCheck.setEnabled(not forced)
        self._show_basis()

    def _show_basis(self) -> None:
        form = self.form
        disclosing = form.disclosureCheck.isChecked()
        form.basisGroup.setVisible(disclosing)
        basis = form.basisCombo.currentData()
        # Only the field rows: a problem label shows itself when it has something to say.
        form.basisLayout.setRowVisible(form.consentCombo, basis == Basis.CONSENT.value)
        form.basisLayout.setRowVisible(form.basisTextEdit, basis == Basis.OTHER.value)

    def _refill_people(self, current_id: str = "") -> None:
        organisation_id = self.form.organisationCombo.currentData() or ""
        fill_people(self.form.personCombo, self._people, organisation_id, current_id)
        self.form.personCombo.setEnabled(bool(organisation_id))

    def _entry_day(self) -> _dt.date:
        try:
            return self._date.date() or self._today()
        except ValueError:
            return self._today()

    def _consent_id(self) -> str:
        return self.form.consentCombo.currentData() or ""

    def _refill_consents(self, current_id: str = "") -> None:
        combo, day = self.form.consentCombo, self._entry_day()
        combo.clear()
        combo.addItem(tr("Välj samtycke"), "")
        model: QStandardItemModel = combo.model()
        for consent in self._consents:
            combo.addItem(consent_choice_text(consent, day), consent.id)
            if not consent.valid_on(day):
                # Shown, so the user sees it is there but did not hold that day; not pickable.
                model.item(combo.count() - 1).setEnabled(False)
        if not self._consents:
            combo.setItemText(0, tr("Eleven har inget samtycke antecknat"))
        index = combo.findData(current_id)
        combo.setCurrentIndex(index if index > 0 and model.item(index).isEnabled() else 0)

    def offered_consents(self) -> list[tuple[str, bool]]:
        """The consents in the list as (text, can be picked): for tests and screen readers."""
        model: QStandardItemModel = self.form.consentCombo.model()
        return [
            (model.item(row).text(), model.item(row).isEnabled())
            for row in range(1, model.rowCount())
        ]

    # Agreed actions --------------------------------------------------------------------------
    def _action_columns(self) -> list[Column]:
        def due(pair) -> str:
            action = pair[1]
            if not action.due_on:
                return "—"
            try:
                day = _dt.date.fromisoformat(action.due_on)
            except ValueError:
                return action.due_on
            return due_text(day, self._overdue(action), self._today())

        return [
            Column(self.tr("Åtgärd"), lambda pair: pair[1].what),
            Column(self.tr("Ansvarig"), lambda pair: pair[1].responsible),
            Column(self.tr("Klart senast"), due, alert=lambda pair: self._overdue(pair[1])),
            Column(self.tr("Klar"), lambda pair: self._done_text(pair[1])),
        ]

    def _done_text(self, action: AgreedAction) -> str:
        if action.struck:
            return self.tr("Struken {date}").format(date=action.done_on)
        if action.done_on:
            return self.tr("Klar {date}").format(date=action.done_on)
        return self.tr("Nej")

    def _overdue(self, action: AgreedAction) -> bool:
        return (
            not action.done_on
            and bool(action.due_on)
            and (action.due_on < self._today().isoformat())
        )

    def _show_actions(self) -> None:
        self.actions_table.set_records(list(enumerate(self._actions)))
        self._update_action_buttons()

    def _current_action(self) -> tuple[int, AgreedAction] | None:
        return self.actions_table.current()

    def _update_action_buttons(self) -> None:
        current = self._current_action()
        form = self.form
        is_open = current is not None and not current[1].done_on
        form.markDoneButton.setEnabled(is_open)
        # A closed action is history: it is not changed afterwards.
        form.editActionButton.setEnabled(is_open)
        # A saved action is never deleted (it may already have been acted on, and a printed
        # protocol may name it): it is struck out with a reason instead.
        saved = current is not None and bool(current[1].id)
        form.removeActionButton.setEnabled(current is not None and (not saved or is_open))
        if saved:
            form.removeActionButton.setText(self.tr("Stryk åtgärden…"))
            form.removeActionButton.setAccessibleName(self.tr("Stryk åtgärden"))
            form.removeActionButton.setToolTip(
                self.tr("Åtgärden blir inte av: den finns kvar, struken, med skälet")
            )
        else:
            form.removeActionButton.setText(self.tr("Ta bort åtgärden"))
            form.removeActionButton.setAccessibleName(self.tr("Ta bort åtgärden"))
            form.removeActionButton.setToolTip(self.tr("Ta bort en åtgärd som inte är sparad än"))

    def add_action(self) -> None:
        form = self.form
        what = " ".join(form.actionWhatEdit.text().split())
        if not what:
            self.problems.show({_ACTIONS: self.tr("Skriv vad som ska göras.")})
            return
        responsible, due_on = person(form.actionResponsibleCombo), self._due.iso()
        if self._editing is not None:
            # The id stays, so the service updates the same action (and an overdue date that
            # was saved before stays allowed; see domain.collaboration._action_problem).
            index = self._editing
            self._actions[index] = replace(
                self._actions[index], what=what, responsible=responsible, due_on=due_on
            )
        else:
            index = len(self._actions)
            self._actions.append(AgreedAction(what, responsible, due_on))
        self._set_editing(None)
        self._mark_changed()
        self.problems.clear()
        form.actionWhatEdit.clear()
        form.actionResponsibleCombo.setEditText("")
        form.actionDueEdit.clear()
        self._show_actions()
        self.actions_table.select(str(index))
        form.actionWhatEdit.setFocus()

    def edit_action(self) -> None:
        """Put the chosen action in the fields below; "Spara ändringen" puts it back, and the
        change is saved with the contact."""
        current = self._current_action()
        if current is None or current[1].done_on:
            return
        index, action = current
        form = self.form
        form.actionWhatEdit.setText(action.what)
        form.actionResponsibleCombo.setEditText(action.responsible)
        form.actionDueEdit.setText(action.due_on)
        self._set_editing(index)
        form.actionWhatEdit.setFocus()
        form.actionWhatEdit.selectAll()

    def _set_editing(self, index: int | None) -> None:
        self._editing = index
        button = self.form.addActionButton
        if index is None:
            button.setText(self.tr("Lägg t&ill åtgärd"))
            button.setAccessibleName(self.tr("Lägg till åtgärd"))
        else:
            button.setText(self.tr("Spara ändr&ingen"))
            button.setAccessibleName(self.tr("Spara ändringen av åtgärden"))

    def remove_or_strike_action(self) -> None:
        current = self._current_action()
        if current is None:
            return
        if current[1].id:
            self.strike_action()
        else:
            self.remove_action()

    def remove_action(self) -> None:
        current = self._current_action()
        if current is None or current[1].id:
            return
        del self._actions[current[0]]
        if self._editing is not None:
            self._set_editing(None)
        self._mark_changed()
        self._show_actions()

    def strike_action(self, reason: str | None = None) -> None:
        """Strike out a saved action that will not be done, with a reason (asked for when not
        given). It is written at once, like "Markera som klar", and stays in the list."""
        current = self._current_action()
        if current is None or not current[1].id or current[1].done_on:
            return
        index, action = current
        if reason is None:
            reason = self._ask_strike_reason(action)
            if reason is None:
                return
        stored = []

        def write() -> None:
            try:
                stored.append(self._collab.strike_action(self._original, action.id, reason))
            except ValidationError as error:
                # The sentence belongs beside the table of actions.
                raise ValidationError({_ACTIONS: "\n".join(error.problems.values())}) from error

        if not self.save_with(write):
            return
        struck = next(a for a in stored[0].actions if a.id == action.id)
        self._actions[index] = replace(action, what=struck.what, done_on=struck.done_on)
        if self._editing == index:
            self._set_editing(None)
        self.saved.emit(stored[0])
        self._show_actions()
        self.actions_table.select(str(index))

    def _ask_strike_reason(self, action: AgreedAction) -> str | None:
        ask = QInputDialog(self)
        ask.setObjectName("strikeReasonDialog")
        ask.setWindowTitle(self.tr("Stryk åtgärden"))
        ask.setLabelText(
            self.tr(
                "Varför blir ”{what}” inte av? Åtgärden finns kvar, struken, med skälet."
            ).format(what=action.what)
        )
        ask.setInputMode(QInputDialog.InputMode.TextInput)
        ask.setTextEchoMode(QLineEdit.EchoMode.Normal)
        ask.setOkButtonText(self.tr("Stryk"))
        ask.setCancelButtonText(self.tr("Avbryt"))
        line = ask.findChild(QLineEdit)
        if line is not None:
            line.setAccessibleName(self.tr("Skäl att stryka åtgärden"))
        if not ask.exec():
            return None
        return ask.textValue()

    def mark_done(self) -> None:
        """A saved action is marked done at once (and leaves Att göra); one not saved yet is
        marked here and saved with the entry."""
        current = self._current_action()
        if current is None:
            return
        index, action = current
        if not action.id:
            self._actions[index] = replace(action, done_on=self._today().isoformat())
            self._mark_changed()
        else:
            stored = []
            if not self.save_with(
                lambda: stored.append(self._collab.mark_action_done(self._original, action.id))
            ):
                return
            done = {a.id: a.done_on for a in stored[0].actions}
            self._actions[index] = replace(action, done_on=done.get(action.id, ""))
            self.saved.emit(stored[0])
        if self._editing == index:
            self._set_editing(None)  # a closed action is not changed afterwards
        self._show_actions()
        self.actions_table.select(str(index))

    # Saving ----------------------------------------------------------------------------------
    def record_from_form(self) -> ContactEntry:
        form = self.form
        disclosing = form.disclosureCheck.isChecked()
        basis = form.basisCombo.currentData() if disclosing else ""
        is_sip = self._kind() is ContactKind.SIP_MEETING
        meeting = self._kind().is_meeting
        return replace(
            self._original,
            happened_on=self._date.iso(),
            time=form.timeEdit.text().strip(),
            kind=self._kind(),
            channel=Channel(form.channelCombo.currentData()),
            organisation_id=form.organisationCombo.currentData() or "",
            contact_id=form.personCombo.currentData() or "",
            with_whom=" ".join(form.withWhomEdit.text().split()),
            summary=form.summaryEdit.toPlainText().strip(),
            participants=form.participantsEdit.toPlainText().strip() if meeting else "",
            lead_organisation_id=(form.leadCombo.currentData() or "") if is_sip else "",
            next_meeting_on=self._next_meeting.iso() if meeting else "",
            is_disclosure=disclosing,
            basis=Basis(basis) if basis else None,
            consent_id=self._consent_id() if basis == Basis.CONSENT.value else "",
            basis_text=form.basisTextEdit.text().strip() if basis == Basis.OTHER.value else "",
            actions=tuple(self._actions),
        )

    def store(self, record: ContactEntry) -> ContactEntry:
        try:
            return self._collab.save_entry(record)
        except ValidationError as error:
            # The domain numbers the actions' problems; they all belong under the one table.
            problems = {k: v for k, v in error.problems.items() if not k.startswith("action_")}
            actions = [v for k, v in error.problems.items() if k.startswith("action_")]
            if actions:
                problems[_ACTIONS] = "\n".join(actions)
            raise ValidationError(problems) from error
