"""The report every import ends with: the window shows it, the command line prints it, and the
user may save it. It names files, lines, fields and reasons, never a pupil's name or number."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

from ..importers.records import Skipped

#: Skipped rows listed one by one; beyond this the report says how many more there were.
DETAIL_LIMIT = 1_000


@dataclass
class ImportReport:
    what: str  # "närvaro" or "elever"
    sources: list[str]
    rows_read: int = 0
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    skipped_count: int = 0
    at: str = ""

    def skip(self, item: Skipped) -> None:
        self.skipped_count += 1
        if len(self.skipped) < DETAIL_LIMIT:
            self.skipped.append(item)

    @property
    def changed_anything(self) -> bool:
        return bool(self.imported or self.updated)

    def summary(self) -> str:
        return (
            f"{self.rows_read} rader lästa: {self.imported} nya, {self.updated} uppdaterade,"
            f" {self.unchanged} oförändrade, {self.skipped_count} överhoppade."
        )

    def text(self) -> str:
        at = self.at or _dt.datetime.now().strftime("%Y-%m-%d %H:%M")
        lines = [
            f"Import av {self.what} {at}",
            "Filer: " + ", ".join(self.sources),
            f"Rader lästa: {self.rows_read}",
            f"Nya: {self.imported}",
            f"Uppdaterade: {self.updated}",
            f"Oförändrade: {self.unchanged}",
            f"Överhoppade: {self.skipped_count}",
        ]
        if self.skipped:
            lines.append("")
            lines.append("Överhoppade rader:")
            for item in self.skipped:
                where = f"{item.source} rad {item.line}"
                column = f", {item.field}" if item.field else ""
                lines.append(f"{where}{column}: {item.reason}")
            hidden = self.skipped_count - len(self.skipped)
            if hidden > 0:
                lines.append(f"… och {hidden} rader till som hoppades över.")
        return "\n".join(lines) + "\n"
