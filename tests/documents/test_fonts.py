"""The embedded family: registered once, with <b> and <i> reaching the right faces."""

from __future__ import annotations

import io

from pypdf import PdfReader
from reportlab.lib.fonts import ps2tt, tt2ps
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Paragraph

from elevhalsa_desktop.documents import fonts
from elevhalsa_desktop.documents.output import render_pdf_bytes
from elevhalsa_desktop.documents.styles import styles
from elevhalsa_desktop.documents.template import build_document
from tests.documents.story import CONTEXT


def test_registering_twice_is_harmless():
    assert fonts.register_fonts() == fonts.FAMILY
    first = pdfmetrics.getFont(fonts.BOLD)
    assert fonts.register_fonts() == fonts.FAMILY
    assert pdfmetrics.getFont(fonts.BOLD) is first


def test_markup_reaches_the_bold_and_italic_faces():
    fonts.register_fonts()
    assert tt2ps(fonts.FAMILY, 1, 0) == fonts.BOLD
    assert tt2ps(fonts.FAMILY, 0, 1) == fonts.ITALIC
    assert tt2ps(fonts.FAMILY, 1, 1) == fonts.BOLD_ITALIC
    # <i> inside a bold style (a heading) must find bold italic, not fall back to regular.
    family, bold, _italic = ps2tt(fonts.BOLD)
    assert tt2ps(family, bold, 1) == fonts.BOLD_ITALIC


def test_all_four_faces_are_embedded_and_nothing_else_is_used():
    story = [Paragraph("vanlig <b>fet</b> <i>kursiv</i> <b><i>båda</i></b>", styles().body)]
    pdf = render_pdf_bytes(lambda out: build_document(out, CONTEXT, story))
    used = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            used.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    # The PostScript names inside the font files; no standard PDF font (Helvetica) that a
    # viewer would substitute.
    faces = ["Regular", "Bold", "Italic", "BoldItalic"]
    assert used == {f"NotoSans-{face}" for face in faces}


def test_swedish_and_other_latin_letters_are_drawable():
    drawable = fonts.drawable_code_points()
    for char in "åäöÅÄÖéüŁłŐőŞşĆćŽžễịÁ–”§":
        assert ord(char) in drawable, char
