"""The absence investigation record: dates checked, closing needs findings and an outcome,
reminders while it lingers, every read and change audited."""

from __future__ import annotations

import datetime as dt

import pytest

from elevhalsa_desktop.domain.absence_investigation import Outcome
from elevhalsa_desktop.domain.pupil import Pupil, ValidationError
from elevhalsa_desktop.services.absence_investigations import AbsenceInvestigationService
from tests.dates import TODAY, day


@pytest.fixture
def pupil(pupils):
    return pupils.create(Pupil("Elsa", "Öberg", class_name="7B"))


def service(session, offset=0):
    return AbsenceInvestigationService(session, today=lambda: TODAY + dt.timedelta(days=offset))


def test_a_new_investigation_is_saved_audited_and_reminds_to_report(session, pupil):
    investigations = service(session)
    draft = investigations.draft(pupil.id, "18 % frånvaro senaste fyra veckorna")
    assert (draft.noticed_on, draft.started_on, draft.responsible) == (
        day(0),
        day(0),
        "Maria Lindqvist",
    )
    saved = investigations.save(draft.with_changes(noticed_on=day(-3)))
    assert saved.id and saved.is_open
    [reminder] = investigations.reminders()
    assert reminder.text == "Anmäl till huvudmannen att utredningen har inletts"
    later = service(session, 35)
    texts = [r.text for r in later.reminders()]
    assert texts == [
        "Inte anmäld till huvudmannen, 35 dagar efter start",
        "Utredningen har pågått i 35 dagar",
        "Eleven och vårdnadshavarna ska delta i utredningen",
    ]
    opened = investigations.open(saved.id)
    assert opened == saved
    details = [
        r[0]
        for r in session.db.execute(
            "SELECT action || ' ' || detail FROM audit_log WHERE pupil_id = ?", [pupil.id]
        )
    ]
    assert f"created frånvaroutredning {saved.id}" in details
    assert f"viewed frånvaroutredning {saved.id}" in details


def test_dates_are_checked_and_nothing_is_saved(session, pupil):
    investigations = service(session)
    draft = investigations.draft(pupil.id)
    with pytest.raises(ValidationError) as error:
        investigations.save(
            draft.with_changes(noticed_on=day(1), started_on=day(-2), reported_on="2026-02-30")
        )
    assert set(error.value.problems) == {"noticed_on", "started_on", "reported_on"}
    assert investigations.for_pupil(pupil.id) == []


def test_closing_needs_findings_and_an_outcome(session, pupil):
    investigations = service(session)
    saved = investigations.save(investigations.draft(pupil.id).with_changes(reported_on=day(0)))
    with pytest.raises(ValidationError) as error:
        investigations.close(saved)
    assert set(error.value.problems) == {"findings", "outcome"}
    closed = investigations.close(
        saved.with_changes(
            findings="Oro inför idrotten; stökig klass.",
            outcome=Outcome.PLAN,
            pupil_took_part=True,
            guardians_took_part=True,
        )
    )
    assert closed.closed_on == day(0) and not closed.is_open
    assert investigations.reminders() == []
