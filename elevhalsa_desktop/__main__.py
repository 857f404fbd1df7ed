"""Command line. Without a subcommand it starts the window; subcommands do headless work.

The password never comes from a command-line argument (it would show in the process list and
the shell history): it comes from ELEVHALSA_PASSWORD, from --password-file, or from a prompt.

Exit status: 0 done, 1 the case file refused (wrong password, damaged, foreign, newer), 2 usage,
3 an unexpected error (a crash report without personal data is left in the log folder).
"""

from __future__ import annotations

import argparse
import getpass
import json
import multiprocessing
import os
import sys
from pathlib import Path

from . import __version__, backup_cli, crash_reports, handover_cli, log_cli
from .domain.people import Role
from .domain.pupil import YEAR_LABELS, ValidationError
from .store.errors import CaseFileError

COMMANDS = (
    "new",
    "check",
    "pupils",
    "demo",
    "print",
    "ews",
    "import",
    "export",
    "backup",
    "restore",
    "log",
)
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
    "absence-investigation",
    "handover",  # a cohort's packets into a folder (handover_cli)
)
EXIT_OK, EXIT_REFUSED, EXIT_USAGE, EXIT_UNEXPECTED = 0, 1, 2, 3
IMPORT_FORMATS = ("csv", "xlsx", "ss12000")
NOTHING_SAVED = "Inget har sparats. Kör igen med --yes för att spara."


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

    check = with_password(
        sub.add_parser("check", help="kontrollera att akten och dess logg är hela")
    )
    check.add_argument(
        "--post",
        type=int,
        metavar="NR",
        help="visa också kontrollsumman för loggpost NR (jämför med en antecknad)",
    )

    pupils = with_password(sub.add_parser("pupils", help="lista eleverna med deras id"))
    pupils.add_argument("--json", action="store_true", help="skriv ut som JSON")

    demo = with_password(sub.add_parser("demo", help="skapa en demoakt med påhittade elever"))
    demo.add_argument("--pupils", type=int, default=60, metavar="N", help="antal elever (60)")
    demo.add_argument("--seed", type=int, default=1, metavar="S", help="slumpfrö (1)")
    printing = sub.add_parser(
        "print",
        help="skriv ut en elevs plan, utredning, anpassningar, stegvisa återgång, "
        "ett mötesprotokoll, nätverket, utlämnade uppgifter eller en frånvaroutredning",
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
        "disclosures = vem som har fått veta vad, "
        "absence-investigation = utredning av frånvaro, "
        "handover = överlämningspaket för en årskurs, ett per elev, och klassöversikten)",
    )
    with_password(printing)
    printing.add_argument(
        "--pupil",
        metavar="ID",
        help="elevens id (se pupils); behövs inte med --meeting eller --investigation",
    )
    printing.add_argument(
        "--meeting", metavar="ID", help="för protocol: mötets id (annars elevens senaste möte)"
    )
    printing.add_argument(
        "--plan", metavar="ID", help="vilken plan eller återgång (annars den aktiva)"
    )
    printing.add_argument(
        "--investigation",
        metavar="ID",
        help="för absence-investigation: utredningens id (annars elevens senaste)",
    )
    printing.add_argument(
        "--out", required=True, type=Path, metavar="FIL.pdf", help="för handover: en mapp"
    )
    handover_cli.add_cohort_options(printing, required=False)
    printing.add_argument(
        "--combined",
        type=Path,
        metavar="FIL.pdf",
        help="för handover: också alla paket och klassöversikten i en enda fil",
    )

    ews = with_password(
        sub.add_parser("ews", help="tidig varning: elever med oroande frånvaro och varför")
    )
    ews.add_argument(
        "--window",
        default="4w",
        metavar="PERIOD",
        help="term (terminen hittills), 4w (fyra veckor, standard), 14d eller FRÅN:TILL"
        " (2026-09-01:2026-10-31)",
    )
    ews.add_argument("--json", action="store_true", help="skriv ut som JSON")
    ews.add_argument("--all", action="store_true", help="ta med elever på grön nivå")

    importing = sub.add_parser(
        "import", help="läs in närvaro eller elevlistan från skolans system"
    ).add_subparsers(dest="what", metavar="VAD", required=True)
    for what, help_text in (
        ("attendance", "läs in närvaro (CSV, Excel eller SS 12000)"),
        ("pupils", "läs in elevlistan med klass och vårdnadshavare"),
    ):
        one = with_password(importing.add_parser(what, help=help_text))
        one.add_argument("files", nargs="+", type=Path, metavar="FIL", help="filer eller en mapp")
        one.add_argument(
            "--format", choices=IMPORT_FORMATS, help="filernas format (annars känns det igen)"
        )
        one.add_argument(
            "--mapping",
            metavar="NAMN",
            help="en kolumnmappning som har sparats i programmet (CSV och Excel)",
        )
        one.add_argument(
            "--yes", action="store_true", help="spara (utan --yes visas bara vad som skulle hända)"
        )
    handover_cli.add_import(importing, with_password)
    handover_cli.add_export(sub, with_password)
    backup_cli.add_commands(sub, with_password)
    log_cli.add_command(sub, with_password)
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


