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
import sys
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


def median_seconds(runs: int, actions: dict[str, Callable[[], object]]) -> dict[str, float]:
    """Median wall-clock seconds per action, the actions taking turns (see ``medians``)."""
    return {
        name: median([wall for wall, _cpu in values])
        for name, values in medians(runs, actions).items()
    }


def peak_mb_of_this_process() -> float | None:
    """The most memory this process has held (peak resident set size), in MB: VmHWM where
    /proc has it (Linux), which starts afresh with the program, unlike getrusage's ru_maxrss,
    which Linux carries over from the process that started this one (so a child of a bigger
    parent would report the parent's peak). None where the system does not say (Windows)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    try:
        import resource
    except ImportError:
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 / 1024 if sys.platform == "darwin" else peak / 1024  # bytes / KiB


def compiled_like_installed(folder: Path) -> None:
    """Make this process and every process it starts load the program from compiled bytecode,
    as an installed program does (pip and PyInstaller compile it): compile the package once into
    ``folder`` and point PYTHONPYCACHEPREFIX there, whatever PYTHONDONTWRITEBYTECODE says (a
    development environment may set it, and then every fresh process would compile the
    program's 250-odd modules from source again: 0.3–0.8 s of each window's start here)."""
    import compileall

    import elevhalsa_desktop

    folder.mkdir(parents=True, exist_ok=True)
    os.environ["PYTHONPYCACHEPREFIX"] = str(folder)
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    sys.pycache_prefix = str(folder)
    sys.dont_write_bytecode = False
    compileall.compile_dir(Path(elevhalsa_desktop.__file__).parent, quiet=1)
    compileall.compile_dir(ROOT / "bench", quiet=1, maxlevels=0)


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


def write_block(
    script: str, section: str, text: str, doc: Path = DOC, *, top: bool = False
) -> None:
    """Replace the block of ``script`` (e.g. "handover.py") in ``doc`` with ``text``; without
    the markers, add ``section`` (a "## ..." heading) with the block at the end, or with
    ``top`` before the first section of the file (after the introduction)."""
    begin, end = markers(script)
    current = doc.read_text(encoding="utf-8")
    block = f"{begin}\n{text.strip()}\n{end}"
    if begin in current and end in current:
        before, rest = current.split(begin, 1)
        current = before + block + rest.split(end, 1)[1]
    elif top and "\n## " in current:
        before, rest = current.split("\n## ", 1)
        current = before.rstrip("\n") + f"\n\n{section}\n\n{block}\n\n## " + rest
    else:
        current = current.rstrip("\n") + f"\n\n{section}\n\n{block}\n"
    doc.write_text(current.rstrip("\n") + "\n", encoding="utf-8")
