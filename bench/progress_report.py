"""How long the progress report of a staged return takes to print when the plan has a year of
sessions (five a week): in memory (the preview) and to a file (with the audit entry), each the
median of several runs in one process (taking turns), after a first print that pays for importing ReportLab
and registering the fonts.

    .venv/bin/python bench/progress_report.py [--runs 7] [--keep FILE.pdf]
"""

from __future__ import annotations

import argparse
import datetime as _dt
import io
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from report import median_seconds, timed

PASSWORD = "benchmark-lösenord"
WEEKDAYS = (0, 1, 2, 3, 4)


def _year_of_sessions(folder: Path):
    """A case file with one pupil whose return plan started a year ago: five steps that all
    meet every weekday, stepped up four times, stepped back once, some sessions missed."""
    from elevhalsa_desktop.domain.ladder import DecisionKind
    from elevhalsa_desktop.domain.people import Role
    from elevhalsa_desktop.domain.pupil import Pupil
    from elevhalsa_desktop.services.demo_ladder import Phase, play, timed_step
    from elevhalsa_desktop.services.ladder import LadderService
    from elevhalsa_desktop.services.pupils import PupilService
    from elevhalsa_desktop.services.session import create_case

    session = create_case(
        folder / "bench.elevhalsa",
        PASSWORD,
        PASSWORD,
        school_name="Björkdalsskolan",
        user_name="Maria Lindqvist",
        role=Role.COORDINATOR,
    )
    pupil = PupilService(session).create(Pupil("Åsa", "Öberg", class_name="8B", year="8"))
    steps = [
        timed_step("Enskilt med en vuxen", WEEKDAYS, "08:10", "09:10", criterion_sessions=5),
        timed_step("Liten grupp (2–4 elever)", WEEKDAYS, "08:10", "10:10", criterion_sessions=8),
        timed_step("Del av klassen", WEEKDAYS, "08:10", "11:10", criterion_sessions=10),
        timed_step("Hela klassen", WEEKDAYS, "08:10", "12:10", criterion_sessions=10),
        timed_step("Hela klassen", WEEKDAYS, "08:10", "13:40"),
    ]
    back = DecisionKind.STEP_BACK
    phases = [
        Phase(0, 63, missed=(1, 4, 9)),
        Phase(1, 70, missed=(3, 11, 12, 20), then=back, reason="Svår period hemma."),
        Phase(0, 21),
        Phase(1, 56, missed=(7,)),
        Phase(2, 70, missed=(2, 30)),
        Phase(3, 85, missed=(14, 40), then=None),
    ]
    started = time.perf_counter()
    plan = play(LadderService(session), pupil.id, steps, phases, _dt.date.today())
    return session, plan, time.perf_counter() - started


def measure(folder: Path, runs: int = 7, keep: Path | None = None) -> dict:
    """Record the year into a fresh case file in ``folder``, print once (imports, fonts), then
    the preview and the file taking turns ``runs`` times. Seconds: ``setup_s`` (recording the
    year), ``first_s``, ``memory_s`` and ``file_s`` (medians); ``sessions`` and ``pages``."""
    from pypdf import PdfReader

    from elevhalsa_desktop.services.ladder import LadderService
    from elevhalsa_desktop.services.printing import DocumentKind, PrintService

    session, plan, setup_s = _year_of_sessions(folder)
    sessions = len(LadderService(session).sessions(plan.id))
    printer = PrintService(session)
    kind = DocumentKind.PROGRESS
    pdf, first_s = timed(lambda: printer.preview(kind, plan.id))
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    target = folder / "rapport.pdf"
    times = median_seconds(
        runs,
        {
            "memory": lambda: printer.preview(kind, plan.id),
            "file": lambda: printer.write(kind, plan.id, target),
        },
    )
    if keep:
        shutil.copyfile(target, keep)
    session.close()
    return {
        "sessions": sessions,
        "pages": pages,
        "setup_s": setup_s,
        "first_s": first_s,
        "memory_s": times["memory"],
        "file_s": times["file"],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--keep", type=Path, metavar="FILE.pdf", help="keep one printed report")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["ELEVHALSA_HOME"] = tmp
        f = measure(Path(tmp), args.runs, args.keep)

    print(f"progress report, {f['sessions']} sessions over a year, {f['pages']} pages")
    print(f"{'first print in the process (imports, fonts)':<48}{f['first_s']:>8.3f} s")
    print(f"{f'in memory (preview), median of {args.runs}':<48}{f['memory_s']:>8.3f} s")
    print(f"{f'to a file with the audit entry, median of {args.runs}':<48}{f['file_s']:>8.3f} s")
    print(f"{'(recording the year through LadderService)':<48}{f['setup_s']:>8.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
