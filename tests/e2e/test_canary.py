"""The canary: a pupil with a name and a civic number that exist nowhere else goes through every
workflow of the program, and then the name and the number are looked for, in plain bytes, in
every file the program could have left behind. They may be found only inside the PDFs (and the
register extract) this test asked for, and in the test's own input file: not in the case file
(encrypted), its log and shared-memory files, the backups, the exchange file, the settings, the
logs, crash reports, the home folder or the temporary folder.

Most of the work goes through the services, as the window does; the attendance import, a print
and the check through the command line in this process; the opening, finding the pupil and
closing through the real window.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gzip
import io
import json
import os
import re
import secrets
import tempfile
import time
import unicodedata
import zipfile
from dataclasses import replace
from pathlib import Path

import platformdirs
import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from elevhalsa_desktop import config
from elevhalsa_desktop.__main__ import main
from elevhalsa_desktop.domain.civic_no import luhn_check_digit
from elevhalsa_desktop.domain.collaboration import (
    AgreedAction,
    Basis,
    Channel,
    ConcernReport,
    Consent,
    ConsentFrom,
    ContactEntry,
    ContactKind,
    Involvement,
    Organisation,
    OrgKind,
)
from elevhalsa_desktop.domain.handover import HandoverStatus
from elevhalsa_desktop.domain.ladder import DecisionKind, ReturnPlan, Step, StepStatus
from elevhalsa_desktop.domain.people import Role
from elevhalsa_desktop.domain.plans import (
    Adjustment,
    Decision,
    Effect,
    EffectNote,
    Intervention,
    Investigation,
    PlanKind,
)
from elevhalsa_desktop.domain.pupil import Guardian, Pupil
from elevhalsa_desktop.services.absence_investigations import AbsenceInvestigationService
from elevhalsa_desktop.services.audit_review import AuditFilter, AuditReviewService
from elevhalsa_desktop.services.backups import BackupService
from elevhalsa_desktop.services.collaboration import CollaborationService
from elevhalsa_desktop.services.early_warning import EarlyWarningService
from elevhalsa_desktop.services.handover import HandoverService
from elevhalsa_desktop.services.handover_exchange import HandoverExchangeService
from elevhalsa_desktop.services.handover_printing import HandoverPrintService
from elevhalsa_desktop.services.ladder import LadderService
from elevhalsa_desktop.services.plans import PlanService
from elevhalsa_desktop.services.printing import DocumentKind, PrintService
from elevhalsa_desktop.services.pupils import PupilService
from elevhalsa_desktop.services.register_extract import RegisterExtractService
from elevhalsa_desktop.services.session import create_case, open_case
from elevhalsa_desktop.ui.local_settings import local_settings, recent_files
from elevhalsa_desktop.ui.start_flow import StartFlow
from tests.conftest import PASSWORD
from tests.ui.driving import end_flow, type_text

TODAY = dt.date.today()
PHRASE = "kanariefågeln sjunger i gruvan"
RECEIVER_PASSWORD = "en annan skola med ett annat lösenord"
LESSONS = (("08:15", "09:15"), ("09:30", "10:25"), ("10:40", "11:40"))


def _day(offset: int) -> str:
    return (TODAY + dt.timedelta(days=offset)).isoformat()


def _civic_no(rng_hex: str) -> str:
    """A valid civic number for a child born in 2014 (date and serial from the random hex)."""
    day = dt.date(2014, 1, 1) + dt.timedelta(days=int(rng_hex[:4], 16) % 360)
    serial = f"{int(rng_hex[4:8], 16) % 1000:03d}"
    nine = day.strftime("%y%m%d") + serial
    return f"{day.strftime('%Y%m%d')}-{serial}{luhn_check_digit(nine)}"


class Canary:
    """The unique pupil and every form in which its name or number could be written."""

    def __init__(self) -> None:
        tag = secrets.token_hex(4)
        self.given = f"Kanarie{tag}"
        self.family = f"Fågelsång{secrets.token_hex(3)}"
        self.civic = _civic_no(secrets.token_hex(4))

    def needles(self) -> dict[bytes, str]:
        """byte pattern → what it is."""
        civic = self.civic
        numbers = {civic, civic.replace("-", ""), civic[2:], civic[2:].replace("-", "")}
        found: dict[bytes, str] = {}
        for text in (self.given, self.family):
            forms = {text, text.upper(), text.lower(), text.casefold()}
            for form in list(forms):
                forms.add(unicodedata.normalize("NFD", form))
            for form in forms:
                for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
                    found[form.encode(encoding)] = f"{text!r} ({encoding})"
                with contextlib.suppress(UnicodeEncodeError):
                    found[form.encode("cp1252")] = f"{text!r} (cp1252)"
                found[json.dumps(form).strip('"').encode()] = f"{text!r} (JSON-escaped)"
        for number in numbers:
            for encoding in ("utf-8", "utf-16-le"):
                found[number.encode(encoding)] = f"civic number {number} ({encoding})"
        return found


# Looking for it -----------------------------------------------------------------------------


def _contents(path: Path) -> list[tuple[str, bytes]]:
    """The file's bytes, and those of what it packs (zip members, gzip), to look in."""
    try:
        data = path.read_bytes()
    except OSError:  # gone in the meantime, or not ours to read
        return []
    parts = [("", data)]
    if data[:4] == b"PK\x03\x04":
        with (
            contextlib.suppress(zipfile.BadZipFile, OSError),
            zipfile.ZipFile(io.BytesIO(data)) as z,
        ):
            parts += [(f"!{name}", z.read(name)) for name in z.namelist()]
    if data[:2] == b"\x1f\x8b":
        with contextlib.suppress(OSError, EOFError):
            parts.append(("!gunzip", gzip.decompress(data)))
    return parts


