"""Collecting skipped rows without letting a broken file flood the memory or the report."""

from __future__ import annotations

from .records import ReadResult, Skipped

# Past this many the report says "and N more": nobody reads a million reasons, and a 200 MB
# file of garbage must not become a million objects.
MAX_DETAILED = 1000


class SkipList:
    def __init__(self, result: ReadResult, limit: int = MAX_DETAILED):
        self.result = result
        self.limit = limit
        self.count = 0
        self._first_hidden: tuple[str, int] | None = None

    def add(self, source: str, line: int, field: str, reason: str) -> None:
        self.count += 1
        if self.count <= self.limit:
            self.result.skipped.append(Skipped(source, max(line, 1), field, reason))
        elif self._first_hidden is None:
            self._first_hidden = (source, max(line, 1))

    @property
    def first_reason(self) -> str:
        return self.result.skipped[0].reason if self.result.skipped else ""

    def finish(self) -> None:
        """Add the line that counts the rows not listed one by one."""
        if self._first_hidden is None:
            return
        hidden = self.count - self.limit
        source, line = self._first_hidden
        rows = "rad" if hidden == 1 else "rader"
        self.result.skipped.append(
            Skipped(
                source,
                line,
                "",
                f"Ytterligare {hidden} {rows} från och med den här lästes inte in och visas inte "
                "var för sig. Rätta felen ovan i skolsystemet och läs in filen igen.",
            )
        )
