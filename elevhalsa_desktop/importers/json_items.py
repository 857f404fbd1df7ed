"""The objects of a JSON export, one at a time. An SS 12000 export of a school year can hold a
million attendance objects in one file; parsed whole that is gigabytes of dictionaries, read
item by item it is only what the reader keeps.

A file may hold a list, a single object, an API page ``{"data": [...], "pageToken": ...}``, or
several of these one after another (JSON Lines). Each object is numbered by its position:
1 for the first object of the file, counting on across pages.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

from .records import UnreadableFile
from .text_decoding import choose_encoding

_CHUNK = 1 << 20
# One object larger than this is not an export but a mistake, and stops the reading rather
# than growing the buffer without end.
_MAX_ITEM_CHARS = 64 << 20
_NOT_WHITESPACE = re.compile(r"[^ \t\n\r]")
_SEPARATOR = re.compile(r"[ \t\n\r]*,[ \t\n\r]*")


class JsonItems:
    """Iterate to get ``(position, value)``; ``done`` is how many bytes have been read."""

    def __init__(self, path: Path):
        self.path = path
        self.done = 0
        self._decoder = json.JSONDecoder()
        self._buffer = ""
        self._index = 0
        self._lines_before = 0  # line breaks in the part of the file already dropped
        self._eof = False
        self._text: io.TextIOWrapper | None = None
        self._raw: io.BufferedReader | None = None

    def __iter__(self) -> Iterator[tuple[int, object]]:
        with self.path.open("rb") as raw:
            sample = raw.read(4096)
            raw.seek(0)
            encoding, errors = choose_encoding(sample, at_end=len(sample) < 4096)
            self._raw = raw
            self._text = io.TextIOWrapper(raw, encoding=encoding, errors=errors, newline="")
            position = 0
            while self._skip_whitespace():
                char = self._buffer[self._index]
                if char == "[":
                    self._index += 1
                    for item in self._array_items():
                        position += 1
                        yield position, item
                elif char == "{":
                    self._index += 1
                    page: dict[str, object] = {}
                    found_data = False
                    for key, value in self._object_members():
                        if value is _STREAMED:
                            found_data = True
                            for item in self._array_items():
                                position += 1
                                yield position, item
                        else:
                            page[key] = value
                    if not found_data:
                        position += 1
                        yield position, page
                else:
                    position += 1
                    yield position, self._value()

    # --- the parts of the grammar an export needs -------------------------------------

    def _array_items(self) -> Iterator[object]:
        """After '[': each item, through the closing ']'."""
        self._expect_more()
        if self._peek() == "]":
            self._index += 1
            return
        scan = self._decoder.scan_once
        while True:
            # The quick way for an item that lies whole in the buffer, followed by a comma;
            # anything else (the end of the buffer, an error, the closing bracket) is left to
            # the careful way below, which reads on and words the error.
            buffer, index = self._buffer, self._index
            try:
                value, end = scan(buffer, index)
            except Exception:
                end = -1
            if end < 0 or (end == len(buffer) and not isinstance(value, dict | list)):
                self._expect_more()
                value = self._value()
            else:
                self._index = end
            yield value
            separator = _SEPARATOR.match(self._buffer, self._index)
            if separator and separator.end() < len(self._buffer):
                self._index = separator.end()
                continue
            self._expect_more()
            char = self._peek()
            self._index += 1
            if char == "]":
                return
            if char != ",":
                raise self._error(self._index - 1)
            self._expect_more()

    def _object_members(self) -> Iterator[tuple[str, object]]:
        """After '{': each key and value; the value of "data" is left to the caller to stream
        when it is a list (it yields the marker _STREAMED instead)."""
        self._expect_more()
        if self._peek() == "}":
            self._index += 1
            return
        while True:
            self._expect_more()
            if self._peek() != '"':
                raise self._error(self._index)
            key = self._value()
            self._expect_more()
            if self._peek() != ":":
                raise self._error(self._index)
            self._index += 1
            self._expect_more()
            if key == "data" and self._peek() == "[":
                self._index += 1
                yield "data", _STREAMED
            else:
                yield str(key), self._value()
            self._expect_more()
            char = self._peek()
            self._index += 1
            if char == "}":
                return
            if char != ",":
                raise self._error(self._index - 1)

    def _value(self) -> object:
        while True:
            start = self._index
            try:
                value, end = self._decoder.raw_decode(self._buffer, start)
            except json.JSONDecodeError as error:
                if self._could_be_cut(error) and self._read_more(start):
                    continue
                raise self._error(error.pos) from None
            except (ValueError, RecursionError):
                # Numbers with thousands of digits, lists nested thousands deep.
                raise self._error(start) from None
            if end == len(self._buffer) and self._read_more(start):
                continue  # a number may go on in the next chunk
            self._index = end
            return value

    def _could_be_cut(self, error: json.JSONDecodeError) -> bool:
        return error.pos >= len(self._buffer) - 16 or error.msg.startswith("Unterminated")

    # --- the buffer ---------------------------------------------------------------------

    def _peek(self) -> str:
        return self._buffer[self._index]

    def _skip_whitespace(self) -> bool:
        """Move to the next sign; False at the end of the file."""
        while True:
            found = _NOT_WHITESPACE.search(self._buffer, self._index)
            if found:
                self._index = found.start()
                return True
            self._index = len(self._buffer)
            if not self._read_more(self._index):
                return False

    def _expect_more(self) -> None:
        if not self._skip_whitespace():
            raise self._error(self._index)

    def _read_more(self, keep_from: int) -> bool:
        """Drop what lies before ``keep_from`` and read the next chunk; False at the end."""
        if self._eof:
            return False
        if len(self._buffer) - keep_from > _MAX_ITEM_CHARS:
            raise UnreadableFile(
                f"{self.path.name} innehåller ett objekt som är större än 64 MB. Exportera "
                "filen på nytt från skolsystemet."
            )
        assert self._text is not None and self._raw is not None
        try:
            chunk = self._text.read(_CHUNK)
        except UnicodeError:
            raise self._error(len(self._buffer)) from None
        self.done = self._raw.tell()
        if not chunk:
            self._eof = True
            return False
        self._lines_before += self._buffer.count("\n", 0, keep_from)
        self._buffer = self._buffer[keep_from:] + chunk
        self._index -= keep_from
        return True

    def _error(self, position: int) -> UnreadableFile:
        line = self._lines_before + self._buffer.count("\n", 0, max(position, 0)) + 1
        return UnreadableFile(
            f"{self.path.name} är inte giltig JSON (felet finns på rad {line}). Exportera filen "
            "på nytt från skolsystemet, eller välj bara filerna med SS 12000-data."
        )


_STREAMED = object()
