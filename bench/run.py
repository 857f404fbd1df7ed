"""The benchmark suite: one synthetic school in fresh case files, every figure the program
claims, one table. Each figure is the median of several runs, the cases taking turns, next to a
baseline where there is one (the ratio is the figure to compare between machines).

    .venv/bin/python bench/run.py            # 3–5 minutes on 2 cores; writes docs/performance.md
    .venv/bin/python bench/run.py --quick    # smaller sizes, under a minute: a smoke run
    .venv/bin/python bench/run.py --doc /tmp/performance.md   # write the summary there instead

The school: a 10,000-pupil case file (the window, the pupil list's filter, the window's peak
memory); 1,000 pupils with a school year of lesson-level attendance (about a million rows),
written as a SchoolSoft-like CSV file and as SS 12000 JSON and imported from each (the first
CSV import's case file is the one the early warning and a second window open); a year 6 of
300 pupils with full handover notes; a staged return with a year of sessions. The pieces are
the other scripts of this folder (startup.py, attendance.py, handover.py, progress_report.py),
which each still run alone for their own, longer, section of docs/performance.md.

The full run writes its table between the markers of bench/run.py at the top of
docs/performance.md, leaving the sections below alone; ``--quick`` writes only with ``--doc``.
Not a test: nothing is asserted (tests/e2e/test_bench_suite.py runs ``--quick``).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import os
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import attendance  # noqa: E402
import handover  # noqa: E402
import progress_report  # noqa: E402
import startup  # noqa: E402
from report import DOC, compiled_like_installed, cpu_seconds, machine, write_block  # noqa: E402

SECTION = "## Summary: the benchmark suite (bench/run.py)"
PASSWORD = startup.PASSWORD


@dataclass(frozen=True)
class Sizes:
    list_pupils: int  # the pupil list, the window, its peak memory
    attendance_pupils: int  # a school year of lessons each
    cohort: int  # year 6 handover packets
    window_runs: int  # fresh processes per window case
    filter_rounds: int  # times "anna 7b" is typed
    import_runs: int  # imports of the year, per format
    ews_runs: int
    print_runs: int  # handover: (a) and (b) taking turns
    progress_runs: int


FULL = Sizes(10_000, 1_000, 300, 5, 5, 3, 5, 3, 5)
QUICK = Sizes(1_000, 40, 20, 1, 2, 1, 2, 1, 2)  # a smoke run: once is enough


@dataclass(frozen=True)
class Row:
    measure: str
    figure: str
    against: str = ""  # the ratio to a baseline, or a rate
    runs: str = ""  # "median of N"


def load() -> str:
    try:
        return ", ".join(f"{value:.1f}" for value in os.getloadavg())
    except (AttributeError, OSError):  # Windows
        return "unknown"


def seconds(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def measure(sizes: Sizes, folder: Path, platform: str, say=print) -> tuple[list[Row], str]:
    """Every figure of the suite, generated into and measured in ``folder``; and a sentence on
    the files it made."""
    rows: list[Row] = []
    env = dict(os.environ, QT_QPA_PLATFORM=platform, ELEVHALSA_HOME=str(folder / "home"))
    os.environ["ELEVHALSA_HOME"] = env["ELEVHALSA_HOME"]
    n = sizes.list_pupils

    say(f"writing a case file with {n:,} pupils and their guardians")
    large, large_s = startup.make_pupils_file(folder, "pupils.elevhalsa", n)
    say(f"  {large_s:.1f} s")

    school = attendance.make_pupils(sizes.attendance_pupils, seed=1)
    days = attendance.school_days()
    say(
        f"{sizes.attendance_pupils:,} pupils, {len(days)} school days: writing the year as CSV"
        f" and SS 12000 JSON, importing each {sizes.import_runs} times"
    )
    imports = attendance.measure_imports(folder, school, days, sizes.import_runs, seed=1)
    lessons = imports["rows"]
    year = imports["case_file"]
    say(f"  CSV {imports['csv_s']:.1f} s, SS 12000 {imports['ss12000_s']:.1f} s (medians)")
    files = (
        f"The files: {n:,} pupils with their guardians ({large.stat().st_size / 1e6:.0f} MB,"
        f" written in {large_s:.1f} s; no plans or attendance), and"
        f" {sizes.attendance_pupils:,} pupils with a school year of lessons ({len(days)} days,"
        f" {lessons:,} rows; {year.stat().st_size / 1e6:.0f} MB: the case file of the first CSV"
        " import; every import goes into a fresh file)."
    )

    say(f"windows: {sizes.window_runs} fresh processes each, taking turns")
    windows = startup.window_medians(
        sizes.window_runs,
        env,
        {
            "bare": ("bare",),
            "pupils": ("app", str(large), PASSWORD),
            "year": ("app", str(year), PASSWORD),
        },
    )
    say("typing into the pupil list's filter")
    filter_ms = startup.filter_ms_per_keystroke(large, sizes.filter_rounds)

    say("early warning")
    from elevhalsa_desktop.services.session import open_case

    session = open_case(year, PASSWORD)
    ews = attendance.early_warning(session, sizes.ews_runs)
    session.close()

    say(f"handover of {sizes.cohort} pupils: (a) and (b), {sizes.print_runs} runs each")
    (folder / "handover").mkdir()
    printed = handover.measure(
        folder / "handover", sizes.cohort, sizes.print_runs, seed=1, extras=False
    )
    say("progress report of a staged return")
    (folder / "progress").mkdir()
    progress = progress_report.measure(folder / "progress", sizes.progress_runs)

    # The table ---------------------------------------------------------------------------------
    w = sizes.window_runs
    bare = windows["bare"]["seconds"]
    of_w = f"median of {w}"
    rows.append(Row("window, bare PySide6 (started the same way)", seconds(bare), "1.00×", of_w))
    for key, what in (
        ("pupils", f"{n:,} pupils"),
        ("year", f"{sizes.attendance_pupils:,} pupils and a year of attendance"),
    ):
        value = windows[key]["seconds"]
        rows.append(
            Row(f"window, Elevhälsa with {what}", seconds(value), f"{value / bare:.2f}× bare", of_w)
        )
    if filter_ms is not None:
        rows.append(
            Row(
                f"pupil list filter, per keystroke, {n:,} pupils",
                f"{filter_ms:.1f} ms",
                "",
                f"median of {7 * sizes.filter_rounds} keystrokes",
            )
        )
    plain = ews["plain aggregate"]
    of_e = f"median of {sizes.ews_runs}"
    people = f"{sizes.attendance_pupils:,} pupils, {lessons:,} lessons"
    rows.append(Row(f"plain full-table aggregate, {people}", seconds(plain), "1.00×", of_e))
    for key, what in (("ews term", "the term"), ("ews 4w", "four weeks")):
        rows.append(
            Row(
                f"early warning, {what}, {people}",
                seconds(ews[key]),
                f"{ews[key] / plain:.2f}× aggregate",
                of_e,
            )
        )
    of_i = f"median of {sizes.import_runs}"
    for key, what in (("csv", "CSV (SchoolSoft-like)"), ("ss12000", "SS 12000 JSON")):
        rows.append(
            Row(
                f"import the year from {what}, {lessons:,} rows",
                f"{imports[f'{key}_s']:.1f} s",
                f"{imports[f'{key}_rows_per_s']:,.0f} rows/s",
                of_i,
            )
        )
    a, b = printed["a"], printed["b"]
    pages = f"{printed['pages']} pages + {printed['summary_pages']} of summary"
    of_p = f"median of {sizes.print_runs}"
    rows.append(
        Row(
            f"handover, {sizes.cohort} pupils: ReportLab alone, same pages",
            seconds(a),
            "1.00×",
            of_p,
        )
    )
    rows.append(
        Row(
            f"handover, {sizes.cohort} pupils: print_cohort ({pages})",
            seconds(b),
            f"{b / a:.2f}× ReportLab",
            of_p,
        )
    )
    of_r = f"median of {sizes.progress_runs}"
    what = f"{progress['sessions']} sessions, {progress['pages']} pages"
    rows.append(
        Row(
            f"progress report, staged return ({what}), preview",
            seconds(progress["memory_s"]),
            "",
            of_r,
        )
    )
    rows.append(
        Row(
            f"progress report, staged return ({what}), to a file",
            seconds(progress["file_s"]),
            "",
            of_r,
        )
    )
    bare_mb = windows["bare"]["peak_mb"]
    if bare_mb is not None:
        rows.append(Row("peak memory, bare PySide6 window", f"{bare_mb:.0f} MB", "1.00×", of_w))
        for key, what in (
            ("pupils", f"{n:,} pupils"),
            ("year", f"{sizes.attendance_pupils:,} pupils and a year of attendance"),
        ):
            mb = windows[key]["peak_mb"]
            rows.append(
                Row(
                    f"peak memory, window with {what}",
                    f"{mb:.0f} MB",
                    f"{mb / bare_mb:.2f}× bare",
                    of_w,
                )
            )
    return rows, files


def table(rows: list[Row]) -> str:
    width = max(len(r.measure) for r in rows)
    lines = [f"{'measure':<{width}}  {'figure':>10}  {'against':<18}  runs"]
    lines += [f"{r.measure:<{width}}  {r.figure:>10}  {r.against:<18}  {r.runs}" for r in rows]
    return "\n".join(lines)


def markdown(rows: list[Row], files: str, quick: bool, total: float, cpu: float, loads) -> str:
    how = "`.venv/bin/python bench/run.py" + (" --quick`" if quick else "`") + " (`make bench`)"
    return "\n".join(
        [
            ("A smoke run with smaller sizes (`--quick`). " if quick else "")
            + f"Measured by {how} on {machine()}, {_dt.date.today().isoformat()}, in"
            f" {total:.0f} s ({cpu:.0f} s of processor time); load average (1, 5, 15 min)"
            f" {loads[0]} at the start and {loads[1]} at the end. {files} Windows: process start"
            " to first paint on Qt's offscreen platform, fresh processes; peak memory is the"
            " window process's peak resident set (VmHWM) once it has painted. The program loads"
            " from compiled bytecode, as installed. The cases of each measure take turns; the"
            " ratios are the figures to compare.",
            "",
            "| measure | median | against | runs |",
            "|---|---|---|---|",
            *(f"| {r.measure} | {r.figure} | {r.against} | {r.runs} |" for r in rows),
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes, under a minute")
    parser.add_argument("--runs", type=int, help="runs of every measure (default: per measure)")
    parser.add_argument("--platform", default=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    parser.add_argument("--doc", type=Path, help=f"write the summary here (default {DOC})")
    parser.add_argument("--no-doc", action="store_true", help="print the table only")
    args = parser.parse_args(argv)

    sizes = QUICK if args.quick else FULL
    if args.runs:
        r = args.runs
        sizes = replace(
            sizes,
            window_runs=r,
            filter_rounds=r,
            import_runs=r,
            ews_runs=r,
            print_runs=r,
            progress_runs=r,
        )
    started = time.perf_counter()
    cpu_started = cpu_seconds()
    start_load = load()

    def say(line: str) -> None:
        print(f"[{time.perf_counter() - started:5.0f} s] {line}", flush=True)

    with tempfile.TemporaryDirectory(prefix="elevhalsa-bench-") as tmp:
        compiled_like_installed(Path(tmp) / "pycache")
        rows, files = measure(sizes, Path(tmp), args.platform, say)
    total = time.perf_counter() - started
    cpu = cpu_seconds() - cpu_started
    loads = (start_load, load())

    print()
    print(table(rows))
    print(f"\n{machine()}; load average {loads[0]} at the start, {loads[1]} at the end")
    print(f"total {total:.0f} s, {cpu:.0f} s of processor time")
    doc = args.doc or (None if args.quick else DOC)
    if doc is not None and not args.no_doc:
        if not doc.exists():
            doc.write_text("# Performance\n", encoding="utf-8")
        write_block(
            "run.py", SECTION, markdown(rows, files, args.quick, total, cpu, loads), doc, top=True
        )
        print(f"{doc} updated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
