"""CSV and other delimited text, read as a stream: a 200 MB export is never held in memory."""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from .tables import (
    HEADER_SEARCH_ROWS,
    PREVIEW_ROWS,
    Cells,
    RowError,
    Table,
    find_header,
    is_blank,
    make_headers,
    not_a_table,
)
from .text_decoding import choose_encoding, looks_binary

_SAMPLE_BYTES = 256 * 1024
# Swedish exports use ';' because the decimal comma would clash with ','; on a tie it wins.
_DELIMITERS = (";", "\t", ",", "|")
# No line of a real export is this long; a longer one is garbage and is skipped in pieces
# rather than read into memory whole.
_MAX_LINE_CHARS = 1 << 20
# How far the reader has come (for the progress bar) is asked of the file every so many lines.
_TELL_EVERY = 64


class DelimitedTable(Table):
    text_cells = True  # the csv module gives every field as text

    def __init__(
        self,
        path: Path,
        size: int,
        encoding: tuple[str, str],
        delimiter: str,
        header_line: int,
        headers: list[str],
        preview: list[Cells],
    ):
        super().__init__(path.name, headers, size, preview)
        self.path = path
        self.encoding = encoding
        self.delimiter = delimiter
        self.header_line = header_line

    def rows(self) -> Iterator[tuple[int, Cells | RowError]]:
        self._done = 0
        encoding, errors = self.encoding
        with self.path.open("rb") as raw:
            text = io.TextIOWrapper(raw, encoding=encoding, errors=errors, newline="")
            overlong: set[int] = set()
            reader = csv.reader(_bounded_lines(text, overlong), delimiter=self.delimiter)
            previous = 0
            while True:
                try:
                    cells = next(reader)
                except StopIteration:
                    break
                except csv.Error:
                    line, previous = previous + 1, reader.line_num
                    yield (
                        line,
                        RowError(
                            "Raden går inte att läsa som tabellrad (ett fält är för långt eller "
                            "ett citattecken avslutas inte)."
                        ),
                    )
                    continue
                line, previous = previous + 1, reader.line_num
                if not line % _TELL_EVERY:
                    self._done = raw.tell()
                if line <= self.header_line:
                    continue
                if overlong and line in overlong:
                    overlong.discard(line)
                    yield line, RowError("Raden är för lång för att vara en tabellrad.")
                elif any(map(str.strip, cells)):  # is_blank for cells that are all text
                    yield line, cells
        self._done = self.total_hint


def _bounded_lines(text: io.TextIOWrapper, overlong: set[int]) -> Iterator[str]:
    """The file's lines, each cut to an empty line (its number noted in ``overlong``) when it is
    longer than any real table row, so a file without line breaks cannot fill the memory."""
    number = 0
    while True:
        line = text.readline(_MAX_LINE_CHARS)
        if not line:
            return
        number += 1
        if len(line) >= _MAX_LINE_CHARS and not line.endswith(("\n", "\r")):
            while line and not line.endswith(("\n", "\r")):
                line = text.readline(_MAX_LINE_CHARS)
            overlong.add(number)
            yield "\n"
            continue
        yield line


def open_delimited(path: Path, size: int) -> DelimitedTable:
    with path.open("rb") as file:
        sample = file.read(_SAMPLE_BYTES)
    at_end = len(sample) == size
    encoding = choose_encoding(sample, at_end)
    text = sample.decode(encoding[0], errors=encoding[1])
    if not at_end:
        # The last line of the sample may be cut in the middle; it is read again in rows().
        cut = max(text.rfind("\n"), text.rfind("\r"))
        text = text[: cut + 1] if cut >= 0 else text
    if looks_binary(text):
        raise not_a_table(path.name)

    lines = text.splitlines()
    skip = 0
    delimiter = None
    if lines and lines[0].strip().casefold().startswith("sep=") and len(lines[0].strip()) == 5:
        # Excel's own hint line ("sep=;") names the delimiter and is not part of the table.
        delimiter, skip = lines[0].strip()[4], 1
    top = [line for line in lines[skip:] if line.strip()][:HEADER_SEARCH_ROWS]
    if not top:
        raise not_a_table(path.name)
    delimiter = delimiter or _sniff_delimiter(top)

    parsed: list[tuple[int, Cells]] = []
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    previous = 0
    try:
        for cells in reader:
            line, previous = previous + 1, reader.line_num
            if line > skip and not is_blank(cells):
                parsed.append((line, cells))
            if len(parsed) >= HEADER_SEARCH_ROWS + PREVIEW_ROWS:
                break
    except csv.Error:
        raise not_a_table(path.name) from None
    header_index = find_header(parsed[:HEADER_SEARCH_ROWS])
    if header_index < 0:
        raise not_a_table(path.name)
    header_line, header_cells = parsed[header_index]
    headers = make_headers(header_cells, path.name)
    preview = [cells for _line, cells in parsed[header_index + 1 :]][:PREVIEW_ROWS]
    return DelimitedTable(path, size, encoding, delimiter, header_line, headers, preview)


def _sniff_delimiter(lines: list[str]) -> str:
    """The delimiter that splits the top lines into the same number of fields most often."""

    def score(delimiter: str) -> tuple[int, int, int]:
        # Line by line, so a stray quote cannot pull the lines after it into one field.
        try:
            counts = [len(next(csv.reader([line], delimiter=delimiter), [])) for line in lines]
        except csv.Error:
            return (0, 0, 0)
        width, times = Counter(counts).most_common(1)[0]
        return (int(width > 1), times, width)

    return max(_DELIMITERS, key=score)
