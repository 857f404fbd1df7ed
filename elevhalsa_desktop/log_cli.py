"""The headless log check: ``elevhalsa log PATH [--pupil ID] [--user NAME] [--action HÄNDELSE]
[--from DATUM] [--to DATUM] [--text TEXT] [--out FIL.pdf]``. Kept apart from __main__ so that
``--help`` imports no service.

Without --out the chosen entries are listed, oldest first (the newest at the bottom, where the
terminal ends); with --out the extract to sign is written as a PDF. Like the window, reading
the log is itself logged: one entry for the check (on the pupil when one is chosen), and the
print of the extract.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
from collections.abc import Callable
from pathlib import Path

# The values of store.audit.Action, written out so that `--help` imports no service.
ACTIONS = ("viewed", "created", "changed", "archived", "printed", "exported", "opened", "imported")


class LogCommandError(Exception):
    """A sentence for the user; the command ends with the usage exit status."""


def add_command(sub, with_password: Callable) -> None:
    log = with_password(
        sub.add_parser(
            "log",
            help="loggkontroll: visa loggen, eller skriv ut ett utdrag att skriva under",
            description="Visar aktens logg: vem som har öppnat, läst, ändrat, skrivit ut och "
            "lämnat ut uppgifter, och när. Välj elev, användare, händelse och period. Med --out "
            "skrivs ett utdrag som PDF, med loggens kontrollsumma och rader för underskrift. "
            "Kontrollen noteras själv i loggen.",
        )
    )
    log.add_argument("--pupil", metavar="ID", help="elevens id eller början av det (se pupils)")
    log.add_argument("--user", metavar="NAMN", help="användarens namn (eller id)")
    log.add_argument("--action", choices=ACTIONS, metavar="HÄNDELSE", help=", ".join(ACTIONS))
    log.add_argument("--from", dest="from_date", metavar="DATUM", help="första dagen, ÅÅÅÅ-MM-DD")
    log.add_argument("--to", dest="to_date", metavar="DATUM", help="sista dagen, ÅÅÅÅ-MM-DD")
    log.add_argument("--text", default="", metavar="TEXT", help="ord i postens detalj (ett id)")
    log.add_argument("--out", type=Path, metavar="FIL.pdf", help="skriv utdraget som PDF")
    log.add_argument("--json", action="store_true", help="skriv posterna som JSON")


def _date(text: str | None, option: str) -> _dt.date | None:
    if not text:
        return None
    try:
        return _dt.date.fromisoformat(text.strip())
    except ValueError:
        raise LogCommandError(f"Skriv {option} som ÅÅÅÅ-MM-DD, till exempel 2026-01-31.") from None


def run(args: argparse.Namespace, password: str) -> int:
    from .documents.audit_documents import count_text
    from .domain.pupil import ValidationError
    from .services.audit_review import AuditFilter, AuditReviewService, SortColumn
    from .services.pupils import PupilService
    from .services.session import open_case
    from .store.audit import Action

    from_date = _date(args.from_date, "--from")
    to_date = _date(args.to_date, "--to")
    if from_date and to_date and to_date < from_date:
        raise LogCommandError("Perioden slutar innan den börjar: byt plats på --from och --to.")
    session = open_case(args.path, password)
    try:
        service = AuditReviewService(session)
        pupil_id = _pupil(service, PupilService(session), args.pupil) if args.pupil else None
        try:
            user = service.resolve_user(args.user) if args.user else None
        except ValidationError as error:
            raise LogCommandError(error.problems["user"]) from None
        chosen = AuditFilter(
            pupil_id=pupil_id,
            user=user,
            action=Action(args.action) if args.action else None,
            from_date=from_date,
            to_date=to_date,
            text=args.text,
        )
        if args.out:
            extract = service.extract(chosen)
            written = service.write_extract(chosen, args.out, prepared=extract)
            print(f"Skrev utdraget till {written}: {count_text(extract.total)} i urvalet.")
            if extract.chain_ok is False:
                print(f"LOGGEN ÄR INTE HEL: {extract.chain_text}")
                return 1
            print(extract.chain_text)
            if extract.fingerprint:
                print(
                    f"Kontrollsumma för loggpost nr {extract.last_id}: {extract.fingerprint}."
                    " Anteckna nummer och summa."
                )
            return 0
        if pupil_id is None:
            service.log_opened()
        else:
            service.log_pupil_viewed(pupil_id)
        lines = service.entries(chosen, order=SortColumn.TIME, descending=False)
    finally:
        session.close()
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "id": line.entry.id,
                        "at": line.entry.at,
                        "user": line.entry.user_name,
                        "action": line.entry.action.value,
                        "pupil_id": line.entry.pupil_id,
                        "pupil": line.pupil_text,
                        "detail": line.entry.detail,
                    }
                    for line in lines
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0
    for line in lines:
        print(
            "  ".join(
                (
                    line.time_text,
                    f"{line.entry.user_name:<20}",
                    f"{line.entry.action.label:<13}",
                    f"{line.pupil_text:<26}",
                    line.detail_text,
                )
            ).rstrip()
        )
    print(f"{count_text(len(lines))}.")
    return 0


def _pupil(service, pupils, text: str) -> str:
    from .services.pupils import PupilNotFound

    try:
        return pupils.resolve_id(text)
    except PupilNotFound:
        removed = [c.id for c in service.pupils() if c.removed and c.id.startswith(text.strip())]
        if len(removed) == 1:
            return removed[0]
    raise LogCommandError(
        f"Ingen elev med id {text.strip()} (eller flera som börjar så). Se elevhalsa pupils."
    )
