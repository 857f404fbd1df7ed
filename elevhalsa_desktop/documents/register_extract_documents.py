"""The register extract as a document (GDPR art. 15): a header text that says what it is, then
every record the case file holds about the pupil, section by section, and last the table of who
has read, changed, printed or exported the record.

A pure story function from the extract's dictionary (``services.register_extract``), which is the
same data the JSON file holds: no database, no Qt. A section whose key is missing from the
dictionary is left out, so the archive copy written at retention (the records of one kind only)
is drawn by the same function. Every record is printed; long, but that is the point.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

from reportlab.platypus import Flowable, Paragraph

from ..domain.handover import SECTIONS as HANDOVER_SECTIONS
from ..domain.ladder import days_text
from ..domain.plans import (
    PLAN_FIELD_LABELS,
    InterventionStatus,
    Level,
    PlanKind,
    PlanStatus,
)
from .blocks import data_table, fact_table, long_text, notice, paragraph, section
from .styles import styles
from .text import para_text

PROTECTED_NOTICE = (
    "Eleven har skyddade personuppgifter. Pröva noga vem utdraget lämnas till och hur det "
    "skickas: uppgifter som kan avslöja var eleven bor får inte lämnas ut."
)
LOG_INTRO = (
    "Varje gång någon har öppnat elevens uppgifter, ändrat, skrivit ut, lämnat ut eller tagit "
    "emot dem har programmet antecknat det: när, vem och vad. Här står alla anteckningar om "
    "eleven, den äldsta först. Anteckningarna nämner poster med deras id, aldrig deras innehåll."
)
YES, NO = "Ja", "Nej"


def register_extract_story(data: dict) -> list[Flowable]:
    """The whole extract (or the sections of it that ``data`` has) as flowables."""
    story: list[Flowable] = []
    pupil = data.get("pupil") or {}
    if pupil.get("protected_identity"):
        story += notice(PROTECTED_NOTICE)
    story += paragraph(data.get("about", ""))
    story += fact_table(
        [
            ("Utdraget gjordes", when(data.get("made_at", ""))),
            ("Av", data.get("made_by", "")),
            ("Skola", data.get("school", "")),
            ("Program", f"Elevhälsa Desktop {data.get('program_version', '')}".strip()),
        ]
    )
    if "retention" in data:
        story += _retention(data["retention"])
    for key, title, draw in _SECTIONS:
        if key in data:
            story += section(title)
            story += draw(data[key])
    other = data.get("other_records") or {}
    if other:
        story += section("Övriga uppgifter")
        story += paragraph(
            "Uppgifter om eleven i delar av akten som den här versionen av programmet inte "
            "beskriver särskilt. De står här som de är lagrade."
        )
        for table, rows in other.items():
            for row in rows:
                story += _sub(table)
                story += fact_table([(k, _plain(v)) for k, v in row.items()])
    return story


# Small helpers --------------------------------------------------------------------------------


def when(iso: str) -> str:
    """ "2026-11-23T16:30:00+01:00" → "2026-11-23 16:30"; a date stays a date."""
    if not iso or "T" not in iso:
        return iso or ""
    day, _, clock = iso.partition("T")
    return f"{day} {clock[:5]}"


def _plain(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _yes_no(value) -> str:
    return YES if value else NO


def _sub(title: str) -> list[Flowable]:
    return [Paragraph(para_text(title), styles().subheading)]


def _by(row: dict, stamp: str = "created") -> str:
    at = when(row.get(f"{stamp}_at", ""))
    name = row.get(f"{stamp}_by_name", "")
    return f"{at} av {name}" if at and name else at


def _period(start: str, end: str) -> str:
    if start and end:
        return f"{start} – {end}"
    if start:
        return f"från {start}"
    return f"till {end}" if end else ""


def _stamps(row: dict) -> list[tuple[str, str]]:
    rows = [("Registrerad", _by(row))]
    if row.get("updated_at") and row.get("updated_at") != row.get("created_at"):
        rows.append(("Senast ändrad", when(row["updated_at"])))
    return rows


def _nothing(items: Sequence) -> list[Flowable] | None:
    if items:
        return None
    return [Paragraph(para_text("Inga uppgifter har registrerats."), styles().note)]


# The register ---------------------------------------------------------------------------------


def _register(pupil: dict) -> list[Flowable]:
    story = fact_table(
        [
            ("Förnamn", pupil.get("given_name", "")),
            ("Efternamn", pupil.get("family_name", "")),
            ("Personnummer", pupil.get("civic_no") or ""),
            ("Årskurs", pupil.get("year_label", "")),
            ("Klass", pupil.get("class_name", "")),
            ("Skola", pupil.get("school", "")),
            ("Mentor", pupil.get("mentor", "")),
            ("Status", pupil.get("status_label", "")),
            ("Skyddade personuppgifter", _yes_no(pupil.get("protected_identity"))),
            ("Adress", pupil.get("address", "")),
            ("Id i skolans elevsystem", pupil.get("external_id") or ""),
            ("Id i akten", pupil.get("id", "")),
            *_stamps(pupil),
        ]
    )
    story += long_text("Anteckningar", pupil.get("notes", ""))
    story += _sub("Vårdnadshavare")
    guardians = pupil.get("guardians", [])
    story += data_table(
        ["Namn", "Relation", "Telefon", "E-post"],
        [[g["name"], g["relation"], g["phone"], g["email"]] for g in guardians],
        [3, 2, 2, 3],
    )
    return story


# Support --------------------------------------------------------------------------------------


def _adjustments(items: list[dict]) -> list[Flowable]:
    return data_table(
        ["Anpassning", "Ämnen", "Sedan", "Av vem", "Hur det har gått", "Används"],
        [
            [
                a["what"],
                a["subjects"],
                a["since"],
                a["by_whom"],
                a["how_it_went"],
                _yes_no(a["in_use"]),
            ]
            for a in items
        ],
        [3, 1.6, 1.6, 1.6, 3, 1.3],
    )


_INVESTIGATION_TEXTS = (
    ("pupil_view", "Elevens syn"),
    ("guardian_view", "Vårdnadshavarnas syn"),
    ("school_view", "Skolans syn"),
    ("causes_organisational", "Orsaker på organisationsnivå"),
    ("causes_social", "Orsaker på gruppnivå"),
    ("causes_pedagogical", "Pedagogiska orsaker"),
    ("causes_individual", "Orsaker på individnivå"),
    ("causes_home_leisure", "Hem och fritid"),
    ("strengths", "Styrkor"),
    ("conclusion_text", "Slutsats i ord"),
)


def _investigations(items: list[dict]) -> list[Flowable]:
    story = _nothing(items) or []
    for item in items:
        story += _sub(f"Utredning {item['investigated_on'] or when(item['created_at'])}")
        story += fact_table(
            [
                ("Utredd", item["investigated_on"]),
                ("Ansvarig", item["responsible"]),
                ("Slutsats", item.get("conclusion_label", "")),
                *_stamps(item),
            ]
        )
        for name, title in _INVESTIGATION_TEXTS:
            if item.get(name, "").strip():
                story += long_text(title, item[name])
    return story


_PLAN_TEXTS = (
    ("needs", "Behov"),
    ("goals_short", "Kortsiktiga mål"),
    ("goals_long", "Långsiktiga mål"),
    ("pupil_participation", "Elevens delaktighet"),
    ("guardian_participation", "Vårdnadshavarnas delaktighet"),
)


def _plans(plans: list[dict]) -> list[Flowable]:
    story = _nothing(plans) or []
    for plan in plans:
        kind = plan.get("kind_label", "")
        story += _sub(f"{kind}: {plan['title']}" if plan["title"] else kind)
        story += fact_table(
            [
                ("Status", plan.get("status_label", "")),
                ("Ansvarig", plan["responsible"]),
                ("Beslutat av", plan["decided_by"]),
                ("Beslutsdatum", plan["decided_on"]),
                ("Uppföljning", plan["follow_up_on"]),
                ("Version", str(plan["revision"])),
                *_stamps(plan),
            ]
        )
        for name, title in _PLAN_TEXTS:
            story += long_text(title, plan[name])
        if plan["appeal_note"].strip():
            story += long_text("Om överklagande", plan["appeal_note"])
        story += _sub("Insatser")
        story += data_table(
            ["Insats", "Nivå", "Ansvarig", "Period", "Hur ofta", "Status"],
            [
                [
                    i["what"],
                    i.get("level_label", ""),
                    i["responsible"],
                    _period(i["start"], i["end_date"]),
                    i["frequency"],
                    i.get("status_label", "")
                    + (f": {i['discontinued_reason']}" if i["discontinued_reason"] else ""),
                ]
                for i in plan["interventions"]
            ],
            [3, 1.2, 1.8, 2, 1.8, 1.5],
        )
        story += _sub("Uppföljningar")
        story += data_table(
            ["Planerad", "Hölls", "Ansvarig", "Deltagare", "Beslut", "Anteckningar och effekter"],
            [
                [
                    f["due_on"],
                    f["held_on"],
                    f["responsible"],
                    f["participants"],
                    f.get("decision_label", ""),
                    _follow_up_text(f),
                ]
                for f in plan["follow_ups"]
            ],
            [1.6, 1.6, 1.6, 2, 1.3, 3.4],
        )
        story += _sub("Sparade versioner")
        story += data_table(
            ["Version", "Sparad", "Av", "Vad versionen ändrade"],
            _revision_rows(plan["revisions"]),
            [1.2, 1.7, 1.6, 6],
        )
    return story


def _follow_up_text(follow_up: dict) -> str:
    lines = [follow_up["notes"]] if follow_up["notes"] else []
    for effect in follow_up.get("effects", []):
        line = f"{effect['intervention_what'] or 'Insats'}: {effect.get('effect_label', '')}"
        lines.append(line + (f" ({effect['comment']})" if effect["comment"] else ""))
    return "\n".join(lines)


def _revision_rows(revisions: list[dict]) -> list[list[str]]:
    """Each version with what it changed, in the values it saved; the first with every field
    that was filled in. Together they are the plan's whole history."""
    rows, before = [], None
    for revision in revisions:
        snapshot = revision["snapshot"]
        if before is None:
            names = [n for n in PLAN_FIELD_LABELS if snapshot.get(n) not in (None, "", [])]
        else:
            names = [n for n in PLAN_FIELD_LABELS if before.get(n) != snapshot.get(n)]
        lines = [f"{PLAN_FIELD_LABELS[n]}: {_snapshot_value(n, snapshot.get(n))}" for n in names]
        rows.append(
            [
                str(revision["revision"]),
                when(revision["saved_at"]),
                revision["saved_by"],
                "\n".join(lines) or "Inga ändringar i planens text.",
            ]
        )
        before = snapshot
    return rows


