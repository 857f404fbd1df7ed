"""The Samverkan tab of a pupil's page: who is around the pupil, what the family has consented
to, every contact with its agreed actions, the reports of concern, and who has been told what.

One glance shows who holds what (the seeds' pupils "fell between chairs" when nobody could);
the last list is what a pupil or guardian may ask to see (GDPR art. 15). Every list is read
again from CollaborationService after a change here.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QWidget

from ..domain.collaboration import (
    Channel,
    ConcernReport,
    Consent,
    ConsentFrom,
    ContactEntry,
    ContactKind,
    DisclosureLine,
    Involvement,
)
from ..domain.pupil import Pupil
from ..services.collaboration import CollaborationService
from .collab_parts import consent_status, label
from .concern_dialog import ConcernDialog
from .consent_dialog import ConsentDialog
from .contact_entry_dialog import ContactEntryDialog
from .feedback import set_secondary
from .forms import load_form
from .involvement_dialog import InvolvementDialog
from .record_dialog import start_dialog
from .record_table import Column, RecordTable
from .support_tab import add_print_shortcut

_ROWS = (1, 8)


@dataclass(frozen=True)
class NetworkRow:
    """A line of the network: a guardian from the register (read-only here) or an involvement."""

    key: str
    who: str
    organisation: str
    role: str
    since: str = ""
    until: str = ""
    involvement: Involvement | None = None
    ended: bool = False


class CollaborationTab(QWidget):
    #: Something of this pupil's collaboration was saved here (Att göra may change).
    changed = Signal()
    #: Print: "protocol" (an entry's id), "network" or "disclosures" (the pupil's id).
    print_requested = Signal(str, str)

    def __init__(
        self,
        collab: CollaborationService,
        pupil: Pupil,
        parent: QWidget | None = None,
        today: Callable[[], _dt.date] = _dt.date.today,
    ):
        super().__init__(parent)
        self._collab = collab
        self._pupil = pupil
        self._today = today
        self._names: dict[str, str] = {}
        self._people: dict[str, str] = {}
        self.setAccessibleName(self.tr("Samverkan för {name}").format(name=pupil.full_name))
        form = self.form = load_form("collaboration_tab.ui", self)
        for quiet in (
            form.networkCount,
            form.consentsCount,
            form.entriesCount,
            form.concernsCount,
            form.disclosuresCount,
            form.networkHint,
            form.disclosuresHint,
        ):
            set_secondary(quiet)
        form.scrollArea.viewport().setAutoFillBackground(False)
        form.scrollContents.setAutoFillBackground(False)
        self.network_table = self._table(
            form.networkTable,
            self._network_columns(),
            2,
            key=lambda r: r.key,
            muted=lambda r: r.ended,
        )
        self.consent_table = self._table(
            form.consentsTable,
            self._consent_columns(),
            2,
            muted=lambda c: not c.valid_on(self._today()),
        )
        self.entry_table = self._table(form.entriesTable, self._entry_columns(), 4)
        self.concern_table = self._table(form.concernsTable, self._concern_columns(), 3)
        self.disclosure_table = self._table(
            form.disclosuresTable,
            self._disclosure_columns(),
            3,
            key=lambda line: f"{line.source}:{line.source_id}",
        )
        self._connect()
        self.reload()

    @staticmethod
    def _table(view, columns, stretch, key=lambda item: item.id, muted=None) -> RecordTable:
        return RecordTable(
            view, columns, key=key, muted=muted, stretch_column=stretch, fit_rows=_ROWS
        )

    # Columns ----------------------------------------------------------------------------------
    def _network_columns(self) -> list[Column]:
        def period(row: NetworkRow) -> str:
            if not row.since and not row.until:
                return "—"
            return f"{row.since or '…'} – {row.until or ''}".strip()

        return [
            Column(self.tr("Vem"), lambda r: r.who),
            Column(self.tr("Organisation"), lambda r: r.organisation),
            Column(self.tr("Roll"), lambda r: r.role),
            Column(self.tr("Period"), period),
        ]

    def _consent_columns(self) -> list[Column]:
        guardians = len(self._pupil.guardians)
        return [
            Column(self.tr("Från"), lambda c: label(c.from_whom)),
            Column(self.tr("Givet av"), lambda c: c.given_by),
            Column(self.tr("Vad det gäller"), lambda c: c.scope),
            Column(
                self.tr("Till"),
                lambda c: self._names.get(c.organisation_id, self.tr("Enligt beskrivningen")),
            ),
            Column(self.tr("Hur"), lambda c: label(c.form)),
            Column(self.tr("Datum"), lambda c: c.given_on),
            Column(self.tr("Status"), lambda c: consent_status(c, self._today(), guardians)),
        ]

    def _entry_columns(self) -> list[Column]:
        def when(e: ContactEntry) -> str:
            return f"{e.happened_on} {e.time}".strip()

        def kind(e: ContactEntry) -> str:
            text = label(e.kind)
            if e.is_disclosure and e.kind is not ContactKind.DISCLOSURE:
                text += self.tr(" · utlämnande")
            return text

        def open_actions(e: ContactEntry) -> str:
            count = sum(1 for a in e.actions if not a.done_on)
            return str(count) if count else "—"

        def late(e: ContactEntry) -> bool:
            today = self._today().isoformat()
            return any(not a.done_on and a.due_on < today for a in e.actions)

        return [
            Column(self.tr("Datum"), when, sort_key=when),
            Column(self.tr("Typ"), kind),
            Column(self.tr("Med vem"), self._with_whom),
            Column(self.tr("Kanal"), lambda e: label(e.channel)),
            Column(self.tr("Sammanfattning"), lambda e: e.summary),
            Column(self.tr("Öppna åtgärder"), open_actions, alert=late),
            Column(
                self.tr("Nästa möte"),
                lambda e: e.next_meeting_on or ("—" if e.kind.is_meeting else ""),
            ),
        ]

    def _with_whom(self, entry: ContactEntry) -> str:
        parts = [
            self._names.get(entry.organisation_id, ""),
            self._people.get(entry.contact_id, ""),
            entry.with_whom,
        ]
        return ", ".join(part for part in parts if part) or "—"

    def _concern_columns(self) -> list[Column]:
        def feedback(c: ConcernReport) -> str:
            if not c.feedback_on:
                return self.tr("Ingen återkoppling ännu")
            return f"{c.feedback_on}: {c.feedback_summary}" if c.feedback_summary else c.feedback_on

        return [
            Column(self.tr("Datum"), lambda c: c.made_on),
            Column(self.tr("Till"), lambda c: self._names.get(c.organisation_id, "—")),
            Column(self.tr("Gjord av"), lambda c: c.made_by),
            Column(self.tr("Vad anmälan gällde"), lambda c: c.summary),
            Column(self.tr("Återkoppling"), feedback),
        ]

    def _disclosure_columns(self) -> list[Column]:
        return [
            Column(self.tr("Datum"), lambda d: d.on),
            Column(self.tr("Mottagare"), lambda d: d.recipient or "—"),
            Column(self.tr("Grund"), lambda d: d.basis),
            Column(self.tr("Vad"), lambda d: d.what),
        ]

    # Wiring -----------------------------------------------------------------------------------
    def _connect(self) -> None:
        form = self.form
        for button, table, slot in (
            (form.editInvolvementButton, self.network_table, self.edit_selected_involvement),
            (form.editConsentButton, self.consent_table, self.edit_selected_consent),
            (form.openEntryButton, self.entry_table, self.open_selected_entry),
            (form.editConcernButton, self.concern_table, self.edit_selected_concern),
        ):
            button.clicked.connect(slot)
            table.open_requested.connect(slot)
        self.disclosure_table.open_requested.connect(self.open_selected_disclosure)
        form.addInvolvementButton.clicked.connect(self.new_involvement)
        form.newConsentButton.clicked.connect(self.new_consent)
        form.newEntryButton.clicked.connect(self.new_entry)
        form.newConcernButton.clicked.connect(self.new_concern)
        for table in (
            self.network_table,
            self.consent_table,
            self.entry_table,
            self.concern_table,
            self.disclosure_table,
        ):
            table.current_changed.connect(self._update_buttons)
        pupil_id = self._pupil.id
        form.printNetworkButton.clicked.connect(
            lambda: self.print_requested.emit("network", pupil_id)
        )
        form.printDisclosuresButton.clicked.connect(
            lambda: self.print_requested.emit("disclosures", pupil_id)
        )
        form.printProtocolButton.clicked.connect(self._print_protocol)
        for group, button in (
            (form.networkGroup, form.printNetworkButton),
            (form.entriesGroup, form.printProtocolButton),
            (form.disclosuresGroup, form.printDisclosuresButton),
        ):
            add_print_shortcut(group, button.click)

    def sizeHint(self) -> QSize:
        # As the Planer tab: room for every list as it is; the scroll area takes over.
        contents = self.form.scrollContents.sizeHint()
        return QSize(contents.width(), contents.height() + self.fontMetrics().height())

    def focus_first(self) -> None:
        self.form.addInvolvementButton.setFocus(Qt.FocusReason.OtherFocusReason)

    # Lists ------------------------------------------------------------------------------------
    @property
    def pupil_id(self) -> str:
        return self._pupil.id

    def set_pupil(self, pupil: Pupil) -> None:
        """The pupil was edited on the page (guardians may have changed)."""
        self._pupil = pupil
        self.reload()

    def reload(self) -> None:
        collab, pupil_id = self._collab, self._pupil.id
        self._names = {o.id: o.display_name for o in collab.organisations()}
        self._people = {p.id: p.name for p in collab.contacts()}
        network = self._network_rows(collab.network(pupil_id))
        consents = collab.consents(pupil_id)
        entries = collab.entries(pupil_id)
        concerns = collab.concerns(pupil_id)
        disclosures = collab.disclosures(pupil_id)
        self.network_table.set_records(network)
        self.consent_table.set_records(consents)
        self.entry_table.set_records(entries)
        self.concern_table.set_records(concerns)
        self.disclosure_table.set_records(disclosures)
        self._show_counts(network, consents, entries, concerns, disclosures)
        self._update_buttons()

    def _network_rows(self, involvements: list[Involvement]) -> list[NetworkRow]:
        # Guardians first: they come from the register and are always part of the network.
        rows = [
            NetworkRow(
                key=f"guardian:{index}",
                who=guardian.name,
                organisation=self.tr("Vårdnadshavare (elevregistret)"),
                role=guardian.relation or self.tr("Vårdnadshavare"),
            )
            for index, guardian in enumerate(self._pupil.guardians)
        ]
        today = self._today()
        for item in involvements:
            rows.append(
                NetworkRow(
                    key=item.id,
                    who=self._people.get(item.contact_id, "—"),
                    organisation=self._names.get(item.organisation_id, "—"),
                    role=item.role,
                    since=item.since,
                    until=item.until,
                    involvement=item,
                    ended=not item.active_on(today),
                )
            )
        return rows

    def _show_counts(self, network, consents, entries, concerns, disclosures) -> None:
        form, today = self.form, self._today()
        involved = sum(1 for row in network if row.involvement and not row.ended)
        form.networkCount.setText(
            (
                self.tr("1 aktiv utanför familjen")
                if involved == 1
                else self.tr("{n} aktiva utanför familjen").format(n=involved)
            )
            if involved
            else self.tr("Ingen utanför familjen ännu.")
        )
        count = self._count
        valid = sum(1 for c in consents if c.valid_on(today))
        form.consentsCount.setText(
            self.tr("{consents}, {valid} gäller i dag").format(
                consents=count(len(consents), self.tr("samtycke"), self.tr("samtycken")),
                valid=valid,
            )
            if consents
            else self.tr("Inga samtycken antecknade.")
        )
        open_actions = sum(1 for e in entries for a in e.actions if not a.done_on)
        form.entriesCount.setText(
            self.tr("{entries}, {actions}").format(
                entries=count(len(entries), self.tr("kontakt"), self.tr("kontakter")),
                actions=count(open_actions, self.tr("öppen åtgärd"), self.tr("öppna åtgärder")),
            )
            if entries
            else self.tr("Inga kontakter antecknade.")
        )
        waiting = sum(1 for c in concerns if not c.feedback_on)
        form.concernsCount.setText(
            self.tr("{concerns}, {waiting} utan återkoppling").format(
                concerns=count(len(concerns), self.tr("anmälan"), self.tr("anmälningar")),
                waiting=waiting,
            )
            if concerns
            else self.tr("Ingen orosanmälan.")
        )
        form.disclosuresCount.setText(
            count(len(disclosures), self.tr("utlämnande"), self.tr("utlämnanden"))
            if disclosures
            else self.tr("Inga uppgifter har lämnats ut.")
        )

    @staticmethod
    def _count(n: int, one: str, many: str) -> str:
        return f"{n} {one if n == 1 else many}"

    def _update_buttons(self) -> None:
        form = self.form
        row = self.network_table.current()
        form.editInvolvementButton.setEnabled(row is not None and row.involvement is not None)
        form.editConsentButton.setEnabled(self.consent_table.current() is not None)
        entry = self.entry_table.current()
        form.openEntryButton.setEnabled(entry is not None)
        form.printProtocolButton.setEnabled(entry is not None and entry.kind.is_meeting)
        form.editConcernButton.setEnabled(self.concern_table.current() is not None)
        form.printDisclosuresButton.setEnabled(self.disclosure_table.row_count() > 0)

    # Dialogs ----------------------------------------------------------------------------------
    def _open(self, dialog, table: RecordTable) -> None:
        start_dialog(dialog, lambda saved: self._saved(table, saved.id))

    def _saved(self, table: RecordTable, record_id: str) -> None:
        self.reload()
        table.select(record_id)
        self.changed.emit()

    def new_involvement(self) -> None:
        item = Involvement(pupil_id=self._pupil.id, organisation_id="", role="")
        self._open(InvolvementDialog(self._collab, item, self), self.network_table)

    def edit_selected_involvement(self) -> None:
        row = self.network_table.current()
        if row is not None and row.involvement is not None:
            self._open(InvolvementDialog(self._collab, row.involvement, self), self.network_table)

    def new_consent(self) -> None:
        self.edit_consent(Consent(self._pupil.id, self._default_from(), "", "", ""))

    def _default_from(self) -> ConsentFrom:
        # Joint custody is the usual case: with two guardians in the register, ask for both.
        if len(self._pupil.guardians) >= 2:
            return ConsentFrom.BOTH_GUARDIANS
        return ConsentFrom.ONE_GUARDIAN if self._pupil.guardians else ConsentFrom.PUPIL

    def edit_selected_consent(self) -> None:
        item = self.consent_table.current()
        if item is not None:
            self.edit_consent(item)

    def edit_consent(self, item: Consent) -> None:
        self._open(ConsentDialog(self._collab, item, self, self._today), self.consent_table)

    def new_entry(self) -> None:
        entry = ContactEntry(
            self._pupil.id, "", ContactKind.COLLABORATION_MEETING, Channel.MEETING, ""
        )
        self._open(ContactEntryDialog(self._collab, entry, self, self._today), self.entry_table)

    def open_selected_entry(self) -> None:
        entry = self.entry_table.current()
        if entry is not None:
            self.open_entry(entry.id)

    def open_entry(self, entry_id: str) -> ContactEntryDialog | None:
        """Open the entry in its dialog (from the list, the disclosures, or Att göra)."""
        self.reload()
        if not self.entry_table.select(entry_id):
            return None
        dialog = ContactEntryDialog(self._collab, self.entry_table.current(), self, self._today)
        self._open(dialog, self.entry_table)
        return dialog

    def new_concern(self) -> None:
        item = ConcernReport(self._pupil.id, "", "", "", "")
        self._open(ConcernDialog(self._collab, item, self), self.concern_table)

    def edit_selected_concern(self) -> None:
        item = self.concern_table.current()
        if item is not None:
            self._open(ConcernDialog(self._collab, item, self), self.concern_table)

    def open_selected_disclosure(self) -> None:
        line: DisclosureLine | None = self.disclosure_table.current()
        if line is None:
            return
        if line.source == "contact":
            self.open_entry(line.source_id)
        elif self.concern_table.select(line.source_id):
            self.edit_selected_concern()

    def _print_protocol(self) -> None:
        entry = self.entry_table.current()
        if entry is not None and entry.kind.is_meeting:
            self.print_requested.emit("protocol", entry.id)
