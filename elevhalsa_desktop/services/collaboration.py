"""Use cases of collaboration: keep the directory, the pupil's network and consents, log contacts
with their agreed actions, enforce the legal basis of every disclosure, record reports of
concern, and answer "who has been told what". Every change and every read is audited."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, replace

from ..domain.collaboration import (
    Basis,
    ConcernReport,
    Consent,
    Contact,
    ContactEntry,
    ContactKind,
    DisclosureLine,
    Involvement,
    Organisation,
    check_concern,
    check_consent,
    check_contact,
    check_entry,
    check_involvement,
    check_organisation,
    consent_notice,
    require,
    struck_text,
)
from ..domain.pupil import ValidationError
from ..store import audit
from ..store import collaboration as repo
from ..store import pupils as pupil_repo
from .base import CaseService
from .plans import TODO_DAYS, RecordNotFound
from .session import CaseSession


@dataclass(frozen=True)
class ActionItem:
    """An agreed action for Att göra."""

    action_id: str
    what: str
    responsible: str
    due_on: _dt.date
    entry_id: str
    pupil_id: str
    pupil_name: str
    class_name: str
    overdue: bool


class CollaborationService(CaseService):
    def __init__(self, session: CaseSession, today=_dt.date.today):
        super().__init__(session)
        self._today = today

    def _log(self, action: audit.Action, pupil_id: str | None, detail: str) -> None:
        self.session.log(action, pupil_id, detail)

    # Directory --------------------------------------------------------------------------------
    def organisations(self, include_archived: bool = True) -> list[Organisation]:
        return repo.organisations(self._db, include_archived)

    def organisation(self, organisation_id: str) -> Organisation | None:
        return next((o for o in self.organisations() if o.id == organisation_id), None)

    def save_organisation(self, org: Organisation) -> Organisation:
        org = replace(org, name=" ".join(org.name.split()), unit=org.unit.strip())
        require(check_organisation(org))
        with self.session.case.write() as db:
            saved_id = repo.save_organisation(db, org, self._user())
            self._log(audit.Action.CHANGED, None, f"organisation {saved_id}")
        return self.organisation(saved_id)

    def contacts(self) -> list[Contact]:
        return repo.contacts(self._db)

    def save_contact(self, person: Contact) -> Contact:
        person = replace(person, name=" ".join(person.name.split()))
        require(check_contact(person))
        with self.session.case.write() as db:
            saved_id = repo.save_contact(db, person, self._user())
            self._log(audit.Action.CHANGED, None, f"kontaktperson {saved_id}")
        return next(c for c in self.contacts() if c.id == saved_id)

    def move_contact(self, person: Contact, organisation_id: str) -> Contact:
        """A person who changes job: the old record is archived with its history, a new one
        starts at the new organisation."""
        with self.session.case.write():
            self.save_contact(replace(person, archived=True))
            return self.save_contact(replace(person, id="", organisation_id=organisation_id))

    # Around a pupil ---------------------------------------------------------------------------
    def _pupil(self, pupil_id: str):
        pupil = pupil_repo.get(self._db, pupil_id)
        if pupil is None:
            raise RecordNotFound("Eleven")
        return pupil

    def network(self, pupil_id: str) -> list[Involvement]:
        return repo.involvements(self._db, pupil_id)

    def save_involvement(self, item: Involvement) -> Involvement:
        require(check_involvement(item))
        with self.session.case.write() as db:
            saved_id = repo.save_involvement(db, item, self._user())
            self._log(audit.Action.CHANGED, item.pupil_id, f"nätverk {saved_id}")
        return next(i for i in self.network(item.pupil_id) if i.id == saved_id)

    def consents(self, pupil_id: str) -> list[Consent]:
        return repo.consents(self._db, pupil_id)

    def save_consent(self, item: Consent) -> Consent:
        require(check_consent(item))
        saved_id = self._save_logged(item, repo.save_consent, "samtycke")
        return next(c for c in self.consents(item.pupil_id) if c.id == saved_id)

    def withdraw_consent(self, item: Consent, on: _dt.date | None = None) -> Consent:
        return self.save_consent(replace(item, withdrawn_on=(on or self._today()).isoformat()))

    def consent_notice(self, item: Consent) -> str:
        """'Only one of two guardians consented', shown, never refused."""
        return consent_notice(item, len(self._pupil(item.pupil_id).guardians))

    def entries(self, pupil_id: str) -> list[ContactEntry]:
        return repo.entries(self._db, pupil_id)

    def entry(self, entry_id: str) -> ContactEntry:
        found = repo.entry(self._db, entry_id)
        if found is None:
            raise RecordNotFound("Kontakten")
        return found

    def save_entry(self, entry: ContactEntry) -> ContactEntry:
        """Log a contact. A disclosure without a legal basis is refused with the reason."""
        if entry.kind is ContactKind.DISCLOSURE:
            entry = replace(entry, is_disclosure=True)
        archived = {o.id for o in self.organisations() if o.archived}
        if entry.id:  # an organisation archived after the entry was made does not block edits
            before = self.entry(entry.id)
            archived.discard(before.organisation_id)
        problems = check_entry(entry, self.consents(entry.pupil_id), archived, self._today())
        require(problems)
        with self.session.case.write() as db:
            created = not entry.id
            saved_id = repo.save_entry(db, entry, self._user())
            detail = f"kontakt {saved_id}" + (" (utlämnande)" if entry.is_disclosure else "")
            self._log(
                audit.Action.CREATED if created else audit.Action.CHANGED, entry.pupil_id, detail
            )
        return self.entry(saved_id)

    def mark_action_done(self, entry: ContactEntry, action_id: str) -> ContactEntry:
        with self.session.case.write() as db:
            repo.mark_action_done(db, action_id, self._today().isoformat())
            self._log(audit.Action.CHANGED, entry.pupil_id, f"åtgärd {action_id} klar")
        return self.entry(entry.id)

    def strike_action(self, entry: ContactEntry, action_id: str, reason: str) -> ContactEntry:
        """Strike out an agreed action that will not be done. It is not deleted: it may already
        have been acted on and a printed protocol may name it. It is closed (done_on, so it
        leaves Att göra) with "[struken DATUM: skäl]" after its text, which needs no new column,
        and the audit log names the action id (the reason stays in the case file, not the log)."""
        reason = " ".join(reason.split())
        if not reason:
            raise ValidationError({"strike_reason": "Skriv varför åtgärden stryks."})
        action = next((a for a in self.entry(entry.id).actions if a.id == action_id), None)
        if action is None:
            raise RecordNotFound("Åtgärden")
        if action.done_on:
            raise ValidationError({"strike_reason": "Åtgärden är redan klar eller struken."})
        today = self._today().isoformat()
        with self.session.case.write() as db:
            repo.strike_action(db, action_id, struck_text(action.what, today, reason), today)
            self._log(audit.Action.CHANGED, entry.pupil_id, f"åtgärd {action_id} struken")
        return self.entry(entry.id)

    def concerns(self, pupil_id: str) -> list[ConcernReport]:
        return repo.concerns(self._db, pupil_id)

    def save_concern(self, item: ConcernReport) -> ConcernReport:
        require(check_concern(item, self._today()))
        saved_id = self._save_logged(item, repo.save_concern, "orosanmälan")
        return next(c for c in self.concerns(item.pupil_id) if c.id == saved_id)

    # Who has been told what (GDPR art. 15) ----------------------------------------------------
    def disclosures(self, pupil_id: str) -> list[DisclosureLine]:
        names = {o.id: o.display_name for o in self.organisations()}
        consents = {c.id: c for c in self.consents(pupil_id)}
        lines = [
            DisclosureLine(
                on=e.happened_on,
                recipient=names.get(e.organisation_id, e.with_whom) or e.with_whom,
                basis=_basis_words(e, consents),
                what=e.summary,
                source="contact",
                source_id=e.id,
            )
            for e in self.entries(pupil_id)
            if e.is_disclosure
        ]
        lines += [
            DisclosureLine(
                on=c.made_on,
                recipient=names.get(c.organisation_id, ""),
                basis=Basis.REPORT_OF_CONCERN.label,
                what=c.summary,
                source="concern",
                source_id=c.id,
            )
            for c in self.concerns(pupil_id)
        ]
        return sorted(lines, key=lambda line: line.on, reverse=True)

    # Att göra ---------------------------------------------------------------------------------
    def todo(self, today: _dt.date | None = None, days: int = TODO_DAYS) -> list[ActionItem]:
        today = today or self._today()
        last = (today + _dt.timedelta(days=days)).isoformat()
        return [
            ActionItem(
                action_id=r["action_id"],
                what=r["what"],
                responsible=r["responsible"],
                due_on=_dt.date.fromisoformat(r["due_on"]),
                entry_id=r["entry_id"],
                pupil_id=r["pupil_id"],
                pupil_name=f"{r['given_name']} {r['family_name']}",
                class_name=r["class_name"],
                overdue=r["due_on"] < today.isoformat(),
            )
            for r in repo.open_actions_until(self._db, last)
        ]


def _basis_words(entry: ContactEntry, consents: dict[str, Consent]) -> str:
    if entry.basis is Basis.CONSENT and entry.consent_id in consents:
        consent = consents[entry.consent_id]
        return f"Samtycke från {consent.given_by} ({consent.given_on})"
    if entry.basis is Basis.OTHER:
        return entry.basis_text
    return entry.basis.label if entry.basis else ""
