"""Attendance at the scale of a whole school: 1,000 pupils and a school year of lessons (about a
million rows). Written as a SchoolSoft-like CSV file (';', decimal comma) and imported with the
real readers and ``AttendanceImportService`` into a fresh case file; then the early warning for
four weeks and for the term, next to a plain full-table aggregate over the same file.

    .venv/bin/python bench/attendance.py [--pupils 1000] [--runs 5] [--ss12000] [--write-doc]
    .venv/bin/python bench/attendance.py --ews-only /tmp/ews-bench.elevhalsa [--runs 5]

``--ss12000`` also writes the same year as SS 12000 JSON (persons, calendarEvents, attendances)
and imports that into a second fresh case file. ``--write-doc`` puts the figures into the
section "Närvaro och tidig varning" of docs/performance.md. Not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import os
import random
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from report import (  # noqa: E402
    machine,
    median,
    median_seconds,
    peak_mb_of_this_process,
    timed,
    write_block,
)

PASSWORD = "benchmark-lösenord"
FIRST_DAY = _dt.date(2025, 8, 18)
LAST_DAY = _dt.date(2026, 6, 12)  # the "today" of the early warning: the year's last day
EASTER_WEEK = 14  # påsklov 2026, on top of the demo calendar's höstlov, jullov and sportlov
SECTION = "## Närvaro och tidig varning"
CSV_HEADER = (
    "Personnummer;Elev;Klass;Datum;Kurs;Starttid;Sluttid;Erbjuden tid (min);Närvaro (min);"
    "Giltig frånvaro (min);Ogiltig frånvaro (min)"
)
COURSES = ("Matematik", "Svenska", "Engelska", "NO", "SO", "Idrott och hälsa")


# The school -------------------------------------------------------------------------------------


def school_days() -> list[_dt.date]:
    from elevhalsa_desktop.services.demo_attendance import school_days as calendar

    return [d for d in calendar(FIRST_DAY, LAST_DAY) if d.isocalendar().week != EASTER_WEEK]


def make_pupils(count: int, seed: int):
    """Fictional pupils in classes 4A–9F with fictional civic numbers (correct check digit,
    made-up serials) and the school system's id, as an SS 12000 export would have them."""
    from elevhalsa_desktop.domain.civic_no import luhn_check_digit
    from elevhalsa_desktop.domain.pupil import Pupil
    from elevhalsa_desktop.services.demo import FAMILY_NAMES, GIVEN_NAMES

    rng = random.Random(seed)
    pupils = []
    for n in range(count):
        year = 4 + n * 6 // count
        born = _dt.date(2025 - year - 6, 1, 1) + _dt.timedelta(days=rng.randrange(365))
        digits = born.strftime("%Y%m%d")
        serial = f"{(n * 7 + 101) % 1000:03d}"
        civic = f"{digits}-{serial}{luhn_check_digit(digits[2:] + serial)}"
        pupils.append(
            Pupil(
                given_name=rng.choice(GIVEN_NAMES),
                family_name=rng.choice(FAMILY_NAMES),
                civic_no=civic,
                year=str(year),
                class_name=f"{year}{'ABCDEF'[n % 6]}",
                external_id=f"a{n:07d}-0000-4000-8000-000000000000",
            )
        )
    return pupils


def lessons(year: str, day: _dt.date) -> list[tuple[str, str, int]]:
    """(start, end, minutes): five lessons for years 4–6, six for 7–9, four on Fridays."""
    slots = [
        ("08:10", "09:10", 60),
        ("09:20", "10:20", 60),
        ("10:30", "11:25", 55),
        ("12:15", "13:15", 60),
        ("13:25", "14:25", 60),
        ("14:35", "15:25", 50),
    ]
    return slots[: 4 if day.weekday() == 4 else 6 if int(year) >= 7 else 5]


def year_of_lessons(pupils, days, seed: int):
    """Yield (pupil index, day, (start, end, offered), attended, excused, unexcused) for every
    lesson: most pupils seldom away, one in twenty away a lot, now and then late."""
    rng = random.Random(seed + 1)
    for index, pupil in enumerate(pupils):
        heavy = rng.random() < 0.05
        sick_rate = 0.08 if heavy else rng.uniform(0.005, 0.03)
        ill_for = 0
        for day in days:
            if ill_for == 0 and rng.random() < sick_rate:
                ill_for = rng.choice((1, 1, 2, 3))
            whole = ill_for > 0
            ill_for = max(0, ill_for - 1)
            for slot in lessons(pupil.year, day):
                offered = slot[2]
                if whole:
                    yield index, day, slot, 0, offered, 0
                    continue
                roll = rng.random()
                if roll < 0.010:
                    yield index, day, slot, 0, offered, 0
                elif roll < (0.030 if heavy else 0.014):
                    yield index, day, slot, 0, 0, offered
                elif roll < (0.045 if heavy else 0.022):
                    yield index, day, slot, offered - 10, 0, 10
                else:
                    yield index, day, slot, offered, 0, 0


