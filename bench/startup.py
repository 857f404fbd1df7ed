"""How long the window takes to appear: a bare PySide6 window, the program with the demo case
file, and the program with a generated file of 10,000 pupils (with guardians; no plans or
attendance). Each figure is the median of several fresh processes (process start to first
paint, on the same Qt platform).

    .venv/bin/python bench/startup.py [--runs 7] [--platform offscreen|xcb]

Also prints how long filtering the pupil list takes per keystroke with 10,000 pupils.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from report import compiled_like_installed  # noqa: E402

PASSWORD = "benchmark-lösenord"


def window_probe(env: dict, mode: str, *args: str) -> tuple[float, float | None]:
    """One fresh process showing a window (see window_probe.py): the seconds from process start
    to first paint, and the process's peak memory in MB (None where the system does not say)."""
    out = subprocess.run(
        [sys.executable, str(HERE / "window_probe.py"), mode, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    seconds, peak = None, None
    for line in out.stdout.split("\n"):
        if line.startswith("peak_mb "):
            peak = float(line.split()[1])
        elif line.strip():
            try:
                seconds = float(line)
            except ValueError:
                continue  # something the program printed
    if seconds is None:
        raise RuntimeError(f"the window did not paint: {out.stdout}{out.stderr}")
    return seconds, peak


def window_medians(
    runs: int, env: dict, cases: dict[str, tuple[str, ...]]
) -> dict[str, dict[str, float | None]]:
    """Per case, the median of ``runs`` fresh processes: {"seconds": ..., "peak_mb": ...}. The
    cases take turns, so a machine that speeds up or slows down during the run (a shared 2-core
    machine does) affects all of them alike."""
    seconds: dict[str, list[float]] = {name: [] for name in cases}
    peaks: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(runs):
        for name, args in cases.items():
            wall, peak = window_probe(env, *args)
            seconds[name].append(wall)
            if peak is not None:
                peaks[name].append(peak)
    return {
        name: {
            "seconds": statistics.median(seconds[name]),
            "peak_mb": statistics.median(peaks[name]) if peaks[name] else None,
        }
        for name in cases
    }


def make_file(folder: Path, name: str, pupils: int) -> tuple[Path, float]:
    """The demo case file (pupils, plans, returns, attendance, handovers) with ``pupils`` pupils;
    seconds to write it. A minute or more for thousands of pupils: see ``make_pupils_file``."""
    from elevhalsa_desktop.services.demo import write_demo

    started = time.perf_counter()
    session = write_demo(folder / name, PASSWORD, pupils=pupils, seed=1)
    session.close()
    return folder / name, time.perf_counter() - started


def make_pupils_file(folder: Path, name: str, pupils: int) -> tuple[Path, float]:
    """A case file of ``pupils`` fictional pupils with their guardians and one audit entry each,
    in one transaction (what the pupil list shows; no plans, attendance or notes); seconds."""
    from elevhalsa_desktop.domain.people import Role
    from elevhalsa_desktop.services.demo import DEMO_SCHOOL, DEMO_USER, fictional_pupils
    from elevhalsa_desktop.services.session import create_case
    from elevhalsa_desktop.store import audit
    from elevhalsa_desktop.store import pupils as repo

    started = time.perf_counter()
    session = create_case(
        folder / name,
        PASSWORD,
        PASSWORD,
        school_name=DEMO_SCHOOL,
        user_name=DEMO_USER,
        role=Role.COORDINATOR,
    )
    with session.case.write() as db:
        for pupil in fictional_pupils(pupils, seed=1):
            saved = repo.insert(db, pupil, session.user.id)
            session.log(audit.Action.CREATED, saved.id, "demodata")
    session.close()
    return folder / name, time.perf_counter() - started


def filter_ms_per_keystroke(path: Path, rounds: int = 5) -> float | None:
    """Type "anna 7b" into the pupil list's filter one character at a time, ``rounds`` times, in
    this process (a QApplication on the offscreen platform unless one is set); the median
    milliseconds per keystroke for the proxy to re-filter. None without PySide6."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        from PySide6.QtWidgets import QApplication

        from elevhalsa_desktop.services.pupils import PupilService
        from elevhalsa_desktop.services.session import open_case
        from elevhalsa_desktop.ui.pupil_table_model import PupilFilterProxy, PupilTableModel
    except ImportError:
        return None
    app = QApplication.instance() or QApplication([])
    session = open_case(path, PASSWORD)
    model = PupilTableModel()
    model.set_rows(PupilService(session).rows())
    proxy = PupilFilterProxy()
    proxy.setSourceModel(model)
    samples = []
    for _ in range(rounds):
        typed = ""
        for char in "anna 7b":
            typed += char
            started = time.perf_counter()
            proxy.set_text(typed)
            proxy.rowCount()
            samples.append((time.perf_counter() - started) * 1000)
        proxy.set_text("")
    session.close()
    del app
    return statistics.median(samples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--platform", default=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        compiled_like_installed(Path(tmp) / "pycache")
        env = dict(os.environ, QT_QPA_PLATFORM=args.platform)
        env["ELEVHALSA_HOME"] = tmp
        os.environ["ELEVHALSA_HOME"] = tmp
        folder = Path(tmp)
        demo, demo_s = make_file(folder, "demo.elevhalsa", 60)
        large, large_s = make_pupils_file(folder, "stor.elevhalsa", 10_000)

        medians = window_medians(
            args.runs,
            env,
            {
                "bare": ("bare",),
                "demo": ("app", str(demo), PASSWORD),
                "large": ("app", str(large), PASSWORD),
            },
        )
        bare, with_demo, with_large = (medians[k]["seconds"] for k in ("bare", "demo", "large"))
        peak = medians["large"]["peak_mb"]
        filter_ms = filter_ms_per_keystroke(large)

    print(
        f"Qt platform: {args.platform}; median of {args.runs} fresh processes each, taking turns\n"
    )
    print(f"{'measure':<52}{'seconds':>10}{'ratio':>8}")
    print(f"{'bare PySide6 window, start to first paint':<52}{bare:>10.3f}{1:>8.2f}")
    print(
        f"{'Elevhälsa window, demo file (60 pupils)':<52}{with_demo:>10.3f}{with_demo / bare:>8.2f}"
    )
    print(f"{'Elevhälsa window, 10,000 pupils':<52}{with_large:>10.3f}{with_large / bare:>8.2f}")
    if peak is not None:
        print(f"{'(peak memory of the window, 10,000 pupils, MB)':<52}{peak:>10.0f}")
    print(f"{'(writing the 10,000-pupil file, one transaction)':<52}{large_s:>10.3f}")
    print(f"{'(writing the demo file)':<52}{demo_s:>10.3f}")
    if filter_ms is not None:
        print(f"\nfilter the pupil list, 10,000 pupils: {filter_ms:.1f} ms per keystroke (median)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
