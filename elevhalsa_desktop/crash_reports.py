"""What is left behind when the program fails: a local crash report without personal data, and no
core dump. No Qt here: the window passes its Qt version in, the command line has none.

A crash report is built from an allowlist of fields only: the program's version, the Python and
Qt versions, the operating system, the exception's type, and for each frame of the traceback
(and of the exceptions it was raised from) the source file's name, the line number and the
function's name. Never the exception's message, the source line, locals or arguments: any of
those could hold a pupil's name or civic number. Reports are kept in ``config.log_dir()`` (the
newest ``KEEP`` of them) for IT support to read; nothing is ever sent anywhere.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import os
import platform
import re
import traceback
from pathlib import Path

from . import __version__, config

KEEP = 5
PREFIX = "felrapport-"
_CHAIN_MAX = 5


def disable_core_dumps() -> bool:
    """No core file, whatever the shell's ``ulimit -c``: a core dump of this program would hold
    the case file's key and decrypted pupil data in plain bytes. True when the limit is 0.

    POSIX only. Windows writes no dump of a crashed program unless an administrator has turned
    on Windows Error Reporting's LocalDumps, which is a matter for the school's IT (README)."""
    try:
        import resource
    except ImportError:  # Windows
        return False
    try:
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ValueError, OSError):
        return False
    return resource.getrlimit(resource.RLIMIT_CORE) == (0, 0)


def _file_name(path: str) -> str:
    # The name alone: a full path can hold the user's name (C:\Users\anna.svensson\...).
    return re.split(r"[\\/]", path)[-1]


def _chain(error: BaseException) -> list[BaseException]:
    """The error and the ones it was raised from or while handling, innermost last."""
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in chain and len(chain) < _CHAIN_MAX:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def details(error: BaseException) -> str:
    """The exception's type and the code locations, for the crash report and the details
    button: no message, no source line, no values."""
    lines: list[str] = []
    for index, item in enumerate(_chain(error)):
        kind = type(item)
        label = "" if index == 0 else "Orsakat av: "
        lines.append(f"{label}{kind.__module__}.{kind.__qualname__}")
        lines += [
            f"  {_file_name(f.filename)}:{f.lineno} i {f.name}"
            for f in traceback.extract_tb(item.__traceback__)
        ]
    return "\n".join(lines)


def report_text(error: BaseException, qt_version: str = "") -> str:
    fields = [
        ("Program", f"Elevhälsa Desktop {__version__}"),
        ("Python", platform.python_version()),
        ("Qt", qt_version or "-"),
        ("System", f"{platform.system()} {platform.release()} {platform.machine()}".strip()),
    ]
    head = "\n".join(f"{name}: {value}" for name, value in fields)
    return f"{head}\n\n{details(error)}\n"


def write_report(error: BaseException, qt_version: str = "") -> Path | None:
    """Write a crash report into the log folder and keep the newest ``KEEP``. Never raises: a
    report that cannot be written must not make a failure worse. Returns the file, or None."""
    try:
        folder = config.log_dir()
        stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        path = folder / f"{PREFIX}{stamp}.txt"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(report_text(error, qt_version))
        for old in sorted(folder.glob(f"{PREFIX}*.txt"))[:-KEEP]:
            with contextlib.suppress(OSError):
                old.unlink()
        return path
    except Exception:
        return None
