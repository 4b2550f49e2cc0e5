"""The Word body written as text (exports/word_body.py) and the package around it (exports/docx.py):
any text stays text, every kind of block arrives, and the package is python-docx's own."""

from __future__ import annotations

import io
import zipfile
from typing import get_args

import docx
from docx.oxml.ns import nsdecls, qn
from hypothesis import example, given
from hypothesis import strategies as st
from lxml import etree

from dialoogtafel.exports.charts import draw_chart
from dialoogtafel.exports.document import (
    Block,
    BulletList,
    Chart,
    Document,
    Heading,
    Item,
    Paragraph,
    Rule,
    Run,
    Table,
    render_blocks,
)
from dialoogtafel.exports.docx import render_docx
from dialoogtafel.exports.word_body import runs_xml, xml_text
from tests.exports.test_markdown import HOSTILE
from tests.exports.test_minutes_escaping import PROPERTY
from tests.exports.word import word_blocks

# What breaks hand-written XML: markup, entities, CDATA ends, a CR, characters XML cannot hold,
# lone surrogates, tabs and the spaces Word would drop.
XML_HOSTILE = [
    "</w:t></w:r><w:fldSimple w:instr='HYPERLINK \"http://e\"'/><w:r><w:t>",
    '<w:hyperlink r:id="rId1"><w:r><w:t>x</w:t></w:r></w:hyperlink>',
    "&amp; &lt; &#60; &#x3C; &nbsp; &xxe; &",
    "]]> <![CDATA[x]]> <?xml version='1.0'?> <!DOCTYPE x [<!ENTITY e 'x'>]> &e;",
    "a\rb\r\nc",
    "nul\x00 vt\x0b ff\x0c esc\x1b fffe\ufffe ffff\uffff",
    "lone \ud800 surrogate \udfff",
    "\ttab\tin\t\tthe middle\t",
    "  outer spaces  ",
    " ",
    "\"quotes\" and 'apostrophes'",
    "{{ veld }} ${x} %s {0}",
]


def _parsed(runs_text: str) -> etree._Element:
    """Runs as Word would read them: inside a paragraph of a document's namespaces."""
    return etree.fromstring(f"<w:p {nsdecls('w')}>{runs_text}</w:p>")


def _read_back(p: etree._Element) -> str:
    """The text of a paragraph's runs: `w:t` as is, `w:tab` as a tab."""
    out = []
    for e in p.iter(qn("w:t"), qn("w:tab")):
        out.append("\t" if e.tag == qn("w:tab") else (e.text or ""))
    return "".join(out)


@PROPERTY
@given(st.text(), st.booleans(), st.booleans())
@example("a\rb", False, False)
@example("</w:t>&amp;\x00\ud800", True, True)
def test_any_text_is_one_run_of_exactly_that_text(text: str, bold: bool, italic: bool) -> None:
    """Any string becomes at most one `w:r` that reads back as the same characters (those XML
    cannot hold as U+FFFD), with no element but text, tabs and its bold and italic."""
    p = _parsed(runs_xml((Run(text, bold, italic),)))
    if not text:
        assert len(p) == 0
        return
    assert [etree.QName(r).localname for r in p] == ["r"]
    assert _read_back(p) == xml_text(text)
    tags = {etree.QName(e).localname for e in p.iter()} - {"p", "r", "t", "tab"}
    assert tags == {"rPr", *(["b"] if bold else []), *(["i"] if italic else [])} or (
        tags == set() and not bold and not italic
    )
    for t in p.iter(qn("w:t")):  # Word keeps outer spaces only when told
        kept = t.get("{http://www.w3.org/XML/1998/namespace}space") == "preserve"
        assert kept == (t.text[0] == " " or t.text[-1] == " ")


