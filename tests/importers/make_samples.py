"""Writes the sample files in tests/importers/samples/. The files are kept in the repository
(the tests read them as a user's export would be read); run this only to change them:

    .venv/bin/python -m tests.importers.make_samples

The layouts follow what the school systems export; every person in them is made up."""

from __future__ import annotations

import json
from pathlib import Path

from tests.importers.people import ASA, BROKEN, ELIN, LIV, NOA, ORJAN

SAMPLES = Path(__file__).parent / "samples"

# SchoolSoft-like: minutes per lesson, ';' with decimal comma, Windows-1252, CRLF, a title
# line above the header, one blank line among the rows.
SCHOOLSOFT = [
    "Närvaro per lektion 7B, 2026-11-23 – 2026-11-25",
    "",
    "Personnummer;Elev;Klass;Datum;Kurs;Starttid;Sluttid;Erbjuden tid (min);Närvaro (min);"
    "Giltig frånvaro (min);Ogiltig frånvaro (min)",
    f"{ASA};Åström, Åsa;7B;2026-11-23;Matematik;08:15;09:15;60;60,0;0;0",
    f"{ASA};Åström, Åsa;7B;2026-11-23;Svenska;09:30;10:25;55;45,0;0;10,0",
    f"{ORJAN};Öberg, Örjan;7B;2026-11-23;Matematik;08:15;09:15;60;0;60;0",
    f"{ORJAN};Öberg, Örjan;7B;2026-11-24;Engelska;13:00;13:40;;40;0;0",
    f"{ELIN};Ängström, Elin;7B;2026-02-30;Matematik;08:15;09:15;60;60;0;0",
    f"{BROKEN};Ängström, Elin;7B;2026-11-24;Matematik;08:15;09:15;60;60;0;0",
    "",
    f"{ELIN};Ängström, Elin;7B;2026-11-24;Svenska;09:30;10:30;60;30;0;45",
    f"{ELIN};Ängström, Elin;7B;2026-11-25;Slöjd;08:15;09:15;60;60;0;0",
]

# Skola24/Vklass-like: a status word per lesson, ',' with quoted names, UTF-8 with a BOM,
# dates as 23/11/2026; no civic numbers, so pupils are known by name and class.
SKOLA24 = [
    "Elev,Klass,Datum,Tid,Ämne,Status,Sen ankomst (min)",
    '"Åström, Åsa",7B,23/11/2026,08:15,Matematik,Närvarande,',
    '"Åström, Åsa",7B,23/11/2026,09:30,Svenska,Sen ankomst,12',
    '"Öberg, Örjan",7B,23/11/2026,08:15,Matematik,Giltig frånvaro,',
    '"Öberg, Örjan",7B,23/11/2026,09:30,Svenska,Ogiltig frånvaro,',
    '"Ängström, Elin",7B,24/11/2026,08:15,Matematik,Frånvarande (anmäld),',
    '"Ängström, Elin",7B,24/11/2026,09:30,Svenska,Sjuk,',
    '"Ängström, Elin",7B,31/11/2026,10:00,Idrott,Närvarande,',
]

# A class list, tab-separated UTF-8 without a BOM, with two guardians per pupil.
ROSTER = [
    "Personnummer\tFörnamn\tEfternamn\tKlass\tÅrskurs\tMentor\tSkyddad identitet\t"
    "Vårdnadshavare 1\tVH1 telefon\tVH1 e-post\tVårdnadshavare 2\tVH2 telefon\tVH2 e-post",
    f"{ASA}\tÅsa\tÅström\t7B\t7\tEva Lind\t\tKarin Åström\t070-1740605\t"
    "karin.astrom@example.com\tPer Åström\t070-1740606\tper.astrom@example.com",
    f"{ORJAN}\tÖrjan\tÖberg\t7B\t\tEva Lind\tJa\tMaria Öberg\t070-1740607\t"
    "maria.oberg@example.com\t\t\t",
    f"{LIV}\tLiv\tFors\tF-A\t\tAnna Berg\t\t\t\t\t\t\t",
    f"{NOA}\tNoa\tLind\t9C\tåk 9\tOla Holm\tnej\tSara Lind\t070-1740608\t\t\t\t",
    f"{BROKEN}\tElin\tÄngström\t7B\t7\tEva Lind\t\t\t\t\t\t\t",
    f"{ELIN}\t\t\t7B\t7\tEva Lind\t\t\t\t\t\t\t",
]

