"""What the benchmark scripts share: timing with medians, a line about the machine, and writing
a measured block into docs/performance.md between a script's own markers.

    from report import machine, medians, write_block

Each script keeps its own section; ``write_block`` replaces only what lies between
``<!-- bench/NAME.py writes from here -->`` and ``<!-- bench/NAME.py writes up to here -->``
and leaves what people wrote around it alone.
"""

from __future__ import annotations

import os
import platform
import statistics
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "performance.md"


def timed(action: Callable[[], object]) -> tuple[object, float]:
    started = time.perf_counter()
    value = action()
    return value, time.perf_counter() - started


def cpu_seconds() -> float:
    """Processor time of this process and of its children that have ended (worker processes
    count once their pool has shut down)."""
    try:
        import resource
    except ImportError:  # Windows: this process only
        return time.process_time()
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def medians(
    runs: int, actions: dict[str, Callable[[], object]]
) -> dict[str, list[tuple[float, float]]]:
    """(wall, processor) seconds per run of each action; the actions take turns, so drift in the
    machine's speed hits them alike. Take ``median`` of each."""
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in actions}
    for _ in range(runs):
        for name, action in actions.items():
            cpu = cpu_seconds()
            wall = timed(action)[1]
            times[name].append((wall, cpu_seconds() - cpu))
    return times


def median(values: list[float]) -> float:
    return statistics.median(values)


def machine() -> str:
    import sqlcipher3

    version = sqlcipher3.connect(":memory:").execute("select sqlite_version()").fetchone()[0]
    return (
        f"{os.cpu_count()} cores (nproc), {platform.system()} {platform.machine()}, Python"
        f" {platform.python_version()}, SQLite {version} (SQLCipher)"
    )


def markers(script: str) -> tuple[str, str]:
    return (
        f"<!-- bench/{script} writes from here -->",
        f"<!-- bench/{script} writes up to here -->",
    )


def write_block(script: str, section: str, text: str, doc: Path = DOC) -> None:
    """Replace the block of ``script`` (e.g. "handover.py") in ``doc`` with ``text``; without
    the markers, add ``section`` (a "## ..." heading) with the block at the end."""
    begin, end = markers(script)
    current = doc.read_text(encoding="utf-8")
    block = f"{begin}\n{text.strip()}\n{end}"
    if begin in current and end in current:
        before, rest = current.split(begin, 1)
        current = before + block + rest.split(end, 1)[1]
    else:
        current = current.rstrip("\n") + f"\n\n{section}\n\n{block}\n"
    doc.write_text(current.rstrip("\n") + "\n", encoding="utf-8")