def _snapshot_value(name: str, value) -> str:
    if value in (None, ""):
        return "(tomt)"
    if name == "kind":
        return _label(PlanKind, value)
    if name == "status":
        return _label(PlanStatus, value)
    if name == "interventions":
        return "; ".join(_intervention_words(i) for i in value) or "(inga)"
    return str(value)


def _intervention_words(item: dict) -> str:
    details = [
        _label(Level, item.get("level", "")),
        item.get("responsible", ""),
        _period(item.get("start", ""), item.get("end", "")),
        item.get("frequency", ""),
        _label(InterventionStatus, item.get("status", "")),
    ]
    return f"{item.get('what', '')} ({', '.join(d for d in details if d)})"


def _label(enum, value: str) -> str:
    try:
        return enum(value).label
    except ValueError:
        return value


# The staged return ----------------------------------------------------------------------------


def _staged_returns(items: list[dict]) -> list[Flowable]:
    story = _nothing(items) or []
    for item in items:
        story += _sub(f"Stegvis återgång från {item['started_on']}")
        closed = ""
        if item["closed"]:
            closed = ", ".join(
                x for x in (item["closed_on"], item["closed_by"], item["closed_reason"]) if x
            )
        story += fact_table(
            [
                ("Startade", item["started_on"]),
                ("Schemat per vecka", f"{item['weekly_schedule_minutes']} minuter"),
                (
                    "Kortare skoldag beslutad",
                    " ".join(
                        x
                        for x in (
                            item["shortened_day_decided_by"],
                            item["shortened_day_decided_on"],
                        )
                        if x
                    ),
                ),
                ("Avslutad", closed or NO),
                *_stamps(item),
            ]
        )
        steps = {s["id"]: n for n, s in enumerate(item["steps"], start=1)}
        story += _sub("Trappans steg")
        story += data_table(
            [
                "Steg",
                "Upplägg",
                "Plats och ämnen",
                "Minuter i veckan",
                "Dagar och tid",
                "Ansvarig",
                "Status",
            ],
            [
                [
                    str(steps[s["id"]]) + (" (borttaget)" if s["archived"] else ""),
                    s["setting"] + (f"\n{s['criterion_text']}" if s["criterion_text"] else ""),
                    ", ".join(x for x in (s["place"], s["subjects"]) if x),
                    str(s["planned_minutes"]),
                    _days(s),
                    s["responsible"],
                    s.get("status_label", ""),
                ]
                for s in item["steps"]
            ],
            [0.9, 2.3, 2, 1.2, 1.8, 1.5, 1.1],
        )
        story += _sub("Tillfällen")
        story += data_table(
            ["Datum", "Steg", "Planerad tid", "Var där", "Mötte", "Hur det gick", "Anteckning"],
            [
                [
                    " ".join(x for x in (s["on"], s["start_time"]) if x),
                    str(steps.get(s["step_id"], "")),
                    f"{s['planned_minutes']} min",
                    f"{s['attended_minutes']} min",
                    s["met_by"],
                    f"{s['how_it_went']} av 5" if s["how_it_went"] else "",
                    "\n".join(
                        x
                        for x in (
                            s["note"],
                            f"Eleven: {s['pupil_words']}" if s["pupil_words"] else "",
                        )
                        if x
                    ),
                ]
                for s in item["sessions"]
            ],
            [1.7, 0.8, 1.2, 1.1, 1.5, 1.1, 3.2],
        )
        story += _sub("Beslut om trappan")
        story += data_table(
            ["Datum", "Beslut", "Beslutat av", "Varför"],
            [
                [d["on"], d.get("kind_label", ""), d["decided_by"], d["reason"]]
                for d in item["decisions"]
            ],
            [1.3, 1.8, 1.8, 5],
        )
    return story


