"""The register extract (registerutdrag, GDPR art. 15): everything the case file holds about one
pupil, as JSON and as a readable PDF, and who has read or changed the record.

The JSON keeps every column of every row as the case file stores it (keys are the column names,
dates ISO 8601), with a Swedish ``*_label`` next to a coded value and the name next to a user id,
so nothing is lost in the telling and a reader need not know the codes. The PDF is drawn from the
same dictionary (``documents.register_extract_documents``).

Completeness does not rest on a list alone: ``TABLES`` says which part of the extract holds each
table, a test fails when the schema has a pupil table that it does not name, and a table that is
still not named is put under ``other_records`` whole rather than left out.
"""

from __future__ import annotations

import datetime as _dt
import functools
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .. import __version__
from ..documents import register_extract_documents as documents
from ..documents.filenames import default_file_name
from ..documents.output import write_pdf
from ..documents.template import DocumentContext, build_document
from ..domain.absence_investigation import Outcome
from ..domain.collaboration import Basis, Channel, ConsentForm, ConsentFrom, ContactKind
from ..domain.ews import term_start
from ..domain.handover import FIRST_WEEK_CHOICES, HandoverStatus
from ..domain.ladder import DecisionKind, StepStatus
from ..domain.people import Role
from ..domain.plans import (
    Conclusion,
    Decision,
    Effect,
    InterventionStatus,
    Level,
    PlanKind,
    PlanStatus,
)
from ..domain.pupil import YEAR_LABELS, PupilStatus
from ..store import audit, pupil_records, users
from ..store.clock import now_iso
from ..store.rows import many, one
from .collaboration import CollaborationService
from .plans import RecordNotFound
from .session import CaseSession

FORMAT = "elevhalsa-registerutdrag"
FORMAT_VERSION = 1
TITLE = "Registerutdrag"
AUDIT_DETAIL = "registerutdrag"
_TERM_KEYS = {"autumn_term_start": "08-15", "spring_term_start": "01-07"}

#: Which part of the extract holds each table of pupil records (see the module's docstring).
TABLES: dict[str, str] = {
    "pupil": "pupil",
    "guardian": "pupil",
    "adjustment": "adjustments",
    "investigation": "investigations",
    "plan": "plans",
    "intervention": "plans",
    "plan_revision": "plans",
    "follow_up": "plans",
    "follow_up_effect": "plans",
    "return_plan": "staged_returns",
    "return_step": "staged_returns",
    "return_session": "staged_returns",
    "return_decision": "staged_returns",
    "involvement": "network",
    "consent": "consents",
    "contact_entry": "contact_entries",
    "agreed_action": "contact_entries",
    "concern_report": "concern_reports",
    "attendance": "attendance",
    "attendance_day": "attendance",
    "attendance_period": "attendance",
    "reported_absence": "attendance",
    "absence_investigation": "absence_investigations",
    "handover_note": "handover_notes",
    "handover_exchange_item": "handover_exchanges",
    "audit_log": "access_log",
}

#: Columns stored as 0/1 that mean yes or no.
_FLAGS = {
    "protected_identity",
    "in_use",
    "closed",
    "archived",
    "is_disclosure",
    "pupil_took_part",
    "guardians_took_part",
    "team_took_part",
    "late",
    "estimated",
    "first_lesson_missed",
}

# Coded columns of each table and the labels a reader needs.
_LABELS: dict[str, dict[str, Callable[[str], str]]] = {
    "pupil": {"status": lambda v: PupilStatus(v).label, "year": lambda v: YEAR_LABELS.get(v, v)},
    "investigation": {"conclusion": lambda v: Conclusion(v).label},
    "plan": {"kind": lambda v: PlanKind(v).label, "status": lambda v: PlanStatus(v).label},
    "intervention": {
        "level": lambda v: Level(v).label,
        "status": lambda v: InterventionStatus(v).label,
    },
    "follow_up": {"decision": lambda v: Decision(v).label},
    "follow_up_effect": {"effect": lambda v: Effect(v).label},
    "return_step": {"status": lambda v: StepStatus(v).label},
    "return_decision": {"kind": lambda v: DecisionKind(v).label},
    "consent": {
        "from_whom": lambda v: ConsentFrom(v).label,
        "form": lambda v: ConsentForm(v).label,
    },
    "contact_entry": {
        "kind": lambda v: ContactKind(v).label,
        "channel": lambda v: Channel(v).label,
        "basis": lambda v: Basis(v).label,
    },
    "absence_investigation": {"outcome": lambda v: Outcome(v).label},
    "handover_note": {
        "status": lambda v: HandoverStatus(v).label,
        "first_week_choices": lambda v: ", ".join(
            dict(FIRST_WEEK_CHOICES).get(c, c) for c in v.split(",") if c
        ),
    },
}

