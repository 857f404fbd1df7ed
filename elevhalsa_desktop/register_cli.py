"""`elevhalsa export pupil PATH --pupil ID --out DIR`: the register extract (GDPR art. 15) of one
pupil, as JSON and PDF, written headless. The password comes as for every other command."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path


def add_export_pupil(export, with_password: Callable) -> None:
    """The ``pupil`` subcommand under ``export`` (``export`` is the subparsers object)."""
    pupil = with_password(
        export.add_parser(
            "pupil",
            help="registerutdrag (GDPR art. 15): allt akten innehåller om en elev, som JSON och PDF",
        )
    )
    pupil.add_argument(
        "--pupil", required=True, metavar="ID", help="elevens id (eller en entydig början av det)"
    )
    pupil.add_argument(
        "--out", required=True, type=Path, metavar="MAPP", help="mappen filerna sparas i"
    )


def export_pupil(session, args: argparse.Namespace, usage_error: type[Exception]) -> int:
    from .services.pupils import PupilService
    from .services.register_extract import RegisterExtractService

    folder = Path(args.out)
    if not folder.is_dir():
        raise usage_error(f"Mappen {folder} finns inte. Skapa den eller välj en annan.")
    pupil_id = PupilService(session).resolve_id(args.pupil)
    json_path, pdf_path = RegisterExtractService(session).write(pupil_id, folder)
    print(f"Skrev {json_path}")
    print(f"Skrev {pdf_path}")
    return 0
