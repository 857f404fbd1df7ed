"""Build the distributable of Elevhälsa Desktop for the operating system this runs on.

    python build_installer.py            build into dist/
    python build_installer.py --fresh    make the clean build environment anew first

1. A clean virtual environment (build/venv) gets the package as the package declares it:
   ``pip install .[build]`` (its dependencies and PyInstaller, nothing from a developer's .venv).
   It is made again when pyproject.toml changes; the package itself is reinstalled every time.
2. PyInstaller freezes it with packaging/elevhalsa.spec: one folder, upx off, the Qt parts and
   Python modules the program does not use left out, forms, fonts, icons and styles inside.
3. Per system: Linux, a .tar.gz of the folder with a desktop entry and an icon; Windows, an Inno
   Setup script next to the folder (IT builds the installer with ``iscc``); macOS, the .app in a
   .dmg (hdiutil).

It prints what it built, where, and how big. Only the standard library is used here, because
this script is what installs everything else.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import os
import platform
import re
import shutil
import struct
import subprocess
import sys
import tarfile
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
SPEC = ROOT / "packaging" / "elevhalsa.spec"
APP_SVG = ROOT / "resources" / "icons" / "app.svg"
NAME = "Elevhalsa"  # the folder, the .app and the Windows program
DISPLAY_NAME = "Elevhälsa Desktop"
WINDOWS = sys.platform == "win32"
MACOS = sys.platform == "darwin"
LINUX = not (WINDOWS or MACOS)
# Inno Setup's AppId: fixed for good, so a new version installs over the old one.
INNO_APP_ID = "{{6A1F6C52-3E0B-4E52-9C1E-5B1E2F0D7C41}"


def version() -> str:
    text = (ROOT / "elevhalsa_desktop" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__ = "([^"]+)"', text, re.MULTILINE)
    if not match:
        sys.exit("build_installer: no __version__ in elevhalsa_desktop/__init__.py")
    return match.group(1)


def step(text: str) -> float:
    print(f"\n== {text}", flush=True)
    return time.monotonic()


def run(*command: str | Path, **kwargs) -> None:
    subprocess.run([str(part) for part in command], check=True, **kwargs)


def clean_env() -> dict[str, str]:
    """The environment for the build tools: nothing from the caller's Python set-up leaks in."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env["PYTHONNOUSERSITE"] = "1"
    return env


# 1. The clean build environment ----------------------------------------------------------------
def venv_python(venv_dir: Path) -> Path:
    return venv_dir / ("Scripts/python.exe" if WINDOWS else "bin/python")


def _environment_key() -> str:
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes())
    digest.update(sys.version.encode())
    return digest.hexdigest()


def ensure_build_environment(venv_dir: Path, fresh: bool) -> Path:
    """build/venv with the package and its `build` extra; made anew when pyproject.toml (the
    declared dependencies) or the Python changes. Returns its python."""
    python = venv_python(venv_dir)
    stamp = venv_dir / ".elevhalsa-build"
    pip = [python, "-m", "pip", "install", "-qq", "--disable-pip-version-check"]
    # setuptools builds the wheel in build/lib of the source folder: a module deleted from the
    # source would still be there and slip into the wheel.
    for leftover in (ROOT / "build" / "lib", *(ROOT / "build").glob("bdist.*")):
        shutil.rmtree(leftover, ignore_errors=True)
    if (
        fresh
        or not python.exists()
        or not stamp.exists()
        or stamp.read_text() != _environment_key()
    ):
        started = step(f"Clean build environment in {venv_dir} (pip install .[build])")
        shutil.rmtree(venv_dir, ignore_errors=True)
        venv.EnvBuilder(with_pip=True).create(venv_dir)
        run(*pip, "--upgrade", "pip", env=clean_env())
        run(*pip, f"{ROOT}[build]", env=clean_env())
        stamp.write_text(_environment_key())
        print(f"   made in {time.monotonic() - started:.0f} s")
    else:
        started = step(f"Reinstalling the package into {venv_dir}")
        run(*pip, "--no-deps", "--force-reinstall", ROOT, env=clean_env())
        print(f"   done in {time.monotonic() - started:.0f} s")
    return python


# 2. Icons and PyInstaller ---------------------------------------------------------------------
RENDER_ICON = """
import sys
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer
app = QGuiApplication(["render"])
renderer = QSvgRenderer(sys.argv[1])
for size, path in zip(map(int, sys.argv[2::2]), sys.argv[3::2]):
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    if not image.save(path, "PNG"):
        sys.exit(f"could not write {path}")
"""
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render_icons(python: Path, icon_dir: Path) -> tuple[Path, Path]:
    """resources/icons/app.svg as a 256-pixel PNG (desktop entry, .icns through Pillow) and a
    Windows .ico with PNG images of every usual size (written here: the format is a header and
    the PNG files one after the other)."""
    icon_dir.mkdir(parents=True, exist_ok=True)
    pngs = {size: icon_dir / f"elevhalsa-{size}.png" for size in ICO_SIZES}
    arguments = [part for size, path in pngs.items() for part in (str(size), str(path))]
    env = dict(clean_env(), QT_QPA_PLATFORM="offscreen")
    run(python, "-c", RENDER_ICON, APP_SVG, *arguments, env=env)
    png = icon_dir / "elevhalsa.png"
    shutil.copyfile(pngs[256], png)
    images = [pngs[size].read_bytes() for size in ICO_SIZES]
    offset = 6 + 16 * len(images)
    header = struct.pack("<HHH", 0, 1, len(images))
    entries = b""
    for size, data in zip(ICO_SIZES, images, strict=True):
        side = size % 256  # 0 means 256
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    ico = icon_dir / "elevhalsa.ico"
    ico.write_bytes(header + entries + b"".join(images))
    return png, ico


