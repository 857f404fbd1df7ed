"""The demo's term of attendance: ordinary for most pupils, and the early warning finds the few
who should worry a coordinator, each for the reason the demo gave them."""

from __future__ import annotations

import datetime as dt
import statistics

import pytest

from elevhalsa_desktop.domain.ews import Level
from elevhalsa_desktop.domain.pupil import PupilStatus
from elevhalsa_desktop.services.absence_investigations import AbsenceInvestigationService
from elevhalsa_desktop.services.demo import fictional_pupils, write_demo
from elevhalsa_desktop.services.demo_attendance import (
    add_attendance,
    first_day,
    school_days,
)
from elevhalsa_desktop.services.demo_ladder import NEARLY_BACK, NEARLY_BACK_LADDER, play
from elevhalsa_desktop.services.early_warning import EarlyWarningService
from elevhalsa_desktop.services.ladder import LadderService
from elevhalsa_desktop.store import pupils as pupil_repo
from tests.conftest import PASSWORD

# A fixed day, so every week of the pattern is the same whenever the tests run: the Friday
# after höstlov's fourth week, with höstlov (week 44) inside the four-week window.
FIXED = dt.date(2026, 11, 20)


@pytest.fixture
def demo(session):
    with session.case.write() as db:
        saved = [
            pupil_repo.insert(db, pupil, session.user.id) for pupil in fictional_pupils(30, seed=5)
        ]
    returning = next(p for p in saved if p.status is PupilStatus.ACTIVE)
    plan = play(LadderService(session), returning.id, NEARLY_BACK_LADDER, NEARLY_BACK, FIXED)
    made = add_attendance(session, saved, [plan], FIXED, seed=5)
    return session, saved, made


def test_the_worried_pupils_have_the_levels_and_reasons_they_were_given(demo):
    session, saved, made = demo
    assert set(made.pupils) == {"rising", "mondays", "first_lessons", "away_run"}
    ews = EarlyWarningService(session, today=lambda: FIXED)
    warnings = {w.pupil_id: w for w in ews.warnings(ews.window("4w"))}

    rising = warnings[made.pupils["rising"]]
    assert rising.level is Level.RED
    assert rising.figures.change > 15
    assert "frånvaroutredning pågår" in rising.reason_text

    mondays = warnings[made.pupils["mondays"]]
    assert mondays.level is Level.YELLOW
    assert any("måndagar i rad" in p for p in mondays.figures.patterns)
    assert mondays.figures.total_percent < 10  # a pattern behind a low share

    mornings = warnings[made.pupils["first_lessons"]]
    assert mornings.level is Level.YELLOW
    assert any("första lektion" in p for p in mornings.figures.patterns)

    away = warnings[made.pupils["away_run"]]
    assert away.level is Level.RED
    assert away.figures.longest_run == 6
    assert "6 skoldagar i rad borta" in away.reason_text

    # Most pupils are ordinary: besides these and the staged return, hardly anyone is listed.
    worried = {*made.pupils.values(), *made.returns}
    assert len(set(warnings) - worried) <= 3
    active = [p for p in saved if p.status is PupilStatus.ACTIVE]
    assert len(active) - len(warnings) >= 18


def test_the_staged_returns_absence_falls_as_the_ladder_is_climbed(demo):
    session, _saved, made = demo
    [pupil_id] = made.returns
    weeks = EarlyWarningService(session, today=lambda: FIXED).pupil_weeks(
        pupil_id, made.first_day, FIXED
    )
    shares = [w.total_percent for w in weeks if w.total_percent is not None]
    assert statistics.mean(shares[:3]) > statistics.mean(shares[-3:]) + 15
    assert shares[-1] < 60


def test_the_rising_pupil_has_an_open_investigation_not_yet_reported(demo):
    session, _saved, made = demo
    item = AbsenceInvestigationService(session, today=lambda: FIXED).open(made.investigation_id)
    assert item.pupil_id == made.pupils["rising"]
    assert item.is_open and item.reported_on == ""
    assert item.reason_noticed.startswith("Tidig varning: ")
    assert "frånvaro senaste fyra veckorna" in item.reason_noticed


def test_lesson_rows_from_the_term_start_through_the_real_import(demo):
    session, saved, made = demo
    assert made.first_day == dt.date(2026, 8, 17)
    days = school_days(made.first_day, FIXED)
    assert dt.date(2026, 10, 28) not in days  # höstlov
    report = made.report
    assert report.skipped_count == 0 and report.imported == report.rows_read
    active = sum(p.status is PupilStatus.ACTIVE for p in saved)
    # Five or six lessons a day, four on Fridays.
    assert 4 * len(days) * active <= report.rows_read <= 6 * len(days) * active
    first, last = session.db.execute("SELECT min(day), max(day) FROM attendance").fetchone()
    assert (first, last) == (days[0].isoformat(), days[-1].isoformat())


def test_first_day_keeps_enough_weeks():
    assert first_day(dt.date(2026, 11, 20)) == dt.date(2026, 8, 17)
    assert first_day(dt.date(2026, 8, 25)) == dt.date(2026, 6, 16)  # ten weeks back
    assert first_day(dt.date(2027, 5, 31)) == dt.date(2027, 1, 11)  # twenty weeks back


def test_the_demo_file_shows_the_warnings_today(tmp_path):
    """Through the real demo builder, on the real today: the robust part of the picture."""
    session = write_demo(tmp_path / "demo.elevhalsa", PASSWORD, pupils=60, seed=1)
    try:
        ews = EarlyWarningService(session)
        warnings = {w.pupil_id: w for w in ews.warnings(ews.window("4w"))}
        investigations = session.db.execute(
            "SELECT pupil_id, reported_on FROM absence_investigation WHERE closed_on = ''"
        ).fetchall()
        [(pupil_id, reported_on)] = investigations
        assert reported_on == ""
        assert warnings[pupil_id].level is Level.RED
        assert any(w.figures.longest_run >= 5 for w in warnings.values())
        assert 4 <= len(warnings) <= 15
    finally:
        session.close()
