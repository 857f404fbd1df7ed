"""Network shares and cloud-synced folders: recognised from the path and the mount table, a new
case file refused there, an existing one opened with a warning."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from elevhalsa_desktop.services.session import create_case, location_warning, open_case
from elevhalsa_desktop.store import location
from elevhalsa_desktop.store.casefile import create_case_file
from elevhalsa_desktop.store.errors import CannotWrite, UnsafeLocation
from tests.conftest import PASSWORD

MOUNTINFO = r"""22 27 0:21 / /proc rw,relatime - proc proc rw
27 1 254:0 / / rw,relatime - ext4 /dev/vda rw
40 27 0:50 / /mnt/skola rw,relatime - cifs //filserver/elevhalsa rw,vers=3.0
41 27 0:51 / /mnt/nfs rw,relatime - nfs4 server:/export rw
42 27 0:52 / /home/maria/fjärr rw,relatime - fuse.sshfs maria@server: rw
43 27 0:53 / /mnt/wsl rw,relatime - 9p drvfs rw
44 40 8:1 / /mnt/skola/lokal rw,relatime - ext4 /dev/sdb1 rw
45 27 0:54 / /mnt/med\040mellanslag rw,relatime - smb3 //server/delad rw
46 27 0:55 / /home/maria/moln rw,relatime - fuse.rclone gdrive: rw
47 27 0:56 / /media/usb rw,relatime - vfat /dev/sdc1 rw
"""


@pytest.mark.parametrize(
    "path",
    [
        r"\\filserver\elevhalsa\skolan.elevhalsa",
        "//filserver/elevhalsa/skolan.elevhalsa",
        r"\\?\UNC\filserver\elevhalsa\skolan.elevhalsa",
    ],
)
def test_a_unc_path_is_a_network_share_on_any_system(path):
    for platform in ("win32", "linux", "darwin"):
        found = location.risk(path, platform=platform, mountinfo="")
        assert found is not None and found.kind == "network"
        assert "nätverksenhet" in found.reason and r"\\filserver\elevhalsa" in found.reason


@pytest.mark.parametrize("path", [r"\\?\C:\Elevhälsa\skolan.elevhalsa", r"\\.\C:\x.elevhalsa"])
def test_a_long_local_windows_path_is_not_unc(path):
    assert not location.is_unc(path)


@pytest.mark.parametrize(
    ("path", "fs_type"),
    [
        ("/mnt/skola/akter/skolan.elevhalsa", "cifs"),
        ("/mnt/skola/skolan.elevhalsa", "cifs"),
        ("/mnt/nfs/skolan.elevhalsa", "nfs4"),
        ("/home/maria/fjärr/skolan.elevhalsa", "fuse.sshfs"),
        ("/mnt/wsl/c/skolan.elevhalsa", "9p"),
        ("/mnt/med mellanslag/skolan.elevhalsa", "smb3"),
    ],
)
def test_a_network_mount_is_found_in_mountinfo(path, fs_type):
    found = location.risk(path, platform="linux", mountinfo=MOUNTINFO)
    assert found is not None and found.kind == "network"
    assert fs_type in found.reason


@pytest.mark.parametrize(
    "path",
    [
        "/home/maria/skolan.elevhalsa",
        "/mnt/skola/lokal/skolan.elevhalsa",  # a local disk mounted inside the share
        "/mnt/skolan.elevhalsa",
        "/mnt/skolaextra/skolan.elevhalsa",  # a prefix of a mount point is not inside it
        "/media/usb/skolan.elevhalsa",
    ],
)
def test_local_folders_are_fine(path):
    assert location.risk(path, platform="linux", mountinfo=MOUNTINFO) is None


def test_a_cloud_storage_mount_is_a_cloud_folder():
    found = location.risk("/home/maria/moln/a.elevhalsa", platform="linux", mountinfo=MOUNTINFO)
    assert found is not None and found.kind == "cloud" and "rclone" in found.reason


def test_unreadable_mountinfo_means_no_answer(monkeypatch):
    assert location.mount_of("/x", "nonsense without fields\n") is None
    assert location.risk("/srv/x.elevhalsa", platform="linux", mountinfo="") is None


@pytest.mark.parametrize(
    ("path", "platform", "service"),
    [
        (r"C:\Users\maria\OneDrive\Elevhälsa\skolan.elevhalsa", "win32", "OneDrive"),
        (r"C:\Users\maria\OneDrive - Kommunen\skolan.elevhalsa", "win32", "OneDrive"),
        ("/Users/maria/Library/CloudStorage/OneDrive-Kommunen/x.elevhalsa", "darwin", "OneDrive"),
        (r"D:\Dropbox\skolan.elevhalsa", "win32", "Dropbox"),
        ("/home/maria/Dropbox (Skolan)/x.elevhalsa", "linux", "Dropbox"),
        (r"G:\My Drive\skolan.elevhalsa", "win32", "Google Drive"),
        (r"G:\Min enhet\skolan.elevhalsa", "win32", "Google Drive"),
        (r"C:\Users\maria\Google Drive\x.elevhalsa", "win32", "Google Drive"),
        (
            "/Users/maria/Library/CloudStorage/GoogleDrive-maria@skolan.se/My Drive/x.elevhalsa",
            "darwin",
            "Google Drive",
        ),
        (r"C:\Users\maria\iCloudDrive\x.elevhalsa", "win32", "iCloud Drive"),
        (r"C:\Users\maria\iCloud Drive\x.elevhalsa", "win32", "iCloud Drive"),
        (
            "/Users/maria/Library/Mobile Documents/com~apple~CloudDocs/x.elevhalsa",
            "darwin",
            "iCloud Drive",
        ),
        (r"C:\Users\maria\Box\x.elevhalsa", "win32", "Box"),
        ("/Users/maria/Library/CloudStorage/Box-Box/x.elevhalsa", "darwin", "Box"),
        (r"P:\pCloud Drive\x.elevhalsa", "win32", "pCloud"),
        ("/home/maria/pCloudDrive/x.elevhalsa", "linux", "pCloud"),
    ],
)
def test_cloud_synced_folders_are_recognised_by_name(path, platform, service):
    found = location.risk(path, platform=platform, mountinfo="")
    assert found is not None and found.kind == "cloud"
    assert f"synkroniseras av {service}" in found.reason


@pytest.mark.parametrize(
    "path",
    [
        "/home/maria/OneDrive.elevhalsa",  # the file's own name is not a folder
        "/home/maria/Boxning/x.elevhalsa",
        "/home/maria/Dropboxen-gammal/x.elevhalsa",
        r"C:\Users\maria\Dokument\Elevhälsa\x.elevhalsa",
    ],
)
def test_similar_names_are_not_cloud_folders(path):
    platform = "win32" if "\\" in path else "linux"
    assert location.risk(path, platform=platform, mountinfo="") is None


def test_windows_and_macos_checks_are_guarded_off_their_systems():
    assert location._windows_risk(r"Z:\x.elevhalsa") is None or sys.platform == "win32"
    if sys.platform != "darwin":
        assert location._macos_fs_type("/") is None


def test_this_test_folder_is_local(tmp_path):
    assert location.risk(tmp_path / "skolan.elevhalsa") is None
    assert location_warning(tmp_path / "skolan.elevhalsa") is None


# What the program does with the answer ------------------------------------------------------

CLOUD = location.LocationRisk(
    "cloud",
    "Akten ligger i en mapp som synkroniseras av OneDrive. Synkprogrammet kopierar akten.",
)


@pytest.fixture
def everywhere_cloud(monkeypatch):
    monkeypatch.setattr(location, "risk", lambda *a, **k: CLOUD)


def test_a_new_case_file_is_refused_in_an_unsafe_place_and_nothing_is_left(
    tmp_path, everywhere_cloud
):
    with pytest.raises(UnsafeLocation) as caught:
        create_case(tmp_path / "ny", PASSWORD, PASSWORD, school_name="S", user_name="U")
    assert isinstance(caught.value, CannotWrite)
    assert "ny.elevhalsa kan inte skapas här" in str(caught.value)
    assert "OneDrive" in str(caught.value)
    assert list(tmp_path.iterdir()) == [tmp_path / "home"]
    with pytest.raises(UnsafeLocation):
        create_case_file(tmp_path / "ny", PASSWORD)


def test_an_existing_case_file_opens_with_the_warning(session, case_path, monkeypatch):
    session.close()
    monkeypatch.setattr(location, "risk", lambda *a, **k: CLOUD)
    assert location_warning(case_path) == CLOUD.reason
    opened = open_case(case_path, PASSWORD)
    try:
        assert opened.case.location_warning == CLOUD.reason
        other = opened.another()  # background connections do not ask again
        assert other.case.location_warning is None
        other.close()
    finally:
        opened.close()


def test_a_case_file_in_a_safe_place_has_no_warning(session):
    assert session.case.location_warning is None


def _cli(*args):
    # The subprocess sees a OneDrive folder: a real path with such a part.
    env = {k: v for k, v in os.environ.items() if k != "ELEVHALSA_PASSWORD"}
    env["ELEVHALSA_PASSWORD"] = PASSWORD
    return subprocess.run(
        [sys.executable, "-m", "elevhalsa_desktop", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


def test_the_command_line_warns_on_open_and_refuses_to_create(session, case_path, tmp_path):
    session.close()
    synced = tmp_path / "OneDrive - Kommunen"
    synced.mkdir()
    moved = synced / case_path.name
    os.rename(case_path, moved)
    listed = _cli("pupils", str(moved))
    assert listed.returncode == 0, listed.stderr
    assert "elevhalsa: Varning: Akten ligger i en mapp som synkroniseras av OneDrive" in (
        listed.stderr
    )
    assert "0 elever" in listed.stdout
    created = _cli("new", str(synced / "ny"), "--school", "S", "--name", "U")
    assert created.returncode == 1
    assert "kan inte skapas här" in created.stderr and "Varning" not in created.stderr
    assert sorted(p.name for p in synced.iterdir()) == [moved.name]
    demo = _cli("demo", str(synced / "demo"), "--pupils", "1")
    assert demo.returncode == 1 and "kan inte skapas här" in demo.stderr


def test_the_unsafe_folder_is_judged_by_its_real_path(tmp_path):
    synced = tmp_path / "Dropbox"
    synced.mkdir()
    link = tmp_path / "genväg"
    link.symlink_to(synced)
    found = location.risk(Path(link / "x.elevhalsa"))
    assert found is not None and "Dropbox" in found.reason