def _warn_about_location(args: argparse.Namespace) -> None:
    """A case file on a network share or in a cloud-synced folder opens with a warning on
    stderr; a new one (new, demo) is refused there with the same reason."""
    path = getattr(args, "path", None)
    if args.command in ("new", "demo") or not isinstance(path, Path) or not path.exists():
        return
    from .services.session import location_warning

    warning = location_warning(path)
    if warning:
        print(
            f"elevhalsa: Varning: {warning} Flytta akten till datorns egen disk.",
            file=sys.stderr,
        )


def _cmd_new(args: argparse.Namespace) -> int:
    from .services.deployment_defaults import apply_defaults, read_defaults
    from .services.session import create_case

    defaults = read_defaults()
    school = _ask(args.school or defaults.school_name, "Skolans namn: ", "--school")
    name = _ask(args.name, "Ditt namn: ", "--name")
    password = _password(args, confirm=True)
    session = create_case(
        args.path, password, password, school_name=school, user_name=name, role=Role(args.role)
    )
    try:
        skipped = apply_defaults(session, defaults)
    finally:
        session.close()
    print(f"Skapade {session.path}")
    if defaults.source is not None:
        print(f"Standardinställningar från {defaults.source}.")
    for problem in skipped:
        print(f"elevhalsa: Varning: {problem}", file=sys.stderr)
    return EXIT_OK


def _cmd_check(args: argparse.Namespace) -> int:
    from .store.audit import entry_hash_of, fingerprint, has_chain, verify_chain
    from .store.casefile import integrity_report, open_case_file

    # Only reads, so without the instance lock: the check works while the window has it open.
    case = open_case_file(args.path, _password(args), migrate=False, lock=False)
    try:
        problems = integrity_report(case)
        chained = has_chain(case.db)
        chain = verify_chain(case.db) if not problems else None
        earlier = entry_hash_of(case.db, args.post) if chained and args.post is not None else None
    finally:
        case.conn.close()  # a check only reads: no checkpoint, no write
    if problems:
        print(f"SKADAD: {args.path.name}: {len(problems)} fel i integritetskontrollen.")
        return EXIT_REFUSED
    print(f"OK: {args.path.name} är hel och krypterad.")
    assert chain is not None
    if not chained:
        print(f"Loggen: {chain.entries} poster. {chain.problem}")
        return EXIT_OK
    if not chain.ok:
        print(f"LOGGEN ÄR BRUTEN: {chain.problem}")
        print(
            "Någon har ändrat i loggen utanför programmet. Behåll filen som den är, och jämför "
            "med en säkerhetskopia tillsammans med den som ansvarar för loggkontrollen."
        )
        return EXIT_REFUSED
    print(f"Loggen är hel: {chain.entries} poster i obruten kedja.")
    print(
        f"Kontrollsumma för senaste loggposten (nr {chain.last_id}): "
        f"{fingerprint(chain.head_hash)}. Anteckna nummer och summa vid loggkontrollen."
    )
    if args.post is not None:
        if earlier is None:
            print(f"Loggpost nr {args.post} finns inte.")
            return EXIT_REFUSED
        print(
            f"Kontrollsumma för loggpost nr {args.post}: {fingerprint(earlier)}. Är den en annan "
            "än den som antecknades, har loggen skrivits om sedan dess."
        )
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

    if args.kind == "handover":
        session = open_case(args.path, _password(args))
        try:
            return handover_cli.print_cohort(session, args)
        finally:
            session.close()
    kind = DocumentKind(args.kind)
    by_id = {DocumentKind.PROTOCOL: "meeting", DocumentKind.ABSENCE_INVESTIGATION: "investigation"}
    if not args.pupil and not (kind in by_id and getattr(args, by_id[kind])):
        raise UsageError("Ange --pupil" + (f" eller --{by_id[kind]}." if kind in by_id else "."))
    session = open_case(args.path, _password(args))
    try:
        if kind is DocumentKind.PROTOCOL:
            record_id = _meeting_to_print(session, args.meeting, args.pupil)
        elif kind is DocumentKind.ABSENCE_INVESTIGATION:
            record_id = _absence_investigation_to_print(session, args.investigation, args.pupil)
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


