"""XLSX workbooks through openpyxl in read-only mode, which streams the sheet instead of
building every cell as an object."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

from .records import UnreadableFile
from .tables import (
    HEADER_SEARCH_ROWS,
    PREVIEW_ROWS,
    Cells,
    RowError,
    Table,
    find_header,
    is_blank,
    make_headers,
)


class WorkbookTable(Table):
    def __init__(
        self,
        path: Path,
        sheet: str,
        header_row: int,
        headers: list[str],
        total_rows: int,
        preview: list[Cells],
    ):
        super().__init__(path.name, headers, total_rows, preview)
        self.path = path
        self.sheet = sheet
        self.header_row = header_row

    def rows(self) -> Iterator[tuple[int, Cells | RowError]]:
        self._done = 0
        workbook = _load(self.path)
        try:
            sheet = workbook[self.sheet]
            numbered = enumerate(
                sheet.iter_rows(min_row=self.header_row + 1, values_only=True),
                start=self.header_row + 1,
            )
            while True:
                try:
                    line, values = next(numbered)
                except StopIteration:
                    break
                except Exception:
                    # openpyxl raises whatever its XML parser meets in a damaged sheet.
                    raise _damaged(self.path.name) from None
                self._done = line
                cells = list(values)
                if not is_blank(cells):
                    yield line, cells
        finally:
            workbook.close()
        self._done = self.total_hint


def open_workbook(path: Path, size: int) -> WorkbookTable:
    workbook = _load(path)
    try:
        for sheet in workbook.worksheets:
            try:
                top = list(
                    itertools.islice(
                        enumerate(sheet.iter_rows(values_only=True), start=1),
                        HEADER_SEARCH_ROWS + PREVIEW_ROWS,
                    )
                )
            except Exception:
                raise _damaged(path.name) from None
            filled = [(line, list(cells)) for line, cells in top if not is_blank(list(cells))]
            header_index = find_header(filled[:HEADER_SEARCH_ROWS])
            if header_index < 0:
                continue
            header_row, header_cells = filled[header_index]
            preview = [cells for _line, cells in filled[header_index + 1 :]][:PREVIEW_ROWS]
            total = sheet.max_row if isinstance(sheet.max_row, int) else 0
            return WorkbookTable(
                path, sheet.title, header_row, make_headers(header_cells, path.name), total, preview
            )
    finally:
        workbook.close()
    raise UnreadableFile(
        f"Excel-filen {path.name} har inga ifyllda blad. Kontrollera att du valt rätt fil."
    )


def _load(path: Path):
    from openpyxl import load_workbook

    try:
        return load_workbook(path, read_only=True, data_only=True)
    except Exception:
        # A zip that is not a workbook (a Word file, a damaged download) fails in many ways
        # inside openpyxl and zipfile; to the user they all mean the same thing.
        raise _damaged(path.name) from None


def _damaged(name: str) -> UnreadableFile:
    return UnreadableFile(
        f"Filen {name} går inte att läsa som en Excel-arbetsbok. Öppna den i Excel och spara "
        "den som .xlsx eller CSV, och försök igen."
    )
