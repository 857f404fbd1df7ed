"""Is a folder a safe place for a case file? Network shares and cloud-synced folders are not.

SQLite's locking and its write-ahead log rely on the local file system: over SMB or NFS the
locks are unreliable (two computers may write at once and damage the file), and a sync client
(OneDrive, Dropbox, Google Drive, iCloud) copies the database apart from its ``-wal`` file, so
saved changes can be lost or conflicting copies appear. A new case file is therefore refused in
such a place, and opening an existing one there comes with a clear warning.

Every check is best effort and never raises: an unknown answer counts as a local folder.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path, PurePath, PureWindowsPath

#: File system types (as /proc/self/mountinfo names them) that live on another computer.
NETWORK_FS_TYPES = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb",
        "smb3",
        "smbfs",
        "sshfs",
        "fuse.sshfs",
        "9p",
        "afs",
        "ncpfs",
        "coda",
        "davfs",
        "fuse.davfs",
        "fuse.gvfsd-fuse",
        "fuse.smbnetfs",
        "glusterfs",
        "fuse.glusterfs",
        "ceph",
        "fuse.ceph",
        "lustre",
        "gpfs",
        "ocfs2",
        "gfs2",
    }
)
#: File system types that are a cloud storage mounted as a folder.
CLOUD_FS_TYPES = frozenset(
    {"fuse.rclone", "fuse.s3fs", "fuse.onedriver", "fuse.google-drive-ocamlfuse"}
)
#: macOS statfs f_fstypename values of network file systems.
MACOS_NETWORK_FS_TYPES = frozenset({"smbfs", "nfs", "afpfs", "webdav", "cifs", "ftp"})

_DRIVE_REMOTE = 4  # GetDriveTypeW


@dataclass(frozen=True)
class LocationRisk:
    kind: str  # "network" or "cloud"
    #: A sentence in Swedish that says where the file is and why that is a problem.
    reason: str


def _network(where: str) -> LocationRisk:
    return LocationRisk(
        "network",
        f"Akten ligger på en nätverksenhet ({where}). Där kan programmet inte låsa och spara "
        "akten säkert: två datorer kan skriva i den samtidigt och ett avbrott i nätverket kan "
        "skada den.",
    )


def _cloud(service: str) -> LocationRisk:
    return LocationRisk(
        "cloud",
        f"Akten ligger i en mapp som synkroniseras av {service}. Synkprogrammet kopierar akten "
        "medan den används, skilt från dess skrivlogg, så sparade uppgifter kan gå förlorade "
        "eller akten bli skadad.",
    )


# Cloud-synced folders, recognised by the name of a folder on the way to the file --------------

_CLOUD_FOLDERS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), service)
    for pattern, service in (
        (r"onedrive( - .+)?|onedrive-.+", "OneDrive"),
        (r"dropbox( \(.+\))?", "Dropbox"),
        (
            r"google ?drive(-.+)?|googledrive(-.+)?|my drive|min enhet|google drive \(.+\)",
            "Google Drive",
        ),
        (r"icloud ?drive( \(.+\))?|mobile documents|com~apple~clouddocs", "iCloud Drive"),
        (r"box|box sync|box-box", "Box"),
        (r"pcloud( ?drive)?", "pCloud"),
        (r"nextcloud|owncloud", "Nextcloud"),
    )
)


def cloud_service(path: PurePath) -> str | None:
    """The sync service whose folder holds ``path``, judged by the folders' names."""
    for part in path.parent.parts:
        for pattern, service in _CLOUD_FOLDERS:
            if pattern.fullmatch(part.strip()):
                return service
    return None


# Network shares --------------------------------------------------------------------------------


def is_unc(path: str) -> bool:
    r"""``\\server\share\…`` (or ``//server/share``), but not ``\\?\C:\`` or ``\\.\``."""
    text = path.replace("/", "\\")
    if not text.startswith("\\\\"):
        return False
    if text.startswith(("\\\\?\\", "\\\\.\\")):
        return text.upper().startswith("\\\\?\\UNC\\")
    return True


def _unescape_mount(text: str) -> str:
    # mountinfo writes space, tab, newline and backslash as \040, \011, \012 and \134.
    return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), text)


def mount_of(path: str, mountinfo: str) -> tuple[str, str, str] | None:
    """(mount point, file system type, source) of the mount that holds ``path`` (absolute)."""
    best: tuple[str, str, str] | None = None
    for line in mountinfo.splitlines():
        fields = line.split()
        if " - " not in line or len(fields) < 5:
            continue
        mount_point = _unescape_mount(fields[4])
        after = line.split(" - ", 1)[1].split()
        fs_type = after[0] if after else ""
        source = _unescape_mount(after[1]) if len(after) > 1 else ""
        inside = mount_point == "/" or path == mount_point or path.startswith(mount_point + "/")
        # The longest mount point wins; of equal ones the last (the one mounted on top).
        if inside and (best is None or len(mount_point) >= len(best[0])):
            best = (mount_point, fs_type, source)
    return best


