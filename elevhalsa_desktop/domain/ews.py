"""Early warning: absence figures for a window of days and the level they give.

Everything is computed from per-day summaries (see store/attendance.py), so the arithmetic can
be checked by hand: a share is absent minutes over offered minutes; a run counts school days
(days with offered time) on which the pupil attended nothing.

``assess`` works from a pupil's list of days and is the plain statement of the rules. The list of
every pupil builds no such lists: the store adds up the sums (``WindowSums``) and hands over only
the days with absence, and ``count_runs`` finds the runs from the places of those days among the
school days (``SchoolDays``). Both ways end in ``figures_from``, and a test holds them to the
same numbers.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from dataclasses import dataclass, field, fields, replace
from enum import IntEnum
from functools import lru_cache

from .ladder import WEEKDAY_NAMES


class Level(IntEnum):
    """Ordered so that sorting by level puts the most worrying first (descending)."""

    NO_DATA = 0
    GREEN = 1
    YELLOW = 2
    RED = 3

    @property
    def label(self) -> str:
        return ("Ingen närvarodata", "Grön", "Gul", "Röd")[self.value]


@dataclass(frozen=True)
class Thresholds:
    """What the school has decided. Skolverket sets no national figure; the defaults are the
    ones many Swedish municipalities use, and the settings say the school decides."""

    yellow_percent: int = 10
    red_percent: int = 15
    yellow_unexcused_occasions: int = 5
    red_consecutive_days: int = 5
    scattered_days: int = 4  # days with part of the day missed
    weekday_run: int = 3  # the same weekday with absence, week after week
    first_lessons: int = 3  # first lessons missed on days the pupil came later

    def problems(self) -> dict[str, str]:
        problems: dict[str, str] = {}
        if not 1 <= self.yellow_percent <= 100:
            problems["yellow_percent"] = "Gul nivå ska vara mellan 1 och 100 procent."
        if not 1 <= self.red_percent <= 100:
            problems["red_percent"] = "Röd nivå ska vara mellan 1 och 100 procent."
        elif self.red_percent <= self.yellow_percent:
            problems["red_percent"] = "Röd nivå ska vara högre än gul nivå."
        for name in (
            "yellow_unexcused_occasions",
            "red_consecutive_days",
            "scattered_days",
            "weekday_run",
            "first_lessons",
        ):
            if not 1 <= getattr(self, name) <= 200:
                problems[name] = "Ange ett antal mellan 1 och 200."
        return problems

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))


@dataclass(frozen=True)
class Window:
    start: _dt.date
    end: _dt.date  # inclusive
    phrase: str  # "senaste fyra veckorna": used inside a reason sentence

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Window:
        """The window of the same length just before this one, for the change."""
        end = self.start - _dt.timedelta(days=1)
        return Window(end - _dt.timedelta(days=self.days - 1), end, "perioden före")

    def __contains__(self, day: _dt.date) -> bool:
        return self.start <= day <= self.end


WINDOW_CHOICES = {
    "term": "Terminen hittills",
    "4w": "Senaste fyra veckorna",
    "14d": "Senaste 14 dagarna",
}


def term_start(today: _dt.date, autumn: str = "08-15", spring: str = "01-07") -> _dt.date:
    """The start of the term ``today`` is in, from the school's term start days (MM-DD)."""
    autumn_day = _dt.date.fromisoformat(f"{today.year}-{autumn}")
    spring_day = _dt.date.fromisoformat(f"{today.year}-{spring}")
    if today >= autumn_day:
        return autumn_day
    if today >= spring_day:
        return spring_day
    return _dt.date.fromisoformat(f"{today.year - 1}-{autumn}")


class WindowError(ValueError):
    pass