def new_case(folder: Path, name: str, pupils):
    from elevhalsa_desktop.domain.people import Role
    from elevhalsa_desktop.services.session import create_case
    from elevhalsa_desktop.store import pupils as pupil_repo

    session = create_case(
        folder / name,
        PASSWORD,
        PASSWORD,
        school_name="Björkdalsskolan",
        user_name="Maria Lindqvist",
        role=Role.COORDINATOR,
    )
    with session.case.write() as db:
        for pupil in pupils:
            pupil_repo.insert(db, pupil, session.user.id)
    return session


# The files --------------------------------------------------------------------------------------


def write_csv(path: Path, pupils, days, seed: int) -> int:
    """The year as SchoolSoft exports it: UTF-8 with a BOM, CRLF, a title line, minutes with a
    decimal comma."""
    rows = 0
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        out.write(f"Närvaro per lektion {FIRST_DAY} – {LAST_DAY}\r\n\r\n{CSV_HEADER}\r\n")
        names = [f"{p.family_name}, {p.given_name}" for p in pupils]
        lines = []
        for index, day, (start, end, offered), attended, excused, unexcused in year_of_lessons(
            pupils, days, seed
        ):
            p = pupils[index]
            course = COURSES[(day.toordinal() + len(lines)) % len(COURSES)]
            lines.append(
                f"{p.civic_no};{names[index]};{p.class_name};{day.isoformat()};{course};{start};"
                f"{end};{offered};{attended},0;{excused},0;{unexcused},0\r\n"
            )
            if len(lines) >= 50_000:
                out.write("".join(lines))
                rows += len(lines)
                lines.clear()
        out.write("".join(lines))
        rows += len(lines)
    return rows


def _uuid(prefix: str, number: int) -> str:
    return f"{prefix}{number:07d}-0000-4000-8000-000000000000"


def write_ss12000(folder: Path, pupils, days, seed: int) -> int:
    """persons.json, calendarEvents.json (one event per class and lesson) and attendances.json
    (one object per pupil and lesson), as an SS 12000 API export pages them ({"data": [...]})."""
    folder.mkdir()
    with (folder / "persons.json").open("w", encoding="utf-8") as out:
        out.write('{"data": [\n')
        out.write(
            ",\n".join(
                f'{{"id": "{p.external_id}", "givenName": "{p.given_name}", "familyName":'
                f' "{p.family_name}", "civicNo": {{"value": "{p.civic_no.replace("-", "")}"}}}}'
                for p in pupils
            )
        )
        out.write("\n]}\n")
    classes = sorted({p.class_name for p in pupils})
    class_number = {name: n for n, name in enumerate(classes)}
    event_ids: dict[tuple[str, _dt.date, str], str] = {}
    with (folder / "calendarEvents.json").open("w", encoding="utf-8") as out:
        out.write('{"data": [\n')
        first = True
        for class_name in classes:
            year = class_name[:-1]
            for day in days:
                for start, end, _offered in lessons(year, day):
                    event = _uuid("c", len(event_ids))
                    event_ids[class_name, day, start] = event
                    # Local time with the offset of the day (CET/CEST), as exports write it.
                    offset = "+02:00" if 3 < day.month < 11 else "+01:00"
                    out.write(
                        ("" if first else ",\n")
                        + f'{{"id": "{event}", "activity": {{"id": "{_uuid("f", class_number[class_name])}"}},'
                        f' "startTime": "{day}T{start}:00{offset}", "endTime": "{day}T{end}:00{offset}"}}'
                    )
                    first = False
        out.write("\n]}\n")
    rows = 0
    with (folder / "attendances.json").open("w", encoding="utf-8") as out:
        out.write('{"data": [\n')
        parts = []
        for index, day, (start, _end, _offered), attended, excused, unexcused in year_of_lessons(
            pupils, days, seed
        ):
            p = pupils[index]
            parts.append(
                f'{{"id": "{_uuid("e", rows)}", "calendarEvent": {{"id":'
                f' "{event_ids[p.class_name, day, start]}"}}, "student": {{"id": "{p.external_id}"}},'
                f' "isReported": true, "attendanceMinutes": {attended}, "validAbsenceMinutes":'
                f' {excused}, "invalidAbsenceMinutes": {unexcused}}}'
            )
            rows += 1
            if len(parts) >= 50_000:
                out.write(("" if rows == len(parts) else ",\n") + ",\n".join(parts))
                parts.clear()
        out.write(("" if rows == len(parts) else ",\n") + ",\n".join(parts))
        out.write("\n]}\n")
    return rows


# Measuring --------------------------------------------------------------------------------------


