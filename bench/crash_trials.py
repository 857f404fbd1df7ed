"""Crash safety, the long run: kill the program with SIGKILL at random moments while it saves
records, then check the case file every time (issue 8).

    .venv/bin/python bench/crash_trials.py [--trials 200] [--seed 1] [--max-delay 1.5] [--no-doc]

Each trial starts ``python -m tests.crash_harness`` on the same encrypted case file: it opens the
file with the password and saves pupils, plans, return plans, ladder sessions and contact entries
through the real services in a loop, printing an acknowledgment after each save has returned. The
process is killed after a random delay, most often counted from the moment it has the file open,
in a fifth of the trials from its start (while Python starts, the key is derived and the file is
checked), and then the file must open, pass SQLCipher's and SQLite's integrity checks
and the audit chain check, and hold every acknowledged save with the content it was acknowledged
with (see tests/crash_harness.py). The figures go into the section "Crash safety (issue 8)" of
docs/performance.md unless ``--no-doc``. POSIX only (SIGKILL); exits 1 if any trial failed.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from report import machine, write_block  # noqa: E402

from tests.crash_harness import Summary, run  # noqa: E402

SECTION = "## Crash safety (issue 8)"


def _table(summary: Summary, seed: int, delays: tuple[float, float]) -> str:
    trials = summary.trials
    saving = [t for t in trials if t.phase == "saving"]
    ready = sorted(t.ready_after for t in trials if t.ready_after is not None)
    rows = [
        ("trials (SIGKILL after a random delay)", f"{len(trials)}"),
        (
            "kill delay",
            f"{sum(t.after_ready for t in trials)} trials: uniform {delays[0]:.2f}–{delays[1]:.2f} s"
            f" after the file was open; {sum(not t.after_ready for t in trials)}: from the process"
            " start up to about the time an open takes"
            + (f" (median {ready[len(ready) // 2]:.2f} s)" if ready else "")
            + f"; seed {seed}",
        ),
        ("killed while Python started (file untouched)", f"{summary.count('starting')}"),
        ("killed while opening (key derivation, checks, 'opened' entry)", f"{summary.count('opening')}"),
        ("killed inside a save (between its begin and its acknowledgment)", f"{len(saving)}"),
        (
            "… of which the save had committed before the kill / was rolled back",
            f"{summary.in_flight('committed')} / {summary.in_flight('rolled back')}",
        ),
        (
            "… of which the kill cut a commit while it wrote to the log (torn frames ignored at open)",
            f"{sum(t.torn_frames > 0 for t in trials)}",
        ),
        ("killed between saves", f"{summary.count('between')}"),
        ("saves acknowledged (all trials)", f"{summary.acknowledged:,}"),
        ("records and plan revisions checked after the kills (all trials)", f"{summary.checked:,}"),
        ("failures (file did not open, integrity, audit chain, lost or changed save)", f"{len(summary.failures)}"),
        ("case file at the end", f"{summary.file_bytes / 1e6:.1f} MB"),
        ("time", f"{summary.seconds:.0f} s"),
    ]  # fmt: skip
    lines = ["| measure | value |", "|---|---|"] + [f"| {a} | {b} |" for a, b in rows]
    return "\n".join(lines)


def _file_system(folder: Path) -> str:
    """Where the case file lived: on tmpfs an fsync costs nothing, so say which it was."""
    try:
        mounts = Path("/proc/self/mounts").read_text().splitlines()
    except OSError:
        return "the temporary folder"
    best = ("", "")
    for line in mounts:
        parts = line.split()
        if (
            len(parts) > 2
            and str(folder.resolve()).startswith(parts[1])
            and len(parts[1]) > len(best[0])
        ):
            best = (parts[1], parts[2])
    return f"the temporary folder on {best[1]}" if best[1] else "the temporary folder"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--min-delay", type=float, default=0.0, metavar="S")
    parser.add_argument(
        "--max-delay", type=float, default=1.5, metavar="S", help="after the file is open"
    )
    parser.add_argument(
        "--opening-share",
        type=float,
        default=0.2,
        metavar="P",
        help="the share of trials killed while starting and opening (0.2)",
    )
    parser.add_argument("--no-doc", action="store_true", help="don't write docs/performance.md")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="work in DIR and keep the file")
    args = parser.parse_args()
    if sys.platform == "win32":
        print("crash_trials.py kills with SIGKILL: run it on Linux or macOS.", file=sys.stderr)
        return 2
    delays = (args.min_delay, args.max_delay)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="crash-trials-"))
    folder.mkdir(parents=True, exist_ok=True)

    def progress(trial, expected) -> None:
        mark = "FAIL" if trial.problems else "ok"
        flight = f", in flight: {trial.in_flight}" if trial.in_flight else ""
        print(
            f"trial {trial.number + 1:4}/{args.trials}: killed {trial.phase:8}"
            f" {trial.delay:.2f} s after {'opening' if trial.after_ready else 'start'},"
            f" {trial.acknowledged:4} acknowledged{flight},"
            f" {trial.checked:,} checked  {mark}",
            flush=True,
        )
        for problem in trial.problems[:5]:
            print(f"    {problem[:400]}", flush=True)

    where = _file_system(folder)
    try:
        summary = run(folder, args.trials, args.seed, delays, progress, args.opening_share)
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    table = _table(summary, args.seed, delays)
    print()
    print(table)
    if not args.no_doc:
        text = (
            f"`python bench/crash_trials.py --trials {args.trials}` on {machine()}, with the case"
            f" file in {where}, WAL with `synchronous=FULL`."
            "\n\n" + table
        )
        write_block("crash_trials.py", SECTION, text)
        print(f"\nWritten to {ROOT / 'docs' / 'performance.md'}")
    return 1 if summary.failures else 0


if __name__ == "__main__":
    sys.exit(main())