def _absence_investigation_to_print(session, investigation: str | None, pupil: str | None) -> str:
    """The investigation named by its id (or a unique beginning of it), else the pupil's newest."""
    from .services.absence_investigations import AbsenceInvestigationService
    from .services.printing import PrintService
    from .services.pupils import PupilService

    if investigation:
        found = PrintService(session).investigation_ids_starting_with(investigation)
        if len(found) != 1:
            raise UsageError(
                f"Det finns ingen frånvaroutredning med id {investigation}."
                if not found
                else f"Flera frånvaroutredningar har id som börjar med {investigation}: skriv"
                " fler tecken."
            )
        return found[0]
    pupil_id = PupilService(session).resolve_id(pupil or "")
    found = AbsenceInvestigationService(session).for_pupil(pupil_id)  # the newest first
    if not found:
        raise UsageError("Eleven har ingen frånvaroutredning att skriva ut.")
    return found[0].id


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


# Early warning ---------------------------------------------------------------------------------


def _warning_json(w) -> dict:
    """One pupil's figures with keys that stay the same between versions."""
    f = w.figures
    return {
        "pupil_id": w.pupil_id,
        "name": w.name,
        "class": w.class_name,
        "year": w.year,
        "level": f.level.name.lower(),
        "level_label": f.level.label,
        "window_start": f.window.start.isoformat(),
        "window_end": f.window.end.isoformat(),
        "offered_minutes": f.offered,
        "attended_minutes": f.attended,
        "excused_minutes": f.excused,
        "unexcused_minutes": f.unexcused,
        "absence_percent": f.total_percent,
        "excused_percent": f.excused_percent,
        "unexcused_percent": f.unexcused_percent,
        "change_points": f.change,
        "longest_run_days": f.longest_run,
        "unexcused_occasions": f.unexcused_occasions,
        "patterns": list(f.patterns),
        "reasons": list(f.reasons),
        "open_investigation": w.open_investigation or None,
    }


def _school_days(count: int) -> str:
    return "1 skoldag" if count == 1 else f"{count} skoldagar"


def _cmd_ews(args: argparse.Namespace) -> int:
    from .domain.ews import WindowError, change_text, percent_text
    from .services.early_warning import EarlyWarningService
    from .services.session import open_case

    session = open_case(args.path, _password(args))
    try:
        service = EarlyWarningService(session)
        try:
            window = service.window(args.window)
        except WindowError as error:
            raise UsageError(str(error)) from None
        warnings = service.warnings(window, include_green=args.all)
        has_data = service.has_attendance()
    finally:
        session.close()
    if args.json:
        json.dump([_warning_json(w) for w in warnings], sys.stdout, ensure_ascii=False, indent=2)
        print()
        return EXIT_OK
    what = "elever" if args.all else "elever över grön nivå"
    print(
        f"Tidig varning {window.start.isoformat()} – {window.end.isoformat()}"
        f" ({window.phrase}): {len(warnings)} {what}."
    )
    if not has_data:
        print("Akten har ingen närvaro än: importera den med 'elevhalsa import attendance'.")
    for w in warnings:
        f = w.figures
        print()
        print(f"{f.level.label.upper()}  {w.name}, {w.class_name or 'ingen klass'}  ({w.pupil_id})")
        if f.offered:
            print(
                f"  Erbjuden tid {f.offered} min. Frånvaro {percent_text(f.total_percent)}"
                f" (giltig {percent_text(f.excused_percent)},"
                f" ogiltig {percent_text(f.unexcused_percent)}),"
                f" förändring {change_text(f.change)}, längst i rad {_school_days(f.longest_run)}."
            )
        if f.patterns:
            print("  Mönster: " + "; ".join(f.patterns))
        if f.reasons:
            print("  Skäl: " + "; ".join(f.reasons))
    return EXIT_OK


# Import ----------------------------------------------------------------------------------------


