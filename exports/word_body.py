"""The body of the Word minutes as WordprocessingML text, built in one go (exports/docx.py puts
it into the document part python-docx saved).

A string a paragraph is several times faster than making its 5 or 6 elements through lxml
(docs/benchmarks.md, "Export of 10,000 answers"). So the escaping is ours, in one place
(`escape`), and every run of text goes through it: `&`, `<` and `>` become entities, a carriage
return `&#13;` (a parser would read a bare one as a newline), and every character XML 1.0 cannot
hold U+FFFD. Nothing of a run's text can end its `w:t`, open an element or name an entity; a tab
becomes Word's `w:tab`. No text goes into an attribute here (a chart's alt text is set through
lxml in exports/docx.py). tests/exports/test_word_body.py parses what this writes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from dialoogtafel.exports.document import BulletList, Inline, Table

__all__ = ["RULE", "Body", "column_widths", "escape", "runs_xml", "xml_text"]

# not allowed in XML 1.0 (the server strips most at the door; a set's own file may not)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SPECIAL = re.compile("[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
TEXT_WIDTH_EMU = 5_760_000  # 16 cm: A4 less 2.5 cm margins
EMU_PER_TWIP = 635
# How python-docx writes a table of the "Table Grid" style that does not fit itself to its text.
_TABLE_PROPERTIES = (
    '<w:tblPr><w:tblStyle w:val="{style}"/><w:tblW w:type="auto" w:w="0"/>'
    '<w:tblLayout w:type="fixed"/><w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0"'
    ' w:lastRow="0" w:noHBand="0" w:noVBand="1" w:val="04A0"/></w:tblPr>'
)
RULE = (
    '<w:p><w:pPr><w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="auto"/>'
    "</w:pBdr></w:pPr></w:p>"
)


def xml_text(text: str) -> str:
    """The text with every character XML 1.0 cannot hold replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", text) if _NOT_XML.search(text) else text


def escape(text: str) -> str:
    """Text as the content of an element: entities for `&`, `<`, `>` and CR; U+FFFD for the rest."""
    if not _SPECIAL.search(text):
        return text
    if _NOT_XML.search(text):
        text = _NOT_XML.sub("\ufffd", text)
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    )


def _t(piece: str) -> str:
    if piece[0] == " " or piece[-1] == " ":  # Word drops outer spaces unless told to keep them
        return f'<w:t xml:space="preserve">{piece}</w:t>'
    return f"<w:t>{piece}</w:t>"


def runs_xml(runs: Inline, bold: bool = False) -> str:
    """Runs of plain text: a `w:r` each (bold, italic), text in `w:t`, a tab as `w:tab`."""
    out = ""  # (one answer a paragraph, mostly one run: a list and a join cost more)
    for text, strong, italic in runs:
        if not text:
            continue
        if _SPECIAL.search(text):
            text = escape(text)
        if "\t" in text:
            content = "<w:tab/>".join([_t(piece) if piece else "" for piece in text.split("\t")])
        elif text[0] == " " or text[-1] == " ":  # Word drops outer spaces unless told to keep them
            content = f'<w:t xml:space="preserve">{text}</w:t>'
        else:
            content = f"<w:t>{text}</w:t>"
        if strong or italic or bold:
            b = "<w:b/>" if strong or bold else ""
            out += f"<w:r><w:rPr>{b}{'<w:i/>' if italic else ''}</w:rPr>{content}</w:r>"
        else:
            out += f"<w:r>{content}</w:r>"
    return out


class Body:
    """The paragraphs, lists and tables of a body as text, each style's opening looked up once
    (exports/docx.py adds the charts, which need the package for their pictures)."""

    def __init__(self, style_ids: Mapping[str, str], table_style: str) -> None:
        self.open = {
            name: "<w:p>" if sid == "Normal" else f'<w:p><w:pPr><w:pStyle w:val="{sid}"/></w:pPr>'
            for name, sid in style_ids.items()
        }
        self.table_properties = _TABLE_PROPERTIES.format(style=table_style)

    def styled(self, style: str, runs: Inline) -> str:
        """A paragraph of the style (a name python-docx knows: "Heading 1", "List Bullet")."""
        return f"{self.open[style]}{runs_xml(runs)}</w:p>"

    def heading(self, level: int, runs: Inline) -> str:
        """The title as "Title", a section "Heading 1", and so on down to "Heading 4"."""
        return self.styled("Title" if level <= 1 else f"Heading {min(level - 1, 4)}", runs)

    def paragraph(self, runs: Inline) -> str:
        """A paragraph in "Normal"."""
        return self.styled("Normal", runs)

    def rule(self) -> str:
        """An empty paragraph with a line under it."""
        return RULE

    def bullets(self, block: BulletList) -> str:
        """A list: "List Bullet" paragraphs, "List Bullet 2" for the items under one."""
        top, under, out = self.open["List Bullet"], self.open["List Bullet 2"], []
        for item in block.items:
            out.append(f"{top}{runs_xml(item.runs)}</w:p>")
            out += [f"{under}{runs_xml(child)}</w:p>" for child in item.children]
        return "".join(out)

    def table(self, block: Table) -> str:
        """A table with a bold header row that Word repeats on each page; no row split over
        two pages; columns as wide as their text asks, within the text's width."""
        rows = (block.header, *block.rows)
        widths = column_widths(rows)
        grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
        cells = [
            f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{w}"/></w:tcPr>'
            f'<w:p><w:pPr><w:jc w:val="{block.alignment(c)}"/></w:pPr>'
            for c, w in enumerate(widths)
        ]
        out = [f"<w:tbl>{self.table_properties}<w:tblGrid>{grid}</w:tblGrid>"]
        for r, row in enumerate(rows):
            head = '<w:tblHeader w:val="true"/>' if r == 0 else ""
            out.append(f"<w:tr><w:trPr><w:cantSplit/>{head}</w:trPr>")
            out += [
                f"{cells[c]}{runs_xml(runs, r == 0)}</w:p></w:tc>" for c, runs in enumerate(row)
            ]
            out.append("</w:tr>")
        out.append("</w:tbl>")
        return "".join(out)


def column_widths(rows: tuple[tuple[Inline, ...], ...]) -> list[int]:
    """Each column's share of the text's width in twips, after its longest text (6 to 40
    characters); rounded as python-docx rounds EMU to twips."""
    longest = [
        min(40, max(6, *(sum(len(run.text) for run in row[c]) for row in rows)))
        for c in range(len(rows[0]))
    ]
    total = sum(longest)
    return [round(TEXT_WIDTH_EMU * n // total / EMU_PER_TWIP) for n in longest]
