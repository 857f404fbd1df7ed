"""The handover on the command line: print a cohort's packets, export them to an exchange file,
and read an exchange file in at the receiving school.

The exchange passphrase, like the case file's password, never comes from an argument: it comes
from ELEVHALSA_EXCHANGE_PASSWORD, from --passphrase-file, or from a prompt.
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import os
import sys
from collections.abc import Callable
from pathlib import Path

from . import register_cli
from .domain.pupil import YEARS

PASSPHRASE_VARIABLE = "ELEVHALSA_EXCHANGE_PASSWORD"


class CommandError(Exception):
    """A usage problem, said in a sentence (the caller turns it into exit status 2)."""


class ExchangeRefused(Exception):
    """The exchange file could not be read or written, said in a sentence (exit status 1)."""


@contextlib.contextmanager
def _exchange_errors():
    from .importers.handover_exchange import ExchangeError

    try:
        yield
    except ExchangeError as error:
        raise ExchangeRefused(str(error)) from None


def add_cohort_options(parser: argparse.ArgumentParser, *, required: bool) -> None:
    parser.add_argument(
        "--year",
        required=required,
        choices=YEARS,
        metavar="ÅK",
        help="årskursen som lämnar över, t.ex. 6",
    )
    parser.add_argument("--class", dest="class_name", metavar="KLASS", help="bara en klass")


def add_export(sub, with_password: Callable) -> None:
    export = sub.add_parser(
        "export", help="exportera: överlämningar till en krypterad fil, en elevs registerutdrag"
    ).add_subparsers(dest="what", metavar="VAD", required=True)
    handover = with_password(
        export.add_parser(
            "handover", help="överlämningarna för en årskurs till en krypterad överlämningsfil"
        )
    )
    add_cohort_options(handover, required=True)
    handover.add_argument(
        "--pupil",
        action="append",
        default=[],
        metavar="ID",
        help="bara den här eleven (kan anges flera gånger)",
    )
    handover.add_argument("--out", required=True, type=Path, metavar="FIL")
    _passphrase_option(handover)
    register_cli.add_export_pupil(export, with_password)


def add_import(importing, with_password: Callable) -> None:
    handover = with_password(
        importing.add_parser(
            "handover", help="läs in en överlämningsfil från den avlämnande skolan"
        )
    )
    handover.add_argument("file", type=Path, metavar="FIL", help="överlämningsfilen")
    _passphrase_option(handover)
    handover.add_argument(
        "--confirm",
        action="append",
        default=[],
        metavar="NYCKEL",
        help="en osäker elev är den elev förhandsvisningen föreslår (nyckeln inom hakparentes)",
    )
    handover.add_argument(
        "--new",
        action="append",
        default=[],
        metavar="NYCKEL",
        help="en osäker elev är en annan elev: skapa en ny",
    )
    handover.add_argument(
        "--yes", action="store_true", help="spara (utan --yes visas bara vad som skulle hända)"
    )


def _passphrase_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--passphrase-file",
        type=Path,
        metavar="FIL",
        help=f"läs överlämningsfilens lösenfras ur FIL (annars {PASSPHRASE_VARIABLE} eller en fråga)",
    )


def passphrase(args: argparse.Namespace, *, confirm: bool) -> str:
    if args.passphrase_file:
        try:
            return args.passphrase_file.read_text(encoding="utf-8").splitlines()[0]
        except (OSError, IndexError, UnicodeDecodeError):
            raise CommandError(f"Kunde inte läsa lösenfrasen ur {args.passphrase_file}.") from None
    if os.environ.get(PASSPHRASE_VARIABLE):
        return os.environ[PASSPHRASE_VARIABLE]
    if not sys.stdin.isatty():
        raise CommandError(
            f"Ingen lösenfras för överlämningsfilen: sätt {PASSPHRASE_VARIABLE} eller använd "
            "--passphrase-file."
        )
    first = getpass.getpass("Lösenfras för överlämningsfilen: ")
    if confirm and getpass.getpass("Samma lösenfras igen: ") != first:
        raise CommandError("Lösenfraserna var inte lika. Ingenting exporterades.")
    return first


def print_cohort(session, args: argparse.Namespace) -> int:
    from .services.handover_printing import HandoverPrintService

    if not args.year:
        raise CommandError("Ange --year, årskursen vars överlämningar ska skrivas ut.")
    folder = Path(args.out)
    if folder.suffix.lower() == ".pdf":
        raise CommandError(
            "För handover är --out en mapp (ett paket per elev). Använd --combined FIL.pdf för "
            "en enda fil."
        )
    if not folder.is_dir():
        raise CommandError(f"Mappen {folder} finns inte. Skapa den eller välj en annan.")
    result = HandoverPrintService(session).print_cohort(
        args.year,
        folder,
        class_name=args.class_name or "",
        combined=args.combined,
    )
    for path in result.packets:
        print(f"Skrev {path}")
    if result.summary:
        print(f"Skrev {result.summary}")
    if result.combined:
        print(f"Skrev {result.combined}")
    if not result.packets:
        print("Ingen elev i årskursen har en överlämning att skriva ut än.")
    return 0


def export(session, args: argparse.Namespace) -> int:
    from .services.handover_exchange import HandoverExchangeService, export_lines
    from .services.pupils import PupilService

    if args.what == "pupil":  # the register extract (register_cli)
        return register_cli.export_pupil(session, args, CommandError)
    pupil_ids = [PupilService(session).resolve_id(p) for p in args.pupil] or None
    with _exchange_errors():
        result = HandoverExchangeService(session).export(
            args.out,
            passphrase(args, confirm=True),
            args.year,
            class_name=args.class_name or "",
            pupil_ids=pupil_ids,
        )
    print("\n".join(export_lines(result)))
    return 0


def import_file(session, args: argparse.Namespace) -> int:
    from .services.handover_exchange import (
        HandoverExchangeService,
        preview_lines,
        result_lines,
    )

    service = HandoverExchangeService(session)
    with _exchange_errors():
        preview = service.preview(args.file, passphrase(args, confirm=False))
    print("\n".join(preview_lines(preview)))
    confirmed = [preview.key_for(k) for k in args.confirm]
    create_new = [preview.key_for(k) for k in args.new]
    if not args.yes:
        print()
        print("Inget har sparats. Kör igen med --yes för att spara.")
        return 0
    with _exchange_errors():
        result = service.apply(preview, confirmed=confirmed, create_new=create_new)
    print()
    print("\n".join(result_lines(result)))
    return 0