# SS 12000: ids in the shape of UUIDs, readable by their last digits.
P_ASA = "a0000000-0000-4000-8000-000000000001"
P_ORJAN = "a0000000-0000-4000-8000-000000000002"
P_ELIN = "a0000000-0000-4000-8000-000000000003"
P_KARIN = "a0000000-0000-4000-8000-000000000011"  # Åsa's guardian
P_EVA = "a0000000-0000-4000-8000-000000000021"  # a teacher
P_MISSING = "a0000000-0000-4000-8000-000000000099"  # in a class, not among the persons
G_7B = "b0000000-0000-4000-8000-000000000001"
G_MENTOR = "b0000000-0000-4000-8000-000000000002"
G_MATH = "b0000000-0000-4000-8000-000000000003"
E_MATH = "c0000000-0000-4000-8000-000000000001"
E_SWEDISH = "c0000000-0000-4000-8000-000000000002"
E_CANCELLED = "c0000000-0000-4000-8000-000000000003"
E_SUMMER = "c0000000-0000-4000-8000-000000000004"
E_MISSING = "c0000000-0000-4000-8000-000000000099"
META = {"created": "2026-08-01T08:00:00+02:00", "modified": "2026-11-20T16:00:00+01:00"}
SCHOOL = {"id": "d0000000-0000-4000-8000-000000000001"}


def _person(pid, given, family, civic, **more):
    person = {"id": pid, "meta": META, "givenName": given, "familyName": family}
    if civic:
        person["civicNo"] = {"value": civic.replace("-", ""), "nationality": "SE"}
    person.update(more)
    return person


def persons() -> dict:
    enrolment = {
        "enroledAt": SCHOOL,
        "schoolYear": 7,
        "schoolType": "GR",
        "startDate": "2026-08-17",
    }
    return {
        "data": [
            _person(
                P_ASA,
                "Åsa",
                "Åström",
                ASA,
                securityMarking="Ingen",
                enrolments=[
                    {**enrolment, "schoolYear": 6, "startDate": "2025-08-18"},
                    enrolment,
                ],
                responsibles=[
                    {"person": {"id": P_KARIN}, "relationType": "Vårdnadshavare"},
                    {
                        "person": {
                            "id": "a0000000-0000-4000-8000-000000000012",
                            "displayName": "Per Åström",
                        },
                        "relationType": "Vårdnadshavare",
                    },
                ],
            ),
            _person(
                P_ORJAN,
                "Örjan",
                "Öberg",
                ORJAN,
                securityMarking="Skyddad folkbokföring",
                enrolments=[enrolment],
            ),
            # A temporary number as SS 12000 allows it; the pupil is known by the id.
            _person(P_ELIN, "Elin", "Ängström", "20131102TF01"),
            _person(
                P_KARIN,
                "Karin",
                "Åström",
                "",
                emails=[{"value": "karin.astrom@example.com", "type": "Privat"}],
                phoneNumbers=[{"value": "070-1740605", "mobile": True}],
            ),
            _person(P_EVA, "Eva", "Lind", ""),
        ],
        "pageToken": None,
    }


def groups() -> list:
    return [
        {
            "id": G_7B,
            "meta": META,
            "displayName": "7B",
            "groupType": "Klass",
            "schoolType": "GR",
            "startDate": "2026-08-17",
            "organisation": SCHOOL,
            "groupMemberships": [
                {"person": {"id": P_ASA}, "startDate": "2026-08-17"},
                {"person": {"id": P_ORJAN}, "startDate": "2026-08-17"},
                {"person": {"id": P_ELIN}, "startDate": "2026-08-17"},
                {"person": {"id": P_MISSING}, "startDate": "2026-08-17"},
            ],
        },
        {
            "id": G_MENTOR,
            "meta": META,
            "displayName": "Mentorsgrupp Lind",
            "groupType": "Mentor",
            "startDate": "2026-08-17",
            "organisation": SCHOOL,
            "groupMemberships": [
                {"person": {"id": P_ASA}},
                {"person": {"id": P_ORJAN}},
            ],
            "_embedded": {
                "assignmentRoles": [
                    {
                        "duty": {
                            "id": "e0000000-0000-4000-8000-000000000001",
                            "displayName": "Eva Lind",
                        },
                        "assignmentRoleType": "Mentor",
                        "startDate": "2026-08-17",
                    }
                ]
            },
        },
        {
            "id": G_MATH,
            "meta": META,
            "displayName": "7B Matematik",
            "groupType": "Undervisning",
            "startDate": "2026-08-17",
            "organisation": SCHOOL,
            "groupMemberships": [{"person": {"id": P_ASA}}, {"person": {"id": P_ORJAN}}],
        },
    ]


