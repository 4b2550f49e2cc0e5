"""Read a .docx back as Word would, with python-docx: blocks in order, with their styles."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
from docx.document import Document as WordDocument
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph
from markdown_it.token import Token

from tests.exports.markdown_tokens import MD

EMPHASIS = frozenset({"strong_open", "strong_close", "em_open", "em_close"})

# What a list item, a heading and so on are called in Word, and in the Markdown read back.
KIND = {"Title": "h1", "Heading 1": "h2", "Heading 2": "h3", "Heading 3": "h4", "Heading 4": "h5"}
KIND |= {"List Bullet": "li", "List Bullet 2": "li2", "Normal": "p", "Caption": "p"}

Block = tuple[str, object]  # ("h2", "Aanwezigen"), ("li", "Tafel 1: 5 deelnemers"), ("table", rows)


def open_docx(data: bytes | str | Path) -> WordDocument:
    """A .docx from its bytes or its path."""
    return docx.Document(io.BytesIO(data) if isinstance(data, bytes) else str(data))


def word_blocks(data: bytes | str | Path) -> list[Block]:
    """The body in order: each paragraph as (kind by style, text), each table as its cells' text."""
    word = open_docx(data)
    out: list[Block] = []
    for child in word.element.body.iterchildren():
        if child.tag == qn("w:p"):
            p = Paragraph(child, word)
            pictures = child.findall(f".//{qn('wp:docPr')}")
            if pictures:
                out += [("chart", pic.get("descr")) for pic in pictures]
            elif p.text or not _is_rule(p):
                out.append((KIND[p.style.name], p.text))
        elif child.tag == qn("w:tbl"):
            table = Table(child, word)
            out.append(("table", [[c.text for c in row.cells] for row in table.rows]))
    return [b for b in out if b != ("p", "")]  # pictures sit in a paragraph of no text


def _is_rule(p: Paragraph) -> bool:
    ppr = p._p.pPr
    return ppr is not None and ppr.find(qn("w:pBdr")) is not None


def shown_text(inline: Token) -> str | None:
    """An inline token's text with bold and italic taken as formatting; None if other markup."""
    children = inline.children or []
    if any(c.type not in EMPHASIS and c.type != "text" for c in children):
        return None
    return "".join(c.content for c in children if c.type == "text")


def markdown_blocks(markdown: str) -> list[Block]:
    """The same for Markdown, read with markdown-it: what a viewer shows, in order."""
    tokens = MD.parse(markdown)
    out: list[Block] = []
    depth, i = 0, 0
    while i < len(tokens):
        t = tokens[i]
        if t.type == "bullet_list_open":
            depth += 1
        elif t.type == "bullet_list_close":
            depth -= 1
        elif t.type == "heading_open":
            out.append((t.tag, shown_text(tokens[i + 1])))
        elif t.type == "paragraph_open":
            children = tokens[i + 1].children or []
            if [c.type for c in children] == ["image"]:  # a chart's paragraph
                alt = children[0].children or []  # the alt text as a viewer shows it
                out.append(("chart", "".join(t.content for t in alt if t.type == "text")))
                i += 1
                continue
            kind = "p" if depth == 0 else ("li" if depth == 1 else "li2")
            out.append((kind, shown_text(tokens[i + 1])))
        elif t.type == "table_open":
            end = next(j for j in range(i, len(tokens)) if tokens[j].type == "table_close")
            rows, row = [], []
            for token in tokens[i:end]:
                if token.type == "inline":
                    row.append(shown_text(token))
                elif token.type == "tr_close":
                    rows.append(row)
                    row = []
            out.append(("table", rows))
            i = end
        i += 1
    return out


def docx_xml(data: bytes | str | Path) -> str:
    """Every part of the .docx (the document, styles, properties, …) as text, for scanning."""
    raw = data if isinstance(data, bytes) else Path(data).read_bytes()
    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        return "\n".join(z.read(name).decode("utf-8", "replace") for name in sorted(z.namelist()))


def export_text(path: str | Path) -> str:
    """An export file's text: the JSON or Markdown as is, a .docx's parts unzipped."""
    if str(path).endswith(".docx"):
        return docx_xml(path)
    return Path(path).read_text(encoding="utf-8")