def _files(folder: Path, since: float | None = None) -> list[Path]:
    """Every regular file under ``folder``; with ``since``, only those changed since then."""
    found = []
    for root, dirs, names in os.walk(folder, onerror=lambda error: None):
        dirs[:] = [d for d in dirs if not Path(root, d).is_symlink()]
        for name in names:
            path = Path(root, name)
            try:
                info = path.lstat()
            except OSError:
                continue
            if not path.is_file() or path.is_symlink():
                continue
            if since is not None and max(info.st_mtime, info.st_ctime) < since:
                continue
            found.append(path)
    return found


def _pdf_text(data: bytes) -> str:
    """A PDF's text (its streams are compressed: the bytes alone would not show the name)."""
    try:
        return "".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
    except Exception:  # not ours to judge: a damaged or encrypted PDF of another program
        return ""


def _folded(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


def _leaks(canary: Canary, files: list[Path], allowed: set[Path], ours: list[Path]) -> list[str]:
    """Where the canary is found. A PDF in one of ``ours`` (the folders only this test uses)
    that the test did not ask for is a finding by itself; elsewhere (the shared temporary
    folder, where other programs print too) its text is searched."""
    needles = canary.needles()
    # One pass over each file for all the forms (some files are tens of megabytes).
    pattern = re.compile(b"|".join(re.escape(n) for n in sorted(needles, key=len, reverse=True)))
    names = [_folded(n) for n in (canary.given, canary.family, canary.civic)]
    found = []
    for path in sorted(set(files)):
        if path.resolve() in allowed:
            continue
        if any(name in _folded(str(path)) for name in names):
            found.append(f"{path}: the file's name")
        mine = any(path.resolve().is_relative_to(folder.resolve()) for folder in ours)
        for where, data in _contents(path):
            if data[:4] == b"%PDF":
                if mine:
                    found.append(f"{path}{where}: a PDF the test did not ask for")
                elif any(name in _folded(_pdf_text(data)) for name in names):
                    found.append(f"{path}{where}: the name in a PDF's text")
            match = pattern.search(data)
            if match:
                found.append(f"{path}{where}: {needles[match.group()]}")
    return found


# Setting up and running every workflow ------------------------------------------------------


def _attendance_csv(path: Path, canary: Canary) -> Path:
    """Four weeks of lessons as a school system exports them; away the last five school days."""
    header = (
        "Personnummer;Elev;Klass;Datum;Starttid;Sluttid;Erbjuden tid (min);Närvaro (min);"
        "Giltig frånvaro (min);Ogiltig frånvaro (min)"
    )
    days = [TODAY - dt.timedelta(days=n) for n in range(28, -1, -1)]
    days = [d for d in days if d.weekday() < 5]
    lines = ["Närvaro per lektion 6A", "", header]
    for day in days:
        for start, end in LESSONS:
            away = day in days[-5:]
            lines.append(
                f"{canary.civic};{canary.family}, {canary.given};6A;{day.isoformat()};{start};"
                f"{end};60;{0 if away else 60},0;0;{60 if away else 0},0"
            )
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8-sig")
    return path


def _support(session, pupil: Pupil, out: Path, asked: set[Path]) -> dict[str, str]:
    """Adjustments, an investigation, a plan with interventions and follow-ups, prints."""
    name = pupil.given_name
    plans = PlanService(session)
    plans.save_adjustment(
        Adjustment(pupil.id, f"Lugn plats för {name}", subjects="Alla", since=_day(-40))
    )
    investigation = plans.save_investigation(
        Investigation(
            pupil.id,
            pupil_view=f"{name} säger att morgnarna är svåra.",
            school_view=f"{pupil.full_name} ({pupil.civic_no}) kommer sent.",
            responsible="Maria Lindqvist",
            investigated_on=_day(-20),
        )
    )
    draft = plans.new_plan(pupil.id, PlanKind.ATGARDSPROGRAM).with_changes(
        title=f"Närvaroplan för {name}",
        needs=f"{pupil.full_name} behöver en lugn start på dagen.",
        goals_short=f"{name} kommer till första lektionen tre dagar i veckan.",
        decided_by="Rektor Berg",
        decided_on=_day(-1),
        follow_up_on=_day(7),
        interventions=(
            Intervention(f"Möte med mentor varje morgon ({name})", responsible="Lars Berg"),
            Intervention("Enskild undervisning i matematik", start=_day(0), end=_day(60)),
        ),
    )
    plan = plans.activate(draft)
    plan = plans.save(plan.with_changes(goals_long=f"{name} går i skolan hela dagar."))
    plans.schedule(plan, [TODAY + dt.timedelta(weeks=4)], "Maria Lindqvist")
    first = plans.follow_ups(plan.id)[0]
    plans.record(
        replace(
            first,
            held_on=_day(0),
            participants=f"{pupil.full_name}, mentor",
            effects=tuple(
                EffectNote(i.id, Effect.BETTER, f"{name} tycker det hjälper")
                for i in plan.interventions
            ),
            decision=Decision.CONTINUE,
            notes=f"Uppföljning med {name}",
        )
    )
    printing = PrintService(session)
    records = {
        DocumentKind.PLAN: plan.id,
        DocumentKind.INVESTIGATION: investigation.id,
        DocumentKind.ADJUSTMENTS: pupil.id,
    }
    for kind, record_id in records.items():
        assert printing.preview(kind, record_id)[:4] == b"%PDF"  # in memory only
        asked.add(printing.write(kind, record_id, out / f"{kind.value}.pdf").resolve())
    return {"plan": plan.id}


def _staged_return(session, pupil: Pupil, out: Path, asked: set[Path]) -> None:
    ladder = LadderService(session)
    steps = (
        Step(
            f"Enskilt med {pupil.given_name}",
            120,
            place="Studierummet",
            weekdays=(0, 1, 2, 3, 4),
            start_time="09:00",
            end_time="10:00",
            responsible="Lars Berg",
            criterion_sessions=3,
            status=StepStatus.CURRENT,
        ),
        Step("Liten grupp", 240, place="Lilla gruppen", weekdays=(0, 2, 4)),
    )
    plan = ladder.save(
        ReturnPlan(pupil.id, 1650, _day(-21), steps=steps).with_changes(
            shortened_day_decided_by="Rektor Berg", shortened_day_decided_on=_day(-21)
        )
    )
    for offset in (-14, -10, -7, -3):
        day = TODAY + dt.timedelta(days=offset)
        draft = ladder.draft_session(plan, day)
        ladder.record(
            replace(
                draft,
                how_it_went=4,
                note=f"{pupil.given_name} kom i tid",
                pupil_words=f"Jag, {pupil.full_name}, tyckte det gick bra.",
            )
        )
    plan = ladder.decide(
        plan, DecisionKind.STEP_UP, "Maria Lindqvist", f"{pupil.given_name} är redo"
    )
    ladder.overview(plan.id)
    printing = PrintService(session)
    for kind in (DocumentKind.LADDER, DocumentKind.PROGRESS, DocumentKind.LOGSHEET):
        assert printing.preview(kind, plan.id)[:4] == b"%PDF"
        asked.add(printing.write(kind, plan.id, out / f"{kind.value}.pdf").resolve())


def _collaboration(session, pupil: Pupil, out: Path, asked: set[Path]) -> None:
    collab = CollaborationService(session)
    social = collab.save_organisation(
        Organisation(OrgKind.SOCIAL_SERVICES, "Socialtjänsten", "Barn och unga")
    )
    collab.save_involvement(Involvement(pupil.id, social.id, "Handläggare", since=_day(-60)))
    consent = collab.save_consent(
        Consent(
            pupil.id,
            ConsentFrom.BOTH_GUARDIANS,
            f"Vårdnadshavare till {pupil.full_name}",
            f"Närvaro och stöd för {pupil.given_name}",
            _day(-30),
            social.id,
            valid_until=_day(300),
        )
    )
    meeting = collab.save_entry(
        ContactEntry(
            pupil.id,
            _day(-5),
            ContactKind.COLLABORATION_MEETING,
            Channel.MEETING,
            f"Samverkansmöte om {pupil.full_name}",
            organisation_id=social.id,
            participants=f"{pupil.full_name}, mentor, socialsekreterare",
            is_disclosure=True,
            basis=Basis.CONSENT,
            consent_id=consent.id,
            actions=(AgreedAction(f"Ring hem till {pupil.given_name}", "Lars Berg", _day(5)),),
        )
    )
    collab.save_entry(
        ContactEntry(
            pupil.id,
            _day(-2),
            ContactKind.GOOD_NEWS_CALL,
            Channel.PHONE,
            f"{pupil.given_name} har kommit varje dag",
        )
    )
    collab.save_concern(
        ConcernReport(
            pupil.id, _day(-4), social.id, "Maria Lindqvist", f"Oro för {pupil.full_name}"
        )
    )
    collab.todo()
    printing = PrintService(session)
    records = {
        DocumentKind.PROTOCOL: meeting.id,
        DocumentKind.NETWORK: pupil.id,
        DocumentKind.DISCLOSURES: pupil.id,
    }
    for kind, record_id in records.items():
        assert printing.preview(kind, record_id)[:4] == b"%PDF"
        asked.add(printing.write(kind, record_id, out / f"{kind.value}.pdf").resolve())


def _absence(session, pupil: Pupil, out: Path, asked: set[Path]) -> None:
    warnings = EarlyWarningService(session).warnings(EarlyWarningService(session).window("4w"))
    assert any(w.pupil_id == pupil.id for w in warnings)
    service = AbsenceInvestigationService(session)
    item = service.save(
        service.draft(pupil.id, f"Frånvaro för {pupil.full_name}").with_changes(
            findings=f"{pupil.given_name} har ont i magen på morgnarna.",
            pupil_took_part=True,
        )
    )
    printing = PrintService(session)
    kind = DocumentKind.ABSENCE_INVESTIGATION
    assert printing.preview(kind, item.id)[:4] == b"%PDF"
    asked.add(printing.write(kind, item.id, out / "franvaroutredning.pdf").resolve())


def _handover(session, receiver, pupil: Pupil, out: Path, asked: set[Path]) -> Path:
    """A note, its packet and the cohort printed, the exchange file to another school's case
    file and read in there."""
    handover = HandoverService(session)
    suggested = handover.suggestions(pupil.id)
    note = handover.save(
        handover.draft(pupil.id).with_changes(
            to_school="Ekskolan",
            status=HandoverStatus.READY,
            strengths=f"{pupil.given_name} är nyfiken och bra på bild.",
            support_worked=suggested.get("support_worked", "") or "Lugn start",
            pupil_words=f"Jag heter {pupil.full_name}.",
        )
    )
    # Classmates with notes of their own: enough packets for the cohort print to start its
    # worker process (spawn), which gets the canary's packet data through a pipe.
    for n in range(8):
        mate = PupilService(session).create(
            Pupil(f"Klasskamrat{n}", "Svensson", year="6", class_name="6A")
        )
        handover.save(handover.draft(mate.id).with_changes(strengths=f"Bra på nummer {n}"))
    printing = HandoverPrintService(session)
    assert printing.preview_packet(note.id)[:4] == b"%PDF"
    asked.add(printing.write_packet(note.id, out / "paket.pdf").resolve())
    cohort = out / "kullen"
    cohort.mkdir()
    result = printing.print_cohort("6", cohort, combined=out / "samlad.pdf", processes=2)
    assert len(result.packets) == 9
    asked.update(p.resolve() for p in _files(cohort))
    asked.add(result.combined.resolve())

    exchange_folder = out.parent / "utbyte"
    exchange_folder.mkdir()
    sent = HandoverExchangeService(session).export(exchange_folder / "klass6", PHRASE, "6")
    preview = HandoverExchangeService(receiver).preview(sent.path, PHRASE)
    HandoverExchangeService(receiver).apply(preview, create_new=[i.key for i in preview.doubtful])
    return sent.path


def _window_visit(canary: Canary, case_path: Path, qtbot) -> None:
    """Open the file in the real window, find the pupil by typing, open the page, visit the
    areas, lock and unlock, close (which writes the settings and takes the closing backup)."""
    flow = StartFlow(local_settings())
    try:
        flow.start(case_path)
        dialog = flow.dialog
        type_text(dialog.form.passwordEdit, PASSWORD)
        QTest.keyClick(dialog.form.passwordEdit, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: flow.window is not None, timeout=10_000)
        window = flow.window
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
        QTest.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
        view = window.pupils_area.list_view
        type_text(view.form.searchEdit, canary.given.lower())
        assert view.proxy.rowCount() == 1
        QTest.keyClick(view.form.searchEdit, Qt.Key.Key_Return)
        page = window.pupils_area.page
        assert page is not None and canary.family in page.form.nameLabel.text()
        for area in ("plans", "ladder", "handover", "collaboration", "attendance"):
            window.show_area(area)
            QApplication.processEvents()
        # Lock (Ctrl+L) and unlock on the lock screen: the key is dropped and taken up again.
        QTest.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: window.locking.locked, timeout=5000)
        screen = window.locking.screen
        type_text(screen.password_edit, PASSWORD)
        QTest.keyClick(screen.password_edit, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: not window.locking.locked, timeout=10_000)
        window.close()
        qtbot.waitUntil(lambda: flow.session is None, timeout=5000)
    finally:
        end_flow(flow)


