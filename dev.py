"""The two commands, for any operating system with Python 3.11+:

    python dev.py run     set up .venv if needed, then start the program
    python dev.py test    set up .venv (with test tools) if needed, then lint and run all tests
    python dev.py demo    set up, write a demo case file with fictional pupils, open it
    python dev.py bench   set up, then run the benchmark suite, bench/run.py (a few minutes; it
                          writes its table into docs/performance.md; `bench --quick`: a smoke run)

``make run``, ``make test`` and ``make demo`` call these. Only the standard library is used
here, because this script is what installs everything else.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".installed"
DEMO_FILE = ROOT / "demo" / "demo.elevhalsa"
DEMO_PASSWORD = "demo-lösenord"


def _requirements_digest() -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def ensure_environment() -> None:
    """Create .venv and install the package with its test extras, again when pyproject changes."""
    if sys.version_info < (3, 11):  # noqa: UP036 (this script may be started by an older Python)
        sys.exit("Elevhälsa Desktop behöver Python 3.11 eller nyare.")
    if STAMP.exists() and STAMP.read_text() == _requirements_digest() and PYTHON.exists():
        return
    print("Installerar programmet och dess beroenden i .venv (första gången tar det en stund)…")
    if not PYTHON.exists():
        venv.EnvBuilder(with_pip=True).create(VENV)
    pip = [str(PYTHON), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, "--upgrade", "pip"], check=True)
    subprocess.run([*pip, "-e", f"{ROOT}[test]"], check=True)
    STAMP.write_text(_requirements_digest())


def run(*args: str) -> int:
    return subprocess.run([str(PYTHON), "-m", "elevhalsa_desktop", *args], cwd=ROOT).returncode


def test(*pytest_args: str) -> int:
    for step in (["-m", "ruff", "check", "."], ["-m", "ruff", "format", "--check", "."]):
        if subprocess.run([str(PYTHON), *step], cwd=ROOT).returncode:
            return 1
    # One worker per core unless the caller chose (-n 0 runs in this process, for debugging).
    workers = [] if any(a.startswith("-n") for a in pytest_args) else ["-n", "auto"]
    return subprocess.run(
        [str(PYTHON), "-m", "pytest", *workers, *pytest_args], cwd=ROOT
    ).returncode


def demo() -> int:
    if not DEMO_FILE.exists():
        DEMO_FILE.parent.mkdir(exist_ok=True)
        env = dict(os.environ, ELEVHALSA_PASSWORD=DEMO_PASSWORD)
        made = subprocess.run(
            [str(PYTHON), "-m", "elevhalsa_desktop", "demo", str(DEMO_FILE)], cwd=ROOT, env=env
        )
        if made.returncode:
            return made.returncode
    print(f"Lösenordet till demoakten är: {DEMO_PASSWORD}")
    return run(str(DEMO_FILE))


def bench(*args: str) -> int:
    """The benchmark suite (bench/run.py): one table, also written into docs/performance.md.
    The scripts it draws on (bench/startup.py, attendance.py, ...) run alone for more detail."""
    return subprocess.run([str(PYTHON), str(ROOT / "bench" / "run.py"), *args], cwd=ROOT).returncode


def main(argv: list[str]) -> int:
    commands = {"run": run, "test": test, "demo": demo, "bench": bench}
    if not argv or argv[0] not in commands:
        print(__doc__)
        return 2
    ensure_environment()
    return commands[argv[0]](*argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
