"""What a failure leaves behind: no core dump, and a local crash report built from an allowlist
of fields (versions, system, the exception's type and code places), never a message, a source
line, a local variable or an argument."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from elevhalsa_desktop import __main__ as cli
from elevhalsa_desktop import config, crash_reports
from tests.conftest import PASSWORD

NAME = "Alva Öberg"
CIVIC = "20120314-1239"
ROOT = Path(__file__).resolve().parents[2]


def _fail_for(pupil_civic_no: str) -> None:
    pupil_name = NAME  # a local, as in any service that holds a pupil
    try:
        int(pupil_civic_no)  # ValueError, message holds the value
    except ValueError as error:
        raise RuntimeError(f"Kunde inte spara {pupil_name} ({pupil_civic_no})") from error


def _raised() -> BaseException:
    try:
        _fail_for(CIVIC)
    except RuntimeError as error:
        return error
    raise AssertionError("did not raise")


def _assert_clean(text: str) -> None:
    for secret in (NAME, "Alva", "Öberg", CIVIC, "20120314", "Kunde inte spara"):
        assert secret not in text, secret


def test_a_crash_report_holds_the_allowlisted_fields_only(private_home):
    error = _raised()
    path = crash_reports.write_report(error, qt_version="6.9.9")
    assert path is not None and path.parent == config.log_dir()
    assert path.parent == private_home / "logs"
    text = path.read_text(encoding="utf-8")
    _assert_clean(text)
    assert "Elevhälsa Desktop" in text and "Qt: 6.9.9" in text and "Python: 3." in text
    assert "builtins.RuntimeError" in text and "Orsakat av: builtins.ValueError" in text
    assert "test_crash_reports.py:" in text and " i _fail_for" in text
    assert str(ROOT) not in text  # file names, never paths (which can hold the user's name)
    if os.name == "posix":
        assert path.stat().st_mode & 0o077 == 0


def test_crash_reports_rotate(private_home):
    error = _raised()
    written = [crash_reports.write_report(error) for _ in range(crash_reports.KEEP + 3)]
    kept = sorted(config.log_dir().glob("felrapport-*.txt"))
    assert kept == written[-crash_reports.KEEP :]


def test_an_unexpected_error_on_the_command_line_is_reported_without_values(
    session, case_path, monkeypatch, capsys, private_home
):
    session.close()
    monkeypatch.setenv("ELEVHALSA_PASSWORD", PASSWORD)
    monkeypatch.setattr(cli, "_cmd_pupils", lambda args: _fail_for(CIVIC))
    assert cli.main(["pupils", str(case_path)]) == cli.EXIT_UNEXPECTED
    err = capsys.readouterr().err
    _assert_clean(err)
    assert "RuntimeError" in err and "felrapport-" in err
    (report,) = (private_home / "logs").glob("felrapport-*.txt")
    _assert_clean(report.read_text(encoding="utf-8"))


def _writer_when_read(fifo: Path, proc: subprocess.Popen, seconds: float = 60) -> int:
    """Open the FIFO for writing once the program has opened it to read (ENXIO until then)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        except OSError:
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "the program never asked for the password"
            time.sleep(0.01)
            continue
        os.set_blocking(fd, True)
        return fd


@pytest.mark.skipif(not Path("/proc/self/limits").exists(), reason="reads /proc/PID/limits")
def test_the_real_program_runs_without_core_dumps(session, case_path, tmp_path):
    """``python -m elevhalsa_desktop check`` started with core dumps allowed: while it waits for
    the password (from a FIFO) its core file limit is already 0."""
    import resource

    session.close()
    _soft, hard = resource.getrlimit(resource.RLIMIT_CORE)
    if hard == 0:
        pytest.skip("core dumps are off for this whole machine already")
    allowed = hard if hard != resource.RLIM_INFINITY else 1 << 30
    fifo = tmp_path / "lösenord"
    os.mkfifo(fifo)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "elevhalsa_desktop",
            "check",
            str(case_path),
            "--password-file",
            str(fifo),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_CORE, (allowed, hard)),
    )
    try:
        fd = _writer_when_read(fifo, proc)
        # The program is inside main(), waiting for the password.
        limits = Path(f"/proc/{proc.pid}/limits").read_text()
        with os.fdopen(fd, "w", encoding="utf-8") as pipe:
            pipe.write(PASSWORD + "\n")
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    core = next(line for line in limits.splitlines() if line.startswith("Max core file size"))
    assert core.split()[4:6] == ["0", "0"], core
    assert proc.returncode == 0, err
    assert "OK" in out


def test_core_dumps_are_off_after_disable():
    """In a child (the limit cannot be raised again in this process)."""
    code = (
        "import resource; from elevhalsa_desktop import crash_reports;"
        "print(crash_reports.disable_core_dumps(), resource.getrlimit(resource.RLIMIT_CORE))"
    )
    if sys.platform == "win32":
        pytest.skip("Windows has no RLIMIT_CORE")
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "True (0, 0)"