def window_for(spec: str, today: _dt.date, first_day_of_term: _dt.date) -> Window:
    """``term``, ``4w``, ``14d`` or ``FROM:TO`` (ISO dates) as a window ending ``today``."""
    spec = spec.strip()
    if spec == "term":
        return Window(first_day_of_term, today, "hittills denna termin")
    if spec == "4w":
        return Window(today - _dt.timedelta(days=27), today, "senaste fyra veckorna")
    if spec == "14d":
        return Window(today - _dt.timedelta(days=13), today, "senaste 14 dagarna")
    start_text, _, end_text = spec.partition(":")
    try:
        start = _dt.date.fromisoformat(start_text.strip())
        end = _dt.date.fromisoformat(end_text.strip())
    except ValueError:
        raise WindowError(
            f"Perioden '{spec}' går inte att förstå. Skriv term, 4w, 14d eller"
            " FRÅN:TILL med datum som 2026-09-01:2026-10-31."
        ) from None
    if end < start:
        raise WindowError("Periodens slut ligger före dess början. Byt plats på datumen.")
    return Window(start, end, f"{short_date(start)}–{short_date(end)}")


_MONTHS = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


def short_date(day: _dt.date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]}"


@dataclass(frozen=True, slots=True)
class DayFigures:
    """One school day of one pupil, summed over its lessons."""

    day: _dt.date
    offered: int
    attended: int
    excused: int
    unexcused: int
    lessons: int = 1
    absent_lessons: int = 0
    unexcused_lessons: int = 0
    late_lessons: int = 0
    first_lesson_missed: bool = False
    estimated: bool = False  # spread out from a period total: not used for runs and patterns

    @property
    def absence(self) -> int:
        return self.excused + self.unexcused

    @property
    def whole_day_absent(self) -> bool:
        return self.offered > 0 and self.attended == 0 and self.absence > 0

    @property
    def partly_absent(self) -> bool:
        return self.absence > 0 and self.attended > 0


def percent(part: int, whole: int) -> float | None:
    return None if whole <= 0 else round(100.0 * part / whole, 1)


class _Shares:
    """Absence as shares of offered time, for anything with these four sums."""

    offered: int
    excused: int
    unexcused: int

    @property
    def total_percent(self) -> float | None:
        return percent(self.excused + self.unexcused, self.offered)

    @property
    def excused_percent(self) -> float | None:
        return percent(self.excused, self.offered)

    @property
    def unexcused_percent(self) -> float | None:
        return percent(self.unexcused, self.offered)


@dataclass(frozen=True)
class Figures(_Shares):
    window: Window
    offered: int = 0
    attended: int = 0
    excused: int = 0
    unexcused: int = 0
    change: float | None = None  # percentage points against the window before
    longest_run: int = 0
    unexcused_occasions: int = 0
    scattered_days: int = 0
    weekday: int | None = None  # 0 = Monday: the weekday of the longest weekday run
    weekday_run: int = 0
    first_lessons_missed: int = 0
    patterns: tuple[str, ...] = ()
    level: Level = Level.NO_DATA
    reasons: tuple[str, ...] = ()

    def raised(self, level: Level, reason: str) -> Figures:
        """These figures with a signal from the case file added (it never lowers the level)."""
        return replace(self, level=max(self.level, level), reasons=(*self.reasons, reason))


def percent_text(value: float | None) -> str:
    if value is None:
        return "–"
    text = f"{value:.0f}" if value >= 10 or value == int(value) else f"{value:.1f}"
    return text.replace(".", ",") + " %"


def change_text(value: float | None) -> str:
    if value is None:
        return "–"
    sign = "+" if value > 0 else "−" if value < 0 else "±"
    return f"{sign}{abs(value):.0f} procentenheter"


def _longest_run(days: list[DayFigures]) -> int:
    best = run = 0
    for day in days:
        run = run + 1 if day.whole_day_absent else 0
        best = max(best, run)
    return best


def _weekday_run(days: list[DayFigures]) -> tuple[int | None, int]:
    """The longest series of the same weekday with absence, week after week. A week without
    school on that weekday (a holiday) neither breaks nor lengthens the series."""
    best: tuple[int | None, int] = (None, 0)
    for weekday in range(5):
        run = 0
        for day in days:
            if day.day.weekday() != weekday:
                continue
            run = run + 1 if day.absence > 0 else 0
            if run > best[1]:
                best = (weekday, run)
    return best


