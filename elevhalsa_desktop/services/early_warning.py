"""Early warning for every pupil: absence figures from imported attendance, weighed together with
what the case file itself says (no active plan, an overdue follow-up, missed return sessions).

The view, the command line (`elevhalsa ews`) and the tests all read the same figures from here.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from dataclasses import replace

from ..domain.ews import (
    DayFigures,
    Figures,
    Level,
    PupilWarning,
    SchoolDays,
    Thresholds,
    Window,
    WindowSums,
    assess,
    count_runs,
    figures_from,
    term_start,
    weekly,
    weeks_from,
    window_for,
)
from ..domain.pupil import PupilStatus, ValidationError
from ..store import absence_investigations as signals
from ..store import attendance as repo
from ..store import audit, users
from ..store import pupils as pupil_repo
from .base import CaseService
from .session import CaseSession

TREND_WEEKS = 8
_TERM_KEYS = {"autumn_term_start": "08-15", "spring_term_start": "01-07"}


class EarlyWarningService(CaseService):
    def __init__(self, session: CaseSession, today: Callable[[], _dt.date] = _dt.date.today):
        super().__init__(session)
        self._today = today

    # Settings the school decides ----------------------------------------------------------------
    def thresholds(self) -> Thresholds:
        values = {}
        for name in Thresholds.names():
            stored = users.get_setting(self._db, f"ews.{name}")
            if stored.isdigit():
                values[name] = int(stored)
        return Thresholds(**values)

    def save_thresholds(self, thresholds: Thresholds) -> Thresholds:
        problems = thresholds.problems()
        if problems:
            raise ValidationError(problems)
        with self.session.case.write() as db:
            for name in Thresholds.names():
                users.set_setting(db, f"ews.{name}", str(getattr(thresholds, name)))
            self.session.log(audit.Action.CHANGED, detail="gränser för tidig varning")
        return self.thresholds()

    def term_starts(self) -> tuple[str, str]:
        """The school's first days of the autumn and the spring term, as MM-DD."""
        return tuple(  # type: ignore[return-value]
            users.get_setting(self._db, key, default) for key, default in _TERM_KEYS.items()
        )

    def save_term_starts(self, autumn: str, spring: str) -> None:
        problems = {}
        for key, value in (("autumn_term_start", autumn), ("spring_term_start", spring)):
            try:
                _dt.date.fromisoformat(f"2024-{value.strip()}")
            except ValueError:
                problems[key] = "Skriv terminens första dag som MM-DD, till exempel 08-18."
        if problems:
            raise ValidationError(problems)
        with self.session.case.write() as db:
            users.set_setting(db, "autumn_term_start", autumn.strip())
            users.set_setting(db, "spring_term_start", spring.strip())
            self.session.log(audit.Action.CHANGED, detail="terminsstart")

    def window(self, spec: str = "4w") -> Window:
        today = self._today()
        autumn, spring = self.term_starts()
        return window_for(spec, today, term_start(today, autumn, spring))

    # Figures ------------------------------------------------------------------------------------
    def warnings(self, window: Window, include_green: bool = False) -> list[PupilWarning]:
        """Every active pupil's figures for ``window``, the most worrying first (level, then the
        change). Pupils at green, and pupils without attendance data, only with
        ``include_green``. Not audited: a list of names and figures is not opening a record."""
        today = self._today()
        thresholds = self.thresholds()
        trend_start = window.end - _dt.timedelta(weeks=TREND_WEEKS - 1)
        figures_of = _Figures(self._db, window, thresholds, trend_start)
        with_plan = signals.pupils_with_active_plan(self._db)
        overdue = signals.pupils_with_overdue_follow_up(self._db, today.isoformat())
        missing = signals.pupils_missing_sessions(self._db)
        investigations = {r["pupil_id"]: r for r in signals.open_investigations(self._db)}
        result = []
        for row in pupil_repo.list_rows(self._db):
            if row.status is not PupilStatus.ACTIVE:
                continue
            figures = figures_of(row.id)
            if row.id in overdue:
                figures = figures.raised(Level.YELLOW, "uppföljning av planen är försenad")
            if row.id in missing:
                figures = figures.raised(Level.YELLOW, "tre missade återgångstillfällen i rad")
            if figures.level is Level.RED and row.id not in with_plan:
                figures = figures.raised(Level.RED, "ingen aktiv plan")
            investigation = investigations.get(row.id)
            if investigation is not None:
                figures = replace(
                    figures,
                    reasons=(
                        *figures.reasons,
                        f"frånvaroutredning pågår sedan {investigation['started_on']}",
                    ),
                )
            if figures.level <= Level.GREEN and not include_green:
                continue
            trend = figures_of.trend(row.id)
            result.append(
                PupilWarning(
                    pupil_id=row.id,
                    name=f"{row.given_name} {row.family_name}",
                    class_name=row.class_name,
                    year=row.year,
                    figures=figures,
                    trend=trend,
                    open_investigation=investigation["id"] if investigation else "",
                )
            )
        result.sort(key=lambda w: (-w.level, -(w.figures.change or 0.0), w.name))
        return result

    def pupil_weeks(
        self, pupil_id: str, start: _dt.date | None = None, end: _dt.date | None = None
    ):
        """Weekly absence for one pupil's chart; by default from the first imported day."""
        end = end or self._today()
        if start is None:
            span = repo.date_range(self._db, pupil_id)
            start = _dt.date.fromisoformat(span[0]) if span else end - _dt.timedelta(weeks=8)
        days = repo.days_by_pupil(self._db, start, end, pupil_id).get(pupil_id, [])
        return weekly(days, start, end)

    def pupil_figures(self, pupil_id: str, window: Window):
        before = window.previous()
        own = repo.days_by_pupil(self._db, before.start, window.end, pupil_id).get(pupil_id, [])
        return _assess(own, window, self.thresholds())

    def reported_absences(self, pupil_id: str) -> list[dict]:
        return repo.reported_absences(self._db, pupil_id)

    def has_attendance(self) -> bool:
        return repo.date_range(self._db) is not None