def _days(step: dict) -> str:
    days = days_text(tuple(int(d) for d in str(step["weekdays"]).split(",") if d))
    clock = "–".join(x for x in (step["start_time"], step["end_time"]) if x)
    return " ".join(x for x in (days, clock) if x)


# Collaboration --------------------------------------------------------------------------------


def _network(items: list[dict]) -> list[Flowable]:
    return data_table(
        ["Organisation", "Kontaktperson", "Roll", "Period"],
        [
            [
                i.get("organisation_name", ""),
                i.get("contact_name", ""),
                i["role"],
                _period(i["since"], i["until"]),
            ]
            for i in items
        ],
        [3, 2.2, 2.2, 2],
    )


def _consents(items: list[dict]) -> list[Flowable]:
    return data_table(
        ["Från", "Givet av", "Vad det gäller", "Till", "Form", "Gäller", "Återkallat"],
        [
            [
                c.get("from_whom_label", ""),
                c["given_by"],
                c["scope"],
                c.get("organisation_name", ""),
                c.get("form_label", "")
                + (f" (antecknat av {c['noted_by']})" if c["noted_by"] else ""),
                _period(c["given_on"], c["valid_until"]),
                c["withdrawn_on"],
            ]
            for c in items
        ],
        [1.4, 1.8, 3, 1.8, 1.4, 1.7, 1.2],
    )


