"""Printing the handover: one pupil's packet, or a whole cohort at once — a PDF per pupil, the
class summary for the receiving school and, when the user prefers one file, a combined PDF.

A cohort is printed whole or not at all. Everything is drawn into a hidden staging folder inside
the chosen folder and moved into place (each file in one atomic step) only when every document
is finished; a cancel or an error removes the staging folder, so the folder holds exactly what it
held before. The audit entries are written after the files are in place, and only then.

Speed: the packets are read from the case file on the calling thread (its own connection; SQLite
connections are never shared), then laid out by two processes, both cores of a school laptop:
the calling one and a worker process, which gets plain picklable data — the packet, the summary
lines, the page context — and writes into the staging folder. (The calling process drawing too
saves starting a second worker, half a second of processor time, and it draws the first
documents while the worker starts.) Workers are started with ``spawn`` on every system: the
print runs on a background thread of a Qt program, and forking a process with threads is
unsafe; spawn is also what Windows and macOS do anyway. A frozen build must call
``multiprocessing.freeze_support()`` first thing in its entry point.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import multiprocessing
import os
import shutil
import tempfile
from collections import deque
from collections.abc import Callable, Collection, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from ..documents import handover_documents as docs
from ..documents.filenames import default_file_name, tagged_file_name
from ..documents.output import render_pdf_bytes, write_pdf
from ..documents.template import DocumentContext, build_document
from ..domain.handover import HandoverPacket
from ..importers.records import ImportCancelled, Progress, no_progress
from ..store import audit
from ..store.errors import CannotWrite, write_problem
from .handover import WHAT, CohortRow, HandoverService
from .session import CaseSession, CaseSettings

#: The hidden folder a cohort is drawn into before it is moved into place.
STAGING_PREFIX = ".~elevhalsa-utskrift-"
#: Processes that draw by default, this one included: both cores of the usual school laptop,
#: and no more (each worker holds ReportLab and the fonts, and the window needs some room too).
DEFAULT_PROCESSES = 2
#: Fewer documents than this are drawn in the calling process: starting workers costs more.
SMALL_BATCH = 8
#: Characters of the pupil's id in a packet's file name, more where two would collide.
TAG_LENGTH = 4

__all__ = [
    "STAGING_PREFIX",
    "CohortPrintResult",
    "HandoverPrintService",
    "ImportCancelled",
    "packet_file_names",
    "summary_line",
]


@dataclass(frozen=True)
class CohortPrintResult:
    """What a cohort print put where: the packets (in the cohort's order), the class summary,
    the combined file, and the number of packet pages."""

    folder: Path
    packets: list[Path]
    summary: Path | None
    combined: Path | None
    pages: int = 0


@dataclass(frozen=True)
class _Job:
    """One document for a worker: the function, the file in the staging folder, the context,
    and the packet or the summary."""

    write: Callable[[str, DocumentContext, object], int]
    name: str
    context: DocumentContext
    data: object


class HandoverPrintService:
    def __init__(
        self, session: CaseSession, today: Callable[[], _dt.date] = _dt.date.today
    ) -> None:
        self.session = session
        self._today = today

    # One pupil ------------------------------------------------------------------------------
    def suggested_file_name(self, note_id: str) -> str:
        """ "Överlämning 6A EÖ 1a2b.pdf": the same name a cohort print gives the pupil."""
        return packet_file_names([self._handover().packet(note_id)])[0]

    def write_packet(self, note_id: str, target: Path) -> Path:
        """Write one pupil's packet to ``target`` (whole or not at all) and log the print."""
        packet = self._handover().packet(note_id)
        target = _pdf_path(target)
        context = self._packet_context(packet)
        story = docs.handover_packet_story(packet)
        write_pdf(target, lambda out: build_document(out, context, story))
        with self.session.case.write():
            self.session.log(audit.Action.PRINTED, packet.note.pupil_id, _detail(packet))
        return target

    def preview_packet(self, note_id: str) -> bytes:
        """The packet in memory, for showing before saving. Nothing touches the disk, and like
        ``PrintService.preview`` it is not logged as a print (opening the note is logged)."""
        packet = self._handover().packet(note_id)
        context = self._packet_context(packet)
        story = docs.handover_packet_story(packet)
        return render_pdf_bytes(lambda out: build_document(out, context, story))

    # The cohort -------------------------------------------------------------------------------
    def print_cohort(
        self,
        year: str,
        folder: Path,
        *,
        class_name: str = "",
        pupil_ids: Collection[str] | None = None,
        packets: bool = True,
        summary: bool = True,
        combined: Path | None = None,
        progress: Progress = no_progress,
        processes: int | None = None,
        mp_context: str | None = None,
    ) -> CohortPrintResult:
        """Print the handover of ``year`` (or ``class_name``, or the ``pupil_ids`` among them).

        - ``packets``: one PDF per pupil with a note into ``folder``, named by class, initials
          and a few characters of the pupil's id ("Överlämning 6A EÖ 1a2b.pdf"); pupils without
          a note have no packet.
        - ``summary``: the class summary into ``folder`` ("Överlämning klassöversikt 6A
          2026-12-06.pdf"): every pupil of the cohort, those without a note too.
        - ``combined``: also one file with the class summary first (the receiving team's
          overview, and in the same order as the packets after it, so it reads as a table of
          contents), then every packet, each with its own page numbers. With
          ``packets=False, summary=False`` only the combined file is written.

        ``progress(done, total)`` is called as documents are finished; raising ImportCancelled
        from it stops the print and leaves ``folder`` (and ``combined``) as they were. Files of
        the same names are replaced at the end, all at once. ``processes`` is the number of
        processes that draw, this one included (default two, or one on a single core): this
        one and a worker process started with ``mp_context`` (default "spawn"). With 1, or
        fewer than ``SMALL_BATCH`` documents, everything is drawn in this process.
        """
        if not (packets or summary or combined):
            raise ValueError("nothing to print: packets, summary and combined are all off")
        folder = Path(folder)
        combined = _pdf_path(combined) if combined is not None else None
        if not folder.is_dir():
            raise CannotWrite(
                f"Mappen {folder.name or folder} finns inte. Ingenting skrevs ut. "
                "Välj en annan mapp och försök igen."
            )
        handover = self._handover()
        rows = handover.cohort(year, class_name)
        if pupil_ids is not None:
            wanted = set(pupil_ids)
            rows = [row for row in rows if row.pupil_id in wanted]
        with_note = [row for row in rows if row.note_id]
        draw_summary = summary or combined is not None
        draw_packets = packets or combined is not None
        staging = _make_staging(folder)
        try:
            # The workers start first, and load ReportLab while the packets are read.
            documents = int(draw_summary) + len(with_note) * int(draw_packets)
            with _Layout(documents, processes, mp_context or "spawn") as layout:
                packs = [handover.packet(row.note_id) for row in with_note]
                summary_job, packet_jobs = self._jobs(
                    year, class_name, pupil_ids is not None, rows, packs
                )
                jobs = [summary_job] * draw_summary + packet_jobs * draw_packets
                total = len(jobs) + (1 if combined else 0)
                progress(0, total)
                pages = layout.run(jobs, staging, lambda done: progress(done, total))
            if combined:
                staged = staging / ".samlad.pdf"
                _combine(staged, [staging / job.name for job in jobs], packs)
                progress(total, total)
            moves = []
            if packets:
                moves += [(staging / job.name, folder / job.name) for job in packet_jobs]
            if summary:
                moves.append((staging / summary_job.name, folder / summary_job.name))
            _check_targets([target for _staged, target in moves])
            if combined:
                write_pdf(combined, lambda out: _copy_into(staged, out))
            _move_into_place(moves)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        self._log_printed(packs, rows if draw_summary else [], summary_job.data.scope)
        return CohortPrintResult(
            folder=folder,
            packets=[folder / job.name for job in packet_jobs] if packets else [],
            summary=folder / summary_job.name if summary else None,
            combined=combined,
            pages=sum(pages[int(draw_summary) :]),
        )

    # Parts ---------------------------------------------------------------------------------
    def _handover(self) -> HandoverService:
        return HandoverService(self.session, self._today)

    def _packet_context(self, packet: HandoverPacket) -> DocumentContext:
        return _context(self.session, docs.PACKET_TITLE, docs.packet_subtitle(packet.pupil))

    def _jobs(
        self,
        year: str,
        class_name: str,
        selected: bool,
        rows: Sequence[CohortRow],
        packs: Sequence[HandoverPacket],
    ) -> tuple[_Job, list[_Job]]:
        """The summary's job and the packets' (the summary is the longest document: it is
        given to a worker first)."""
        by_pupil = {packet.note.pupil_id: packet for packet in packs}
        lines = tuple(summary_line(row, by_pupil.get(row.pupil_id)) for row in rows)
        scope = class_name or f"åk {year}"
        kind = f"Överlämning klassöversikt {scope}{' urval' if selected else ''}"
        frame = partial(_context, self.session, settings=self.session.settings())
        summary = _Job(
            docs.write_summary_file,
            default_file_name(kind, "", "", "", self._today()),
            frame(
                docs.SUMMARY_TITLE,
                docs.summary_subtitle(year, class_name, selected),
                landscape=True,
            ),
            docs.ClassSummary(scope, lines),
        )
        return summary, [
            _Job(
                docs.write_packet_file,
                name,
                frame(docs.PACKET_TITLE, docs.packet_subtitle(packet.pupil)),
                packet,
            )
            for packet, name in zip(packs, packet_file_names(packs), strict=True)
        ]

    def _log_printed(
        self, packs: Sequence[HandoverPacket], rows: Sequence[CohortRow], scope: str
    ) -> None:
        """A print per pupil: the packet (in its own file or the combined one), and the line
        on the class summary, which prints the pupil's support and placement wishes too."""
        with self.session.case.write():
            for packet in packs:
                self.session.log(audit.Action.PRINTED, packet.note.pupil_id, _detail(packet))
            for row in rows:
                self.session.log(
                    audit.Action.PRINTED, row.pupil_id, f"{WHAT} klassöversikt {scope}"
                )


def _context(
    session: CaseSession,
    title: str,
    subtitle: str,
    *,
    landscape: bool = False,
    settings: CaseSettings | None = None,
) -> DocumentContext:
    settings = settings or session.settings()
    return DocumentContext(
        school_name=settings.school_name,
        printed_by=session.user.name,
        printed_at=_dt.datetime.now(),
        title=title,
        subtitle=subtitle,
        marking=settings.document_marking,
        landscape=landscape,
    )


def _detail(packet: HandoverPacket) -> str:
    return f"{WHAT} {packet.note.id}"


def summary_line(row: CohortRow, packet: HandoverPacket | None) -> docs.SummaryLine:
    """A pupil's line on the class summary: the cohort's flags and, with a note, its texts."""
    note = packet.note if packet else None
    return docs.SummaryLine(
        name=row.name,
        class_name=row.class_name,
        status=row.status,
        has_support=row.has_support,
        staged_return=row.staged_return,
        protected_identity=row.protected_identity,
        absence_risk=row.absence_risk,
        support_worked=note.support_worked if note else "",
        keep_with=note.keep_with if note else "",
        keep_apart=note.keep_apart if note else "",
    )


def packet_file_names(packets: Sequence[HandoverPacket]) -> list[str]:
    """A file name per packet, unique in the folder even where a class has two pupils with the
    same initials, and the same from print to print: class, initials and the first characters
    of the pupil's id, more of them where the first collide (compared as Windows and macOS do,
    without regard to case)."""
    length = {index: TAG_LENGTH for index in range(len(packets))}
    while True:
        names = [
            tagged_file_name(
                docs.PACKET_TITLE,
                packet.pupil.class_name,
                packet.pupil.given_name,
                packet.pupil.family_name,
                packet.note.pupil_id.replace("-", "")[: length[index]],
            )
            for index, packet in enumerate(packets)
        ]
        seen: dict[str, list[int]] = {}
        for index, name in enumerate(names):
            seen.setdefault(name.casefold(), []).append(index)
        clashes = [group for group in seen.values() if len(group) > 1]
        if not clashes:
            return names
        grown = False
        for group in clashes:
            for index in group:
                if length[index] < len(packets[index].note.pupil_id):
                    length[index] += TAG_LENGTH
                    grown = True
        if not grown:  # the same pupil twice (not from a cohort): number the copies
            return [f"{name[:-4]} ({index + 1}).pdf" for index, name in enumerate(names)]


# -- laying out -----------------------------------------------------------------------------------


class _Layout:
    """Draws the jobs into the staging folder with ``processes`` processes, this one included:
    this process takes jobs from one end of the list while worker processes take them from the
    other. The calling process would otherwise only wait, and each worker costs about half a
    second of processor time to start (a fresh interpreter that loads ReportLab and the fonts);
    meanwhile this process has already drawn the first documents. With one process, or few
    jobs, everything is drawn here, and so is the rest if a worker dies."""

    def __init__(self, jobs: int, processes: int | None, method: str):
        count = processes if processes is not None else min(DEFAULT_PROCESSES, os.cpu_count() or 1)
        self._workers = max(0, min(count, jobs) - 1)
        self._pool: ProcessPoolExecutor | None = None
        if self._workers and jobs >= SMALL_BATCH:
            self._pool = ProcessPoolExecutor(
                max_workers=self._workers,
                mp_context=multiprocessing.get_context(method),
                initializer=docs.prepare_worker,
            )
            # Start the workers now: they load ReportLab while the packets are read.
            for _ in range(self._workers):
                self._pool.submit(docs.prepare_worker)

    def __enter__(self) -> _Layout:
        return self

    def __exit__(self, *exc) -> None:
        if self._pool is not None:
            # After a cancel or an error: nothing more starts, and the documents being drawn
            # are finished before the caller removes the staging folder under them.
            self._pool.shutdown(wait=True, cancel_futures=True)

    def run(self, jobs: Sequence[_Job], staging: Path, done: Callable[[int], None]) -> list[int]:
        """Pages per job, in the jobs' order; ``done(count)`` after each finished document,
        always called from this thread (it may raise ImportCancelled)."""
        pages = [0] * len(jobs)
        folder = staging.parent  # where the user will look for the file an error names
        todo = deque(range(len(jobs)))
        waiting: dict[Future, int] = {}
        finished = 0

        def draw_here(index: int) -> None:
            job = jobs[index]
            try:
                pages[index] = job.write(str(staging / job.name), job.context, job.data)
            except OSError as error:
                raise write_problem(folder / job.name, error) from error

        def collect(future: Future) -> None:
            index = waiting[future]  # still waiting if the worker died: drawn here then
            try:
                pages[index] = future.result()
            except OSError as error:
                raise write_problem(folder / jobs[index].name, error) from error
            del waiting[future]

        try:
            while todo or waiting:
                try:
                    # Two jobs ahead per worker, so none waits for its next; the function goes
                    # by reference (a documents module, imported without the case file's
                    # modules), the data by value.
                    while self._pool is not None and todo and len(waiting) < 2 * self._workers:
                        job = jobs[todo[0]]
                        future = self._pool.submit(
                            job.write, str(staging / job.name), job.context, job.data
                        )
                        waiting[future] = todo.popleft()
                    for future in [f for f in waiting if f.done()]:
                        collect(future)
                        finished += 1
                        done(finished)
                except BrokenProcessPool:
                    self._give_up_workers(jobs, staging, waiting, todo)
                if todo:
                    draw_here(todo.pop())
                    finished += 1
                    done(finished)
                elif waiting:
                    wait(waiting, return_when=FIRST_COMPLETED)
        finally:
            for future in waiting:
                future.cancel()
        return pages

    def _give_up_workers(
        self, jobs: Sequence[_Job], staging: Path, waiting: dict[Future, int], todo: deque[int]
    ) -> None:
        """A worker died or could not start (killed, blocked by a security program, a frozen
        build without ``freeze_support``): what it had is drawn here instead, from the start."""
        assert self._pool is not None
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._pool = None
        for index in waiting.values():
            (staging / jobs[index].name).unlink(missing_ok=True)
            todo.append(index)
        waiting.clear()


# -- files ---------------------------------------------------------------------------------------


def _pdf_path(target: Path) -> Path:
    target = Path(target)
    return target if target.suffix.lower() == ".pdf" else target.with_name(target.name + ".pdf")


def _make_staging(folder: Path) -> Path:
    try:
        return Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=folder))
    except OSError as error:
        raise write_problem(folder / STAGING_PREFIX, error) from error


