"""Recognising the pupil a row of an imported file is about.

A civic number or the school system's own id is certain. A name and a class are not (two pupils
can share a name; a pupil can change class), so such a match is only a suggestion the user
confirms.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..domain import civic_no
from ..domain.text import search_fold
from ..importers.records import PupilRef
from ..store.pupils import PupilRow


class MatchKind:
    NUMBER = "personnummer"
    EXTERNAL = "elev-id"
    NAME = "namn och klass"


@dataclass(frozen=True)
class Match:
    pupil_id: str
    kind: str  # a MatchKind value

    @property
    def certain(self) -> bool:
        return self.kind != MatchKind.NAME


def _fold_name(text: str) -> str:
    return " ".join(search_fold(text).replace(",", " ").split())


def ref_names(ref: PupilRef) -> set[str]:
    """The ways the file's name may be written, folded: "förnamn efternamn" both ways round."""
    if ref.given_name or ref.family_name:
        return {
            _fold_name(f"{ref.given_name} {ref.family_name}"),
            _fold_name(f"{ref.family_name} {ref.given_name}"),
        }
    if "," in ref.full_name:  # "Efternamn, Förnamn" as many school systems print it
        family, _, given = ref.full_name.partition(",")
        return {_fold_name(f"{given} {family}")}
    return {_fold_name(ref.full_name)} if ref.full_name.strip() else set()


def ref_key(ref: PupilRef) -> str:
    """One file pupil's identity inside an import, for grouping its rows and confirming it once."""
    if ref.civic_no:
        return f"c:{ref.civic_no}"
    if ref.external_id:
        return f"e:{ref.external_id}"
    return f"n:{min(ref_names(ref), default='')}|{_fold_name(ref.class_name)}"


def canonical_civic_no(text: str) -> str:
    try:
        return civic_no.normalise_or_empty(text)
    except civic_no.CivicNoError:
        return ""


class PupilMatcher:
    def __init__(self, rows: list[PupilRow], external_ids: dict[str, str]):
        """``rows``: the register; ``external_ids``: pupil id → the school system's id."""
        self._by_number = {r.civic_no: r.id for r in rows if r.civic_no}
        self._by_external = {ext: pid for pid, ext in external_ids.items() if ext}
        self._by_name: dict[str, list[PupilRow]] = {}
        for row in rows:
            self._by_name.setdefault(_fold_name(f"{row.given_name} {row.family_name}"), []).append(
                row
            )
        self._cache: dict[PupilRef, Match | None] = {}

    def match(self, ref: PupilRef) -> Match | None:
        if ref not in self._cache:
            self._cache[ref] = self._match(ref)
        return self._cache[ref]

    def _match(self, ref: PupilRef) -> Match | None:
        number = canonical_civic_no(ref.civic_no) if ref.civic_no else ""
        if number and number in self._by_number:
            return Match(self._by_number[number], MatchKind.NUMBER)
        if ref.external_id and ref.external_id in self._by_external:
            return Match(self._by_external[ref.external_id], MatchKind.EXTERNAL)
        if number:
            return None  # a civic number we do not have: a new pupil, never a namesake
        candidates = {row.id: row for name in ref_names(ref) for row in self._by_name.get(name, [])}
        if ref.class_name:
            wanted = _fold_name(ref.class_name)
            candidates = {k: r for k, r in candidates.items() if _fold_name(r.class_name) == wanted}
        if len(candidates) == 1:
            return Match(next(iter(candidates)), MatchKind.NAME)
        return None