@dataclass(frozen=True, slots=True)
class WindowSums(_Shares):
    """One pupil's days of a window added up, over the days with offered time. The last three
    count measured days only (not ones spread out from a period total)."""

    offered: int = 0
    attended: int = 0
    excused: int = 0
    unexcused: int = 0
    unexcused_lessons: int = 0
    partly_absent_days: int = 0
    first_lessons_missed: int = 0
    school_days: int = 0  # measured days with offered time

    @classmethod
    def of(cls, days: list[DayFigures]) -> WindowSums:
        """The sums of ``days`` (already limited to the window and to offered time)."""
        measured = [d for d in days if not d.estimated]
        return cls(
            offered=sum(d.offered for d in days),
            attended=sum(d.attended for d in days),
            excused=sum(d.excused for d in days),
            unexcused=sum(d.unexcused for d in days),
            unexcused_lessons=sum(d.unexcused_lessons for d in days),
            partly_absent_days=sum(1 for d in measured if d.partly_absent),
            first_lessons_missed=sum(1 for d in measured if d.first_lesson_missed),
            school_days=len(measured),
        )


@dataclass(frozen=True, slots=True)
class Runs:
    longest: int = 0  # school days in a row with nothing attended
    weekday: int | None = None  # 0 = Monday
    weekday_run: int = 0


@lru_cache(maxsize=4096)
def _weekday_of(day: str) -> int:
    return _dt.date.fromisoformat(day).weekday()


class SchoolDays:
    """The school days of a window (measured days with offered time: a pupil's own, or every
    pupil's when they are the same), each with its place in the series and among the days of its
    weekday. Two absent days are neighbours in a run when their places are."""

    __slots__ = ("places",)

    def __init__(self, days: Iterable[str]):
        """``days``: ISO dates in ascending order."""
        self.places: dict[str, tuple[int, int, int]] = {}
        counts = [0] * 7
        for place, day in enumerate(days):
            weekday = _weekday_of(day)
            self.places[day] = (place, weekday, counts[weekday])
            counts[weekday] += 1

    def __len__(self) -> int:
        return len(self.places)


def count_runs(absent: Iterable[tuple[str, bool]], school_days: SchoolDays) -> Runs:
    """The runs from a pupil's days with absence (ISO date, nothing attended), in date order and
    all among ``school_days``. A school day missing from ``absent`` had no absence, so it breaks
    a run: that is a gap in the places. Same as ``_longest_run`` and ``_weekday_run``."""
    places = school_days.places
    longest = run = 0
    last = -2
    weekday_best = [0] * 5
    weekday_runs = [0] * 5
    weekday_last = [-2] * 5
    for day, whole in absent:
        place, weekday, nth = places[day]
        if whole:
            run = run + 1 if place == last + 1 else 1
            last = place
            if run > longest:
                longest = run
        if weekday < 5:
            count = weekday_runs[weekday] + 1 if nth == weekday_last[weekday] + 1 else 1
            weekday_runs[weekday] = count
            weekday_last[weekday] = nth
            if count > weekday_best[weekday]:
                weekday_best[weekday] = count
    best = max(weekday_best)
    # Ties go to the earlier weekday, as in _weekday_run.
    return Runs(longest, weekday_best.index(best) if best else None, best)


def assess(
    days: list[DayFigures],
    window: Window,
    thresholds: Thresholds,
    previous: list[DayFigures] | None = None,
) -> Figures:
    """The figures and level for ``days`` (the pupil's days inside ``window``, any order)."""
    inside = sorted((d for d in days if d.day in window and d.offered > 0), key=lambda d: d.day)
    measured = [d for d in inside if not d.estimated]
    weekday, weekday_run = _weekday_run(measured)
    before = None
    if previous is not None:
        earlier = window.previous()
        before = WindowSums.of([d for d in previous if d.day in earlier and d.offered > 0])
    return figures_from(
        window,
        thresholds,
        WindowSums.of(inside),
        Runs(_longest_run(measured), weekday, weekday_run),
        before,
    )