def test_the_search_finds_what_it_looks_for(tmp_path):
    """The search itself: copies of the canary planted in the forms a leak could take."""
    canary = Canary()
    plain = tmp_path / "logg.txt"
    plain.write_text(f"öppnade {canary.given}", encoding="utf-8")
    wide = tmp_path / "cache.bin"
    wide.write_bytes(b"\0" + unicodedata.normalize("NFD", canary.family).encode("utf-16-le"))
    number = tmp_path / "inst.ini"
    number.write_text(canary.civic.replace("-", ""), encoding="ascii")
    packed = tmp_path / "arkiv.zip"
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("a.json", json.dumps({"namn": canary.family}))
    stray = tmp_path / "utkast.pdf"
    stray.write_bytes(b"%PDF-1.4 nothing readable")
    named = tmp_path / f"{canary.given}.txt"
    named.write_text("-", encoding="utf-8")
    asked = tmp_path / "asked.pdf"
    asked.write_bytes(b"%PDF-1.4 " + canary.given.encode())
    clean = tmp_path / "ren.txt"
    clean.write_text("Kanarie utan nummer", encoding="utf-8")
    found = _leaks(canary, _files(tmp_path), {asked.resolve()}, [tmp_path])
    assert {line.split(": ")[0].split("!")[0] for line in found} == {
        str(p) for p in (plain, wide, number, packed, stray, named)
    }