ABOUT = (
    "Det här är ett registerutdrag enligt artikel 15 i dataskyddsförordningen (GDPR). Den som "
    "uppgifterna gäller har rätt att få veta vilka personuppgifter skolan behandlar och att få "
    "en kopia av dem; för ett barn kan vårdnadshavarna begära utdraget.\n\n"
    "Utdraget innehåller allt som elevhälsans akt i Elevhälsa Desktop innehåller om eleven den "
    "dag det skrevs: uppgifterna i elevregistret, extra anpassningar, utredningar, planer med "
    "alla sparade versioner, insatser och uppföljningar, stegvis återgång, samverkan och "
    "samtycken, vilka uppgifter som har lämnats till andra och på vilken grund, närvaro, "
    "frånvaroutredningar, överlämningar mellan skolor och, sist, vilka som har läst, ändrat, "
    "skrivit ut eller lämnat ut uppgifterna (aktens logg).\n\n"
    "Uppgifterna behandlas för att skolan ska kunna ge eleven det stöd skollagen kräver "
    "(3 kap. skollagen), utreda frånvaro (7 kap. 19 a § skollagen) och lämna över det den "
    "mottagande skolan behöver (3 kap. 12 j § skollagen). Elevhälsans medicinska insats "
    "(skolsköterskans och skolläkarens journaler) förs inte i den här akten, och inte heller "
    "uppgifter i skolans andra system; de lämnas ut för sig.\n\n"
    "Den som anser att en uppgift är fel kan begära att den rättas. Frågor ställs till skolans "
    "rektor eller huvudmannens dataskyddsombud; den som är missnöjd kan klaga hos "
    "Integritetsskyddsmyndigheten (IMY). Vissa uppgifter kan omfattas av sekretess även i "
    "förhållande till eleven eller vårdnadshavarna (offentlighets- och sekretesslagen): skolan "
    "prövar det innan utdraget lämnas ut.\n\n"
    "Utdraget finns också som en JSON-fil med samma innehåll i ett maskinläsbart format, där "
    "närvaron står per dag och lektion."
)


@dataclass(frozen=True)
class _Lookups:
    names: dict[str, str]
    roles: dict[str, Role]
    organisations: dict[str, dict]
    contacts: dict[str, dict]