def calendar_events() -> list:
    activity = {"id": "f0000000-0000-4000-8000-000000000001"}
    return [
        # In UTC: 07:15Z is 08:15 in Stockholm in November.
        {
            "id": E_MATH,
            "meta": META,
            "activity": activity,
            "startTime": "2026-11-23T07:15:00Z",
            "endTime": "2026-11-23T08:15:00Z",
        },
        {
            "id": E_SWEDISH,
            "meta": META,
            "activity": activity,
            "startTime": "2026-11-23T09:30:00+01:00",
            "endTime": "2026-11-23T10:25:00+01:00",
            "teachingLengthStudent": 50,
            "studentExceptions": [
                {"student": {"id": P_ORJAN}, "participates": True, "teachingLength": 30}
            ],
        },
        {
            "id": E_CANCELLED,
            "meta": META,
            "activity": activity,
            "startTime": "2026-11-24T08:15:00+01:00",
            "endTime": "2026-11-24T09:15:00+01:00",
            "cancelled": True,
        },
        # Summer time: 06:00Z is 08:00 in Stockholm in June.
        {
            "id": E_SUMMER,
            "meta": META,
            "activity": activity,
            "startTime": "2026-06-01T06:00:00Z",
            "endTime": "2026-06-01T06:40:00Z",
        },
    ]


def _attendance(number, event, student, present, **more):
    return {
        "id": f"a1000000-0000-4000-8000-{number:012d}",
        "meta": META,
        "calendarEvent": {"id": event},
        "student": {"id": student},
        "isReported": True,
        "attendanceMinutes": present,
        **more,
    }


def attendances() -> list:
    return [
        _attendance(1, E_MATH, P_ASA, 60),
        _attendance(2, E_SWEDISH, P_ASA, 40, otherAttendanceMinutes=5, invalidAbsenceMinutes=5),
        _attendance(3, E_SWEDISH, P_ORJAN, 0, validAbsenceMinutes=30, absenceReason="Sjuk"),
        _attendance(4, E_CANCELLED, P_ASA, 0),
        _attendance(5, E_MISSING, P_ASA, 60),
        _attendance(6, E_MATH, P_MISSING, 50, invalidAbsenceMinutes=10),
        _attendance(7, E_SUMMER, P_ELIN, 40),
        _attendance(8, E_MATH, P_ELIN, 0, isReported=False),
    ]


def absences() -> dict:
    return {
        "data": [
            {
                "id": "a2000000-0000-4000-8000-000000000001",
                "meta": META,
                "startTime": "2026-11-26T08:00:00+01:00",
                "endTime": "2026-11-26T16:00:00+01:00",
                "type": "Beviljad ledighet",
                "student": {"id": P_ORJAN},
                "organisation": SCHOOL,
            },
            {
                "id": "a2000000-0000-4000-8000-000000000002",
                "meta": META,
                "startTime": "2026-11-27T08:00:00+01:00",
                "endTime": "2026-11-27T12:00:00+01:00",
                "type": "Semester",
                "student": {"id": P_ASA},
            },
        ],
        "pageToken": None,
    }


def aggregated_attendances() -> list:
    activity = {"id": "f0000000-0000-4000-8000-000000000001"}
    return [
        {
            "activity": activity,
            "student": {"id": P_ASA},
            "startDate": "2026-08-17",
            "endDate": "2026-11-20",
            "attendanceSum": 4200,
            "validAbsenceSum": 300,
            "invalidAbsenceSum": 120,
            "otherAttendanceSum": 60,
            "offeredSum": 4800,
        },
        {
            "activity": activity,
            "student": {"id": P_ORJAN},
            "startDate": "2026-08-17",
            "endDate": "2026-11-20",
            "attendanceSum": 4000,
            "validAbsenceSum": 500,
            "invalidAbsenceSum": 0,
        },
    ]


def main(folder: Path = SAMPLES) -> None:
    folder.mkdir(exist_ok=True)
    (folder / "schoolsoft_minutes.csv").write_bytes(
        "\r\n".join(SCHOOLSOFT).encode("cp1252") + b"\r\n"
    )
    (folder / "skola24_status.csv").write_bytes(
        "\ufeff".encode() + "\r\n".join(SKOLA24).encode("utf-8") + b"\r\n"
    )
    (folder / "roster.txt").write_bytes("\n".join(ROSTER).encode("utf-8") + b"\n")
    export = folder / "ss12000"
    export.mkdir(exist_ok=True)
    for name, content in (
        ("persons.json", persons()),
        ("groups.json", groups()),
        ("calendarEvents.json", calendar_events()),
        ("attendances.json", attendances()),
        ("absences.json", absences()),
        ("aggregatedAttendances.json", aggregated_attendances()),
    ):
        (export / name).write_text(
            json.dumps(content, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )


if __name__ == "__main__":
    main()