def _contact_entries(entries: list[dict]) -> list[Flowable]:
    story = _nothing(entries) or []
    for entry in entries:
        head = " ".join(x for x in (entry["happened_on"], entry["time"]) if x)
        story += _sub(f"{head} – {entry.get('kind_label', '')}")
        rows = [
            ("Form", entry.get("channel_label", "")),
            ("Organisation", entry.get("organisation_name", "")),
            ("Kontaktperson", entry.get("contact_name", "")),
            ("Med vem", entry["with_whom"]),
            ("Deltagare", entry["participants"]),
        ]
        if entry.get("lead_organisation_id"):
            rows.append(("Leds av", entry.get("lead_organisation_name", "")))
        if entry["next_meeting_on"]:
            rows.append(("Nästa möte", entry["next_meeting_on"]))
        if entry["is_disclosure"]:
            basis = entry.get("basis_label", "")
            if entry["basis_text"]:
                basis = f"{basis}: {entry['basis_text']}"
            rows.append(("Uppgifter lämnades ut", f"Ja, med stöd av {basis}".rstrip(": ")))
        story += fact_table([(label, value) for label, value in rows if value] + _stamps(entry))
        story += long_text("Sammanfattning", entry["summary"])
        if entry["actions"]:
            story += data_table(
                ["Överenskommen åtgärd", "Ansvarig", "Klart senast", "Gjort"],
                [
                    [a["what"], a["responsible"], a["due_on"], a["done_on"]]
                    for a in entry["actions"]
                ],
                [4, 2, 1.3, 1.3],
            )
    return story


