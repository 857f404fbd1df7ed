"""Command line. Without a subcommand it starts the window; subcommands do headless work.

The password never comes from a command-line argument (it would show in the process list and
the shell history): it comes from ELEVHALSA_PASSWORD, from --password-file, or from a prompt.

Exit status: 0 done, 1 the case file refused (wrong password, damaged, foreign, newer), 2 usage.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from pathlib import Path

from . import __version__
from .domain.people import Role
from .domain.pupil import YEAR_LABELS, ValidationError
from .store.errors import CaseFileError

COMMANDS = ("new", "check", "pupils", "demo", "print")
# The values of services.printing.DocumentKind, written out so that `--help` imports no service.
PRINT_KINDS = (
    "plan",
    "investigation",
    "adjustments",
    "ladder",
    "progress",
    "logsheet",
    "protocol",
    "network",
    "disclosures",
)
EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    pass


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="elevhalsa",
        description="Elevhälsa Desktop. Utan underkommando startar programfönstret.",
        epilog="Lösenordet läses från ELEVHALSA_PASSWORD, från --password-file eller frågas efter.",
    )
    parser.add_argument("--version", action="version", version=f"Elevhälsa Desktop {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="KOMMANDO")

    def with_password(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument("path", metavar="PATH", type=Path, help="akten (.elevhalsa)")
        p.add_argument(
            "--password-file",
            type=Path,
            metavar="FIL",
            help="läs lösenordet från första raden i FIL",
        )
        return p

    new = with_password(sub.add_parser("new", help="skapa en ny, krypterad akt"))
    new.add_argument("--school", help="skolans namn")
    new.add_argument("--name", help="ditt namn")
    new.add_argument("--role", choices=[r.value for r in Role], default=Role.COORDINATOR.value)

    with_password(sub.add_parser("check", help="kontrollera att akten är hel och går att öppna"))

    pupils = with_password(sub.add_parser("pupils", help="lista eleverna med deras id"))
    pupils.add_argument("--json", action="store_true", help="skriv ut som JSON")

    demo = with_password(sub.add_parser("demo", help="skapa en demoakt med påhittade elever"))
    demo.add_argument("--pupils", type=int, default=60, metavar="N", help="antal elever (60)")
    demo.add_argument("--seed", type=int, default=1, metavar="S", help="slumpfrö (1)")
    printing = sub.add_parser(
        "print",
        help="skriv ut en elevs plan, utredning, anpassningar, stegvisa återgång, "
        "ett mötesprotokoll, nätverket eller utlämnade uppgifter",
    )
    printing.add_argument(
        "kind",
        choices=PRINT_KINDS,
        metavar="VAD",
        help=", ".join(PRINT_KINDS[:-1])
        + " eller "
        + PRINT_KINDS[-1]
        + " (ladder = Min trappa, progress = uppföljning, logsheet = veckans loggblad, "
        "protocol = protokoll från samverkans- eller SIP-möte, network = nätverk och samtycken, "
        "disclosures = vem som har fått veta vad)",
    )
    with_password(printing)
    printing.add_argument(
        "--pupil", metavar="ID", help="elevens id (se pupils); behövs inte med --meeting"
    )
    printing.add_argument(
        "--meeting", metavar="ID", help="för protocol: mötets id (annars elevens senaste möte)"
    )
    printing.add_argument(
        "--plan", metavar="ID", help="vilken plan eller återgång (annars den aktiva)"
    )
    printing.add_argument("--out", required=True, type=Path, metavar="FIL.pdf")
    return parser


def _password(args: argparse.Namespace, *, confirm: bool = False) -> str:
    if args.password_file:
        try:
            return args.password_file.read_text(encoding="utf-8").splitlines()[0]
        except (OSError, IndexError, UnicodeDecodeError):
            raise UsageError(f"Kunde inte läsa lösenordet ur {args.password_file}.") from None
    if os.environ.get("ELEVHALSA_PASSWORD"):
        return os.environ["ELEVHALSA_PASSWORD"]
    if not sys.stdin.isatty():
        raise UsageError("Inget lösenord: sätt ELEVHALSA_PASSWORD eller använd --password-file.")
    first = getpass.getpass("Lösenord: ")
    if confirm and getpass.getpass("Samma lösenord igen: ") != first:
        raise UsageError("Lösenorden var inte lika.")
    return first


def _ask(value: str | None, prompt: str, option: str) -> str:
    if value:
        return value
    if not sys.stdin.isatty():
        raise UsageError(f"Ange {option}.")
    return input(prompt)


def _cmd_new(args: argparse.Namespace) -> int:
    from .services.session import create_case

    school = _ask(args.school, "Skolans namn: ", "--school")
    name = _ask(args.name, "Ditt namn: ", "--name")
    password = _password(args, confirm=True)
    session = create_case(
        args.path, password, password, school_name=school, user_name=name, role=Role(args.role)
    )
    print(f"Skapade {session.path}")
    session.close()
    return EXIT_OK


def _cmd_check(args: argparse.Namespace) -> int:
    from .store.casefile import integrity_report, open_case_file

    case = open_case_file(args.path, _password(args), migrate=False)
    try:
        problems = integrity_report(case)
    finally:
        case.conn.close()  # a check only reads: no checkpoint, no write
    if problems:
        print(f"SKADAD: {args.path.name}: {len(problems)} fel i integritetskontrollen.")
        return EXIT_REFUSED
    print(f"OK: {args.path.name} är hel och krypterad.")
    return EXIT_OK


def _cmd_pupils(args: argparse.Namespace) -> int:
    from .services.pupils import PupilService
    from .services.session import open_case

    session = open_case(args.path, _password(args))
    try:
        rows = PupilService(session).rows()
    finally:
        session.close()
    if args.json:
        json.dump(
            [
                {
                    "id": r.id,
                    "given_name": r.given_name,
                    "family_name": r.family_name,
                    "class": r.class_name,
                    "year": r.year,
                    "status": r.status.value,
                    "protected_identity": r.protected_identity,
                }
                for r in rows
            ],
            sys.stdout,
            ensure_ascii=False,
            indent=2,
        )
        print()
        return EXIT_OK
    for r in rows:
        year = YEAR_LABELS.get(r.year, r.year)
        print(
            f"{r.id}  {r.family_name}, {r.given_name}  {r.class_name or '-'}  {year}  {r.status.label}"
        )
    print(f"{len(rows)} elever")
    return EXIT_OK


def _cmd_demo(args: argparse.Namespace) -> int:
    from .services.demo import write_demo

    if args.pupils < 0:
        raise UsageError("Antalet elever kan inte vara negativt.")
    session = write_demo(args.path, _password(args), pupils=args.pupils, seed=args.seed)
    print(f"Skapade demoakten {session.path} med {args.pupils} påhittade elever.")
    session.close()
    return EXIT_OK


def _cmd_print(args: argparse.Namespace) -> int:
    from .services.printing import DocumentKind, PrintService
    from .services.pupils import PupilService
    from .services.session import open_case

    kind = DocumentKind(args.kind)
    if not args.pupil and not (kind is DocumentKind.PROTOCOL and args.meeting):
        raise UsageError("Ange --pupil" + (" eller --meeting." if args.kind == "protocol" else "."))
    session = open_case(args.path, _password(args))
    try:
        if kind is DocumentKind.PROTOCOL:
            record_id = _meeting_to_print(session, args.meeting, args.pupil)
        else:
            pupil_id = PupilService(session).resolve_id(args.pupil)
            record_id = _record_to_print(session, kind, pupil_id, args.plan)
        written = PrintService(session).write(kind, record_id, args.out)
    finally:
        session.close()
    print(f"Skrev {written}")
    return EXIT_OK


def _meeting_to_print(session, meeting: str | None, pupil: str | None) -> str:
    """The meeting named by its id (or a unique beginning of it), else the pupil's latest."""
    from .services.collaboration import CollaborationService
    from .services.printing import PrintService
    from .services.pupils import PupilService

    if meeting:
        found = PrintService(session).entry_ids_starting_with(meeting)
        if len(found) != 1:
            raise UsageError(
                f"Det finns inget möte med id {meeting}."
                if not found
                else f"Flera möten har id som börjar med {meeting}: skriv fler tecken."
            )
        return found[0]
    pupil_id = PupilService(session).resolve_id(pupil or "")
    meetings = [e for e in CollaborationService(session).entries(pupil_id) if e.kind.is_meeting]
    if not meetings:
        raise UsageError("Eleven har inget samverkans- eller SIP-möte att skriva ut.")
    return meetings[0].id  # the newest first