def import_csv(session, path: Path):
    from elevhalsa_desktop.importers.attendance_table import read_attendance
    from elevhalsa_desktop.importers.mapping import attendance_problems, guess_attendance
    from elevhalsa_desktop.importers.tables import open_table
    from elevhalsa_desktop.services.attendance_import import AttendanceImportService

    def read():
        table = open_table(path)
        mapping = guess_attendance(table.headers, table.preview(20))
        problems = attendance_problems(mapping, table.headers)
        if problems:
            raise SystemExit(f"the guessed mapping does not work: {problems}")
        return read_attendance(table, mapping), table.source

    (result, source), read_s = timed(read)
    service = AttendanceImportService(session)
    preview, preview_s = timed(lambda: service.preview(result, "csv", [source]))
    report, apply_s = timed(lambda: service.apply(preview))
    return report, read_s, preview_s, apply_s


def import_ss12000(session, folder: Path):
    from elevhalsa_desktop.importers.ss12000 import read_ss12000
    from elevhalsa_desktop.services.attendance_import import AttendanceImportService

    result, read_s = timed(lambda: read_ss12000([folder]))
    service = AttendanceImportService(session)
    preview, preview_s = timed(lambda: service.preview(result, "ss12000", ["ss12000"]))
    report, apply_s = timed(lambda: service.apply(preview))
    return report, read_s, preview_s, apply_s


def early_warning(session, runs: int) -> dict[str, float]:
    from elevhalsa_desktop.services.early_warning import EarlyWarningService

    ews = EarlyWarningService(session, today=lambda: LAST_DAY)
    four_weeks, term = ews.window("4w"), ews.window("term")
    sql = (
        "SELECT pupil_id, sum(offered), sum(excused), sum(unexcused) FROM attendance"
        " GROUP BY pupil_id"
    )
    return median_seconds(
        runs,
        {
            "ews 4w": lambda: ews.warnings(four_weeks),
            "ews term": lambda: ews.warnings(term),
            "ews term, all pupils": lambda: ews.warnings(term, include_green=True),
            "plain aggregate": lambda: session.db.execute(sql).fetchall(),
        },
    )


def measure_imports(folder: Path, pupils, days, runs: int, seed: int) -> dict:
    """The year written once as CSV and once as SS 12000 JSON into ``folder``, then each
    imported ``runs`` times into a fresh case file with the pupils, taking turns. Returns the
    rows, the median seconds and rows per second of each, and ``case_file``: the case file of
    the first CSV import, kept (closed) for the early warning and the window; the others are
    removed as soon as they have been measured."""
    csv = folder / "narvaro.csv"
    rows = write_csv(csv, pupils, days, seed)
    export = folder / "ss12000"
    write_ss12000(export, pupils, days, seed)
    seconds: dict[str, list[float]] = {"csv": [], "ss12000": []}
    read: dict[str, int] = {}
    kept = None
    for run in range(runs):
        for kind, importer, source in (
            ("csv", import_csv, csv),
            ("ss12000", import_ss12000, export),
        ):
            where = folder / f"{kind}-{run}"
            where.mkdir()
            session = new_case(where, f"{kind}.elevhalsa", pupils)
            outcome, *parts = importer(session, source)
            session.close()
            seconds[kind].append(sum(parts))
            read[kind] = outcome.rows_read
            if outcome.skipped_count or outcome.imported != rows:
                print(f"  (!) {kind}: {outcome.summary()}", flush=True)
            if kept is None and kind == "csv":
                kept = where / f"{kind}.elevhalsa"
            else:
                shutil.rmtree(where)
    csv.unlink()
    shutil.rmtree(export)
    figures: dict = {"rows": rows, "case_file": kept}
    for kind, values in seconds.items():
        figures[f"{kind}_s"] = median(values)
        figures[f"{kind}_rows_per_s"] = read[kind] / median(values)
    return figures


# Report -----------------------------------------------------------------------------------------