class MappingUnusable(Exception):
    """The columns of a table cannot be read without a person choosing them."""

    def __init__(self, problems: list[str]):
        super().__init__(problems)
        self.problems = problems


def _table_mapping(service, table, kind: str, name: str | None):
    """The mapping for a table: the named one, else the one remembered for its header, else a
    guess. Raises MappingUnusable with the problems when it cannot be used."""
    from .importers.mapping import (
        ColumnMapping,
        Field,
        attendance_problems,
        distinct_values,
        guess_attendance,
        guess_roster,
        guess_status_words,
        header_key,
        roster_problems,
        status_key,
    )

    stored = (
        service.mapping_named(name)
        if name
        else service.mapping_for_header(header_key(table.headers))
    )
    if name and stored is None:
        raise UsageError(
            f"Det finns ingen sparad kolumnmappning som heter {name}."
            + (
                " Sparade: " + ", ".join(service.mapping_names()) + "."
                if service.mapping_names()
                else ""
            )
        )
    try:
        mapping = ColumnMapping.from_json(json.dumps(stored)) if stored else None
    except ValueError as error:
        raise MappingUnusable([str(error)]) from None
    if kind == "roster":
        mapping = mapping or guess_roster(table.headers)
        problems = roster_problems(mapping, table.headers)
    else:
        mapping = mapping or guess_attendance(table.headers, table.preview(20))
        words = None
        column = mapping.columns.get(Field.STATUS)
        if column and column in table.headers:
            words = distinct_values(table, column)
            guessed = guess_status_words(words)
            known = mapping.status_lookup()
            for word, meaning in guessed.items():
                if status_key(word) not in known:
                    mapping.status_words[word] = meaning
        problems = attendance_problems(mapping, table.headers, words)
    if problems:
        raise MappingUnusable(list(problems.values()))
    return mapping


def _read_import(args: argparse.Namespace, service, kind: str):
    """Read the files of an import; returns (result, format, sources)."""
    from .importers.attendance_table import read_attendance
    from .importers.detect import detect_format
    from .importers.roster_table import read_roster
    from .importers.ss12000 import json_files, read_ss12000
    from .importers.tables import open_table

    fmt = args.format or detect_format(args.files)
    if fmt == "ss12000":
        return read_ss12000(args.files), fmt, [p.name for p in json_files(args.files)]
    if len(args.files) != 1:
        raise UsageError(
            "Välj en tabell i taget. Flera filer på en gång går bara med en SS 12000-export."
        )
    table = open_table(args.files[0])
    mapping = _table_mapping(service, table, kind, args.mapping)
    reader = read_roster if kind == "roster" else read_attendance
    return reader(table, mapping), fmt, [table.source]


def _print_read_skips(skipped, limit: int = 20) -> None:
    for item in skipped[:limit]:
        column = f", {item.field}" if item.field else ""
        print(f"  {item.source} rad {item.line}{column}: {item.reason}")
    if len(skipped) > limit:
        print(f"  … och {len(skipped) - limit} till.")


def _print_attendance_preview(preview) -> None:
    result = preview.result
    print(f"Närvaro från {', '.join(preview.sources)} ({preview.fmt}).")
    print(f"Rader lästa: {result.rows_read}")
    print(f"Känns igen säkert: {preview.matched_pupils} elever ({preview.matched_rows} rader)")
    if preview.name_matches:
        print(
            f"Känns bara igen på namn och klass: {len(preview.name_matches)} elever"
            " (sparas som samma elev med --yes)"
        )
        for match in preview.name_matches:
            print(
                f"  {match.file_name} → {match.pupil_name}, {match.class_name or 'ingen klass'}"
                f" ({match.rows} rader)"
            )
    if preview.unknown_pupils:
        print(
            f"Finns inte i akten: {preview.unknown_pupils} elever ({preview.unknown_rows} rader,"
            " hoppas över). Importera elevlistan först."
        )
    if result.skipped:
        print(f"Rader som inte gick att läsa: {len(result.skipped)}")
        _print_read_skips(result.skipped)


