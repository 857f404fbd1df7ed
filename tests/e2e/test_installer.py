"""The distributable, built as IT builds it and run as a user runs it.

`python build_installer.py` freezes the program from a clean environment into a folder and a
.tar.gz; the tests unpack the archive elsewhere and run the program from there: its --version, a
demo case file, `check`, the handover print (whose worker processes are the frozen program
started again) and the window on the offscreen platform. What the build leaves out (GTK, Qt's
network and OpenGL bindings, foreign Qt translations, test tools) is checked to be gone, so the
runs prove the program does not need it.

Slow: the build takes about 40 s on two quiet cores (the clean environment 12 s, PyInstaller 25 s,
the archive 5 s) and the runs 10 s. It runs once per test session; the clean build environment
(build/venv) is kept while pyproject.toml and the Python are unchanged, as for a build by hand.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import sysconfig
import tarfile
import time
from pathlib import Path

import pytest

from elevhalsa_desktop import __version__

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "korrekt häst batteri"
# Notices of Qt's offscreen platform itself, printed by every program that uses it.
OFFSCREEN_NOTICES = re.compile(r"^This plugin does not support \w+\(\)$")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not sys.platform.startswith("linux"), reason="builds the Linux distributable"
    ),
    pytest.mark.skipif(
        not sysconfig.get_config_var("Py_ENABLE_SHARED"),
        reason="PyInstaller needs a Python built with its shared library",
    ),
]


def _environment(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env.pop("ELEVHALSA_PASSWORD", None)
    env.update(ELEVHALSA_HOME=str(home), QT_QPA_PLATFORM="offscreen", **extra)
    return env


@pytest.fixture(scope="session")
def build(tmp_path_factory):
    dist = tmp_path_factory.mktemp("dist")
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, str(ROOT / "build_installer.py"), "--dist", str(dist)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=1200,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    print(f"build_installer.py took {time.monotonic() - started:.0f} s")
    return dist, done.stdout


@pytest.fixture(scope="session")
def unpacked(build, tmp_path_factory) -> Path:
    """The program folder as a user gets it: unpacked from the archive somewhere else."""
    dist, _output = build
    (archive,) = dist.glob("Elevhalsa-*-linux-*.tar.gz")
    target = tmp_path_factory.mktemp("unpacked")
    with tarfile.open(archive) as tar:
        tar.extractall(target, filter="data")
    (folder,) = target.iterdir()
    return folder.resolve()


def _run(program: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(program), *args],
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def test_build_says_what_it_built_and_how_big(build, unpacked):
    _dist, output = build
    assert f"Elevhälsa Desktop {__version__}" in output
    assert re.search(r"program folder .*Elevhalsa\s+\d+\.\d MB", output)
    assert re.search(r"Elevhalsa-.*-linux-.*\.tar\.gz\s+\d+\.\d MB", output)
    assert unpacked.name == f"Elevhalsa-{__version__}"
    for name in ("elevhalsa", "elevhalsa.desktop", "elevhalsa.png", "installera-genvag.sh"):
        assert (unpacked / name).is_file(), name
    assert os.access(unpacked / "elevhalsa", os.X_OK)
    entry = (unpacked / "elevhalsa.desktop").read_text(encoding="utf-8")
    assert "Exec=elevhalsa %f" in entry and "Icon=elevhalsa" in entry


def test_what_is_left_out_is_gone(unpacked):
    files = [p.relative_to(unpacked).as_posix() for p in unpacked.rglob("*")]
    internal = unpacked / "_internal"
    # Forms, fonts, icons and styles are inside, where importlib.resources looks for them.
    assert (internal / "elevhalsa_desktop/forms/main_window.ui").is_file()
    assert (internal / "elevhalsa_desktop/resources/fonts/NotoSans-Regular.ttf").is_file()
    assert (internal / "elevhalsa_desktop/resources/icons/app.svg").is_file()
    assert (internal / "elevhalsa_desktop/resources/styles/app.qss").is_file()
    translations = sorted(p.name for p in internal.rglob("*.qm"))
    assert translations == ["qtbase_sv.qm"]
    for left_out in (
        "libgtk-3",
        "libQt6Network",
        "QtNetwork.abi3",
        "QtOpenGL.abi3",
        "platforms/libqvnc",
        "plugins/tls/",
        "_tkinter",
        "pytest",
        "hypothesis",
    ):
        assert not [f for f in files if left_out in f], left_out
    dangling = [f for f in files if (unpacked / f).is_symlink() and not (unpacked / f).exists()]
    assert dangling == []
    size = sum(p.stat().st_size for p in unpacked.rglob("*") if p.is_file() and not p.is_symlink())
    # About 143 MB (175 MB where `strip` is missing); PyInstaller's defaults give 229 MB here.
    assert size < 200_000_000


def test_version_demo_check_and_handover_print(unpacked, tmp_path):
    program = unpacked / "elevhalsa"
    env = _environment(tmp_path / "home", ELEVHALSA_PASSWORD=PASSWORD)
    version = _run(program, "--version", env=env)
    assert version.returncode == 0
    assert version.stdout.strip() == f"Elevhälsa Desktop {__version__}"

    case = tmp_path / "demo.elevhalsa"
    demo = _run(program, "demo", str(case), env=env)
    assert demo.returncode == 0, demo.stderr
    assert case.read_bytes()[:16] != b"SQLite format 3\x00"  # encrypted

    check = _run(program, "check", str(case), env=env)
    assert check.returncode == 0, check.stderr
    assert check.stdout.startswith("OK:")

    # The demo's year-6 cohort is more than SMALL_BATCH documents, so a worker process (the
    # frozen program started with spawn) draws half of them.
    out = tmp_path / "handover"
    out.mkdir()
    printed = _run(
        program, "print", "handover", str(case), "--year", "6", "--out", str(out), env=env
    )
    assert printed.returncode == 0, printed.stderr
    pdfs = sorted(out.glob("*.pdf"))
    assert len(pdfs) >= 9
    assert all(p.read_bytes().startswith(b"%PDF") for p in pdfs)
    assert printed.stderr == ""


def test_window_starts_on_the_offscreen_platform(unpacked, tmp_path):
    """The start dialog (no file) and the password dialog (a file) each come up and stay up,
    with nothing on stderr but the offscreen platform's notices; Qt's plugin log shows the
    platform and the SVG icon engine loaded from inside the folder."""
    program = unpacked / "elevhalsa"
    case = tmp_path / "skolan.elevhalsa"
    made = _run(
        program,
        "new",
        str(case),
        "--school",
        "Testskolan",
        "--name",
        "Maria Lindqvist",
        env=_environment(tmp_path / "home-new", ELEVHALSA_PASSWORD=PASSWORD),
    )
    assert made.returncode == 0, made.stderr
    runs = {
        "start": ([], _environment(tmp_path / "home-start", QT_DEBUG_PLUGINS="1")),
        "password": ([str(case)], _environment(tmp_path / "home-password")),
    }
    processes = {
        name: subprocess.Popen(
            [str(program), *args],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            errors="replace",
        )
        for name, (args, env) in runs.items()
    }
    try:
        time.sleep(4)
        alive = {name: process.poll() is None for name, process in processes.items()}
    finally:
        for process in processes.values():
            process.terminate()
        errors = {name: process.communicate(timeout=30)[1] for name, process in processes.items()}
    assert alive == {"start": True, "password": True}, errors

    lines = [line for line in errors["password"].splitlines() if line.strip()]
    assert [line for line in lines if not OFFSCREEN_NOTICES.match(line)] == []

    plugin_log = errors["start"]
    assert "Traceback" not in plugin_log
    for plugin in ("platforms/libqoffscreen.so", "iconengines/libqsvgicon.so"):
        assert f'{unpacked}/_internal/PySide6/Qt/plugins/{plugin}" loaded library' in plugin_log
