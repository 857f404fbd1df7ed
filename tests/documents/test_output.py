"""Writing a PDF: whole or not at all, and a sentence the user understands when it fails."""

from __future__ import annotations

import os
import stat

import pytest

from elevhalsa_desktop.documents import output
from elevhalsa_desktop.documents.blocks import paragraph
from elevhalsa_desktop.documents.output import render_pdf_bytes, write_pdf
from elevhalsa_desktop.documents.template import build_document
from elevhalsa_desktop.store.errors import CannotWrite
from tests.documents.story import CONTEXT
from tests.filesystems import read_only_dir, small_disk

OLD = b"%PDF-1.4 the old document"


@pytest.fixture
def folder(tmp_path):
    """A folder of its own: tmp_path also holds the test's home folder."""
    path = tmp_path / "utskrifter"
    path.mkdir()
    return path


def short_document(out) -> None:
    build_document(out, CONTEXT, paragraph("Kort dokument."))


def test_a_document_is_written_and_nothing_else_is_left(folder):
    target = folder / "Åtgärdsprogram 7B ÅÖ 2026-11-23.pdf"
    write_pdf(target, short_document)
    assert target.read_bytes().startswith(b"%PDF")
    assert os.listdir(folder) == [target.name]


def test_a_document_replaces_an_old_one_and_keeps_its_permissions(folder):
    target = folder / "plan.pdf"
    target.write_bytes(OLD)
    target.chmod(0o640)
    write_pdf(target, short_document)
    assert target.read_bytes().startswith(b"%PDF-")
    assert target.read_bytes() != OLD
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_a_failing_build_leaves_no_part_file_and_the_old_file_untouched(folder):
    target = folder / "plan.pdf"
    target.write_bytes(OLD)

    def broken(out):
        out.write(b"%PDF-1.4 half a docu")
        raise RuntimeError("avbruten")

    with pytest.raises(RuntimeError):
        write_pdf(target, broken)
    assert target.read_bytes() == OLD
    assert os.listdir(folder) == ["plan.pdf"]


def test_a_target_open_in_another_program_gives_a_clear_sentence(folder, monkeypatch):
    """On Windows a PDF open in a reader cannot be replaced: os.replace raises PermissionError.
    Linux has no such lock, so the refusal is simulated by making os.replace raise it."""
    target = folder / "plan.pdf"
    target.write_bytes(OLD)

    def locked(src, dst):
        raise PermissionError(13, "The process cannot access the file", str(dst))

    monkeypatch.setattr(output.os, "replace", locked)
    with pytest.raises(CannotWrite) as caught:
        write_pdf(target, short_document)
    assert str(caught.value) == (
        "Filen plan.pdf är öppen i ett annat program eller skrivskyddad. "
        "Stäng den och försök igen – den gamla filen är orörd."
    )
    assert target.read_bytes() == OLD
    assert os.listdir(folder) == ["plan.pdf"]


def test_a_read_only_folder_gives_a_clear_sentence_and_leaves_nothing(tmp_path):
    with read_only_dir(tmp_path) as folder:
        with pytest.raises(CannotWrite) as caught:
            write_pdf(folder / "plan.pdf", short_document)
        assert "skrivskyddad" in str(caught.value)
        assert "plan.pdf" in str(caught.value)
        assert os.listdir(folder) == []


def test_a_full_disk_gives_the_full_disk_sentence_and_leaves_nothing(tmp_path):
    with small_disk(tmp_path, "200k") as disk:
        target = disk / "plan.pdf"
        target.write_bytes(OLD)
        with pytest.raises(CannotWrite) as caught:
            write_pdf(target, lambda out: out.write(b"x" * 1_000_000))
        assert "full" in str(caught.value)
        assert target.read_bytes() == OLD
        assert os.listdir(disk) == ["plan.pdf"]


def test_a_missing_folder_is_named(folder):
    with pytest.raises(CannotWrite, match="Mappen borta finns inte"):
        write_pdf(folder / "borta" / "plan.pdf", short_document)


def test_a_folder_in_the_way_is_named(folder):
    (folder / "plan.pdf").mkdir()
    with pytest.raises(CannotWrite, match=r"plan\.pdf är en mapp"):
        write_pdf(folder / "plan.pdf", short_document)
    assert os.listdir(folder) == ["plan.pdf"]


def test_a_preview_renders_in_memory(folder, monkeypatch):
    monkeypatch.chdir(folder)
    pdf = render_pdf_bytes(short_document)
    assert pdf.startswith(b"%PDF-")
    assert os.listdir(folder) == []
