"""The log check (loggkontroll): the audit log chosen by pupil, user, action and period, whether
the log is whole, and a printed extract for the regular checks that those responsible for the
records must make.

Speed: a filter gives the matching entries' ids in order (one query along the primary key, or
the index on pupil and time; about 30 ms for 100,000 entries), and the rows themselves are read
only for what is shown, a page at a time (``lines``). Ordering by user, action, pupil or detail
sorts the ids in Python by the Swedish alphabet, which SQLite's collations do not know.

What is logged: opening the log check (one entry, no pupil), choosing a pupil in it (a "viewed"
entry on that pupil, once per choice: the pupil's access history is read) and printing an
extract (a "printed" entry with the filter in words, never a pupil's name; on the pupil when the
extract is about one). Changing the other filters is not logged: it shows nothing new about a
pupil that the opening did not.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from dateutil.relativedelta import relativedelta

from ..documents.audit_documents import (
    AUDIT_EXTRACT_TITLE,
    MAX_EXTRACT_ENTRIES,
    AuditExtract,
    audit_extract_story,
    count_text,
)
from ..documents.filenames import default_file_name
from ..documents.output import write_pdf
from ..documents.template import DocumentContext, build_document
from ..domain.audit_text import detail_text, short_ids, time_text
from ..domain.ews import term_start
from ..domain.pupil import ValidationError
from ..domain.text import search_fold, swedish_sort_key
from ..store import audit, users
from ..store import pupils as pupil_repo
from ..store.audit import Action, AuditEntry
from .session import CaseSession

#: The pupil of an entry whose pupil the register no longer has (removed by retention).
REMOVED_PUPIL = "(borttagen elev)"
#: What the log detail of a log check starts with.
LOG_CHECK = "loggkontroll"
_TERM_KEYS = {"autumn_term_start": "08-15", "spring_term_start": "01-07"}


class SortColumn(StrEnum):
    TIME = "time"
    USER = "user"
    ACTION = "action"
    PUPIL = "pupil"
    DETAIL = "detail"


@dataclass(frozen=True)
class AuditFilter:
    """Which entries to show. Every part may be left out; both dates are included."""

    pupil_id: str | None = None
    #: A user's id, or a name as the log has it.
    user: str | None = None
    action: Action | None = None
    from_date: _dt.date | None = None
    to_date: _dt.date | None = None
    #: Words in the entry's detail (an id, say).
    text: str = ""


@dataclass(frozen=True)
class LogLine:
    """An audit entry with the pupil it names, as the register has them now."""

    entry: AuditEntry
    pupil_name: str = ""
    pupil_class: str = ""
    #: The entry names a pupil whom the register no longer has.
    pupil_removed: bool = False

    @property
    def pupil_text(self) -> str:
        if self.pupil_removed:
            return REMOVED_PUPIL
        if self.pupil_class:
            return f"{self.pupil_name}, {self.pupil_class}"
        return self.pupil_name

    @property
    def time_text(self) -> str:
        return time_text(self.entry.at)

    @property
    def detail_text(self) -> str:
        return short_ids(detail_text(self.entry.detail))


@dataclass(frozen=True)
class UserChoice:
    key: str  # the user's id; the name for entries written without one
    name: str


@dataclass(frozen=True)
class PupilChoice:
    id: str
    name: str
    class_name: str = ""
    removed: bool = False

    @property
    def text(self) -> str:
        if self.removed:
            return f"{REMOVED_PUPIL} {self.id[:8]}"
        return f"{self.name} ({self.class_name})" if self.class_name else self.name


@dataclass(frozen=True)
class ChainStatus:
    #: True: whole; False: broken; None: this version cannot tell.
    ok: bool | None
    entries: int
    text: str
    head_hash: str = ""
    #: The last entry's number and its checksum as ``elevhalsa check`` shows it, to write down.
    last_id: int = 0
    fingerprint: str = ""


@dataclass(frozen=True)
class Period:
    label: str
    from_date: _dt.date | None
    to_date: _dt.date | None


class AuditReviewService:
    def __init__(self, session: CaseSession, today: Callable[[], _dt.date] = _dt.date.today):
        self.session = session
        self._today = today

    @property
    def _db(self):
        return self.session.db

    # The entries ------------------------------------------------------------------------------
    def ids(
        self,
        chosen: AuditFilter,
        order: SortColumn = SortColumn.TIME,
        descending: bool = True,
    ) -> list[int]:
        """The ids of the matching entries, in the order asked for. Ties (the same user, say)
        keep the newest first."""
        where = _where(chosen)
        if order is SortColumn.TIME:
            return [row[0] for row in audit.matching(self._db, newest_first=descending, **where)]
        fields, key = _ORDERS[order]
        rows = audit.matching(self._db, fields=fields, **where)
        rows.sort(key=key, reverse=descending)
        return [row[0] for row in rows]

    def lines(self, ids: Sequence[int]) -> list[LogLine]:
        """The entries with these ids, in the same order."""
        return [_line(row) for row in audit.rows_by_id(self._db, list(ids))]

    def entries(
        self,
        chosen: AuditFilter,
        limit: int | None = None,
        offset: int = 0,
        order: SortColumn = SortColumn.TIME,
        descending: bool = True,
    ) -> list[LogLine]:
        """The matching entries (newest first unless asked), ``limit`` of them from ``offset``
        or all."""
        ids = self.ids(chosen, order, descending)
        end = None if limit is None else offset + limit
        return self.lines(ids[offset:end])

    def count(self, chosen: AuditFilter) -> int:
        return len(self.ids(chosen))

    # The choices of the filter ----------------------------------------------------------------
    def users(self) -> list[UserChoice]:
        """Everyone who has written in the log, by the name they have now."""
        current = {user.id: user.name for user in users.users(self._db)}
        choices = [
            UserChoice(user_id or name, current.get(user_id, name) if user_id else name)
            for user_id, name, _last in audit.logged_users(self._db)
        ]
        return sorted(choices, key=lambda c: swedish_sort_key(c.name))

    def actions(self) -> list[Action]:
        return sorted(Action, key=lambda a: swedish_sort_key(a.label))

    def pupils(self) -> list[PupilChoice]:
        """The register's pupils (every status), then the ids of removed pupils the log names."""
        register = [
            PupilChoice(row.id, f"{row.given_name} {row.family_name}", row.class_name)
            for row in pupil_repo.list_rows(self._db)
        ]
        removed = [
            PupilChoice(pupil_id, REMOVED_PUPIL, removed=True)
            for pupil_id in audit.logged_pupils_not_in_register(self._db)
        ]
        return register + removed

    def resolve_user(self, text: str) -> str:
        """A user typed on the command line: an id, or a name (any case) the log knows."""
        wanted = search_fold(" ".join(text.split()))
        choices = self.users()
        for choice in choices:
            if choice.key == text.strip():
                return choice.key
        names = {(user_id, name) for user_id, name, _ in audit.logged_users(self._db)}
        keys = sorted(
            {c.key for c in choices if search_fold(c.name) == wanted}
            | {user_id or name for user_id, name in names if search_fold(name) == wanted}
        )
        if len(keys) == 1:
            return keys[0]
        if not keys:
            raise ValidationError({"user": f"Ingen med namnet {text.strip()} finns i loggen."})
        raise ValidationError(
            {"user": f"Flera användare heter {text.strip()}. Ange användarens id i stället."}
        )

    # Periods ------------------------------------------------------------------------------------
    def quick_periods(self) -> list[Period]:
        """The periods a check usually covers, each ending today or at a term's end."""
        today = self._today()
        month_ago = today - relativedelta(months=1)
        first_this_month = today.replace(day=1)
        last_month_end = first_this_month - _dt.timedelta(days=1)
        autumn, spring = (
            users.get_setting(self._db, key, default) for key, default in _TERM_KEYS.items()
        )
        this_term = term_start(today, autumn, spring)
        last_term = term_start(this_term - _dt.timedelta(days=1), autumn, spring)
        return [
            Period("Hela loggen", None, None),
            Period("Senaste månaden", month_ago, today),
            Period(
                f"Förra månaden ({_MONTHS[last_month_end.month - 1]})",
                last_month_end.replace(day=1),
                last_month_end,
            ),
            Period(f"Den här terminen ({term_name(this_term)})", this_term, today),
            Period(
                f"Förra terminen ({term_name(last_term)})",
                last_term,
                this_term - _dt.timedelta(days=1),
            ),
        ]

    # Whether the log is whole -------------------------------------------------------------------
    def chain_status(self) -> ChainStatus:
        verify = getattr(audit, "verify_chain", None)
        if verify is None:
            count = self._db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
            return ChainStatus(
                None, count, "Den här versionen kan inte kontrollera att loggen är hel."
            )
        report = verify(self._db)
        head = report.head_hash
        fingerprint = getattr(audit, "fingerprint", _fingerprint)(head) if head else ""
        last_id = getattr(report, "last_id", 0)
        if report.ok:
            text = f"Loggen är hel ({count_text(report.entries)})."
            return ChainStatus(True, report.entries, text, head, last_id, fingerprint)
        return ChainStatus(False, report.entries, report.problem, head, last_id, fingerprint)

    def chain_status_apart(self) -> ChainStatus:
        """``chain_status`` on a connection of its own, for a worker thread (connections are
        never shared between threads): the walk takes about a second per 100,000 entries."""
        other = self.session.another()
        try:
            return AuditReviewService(other, self._today).chain_status()
        finally:
            other.close()

    # The filter in words ------------------------------------------------------------------------
    def describe(self, chosen: AuditFilter) -> list[tuple[str, str]]:
        """The filter as the extract prints it."""
        rows = [
            ("Elev", self._pupil_words(chosen.pupil_id)),
            ("Användare", self._user_name(chosen.user) if chosen.user else "Alla användare"),
            ("Händelse", chosen.action.label if chosen.action else "Alla händelser"),
            ("Period", period_text(chosen.from_date, chosen.to_date)),
        ]
        if chosen.text.strip():
            rows.append(("Detaljen innehåller", chosen.text.strip()))
        return rows

    def _pupil_words(self, pupil_id: str | None) -> str:
        if not pupil_id:
            return "Alla elever"
        pupil = pupil_repo.get(self._db, pupil_id)
        if pupil is None:
            return f"{REMOVED_PUPIL}, id {pupil_id[:8]}"
        name = f"{pupil.given_name} {pupil.family_name}"
        return f"{name}, {pupil.class_name}" if pupil.class_name else name

    def _user_name(self, key: str) -> str:
        """The user's name now (the key is an id, or a name as the log has it)."""
        return {user.id: user.name for user in users.users(self._db)}.get(key, key)

    def _log_words(self, chosen: AuditFilter, count: int) -> str:
        """The filter for the log entry: no pupil's name, no typed text (it might hold one)."""
        parts = [LOG_CHECK + ":"]
        parts.append("en elev" if chosen.pupil_id else "alla elever")
        if chosen.user:
            parts.append(f"användare {self._user_name(chosen.user)}")
        if chosen.action:
            parts.append(f"händelse {chosen.action.label.lower()}")
        parts.append(period_text(chosen.from_date, chosen.to_date).lower())
        if chosen.text.strip():
            parts.append("med sökord")
        parts.append(count_text(count))
        return ", ".join(parts).replace(":,", ":")

    # Logging the check itself -------------------------------------------------------------------
    def log_opened(self) -> None:
        with self.session.case.write():
            self.session.log(Action.VIEWED, detail=LOG_CHECK)

    def log_pupil_viewed(self, pupil_id: str) -> None:
        """A pupil was chosen: the pupil's access history is read."""
        with self.session.case.write():
            self.session.log(Action.VIEWED, pupil_id, LOG_CHECK)

    # The printed extract ------------------------------------------------------------------------
    def suggested_file_name(self, on: _dt.date | None = None) -> str:
        """ "Loggkontroll 2026-11-23.pdf": never a pupil's name, whatever the filter."""
        return default_file_name("Loggkontroll", "", "", "", on or self._today())

    def extract(
        self,
        chosen: AuditFilter,
        order: SortColumn = SortColumn.TIME,
        descending: bool = False,
        now: _dt.datetime | None = None,
    ) -> AuditExtract:
        ids = self.ids(chosen, order, descending)
        chain = self.chain_status()
        lines = self.lines(ids[:MAX_EXTRACT_ENTRIES])
        return AuditExtract(
            checked_by=self.session.user.name,
            checked_at=now or _dt.datetime.now(),
            chain_ok=chain.ok,
            chain_text=chain.text,
            last_id=chain.last_id,
            fingerprint=chain.fingerprint,
            selection=self.describe(chosen),
            total=len(ids),
            rows=[
                (
                    line.time_text,
                    line.entry.user_name,
                    line.entry.action.label,
                    line.pupil_text,
                    line.detail_text,
                )
                for line in lines
            ],
        )

    def write_extract(
        self,
        chosen: AuditFilter,
        target: Path,
        order: SortColumn = SortColumn.TIME,
        descending: bool = False,
        prepared: AuditExtract | None = None,
    ) -> Path:
        """Write the extract to ``target`` (whole or not at all) and log the print. The
        entries come oldest first unless another order is asked for (the view's).
        ``prepared``: an extract made with ``extract`` just before, to show its figures too."""
        target = Path(target)
        if target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        extract = prepared or self.extract(chosen, order, descending)
        now = extract.checked_at
        context = DocumentContext(
            school_name=self.session.school_name,
            printed_by=self.session.user.name,
            printed_at=now,
            title=AUDIT_EXTRACT_TITLE,
            subtitle=period_text(chosen.from_date, chosen.to_date),
            marking=self.session.settings().document_marking,
        )
        story = audit_extract_story(extract)
        write_pdf(target, lambda out: build_document(out, context, story))
        with self.session.case.write():
            self.session.log(
                Action.PRINTED, chosen.pupil_id, self._log_words(chosen, extract.total)
            )
        return target