def ews_only(path: Path, args) -> int:
    """Time only the early warning on the case file ``path``; build it first (the CSV import,
    a few minutes) when it does not exist yet, and keep it for the next run."""
    from elevhalsa_desktop.services.session import open_case

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["ELEVHALSA_HOME"] = str(Path(tmp) / "home")
        if not path.exists():
            print(f"building {path} ({args.pupils} pupils, seed {args.seed})", flush=True)
            pupils = make_pupils(args.pupils, args.seed)
            session = new_case(path.parent, path.name, pupils)
            csv = Path(tmp) / "narvaro.csv"
            write_csv(csv, pupils, school_days(), args.seed)
            import_csv(session, csv)
            session.close()
        session = open_case(path, PASSWORD)
        times = early_warning(session, args.runs)
        session.close()
    base = times["plain aggregate"]
    for name, seconds in times.items():
        label = f"{name}, median of {args.runs}"
        print(f"{label:<58}{f'{seconds * 1000:.0f} ms ({seconds / base:.2f}×)':>22}")
    print(machine())
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pupils", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--ss12000", action="store_true", help="also SS 12000 JSON")
    parser.add_argument("--write-doc", action="store_true", help="update docs/performance.md")
    parser.add_argument(
        "--ews-only",
        metavar="FILE",
        type=Path,
        help="time only the early warning on the case file FILE (built first if missing)",
    )
    args, _others = parser.parse_known_args()  # `dev.py bench` passes every script the same
    if args.ews_only:
        return ews_only(args.ews_only.resolve(), args)

    days = school_days()
    figures: list[tuple[str, str]] = []

    def show(label: str, value: str) -> None:
        figures.append((label, value))
        print(f"{label:<58}{value:>22}", flush=True)

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        os.environ["ELEVHALSA_HOME"] = str(folder / "home")
        pupils = make_pupils(args.pupils, args.seed)
        print(f"{args.pupils} pupils, {len(days)} school days {FIRST_DAY} – {LAST_DAY}", flush=True)
        session, setup_s = timed(lambda: new_case(folder, "csv.elevhalsa", pupils))
        show("new case file with the pupils", f"{setup_s:.2f} s")
        csv = folder / "narvaro.csv"
        rows, write_s = timed(lambda: write_csv(csv, pupils, days, args.seed))
        show(
            f"write the CSV ({rows:,} rows, {csv.stat().st_size / 1e6:.0f} MB)", f"{write_s:.1f} s"
        )
        report, read_s, preview_s, apply_s = import_csv(session, csv)
        total = read_s + preview_s + apply_s
        show("read the CSV (open_table, read_attendance)", f"{read_s:.1f} s")
        show("match the pupils (preview)", f"{preview_s:.2f} s")
        show("write to the case file (apply, one transaction)", f"{apply_s:.1f} s")
        show(
            "import in all",
            f"{total:.1f} s, {report.rows_read / total:,.0f} rows/s",
        )
        if report.skipped_count or report.imported != rows:
            print(f"  (!) {report.summary()}")
        again = import_csv(session, csv)
        show("the same file again (nothing changes)", f"{sum(again[1:]):.1f} s")
        days_stored = session.db.execute("SELECT count(*) FROM attendance_day").fetchone()[0]
        size = (folder / "csv.elevhalsa").stat().st_size
        show(
            f"case file ({days_stored:,} pupil-days)",
            f"{size / 1e6:.0f} MB",
        )
        times = early_warning(session, args.runs)
        base = times["plain aggregate"]
        for name, seconds in times.items():
            label = f"{name}, median of {args.runs}"
            show(label, f"{seconds * 1000:.0f} ms ({seconds / base:.2f}×)")
        session.close()

        if args.ss12000:
            from elevhalsa_desktop.importers import ss12000  # noqa: F401 (has it landed?)

            export = folder / "ss12000"
            json_rows, json_s = timed(lambda: write_ss12000(export, pupils, days, args.seed))
            megabytes = sum(f.stat().st_size for f in export.iterdir()) / 1e6
            show(
                f"write SS 12000 JSON ({json_rows:,} attendances, {megabytes:.0f} MB)",
                f"{json_s:.1f} s",
            )
            second = new_case(folder, "ss12000.elevhalsa", pupils)
            report, read_s, preview_s, apply_s = import_ss12000(second, export)
            total = read_s + preview_s + apply_s
            show("read SS 12000 (stream and join)", f"{read_s:.1f} s")
            show("match and write (preview, apply)", f"{preview_s + apply_s:.1f} s")
            show("SS 12000 import in all", f"{total:.1f} s, {report.rows_read / total:,.0f} rows/s")
            if report.skipped_count:
                print(f"  (!) {report.summary()}")
            second.close()
        peak = peak_mb_of_this_process()
        if peak is not None:
            show("peak memory of the process", f"{peak:,.0f} MB")

    print(machine())
    if args.write_doc:
        lines = [
            f"{args.pupils:,} pupils and a school year of lessons ({len(days)} school days,"
            f" {FIRST_DAY} – {LAST_DAY}: five or six lessons a day, four on Fridays), written as a"
            " SchoolSoft-like CSV file and imported with the real readers and"
            " `AttendanceImportService` into a fresh case file"
            + (", and the same year as SS 12000 JSON into another." if args.ss12000 else ".")
            + " Measured on "
            + machine()
            + f", {_dt.date.today().isoformat()}.",
            "",
            "| measure | figure |",
            "|---|---|",
            *(f"| {label} | {value} |" for label, value in figures),
        ]
        write_block("attendance.py", SECTION, "\n".join(lines))
        print("docs/performance.md updated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