class RegisterExtractService:
    def __init__(self, session: CaseSession, now: Callable[[], str] = now_iso):
        self.session = session
        self._now = now

    @property
    def _db(self):
        return self.session.db

    @functools.cached_property
    def _lookups(self) -> _Lookups:
        db = self._db
        people = users.users(db)
        return _Lookups(
            names={u.id: u.name for u in people},
            roles={u.id: u.role for u in people},
            organisations={r["id"]: r for r in many(db, "SELECT * FROM organisation", [])},
            contacts={r["id"]: r for r in many(db, "SELECT * FROM contact", [])},
        )

    # The extract ------------------------------------------------------------------------------
    def extract(self, pupil_id: str) -> dict:
        """Everything the case file holds about the pupil, JSON-ready. Not audited by itself:
        ``write`` logs the export (a read for showing would be logged by its caller)."""
        extract = {
            **self.header(),
            "pupil": self.register(pupil_id),
            "adjustments": self._rows(
                "adjustment",
                "SELECT * FROM adjustment WHERE pupil_id = ? ORDER BY since, created_at",
                [pupil_id],
            ),
            "investigations": self._rows(
                "investigation",
                "SELECT * FROM investigation WHERE pupil_id = ?"
                " ORDER BY investigated_on, created_at",
                [pupil_id],
            ),
            "plans": self.plans(pupil_id),
            "staged_returns": self.staged_returns(pupil_id),
            "network": self._rows(
                "involvement",
                "SELECT * FROM involvement WHERE pupil_id = ? ORDER BY since, created_at",
                [pupil_id],
            ),
            "consents": self._rows(
                "consent",
                "SELECT * FROM consent WHERE pupil_id = ? ORDER BY given_on, created_at",
                [pupil_id],
            ),
            "contact_entries": self.contact_entries(pupil_id),
            "concern_reports": self._rows(
                "concern_report",
                "SELECT * FROM concern_report WHERE pupil_id = ? ORDER BY made_on, created_at",
                [pupil_id],
            ),
            "disclosures": self._disclosures(pupil_id),
            "attendance": self.attendance(pupil_id),
            "absence_investigations": self._rows(
                "absence_investigation",
                "SELECT * FROM absence_investigation WHERE pupil_id = ?"
                " ORDER BY started_on, created_at",
                [pupil_id],
            ),
            "handover_notes": self._rows(
                "handover_note",
                "SELECT * FROM handover_note WHERE pupil_id = ? ORDER BY created_at",
                [pupil_id],
            ),
            "handover_exchanges": self._rows(
                "handover_exchange_item",
                "SELECT i.*, e.sender_school, e.file_created_at FROM handover_exchange_item i"
                " LEFT JOIN handover_exchange e"
                " ON e.id = i.exchange_id AND e.direction = i.direction"
                " WHERE i.pupil_id = ? ORDER BY i.created_at",
                [pupil_id],
            ),
            "imports": self._imports(pupil_id),
            "access_log": self.access_log(pupil_id),
            "other_records": self._other_records(pupil_id),
        }
        return extract

    def header(self, title: str = TITLE, about: str = ABOUT) -> dict:
        """What every extract (and archive copy) says about itself."""
        return {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "title": title,
            "about": about,
            "made_at": self._now(),
            "made_by": self.session.user.name,
            "school": users.get_setting(self._db, "school_name"),
            "program_version": __version__,
        }

    def register(self, pupil_id: str) -> dict:
        """The pupil's row of the register, with the guardians."""
        pupil = one(self._db, "SELECT * FROM pupil WHERE id = ?", [pupil_id])
        if pupil is None:
            raise RecordNotFound("Eleven")
        register = self._clean("pupil", pupil)
        register["guardians"] = self._rows(
            "guardian", "SELECT * FROM guardian WHERE pupil_id = ? ORDER BY position", [pupil_id]
        )
        return register

    def plans(self, pupil_id: str, plan_ids: list[str] | None = None) -> list[dict]:
        """The pupil's plans (or the ones named), each with its interventions, follow-ups with
        their judged effects, and every saved revision whole."""
        sql, params = "SELECT * FROM plan WHERE pupil_id = ?", [pupil_id]
        if plan_ids is not None:
            sql += f" AND id IN ({', '.join('?' * len(plan_ids))})"
            params += plan_ids
        plans = self._rows("plan", sql + " ORDER BY created_at", params)
        for plan in plans:
            plan["interventions"] = self._rows(
                "intervention",
                "SELECT * FROM intervention WHERE plan_id = ? ORDER BY position < 0, position",
                [plan["id"]],
            )
            what = {i["id"]: i["what"] for i in plan["interventions"]}
            follow_ups = self._rows(
                "follow_up",
                "SELECT * FROM follow_up WHERE plan_id = ? ORDER BY due_on, created_at",
                [plan["id"]],
            )
            for follow_up in follow_ups:
                follow_up["effects"] = self._rows(
                    "follow_up_effect",
                    "SELECT * FROM follow_up_effect WHERE follow_up_id = ?",
                    [follow_up["id"]],
                )
                for effect in follow_up["effects"]:
                    effect["intervention_what"] = what.get(effect["intervention_id"], "")
            plan["follow_ups"] = follow_ups
            revisions = self._rows(
                "plan_revision",
                "SELECT * FROM plan_revision WHERE plan_id = ? ORDER BY revision",
                [plan["id"]],
            )
            for revision in revisions:
                revision["changed"] = [c for c in revision["changed"].split(",") if c]
                revision["snapshot"] = json.loads(revision["snapshot"])
            plan["revisions"] = revisions
        return plans

    def staged_returns(self, pupil_id: str) -> list[dict]:
        returns = self._rows(
            "return_plan",
            "SELECT * FROM return_plan WHERE pupil_id = ? ORDER BY started_on, created_at",
            [pupil_id],
        )
        for item in returns:
            item["steps"] = self._rows(
                "return_step",
                "SELECT * FROM return_step WHERE return_plan_id = ? ORDER BY archived, position",
                [item["id"]],
            )
            item["sessions"] = self._rows(
                "return_session",
                'SELECT * FROM return_session WHERE return_plan_id = ? ORDER BY "on", start_time',
                [item["id"]],
            )
            item["decisions"] = self._rows(
                "return_decision",
                'SELECT * FROM return_decision WHERE return_plan_id = ? ORDER BY "on", created_at',
                [item["id"]],
            )
        return returns

    def contact_entries(self, pupil_id: str, entry_ids: list[str] | None = None) -> list[dict]:
        sql, params = "SELECT * FROM contact_entry WHERE pupil_id = ?", [pupil_id]
        if entry_ids is not None:
            sql += f" AND id IN ({', '.join('?' * len(entry_ids))})"
            params += entry_ids
        entries = self._rows("contact_entry", sql + " ORDER BY happened_on, time", params)
        for entry in entries:
            entry["actions"] = self._rows(
                "agreed_action",
                "SELECT * FROM agreed_action WHERE entry_id = ? ORDER BY position",
                [entry["id"]],
            )
        return entries

    def attendance(self, pupil_id: str, before: str | None = None) -> dict:
        """The pupil's attendance: a summary per term, and every stored day, lesson, period
        total and reported absence (``before``: only those before that day)."""
        limit = " AND day < ?" if before else ""
        extra = [before] if before else []
        days = self._rows(
            "attendance_day",
            f"SELECT * FROM attendance_day WHERE pupil_id = ?{limit} ORDER BY day",
            [pupil_id, *extra],
        )
        lessons = self._rows(
            "attendance",
            f"SELECT * FROM attendance WHERE pupil_id = ?{limit} ORDER BY day, lesson",
            [pupil_id, *extra],
        )
        periods = self._rows(
            "attendance_period",
            "SELECT * FROM attendance_period WHERE pupil_id = ?"
            + (" AND end_day < ?" if before else "")
            + " ORDER BY start_day",
            [pupil_id, *extra],
        )
        reported = self._rows(
            "reported_absence",
            "SELECT * FROM reported_absence WHERE pupil_id = ?"
            + (" AND substr(ends_at, 1, 10) < ?" if before else "")
            + " ORDER BY starts_at",
            [pupil_id, *extra],
        )
        return {
            "terms": self._terms(days),
            "days": days,
            "lessons": lessons,
            "periods": periods,
            "reported_absences": reported,
        }

    def access_log(self, pupil_id: str) -> list[dict]:
        """Every entry of the audit log about the pupil, oldest first: who read, changed,
        printed or exported what, and when."""
        rows = many(
            self._db,
            "SELECT id, at, user_id, user_name, action, detail FROM audit_log"
            " WHERE pupil_id = ? ORDER BY id",
            [pupil_id],
        )
        for row in rows:
            row["action_label"] = _action_label(row["action"])
            role = self._lookups.roles.get(row["user_id"])
            row["user_role"] = role.label if isinstance(role, Role) else ""
        return rows

    # Writing -----------------------------------------------------------------------------------
    def file_stem(self, extract: dict, on: _dt.date | None = None, kind: str = TITLE) -> str:
        """ "Registerutdrag 7B ÅÖ 2026-11-23 1a2b3c4d": kind, class, initials, date and the
        beginning of the pupil's id (two pupils with the same initials do not collide). Never a
        name or a civic number."""
        pupil = extract["pupil"]
        on = on or _dt.date.today()
        name = default_file_name(
            kind, pupil["class_name"], pupil["given_name"], pupil["family_name"], on
        )
        return f"{name.removesuffix('.pdf')} {pupil['id'][:8]}"

    def write(self, pupil_id: str, folder: Path) -> tuple[Path, Path]:
        """Write the extract to ``folder`` as JSON and PDF (each whole or not at all, and the
        pair together), then log the export. Returns (json_path, pdf_path)."""
        extract = self.extract(pupil_id)
        folder = Path(folder)
        stem = self.file_stem(extract)
        paths = write_pair(folder, stem, extract, self.context(extract))
        with self.session.case.write():
            self.session.log(audit.Action.EXPORTED, pupil_id, AUDIT_DETAIL)
        return paths

    def context(self, extract: dict, title: str = TITLE) -> DocumentContext:
        pupil = extract["pupil"]
        name = f"{pupil['given_name']} {pupil['family_name']}".strip()
        return DocumentContext(
            school_name=extract["school"],
            printed_by=self.session.user.name,
            printed_at=_dt.datetime.now(),
            title=title,
            subtitle=f"{name}, klass {pupil['class_name']}" if pupil["class_name"] else name,
            marking=self.session.settings().document_marking,
        )

    # Rows --------------------------------------------------------------------------------------
    def _rows(self, table: str, sql: str, params: list) -> list[dict]:
        return [self._clean(table, row) for row in many(self._db, sql, params)]

    def _clean(self, table: str, row: dict) -> dict:
        clean: dict = {}
        lookups = self._lookups
        labels = _LABELS.get(table, {})
        for name, value in row.items():
            if name in _FLAGS and isinstance(value, int):
                value = bool(value)
            clean[name] = value
            if name in labels and value not in (None, ""):
                try:
                    clean[f"{name}_label"] = labels[name](value)
                except ValueError:  # a code this version does not know: the code stands
                    clean[f"{name}_label"] = str(value)
            if name in ("created_by", "updated_by") and value:
                clean[f"{name}_name"] = lookups.names.get(value, "")
            if name in ("organisation_id", "lead_organisation_id") and value:
                org = lookups.organisations.get(value)
                clean[name.removesuffix("_id") + "_name"] = _org_name(org)
            if name == "contact_id" and value:
                person = lookups.contacts.get(value)
                clean["contact_name"] = person["name"] if person else ""
        return clean

    def _disclosures(self, pupil_id: str) -> list[dict]:
        lines = CollaborationService(self.session).disclosures(pupil_id)
        return [
            {
                "on": line.on,
                "recipient": line.recipient,
                "basis": line.basis,
                "what": line.what,
                "source": line.source,
                "source_id": line.source_id,
            }
            for line in sorted(lines, key=lambda line: line.on)
        ]

    def _imports(self, pupil_id: str) -> list[dict]:
        """The imports that brought the pupil's attendance: when, from what kind of file."""
        return self._rows(
            "attendance_import",
            "SELECT * FROM attendance_import WHERE id IN ("
            " SELECT import_id FROM attendance WHERE pupil_id = ?"
            " UNION SELECT import_id FROM attendance_period WHERE pupil_id = ?"
            " UNION SELECT import_id FROM reported_absence WHERE pupil_id = ?)"
            " ORDER BY created_at",
            [pupil_id, pupil_id, pupil_id],
        )

    def _other_records(self, pupil_id: str) -> dict[str, list[dict]]:
        """Rows of a table with a pupil_id that this version does not yet know how to tell:
        included whole, never left out."""
        found = {}
        for table in pupil_records.tables_with_pupil_id(self._db):
            if table in TABLES:
                continue
            rows = self._rows(table, f'SELECT * FROM "{table}" WHERE pupil_id = ?', [pupil_id])
            if rows:
                found[table] = rows
        return found

    def _terms(self, days: list[dict]) -> list[dict]:
        autumn, spring = (
            users.get_setting(self._db, key, default) for key, default in _TERM_KEYS.items()
        )
        terms: dict[str, dict] = {}
        for row in days:
            day = _dt.date.fromisoformat(row["day"])
            try:
                start = term_start(day, autumn, spring)
            except ValueError:
                start = term_start(day)
            label = ("HT " if f"{start:%m-%d}" == autumn else "VT ") + str(start.year)
            term = terms.setdefault(
                label,
                {
                    "term": label,
                    "first_day": row["day"],
                    "last_day": row["day"],
                    "school_days": 0,
                    "offered_minutes": 0,
                    "attended_minutes": 0,
                    "excused_minutes": 0,
                    "unexcused_minutes": 0,
                },
            )
            term["last_day"] = row["day"]
            term["school_days"] += 1 if row["offered"] else 0
            for name in ("offered", "attended", "excused", "unexcused"):
                term[f"{name}_minutes"] += row[name]
        for term in terms.values():
            offered = term["offered_minutes"]
            absent = term["excused_minutes"] + term["unexcused_minutes"]
            term["absence_percent"] = round(100 * absent / offered, 1) if offered else None
            term["unexcused_percent"] = (
                round(100 * term["unexcused_minutes"] / offered, 1) if offered else None
            )
        return list(terms.values())


