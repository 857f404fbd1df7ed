"""The early-warning service: figures from the case file's attendance, signals from its plans
and staged returns, thresholds the school sets."""

from __future__ import annotations

import datetime as dt

import pytest

from elevhalsa_desktop.domain.ews import Level, Thresholds, term_start
from elevhalsa_desktop.domain.pupil import Pupil, ValidationError
from elevhalsa_desktop.importers.records import PupilRef
from elevhalsa_desktop.services.attendance_import import AttendanceImportService
from elevhalsa_desktop.services.early_warning import EarlyWarningService
from elevhalsa_desktop.services.ladder import LadderService
from elevhalsa_desktop.services.plans import PlanService
from tests.dates import TODAY
from tests.ui.ladder_setup import record_days, return_plan
from tests.ui.support_setup import active_plan

from .attendance_setup import lessons, result, weekdays


def import_weeks(session, pupil, absent=(), unexcused=(), weeks=8):
    start = TODAY - dt.timedelta(weeks=weeks)
    days = weekdays(start - dt.timedelta(days=start.weekday()), weeks * 5)
    days = [d for d in days if d <= TODAY]
    ref = PupilRef(
        given_name=pupil.given_name, family_name=pupil.family_name, class_name=pupil.class_name
    )
    service = AttendanceImportService(session)
    preview = service.preview(
        result(lessons(ref, days, absent=absent, unexcused=unexcused)), "csv", ["x.csv"]
    )
    service.apply(preview, {m.key for m in preview.name_matches})
    return days


@pytest.fixture
def ews(session):
    return EarlyWarningService(session, today=lambda: TODAY)


def test_only_pupils_above_green_are_listed_worst_first(session, pupils, ews):
    calm = pupils.create(Pupil("Ali", "Ahmadi", class_name="7A"))
    worried = pupils.create(Pupil("Elsa", "Öberg", class_name="7B"))
    days = import_weeks(session, calm)
    recent = [d for d in days if d > TODAY - dt.timedelta(days=28)]
    import_weeks(session, worried, absent=set(recent[-6:]))  # six whole days, the last of them
    warnings = ews.warnings(ews.window("4w"))
    assert [w.name for w in warnings] == ["Elsa Öberg"]
    [w] = warnings
    assert w.level is Level.RED
    assert w.figures.longest_run == 6
    assert w.figures.change is not None and w.figures.change > 20
    assert "ingen aktiv plan" in w.reason_text
    assert len(w.trend) == 8 and max(t for t in w.trend if t is not None) > 50
    everyone = ews.warnings(ews.window("4w"), include_green=True)
    assert {w.name for w in everyone} == {"Ali Ahmadi", "Elsa Öberg"}


def test_case_file_signals_raise_a_green_pupil(session, pupils):
    plans = PlanService(session)
    pupil = pupils.create(Pupil("Åsa", "Öhman", class_name="7B"))
    import_weeks(session, pupil)
    active_plan(plans, pupil, follow_up_in=1)
    # Three days on, the follow-up is late.
    ews = EarlyWarningService(session, today=lambda: TODAY + dt.timedelta(days=3))
    [w] = ews.warnings(ews.window("4w"))
    assert w.level is Level.YELLOW
    assert w.figures.reasons == ("uppföljning av planen är försenad",)


def test_three_missed_return_sessions_in_a_row(session, pupils, ews):
    ladder = LadderService(session)
    plan = return_plan(ladder, pupils, weeks_ago=3)
    days = [TODAY - dt.timedelta(days=d) for d in (8, 6, 1)]
    record_days(ladder, plan, days, absent=frozenset(days))
    [w] = ews.warnings(ews.window("4w"))
    assert w.level is Level.YELLOW
    assert "tre missade återgångstillfällen i rad" in w.reason_text


def test_pupils_without_data_are_not_warnings_but_are_shown_on_request(pupils, ews):
    pupils.create(Pupil("Ali", "Ahmadi", class_name="7A"))
    assert ews.warnings(ews.window("14d")) == []
    [w] = ews.warnings(ews.window("14d"), include_green=True)
    assert w.level is Level.NO_DATA


def test_thresholds_are_the_schools_to_set(session, pupils, ews):
    pupil = pupils.create(Pupil("Elsa", "Öberg", class_name="7B"))
    days = import_weeks(session, pupil)
    recent = [d for d in days if d > TODAY - dt.timedelta(days=28)]
    # One lesson on eight days: 8–11 % absence, depending on the weekday the test runs.
    import_weeks(session, pupil, absent={(d, "10:30") for d in recent[:8]})
    patterns_off = {"scattered_days": 50, "weekday_run": 50, "first_lessons": 50}
    ews.save_thresholds(Thresholds(yellow_percent=20, red_percent=30, **patterns_off))
    assert ews.warnings(ews.window("4w")) == []
    ews.save_thresholds(Thresholds(yellow_percent=5, red_percent=12, **patterns_off))
    [w] = ews.warnings(ews.window("4w"))
    assert w.level is Level.YELLOW
    with pytest.raises(ValidationError) as error:
        ews.save_thresholds(Thresholds(yellow_percent=20, red_percent=10))
    assert "red_percent" in error.value.problems
    assert ews.thresholds().yellow_percent == 5


def test_term_starts_and_windows(ews):
    ews.save_term_starts("08-18", "01-09")
    assert ews.window("term").start == term_start(TODAY, "08-18", "01-09")
    assert ews.window("term").end == TODAY
    with pytest.raises(ValidationError):
        ews.save_term_starts("18-08", "01-09")


def test_pupil_weeks_for_the_chart(session, pupils, ews):
    pupil = pupils.create(Pupil("Elsa", "Öberg", class_name="7B"))
    days = import_weeks(session, pupil, weeks=3)
    weeks = ews.pupil_weeks(pupil.id)
    assert weeks[0].monday == days[0]
    assert all(w.total_percent == 0.0 for w in weeks if w.offered)
