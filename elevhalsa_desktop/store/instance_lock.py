"""One program at a time per case file: an OS lock on a small file next to the case file.

``skolan.elevhalsa`` is guarded by ``skolan.elevhalsa.lock``, locked with ``flock`` (POSIX) or
``msvcrt.locking`` (Windows) for as long as the case file is open, and removed on close. The
operating system drops the lock when the process ends, however it ends, so a crash never leaves
a file locked for good; a lock file left behind by a crash is simply taken over.

The lock file holds the program's process id and nothing else: no user, no school, no path.
The program's own second connections (work on another thread) share the lock of the first.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from pathlib import Path

LOCK_SUFFIX = ".lock"
_BUSY = {errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK, errno.EDEADLK}


class AlreadyOpen(Exception):
    """Another process, or another part of this one, holds the lock."""


def lock_path_for(path: Path) -> Path:
    return path.with_name(path.name + LOCK_SUFFIX)


def _try_lock(fd: int) -> bool:
    """Lock without waiting. True if locked; False if someone else holds it. Raises OSError when
    the file system does not lock at all."""
    try:
        if sys.platform == "win32":
            import msvcrt

            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            # flock, not lockf: flock locks belong to the open file, so a second open in the
            # same process is refused too (lockf locks belong to the process and would not be).
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as error:
        if error.errno in _BUSY:
            return False
        raise
    return True


def _unlock(fd: int) -> None:
    with contextlib.suppress(OSError):
        if sys.platform == "win32":
            import msvcrt

            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_UN)


class InstanceLock:
    """Held from ``acquire`` until the last ``release``; ``share`` adds a holder."""

    def __init__(self, path: Path, fd: int | None):
        self.lock_path = path
        self._fd = fd
        self._holders = 1

    @property
    def held(self) -> bool:
        return self._holders > 0

    @classmethod
    def acquire(cls, case_path: Path) -> InstanceLock:
        """Lock ``case_path``'s lock file. Raises AlreadyOpen, or OSError when the folder cannot
        take the lock file (read-only, full). On a file system that has no locks (some network
        shares) the file is opened without one: the location warning covers that case."""
        lock_path = lock_path_for(case_path)
        for _attempt in range(5):
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600)
            try:
                locked = _try_lock(fd)
            except OSError:
                os.close(fd)
                with contextlib.suppress(OSError):
                    lock_path.unlink()
                return cls(lock_path, None)
            if not locked:
                os.close(fd)
                raise AlreadyOpen(lock_path)
            # The holder before us may have removed the file between our open and our lock: then
            # we hold a lock on a file nobody else will see. Start again with the file at the path.
            if _same_file(fd, lock_path):
                break
            _unlock(fd)
            os.close(fd)
        else:  # pragma: no cover - only under a storm of opens and closes
            raise AlreadyOpen(lock_path)
        try:
            # Truncate only a file left behind by a crash: on ext4 a truncate-then-write makes
            # close() wait for the disk (auto_da_alloc), 5 ms instead of 0.1.
            if os.fstat(fd).st_size:
                os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode("ascii"))
        except OSError:
            pass  # the pid is for people looking at the folder, the lock does not need it
        return cls(lock_path, fd)

    def share(self) -> InstanceLock:
        self._holders += 1
        return self

    def release(self) -> None:
        if self._holders <= 0:
            return
        self._holders -= 1
        if not self._holders:
            self._let_go()

    def __del__(self) -> None:
        # A case file dropped without close() (its connection closed by hand, say) must not
        # keep others out for the rest of the process.
        self._holders = 0
        with contextlib.suppress(Exception):  # at interpreter shutdown, say
            self._let_go()

    def _let_go(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        # Remove before unlocking, so that whoever opens the path next creates a new file and
        # locks that one (see the check in acquire).
        with contextlib.suppress(OSError):
            if sys.platform != "win32":
                self.lock_path.unlink()
        _unlock(fd)
        with contextlib.suppress(OSError):
            os.close(fd)
        if sys.platform == "win32":
            # An open file cannot be removed on Windows: remove it after closing, and leave it
            # if another instance has opened it meanwhile.
            with contextlib.suppress(OSError):
                self.lock_path.unlink()


def _same_file(fd: int, path: Path) -> bool:
    try:
        held, there = os.fstat(fd), os.stat(path)
    except OSError:
        return False
    if sys.platform == "win32" and not held.st_ino:
        return True
    return (held.st_dev, held.st_ino) == (there.st_dev, there.st_ino)
