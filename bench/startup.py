"""How long the window takes to appear: a bare PySide6 window, the program with the demo case
file, and the program with a generated file of 10,000 pupils. Each figure is the median of
several fresh processes (process start to first paint, on the same Qt platform).

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
PASSWORD = "benchmark-lösenord"


def _window_seconds(env: dict, mode: str, *args: str) -> float:
    out = subprocess.run(
        [sys.executable, str(HERE / "window_probe.py"), mode, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    return float(out.stdout.strip().splitlines()[-1])


def _interleaved(runs: int, env: dict, cases: dict[str, tuple[str, ...]]) -> dict[str, float]:
    """Median seconds per case. The cases take turns, so a machine that speeds up or slows down
    during the run (a shared 2-core machine does) affects all of them alike."""
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(runs):
        for name, args in cases.items():
            times[name].append(_window_seconds(env, *args))
    return {name: statistics.median(values) for name, values in times.items()}


def _make_file(folder: Path, name: str, pupils: int) -> tuple[Path, float]:
    from elevhalsa_desktop.services.demo import write_demo

    started = time.perf_counter()
    session = write_demo(folder / name, PASSWORD, pupils=pupils, seed=1)
    session.close()
    return folder / name, time.perf_counter() - started


def _filter_ms_per_keystroke(path: Path) -> float | None:
    """Type "anna 7b" into the pupil list's filter one character at a time; median ms/keystroke."""
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
    for _ in range(5):
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

    env = dict(os.environ, QT_QPA_PLATFORM=args.platform)
    with tempfile.TemporaryDirectory() as tmp:
        env["ELEVHALSA_HOME"] = tmp
        os.environ["ELEVHALSA_HOME"] = tmp
        folder = Path(tmp)
        demo, demo_s = _make_file(folder, "demo.elevhalsa", 60)
        large, large_s = _make_file(folder, "stor.elevhalsa", 10_000)

        medians = _interleaved(
            args.runs,
            env,
            {
                "bare": ("bare",),
                "demo": ("app", str(demo), PASSWORD),
                "large": ("app", str(large), PASSWORD),
            },
        )
        bare, with_demo, with_large = medians["bare"], medians["demo"], medians["large"]
        filter_ms = _filter_ms_per_keystroke(large)

    print(
        f"Qt platform: {args.platform}; median of {args.runs} fresh processes each, taking turns\n"
    )
    print(f"{'measure':<52}{'seconds':>10}{'ratio':>8}")
    print(f"{'bare PySide6 window, start to first paint':<52}{bare:>10.3f}{1:>8.2f}")
    print(
        f"{'Elevhälsa window, demo file (60 pupils)':<52}{with_demo:>10.3f}{with_demo / bare:>8.2f}"
    )
    print(f"{'Elevhälsa window, 10,000 pupils':<52}{with_large:>10.3f}{with_large / bare:>8.2f}")
    print(f"{'(writing the 10,000-pupil file, one transaction)':<52}{large_s:>10.3f}")
    print(f"{'(writing the demo file)':<52}{demo_s:>10.3f}")
    if filter_ms is not None:
        print(f"\nfilter the pupil list, 10,000 pupils: {filter_ms:.1f} ms per keystroke (median)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
