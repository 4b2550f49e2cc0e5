"""The minutes' document (exports/document.py) as a Word file, with python-docx.

Headings take Word's own styles (the title "Title", a section "Heading 1", below it "Heading 2"
and "Heading 3"), lists "List Bullet" and "List Bullet 2", tables "Table Grid" with a header row
that repeats on every page, charts embedded as PNG with their description as alt text. Every run
of text goes into a `w:t` element as text: it is never parsed, so nothing from a session can
become a field, a hyperlink or markup. Characters XML cannot hold become U+FFFD.

Only exports/writer.py imports this module, inside a function: python-docx (and lxml) load when
minutes are written, never when a server starts (pyproject.toml's import contracts).
Paragraphs are copied from an empty one of their style and appended to the body, with the
section properties taken out until the end: python-docx's `add_paragraph` looks for those from
the start of the body each time and builds each paragraph through its proxies, which made a
10,000-answer export take seconds.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from copy import copy
from datetime import UTC, datetime

from docx import Document as new_document
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Length
from docx.table import Table as WordTable
from lxml.etree import SubElement, _Element

from dialoogtafel.exports.document import (
    Block,
    BulletList,
    Chart,
    Document,
    Heading,
    Inline,
    Paragraph,
    Rule,
    Table,
)

STYLES = ("Title", "Heading 1", "Heading 2", "Heading 3", "Heading 4", "Normal", "Caption")
STYLES += ("List Bullet", "List Bullet 2")
TEXT_WIDTH = Cm(16)  # A4 less 2.5 cm margins
LANGUAGES = {"nl": "nl-NL", "en": "en-GB"}
ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
}
# not allowed in XML 1.0 (the server strips most at the door; a set's own file may not)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_W_T, _W_R, _W_TAB = qn("w:t"), qn("w:r"), qn("w:tab")
_W_P, _W_PPR, _W_PSTYLE, _W_VAL = qn("w:p"), qn("w:pPr"), qn("w:pStyle"), qn("w:val")
_W_RPR, _W_B, _W_I, _SPACE = qn("w:rPr"), qn("w:b"), qn("w:i"), qn("xml:space")


def xml_text(text: str) -> str:
    """The text with every character XML 1.0 cannot hold replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", text) if _NOT_XML.search(text) else text


def add_runs(p: _Element, runs: Inline, bold: bool = False) -> None:
    """Runs of plain text into a paragraph element: `w:t` text, a tab as `w:tab`."""
    for run in runs:
        if not run.text:
            continue
        r = SubElement(p, _W_R)
        if run.bold or run.italic or bold:
            props = SubElement(r, _W_RPR)
            if run.bold or bold:
                SubElement(props, _W_B)
            if run.italic:
                SubElement(props, _W_I)
        text = xml_text(run.text)
        pieces = text.split("\t") if "\t" in text else (text,)
        for n, piece in enumerate(pieces):
            if n:
                SubElement(r, _W_TAB)
            if piece:
                t = SubElement(r, _W_T)
                t.text = piece  # text: lxml escapes it, nothing in it is ever read as XML
                if piece[0] == " " or piece[-1] == " ":
                    t.set(_SPACE, "preserve")