def run_pyinstaller(python: Path, dist: Path, work: Path) -> Path:
    work.mkdir(parents=True, exist_ok=True)
    # From the work folder, not the source folder: the package must be the installed one.
    run(
        python,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--log-level",
        "WARN",
        "--distpath",
        dist,
        "--workpath",
        work,
        SPEC,
        cwd=work,
        env=clean_env(),
    )
    return dist / NAME


# 3. Per system ---------------------------------------------------------------------------------
DESKTOP_ENTRY = """[Desktop Entry]
Type=Application
Name=Elevhälsa Desktop
GenericName=Elevhälsans akt
Comment=Krypterad akt för elevhälsans arbete med skolfrånvaro
Exec={exec} %f
Icon={icon}
Terminal=false
Categories=Office;Education;
StartupWMClass=elevhalsa
"""

INSTALL_DESKTOP_ENTRY = """#!/bin/sh
# Lägger Elevhälsa Desktop i programmenyn: för den här användaren, eller för alla användare när
# skriptet körs som root. Mappen med programmet kan ligga var som helst (t.ex. /opt/Elevhalsa).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
if [ "$(id -u)" = 0 ]; then
    apps=/usr/share/applications
else
    apps="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
fi
mkdir -p "$apps"
sed -e "s|^Exec=.*|Exec=\\"$here/elevhalsa\\" %f|" -e "s|^Icon=.*|Icon=$here/elevhalsa.png|" \\
    "$here/elevhalsa.desktop" > "$apps/elevhalsa.desktop"
echo "Genvägen finns nu i $apps/elevhalsa.desktop"
"""


def package_linux(folder: Path, dist: Path, png: Path, ver: str) -> Path:
    shutil.copyfile(png, folder / "elevhalsa.png")
    # As shipped the entry names the program and icon as installed system-wide (a link to the
    # program in PATH, the icon in the icon theme); the script writes one with this folder's path.
    (folder / "elevhalsa.desktop").write_text(
        DESKTOP_ENTRY.format(exec="elevhalsa", icon="elevhalsa"), encoding="utf-8"
    )
    script = folder / "installera-genvag.sh"
    script.write_text(INSTALL_DESKTOP_ENTRY, encoding="utf-8")
    script.chmod(0o755)
    archive = dist / f"{NAME}-{ver}-linux-{platform.machine()}.tar.gz"
    with tarfile.open(archive, "w:gz", compresslevel=6) as tar:
        tar.add(folder, arcname=f"{NAME}-{ver}")
    return archive


INNO_SCRIPT = r'''; Inno Setup script for Elevhälsa Desktop {version}, written by build_installer.py.
; Build the installer on Windows with Inno Setup 6, in this folder:
;     iscc {script_name}
; The result is Output\{name}-{version}-setup.exe. It installs for all users (as administrator)
; or, when chosen in the first dialog or with /CURRENTUSER, for the current user only.

[Setup]
AppId={app_id}
AppName={display_name}
AppVersion={version}
AppVerName={display_name} {version}
AppPublisher={name}
DefaultDirName={{autopf}}\{name}
DefaultGroupName={display_name}
DisableProgramGroupPage=yes
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=dialog commandline
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=Output
OutputBaseFilename={name}-{version}-setup
SetupIconFile=elevhalsa.ico
UninstallDisplayIcon={{app}}\{name}.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ChangesAssociations=yes
ShowLanguageDialog=no

[Languages]
; Swedish if the translation is in Inno Setup's Languages folder (Swedish.isl from the Inno Setup
; web site's list of translations), otherwise English.
#if FileExists(AddBackslash(CompilerPath) + "Languages\Swedish.isl")
Name: "sv"; MessagesFile: "compiler:Languages\Swedish.isl"
#else
Name: "en"; MessagesFile: "compiler:Default.isl"
#endif

[Tasks]
Name: "desktopicon"; Description: "{{cm:CreateDesktopIcon}}"; GroupDescription: "{{cm:AdditionalIcons}}"; Flags: unchecked

[Files]
Source: "{name}\*"; DestDir: "{{app}}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{{autoprograms}}\{display_name}"; Filename: "{{app}}\{name}.exe"
Name: "{{autodesktop}}\{display_name}"; Filename: "{{app}}\{name}.exe"; Tasks: desktopicon

[Registry]
; A double-click on a case file (.elevhalsa) opens it in the program.
Root: HKA; Subkey: "Software\Classes\.elevhalsa"; ValueType: string; ValueName: ""; ValueData: "Elevhalsa.Akt"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\Elevhalsa.Akt"; ValueType: string; ValueName: ""; ValueData: "Elevhälsans akt"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Elevhalsa.Akt\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{{app}}\{name}.exe,0"
Root: HKA; Subkey: "Software\Classes\Elevhalsa.Akt\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{{app}}\{name}.exe"" ""%1"""

[Run]
Filename: "{{app}}\{name}.exe"; Description: "{{cm:LaunchProgram,{display_name}}}"; Flags: nowait postinstall skipifsilent
'''


