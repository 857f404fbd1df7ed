"""The early-warning arithmetic, checked by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from elevhalsa_desktop.domain.ews import (
    DayFigures,
    Level,
    Thresholds,
    Window,
    WindowError,
    assess,
    change_text,
    percent_text,
    term_start,
    weekly,
    window_for,
)

MONDAY = dt.date(2026, 11, 2)
FOUR_WEEKS = Window(MONDAY, MONDAY + dt.timedelta(days=27), "senaste fyra veckorna")


def school_days(start=MONDAY, weeks=4):
    return [start + dt.timedelta(days=w * 7 + d) for w in range(weeks) for d in range(5)]


def day(on, offered=300, excused=0, unexcused=0, **extra):
    return DayFigures(
        day=on,
        offered=offered,
        attended=offered - excused - unexcused,
        excused=excused,
        unexcused=unexcused,
        **extra,
    )


def test_shares_are_absent_minutes_over_offered_minutes():
    days = [day(d) for d in school_days()]  # 20 days x 300 min = 6000 min offered
    days[0] = day(days[0].day, excused=300)  # a whole day excused
    days[1] = day(days[1].day, unexcused=60, unexcused_lessons=1)  # one lesson unexcused
    f = assess(days, FOUR_WEEKS, Thresholds())
    assert f.offered == 6000
    assert f.excused == 300 and f.unexcused == 60
    assert f.total_percent == 6.0  # 360 / 6000
    assert f.excused_percent == 5.0
    assert f.unexcused_percent == 1.0
    assert f.level is Level.GREEN
    assert f.longest_run == 1
    assert f.reasons == ()


def test_a_pupil_with_no_offered_time_has_no_data_and_no_percent():
    f = assess([], FOUR_WEEKS, Thresholds())
    assert f.level is Level.NO_DATA
    assert f.total_percent is None and f.offered == 0
    assert f.reasons == ("Ingen erbjuden tid senaste fyra veckorna.",)
    assert percent_text(f.total_percent) == "–"
    # Days with nothing offered (a study day) count as no data, not as perfect attendance.
    assert assess([day(MONDAY, offered=0)], FOUR_WEEKS, Thresholds()).level is Level.NO_DATA


def test_yellow_and_red_thresholds_and_the_change_against_the_window_before():
    days = [day(d) for d in school_days()]
    # 12 % absence: 720 of 6000 minutes, spread so no whole day is missed.
    for i in range(12):
        days[i] = day(days[i].day, excused=60)
    before = [
        day(d - dt.timedelta(days=28), excused=30 if i < 6 else 0)
        for i, d in enumerate(school_days())
    ]
    f = assess(days, FOUR_WEEKS, Thresholds(), previous=before)  # before: 180/6000 = 3 %
    assert f.total_percent == 12.0
    assert f.change == 9.0
    assert f.level is Level.YELLOW
    assert f.reasons[0] == "12 % frånvaro senaste fyra veckorna, +9 procentenheter"
    for i in range(12, 15):  # 900 / 6000 = 15 %: red
        days[i] = day(days[i].day, excused=60)
    assert assess(days, FOUR_WEEKS, Thresholds()).level is Level.RED


def test_five_school_days_in_a_row_is_red_even_over_a_weekend():
    days = [day(d) for d in school_days()]
    # Wednesday to the next Tuesday: the weekend has no offered time and does not break the run.
    for i in (2, 3, 4, 5, 6):
        days[i] = day(days[i].day, excused=300)
    f = assess(days, Window(MONDAY, MONDAY + dt.timedelta(days=13), "x"), Thresholds())
    assert f.longest_run == 5
    assert f.level is Level.RED
    assert "5 skoldagar i rad borta" in f.reasons


def test_unexcused_occasions_make_yellow():
    days = [day(d) for d in school_days()]
    for i in range(5):
        days[i * 3] = day(days[i * 3].day, unexcused=10, unexcused_lessons=1)
    f = assess(days, FOUR_WEEKS, Thresholds())
    assert f.unexcused_occasions == 5
    assert f.level is Level.YELLOW
    assert "5 tillfällen med ogiltig frånvaro" in f.reasons


def test_the_same_weekday_again_and_again():
    days = [day(d) for d in school_days()]
    for w in range(3):  # the first three Mondays, one lesson each
        days[w * 5] = day(days[w * 5].day, excused=60)
    f = assess(days, FOUR_WEEKS, Thresholds())
    assert f.total_percent == 3.0
    assert (f.weekday, f.weekday_run) == (0, 3)
    assert f.level is Level.YELLOW
    assert "3 måndagar i rad" in f.reasons


def test_scattered_absence_and_missed_first_lessons():
    days = [day(d) for d in school_days()]
    for i in (1, 6, 12, 18):  # four different weekdays: no weekday run
        days[i] = day(days[i].day, unexcused=20, first_lesson_missed=True, unexcused_lessons=1)
    f = assess(days, FOUR_WEEKS, Thresholds())
    assert f.scattered_days == 4
    assert f.first_lessons_missed == 4
    assert "ströfrånvaro 4 dagar" in f.reasons
    assert "missat dagens första lektion 4 gånger" in f.reasons
    assert f.level is Level.YELLOW


def test_estimated_days_count_in_the_share_but_not_in_runs():
    days = [day(d, excused=300, estimated=True) for d in school_days(weeks=2)]
    f = assess(days, FOUR_WEEKS, Thresholds())
    assert f.total_percent == 100.0
    assert f.longest_run == 0


def test_a_case_file_signal_raises_but_never_lowers():
    f = assess([day(d) for d in school_days()], FOUR_WEEKS, Thresholds())
    raised = f.raised(Level.YELLOW, "uppföljning av planen är försenad")
    assert raised.level is Level.YELLOW
    assert raised.reasons[-1] == "uppföljning av planen är försenad"
    assert raised.raised(Level.GREEN, "x").level is Level.YELLOW


def test_windows():
    today = dt.date(2026, 11, 23)
    assert window_for("4w", today, dt.date(2026, 8, 17)) == Window(
        dt.date(2026, 10, 27), today, "senaste fyra veckorna"
    )
    assert window_for("14d", today, today).start == dt.date(2026, 11, 10)
    assert window_for("term", today, dt.date(2026, 8, 17)).start == dt.date(2026, 8, 17)
    custom = window_for("2026-09-01:2026-10-31", today, today)
    assert (custom.start, custom.end, custom.phrase) == (
        dt.date(2026, 9, 1),
        dt.date(2026, 10, 31),
        "1 sep–31 okt",
    )
    assert custom.previous().end == dt.date(2026, 8, 31)
    assert custom.previous().days == custom.days
    with pytest.raises(WindowError, match="går inte att förstå"):
        window_for("förra veckan", today, today)
    with pytest.raises(WindowError, match="före"):
        window_for("2026-10-31:2026-09-01", today, today)


def test_term_start():
    assert term_start(dt.date(2026, 11, 23)) == dt.date(2026, 8, 15)
    assert term_start(dt.date(2027, 3, 1)) == dt.date(2027, 1, 7)
    assert term_start(dt.date(2027, 1, 3)) == dt.date(2026, 8, 15)


def test_thresholds_are_checked():
    assert Thresholds().problems() == {}
    problems = Thresholds(yellow_percent=20, red_percent=15, weekday_run=0).problems()
    assert set(problems) == {"red_percent", "weekday_run"}


def test_weekly_points_keep_weeks_without_school():
    days = [day(MONDAY, excused=150), day(MONDAY + dt.timedelta(days=14))]
    weeks = weekly(days, MONDAY, MONDAY + dt.timedelta(days=20))
    assert [w.monday for w in weeks] == [MONDAY + dt.timedelta(days=7 * i) for i in range(3)]
    assert weeks[0].total_percent == 50.0
    assert weeks[1].total_percent is None  # a holiday week: a gap, not a zero
    assert weeks[2].total_percent == 0.0


def test_texts():
    assert percent_text(12.4) == "12 %"
    assert percent_text(4.5) == "4,5 %"
    assert percent_text(0.0) == "0 %"
    assert change_text(-3.2) == "−3 procentenheter"
    assert change_text(None) == "–"
