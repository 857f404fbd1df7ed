"""Printing the handover of a whole year 6: 300 pupils, each with a full note (every section
a few sentences to a paragraph, one to two pages), from a fresh encrypted case file.

    .venv/bin/python bench/handover.py [--pupils 300] [--runs 3] [--write-doc]

Measured, taking turns, median of ``--runs``:

(a) "ReportLab alone": the same pages (the same text, fonts and sizes, a title, a fact table,
    the legal basis in a box, the sections, the class summary on A4 on its side) laid out with
    plain ReportLab — SimpleDocTemplate, Paragraph and Table — one file per pupil, in one
    process, with no case file. The baseline of issue 7.
(b) ``HandoverPrintService.print_cohort``: read from the case file, the packets and the class
    summary drawn by two processes (the calling one and a worker started with spawn) into a
    staging folder, moved into place, audited.
(c) the same with one process (drawn in the calling process).

Issue 7 asks (b)/(a) ≤ 1.5. ``--write-doc`` puts the figures into the section "Överlämning
(issue 7)" of docs/performance.md. Not a test: nothing is asserted.
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

from report import machine, median, medians, timed, write_block  # noqa: E402

PASSWORD = "benchmark-lösenord"
SECTION = "## Överlämning (issue 7)"
SCHOOL = "Björkdalsskolan"
RECEIVING = "Ekbackens skola"

# Sentences a coordinator might write, per section; a note takes a few of each.
TEXTS = {
    "strengths": [
        "{g} är nyfiken och kunnig i naturkunskap, särskilt när det gäller djur och natur.",
        "Hen ritar gärna och har varit med i skolans bildprojekt två år i rad.",
        "{g} tar ansvar för yngre elever på rasterna och är omtyckt av dem.",
        "Läser mycket på egen hand, helst fantasy, och berättar gärna om det hen läst.",
        "Är duktig på att bygga och konstruera; teknik och slöjd är favoritämnena.",
        "Har ett gott öga för rättvisa och säger ifrån när någon blir illa behandlad.",
        "Spelar fotboll i en förening på fritiden och trivs i lag.",
    ],
    "support_worked": [
        "Extra anpassning: Förberedd inför byten av lektion och lokal (alla ämnen) – fungerar bra.",
        "Extra anpassning: Skriftliga instruktioner och uppgifter uppdelade i mindre delar"
        " (matematik, svenska).",
        "Extra anpassning: Lugn plats att gå till vid behov, med en överenskommen signal till"
        " läraren.",
        "Handlingsplan i kraft: Närvaroplan med morgonmöte hos mentorn varje dag.",
        "Enskild undervisning i matematik två gånger i veckan med speciallärare.",
        "Hörselkåpor och egen plats längst fram vid genomgångar.",
        "Bildstöd för dagens schema, som {g} får på morgonen.",
    ],
    "support_not_worked": [
        "Stora grupper vid idrott utan förvarning har lett till att {g} gått hem.",
        "Byten av vikarie utan att {g} fått veta det i förväg har fungerat dåligt.",
        "Långa genomgångar utan avbrott gör att {g} tappar fokus efter tio minuter.",
        "Grupparbeten där eleverna själva väljer grupp blev ofta konflikter.",
        "Läxor med kort varsel har skapat oro hemma.",
    ],
    "attendance_history": [
        "Hösttermin 2025: frånvaro 6 % (giltig 5 %, ogiltig 1 %).",
        "Vårtermin 2026: frånvaro 14 % (giltig 9 %, ogiltig 5 %).",
        "Frånvaron har varit ströfrånvaro, oftast första lektionen på måndagar.",
        "Stegvis återgång sedan februari, nu tre dagar i veckan med hela skoldagar.",
        "Närvaron har ökat stadigt sedan morgonmötena med mentorn började.",
    ],
    "keep_with": [
        "Ali Ahmadi och Nora Łukasiewicz – de har varit ett stöd under hela mellanstadiet.",
        "Gärna med Zoé Berg, som {g} samarbetar bra med.",
        "Minst en kamrat från nuvarande klass, helst Elias Nyström.",
    ],
    "keep_apart": [
        "Inte med Noah L. – det har förekommit konflikter under flera terminer.",
        "Bör inte placeras med Liam K.; de har svårt att arbeta tillsammans.",
        "",
    ],
    "pupil_words": [
        "”Jag vill gå i samma klass som Nora.”",
        "”Jag är orolig för att korridorerna är stora och att jag inte hittar.”",
        "”Det bästa med nya skolan är att man får ha slöjd i en riktig verkstad.”",
        "{g} säger att hen vill börja om och att ingen ska veta hur det var i sexan.",
    ],
    "guardian_view": [
        "Vårdnadshavarna önskar ett tidigt möte med den nya mentorn.",
        "De vill att skolan berättar i förväg om förändringar i schemat.",
        "Vårdnadshavarna är positiva till överlämningen och har läst den.",
        "De önskar att kontakten sker med sms i första hand.",
    ],
    "involved": [
        "Karin Holm, kurator, Björkdalsskolan",
        "BUP Örebro, mottagning",
        "Socialtjänsten, familjestöd",
        "Habiliteringen, arbetsterapeut",
    ],
    "first_week": [
        "Visa skolan en eftermiddag i augusti när det är lugnt.",
        "Börja med halva dagar första veckan om {g} vill.",
        "Låt {g} sitta nära dörren de första veckorna.",
    ],
}
CHOICES = ("early_mentor_talk", "visit_before_term", "seating", "named_adult")


# The case file ---------------------------------------------------------------------------------


def make_cohort(count: int, seed: int):
    """Fictional year-6 pupils in 6A–6E with fictional civic numbers, and a full note each."""
    from elevhalsa_desktop.domain.civic_no import luhn_check_digit
    from elevhalsa_desktop.domain.handover import HandoverNote, HandoverStatus
    from elevhalsa_desktop.domain.pupil import Pupil
    from elevhalsa_desktop.services.demo import FAMILY_NAMES, GIVEN_NAMES

    rng = random.Random(seed)
    statuses = (HandoverStatus.DRAFT, HandoverStatus.READY, HandoverStatus.HANDED_OVER)
    cohort = []
    for n in range(count):
        born = _dt.date(2014, 1, 1) + _dt.timedelta(days=rng.randrange(365))
        digits = born.strftime("%Y%m%d")
        serial = f"{(n * 7 + 101) % 1000:03d}"
        pupil = Pupil(
            given_name=rng.choice(GIVEN_NAMES),
            family_name=rng.choice(FAMILY_NAMES),
            civic_no=f"{digits}-{serial}{luhn_check_digit(digits[2:] + serial)}",
            year="6",
            class_name=f"6{'ABCDE'[n % 5]}",
        )

        def text(field: str, low: int, high: int, g: str = pupil.given_name) -> str:
            pool = TEXTS[field]
            picked = rng.sample(pool, min(len(pool), rng.randint(low, high)))
            sentences = [s.format(g=g) for s in picked if s]
            sep = "\n" if field in ("support_worked", "involved", "attendance_history") else " "
            return sep.join(sentences)

        note = HandoverNote(
            pupil_id="",  # set when the pupil is stored
            from_school=SCHOOL,
            from_year="6",
            to_school=RECEIVING,
            to_year="7",
            status=rng.choice(statuses),
            responsible="Maria Lindqvist, specialpedagog",
            strengths=text("strengths", 2, 5),
            support_worked=text("support_worked", 2, 5),
            support_not_worked=text("support_not_worked", 1, 3),
            attendance_history=text("attendance_history", 2, 4),
            keep_with=text("keep_with", 1, 2),
            keep_apart=text("keep_apart", 0, 1),
            pupil_words=text("pupil_words", 1, 3),
            guardian_view=text("guardian_view", 1, 3),
            involved=text("involved", 1, 3),
            first_week=text("first_week", 1, 3),
            first_week_choices=",".join(c for c in CHOICES if rng.random() < 0.6),
            receiving_mentor=rng.choice(("Gábor Ősz", "Anders Berg", "")),
            named_adult="Karin Holm (kurator)",
            meeting_on="2026-05-20",
            meeting_participants=f"Maria Lindqvist, {SCHOOL}; Anders Berg, {RECEIVING}",
            meeting_agreed="Ekbackens skola ordnar ett besök i juni. Mentorn ringer hem i augusti"
            " och bokar ett första samtal med eleven och vårdnadshavarna.",
        )
        cohort.append((pupil, note))
    return cohort


def new_case(folder: Path, cohort):
    from elevhalsa_desktop.domain.people import Role
    from elevhalsa_desktop.services.session import create_case
    from elevhalsa_desktop.store import handover as handover_repo
    from elevhalsa_desktop.store import pupils as pupil_repo

    session = create_case(
        folder / "handover.elevhalsa",
        PASSWORD,
        PASSWORD,
        school_name=SCHOOL,
        user_name="Maria Lindqvist",
        role=Role.COORDINATOR,
    )
    with session.case.write() as db:
        for pupil, note in cohort:
            stored = pupil_repo.insert(db, pupil, session.user.id)
            handover_repo.save_note(db, note.with_changes(pupil_id=stored.id), session.user.id)
    return session


# (a) ReportLab alone ---------------------------------------------------------------------------


def plain_reportlab(packets, lines, folder: Path) -> int:
    """The same pages with ReportLab alone: one file per pupil and the summary, one process."""
    from xml.sax.saxutils import escape

    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    from elevhalsa_desktop.documents.styles import NOTICE_EDGE, NOTICE_FILL, RULE, styles
    from elevhalsa_desktop.domain.handover import FIRST_WEEK_CHOICES, LEGAL_BASIS, SECTIONS

    s = styles()  # the same fonts (registered once) and sizes
    width = A4[0] - 44 * mm

    def para(text, style=s.body):
        return Paragraph(escape(text).replace("\n", "<br/>"), style)

    def texts(text):
        if not text.strip():
            return [para("Inget antecknat.", s.note)]
        return [para(block) for block in text.split("\n\n")]

    def page(canvas, doc):
        canvas.setFont("NotoSans", 8.5)
        canvas.drawString(22 * mm, doc.pagesize[1] - 15 * mm, SCHOOL)
        canvas.drawRightString(doc.pagesize[0] - 22 * mm, 13 * mm, f"Sida {doc.page}")

    pages = 0
    for index, packet in enumerate(packets):
        note, pupil = packet.note, packet.pupil
        facts = Table(
            [
                [para(label, s.label), para(value or "–", s.table)]
                for label, value in (
                    ("Elev", pupil.full_name),
                    ("Personnummer", pupil.civic_no),
                    ("Klass", pupil.class_name),
                    ("Från", f"{packet.sender_school}, årskurs {note.from_year}"),
                    ("Till", f"{note.to_school}, årskurs {note.to_year}"),
                    ("Status", note.status.label),
                    ("Ansvarig på avlämnande skola", note.responsible),
                    ("Mentor på mottagande skola", note.receiving_mentor),
                )
            ],
            colWidths=[0.3 * width, 0.7 * width],
        )
        facts.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE)]))
        box = Table([[para(LEGAL_BASIS)]], colWidths=[width])
        box.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, -1), NOTICE_FILL),
                    ("BOX", (0, 0), (-1, -1), 0.8, NOTICE_EDGE),
                ]
            )
        )
        story = [
            para("Överlämning", s.title),
            para(f"{pupil.full_name}, klass {pupil.class_name}", s.subtitle),
            facts,
            box,
        ]
        for field, heading in SECTIONS:
            story.append(para(heading, s.heading))
            if field == "first_week":
                chosen = set(note.choices)
                story += [para(f"• {label}") for key, label in FIRST_WEEK_CHOICES if key in chosen]
            story += texts(getattr(note, field))
        story.append(para("Samverkansmöte mellan skolorna", s.heading))
        meeting = Table(
            [
                [para("Datum", s.label), para(note.meeting_on, s.table)],
                [para("Deltagare", s.label), para(note.meeting_participants, s.table)],
            ],
            colWidths=[0.3 * width, 0.7 * width],
        )
        story += [meeting, para("Överenskommet", s.subheading), *texts(note.meeting_agreed)]
        doc = SimpleDocTemplate(
            str(folder / f"{index}.pdf"),
            pagesize=A4,
            leftMargin=22 * mm,
            rightMargin=22 * mm,
            topMargin=26 * mm,
            bottomMargin=24 * mm,
        )
        doc.build(story, onFirstPage=page, onLaterPages=page)
        pages += doc.page
    # The class summary.
    heads = [
        "Elev",
        "Klass",
        "Överlämning",
        "Stöd att ha klart",
        "Kamrater",
        "Frånvaro",
        "Stegvis återgång",
    ]
    data = [[para(h, s.table_head) for h in heads]]
    for line in lines:
        data.append(
            [
                para(c, s.table)
                for c in (
                    line.name,
                    line.class_name,
                    line.status.label,
                    line.support_worked[:160],
                    f"Med: {line.keep_with[:90]}\nInte med: {line.keep_apart[:90]}",
                    "Ingen varning",
                    "–",
                )
            ]
        )
    summary = Table(data, colWidths=[w * mm for w in (40, 14, 28, 75, 52, 24, 20)], repeatRows=1)
    summary.setStyle(
        TableStyle(
            [("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE), ("VALIGN", (0, 0), (-1, -1), "TOP")]
        )
    )
    doc = SimpleDocTemplate(
        str(folder / "summary.pdf"),
        pagesize=landscape(A4),
        leftMargin=22 * mm,
        rightMargin=22 * mm,
        topMargin=26 * mm,
        bottomMargin=24 * mm,
    )
    doc.build(
        [para("Överlämning – klassöversikt", s.title), para(LEGAL_BASIS), summary],
        onFirstPage=page,
        onLaterPages=page,
    )
    return pages


# Running ---------------------------------------------------------------------------------------


def fresh(folder: Path) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def measure(
    folder: Path, pupils: int = 300, runs: int = 3, seed: int = 1, *, extras: bool = True
) -> dict:
    """Build the cohort into a fresh case file in ``folder`` and time (a) and (b), and with
    ``extras`` (c) and the combined file, taking turns; medians of ``runs``. First an unpaid
    warm-up of (a) and of the printing in this process on five pupils (imports, fonts).
    Returns the figures: seconds of each, ``cpu_*``, pages, ``spread`` (fastest, slowest)."""
    from elevhalsa_desktop.services.handover import HandoverService
    from elevhalsa_desktop.services.handover_printing import HandoverPrintService, summary_line

    cohort = make_cohort(pupils, seed)
    session, setup_s = timed(lambda: new_case(folder, cohort))
    handover = HandoverService(session)
    rows = handover.cohort("6")
    packets, read_s = timed(lambda: [handover.packet(r.note_id) for r in rows])
    lines = [summary_line(row, packet) for row, packet in zip(rows, packets, strict=True)]
    printer = HandoverPrintService(session)
    out = folder / "out"
    result = {}

    def ours(processes: int, **kwargs):
        def run():
            result[processes] = printer.print_cohort(
                "6", fresh(out / str(processes)), processes=processes, **kwargs
            )

        return run

    few = [row.pupil_id for row in rows[:5]]
    plain_reportlab(packets[:5], lines[:5], fresh(out / "plain"))
    ours(1, pupil_ids=few)()
    plain = {}

    def alone():
        plain["pages"] = plain_reportlab(packets, lines, fresh(out / "plain"))

    actions = {"a": alone, "b": ours(2)}
    if extras:
        actions["c"] = ours(1)
    times = medians(runs, actions)
    figures: dict = {
        "pupils": pupils,
        "runs": runs,
        "setup_s": setup_s,
        "read_s": read_s,
        "packets": len(packets),
        "pages": result[2].pages,
        "plain_pages": plain["pages"],
        "summary_pages": len(__import__("pypdf").PdfReader(result[2].summary).pages),
        "spread": {k: (min(w for w, _ in v), max(w for w, _ in v)) for k, v in times.items()},
    }
    for k, values in times.items():
        figures[k] = median([wall for wall, _cpu in values])
        figures[f"cpu_{k}"] = median([cpu for _wall, cpu in values])
    if extras:
        figures["combined_s"] = timed(
            lambda: printer.print_cohort(
                "6", fresh(out / "combined"), packets=False, combined=out / "combined.pdf"
            )
        )[1]
        figures["combined_mb"] = (out / "combined.pdf").stat().st_size / 1e6
    session.close()
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pupils", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--write-doc", action="store_true", help="update docs/performance.md")
    args, _others = parser.parse_known_args()

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["ELEVHALSA_HOME"] = str(Path(tmp) / "home")
        f = measure(Path(tmp), args.pupils, args.runs, args.seed)

    a, b, c, cpu = f["a"], f["b"], f["c"], {k: f[f"cpu_{k}"] for k in "abc"}
    runs = f"median of {args.runs}"
    figures = [
        (f"new case file with {args.pupils} pupils and their notes", f"{f['setup_s']:.2f} s"),
        ("read the cohort and the packets from the case file", f"{f['read_s']:.2f} s"),
        (
            f"pages: {f['pages']} in {f['packets']} packets, {f['summary_pages']} in the summary",
            f"(a): {f['plain_pages']} in the packets",
        ),
        (f"(a) ReportLab alone, one process, {runs}", f"{a:.2f} s (1.00×), CPU {cpu['a']:.1f} s"),
        (
            f"(b) print_cohort, 2 processes, {runs}",
            f"{b:.2f} s ({b / a:.2f}×), CPU {cpu['b']:.1f} s",
        ),
        (
            f"(c) print_cohort, 1 process, {runs}",
            f"{c:.2f} s ({c / a:.2f}×), CPU {cpu['c']:.1f} s",
        ),
        (
            f"combined file only (2 processes, then merged; {f['combined_mb']:.1f} MB), one run",
            f"{f['combined_s']:.2f} s",
        ),
    ]
    for label, value in figures:
        print(f"{label:<62}{value:>24}")
    spread = ", ".join(f"{k}: {low:.2f}–{high:.2f} s" for k, (low, high) in f["spread"].items())
    print(f"wall-clock spread {spread}")
    print(machine())
    verdict = "within" if b / a <= 1.5 else "NOT within"
    print(f"(b)/(a) = {b / a:.2f}: {verdict} the 1.5 of issue 7")
    if args.write_doc:
        text = "\n".join(
            [
                f"A year 6 of {args.pupils} pupils in a fresh encrypted case file, each with a full"
                " note (every section a few sentences to a paragraph). Printed as one PDF per"
                " pupil plus the class summary. Measured on "
                + machine()
                + f", {_dt.date.today().isoformat()}; the three take turns, median of"
                f" {args.runs}. Reproduce with `.venv/bin/python bench/handover.py --write-doc`.",
                "",
                "| measure | figure |",
                "|---|---|",
                *(f"| {label} | {value} |" for label, value in figures),
                "",
                f"**(b)/(a) = {b / a:.2f}** (issue 7 asks at most 1.5).",
            ]
        )
        write_block("handover.py", SECTION, text)
        print("docs/performance.md updated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
