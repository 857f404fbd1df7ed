"""Settings the IT department presets for new case files, on many laptops at once.

A school's settings live in its case file and travel with it; what IT can do is decide what a
*new* case file starts with. They put a ``standard.ini`` beside the installed program (or in the
program's configuration folder, or name it with ``ELEVHALSA_DEFAULTS``)::

    [skola]
    namn = Björkdalsskolan

    [tidig_varning]
    gul_procent = 10
    rod_procent = 15
    hosttermin_start = 08-18
    vartermin_start = 01-09

    [gallring]
    elever_som_slutat_ar = 5

    [sakerhetskopior]
    antal = 10

    [akt]
    automatisk_lasning_minuter = 5

A value that is wrong is skipped with a sentence saying so; it never stops a case file from being
created. The coordinator can change everything afterwards under Inställningar.
"""

from __future__ import annotations

import configparser
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from .. import config
from ..domain.pupil import ValidationError
from .session import CaseSession

FILE_NAME = "standard.ini"
VARIABLE = "ELEVHALSA_DEFAULTS"

# (section, key) → Thresholds field
_THRESHOLDS = {
    "gul_procent": "yellow_percent",
    "rod_procent": "red_percent",
    "gul_ogiltiga_tillfallen": "yellow_unexcused_occasions",
    "rod_dagar_i_rad": "red_consecutive_days",
    "strofranvaro_dagar": "scattered_days",
    "samma_veckodag": "weekday_run",
    "forsta_lektioner": "first_lessons",
}
_RETENTION = {
    "elever_som_slutat_ar": "pupil_left",
    "avslutade_planer_ar": "closed_plans",
    "kontakter_ar": "contact_entries",
    "narvaro_ar": "attendance",
}


@dataclass(frozen=True)
class Defaults:
    source: Path | None = None
    school_name: str = ""
    thresholds: dict[str, int] = field(default_factory=dict)
    term_starts: tuple[str, str] | None = None
    retention: dict[str, int] = field(default_factory=dict)
    backups_kept: int | None = None
    auto_lock_minutes: int | None = None
    problems: tuple[str, ...] = ()


def defaults_file() -> Path | None:
    """The first of: ``ELEVHALSA_DEFAULTS``, beside the installed program, the program's
    configuration folder."""
    named = os.environ.get(VARIABLE)
    candidates = [Path(named)] if named else []
    if getattr(sys, "frozen", False):
        candidates.append(Path(sys.executable).resolve().parent / FILE_NAME)
    candidates.append(config.config_dir() / FILE_NAME)
    return next((p for p in candidates if p.is_file()), None)


def read_defaults(path: Path | None = None) -> Defaults:
    path = path or defaults_file()
    if path is None:
        return Defaults()
    parser = configparser.ConfigParser(interpolation=None)
    try:
        with open(path, encoding="utf-8-sig") as handle:
            parser.read_file(handle)
    except (OSError, UnicodeDecodeError, configparser.Error):
        return Defaults(
            source=path,
            problems=(f"Standardinställningarna i {path} gick inte att läsa och används inte.",),
        )
    problems: list[str] = []

    def number(section: str, key: str) -> int | None:
        text = parser.get(section, key, fallback="").strip()
        if not text:
            return None
        if not text.isdigit():
            problems.append(f"[{section}] {key} = {text}: skriv ett heltal. Värdet används inte.")
            return None
        return int(text)

    thresholds = {
        name: value
        for key, name in _THRESHOLDS.items()
        if (value := number("tidig_varning", key)) is not None
    }
    autumn = parser.get("tidig_varning", "hosttermin_start", fallback="").strip()
    spring = parser.get("tidig_varning", "vartermin_start", fallback="").strip()
    retention = {
        kind: value
        for key, kind in _RETENTION.items()
        if (value := number("gallring", key)) is not None
    }
    return Defaults(
        source=path,
        school_name=" ".join(parser.get("skola", "namn", fallback="").split()),
        thresholds=thresholds,
        term_starts=(autumn, spring) if autumn and spring else None,
        retention=retention,
        backups_kept=number("sakerhetskopior", "antal"),
        auto_lock_minutes=number("akt", "automatisk_lasning_minuter"),
        problems=tuple(problems),
    )


def apply_defaults(session: CaseSession, defaults: Defaults) -> list[str]:
    """Write ``defaults`` into a new case file through the services (audited like any change).
    Returns a sentence for every value that was skipped."""
    from .backups import BackupService
    from .early_warning import EarlyWarningService
    from .retention import RetentionKind, RetentionService

    problems = list(defaults.problems)

    def attempt(what: str, change: Callable[[], object]) -> None:
        try:
            change()
        except (ValidationError, PermissionError, ValueError) as error:
            reason = (
                " ".join(error.problems.values())
                if isinstance(error, ValidationError)
                else str(error)
            )
            problems.append(f"{what}: {reason} Standardvärdet används inte.")

    ews = EarlyWarningService(session)
    if defaults.thresholds:
        thresholds = replace(ews.thresholds(), **defaults.thresholds)
        attempt("Gränserna för tidig varning", lambda: ews.save_thresholds(thresholds))
    if defaults.term_starts:
        attempt("Terminsstarterna", lambda: ews.save_term_starts(*defaults.term_starts))
    if defaults.retention:
        retention = RetentionService(session)
        rules = {RetentionKind(kind): years for kind, years in defaults.retention.items()}
        attempt("Gallringsreglerna", lambda: retention.save_rules(rules))
    if defaults.backups_kept is not None:
        backups = BackupService(session)
        attempt("Antalet säkerhetskopior", lambda: backups.save_keep(defaults.backups_kept))
    if defaults.auto_lock_minutes is not None:
        settings = replace(session.settings(), auto_lock_minutes=defaults.auto_lock_minutes)
        attempt("Automatisk låsning", lambda: session.save_settings(settings))
    return problems