def _print_roster_preview(preview) -> None:
    print(f"Elevlista från {', '.join(preview.sources)} ({preview.fmt}).")
    print(f"Rader lästa: {preview.result.rows_read}")
    print(f"Nya elever: {len(preview.new)}")
    for item in preview.new:
        print(f"  {item.name}, {item.pupil.class_name or 'ingen klass'}")
    if preview.changed:
        print(f"Ändrade elever: {len(preview.changed)} (ändras med --yes)")
        for item in preview.changed:
            print(f"  {item.name}: " + "; ".join(item.changes))
    if preview.name_matches:
        print(
            f"Känns bara igen på namn och klass: {len(preview.name_matches)} elever"
            " (uppdateras med --yes)"
        )
        for item in preview.name_matches:
            changes = "; ".join(item.changes) or "inga ändringar"
            print(f"  {item.name}, {item.pupil.class_name or 'ingen klass'}: {changes}")
    print(f"Oförändrade: {preview.unchanged + len(preview.quiet)}")
    if preview.skipped:
        print(f"Rader som hoppas över: {len(preview.skipped)}")
        _print_read_skips(preview.skipped)


def _cmd_import(args: argparse.Namespace) -> int:
    from .importers.records import UnreadableFile
    from .services.attendance_import import AttendanceImportService
    from .services.roster_import import RosterImportService
    from .services.session import open_case

    if args.what == "handover":
        session = open_case(args.path, _password(args))
        try:
            return handover_cli.import_file(session, args)
        finally:
            session.close()
    kind = "roster" if args.what == "pupils" else "attendance"
    if args.mapping and args.format == "ss12000":
        raise UsageError("--mapping gäller tabeller (CSV och Excel), inte SS 12000.")
    session = open_case(args.path, _password(args))
    try:
        mappings = AttendanceImportService(session)
        try:
            result, fmt, sources = _read_import(args, mappings, kind)
        except UnreadableFile as error:
            print(f"elevhalsa: {error}", file=sys.stderr)
            return EXIT_REFUSED
        except MappingUnusable as error:
            for problem in error.problems:
                print(f"elevhalsa: {problem}", file=sys.stderr)
            print(
                "elevhalsa: Kolumnerna i filen kunde inte väljas automatiskt. Bekräfta dem en"
                " gång i programmet (Importera), så sparas valet för filer med samma rubriker,"
                " eller ange en sparad kolumnmappning med --mapping NAMN.",
                file=sys.stderr,
            )
            return EXIT_USAGE
        if kind == "roster":
            service = RosterImportService(session)
            preview = service.preview(result, fmt, sources)
            _print_roster_preview(preview)
            confirmed = {item.key for item in preview.needs_confirmation}
        else:
            service = mappings
            preview = service.preview(result, fmt, sources)
            _print_attendance_preview(preview)
            confirmed = {match.key for match in preview.name_matches}
        if not args.yes:
            print()
            print(NOTHING_SAVED)
            return EXIT_OK
        report = service.apply(preview, confirmed)
    finally:
        session.close()
    print()
    print(report.text(), end="")
    return EXIT_OK


def _cmd_export(args: argparse.Namespace) -> int:
    from .services.session import open_case

    session = open_case(args.path, _password(args))
    try:
        return handover_cli.export(session, args)
    finally:
        session.close()


def main(argv: list[str] | None = None) -> int:
    # Before anything is decrypted: a core dump would hold the key and pupil data in plain bytes.
    crash_reports.disable_core_dumps()
    # A frozen build starts the handover print's worker processes through this entry point.
    multiprocessing.freeze_support()
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
        "ews": _cmd_ews,
        "import": _cmd_import,
        "export": _cmd_export,
        "backup": lambda a: backup_cli.backup(a, _password(a)),
        "restore": lambda a: backup_cli.restore(a, _password(a)),
        "log": lambda a: log_cli.run(a, _password(a)),
    }
    try:
        _warn_about_location(args)
        return handlers[args.command](args)
    except (UsageError, handover_cli.CommandError, log_cli.LogCommandError) as error:
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
    except handover_cli.ExchangeRefused as error:
        print(f"elevhalsa: {error}", file=sys.stderr)
        return EXIT_REFUSED
    except KeyboardInterrupt:
        return EXIT_USAGE
    except BrokenPipeError:  # the output went to a program that stopped reading (| head)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as error:  # a traceback's message could name a pupil: type and places only
        report = crash_reports.write_report(error)
        print(f"elevhalsa: Ett oväntat fel ({type(error).__name__}).", file=sys.stderr)
        print(crash_reports.details(error), file=sys.stderr)
        if report:
            print(f"elevhalsa: Felrapport (utan personuppgifter): {report}", file=sys.stderr)
        return EXIT_UNEXPECTED


if __name__ == "__main__":
    sys.exit(main())
