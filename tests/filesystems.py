"""Real read-only and full file systems for tests of the "nothing is written" promises.

As root (CI here) permission bits do not stop writes, so we mount a small tmpfs; as an ordinary
user a folder without write permission does the job. Where neither works the test is skipped.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest


def _mount_tmpfs(target: Path, options: str) -> bool:
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(target)],
        capture_output=True,
        check=False,
    )
    return result.returncode == 0


def _unmount(target: Path) -> None:
    subprocess.run(["umount", "-l", str(target)], capture_output=True, check=False)


@contextlib.contextmanager
def read_only_dir(base: Path) -> Iterator[Path]:
    target = base / "skrivskyddad"
    target.mkdir()
    if os.geteuid() != 0:
        target.chmod(0o555)
        try:
            yield target
        finally:
            target.chmod(0o755)
        return
    if not _mount_tmpfs(target, "ro,size=1m"):
        pytest.skip("cannot mount a read-only file system here")
    try:
        yield target
    finally:
        _unmount(target)


@contextlib.contextmanager
def small_disk(base: Path, size: str = "600k") -> Iterator[Path]:
    """A file system of ``size`` that the test can fill up."""
    target = base / "liten-disk"
    target.mkdir()
    if os.geteuid() != 0 or not _mount_tmpfs(target, f"size={size}"):
        pytest.skip("cannot mount a small file system here")
    try:
        yield target
    finally:
        _unmount(target)
