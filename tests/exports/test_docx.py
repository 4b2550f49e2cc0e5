"""The minutes as a Word document, read back with python-docx: styles, tables, literal text."""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from datetime import UTC, datetime
from io import BytesIO

import pytest
from docx.oxml.ns import qn
from docx.shared import Cm
from hypothesis import example, given
from hypothesis import strategies as st
from lxml import etree

from dialoogtafel.exports.document import Chart, Document, Paragraph, Run
from dialoogtafel.exports.docx import render_docx, xml_text
from dialoogtafel.exports.markdown import render_markdown
from dialoogtafel.exports.minutes import minutes_document
from dialoogtafel.server.domain import commands as c
from dialoogtafel.server.domain.model import Session
from tests.exports.fixtures import FIXTURES, ZONE, Script, realistic
from tests.exports.markdown_tokens import expected_line
from tests.exports.test_markdown import HOSTILE
from tests.exports.test_minutes_escaping import (
    ANSWER,
    PROPERTY,
    SET,
    Drawn,
    _as_rendered,
    _session,
)
from tests.exports.word import docx_xml, markdown_blocks, open_docx, word_blocks

# Everything the minutes may put in document.xml; no field, hyperlink, HTML or other markup.
ALLOWED = {
    "document", "body", "sectPr", "pgSz", "pgMar", "cols", "docGrid",
    "p", "pPr", "pStyle", "jc", "pBdr", "bottom", "r", "rPr", "b", "i", "t", "tab",
    "tbl", "tblPr", "tblStyle", "tblW", "tblLook", "tblLayout", "tblGrid", "gridCol", "tr", "trPr",
    "tblHeader", "cantSplit", "tc", "tcPr", "tcW",
    "drawing", "inline", "extent", "docPr", "cNvGraphicFramePr", "graphicFrameLocks", "graphic",
    "graphicData", "pic", "nvPicPr", "cNvPr", "cNvPicPr", "blipFill", "blip", "stretch",
    "fillRect", "spPr", "xfrm", "off", "ext", "prstGeom", "avLst",
}  # fmt: skip


def _docx(session: Session) -> bytes:
    return render_docx(minutes_document(session, ZONE), {})


@pytest.fixture(scope="module")
def word() -> bytes:
    """The realistic session's minutes as a .docx."""
    return _docx(realistic())


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_word_shows_what_the_markdown_shows(name: str) -> None:
    """Block for block, the same headings, paragraphs, list items and table cells as the .md."""
    doc = minutes_document(FIXTURES[name](), ZONE)
    shown = word_blocks(render_docx(doc, {}))
    assert shown == markdown_blocks(render_markdown(doc))
    assert len(shown) > 20


def test_headings_take_words_own_styles(word: bytes) -> None:
    """Title, then Heading 1 per section and question, Heading 2 per table; lists are lists."""
    blocks = word_blocks(word)
    assert blocks[0] == ("h1", "Eigen regie in het verantwoorden van uw toegevoegde waarde")
    styles = {p.style.name for p in open_docx(word).paragraphs}
    assert {"Title", "Heading 1", "Heading 2", "List Bullet", "List Bullet 2"} <= styles
    sections = [text for kind, text in blocks if kind == "h2"]
    assert sections[:3] == ["Aanwezigen", "Doel en werkwijze", sections[2]]
    assert sections[2].startswith("Vraag 1: Vanuit welke verantwoordelijkheid")
    assert sections[-2:] == ["Plenaire terugkoppeling", "Vervolgafspraken"]
    assert ("h3", "Tafel 1") in blocks and ("h3", "Rode draad") in blocks
    first = open_docx(word).paragraphs[0]
    assert first.style.name == "Title" and first.style.type == 1  # a paragraph style


def test_the_actions_table_has_a_header_row_and_its_cells(word: bytes) -> None:
    """One table: a bold header row Word repeats on each page, numbers right-aligned."""
    (table,) = open_docx(word).tables
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == ["Nr.", "Actie", "Wie", "Wanneer"]
    assert rows[1] == [
        "1",
        "Verslag en alle antwoorden delen met de deelnemers",
        "Gespreksleider",
        "Binnen een week",
    ]
    assert [r[0] for r in rows[1:]] == [str(n) for n in range(1, len(rows))]
    header = table.rows[0]._tr
    assert header.trPr.find(qn("w:tblHeader")) is not None
    assert all(run.bold for cell in table.rows[0].cells for run in cell.paragraphs[0].runs)
    assert table.rows[1].cells[0].paragraphs[0].alignment == 2  # right
    assert table.style.name == "Table Grid"
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)
    widths = [column.width for column in table.columns]
    assert widths[0] < widths[2] < widths[1]  # Nr. narrow, Actie widest
    assert round(sum(widths) / Cm(1), 1) == 16.0


def test_labels_are_bold_and_answers_plain(word: bytes) -> None:
    """The header's labels are bold runs; an answer's text is one plain run."""
    paragraphs = open_docx(word).paragraphs
    facts = [p for p in paragraphs if p.text.startswith("Datum en tijd:")]
    assert [r.bold for r in facts[0].runs][:1] == [True]
    answer = next(p for p in paragraphs if p.text.startswith("Vanuit onze beroepscode"))
    assert [(r.text, r.bold) for r in answer.runs] == [(answer.text, None)]