def figures_from(
    window: Window,
    thresholds: Thresholds,
    sums: WindowSums,
    runs: Runs,
    before: WindowSums | None = None,
) -> Figures:
    """The figures and level from a pupil's sums and runs for ``window``; ``before``, the sums of
    the window before it, gives the change."""
    if sums.offered == 0:
        return Figures(
            window=window, level=Level.NO_DATA, reasons=(f"Ingen erbjuden tid {window.phrase}.",)
        )
    result = Figures(
        window=window,
        offered=sums.offered,
        attended=sums.attended,
        excused=sums.excused,
        unexcused=sums.unexcused,
        longest_run=runs.longest,
        unexcused_occasions=sums.unexcused_lessons,
        scattered_days=sums.partly_absent_days,
        weekday=runs.weekday,
        weekday_run=runs.weekday_run,
        first_lessons_missed=sums.first_lessons_missed,
    )
    if before is not None and before.total_percent is not None:
        result = replace(result, change=round(result.total_percent - before.total_percent, 1))
    return _levelled(result, thresholds)


def _levelled(f: Figures, t: Thresholds) -> Figures:
    reasons: list[str] = []
    level = Level.GREEN
    share = f.total_percent or 0.0
    if share >= t.yellow_percent:
        level = Level.RED if share >= t.red_percent else Level.YELLOW
        text = f"{percent_text(share)} frånvaro {f.window.phrase}"
        if f.change is not None and abs(f.change) >= 1:
            text += f", {change_text(f.change)}"
        reasons.append(text)
    if f.longest_run >= t.red_consecutive_days:
        level = Level.RED
        reasons.append(f"{f.longest_run} skoldagar i rad borta")
    if f.unexcused_occasions >= t.yellow_unexcused_occasions:
        level = max(level, Level.YELLOW)
        reasons.append(f"{f.unexcused_occasions} tillfällen med ogiltig frånvaro")
    # Scattered absence hides behind a low share: each pattern is a reason of its own.
    patterns: list[str] = []
    if f.weekday is not None and f.weekday_run >= t.weekday_run:
        patterns.append(f"{f.weekday_run} {WEEKDAY_NAMES[f.weekday]}ar i rad")
    if f.scattered_days >= t.scattered_days:
        patterns.append(f"ströfrånvaro {f.scattered_days} dagar")
    if f.first_lessons_missed >= t.first_lessons:
        patterns.append(f"missat dagens första lektion {f.first_lessons_missed} gånger")
    if patterns:
        level = max(level, Level.YELLOW)
        reasons.extend(patterns)
    return replace(f, level=level, reasons=tuple(reasons), patterns=tuple(patterns))


@dataclass(frozen=True)
class WeekFigures(_Shares):
    monday: _dt.date
    offered: int = 0
    excused: int = 0
    unexcused: int = 0


def weekly(days: list[DayFigures], start: _dt.date, end: _dt.date) -> list[WeekFigures]:
    """One point per week from the week of ``start`` to the week of ``end``; weeks without
    school keep their place with no offered time (the chart shows a gap, not a zero)."""
    first = start - _dt.timedelta(days=start.weekday())
    sums: dict[int, tuple[int, int, int]] = {}
    for day in days:
        week = (day.day - first).days // 7
        offered, excused, unexcused = sums.get(week, (0, 0, 0))
        sums[week] = (offered + day.offered, excused + day.excused, unexcused + day.unexcused)
    return weeks_from(sums, start, end)


def weeks_from(
    sums: dict[int, tuple[int, int, int]], start: _dt.date, end: _dt.date
) -> list[WeekFigures]:
    """``weekly`` from (offered, excused, unexcused) per week, week 0 being the week of
    ``start``."""
    monday = start - _dt.timedelta(days=start.weekday())
    weeks = []
    week = 0
    while monday <= end:
        weeks.append(WeekFigures(monday, *sums.get(week, (0, 0, 0))))
        monday += _dt.timedelta(days=7)
        week += 1
    return weeks


@dataclass(frozen=True)
class PupilWarning:
    """One row of the early-warning view."""

    pupil_id: str
    name: str
    class_name: str
    year: str
    figures: Figures
    trend: tuple[float | None, ...] = field(default_factory=tuple)  # weekly absence %, oldest first
    open_investigation: str = ""  # its id, when one is open

    @property
    def level(self) -> Level:
        return self.figures.level

    @property
    def reason_text(self) -> str:
        return "; ".join(self.figures.reasons)
