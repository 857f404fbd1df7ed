"""The log check (loggkontroll) with a large log: 100,000 entries over two years, 300 pupils, six
users, in a fresh encrypted case file.

    .venv/bin/python bench/audit_log.py [--entries 100000] [--runs 3] [--write-doc]

Measured, median of ``--runs``: what the log check's window does for each filter (the ids in
order and the first screenful of rows, as ``AuditReviewDialog.apply`` does), a sort by another
column, the walk of the hash chain, and the printed extract at its largest (2,000 entries).
``--write-doc`` puts the figures into the section "Loggkontroll (issue 8)" of
docs/performance.md. Not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from report import machine, median, medians, timed, write_block  # noqa: E402

PASSWORD = "benchmark-lösenord"
SECTION = "## Loggkontroll (issue 8)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--write-doc", action="store_true")
    args = parser.parse_args()

    from elevhalsa_desktop.documents.audit_documents import MAX_EXTRACT_ENTRIES
    from elevhalsa_desktop.services.audit_review import (
        AuditFilter,
        AuditReviewService,
        SortColumn,
    )
    from elevhalsa_desktop.services.session import create_case
    from tests.audit_log_fill import add_pupils, fill_log

    with tempfile.TemporaryDirectory() as folder:
        session = create_case(
            Path(folder) / "logg.elevhalsa",
            PASSWORD,
            PASSWORD,
            school_name="Björkdalsskolan",
            user_name="Maria Lindqvist",
        )
        pupil_ids = add_pupils(session.db, 300)
        _, fill_seconds = timed(
            lambda: fill_log(
                session.db,
                args.entries,
                pupil_ids,
                start=_dt.datetime(2024, 8, 1, 7, 0),
                step=_dt.timedelta(minutes=10),
            )
        )
        review = AuditReviewService(session, today=lambda: _dt.date(2026, 6, 15))
        month = AuditFilter(from_date=_dt.date(2026, 3, 1), to_date=_dt.date(2026, 3, 31))
        users = review.users()

        def shown(chosen: AuditFilter, order: SortColumn = SortColumn.TIME) -> int:
            ids = review.ids(chosen, order, True)
            review.lines(ids[:200])
            return len(ids)

        cases = {
            "hela loggen": lambda: shown(AuditFilter()),
            "en månad": lambda: shown(month),
            "en elev": lambda: shown(AuditFilter(pupil_id=pupil_ids[7])),
            "en elev, en månad": lambda: shown(
                AuditFilter(pupil_id=pupil_ids[7], from_date=month.from_date, to_date=month.to_date)
            ),
            "en användare": lambda: shown(AuditFilter(user=users[0].key)),
            "sökord i detaljen": lambda: shown(AuditFilter(text="version 3")),
            "hela loggen efter elev": lambda: shown(AuditFilter(), SortColumn.PUPIL),
            "hela loggen efter användare": lambda: shown(AuditFilter(), SortColumn.USER),
            "loggens kedja": lambda: review.chain_status(),
        }
        counts = {name: action() for name, action in cases.items()}
        figures = medians(args.runs, cases)
        extract_seconds = []
        for run in range(args.runs):
            target = Path(folder) / f"utdrag-{run}.pdf"
            extract_seconds.append(
                timed(lambda t=target: review.write_extract(AuditFilter(), t))[1]
            )
        session.close()

    lines = [
        f"{args.entries:,} loggposter".replace(",", " ")
        + f" (fylls på {fill_seconds:.1f} s), median av {args.runs} körningar, {machine()}.",
        "",
        "| Urval (id:n i ordning + första skärmen) | Poster | Tid |",
        "|---|---:|---:|",
    ]
    for name, runs in figures.items():
        count = counts[name]
        shown_count = count if isinstance(count, int) else getattr(count, "entries", "")
        lines.append(f"| {name} | {shown_count} | {median([w for w, _ in runs]) * 1000:.0f} ms |")
    lines.append(
        f"| utskrivet utdrag, {MAX_EXTRACT_ENTRIES} poster (kedjan, PDF, loggpost) | "
        f"{MAX_EXTRACT_ENTRIES} | {median(extract_seconds):.2f} s |"
    )
    text = "\n".join(lines)
    print(text)
    if args.write_doc:
        write_block("audit_log.py", SECTION, text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
