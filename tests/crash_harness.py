"""Kill the program while it saves, then check the case file: the parts that the crash test
(tests/store/test_crash_safety.py) and the long run (bench/crash_trials.py) share.

One trial: a child process (``python -m tests.crash_harness PATH SEED TRIAL``, the password in
ELEVHALSA_PASSWORD as for the command line) opens the case file through ``open_case`` and then
saves records through the real services in a loop: pupils created and changed (with their
guardians), plans saved as new revisions (with their interventions), return plans, ladder sessions
recorded and corrected, contact entries made and changed. Before each save it prints a ``begin``
line with what it is about to store, and after the service call has returned (after the commit)
an ``ack`` line with the record's id, a sequence number and the content. The parent kills the
child with SIGKILL after a random delay (mostly counted from the child's "ready", the file open;
some from its start, to fall into the key derivation and the checks on open), reads what the
kill left in the write-ahead log (``wal_tail``), and then opens the file itself and checks:

- the file opens with the password, and ``PRAGMA cipher_integrity_check``, ``integrity_check``
  and ``foreign_key_check`` find nothing (``integrity_report``), ``quick_check`` says ok, and
  the hash-chained audit log is whole (``audit.verify_chain``);
- every acknowledged save is there with its content: for each record, what the file holds is the
  last acknowledged content, or, for the one save that was in flight when the kill came, the
  content that save was writing (it may have committed before the kill, but nothing else);
- every acknowledged plan revision is in the plan's history with the text it was saved with.

Checked with plain SQL, independent of the repositories the services use. The expected state is
carried from trial to trial on the same file, so a later crash that lost an earlier save is
caught too. POSIX only: the kill is ``SIGKILL``; on Windows ``Popen.kill`` (TerminateProcess)
would do the same, but the harness is only run on Linux and macOS.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import json
import os
import random
import signal
import struct
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "krasch och brand i serverhallen"


GIVEN = ("Åsa", "Örjan", "Ebba", "Ali", "Zoë", "Nils", "Märta", "Jönsi", "Saga", "Élodie")
FAMILY = ("Öhman", "Lindqvist", "Ahmadi", "Berg", "Ström", "Nguyen", "Åkesson", "Fält")
CLASSES = ("6A", "6B", "7A", "7B", "8C", "9A")
TIMES = ("08:00", "08:40", "09:00", "10:15", "13:00", "14:30")
HISTORY_DAYS = 700  # return plans start this long ago, so sessions have days to fall on


# The child: saves through the services and says so ----------------------------------------


def _text(words: str, token: str, filler: str, length: int) -> str:
    """A record's text: words, the save's token, and ``length`` more letters (overflow pages for
    the long ones). Nothing for the services to trim, so what is intended is what is stored."""
    return f"{words} {token}" + (" " + filler * length if length else "")


def _say(event: str, **values) -> None:
    print(json.dumps({"ev": event, **values}, ensure_ascii=False), flush=True)


class _Saver:
    """Chooses and makes one save after another through the real services."""

    def __init__(self, session, rng: random.Random, trial: int):
        from elevhalsa_desktop.services.collaboration import CollaborationService
        from elevhalsa_desktop.services.ladder import LadderService
        from elevhalsa_desktop.services.plans import PlanService
        from elevhalsa_desktop.services.pupils import PupilService

        self.session = session
        self.rng = rng
        self.trial = trial
        self.pupils = PupilService(session)
        self.plans = PlanService(session)
        self.ladder = LadderService(session)
        self.collab = CollaborationService(session)
        self.today = _dt.date.today()
        db = session.db
        ids = lambda sql: [r[0] for r in db.execute(sql).fetchall()]  # noqa: E731
        self.pupil_ids = ids("SELECT id FROM pupil")
        self.plan_ids = ids("SELECT id FROM plan")
        self.return_plans = dict(db.execute("SELECT pupil_id, id FROM return_plan").fetchall())
        self.session_ids = ids("SELECT id FROM return_session")
        self.contact_ids = ids("SELECT id FROM contact_entry")
        self.taken = {
            tuple(r)
            for r in db.execute('SELECT step_id, "on", start_time FROM return_session').fetchall()
        }

    def token(self, seq: int) -> str:
        return f"[k{self.trial}-{seq}]"

    def one(self, seq: int) -> None:
        choices = [("new_pupil", 3)]
        if self.pupil_ids:
            choices += [("change_pupil", 3), ("new_plan", 2), ("new_contact", 2)]
            if len(self.return_plans) < len(self.pupil_ids):
                choices.append(("new_return_plan", 1))
        if self.plan_ids:
            choices.append(("change_plan", 3))
        if self.return_plans:
            choices.append(("new_session", 3))
        if self.session_ids:
            choices.append(("change_session", 2))
        if self.contact_ids:
            choices.append(("change_contact", 1))
        names, weights = zip(*choices, strict=True)
        getattr(self, "_" + self.rng.choices(names, weights)[0])(seq, self.token(seq))

    # Pupils -----------------------------------------------------------------------------------
    def _pupil_content(self, pupil) -> dict:
        return {
            "given_name": pupil.given_name,
            "family_name": pupil.family_name,
            "class_name": pupil.class_name,
            "mentor": pupil.mentor,
            "notes": pupil.notes,
            "guardians": [g.name for g in pupil.guardians],
        }

    def _guardians(self):
        from elevhalsa_desktop.domain.pupil import Guardian

        rng = self.rng
        return tuple(
            Guardian(f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}", "vårdnadshavare")
            for _ in range(rng.randint(0, 2))
        )

    def _new_pupil(self, seq: int, token: str) -> None:
        from elevhalsa_desktop.domain.pupil import Pupil

        rng = self.rng
        pupil = Pupil(
            rng.choice(GIVEN),
            rng.choice(FAMILY),
            class_name=rng.choice(CLASSES),
            notes=_text("Anteckning", token, "ö", rng.randint(0, 300)),
            guardians=self._guardians(),
        )
        _say(
            "begin", token=token, seq=seq, kind="pupil", id=None, content=self._pupil_content(pupil)
        )
        saved = self.pupils.create(pupil)
        self.pupil_ids.append(saved.id)
        _say("ack", seq=seq, kind="pupil", id=saved.id, content=self._pupil_content(saved))

    def _change_pupil(self, seq: int, token: str) -> None:
        pupil_id = self.rng.choice(self.pupil_ids)
        changes = {
            "class_name": self.rng.choice(CLASSES),
            "mentor": self.rng.choice(FAMILY),
            "notes": _text("Ändrad", token, "å", self.rng.choice((0, 50, 1500))),
            "guardians": self._guardians(),
        }
        names = {"guardians": [g.name for g in changes["guardians"]]}
        intended = {k: v for k, v in changes.items() if k != "guardians"} | names
        _say(
            "begin", token=token, seq=seq, kind="pupil", id=pupil_id, content=intended, partial=True
        )
        before = self.pupils.open(pupil_id)  # as the pupil's page does: an audited read
        saved = self.pupils.update(before.with_changes(**changes))
        _say("ack", seq=seq, kind="pupil", id=saved.id, content=self._pupil_content(saved))

    # Plans ------------------------------------------------------------------------------------
    @staticmethod
    def _plan_content(plan) -> dict:
        return {
            "title": plan.title,
            "needs": plan.needs,
            "revision": plan.revision,
            "interventions": [i.what for i in plan.interventions],
        }

    def _interventions(self, token: str):
        from elevhalsa_desktop.domain.plans import Intervention

        return tuple(
            Intervention(f"Insats {n} {token}", responsible=self.rng.choice(FAMILY))
            for n in range(self.rng.randint(0, 3))
        )

    def _new_plan(self, seq: int, token: str) -> None:
        from elevhalsa_desktop.domain.plans import PlanKind

        kind = self.rng.choice(list(PlanKind))
        draft = self.plans.new_plan(self.rng.choice(self.pupil_ids), kind).with_changes(
            title=f"Plan {token}",
            needs=_text("Behov", token, "ä", self.rng.randint(0, 600)),
            interventions=self._interventions(token),
        )
        intended = self._plan_content(replace(draft, revision=1))
        _say("begin", token=token, seq=seq, kind="plan", id=None, content=intended)
        saved = self.plans.save(draft)
        self.plan_ids.append(saved.id)
        _say("ack", seq=seq, kind="plan", id=saved.id, content=self._plan_content(saved))

    def _change_plan(self, seq: int, token: str) -> None:
        plan_id = self.rng.choice(self.plan_ids)
        changes = {
            "needs": _text("Ny version", token, "ä", self.rng.choice((0, 100, 1200))),
            "interventions": self._interventions(token),
        }
        intended = {
            "needs": changes["needs"],
            "interventions": [i.what for i in changes["interventions"]],
        }
        _say("begin", token=token, seq=seq, kind="plan", id=plan_id, content=intended, partial=True)
        before = self.plans.open(plan_id)  # audited, as the plan dialog opens it
        saved = self.plans.save(before.with_changes(**changes))
        _say("ack", seq=seq, kind="plan", id=saved.id, content=self._plan_content(saved))

    # The staged return ------------------------------------------------------------------------
    def _new_return_plan(self, seq: int, token: str) -> None:
        from elevhalsa_desktop.domain.ladder import ReturnPlan, Step, StepStatus

        pupil_id = self.rng.choice([p for p in self.pupil_ids if p not in self.return_plans])
        started = (self.today - _dt.timedelta(days=HISTORY_DAYS)).isoformat()
        steps = (
            Step("Enskilt", 120, place=f"Studierummet {token}", weekdays=(1, 3),
                 start_time="09:00", end_time="10:00", status=StepStatus.CURRENT),
            Step("Liten grupp", 240, place="Lilla gruppen", weekdays=(0, 2, 4)),
        )  # fmt: skip
        content = {"pupil_id": pupil_id, "started_on": started, "place": steps[0].place}
        _say("begin", token=token, seq=seq, kind="return_plan", id=None, content=content)
        saved = self.ladder.save(ReturnPlan(pupil_id, 1650, started, steps=steps))
        self.return_plans[pupil_id] = saved.id
        content = {
            "pupil_id": saved.pupil_id,
            "started_on": saved.started_on,
            "place": saved.steps[0].place,
        }
        _say("ack", seq=seq, kind="return_plan", id=saved.id, content=content)

    @staticmethod
    def _session_content(item) -> dict:
        return {
            "return_plan_id": item.return_plan_id,
            "step_id": item.step_id,
            "on": item.on,
            "start_time": item.start_time,
            "attended_minutes": item.attended_minutes,
            "how_it_went": item.how_it_went,
            "note": item.note,
        }

    def _new_session(self, seq: int, token: str) -> None:
        # Read as the ladder tab lists it, without an audited opening: every write of a save
        # falls between its begin and its ack (the check relies on that).
        pupil_id, plan_id = self.rng.choice(list(self.return_plans.items()))
        plan = next(p for p in self.ladder.plans(pupil_id) if p.id == plan_id)
        step = plan.current_step or plan.active_steps[0]
        for _ in range(50):
            on = self.today - _dt.timedelta(days=self.rng.randint(0, HISTORY_DAYS))
            start = self.rng.choice(TIMES)
            if (step.id, on.isoformat(), start) not in self.taken:
                break
        else:
            return  # this ladder is full: choose again next time
        draft = self.ladder.draft_session(plan, on, step.id)
        item = replace(
            draft,
            start_time=start,
            attended_minutes=self.rng.randint(0, 90),
            how_it_went=self.rng.randint(0, 5),
            note=f"Tillfälle {token}",
        )
        self.taken.add((step.id, item.on, start))
        _say(
            "begin",
            token=token,
            seq=seq,
            kind="session",
            id=None,
            content=self._session_content(item),
        )
        saved = self.ladder.record(item)
        self.session_ids.append(saved.id)
        _say("ack", seq=seq, kind="session", id=saved.id, content=self._session_content(saved))

    def _change_session(self, seq: int, token: str) -> None:
        session_id = self.rng.choice(self.session_ids)
        row = self.session.db.execute(
            "SELECT return_plan_id FROM return_session WHERE id = ?", [session_id]
        ).fetchone()
        item = next(s for s in self.ladder.sessions(row[0]) if s.id == session_id)
        changed = replace(
            item,
            attended_minutes=self.rng.randint(0, 90),
            how_it_went=self.rng.randint(0, 5),
            note=f"Rättat {token}",
        )
        content = self._session_content(changed)
        _say("begin", token=token, seq=seq, kind="session", id=session_id, content=content)
        saved = self.ladder.record(changed)
        _say("ack", seq=seq, kind="session", id=saved.id, content=self._session_content(saved))

    # Contacts ---------------------------------------------------------------------------------
    @staticmethod
    def _contact_content(entry) -> dict:
        return {
            "pupil_id": entry.pupil_id,
            "happened_on": entry.happened_on,
            "kind": entry.kind.value,
            "summary": entry.summary,
        }

    def _new_contact(self, seq: int, token: str) -> None:
        from elevhalsa_desktop.domain.collaboration import Channel, ContactEntry, ContactKind

        kind = self.rng.choice(
            [ContactKind.GUARDIAN_CONTACT, ContactKind.GOOD_NEWS_CALL, ContactKind.OTHER]
        )
        entry = ContactEntry(
            self.rng.choice(self.pupil_ids),
            (self.today - _dt.timedelta(days=self.rng.randint(0, 60))).isoformat(),
            kind,
            self.rng.choice(list(Channel)),
            _text("Samtal", token, "ö", self.rng.randint(0, 300)),
        )
        _say(
            "begin",
            token=token,
            seq=seq,
            kind="contact",
            id=None,
            content=self._contact_content(entry),
        )
        saved = self.collab.save_entry(entry)
        self.contact_ids.append(saved.id)
        _say("ack", seq=seq, kind="contact", id=saved.id, content=self._contact_content(saved))

    def _change_contact(self, seq: int, token: str) -> None:
        entry = self.collab.entry(self.rng.choice(self.contact_ids))
        changed = replace(entry, summary=_text("Rättad", token, "ö", self.rng.randint(0, 300)))
        content = self._contact_content(changed)
        _say("begin", token=token, seq=seq, kind="contact", id=entry.id, content=content)
        saved = self.collab.save_entry(changed)
        _say("ack", seq=seq, kind="contact", id=saved.id, content=self._contact_content(saved))


def child(path: Path, seed: int, trial: int) -> None:
    """Open the case file and save records until killed (or CRASH_HARNESS_LIMIT saves, for a
    dry run: ``CRASH_HARNESS_LIMIT=300 python -m tests.crash_harness PATH 1 0``)."""
    from elevhalsa_desktop.services.session import open_case

    _say("opening")
    session = open_case(path, os.environ["ELEVHALSA_PASSWORD"])
    rng = random.Random(seed)
    saver = _Saver(session, rng, trial)
    _say("ready")
    limit = int(os.environ.get("CRASH_HARNESS_LIMIT", "0"))
    seq = 0
    while not limit or seq < limit:
        saver.one(seq)
        seq += 1
        # Between saves a person reads: the list is refreshed now and then (a read transaction).
        if rng.random() < 0.1:
            saver.pupils.rows()
        if rng.random() < 0.25:  # a pause now and then, so some kills fall between saves
            time.sleep(rng.uniform(0, 0.002))
    session.close()


# The parent: kill, open, check -------------------------------------------------------------


@dataclass
class Expected:
    """What the file must hold: the last acknowledged content of every record, by kind and id,
    and the text of every acknowledged plan revision."""

    records: dict[tuple[str, str], dict] = field(default_factory=dict)
    revisions: dict[tuple[str, int], str] = field(default_factory=dict)

    def acknowledge(self, kind: str, record_id: str, content: dict) -> None:
        self.records[(kind, record_id)] = content
        if kind == "plan":
            self.revisions[(record_id, content["revision"])] = content["needs"]

    def __len__(self) -> int:
        return len(self.records) + len(self.revisions)


@dataclass
class Trial:
    number: int
    #: Where the kill came: "starting" (Python starting, the file untouched), "opening" (key
    #: derivation, the checks, the "opened" audit entry), "saving" (between a save's ``begin``
    #: and its ``ack``), "between" (after an ``ack``, before the next ``begin``)
    phase: str
    delay: float
    after_ready: bool = False  # the delay counted from the file being open, not the start
    acknowledged: int = 0
    in_flight: str = ""  # "", "committed" or "rolled back"
    torn_frames: int = 0  # frames of an unfinished transaction the kill left in the log
    ready_after: float | None = None  # seconds from the start to the file being open
    checked: int = 0
    problems: list[str] = field(default_factory=list)


def _stored(conn) -> dict[tuple[str, str], dict]:
    """Every record of the kinds the child saves, as the content dicts it prints."""
    stored: dict[tuple[str, str], dict] = {}
    guardians: dict[str, list[str]] = {}
    for pupil_id, name in conn.execute(
        "SELECT pupil_id, name FROM guardian ORDER BY pupil_id, position"
    ):
        guardians.setdefault(pupil_id, []).append(name)
    for r in conn.execute(
        "SELECT id, given_name, family_name, class_name, mentor, notes FROM pupil"
    ):
        stored[("pupil", r[0])] = {
            "given_name": r[1],
            "family_name": r[2],
            "class_name": r[3],
            "mentor": r[4],
            "notes": r[5],
            "guardians": guardians.get(r[0], []),
        }
    interventions: dict[str, list[str]] = {}
    for plan_id, what in conn.execute(
        "SELECT plan_id, what FROM intervention WHERE position >= 0 ORDER BY plan_id, position"
    ):
        interventions.setdefault(plan_id, []).append(what)
    for r in conn.execute("SELECT id, title, needs, revision FROM plan"):
        stored[("plan", r[0])] = {
            "title": r[1],
            "needs": r[2],
            "revision": r[3],
            "interventions": interventions.get(r[0], []),
        }
    for r in conn.execute(
        "SELECT p.id, p.pupil_id, p.started_on, s.place FROM return_plan p"
        " JOIN return_step s ON s.return_plan_id = p.id AND s.position = 0"
    ):
        stored[("return_plan", r[0])] = {"pupil_id": r[1], "started_on": r[2], "place": r[3]}
    for r in conn.execute(
        'SELECT id, return_plan_id, step_id, "on", start_time, attended_minutes, how_it_went,'
        " note FROM return_session"
    ):
        stored[("session", r[0])] = dict(
            zip(
                ("return_plan_id", "step_id", "on", "start_time", "attended_minutes",
                 "how_it_went", "note"),
                r[1:],
                strict=True,
            )
        )  # fmt: skip
    for r in conn.execute("SELECT id, pupil_id, happened_on, kind, summary FROM contact_entry"):
        stored[("contact", r[0])] = {
            "pupil_id": r[1],
            "happened_on": r[2],
            "kind": r[3],
            "summary": r[4],
        }
    return stored


def _matches(stored: dict | None, content: dict, partial: bool = False) -> bool:
    if stored is None:
        return False
    if partial:  # a change says only the fields it sets
        return all(stored.get(k) == v for k, v in content.items())
    return stored == content


def check(path: Path, password: str, expected: Expected, trial: Trial, flight: dict | None):
    """Open the file and check it against ``expected``; the save in ``flight`` (its ``begin``
    line, when the kill came inside a save) may or may not have landed. Updates ``expected``
    with a save that landed without its acknowledgment: from now on the file must keep it."""
    from elevhalsa_desktop.store import audit
    from elevhalsa_desktop.store.casefile import integrity_report, open_case_file
    from elevhalsa_desktop.store.errors import CaseFileError

    try:
        # Reads only, so without the instance lock (it would keep the next child out).
        case = open_case_file(path, password, migrate=False, lock=False)
    except CaseFileError as error:
        trial.problems.append(f"the file does not open: {type(error).__name__}: {error}")
        return
    try:
        conn = case.conn
        quick = conn.execute("PRAGMA quick_check").fetchone()[0]
        if quick != "ok":
            trial.problems.append(f"quick_check: {quick}")
        trial.problems += [f"integrity: {p}" for p in integrity_report(case)]
        chain = audit.verify_chain(case.db)  # the hash-chained log survived the kill whole
        if not chain.ok:
            trial.problems.append(f"audit chain: {chain.problem}")
        stored = _stored(conn)
        revisions = {
            (plan_id, number): json.loads(snapshot).get("needs")
            for plan_id, number, snapshot in conn.execute(
                "SELECT plan_id, revision, snapshot FROM plan_revision"
            )
        }
    finally:
        conn.close()  # a check only reads: no checkpoint
    landed = None
    if flight is not None:
        key = (flight["kind"], flight["id"])
        if flight["id"] is None:  # a new record: found by its content, which carries a token
            found = [
                k for k, v in stored.items() if k[0] == flight["kind"] and v == flight["content"]
            ]
            if len(found) > 1:
                trial.problems.append(f"the record in flight was saved twice: {found}")
            landed = found[0] if found else None
            if landed is None:  # then no trace of it either: not half of it, nor changed
                traces = [k for k, v in stored.items() if flight["token"] in json.dumps(v)]
                if traces:
                    trial.problems.append(f"the record in flight is there, changed: {traces}")
        elif flight["token"] in json.dumps(stored.get(key)) and not _matches(
            stored.get(key), flight["content"], flight.get("partial", False)
        ):
            trial.problems.append(f"the change in flight is there, but not as sent: {key}")
        elif _matches(stored.get(key), flight["content"], flight.get("partial", False)):
            landed = key
        trial.in_flight = "committed" if landed else "rolled back"
        if landed and trial.torn_frames:
            trial.problems.append("the log held part of a later transaction, yet the save landed")
        if landed:
            expected.acknowledge(landed[0], landed[1], stored[landed])
    elif trial.torn_frames and trial.phase == "between":
        trial.problems.append(f"{trial.torn_frames} uncommitted frames while nothing was saved")
    for key, content in expected.records.items():
        trial.checked += 1
        if stored.get(key) != content:
            trial.problems.append(
                f"{key[0]} {key[1]}: stored {stored.get(key)!r}, acknowledged {content!r}"
            )
    for (plan_id, number), needs in expected.revisions.items():
        trial.checked += 1
        if revisions.get((plan_id, number)) != needs:
            trial.problems.append(f"plan {plan_id} revision {number} missing or changed")


def _drain(stream, into: list, ready: threading.Event | None = None) -> None:
    for line in stream:
        into.append((time.perf_counter(), line))
        if ready is not None and '"ev": "ready"' in line:
            ready.set()
    if ready is not None:
        ready.set()  # the child ended: nothing more to wait for


@dataclass(frozen=True)
class WalTail:
    """What a killed process left in the write-ahead log: ``frames`` valid frames (right salt,
    unbroken checksum chain), ``committed`` of them up to the last commit frame. The frames after
    it (``torn``) are a transaction that was being written into the log when the kill came: SQLite
    ignores them when it opens the file, which is why the save they belonged to is lost whole."""

    frames: int = 0
    committed: int = 0

    @property
    def torn(self) -> int:
        return self.frames - self.committed


def wal_tail(path: Path) -> WalTail:
    """Read the WAL's frame headers (they are not encrypted; the pages are) the way SQLite's
    recovery does: https://www.sqlite.org/fileformat2.html#walformat."""
    wal = Path(str(path) + "-wal")
    if not wal.exists() or wal.stat().st_size < 32:
        return WalTail()
    data = wal.read_bytes()
    magic, _version, page_size, _seq, salt1, salt2 = struct.unpack(">6I", data[:24])
    if magic not in (0x377F0682, 0x377F0683):
        return WalTail()
    order = ">" if magic & 1 else "<"

    def checksum(chunk: bytes, s0: int, s1: int) -> tuple[int, int]:
        words = struct.unpack(f"{order}{len(chunk) // 4}I", chunk)
        for i in range(0, len(words), 2):
            s0 = (s0 + words[i] + s1) & 0xFFFFFFFF
            s1 = (s1 + words[i + 1] + s0) & 0xFFFFFFFF
        return s0, s1

    s0, s1 = checksum(data[:24], 0, 0)
    if (s0, s1) != struct.unpack(">2I", data[24:32]):
        return WalTail()
    frames = committed = 0
    offset = 32
    while offset + 24 + page_size <= len(data):
        _page, size_after, f1, f2, c1, c2 = struct.unpack(">6I", data[offset : offset + 24])
        if (f1, f2) != (salt1, salt2):
            break
        s0, s1 = checksum(data[offset : offset + 8], s0, s1)
        s0, s1 = checksum(data[offset + 24 : offset + 24 + page_size], s0, s1)
        if (s0, s1) != (c1, c2):
            break
        frames += 1
        if size_after:
            committed = frames
        offset += 24 + page_size
    return WalTail(frames, committed)