_MONTHS = (
    "januari", "februari", "mars", "april", "maj", "juni",
    "juli", "augusti", "september", "oktober", "november", "december",
)  # fmt: skip


def _fingerprint(digest: str) -> str:
    return " ".join(digest[i : i + 4] for i in range(0, 16, 4))


def term_name(start: _dt.date) -> str:
    """ "ht 2025", "vt 2026": how a school names a term."""
    return f"{'ht' if start.month >= 7 else 'vt'} {start.year}"


def period_text(from_date: _dt.date | None, to_date: _dt.date | None) -> str:
    if from_date and to_date:
        return f"{from_date.isoformat()} – {to_date.isoformat()}"
    if from_date:
        return f"Från och med {from_date.isoformat()}"
    if to_date:
        return f"Till och med {to_date.isoformat()}"
    return "Hela loggen"


def _where(chosen: AuditFilter) -> dict:
    return {
        "pupil_id": chosen.pupil_id or None,
        "user": chosen.user or None,
        "action": chosen.action.value if chosen.action else None,
        "since": chosen.from_date.isoformat() if chosen.from_date else None,
        "before": (chosen.to_date + _dt.timedelta(days=1)).isoformat() if chosen.to_date else None,
        "text": chosen.text,
    }


def _action_key(value: str) -> str:
    try:
        return swedish_sort_key(Action(value).label)
    except ValueError:
        return swedish_sort_key(value)


def _pupil_key(row: tuple) -> tuple:
    _id, family, given, pupil_id = row
    if pupil_id is None:
        return (2, "", "", "")
    if family is None:
        return (1, "", "", pupil_id)
    return (0, swedish_sort_key(family), swedish_sort_key(given), pupil_id)


_ORDERS: dict[SortColumn, tuple[tuple[str, ...], Callable[[tuple], object]]] = {
    SortColumn.USER: (("user_name",), lambda row: swedish_sort_key(row[1])),
    SortColumn.ACTION: (("action",), lambda row: _action_key(row[1])),
    SortColumn.PUPIL: (("family_name", "given_name", "pupil_id"), _pupil_key),
    SortColumn.DETAIL: (("detail",), lambda row: swedish_sort_key(row[1])),
}


def _line(row: tuple) -> LogLine:
    entry = AuditEntry(row[0], row[1], row[2], row[3], row[4], Action(row[5]), row[6])
    given, family, class_name = row[7], row[8], row[9]
    if entry.pupil_id is None:
        return LogLine(entry)
    if family is None:
        return LogLine(entry, pupil_removed=True)
    return LogLine(entry, f"{given} {family}", class_name or "")