def _record_to_print(session, kind, pupil_id: str, plan_id: str | None) -> str:
    from .services.ladder import LadderService
    from .services.plans import PlanService
    from .services.printing import LADDER_KINDS, DocumentKind

    plans = PlanService(session)
    if kind in LADDER_KINDS:
        # The open return plan; the newest first when a pupil has had more than one.
        returns = [r for r in LadderService(session).plans(pupil_id) if not r.closed]
        if plan_id:
            returns = [r for r in returns if r.id.startswith(plan_id)]
        if not returns:
            raise UsageError("Eleven har ingen pågående stegvis återgång att skriva ut.")
        return returns[0].id
    if kind in (DocumentKind.ADJUSTMENTS, DocumentKind.NETWORK, DocumentKind.DISCLOSURES):
        return pupil_id
    if kind is DocumentKind.INVESTIGATION:
        found = plans.investigations(pupil_id)
        if not found:
            raise UsageError("Eleven har ingen utredning att skriva ut.")
        return found[0].id
    found = plans.plans(pupil_id)  # active plans first
    if plan_id:
        found = [p for p in found if p.id.startswith(plan_id)]
    if not found:
        raise UsageError("Eleven har ingen sådan plan att skriva ut.")
    return found[0].id


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # `elevhalsa FILE.elevhalsa` opens that file in the window.
    if not argv or (argv[0] not in COMMANDS and not argv[0].startswith("-")):
        from .app import run_gui

        return run_gui(Path(argv[0]) if argv else None)
    parser = _parser()
    args = parser.parse_args(argv)
    handlers = {
        "new": _cmd_new,
        "check": _cmd_check,
        "pupils": _cmd_pupils,
        "demo": _cmd_demo,
        "print": _cmd_print,
    }
    try:
        return handlers[args.command](args)
    except UsageError as error:
        print(f"elevhalsa: {error}", file=sys.stderr)
        return EXIT_USAGE
    except ValidationError as error:
        for problem in error.problems.values():
            print(f"elevhalsa: {problem}", file=sys.stderr)
        return EXIT_USAGE
    except LookupError as error:  # an id that names no pupil or record
        print(f"elevhalsa: {error.args[0]}", file=sys.stderr)
        return EXIT_USAGE
    except CaseFileError as error:
        print(f"elevhalsa: {error}", file=sys.stderr)
        return EXIT_REFUSED
    except KeyboardInterrupt:
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
