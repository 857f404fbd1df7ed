"""A tabular file (CSV, text or XLSX) seen the same way whatever it is: a header, a preview for
the mapping step, and data rows numbered as the user sees them in Excel or Notepad.

Nothing is kept open between calls: ``rows()`` opens the file and closes it when the loop ends,
so the user can keep the file open in Excel (which locks it on Windows) until the import starts.
"""

from __future__ import annotations

import abc
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .detect import OLE_MAGIC, ZIP_MAGIC
from .records import UnreadableFile
from .values import clean_text, display_text, is_empty

MAX_FILE_BYTES = 1 << 30
# Title lines ("Närvarorapport vecka 47") may stand above the header; it is looked for this far.
HEADER_SEARCH_ROWS = 30
PREVIEW_ROWS = 20
# A header longer than this is garbage; it is cut so the mapping step stays usable.
MAX_HEADER_CHARS = 200
MAX_COLUMNS = 1000


@dataclass(frozen=True, slots=True)
class RowError:
    """Stands in for the cells of a line the file format itself could not give (a field that
    runs on for megabytes, a line that is not text); ``reason`` is a Swedish sentence."""

    reason: str


Cells = list[object]


class Table(abc.ABC):
    """One sheet or text file. ``rows()`` yields ``(line, cells)``: line 1 is the first line
    of the file, so a header on line 1 gives data from line 2. ``cells`` is a list of values
    (text, or numbers and dates from Excel) or a RowError. Blank rows are left out."""

    source: str
    headers: list[str]
    total_hint: int  # bytes or rows, the same unit as ``done``
    #: Every cell of ``rows()`` is a str (a text file), never a number, date or None.
    text_cells: bool = False

    def __init__(self, source: str, headers: list[str], total_hint: int, preview: list[Cells]):
        self.source = source
        self.headers = headers
        self.total_hint = total_hint
        self._preview = preview
        self._done = 0

    @property
    def done(self) -> int:
        """How far the current ``rows()`` loop has come, for a progress bar."""
        return self._done

    def preview(self, n: int = 5) -> list[list[str]]:
        """The first ``n`` data rows as displayed text, padded to the header's width."""
        if n <= len(self._preview):
            chosen = self._preview[:n]
        else:
            chosen = []
            for _line, cells in self.rows():
                if not isinstance(cells, RowError):
                    chosen.append(cells)
                if len(chosen) >= n:
                    break
        width = len(self.headers)
        return [[display_text(c) for c in (list(row) + [None] * width)[:width]] for row in chosen]

    def column(self, header: str) -> int:
        """The index of a header, matched as written or, failing that, ignoring case and
        spacing (a remembered mapping may come from an export with "Klass " or "KLASS")."""
        if header in self.headers:
            return self.headers.index(header)
        wanted = _loose(header)
        for index, name in enumerate(self.headers):
            if _loose(name) == wanted:
                return index
        raise KeyError(header)

    @abc.abstractmethod
    def rows(self) -> Iterator[tuple[int, Cells | RowError]]: ...


def _loose(text: str) -> str:
    return "".join(text.casefold().split())


def open_table(path: Path | str) -> Table:
    """Open a CSV, text or XLSX file, told apart by its content. Raises UnreadableFile with a
    sentence for the user when the file is empty, too large, or not a table."""
    path = Path(path)
    try:
        size = path.stat().st_size
        with path.open("rb") as file:
            head = file.read(8)
    except OSError:
        raise UnreadableFile(
            f"Filen {path.name} går inte att öppna. Kontrollera att den finns och inte är öppen "
            "i ett annat program."
        ) from None
    if size == 0:
        raise UnreadableFile(f"Filen {path.name} är tom. Exportera den på nytt från skolsystemet.")
    if size > MAX_FILE_BYTES:
        raise UnreadableFile(
            f"Filen {path.name} är större än 1 GB. Exportera en kortare period (till exempel en "
            "termin) och läs in den."
        )
    if head.startswith(OLE_MAGIC):
        raise UnreadableFile(
            f"Filen {path.name} är i det gamla Excel-formatet (.xls). Öppna den i Excel, spara "
            "den som Excel-arbetsbok (.xlsx) eller CSV och försök igen."
        )
    if head.startswith(ZIP_MAGIC):
        from .workbook import open_workbook

        return open_workbook(path, size)
    from .delimited import open_delimited

    return open_delimited(path, size)


def not_a_table(name: str) -> UnreadableFile:
    return UnreadableFile(
        f"Filen {name} går inte att läsa som en tabell (CSV eller Excel). Spara den som CSV eller "
        "XLSX från skolsystemet och försök igen."
    )


def find_header(rows: list[tuple[int, Cells]]) -> int:
    """The index in ``rows`` of the header: the first row that fills at least half as many
    cells as the fullest row near the top (a title line fills one or two)."""
    counts = [sum(not is_empty(c) for c in cells) for _line, cells in rows]
    if not counts or max(counts) == 0:
        return -1
    wanted = max(2, (max(counts) + 1) // 2) if max(counts) >= 2 else 1
    return next(i for i, count in enumerate(counts) if count >= wanted)


def make_headers(cells: Cells, source: str) -> list[str]:
    """Header names as the mapping step shows them: an empty header becomes "Kolumn 3", a
    repeated one "Namn (2)", so every column can be chosen by its name."""
    while cells and is_empty(cells[-1]):
        cells = cells[:-1]
    if len(cells) > MAX_COLUMNS:
        raise UnreadableFile(
            f"Filen {source} har fler än {MAX_COLUMNS} kolumner och ser inte ut som en lista "
            "från ett skolsystem. Kontrollera att du valt rätt fil."
        )
    headers: list[str] = []
    taken: set[str] = set()
    copies: dict[str, int] = {}
    for index, cell in enumerate(cells, start=1):
        name = clean_text(display_text(cell).replace("\ufeff", ""))
        if len(name) > MAX_HEADER_CHARS:
            name = name[: MAX_HEADER_CHARS - 1] + "…"
        name = name or f"Kolumn {index}"
        candidate = name
        while candidate.casefold() in taken:
            copies[name] = copies.get(name, 1) + 1
            candidate = f"{name} ({copies[name]})"
        taken.add(candidate.casefold())
        headers.append(candidate)
    return headers


def is_blank(cells: Cells) -> bool:
    return all(is_empty(c) for c in cells)
