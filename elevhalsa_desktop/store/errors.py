"""Errors of the case file, each with a Swedish sentence that says what happened and what to do.

The messages never contain personal data: at most the file's name, which the user chose.
"""

from __future__ import annotations

import os
from pathlib import Path


class CaseFileError(Exception):
    """Base class. ``str(error)`` is the sentence shown to the user."""


class CaseFileNotFound(CaseFileError):
    def __init__(self, path: Path):
        super().__init__(
            f"Filen {path.name} finns inte. Kontrollera sökvägen eller välj en annan fil."
        )


class WrongPassword(CaseFileError):
    def __init__(self) -> None:
        super().__init__("Lösenordet stämmer inte. Försök igen – tänk på stora och små bokstäver.")


class NotACaseFile(CaseFileError):
    def __init__(self, path: Path, what: str = "är inte en elevhälsoakt"):
        super().__init__(
            f"Filen {path.name} {what}. Filen har inte ändrats. "
            "Välj en akt (.elevhalsa) som har skapats med Elevhälsa Desktop."
        )


class DamagedCaseFile(CaseFileError):
    def __init__(self, path: Path):
        super().__init__(
            f"Akten {path.name} är skadad och kan inte öppnas säkert. "
            "Filen har inte ändrats. Återställ den senaste säkerhetskopian eller kontakta IT-stöd."
        )


class NewerVersion(CaseFileError):
    def __init__(self, path: Path):
        super().__init__(
            f"Akten {path.name} har skapats med en nyare version av Elevhälsa Desktop. "
            "Filen har inte ändrats. Uppdatera programmet och öppna den igen."
        )


class CaseLocked(CaseFileError):
    """The window is locked: the connection is closed and the password forgotten."""

    def __init__(self, path: Path):
        super().__init__(
            f"Akten {path.name} är låst. Lås upp den med lösenordet och försök sedan igen."
        )


class CannotWrite(CaseFileError):
    """The disk, folder or file refused a write. Nothing was saved."""


class OpenElsewhere(CaseFileError):
    """Another instance of the program (here or on another computer) has the file open."""

    def __init__(self, path: Path):
        super().__init__(
            f"Akten {path.name} är redan öppen i Elevhälsa Desktop, på den här datorn eller av "
            "någon annan. Akten har inte ändrats. Stäng den där först och försök sedan igen."
        )


class CaseFileGone(CannotWrite):
    """The file was moved, renamed, replaced or removed while it was open."""

    def __init__(self, path: Path):
        super().__init__(
            f"Akten {path.name} finns inte längre där den öppnades (i mappen {path.parent}): "
            "den har flyttats, bytt namn eller tagits bort av något annat än programmet. "
            "Ingenting sparades. Spara en säkerhetskopia av akten innan du stänger programmet, "
            "så att inget går förlorat, och öppna sedan akten där den nu finns."
        )


class UnsafeLocation(CannotWrite):
    """A new case file was to be created on a network share or in a cloud-synced folder."""

    def __init__(self, path: Path, reason: str):
        super().__init__(
            f"Akten {path.name} kan inte skapas här. {reason} "
            "Välj en mapp på datorns egen disk som inte synkroniseras."
        )


def _not_writable(path: Path) -> bool:
    """SQLite reports a write refused by a file made read-only (or immutable) while open only as
    a "disk I/O error": ask the system whether the file, its log or its folder takes writes."""
    try:
        for candidate in (path, Path(str(path) + "-wal"), path.parent):
            if candidate.exists() and not os.access(candidate, os.W_OK):
                return True
    except (OSError, ValueError):
        pass
    return False


def write_problem(path: Path, error: BaseException) -> CannotWrite:
    """Translate an OS or SQLite error during a write into a sentence for the user."""
    text = str(error).lower()
    if "full" in text or getattr(error, "errno", None) == 28:
        return CannotWrite(
            f"Disken där {path.name} ligger är full. Ingenting sparades. "
            "Frigör utrymme eller välj en annan plats och försök igen."
        )
    if (
        "readonly" in text
        or "read-only" in text
        or "permission" in text
        or "access" in text
        or (("i/o" in text or "unable to open" in text) and _not_writable(path))
    ):
        return CannotWrite(
            f"Programmet får inte skriva till {path.name} eller dess mapp (skrivskyddad). "
            "Ingenting sparades. Välj en mapp där du har skrivrätt."
        )
    if "locked" in text or "busy" in text:
        return CannotWrite(
            f"Akten {path.name} används just nu av ett annat program eller en annan dator. "
            "Ingenting sparades. Försök igen om en stund."
        )
    return CannotWrite(
        f"Det gick inte att spara i {path.name}. Ingenting sparades. Försök igen; "
        "om felet kvarstår, kontakta IT-stöd."
    )