def _org_name(org: dict | None) -> str:
    if org is None:
        return ""
    return f"{org['name']}, {org['unit']}" if org["unit"] else org["name"]


def _action_label(action: str) -> str:
    try:
        return audit.Action(action).label
    except ValueError:
        return action


# Writing the pair ------------------------------------------------------------------------------


def json_bytes(data: dict) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def write_pair(
    folder: Path, stem: str, data: dict, context: DocumentContext, story=None
) -> tuple[Path, Path]:
    """``stem.json`` and ``stem.pdf`` in ``folder``, each written whole or not at all (a
    temporary file moved into place); if the second fails, the first is taken away again, so
    the pair is there whole or not at all. Returns (json_path, pdf_path)."""
    json_path, pdf_path = folder / f"{stem}.json", folder / f"{stem}.pdf"
    flowables = story if story is not None else documents.register_extract_story(data)
    existed = pdf_path.exists()
    # write_pdf writes any bytes whole; the JSON goes the same way, after the PDF has succeeded.
    write_pdf(pdf_path, lambda out: build_document(out, context, flowables))
    try:
        payload = json_bytes(data)
        write_pdf(json_path, lambda out: out.write(payload))
    except BaseException:
        if not existed:
            pdf_path.unlink(missing_ok=True)
        raise
    return json_path, pdf_path