def _concerns(items: list[dict]) -> list[Flowable]:
    return data_table(
        ["Datum", "Till", "Gjord av", "Vad anmälan gällde", "Återkoppling"],
        [
            [
                c["made_on"],
                c.get("organisation_name", ""),
                c["made_by"],
                c["summary"],
                " ".join(x for x in (c["feedback_on"], c["feedback_summary"]) if x),
            ]
            for c in items
        ],
        [1.3, 2, 1.7, 3.5, 2.5],
    )


def _disclosures(lines: list[dict]) -> list[Flowable]:
    story = paragraph(
        "Varje gång skolan har lämnat uppgifter om eleven till en annan organisation: när, "
        "till vem, med vilket stöd och vad som lämnades. Uppgifter som lämnats till den "
        "mottagande skolan vid en överlämning står under Överlämningar."
    )
    return story + data_table(
        ["Datum", "Till", "Stöd för utlämnandet", "Vad som lämnades"],
        [[d["on"], d["recipient"], d["basis"], d["what"]] for d in lines],
        [1.3, 2.2, 2.6, 4],
    )


# Attendance -----------------------------------------------------------------------------------


def _percent(value) -> str:
    return "" if value is None else f"{value:.1f} %".replace(".", ",")


def _attendance(data: dict) -> list[Flowable]:
    days, lessons = data.get("days", []), data.get("lessons", [])
    story = paragraph(
        "Närvaron kommer från skolans närvarosystem genom inläsningar (se Inläsningar). Här står "
        "en sammanfattning per termin; närvaron per dag "
        f"({len(days)} dagar) och per lektion ({len(lessons)} lektioner) finns i JSON-filen."
    )
    story += data_table(
        ["Termin", "Period", "Skoldagar", "Schemalagd tid", "Frånvaro", "varav ogiltig"],
        [
            [
                t["term"],
                _period(t["first_day"], t["last_day"]),
                str(t["school_days"]),
                f"{t['offered_minutes']} min",
                _percent(t["absence_percent"]),
                _percent(t["unexcused_percent"]),
            ]
            for t in data.get("terms", [])
        ],
        [1.1, 2.6, 1.3, 1.6, 1.3, 1.3],
    )
    if data.get("periods"):
        story += _sub("Närvaro som summor för en period")
        story += data_table(
            ["Period", "Schemalagt", "Närvarande", "Giltig frånvaro", "Ogiltig frånvaro"],
            [
                [
                    _period(p["start_day"], p["end_day"]),
                    f"{p['offered']} min",
                    f"{p['attended']} min",
                    f"{p['excused']} min",
                    f"{p['unexcused']} min",
                ]
                for p in data["periods"]
            ],
        )
    if data.get("reported_absences"):
        story += _sub("Anmäld frånvaro")
        story += data_table(
            ["Från", "Till", "Slag"],
            [
                [when(r["starts_at"]), when(r["ends_at"]), r["kind"]]
                for r in data["reported_absences"]
            ],
            [2, 2, 3],
        )
    return story


def _absence_investigations(items: list[dict]) -> list[Flowable]:
    story = _nothing(items) or []
    for item in items:
        story += _sub(f"Frånvaroutredning inledd {item['started_on']}")
        story += fact_table(
            [
                ("Frånvaron uppmärksammades", item["noticed_on"]),
                ("Utredningen inleddes", item["started_on"]),
                ("Ansvarig", item["responsible"]),
                ("Eleven deltog", _yes_no(item["pupil_took_part"])),
                ("Vårdnadshavare deltog", _yes_no(item["guardians_took_part"])),
                ("Elevhälsan deltog", _yes_no(item["team_took_part"])),
                ("Andra som deltog", item["participants"]),
                ("Anmäld till huvudmannen", item["reported_on"]),
                ("Ledde till", item.get("outcome_label", "")),
                ("Avslutad", item["closed_on"]),
                *_stamps(item),
            ]
        )
        story += long_text("Vad som uppmärksammades", item["reason_noticed"])
        story += long_text("Vad utredningen kom fram till", item["findings"])
        if item["outcome_note"].strip():
            story += long_text("Om utfallet", item["outcome_note"])
    return story


# Handover -------------------------------------------------------------------------------------


