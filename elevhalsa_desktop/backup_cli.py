"""The headless backup commands: ``elevhalsa backup PATH DEST`` and ``elevhalsa restore PATH
BACKUP [--yes]``. Kept apart from __main__ so that ``--help`` imports no service."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

NOTHING_RESTORED = "Ingenting har ändrats. Kör igen med --yes för att återställa."


def add_commands(sub, with_password: Callable) -> None:
    backup = with_password(
        sub.add_parser(
            "backup",
            help="spara en krypterad säkerhetskopia av akten",
            description="Sparar en krypterad säkerhetskopia (samma lösenord som akten) i mappen "
            "DEST, med aktens namn och tidpunkten som filnamn. I mappen behålls lika många "
            "säkerhetskopior som akten är inställd på (10 om inget annat valts) och den senaste "
            "från varje månad; andra filer rörs aldrig.",
        )
    )
    backup.add_argument(
        "dest", metavar="DEST", type=Path, help="en mapp (eller ett nytt filnamn .elevhalsa)"
    )
    restore = with_password(
        sub.add_parser(
            "restore",
            help="återställ akten från en säkerhetskopia",
            description="Visar vad säkerhetskopian innehåller. Med --yes ersätts akten av "
            "säkerhetskopian; akten som den var sparas först som en kopia bredvid. Lösenordet "
            "är säkerhetskopians.",
        )
    )
    restore.add_argument("backup", metavar="BACKUP", type=Path, help="säkerhetskopian")
    restore.add_argument(
        "--yes", action="store_true", help="återställ (utan --yes visas bara innehållet)"
    )


def size_text(size: int) -> str:
    """``3,8 MB``: a size as people read it, with a Swedish decimal comma."""
    value = float(size)
    for unit in ("byte", "kB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            text = f"{value:.0f}" if unit == "byte" else f"{value:.1f}".replace(".", ",")
            return f"{text} {unit}"
        value /= 1000
    return f"{size} byte"  # pragma: no cover


def backup(args: argparse.Namespace, password: str) -> int:
    from .services.backups import BackupService
    from .services.session import open_case

    session = open_case(args.path, password)
    try:
        written = BackupService(session).backup_now(args.dest)
    finally:
        session.close()
    print(f"Sparade säkerhetskopian {written} ({size_text(written.stat().st_size)}).")
    return 0


def restore(args: argparse.Namespace, password: str) -> int:
    from .services.backups import preview, restore_file

    shown = preview(args.backup, password)
    counts = shown.counts
    print(f"Säkerhetskopia {args.backup.name}, tagen {shown.taken_at:%Y-%m-%d %H:%M}:")
    print(f"  Elever: {counts.pupils}")
    print(f"  Planer: {counts.plans}")
    print(f"  Anteckningar och kontakter: {counts.notes}")
    print(f"  Senaste ändring: {(counts.newest_change or '-')[:16].replace('T', ' ')}")
    if not args.yes:
        print()
        print(f"Med --yes ersätts {args.path.name} av säkerhetskopian. Allt som har ändrats i")
        print("akten efter att säkerhetskopian togs försvinner ur den (akten som den är nu")
        print("sparas först som en kopia bredvid).")
        print(NOTHING_RESTORED)
        return 0
    session, aside = restore_file(args.path, args.backup, password)
    session.close()
    print(f"Återställde {args.path.name} från säkerhetskopian.")
    if aside is not None:
        print(f"Akten som den var sparades som {aside}.")
    return 0