def run_trial(
    path: Path,
    expected: Expected,
    number: int,
    delay: float,
    seed: int,
    password: str = PASSWORD,
    after_ready: bool = True,
) -> Trial:
    """Start a child, kill it ``delay`` seconds after it said the file was open (or, without
    ``after_ready``, after its start), and check the file."""
    env = {**os.environ, "ELEVHALSA_PASSWORD": password, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.crash_harness", str(path), str(seed), str(number)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    lines: list[str] = []
    errors: list[str] = []
    ready = threading.Event()
    readers = [
        threading.Thread(target=_drain, args=(proc.stdout, lines, ready), daemon=True),
        threading.Thread(target=_drain, args=(proc.stderr, errors), daemon=True),
    ]
    started = time.perf_counter()
    for reader in readers:
        reader.start()
    if after_ready:
        ready.wait(timeout=120)
    time.sleep(delay)
    ended_by_itself = proc.poll() is not None
    with contextlib.suppress(ProcessLookupError):
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    for reader in readers:
        reader.join()
    trial = Trial(number, "starting", delay, after_ready, torn_frames=wal_tail(path).torn)
    if ended_by_itself:
        problem = "".join(line for _, line in errors)[-2000:]
        trial.problems.append("the child ended before the kill: " + problem)
    flight = None
    for at, line in lines:
        try:
            event = json.loads(line)
        except json.JSONDecodeError:  # the last line, cut by the kill: not acknowledged
            continue
        if event["ev"] == "opening":
            trial.phase = "opening"
        elif event["ev"] == "ready":
            trial.phase = "between"
            trial.ready_after = at - started
        elif event["ev"] == "begin":
            trial.phase, flight = "saving", event
        elif event["ev"] == "ack":
            trial.phase, flight = "between", None
            trial.acknowledged += 1
            expected.acknowledge(event["kind"], event["id"], event["content"])
    check(path, password, expected, trial, flight)
    return trial


def new_case_file(path: Path, password: str = PASSWORD) -> None:
    from elevhalsa_desktop.domain.people import Role
    from elevhalsa_desktop.services.session import create_case

    create_case(
        path, password, password, school_name="Kraschskolan", user_name="Test", role=Role.OTHER
    ).close()


@dataclass
class Summary:
    trials: list[Trial]
    seconds: float
    file_bytes: int

    def count(self, phase: str) -> int:
        return sum(t.phase == phase for t in self.trials)

    @property
    def failures(self) -> list[Trial]:
        return [t for t in self.trials if t.problems]

    @property
    def acknowledged(self) -> int:
        return sum(t.acknowledged for t in self.trials)

    @property
    def checked(self) -> int:
        return sum(t.checked for t in self.trials)

    def in_flight(self, outcome: str) -> int:
        return sum(t.in_flight == outcome for t in self.trials)


def run(
    folder: Path,
    trials: int,
    seed: int = 1,
    delays: tuple[float, float] = (0.0, 1.5),
    progress=None,
    opening_share: float = 0.2,
) -> Summary:
    """``trials`` trials on one case file in ``folder``. Most are killed after a delay drawn
    uniformly from ``delays``, counted from the moment the child has the file open (so a busy
    machine's slower start does not move the kills out of the saves); ``opening_share`` of them
    a random moment between the start and the time an open took so far (Python starting, key
    derivation, the checks on open)."""
    rng = random.Random(seed)
    path = folder / "krasch.elevhalsa"
    new_case_file(path)
    expected = Expected()
    done: list[Trial] = []
    opened_after = [0.6]
    started = time.perf_counter()
    for number in range(trials):
        if rng.random() < opening_share:
            late = sorted(opened_after)[len(opened_after) // 2]
            delay, after_ready = rng.uniform(0.05, 1.1 * late), False
        else:
            delay, after_ready = rng.uniform(*delays), True
        trial = run_trial(
            path, expected, number, delay, rng.randrange(2**32), after_ready=after_ready
        )
        if trial.ready_after is not None:
            opened_after.append(trial.ready_after)
        done.append(trial)
        if progress:
            progress(trial, expected)
    return Summary(done, time.perf_counter() - started, path.stat().st_size)


if __name__ == "__main__":
    child(Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]))