def test_known_tricks_stay_text_in_every_kind_of_block() -> None:
    """Markup, entities, a CR and characters XML cannot hold, in a heading, a paragraph, a list
    and its sublist, a table's header and cells and a chart's caption and alt text: each reads
    back from the .docx as the same characters, in a paragraph of its block's style."""
    blocks: list[Block] = []
    for text in [*XML_HOSTILE, *HOSTILE]:
        run = (Run(text.replace("\n", " / ").strip() or "x"),)
        blocks += [
            Heading(2, run),
            Paragraph((Run("Label:", bold=True), Run(" "), *run)),
            BulletList((Item(run, (run,)),)),
        ]
    clean = [(Run(t.replace("\n", " / ").replace("\r", "").strip() or "x"),) for t in XML_HOSTILE]
    table = Table(
        ((Run("Nr."),), clean[0]), tuple(((Run(str(n)),), t) for n, t in enumerate(clean))
    )
    chart = Chart(
        "c.png", XML_HOSTILE[0] + XML_HOSTILE[5], "q", ("a", "b"), (1, 2), caption=clean[2]
    )
    doc = Document("T", "nl", 0.0, (Heading(1, clean[1]), *blocks, table, chart, Rule()))
    png = draw_chart("q", ["a", "b"], [1, 2])
    data = render_docx(doc, {"c.png": png})
    read = word_blocks(data)
    texts = {text for _, text in read if isinstance(text, str)}
    for text in XML_HOSTILE:
        want = xml_text(text.replace("\n", " / ").strip() or "x")
        assert want in texts, text
    (table_read,) = [rows for kind, rows in read if kind == "table"]
    assert table_read[1:] == [[str(n), xml_text(t[0].text)] for n, t in enumerate(clean)]
    assert ("chart", xml_text(chart.alt)) in read
    xml = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    names = {etree.QName(e).localname for e in xml.iter()}
    assert not names & {"fldSimple", "hyperlink", "instrText", "fldChar", "DOCTYPE"}
    kinds = [kind for kind, _ in read]
    assert kinds[:4] == ["h1", "h2", "p", "li"] and kinds.count("li2") == len(blocks) // 3


def test_render_blocks_has_a_case_for_every_kind_of_block() -> None:
    """Each kind in `Block` reaches its own method of a renderer, once and in order."""
    called: list[str] = []

    class Recorder:
        def heading(self, level: int, runs: object) -> str:
            return called.append("heading") or ""

        def paragraph(self, runs: object) -> str:
            return called.append("paragraph") or ""

        def bullets(self, block: object) -> str:
            return called.append("bullets") or ""

        def table(self, block: object) -> str:
            return called.append("table") or ""

        def chart(self, block: object) -> str:
            return called.append("chart") or ""

        def rule(self) -> str:
            return called.append("rule") or ""

    one = (Run("x"),)
    samples = {
        Heading: Heading(2, one),
        Paragraph: Paragraph(one),
        BulletList: BulletList((Item(one),)),
        Table: Table((one,), ((one,),)),
        Chart: Chart("c.png", "a", "q", ("a",), (1,)),
        Rule: Rule(),
    }
    assert set(samples) == set(get_args(Block))
    render_blocks(list(samples.values()), Recorder())
    assert called == ["heading", "paragraph", "bullets", "table", "chart", "rule"]


def test_the_package_is_what_python_docx_itself_saves() -> None:
    """The same parts in the same order, and the same content types, as python-docx's own save
    of the document it reads back; the document part is the only one written twice here."""
    png = draw_chart("q", ["a", "b"], [1, 2])
    chart = Chart("c.png", "alt", "q", ("a", "b"), (1, 2))
    ours = render_docx(Document("T", "en", 0.0, (Paragraph((Run("x"),)), chart)), {"c.png": png})
    again = io.BytesIO()
    docx.Document(io.BytesIO(ours)).save(again)
    mine, theirs = zipfile.ZipFile(io.BytesIO(ours)), zipfile.ZipFile(again)
    assert mine.namelist() == theirs.namelist()
    for name in mine.namelist():
        a, b = mine.read(name), theirs.read(name)
        if name.endswith((".xml", ".rels")):  # the same XML (an empty element may be written short)
            a, b = (etree.tostring(etree.fromstring(x), method="c14n") for x in (a, b))
        assert a == b, name
    assert mine.testzip() is None
