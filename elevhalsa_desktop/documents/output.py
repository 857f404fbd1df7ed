"""Writing a finished document: whole or not at all.

The PDF is drawn into a temporary file next to the target and moved into place in one step, so a
failed, cancelled or crashed print never leaves half a file, and the old file stays as it was
until the new one is complete.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from ..store.errors import CannotWrite, write_problem

Build = Callable[[BinaryIO], None]


def write_pdf(target: Path, build: Build) -> None:
    """Call ``build`` with a file to draw into, then put that file at ``target``.

    Raises CannotWrite with a sentence for the user when the folder, the disk or the target
    refuses; any other error from ``build`` is passed on. Either way nothing is left behind and
    an existing ``target`` is untouched.
    """
    target = Path(target)
    try:
        # The same folder as the target: os.replace is only atomic within one file system.
        part = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below, before the move
            dir=target.parent, prefix=f"~{target.stem}-", suffix=".part", delete=False
        )
    except FileNotFoundError:
        raise CannotWrite(
            f"Mappen {target.parent.name or target.parent} finns inte. Ingenting sparades. "
            "Välj en annan plats och försök igen."
        ) from None
    except OSError as error:
        raise write_problem(target, error) from error
    part_path = Path(part.name)
    try:
        with part:
            _fill(part, build, target)
        _keep_permissions(target, part_path)
        _replace(part_path, target)
    except BaseException:
        with contextlib.suppress(OSError):
            part_path.unlink()
        raise


def render_pdf_bytes(build: Build) -> bytes:
    """The document in memory, for a preview: nothing touches the disk."""
    out = io.BytesIO()
    build(out)
    return out.getvalue()


def _fill(part: BinaryIO, build: Build, target: Path) -> None:
    try:
        build(part)
        part.flush()
        os.fsync(part.fileno())  # on disk before it takes the old file's place
    except OSError as error:  # a full disk, a removed USB stick
        raise write_problem(target, error) from error


def _replace(part: Path, target: Path) -> None:
    try:
        os.replace(part, target)
    except PermissionError as error:
        # On Windows a file open in a PDF reader cannot be replaced (sharing violation), and
        # a read-only file cannot be either.
        if target.exists():
            raise CannotWrite(
                f"Filen {target.name} är öppen i ett annat program eller skrivskyddad. "
                "Stäng den och försök igen – den gamla filen är orörd."
            ) from error
        raise write_problem(target, error) from error
    except OSError as error:
        if error.errno == errno.EISDIR or target.is_dir():
            raise CannotWrite(
                f"{target.name} är en mapp. Ingenting sparades. Välj ett filnamn och försök igen."
            ) from error
        raise write_problem(target, error) from error


def _keep_permissions(target: Path, part: Path) -> None:
    """A replaced file keeps its permissions. A new one keeps the temporary file's owner-only
    permissions (on POSIX): the document is confidential until someone decides otherwise."""
    with contextlib.suppress(OSError):
        if target.is_file():
            shutil.copymode(target, part)