def _hostile() -> Session:
    """Every known trick as an answer, a note, an action and its who and when."""
    script = Script(SET, tables=2, code="EVIL1")
    for device in range(1, 9):
        script.sit(device, 1 + device % 2)
    for n, text in enumerate(HOSTILE):
        script.answer(1 + n % 8, "q1", text)
        script.lead(c.AddNote, "q2", text)
        script.lead(c.AddAction, text, text[:40], text[:40])
    return script.session


def test_hostile_text_is_kept_as_literal_text() -> None:
    """Markdown, HTML, markup and entities arrive in Word as the same characters, nothing more."""
    s = _hostile()
    data = _docx(s)
    items = [text for kind, text in word_blocks(data) if kind == "li"]
    cells = [row[1] for block in word_blocks(data) if block[0] == "table" for row in block[1][1:]]
    for raw in HOSTILE:
        want = expected_line(raw)
        assert items.count(want) >= 2, raw  # its answer and its note
        assert want in cells, raw
    document = etree.fromstring(zipfile.ZipFile(BytesIO(data)).read("word/document.xml"))
    tags = {etree.QName(e).localname for e in document.iter()}
    assert tags <= ALLOWED, tags - ALLOWED  # no field, hyperlink or anything else crept in


def test_characters_xml_cannot_hold_become_a_replacement_mark() -> None:
    """A NUL, a vertical tab or U+FFFE (a set's file may hold one) do not break the document."""
    doc = Document("Titel\x0b", "nl", 0.0, (Paragraph((Run("a\x00b\x0bc\ufffe"),)),))
    word = open_docx(render_docx(doc, {}))
    assert word.paragraphs[0].text == "a\ufffdb\ufffdc\ufffd"
    assert word.core_properties.title == "Titel\ufffd"


@PROPERTY
@given(st.lists(ANSWER, min_size=1, max_size=6))
@example([("U+FFFE \ufffe en U+FFFF \uffff", "q1", 1, "shown", 0)])  # kept by the server
def test_every_shown_answer_is_its_own_list_item_of_plain_text(answers: list[Drawn]) -> None:
    """Arbitrary answers each become one List Bullet paragraph holding exactly their text (the
    two characters XML cannot hold, which the server keeps, as U+FFFD)."""
    s = _session(answers)
    blocks = word_blocks(_docx(s))
    under_tables, current = [], ""
    for kind, text in blocks:
        if kind == "h3":
            current = str(text)
        elif kind == "li" and re.fullmatch(r"Tafel \d", current):
            under_tables.append(text)
    want = [xml_text(_as_rendered(s, a.id)) for a in s.answers.values() if a.state == "shown"]
    assert Counter(under_tables) == Counter(want)


def test_properties_say_what_it_is_and_nothing_about_who_or_what_made_it(word: bytes) -> None:
    """Title, language and the session's date; no author, no tool name, Dutch spelling."""
    props = open_docx(word).core_properties
    assert props.title == "Eigen regie in het verantwoorden van uw toegevoegde waarde"
    assert props.language == "nl-NL" and props.author == "" and props.comments == ""
    assert props.created == datetime(2025, 3, 13, 12, 30, tzinfo=UTC)
    xml = docx_xml(word)
    assert "python-docx" not in xml
    assert not [n for n in zipfile.ZipFile(BytesIO(word)).namelist() if "thumbnail" in n]
    assert 'w:lang w:val="nl-NL"' in xml


def test_the_page_is_a4_with_room_for_a_chart() -> None:
    """A4 portrait, 2.5 cm margins: 16 cm of text width, the width of an embedded chart."""
    section = open_docx(_docx(realistic())).sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    text_width = section.page_width - section.left_margin - section.right_margin
    assert round(text_width / Cm(1), 1) == 16.0


def test_a_chart_is_embedded_with_its_description_and_linked_from_the_markdown() -> None:
    """The chart's PNG is inside the .docx at the text's width, its alt text on the picture."""
    from dialoogtafel.exports.charts import draw_chart

    png = draw_chart("Vraag <b>[x](y)</b>", ["Ja", "Nee"], [3, 1])
    chart = Chart(
        "S-2025-03-13-q1.png", "Grafiek: Vraag <b>[x](y)</b>", "Vraag", ("Ja", "Nee"), (3, 1)
    )
    doc = Document("Titel", "nl", 0.0, (Paragraph((Run("voor"),)), chart, Paragraph((Run("na"),))))
    data = render_docx(doc, {chart.file: png})
    word = open_docx(data)
    (shape,) = word.inline_shapes
    assert round(shape.width / Cm(1), 1) == 16.0
    assert word_blocks(data) == [("p", "voor"), ("chart", chart.alt), ("p", "na")]
    images = [p for p in word.part.package.parts if p.partname.endswith(".png")]
    assert [p.blob for p in images] == [png]
    markdown = render_markdown(doc)
    assert "![Grafiek: Vraag \\<b>\\[x\\](y)\\</b>](S-2025-03-13-q1.png)" in markdown
    assert markdown_blocks(markdown) == word_blocks(data)