def _handover_notes(notes: list[dict]) -> list[Flowable]:
    story = _nothing(notes) or []
    for note in notes:
        years = " till ".join(f"åk {y}" for y in (note["from_year"], note["to_year"]) if y)
        schools = " till ".join(s for s in (note["from_school"], note["to_school"]) if s)
        title = ", ".join(x for x in (years, schools) if x) or "Överlämning"
        story += _sub(f"{title} ({note.get('status_label', '')})")
        rows = [
            ("Status", note.get("status_label", "")),
            ("Ansvarig", note["responsible"]),
            ("Mottagen från", note["sender_school"]),
            ("Mottagande mentor", note["receiving_mentor"]),
            ("Namngiven vuxen", note["named_adult"]),
            ("Första veckan", note.get("first_week_choices_label", "")),
            ("Möte mellan skolorna", note["meeting_on"]),
            ("Deltog i mötet", note["meeting_participants"]),
            ("Överenskommet", note["meeting_agreed"]),
            ("Överlämnad", note["handed_over_on"]),
        ]
        story += fact_table([(label, value) for label, value in rows if value] + _stamps(note))
        for name, heading in HANDOVER_SECTIONS:
            if note.get(name, "").strip():
                story += long_text(heading, note[name])
    return story


_DIRECTION = {"sent": "Skickad", "received": "Mottagen"}
_OUTCOME = {
    "sent": "Skickad",
    "created": "Ny elev skapades",
    "matched": "Eleven känndes igen",
    "confirmed": "Eleven bekräftades för hand",
}


def _handover_exchanges(items: list[dict]) -> list[Flowable]:
    story = paragraph(
        "Överlämningsfiler som uppgifter om eleven har skickats i eller tagits emot från."
    )
    return story + data_table(
        ["Datum", "Riktning", "Avsändande skola", "Utfall"],
        [
            [
                when(i["created_at"]),
                _DIRECTION.get(i["direction"], i["direction"]),
                i.get("sender_school") or "",
                _OUTCOME.get(i["outcome"], i["outcome"]),
            ]
            for i in items
        ],
        [1.8, 1.4, 3, 3],
    )


def _imports(items: list[dict]) -> list[Flowable]:
    story = paragraph("Inläsningar från skolans system som gav uppgifter om eleven.")
    return story + data_table(
        ["Datum", "Format", "Filer", "Inläst av"],
        [
            [when(i["created_at"]), i["format"], i["sources"], i.get("created_by_name", "")]
            for i in items
        ],
        [1.8, 1.2, 4, 2],
    )


# The log ------------------------------------------------------------------------------------


def _access_log(entries: list[dict]) -> list[Flowable]:
    story = paragraph(LOG_INTRO)
    return story + data_table(
        ["Tid", "Vem", "Vad", "Detalj"],
        [
            [
                when(e["at"]),
                e["user_name"] + (f" ({e['user_role']})" if e.get("user_role") else ""),
                e.get("action_label", e["action"]),
                e["detail"],
            ]
            for e in entries
        ],
        [1.9, 2.8, 1.5, 3.8],
    )


def _retention(info: dict) -> list[Flowable]:
    story = section("Gallring")
    story += paragraph(info.get("explanation", ""))
    story += fact_table(
        [
            ("Regel", info.get("rule", "")),
            ("Gallrat", when(info.get("removed_at", ""))),
            ("Av", info.get("removed_by", "")),
        ]
    )
    return story


_SECTIONS: tuple[tuple[str, str, Callable[..., list[Flowable]]], ...] = (
    ("pupil", "Uppgifter i elevregistret", _register),
    ("adjustments", "Extra anpassningar", _adjustments),
    ("investigations", "Utredningar av behov av särskilt stöd", _investigations),
    ("plans", "Planer: åtgärdsprogram och handlingsplaner", _plans),
    ("staged_returns", "Stegvis återgång", _staged_returns),
    ("network", "Nätverket runt eleven", _network),
    ("consents", "Samtycken", _consents),
    ("contact_entries", "Kontakter och möten", _contact_entries),
    ("concern_reports", "Orosanmälningar", _concerns),
    ("disclosures", "Utlämnade uppgifter: vem har fått veta vad", _disclosures),
    ("attendance", "Närvaro", _attendance),
    ("absence_investigations", "Frånvaroutredningar", _absence_investigations),
    ("handover_notes", "Överlämningar", _handover_notes),
    ("handover_exchanges", "Överlämningsfiler", _handover_exchanges),
    ("imports", "Inläsningar", _imports),
    ("access_log", "Vem har tagit del av uppgifterna: aktens logg", _access_log),
)