def _linux_risk(path: str, mountinfo: str | None) -> LocationRisk | None:
    if mountinfo is None:
        try:
            mountinfo = Path("/proc/self/mountinfo").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
    found = mount_of(path, mountinfo)
    if found is None:
        return None
    mount_point, fs_type, _source = found
    if fs_type in CLOUD_FS_TYPES:
        return _cloud(f"en molntjänst ({fs_type.removeprefix('fuse.')})")
    if fs_type in NETWORK_FS_TYPES or fs_type.startswith(("nfs", "smb", "cifs")):
        return _network(f"{fs_type} på {mount_point}")
    return None


def _windows_risk(path: str) -> LocationRisk | None:
    drive = PureWindowsPath(path).drive
    if not drive or drive.startswith("\\\\"):
        return None
    try:
        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
        kind = kernel32.GetDriveTypeW(ctypes.c_wchar_p(drive + "\\"))
    except (AttributeError, OSError):
        return None
    if kind == _DRIVE_REMOTE:
        return _network(f"enheten {drive}")
    return None


class _MacStatfs(ctypes.Structure):
    # struct statfs with 64-bit inodes (the only layout on Apple silicon, $INODE64 on Intel).
    _fields_ = (
        ("f_bsize", ctypes.c_uint32),
        ("f_iosize", ctypes.c_int32),
        ("f_blocks", ctypes.c_uint64),
        ("f_bfree", ctypes.c_uint64),
        ("f_bavail", ctypes.c_uint64),
        ("f_files", ctypes.c_uint64),
        ("f_ffree", ctypes.c_uint64),
        ("f_fsid", ctypes.c_int32 * 2),
        ("f_owner", ctypes.c_uint32),
        ("f_type", ctypes.c_uint32),
        ("f_flags", ctypes.c_uint32),
        ("f_fssubtype", ctypes.c_uint32),
        ("f_fstypename", ctypes.c_char * 16),
        ("f_mntonname", ctypes.c_char * 1024),
        ("f_mntfromname", ctypes.c_char * 1024),
        ("f_reserved", ctypes.c_uint32 * 8),
    )


def _macos_fs_type(folder: str) -> tuple[str, str] | None:
    with contextlib.suppress(OSError, AttributeError, ValueError):
        libc = ctypes.CDLL("/usr/lib/libc.dylib", use_errno=True)
        for name in ("statfs$INODE64", "statfs"):
            function = getattr(libc, name, None)
            if function is None:
                continue
            result = _MacStatfs()
            if function(os.fsencode(folder), ctypes.byref(result)) == 0:
                return (
                    result.f_fstypename.decode("utf-8", "replace"),
                    result.f_mntonname.decode("utf-8", "replace"),
                )
    return None


def _macos_risk(folder: str) -> LocationRisk | None:
    found = _macos_fs_type(folder)
    if found and found[0] in MACOS_NETWORK_FS_TYPES:
        return _network(f"{found[0]} på {found[1]}")
    return None


def risk(
    path: Path | str,
    *,
    platform: str | None = None,
    mountinfo: str | None = None,
) -> LocationRisk | None:
    """Why ``path`` (a case file, existing or to be created) is in an unsafe place, or None.

    ``platform`` (``sys.platform`` values) and ``mountinfo`` stand in for the real ones in tests.
    """
    platform = platform or sys.platform
    text = str(path)
    if is_unc(text):
        parts = [p for p in text.replace("/", "\\").split("\\") if p not in ("", "?", ".")]
        if parts and parts[0].upper() == "UNC":
            parts = parts[1:]
        return _network("\\\\" + "\\".join(parts[:2]))
    here = platform == sys.platform
    try:
        if platform == "win32":
            pure: PurePath = PureWindowsPath(os.path.realpath(text) if here else text)
        else:
            pure = Path(os.path.realpath(text)) if here else Path(text)
        # The folder's name is the surer sign of a sync client, and the same on every system.
        service = cloud_service(pure) or cloud_service(PurePath(text))
        if service:
            return _cloud(service)
        if platform.startswith("linux") and (here or mountinfo is not None):
            return _linux_risk(str(pure.parent), mountinfo)
        if platform == "win32" and here:
            return _windows_risk(str(pure))
        if platform == "darwin" and here:
            folder = Path(pure.parent)
            while not folder.exists() and folder != folder.parent:
                folder = folder.parent
            return _macos_risk(str(folder))
    except (OSError, RuntimeError, ValueError):
        return None
    return None