def _check_targets(targets: Sequence[Path]) -> None:
    """Before anything moves: a target that is a folder, or a file another program holds open
    (Windows) or that is read-only, stops the print with the folder untouched."""
    for target in targets:
        if target.is_dir():
            raise CannotWrite(
                f"{target.name} är en mapp. Ingenting skrevs ut. Byt namn på mappen eller välj "
                "en annan mapp och försök igen."
            )
        if target.exists():
            try:
                with open(target, "r+b"):
                    pass
            except OSError as error:
                raise CannotWrite(
                    f"Filen {target.name} är öppen i ett annat program eller skrivskyddad. "
                    "Ingenting skrevs ut. Stäng den och försök igen."
                ) from error


def _move_into_place(moves: Sequence[tuple[Path, Path]]) -> None:
    for staged, target in moves:
        with contextlib.suppress(OSError):
            if target.is_file():
                shutil.copymode(target, staged)  # a replaced file keeps its permissions
        try:
            os.replace(staged, target)
        except OSError as error:
            raise write_problem(target, error) from error


def _copy_into(staged: Path, out) -> None:
    with staged.open("rb") as source:
        shutil.copyfileobj(source, out, 1024 * 1024)


def _combine(target: Path, files: Sequence[Path], packs: Sequence[HandoverPacket]) -> None:
    """The summary and the packets in one PDF, with a bookmark per document; the pages are
    copied as drawn, so each packet keeps its own "Sida X av Y"."""
    from pypdf import PdfWriter  # only a combined print needs it

    writer = PdfWriter()
    titles = ["Klassöversikt", *(docs.packet_subtitle(p.pupil) for p in packs)]
    for path, title in zip(files, titles, strict=True):
        writer.append(str(path), outline_item=title)
    writer.add_metadata({"/Title": "Överlämning", "/Creator": "Elevhälsa Desktop"})
    with _new_file(target) as out:
        writer.write(out)


def _new_file(path: Path):
    """A file that must not exist yet, readable by its owner only (as ``write_pdf`` makes)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    return open(os.open(path, flags, 0o600), "wb")
