"""The files an import reads: what the user chose, which format they are in, and the opened
table (for CSV and Excel) whose header and first rows the mapping step shows.

Opening only reads the first part of a file, but an Excel workbook may take a few seconds, so
the dialog calls ``open_sources`` on a BackgroundTask. Nothing here touches the case file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from ..importers.delimited import DelimitedTable, open_delimited
from ..importers.detect import Format, detect_format
from ..importers.records import UnreadableFile
from ..importers.ss12000 import json_files
from ..importers.tables import MAX_FILE_BYTES, Table, open_table
from ..importers.workbook import WorkbookTable, open_workbook

#: The formats the user can choose between, in the order the combo box shows them.
FORMATS: tuple[Format, ...] = ("csv", "xlsx", "ss12000")


class ImportKind(StrEnum):
    """What is imported; the value is the kind a remembered column mapping is stored with."""

    ATTENDANCE = "attendance"
    ROSTER = "roster"


def _tr(text: str) -> str:
    return QCoreApplication.translate("import_sources", text)


def format_label(fmt: Format) -> str:
    return {
        "csv": _tr("CSV eller textfil"),
        "xlsx": _tr("Excel-arbetsbok (.xlsx)"),
        "ss12000": _tr("SS 12000 (JSON)"),
    }[fmt]


_ENCODINGS = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8",
    "utf-16": "UTF-16",
    "cp1252": "Windows-1252",
}


def _delimiter_name(delimiter: str) -> str:
    return {
        ";": _tr("semikolon"),
        ",": _tr("komma"),
        "\t": _tr("tabb"),
        "|": _tr("lodstreck"),
    }.get(delimiter, repr(delimiter))


@dataclass
class Sources:
    """The chosen files, opened: ``table`` for CSV and Excel, ``files`` (every JSON file, also
    those inside a chosen folder) for SS 12000."""

    paths: list[Path]
    fmt: Format
    detected: Format
    table: Table | None = None
    files: list[Path] = field(default_factory=list)

    @property
    def is_table(self) -> bool:
        return self.table is not None

    def names(self) -> list[str]:
        """File names for the report: names only, never the folders (which may name a person)."""
        if self.table is not None:
            return [self.table.source]
        return [f.name for f in self.files]

    def describe(self) -> str:
        """What the program found, in words: "CSV (semikolon, Windows-1252)"."""
        table = self.table
        if isinstance(table, DelimitedTable):
            return _tr("CSV ({delimiter}, {encoding})").format(
                delimiter=_delimiter_name(table.delimiter),
                encoding=_ENCODINGS.get(table.encoding[0], table.encoding[0]),
            )
        if isinstance(table, WorkbookTable):
            return _tr("Excel, bladet {sheet}").format(sheet=table.sheet)
        if table is not None:
            return format_label(self.fmt)
        count = len(self.files)
        return (
            _tr("SS 12000 JSON, 1 fil")
            if count == 1
            else _tr("SS 12000 JSON, {count} filer").format(count=count)
        )


def open_sources(paths: Sequence[Path], fmt: Format | None = None) -> Sources:
    """Open the chosen files as ``fmt``, or as the format their content shows. Raises
    UnreadableFile with the sentence to show the user."""
    paths = [Path(p) for p in paths]
    detected = detect_format(paths)
    fmt = fmt or detected
    if fmt == "ss12000":
        return Sources(paths, fmt, detected, files=json_files(paths))
    if len(paths) != 1 or paths[0].is_dir():
        raise UnreadableFile(
            _tr(
                "Välj en tabell i taget. Flera filer eller en mapp går bara med en SS 12000-export."
            )
        )
    path = paths[0]
    if fmt == detected:
        table = open_table(path)
    else:
        # The user says the content is something else than it looks like: try it that way,
        # and let the reader say why it cannot be read so.
        size = _size(path)
        table = open_workbook(path, size) if fmt == "xlsx" else open_delimited(path, size)
    return Sources(paths, fmt, detected, table=table)


def _size(path: Path) -> int:
    try:
        size = path.stat().st_size
    except OSError:
        raise UnreadableFile(
            _tr(
                "Filen {name} går inte att öppna. Kontrollera att den finns och inte är öppen i "
                "ett annat program."
            ).format(name=path.name)
        ) from None
    if size == 0:
        raise UnreadableFile(
            _tr("Filen {name} är tom. Exportera den på nytt från skolsystemet.").format(
                name=path.name
            )
        )
    if size > MAX_FILE_BYTES:
        raise UnreadableFile(
            _tr(
                "Filen {name} är större än 1 GB. Exportera en kortare period och läs in den."
            ).format(name=path.name)
        )
    return size