def column_widths(rows: tuple[tuple[Inline, ...], ...]) -> list[Length]:
    """Each column's share of the text's width after its longest text (6 to 40 characters)."""
    longest = [
        min(40, max(6, *(sum(len(run.text) for run in row[c]) for row in rows)))
        for c in range(len(rows[0]))
    ]
    return [Emu(TEXT_WIDTH * n // sum(longest)) for n in longest]


class _Writer:
    """One Word document being filled, with the style ids looked up once."""

    def __init__(self, doc: Document) -> None:
        self.word: WordDocument = new_document()
        self._page(doc)
        self.body = self.word.element.body
        self.end = self.body.sectPr  # the section's properties close the body: put back at the end
        self.body.remove(self.end)
        styles = self.word.styles
        self.empty = {name: self._empty(styles[name].style_id) for name in STYLES}
        self.table_style = styles["Table Grid"]

    def _page(self, doc: Document) -> None:
        """A4 portrait, 2.5 cm margins; the document's language, title and date."""
        section = self.word.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Cm(2.5))
        props = self.word.core_properties
        props.title = xml_text(doc.title)
        props.author = props.last_modified_by = ""
        props.comments = props.keywords = props.subject = props.category = ""
        props.language = LANGUAGES.get(doc.language, doc.language)
        props.created = props.modified = datetime.fromtimestamp(doc.created, UTC)
        props.revision = 1
        rels = self.word.part.package.rels
        for rid, rel in list(rels.items()):
            if rel.reltype == RT.THUMBNAIL:  # the template's preview picture: not these minutes
                rels.pop(rid)
        defaults = self.word.styles.element.find(qn("w:docDefaults"))
        lang = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
        if lang is not None:  # spelling is checked in the minutes' language
            lang.set(_W_VAL, LANGUAGES.get(doc.language, doc.language))

    @staticmethod
    def _empty(style_id: str) -> _Element:
        """An empty paragraph of a style, to copy."""
        p = OxmlElement("w:p")
        if style_id != "Normal":
            SubElement(SubElement(p, _W_PPR), _W_PSTYLE).set(_W_VAL, style_id)
        return p

    def paragraph(self, style: str, runs: Inline) -> _Element:
        """A paragraph of the style at the end of the body."""
        p = copy(self.empty[style])
        add_runs(p, runs)
        self.body.append(p)
        return p

    def close(self) -> bytes:
        """The section's properties back at the end of the body; the file's bytes."""
        self.body.append(self.end)
        out = io.BytesIO()
        self.word.save(out)
        return out.getvalue()

    def block(self, block: Block, images: Mapping[str, bytes]) -> None:
        """One block of the minutes."""
        match block:
            case Heading(level=level, runs=runs):
                style = "Title" if level <= 1 else f"Heading {min(level - 1, 4)}"
                self.paragraph(style, runs)
            case Paragraph(runs=runs):
                self.paragraph("Normal", runs)
            case BulletList(items=items):
                for item in items:
                    self.paragraph("List Bullet", item.runs)
                    for child in item.children:
                        self.paragraph("List Bullet 2", child)
            case Table():
                self.table(block)
            case Chart():
                self.chart(block, images[block.file])
            case Rule():
                self.rule()
            case _:
                raise TypeError(f"no Word for {block!r}")

    def table(self, block: Table) -> WordTable:
        """A table with a bold header row that Word repeats on each page; no row split over
        two pages; columns as wide as their text asks, within the text's width."""
        self.body.append(self.end)  # python-docx takes the table's width from the section
        table = self.word.add_table(rows=1 + len(block.rows), cols=len(block.header))
        self.body.remove(self.end)
        table.style = self.table_style
        table.autofit = False
        rows = (block.header, *block.rows)
        widths = column_widths(rows)
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width
        for r, row in enumerate(rows):
            properties = table.rows[r]._tr.get_or_add_trPr()
            SubElement(properties, qn("w:cantSplit"))
            if r == 0:
                SubElement(properties, qn("w:tblHeader")).set(_W_VAL, "true")
            for c, (cell, runs) in enumerate(zip(table.rows[r].cells, row, strict=True)):
                cell.width = widths[c]
                paragraph = cell.paragraphs[0]
                paragraph.alignment = ALIGN[block.alignment(c)]
                add_runs(paragraph._p, runs, bold=r == 0)
        return table

    def chart(self, block: Chart, png: bytes) -> None:
        """The chart's PNG at the text's width, its description as alt text; its caption."""
        shape = self.word.add_picture(io.BytesIO(png), width=TEXT_WIDTH)  # appended: no sectPr
        shape._inline.docPr.set("descr", xml_text(block.alt))
        if block.caption:
            self.paragraph("Caption", block.caption)

    def rule(self) -> None:
        """An empty paragraph with a line under it."""
        p = self.paragraph("Normal", ())
        ppr = p.find(_W_PPR)
        if ppr is None:
            ppr = SubElement(p, _W_PPR)
            p.insert(0, ppr)
        bottom = SubElement(SubElement(ppr, qn("w:pBdr")), qn("w:bottom"))
        for key, value in (
            ("w:val", "single"),
            ("w:sz", "6"),
            ("w:space", "1"),
            ("w:color", "auto"),
        ):
            bottom.set(qn(key), value)


def render_docx(doc: Document, images: Mapping[str, bytes]) -> bytes:
    """The document as the bytes of a .docx; `images` holds each chart's PNG by file name."""
    writer = _Writer(doc)
    for block in doc.blocks:
        writer.block(block, images)
    return writer.close()
