"""The benchmark suite runs: ``bench/run.py --quick`` (smaller sizes, well under a minute)
prints a table with every measure of issue 9 and writes its summary into a copy of
docs/performance.md, never into the real one. The figures themselves are not checked: a shared
test machine's speed says nothing about the program."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "performance.md"

# Each row of the table, by the start of its label (the quick sizes are in the labels).
ROWS = [
    "window, bare PySide6",
    "window, Elevhälsa with 1,000 pupils",
    "window, Elevhälsa with 40 pupils and a year of attendance",
    "pupil list filter, per keystroke",
    "plain full-table aggregate",
    "early warning, the term",
    "early warning, four weeks",
    "import the year from CSV",
    "import the year from SS 12000 JSON",
    "handover, 20 pupils: ReportLab alone",
    "handover, 20 pupils: print_cohort",
    "progress report, staged return (260 sessions, 6 pages), preview",
    "progress report, staged return (260 sessions, 6 pages), to a file",
]
MEMORY_ROWS = [
    "peak memory, bare PySide6 window",
    "peak memory, window with 1,000 pupils",
    "peak memory, window with 40 pupils and a year of attendance",
]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.slow
def test_quick_suite_prints_every_row_and_writes_the_copy(tmp_path):
    copy = tmp_path / "performance.md"
    shutil.copyfile(DOC, copy)
    real = _digest(DOC)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", ELEVHALSA_HOME=str(tmp_path / "home"))
    env.pop("PYTHONPATH", None)

    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--quick", "--doc", str(copy)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    expected = ROWS + (MEMORY_ROWS if sys.platform != "win32" else [])
    table = done.stdout.split("\nmeasure ", 1)[1]
    lines = [line for line in table.splitlines()[1:] if line.strip()]
    for label in expected:
        found = [line for line in lines if line.startswith(label)]
        assert found, f"no row {label!r} in\n{table}"
        # Every row has a figure: a number with its unit.
        assert re.search(r"\d(\.\d+)? (ms|s|MB)\b", found[0]), found[0]
    assert re.search(r"\d+\.\d\d× bare", table)
    assert re.search(r"\d+\.\d\d× aggregate", table)
    assert re.search(r"\d+\.\d\d× ReportLab", table)
    assert re.search(r"[\d,]+ rows/s", table)

    text = copy.read_text(encoding="utf-8")
    begin = text.index("<!-- bench/run.py writes from here -->")
    end = text.index("<!-- bench/run.py writes up to here -->")
    block = text[begin:end]
    assert "A smoke run with smaller sizes (`--quick`)" in block
    for label in expected:
        assert f"| {label}" in block
    # The summary sits at the top; the sections of the issues stay below it, once each.
    assert begin < text.index("## Window start-up (issue 2)")
    for marker in ("bench/attendance.py writes from here", "bench/handover.py writes from here"):
        assert text.count(marker) == 1
    assert _digest(DOC) == real, "the real docs/performance.md was written"