def package_windows(folder: Path, dist: Path, ico: Path, ver: str) -> Path:
    shutil.copyfile(ico, dist / "elevhalsa.ico")
    script = dist / f"{NAME}-{ver}.iss"
    text = INNO_SCRIPT.format(
        version=ver,
        name=NAME,
        display_name=DISPLAY_NAME,
        app_id=INNO_APP_ID,
        script_name=script.name,
    )
    # Inno Setup 6 reads a script with a byte-order mark as UTF-8 (å, ä, ö in the names).
    script.write_text(text, encoding="utf-8-sig", newline="\r\n")
    return script


def package_macos(dist: Path, ver: str) -> Path:
    """The .app and a link to /Applications side by side in the disk image: drag one onto the
    other to install."""
    app = dist / f"{NAME}.app"
    dmg = dist / f"{NAME}-{ver}-macos.dmg"
    dmg.unlink(missing_ok=True)
    staging = ROOT / "build" / "dmg"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    shutil.copytree(app, staging / app.name, symlinks=True)
    (staging / "Applications").symlink_to("/Applications")
    run(
        "hdiutil",
        "create",
        "-volname",
        f"{DISPLAY_NAME} {ver}",
        "-srcfolder",
        staging,
        "-fs",
        "HFS+",
        "-format",
        "UDZO",
        "-ov",
        dmg,
    )
    return dmg


@contextlib.contextmanager
def build_lock(folder: Path):
    """One build at a time in this checkout: two (a build by hand and the test suite's) would
    reinstall into the same environment and write the same PyInstaller work folder."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".build-lock", "a+b") as handle:
        if WINDOWS:
            import msvcrt

            handle.seek(0)
            while True:
                try:
                    msvcrt.locking(handle.fileno(), msvcrt.LK_LOCK, 1)
                    break
                except OSError:  # LK_LOCK gives up after ten seconds; keep waiting
                    continue
        else:
            import fcntl

            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                print("Another build is running in this folder; waiting for it…", flush=True)
                fcntl.flock(handle, fcntl.LOCK_EX)
        yield


# Report ----------------------------------------------------------------------------------------
def size_of(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--fresh", action="store_true", help="make the clean build environment anew first"
    )
    parser.add_argument(
        "--venv",
        type=Path,
        default=ROOT / "build" / "venv",
        help="where the clean build environment lives (build/venv)",
    )
    parser.add_argument(
        "--dist", type=Path, default=ROOT / "dist", help="where the result goes (dist/)"
    )
    args = parser.parse_args(argv)
    if sys.version_info < (3, 11):  # noqa: UP036 (this script may be started by an older Python)
        sys.exit("Elevhälsa Desktop behöver Python 3.11 eller nyare.")
    with build_lock(ROOT / "build"):
        return build(args)


def build(args: argparse.Namespace) -> int:
    ver = version()
    dist = args.dist.resolve()
    began = time.monotonic()

    python = ensure_build_environment(args.venv.resolve(), args.fresh)
    environment_done = time.monotonic()

    started = step("Icons")
    png, ico = render_icons(python, ROOT / "build" / "icon")
    print(f"   done in {time.monotonic() - started:.0f} s")

    started = step("PyInstaller (packaging/elevhalsa.spec)")
    folder = run_pyinstaller(python, dist, ROOT / "build" / "pyinstaller")
    print(f"   done in {time.monotonic() - started:.0f} s")

    started = step("Packaging")
    if LINUX:
        built = package_linux(folder, dist, png, ver)
        kind = ".tar.gz (no AppImage: neither appimagetool nor its runtime is in PyPI or Debian)"
    elif WINDOWS:
        built = package_windows(folder, dist, ico, ver)
        kind = "Inno Setup script: run `iscc` on it in that folder to build the installer"
    else:
        built = package_macos(dist, ver)
        folder = dist / f"{NAME}.app"
        kind = ".dmg with the .app"
    print(f"   done in {time.monotonic() - started:.0f} s")

    print(f"\nElevhälsa Desktop {ver} for {platform.system()} ({platform.machine()}):")
    print(f"  program folder  {folder}  {megabytes(size_of(folder))}")
    print(f"  {kind}")
    print(f"                  {built}  {megabytes(size_of(built))}")
    print(
        f"  time            {time.monotonic() - began:.0f} s "
        f"(environment {environment_done - began:.0f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
