"""Which reader a file needs, told from its first bytes rather than its name: school systems and
users often save a semicolon file as .xls or a JSON export as .txt."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from .records import UnreadableFile

Format = Literal["csv", "xlsx", "ss12000"]

ZIP_MAGIC = b"PK\x03\x04"
# The compound-file header of Excel 97–2003 (.xls), which openpyxl cannot read.
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def sniff(head: bytes) -> Format:
    """The format of a file from its first few kilobytes."""
    if head.startswith(ZIP_MAGIC) or head.startswith(OLE_MAGIC):
        return "xlsx"
    text = head
    for bom in _BOMS:
        if text.startswith(bom):
            text = text[len(bom) :]
            break
    # UTF-16 puts a zero byte beside every ASCII character; drop them to see the first sign.
    first = text.replace(b"\x00", b"").lstrip()[:1]
    return "ss12000" if first in (b"{", b"[") else "csv"


def detect_format(paths: Sequence[Path]) -> Format:
    """The format of the chosen files. A folder means an SS 12000 export; several files must
    all be of one kind, since only SS 12000 is read from many files at once."""
    if not paths:
        raise UnreadableFile("Inga filer är valda. Välj en fil eller en mapp att läsa in.")
    kinds = set()
    for path in paths:
        path = Path(path)
        if path.is_dir():
            kinds.add("ss12000")
            continue
        try:
            with path.open("rb") as file:
                kinds.add(sniff(file.read(4096)))
        except OSError:
            raise UnreadableFile(
                f"Filen {path.name} går inte att öppna. Kontrollera att den finns och inte är "
                "öppen i ett annat program."
            ) from None
    if len(kinds) > 1:
        raise UnreadableFile(
            "De valda filerna är av olika slag. Välj antingen filer från en SS 12000-export "
            "eller en enda tabell (CSV eller Excel)."
        )
    kind = kinds.pop()
    if kind != "ss12000" and len(paths) > 1:
        raise UnreadableFile(
            "Välj en tabell i taget. Flera filer på en gång går bara med en SS 12000-export."
        )
    return kind
