"""The minutes' document (exports/document.py) as a Word file, with python-docx.

Headings take Word's own styles (the title "Title", a section "Heading 1", below it "Heading 2"
and "Heading 3"), lists "List Bullet" and "List Bullet 2", tables "Table Grid" with a header row
that repeats on every page, charts embedded as PNG with their description as alt text. Every run
of text is escaped as the content of a `w:t` element (exports/word_body.py): nothing from a
session can become a field, a hyperlink or markup. Characters XML cannot hold become U+FFFD.

Only exports/writer.py imports this module, inside a function: python-docx (and lxml) load when
minutes are written, never when a server starts (pyproject.toml's import contracts).
python-docx gives the template (styles, page, properties) and the pictures' parts, and saves
the package with an empty body; the body, written as text by exports/word_body.py, is then put
into the saved document part, which is the only part written again. (python-docx's
`add_paragraph` and `add_run` per answer took seconds for 10,000 answers; appending elements
made through lxml, 5 or 6 a paragraph, about 90 ms; the body as text, about 30 ms, with no
parsing and no second serialization of 2 MB of XML: docs/benchmarks.md.)
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from datetime import UTC, datetime
from xml.sax.saxutils import quoteattr
from zipfile import ZIP_DEFLATED, ZipFile

from docx import Document as new_document
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PACKAGE_URI
from docx.opc.part import Part
from docx.opc.spec import default_content_types
from docx.oxml.ns import qn
from docx.shared import Cm, Emu
from lxml.etree import tostring

from dialoogtafel.exports.document import Chart, Document, render_blocks
from dialoogtafel.exports.word_body import TEXT_WIDTH_EMU, Body, xml_text

__all__ = ["render_docx", "xml_text"]

STYLES = ("Title", "Heading 1", "Heading 2", "Heading 3", "Heading 4", "Normal", "Caption")
STYLES += ("List Bullet", "List Bullet 2")
TEXT_WIDTH = Emu(TEXT_WIDTH_EMU)  # A4 less 2.5 cm margins
LANGUAGES = {"nl": "nl-NL", "en": "en-GB"}
_TYPES = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n" + (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
)
BODY_LEVEL = (
    1  # zlib: 6 (its default) took 39 ms for 2 MB of varied text, 1 took 23 ms for 5 % more
)
_BODY = b"<w:body>"  # how python-docx writes the body's start tag (the namespaces are above)


def _style_ids(word: WordDocument) -> tuple[dict[str, str], str]:
    """The template's id of each style we use, and the table's."""
    styles = word.styles
    return {name: styles[name].style_id for name in STYLES}, styles["Table Grid"].style_id


def _page(word: WordDocument, doc: Document) -> None:
    """A4 portrait, 2.5 cm margins; the document's language, title and date."""
    section = word.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.5))
    props = word.core_properties
    props.title = xml_text(doc.title)
    props.author = props.last_modified_by = ""
    props.comments = props.keywords = props.subject = props.category = ""
    props.language = LANGUAGES.get(doc.language, doc.language)
    props.created = props.modified = datetime.fromtimestamp(doc.created, UTC)
    props.revision = 1
    rels = word.part.package.rels
    for rid, rel in list(rels.items()):
        if rel.reltype == RT.THUMBNAIL:  # the template's preview picture: not these minutes
            rels.pop(rid)
    defaults = word.styles.element.find(qn("w:docDefaults"))
    lang = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    if lang is not None:  # spelling is checked in the minutes' language
        lang.set(qn("w:val"), LANGUAGES.get(doc.language, doc.language))


class WordBody(Body):
    """The blocks as WordprocessingML text; a chart's picture added to the package as it comes."""

    def __init__(self, word: WordDocument, images: Mapping[str, bytes]) -> None:
        style_ids, table_style = _style_ids(word)
        super().__init__(style_ids, table_style)
        self.word, self.images = word, images
        self.shape_id = word.part.next_id  # the template's body has none; each chart one more

    def chart(self, block: Chart) -> str:
        """The chart's PNG at the text's width, its description as alt text; its caption."""
        png = io.BytesIO(self.images[block.file])
        inline = self.word.part.new_pic_inline(png, width=TEXT_WIDTH)
        inline.docPr.set("id", str(self.shape_id))
        inline.docPr.set("name", f"Picture {self.shape_id}")
        inline.docPr.set("descr", xml_text(block.alt))  # an attribute: lxml escapes it
        self.shape_id += 1
        picture = (
            f"<w:p><w:r><w:drawing>{tostring(inline, encoding='unicode')}</w:drawing></w:r></w:p>"
        )
        return picture + (self.styled("Caption", block.caption) if block.caption else "")


def _spliced(part: bytes, body: str) -> bytes:
    """The document part as python-docx wrote it (its body only the section's properties) with
    the body's text put first in its body."""
    head, found, tail = part.partition(_BODY)
    if not found:
        raise RuntimeError("python-docx wrote the document part without a <w:body> tag")
    return b"".join((head, found, body.encode(), tail))


def _content_types(parts: list[Part]) -> bytes:
    """`[Content_Types].xml` as python-docx writes it: a default per extension it knows (sorted),
    an override for every other part (sorted by name)."""
    defaults = {"rels": CT.OPC_RELATIONSHIPS, "xml": CT.XML}
    overrides = {}
    for part in parts:
        ext = part.partname.ext
        if (ext.lower(), part.content_type) in default_content_types:
            defaults[ext] = part.content_type
        else:
            overrides[str(part.partname)] = part.content_type
    lines = [_TYPES]
    lines += [
        f"<Default Extension={quoteattr(e)} ContentType={quoteattr(defaults[e])}/>"
        for e in sorted(defaults)
    ]
    lines += [
        f"<Override PartName={quoteattr(n)} ContentType={quoteattr(overrides[n])}/>"
        for n in sorted(overrides)
    ]
    return "".join([*lines, "</Types>"]).encode()


def _package(word: WordDocument, body: str) -> bytes:
    """The .docx: each part as python-docx saves it (in its order, each once), the document part
    with the body's text put in; that largest part at `BODY_LEVEL`."""
    package = word.part.package
    parts = list(package.iter_parts())
    out = io.BytesIO()
    with ZipFile(out, "w", ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _content_types(parts))
        z.writestr(PACKAGE_URI.rels_uri.membername, package.rels.xml)
        for part in parts:
            if part is word.part:
                z.writestr(
                    part.partname.membername, _spliced(part.blob, body), compresslevel=BODY_LEVEL
                )
            else:
                z.writestr(part.partname.membername, part.blob)
            if len(part.rels):
                z.writestr(part.partname.rels_uri.membername, part.rels.xml)
    return out.getvalue()


def render_docx(doc: Document, images: Mapping[str, bytes]) -> bytes:
    """The document as the bytes of a .docx; `images` holds each chart's PNG by file name."""
    word = new_document()
    _page(word, doc)
    return _package(word, "".join(render_blocks(doc.blocks, WordBody(word, images))))