_NOTHING = WindowSums()


class _Figures:
    """Every pupil's figures for ``window`` from a few queries: the sums, the days with absence,
    the school days the runs are counted on, and the weeks from ``trend_start``. Gives the same
    as ``_assess`` and ``weekly`` of each pupil's days (as test_early_warning_figures.py checks).
    """

    def __init__(self, db, window: Window, thresholds: Thresholds, trend_start: _dt.date):
        self.window = window
        self.thresholds = thresholds
        self.trend_start = trend_start
        with repo.one_reading(db):
            self.sums = repo.window_sums(db, window.previous().start, window.start, window.end)
            self.absent = repo.absent_days(db, window.start, window.end)
            self.school_days = SchoolDays(repo.school_days(db, window.start, window.end))
            # A pupil whose school days are not everyone's (came later, a week of work
            # experience) has runs counted on their own days. Their days are among everyone's,
            # so the same number of days means the same days.
            count = len(self.school_days)
            self.own_days = repo.pupil_school_days(
                db,
                [p for p in self.absent if self.sums[p][0].school_days != count],
                window.start,
                window.end,
            )
            self.weeks = repo.week_sums(db, trend_start, window.end)

    def __call__(self, pupil_id: str) -> Figures:
        inside, before = self.sums.get(pupil_id, (_NOTHING, _NOTHING))
        absent = self.absent.get(pupil_id, ())
        own = self.own_days.get(pupil_id)
        school_days = self.school_days if own is None else SchoolDays(own)
        return figures_from(
            self.window, self.thresholds, inside, count_runs(absent, school_days), before
        )

    def trend(self, pupil_id: str) -> tuple[float | None, ...]:
        """Weekly absence %, oldest first."""
        weeks = weeks_from(self.weeks.get(pupil_id, {}), self.trend_start, self.window.end)
        return tuple(w.total_percent for w in weeks)


def _assess(own: list[DayFigures], window: Window, thresholds: Thresholds) -> Figures:
    """One pupil's figures from their days of the window and the window before it."""
    before = window.previous()
    return assess(
        [d for d in own if d.day >= window.start],
        window,
        thresholds,
        previous=[d for d in own if before.start <= d.day < window.start],
    )