@pytest.fixture
def own_home(tmp_path, monkeypatch):
    """HOME and the XDG folders in a folder of the test's own: whatever the program (or Qt, or
    a library) writes to "the home folder" lands where the whole of it is searched."""
    home = tmp_path / "hemkatalog"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("USERPROFILE", str(home))
    for name, sub in (
        ("XDG_CONFIG_HOME", ".config"),
        ("XDG_CACHE_HOME", ".cache"),
        ("XDG_DATA_HOME", ".local/share"),
        ("XDG_STATE_HOME", ".local/state"),
    ):
        monkeypatch.setenv(name, str(home / sub))
    return home


@pytest.mark.slow
def test_the_canary_is_found_only_where_it_was_asked_for(
    tmp_path, private_home, own_home, monkeypatch, qtbot
):
    canary = Canary()
    temp = Path(tempfile.gettempdir())
    started = time.time() - 1
    asked: set[Path] = set()  # the PDFs (and the register extract) this test asked for
    out = tmp_path / "utskrifter"
    out.mkdir()
    inputs = tmp_path / "indata"
    inputs.mkdir()
    case_path = tmp_path / "skolan.elevhalsa"
    receiver_path = tmp_path / "ekskolan.elevhalsa"

    session = create_case(
        case_path, PASSWORD, PASSWORD, school_name="Björkskolan", user_name="Maria Lindqvist",
        role=Role.COORDINATOR,
    )  # fmt: skip
    receiver = create_case(
        receiver_path, RECEIVER_PASSWORD, RECEIVER_PASSWORD, school_name="Ekskolan",
        user_name="Karin Holm",
    )  # fmt: skip
    pupils = PupilService(session)
    pupil = pupils.create(
        Pupil(
            canary.given,
            canary.family,
            civic_no=canary.civic,
            year="6",
            class_name="6A",
            mentor="Lars Berg",
            address="Kanariegatan 1",
            notes=f"Anteckning om {canary.given} {canary.family}",
            guardians=(Guardian(f"Förälder {canary.family}", "mamma", "070-1234567"),),
        )
    )
    pupil = pupils.update(pupils.open(pupil.id).with_changes(mentor="Karin Holm"))
    assert pupils.reveal_civic_no(pupil.id) == canary.civic
    pupil = pupils.open(pupil.id)

    _support(session, pupil, out, asked)
    _staged_return(session, pupil, out, asked)
    _collaboration(session, pupil, out, asked)
    session.close()

    # The command line, in this process: the attendance import, early warning, a print, the
    # check. The CSV is the test's own input: it holds the name, as a school system's would.
    csv = _attendance_csv(inputs / "narvaro.csv", canary)
    monkeypatch.setenv("ELEVHALSA_PASSWORD", PASSWORD)
    assert main(["import", "attendance", str(case_path), str(csv), "--yes"]) == 0
    assert main(["ews", str(case_path), "--json"]) == 0
    target = out / "cli-plan.pdf"
    assert main(["print", "plan", str(case_path), "--pupil", pupil.id, "--out", str(target)]) == 0
    asked.add(target.resolve())
    assert main(["check", str(case_path)]) == 0
    monkeypatch.delenv("ELEVHALSA_PASSWORD")

    session = open_case(case_path, PASSWORD)
    _absence(session, pupil, out, asked)
    exchange_file = _handover(session, receiver, pupil, out, asked)
    extract = tmp_path / "registerutdrag"
    extract.mkdir()
    asked.update(p.resolve() for p in RegisterExtractService(session).write(pupil.id, extract))
    audit_pdf = AuditReviewService(session).write_extract(
        AuditFilter(pupil_id=pupil.id), out / "logg.pdf"
    )
    asked.add(audit_pdf.resolve())
    backup = BackupService(session).backup_now()
    session.lock()
    assert session.locked
    session.unlock(PASSWORD)
    assert not session.locked
    PupilService(session).open(pupil.id)

    # While the file is open its log (-wal) and shared memory (-shm) hold the latest pages.
    def search() -> list[str]:
        files = _files(tmp_path) + _files(private_home) + _files(own_home)
        files += _files(temp, since=started)
        return _leaks(canary, files, asked | {csv.resolve()}, [tmp_path, private_home, own_home])

    assert Path(str(case_path) + "-wal").exists()
    assert search() == []
    session.close()
    receiver.close()

    _window_visit(canary, case_path, qtbot)

    # The places the program keeps things of its own, all inside the searched folders.
    searched = [tmp_path, private_home, own_home]
    kept = [config.config_dir(), config.log_dir(), config.settings_file(), backup.parent]
    for place in kept:
        assert any(place.resolve().is_relative_to(s.resolve()) for s in searched), place
    assert recent_files(local_settings()) == [case_path.resolve()]
    settings_text = config.settings_file().read_text(encoding="utf-8")
    assert "Björkskolan" not in settings_text
    # platformdirs' own places are not used while ELEVHALSA_HOME is set.
    for where in (
        platformdirs.user_config_dir(config.APP_NAME, config.APP_AUTHOR),
        platformdirs.user_log_dir(config.APP_NAME, config.APP_AUTHOR),
        platformdirs.user_data_dir(config.APP_NAME, config.APP_AUTHOR),
        platformdirs.user_cache_dir(config.APP_NAME, config.APP_AUTHOR),
    ):
        assert not Path(where).exists(), where

    # Everything was made, and what must stay encrypted is.
    for path in (case_path, receiver_path, backup, exchange_file):
        assert path.exists() and path.read_bytes()[:16] != b"SQLite format 3\x00", path
    assert len(asked) >= 15
    assert all(p.exists() for p in asked)
    assert csv.exists()
    leaks = search()
    assert leaks == [], "\n".join(leaks)
