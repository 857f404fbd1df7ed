"""Started by bench/startup.py in a fresh process: shows a window and prints the seconds from
process start to the window's first paint, then, once the window has closed, the process's peak
memory ("peak_mb 123.4", where the system says). Not a test; not imported by the program.

    python bench/window_probe.py bare
    python bench/window_probe.py app CASEFILE PASSWORD
"""

from __future__ import annotations

import sys
import time

# The first line of the process: everything after counts (imports, unlocking, building the window).
T0 = time.perf_counter()

from PySide6.QtCore import QEvent, QObject, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QMainWindow  # noqa: E402


class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            print(f"{time.perf_counter() - T0:.4f}", flush=True)
            # exit, not quit: Qt 6's quit closes the window, and closing the program makes a
            # backup of the case file, which is not part of the start.
            QTimer.singleShot(0, lambda: QApplication.exit(0))
            watched.removeEventFilter(self)
        return False


def main() -> int:
    mode = sys.argv[1]
    app = QApplication(sys.argv[:1])
    if mode == "bare":
        window = QMainWindow()
        window.setWindowTitle("Bare PySide6")
        window.resize(1280, 800)
    else:
        from elevhalsa_desktop.services.session import open_case
        from elevhalsa_desktop.ui.local_settings import local_settings
        from elevhalsa_desktop.ui.main_window import MainWindow

        session = open_case(sys.argv[2], sys.argv[3])
        window = MainWindow(session, local_settings())
        window.resize(1280, 800)
    watcher = FirstPaint()
    window.installEventFilter(watcher)
    window.show()
    code = app.exec()
    from report import peak_mb_of_this_process  # after the paint: not part of the time

    peak = peak_mb_of_this_process()
    if peak is not None:
        print(f"peak_mb {peak:.1f}", flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
