"""The minutes' document (exports/document.py) as Markdown, and the escaping that keeps text plain.

`render_markdown(doc)` writes each block; every run of text goes through `escape_run`, so
untrusted text stays plain text in CommonMark and GFM tables.

Rules (docs/export-format.md, "Escaping"):
- A text becomes one line: each line is stripped, empty lines are dropped and the rest are joined
  with " / ". So an answer never leaves its list item, table cell or heading, and no line of it
  starts indented (no code block).
- Escaped everywhere with a backslash, because they open inline structure wherever they stand:
  backslash, backtick, `*`, `_`, `[`, `<`, `|` and `~`; and `&` where it would start an entity
  (`&amp;`, `&#60;`).
- Escaped at the start, where a block could begin: `#`, `-`, `+`, `>`, and the `.` or `)`
  after up to nine digits (`1. item`). At the end: a run of `#` after a space, which a heading
  would drop as its closing sequence. (`=` needs nothing: a setext underline needs a line of text
  above it, and the text is one line.)
- `~` is escaped for GFM viewers (GitHub, many mail tools), where `~~a~~` strikes text through.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Mapping
from urllib.parse import quote

from dialoogtafel.exports.document import (
    JOIN,
    Block,
    BulletList,
    Chart,
    Document,
    Inline,
    Run,
    Table,
    one_line,
    render_blocks,
)

__all__ = ["JOIN", "escape_cell", "escape_md", "escape_paragraphs", "one_line", "render_markdown"]
_ALWAYS = "\\`*_[<|~"  # the backslash first, so the ones added are not escaped again
_ENTITY = re.compile(r"&(?=#?\w+;)")
_START = re.compile(r"^(?:([-+>#])|(\d{1,9})([.)]))")
_START_CHARS = frozenset("-+>#0123456789")
_END = re.compile(r"(?<=[ \t])#(?=#*$)")


def _escape_start(match: re.Match[str]) -> str:
    if match.group(1):
        return "\\" + match.group(1)
    return match.group(2) + "\\" + match.group(3)


def escape_md(text: str) -> str:
    """Participant or leader text as one line of Markdown that renders as exactly that text."""
    line = one_line(text)
    for char in _ALWAYS:
        if char in line:  # str.replace per character beats a regex or translate (bench/)
            line = line.replace(char, "\\" + char)
    if "&" in line:
        line = _ENTITY.sub(r"\\&", line)
    if line.endswith("#"):
        line = _END.sub(r"\\#", line, count=1)
    if line[:1] in _START_CHARS:
        line = _START.sub(_escape_start, line, count=1)
    return line


def escape_cell(text: str) -> str:
    """Text for one cell of a GFM table: escape_md's line, whose pipes are already escaped."""
    return escape_md(text)


def escape_paragraphs(text: str) -> str:
    """Longer text (a set's introduction) as paragraphs: blank lines part them, lines join."""
    blocks = re.split(r"\n[ \t]*\n", text.strip())
    paragraphs = (escape_md(" ".join(block.split("\n"))) for block in blocks)
    return "\n\n".join(p for p in paragraphs if p)


# -- the renderer ---------------------------------------------------------------------------

_SEPARATOR = {"left": "---", "right": "---:", "center": ":---:"}


def escape_run(run: Run) -> str:
    """One run as Markdown: its text escaped, its outer spaces kept (outside any emphasis)."""
    text = run.text
    core = text.strip(" ")
    if not core:
        return text
    escaped = escape_md(core)
    if run.bold:
        escaped = f"**{escaped}**"
    if run.italic:
        escaped = f"*{escaped}*"
    if len(core) == len(text):
        return escaped
    start = len(text) - len(text.lstrip(" "))
    return text[:start] + escaped + text[start + len(core) :]


def inline(runs: Inline) -> str:
    """Runs as one line of Markdown."""
    return "".join([escape_run(r) for r in runs])


class Markdown:
    """The text of each kind of block in Markdown (document.Renderer).

    `labels` (a chart's file name -> a reference label): a chart links that reference
    (`![alt][chart-1]`), which `render_markdown` defines at the end with the PNG inside (a
    `data:` URI), for a file that travels alone (the HTTP API's). Labels are numbered, not the
    file names: a reference label ignores case, and two question ids may differ only in case.
    """

    def __init__(self, labels: Mapping[str, str] | None = None) -> None:
        self.labels = labels

    def heading(self, level: int, runs: Inline) -> str:
        """ATX heading: as many `#` as the level."""
        return "#" * level + " " + inline(runs)

    def paragraph(self, runs: Inline) -> str:
        """One line."""
        return inline(runs)

    def bullets(self, block: BulletList) -> str:
        """`- ` items, `  - ` under them."""
        lines = []
        for item in block.items:
            lines.append("- " + inline(item.runs))
            lines.extend("  - " + inline(child) for child in item.children)
        return "\n".join(lines)

    def table(self, block: Table) -> str:
        """A GFM table with its alignment row."""
        width = len(block.header)
        rows = [
            "| " + " | ".join(inline(cell) for cell in block.header) + " |",
            "|" + "|".join(_SEPARATOR[block.alignment(n)] for n in range(width)) + "|",
        ]
        rows += ["| " + " | ".join(inline(cell) for cell in row) + " |" for row in block.rows]
        return "\n".join(rows)

    def chart(self, block: Chart) -> str:
        """The chart's image, linked by file name beside the minutes; its caption under it."""
        alt = escape_md(block.alt).replace("]", "\\]")  # inside the brackets "]" would close them
        target = f"[{self.labels[block.file]}]" if self.labels else f"({quote(block.file)})"
        image = f"![{alt}]{target}"
        return f"{image}\n\n{inline(block.caption)}" if block.caption else image

    def rule(self) -> str:
        """A thematic break."""
        return "---"


MARKDOWN = Markdown()


def render_block(block: Block) -> str:
    """One block as Markdown (no blank line around it)."""
    return render_blocks((block,), MARKDOWN)[0]


def render_markdown(doc: Document, images: Mapping[str, bytes] | None = None) -> str:
    """The document as Markdown: blocks parted by a blank line, a final newline.

    Without `images`, a chart links its PNG by file name, written beside the minutes. With them
    (each chart's PNG by file name, in the minutes' order, as `writer.draw_charts` gives them),
    the charts travel inside: the body links a reference and the references' definitions, one
    `data:image/png;base64,…` line each, close the file.
    """
    if not images:
        return "\n\n".join(render_blocks(doc.blocks, MARKDOWN)) + "\n"
    labels = {name: f"chart-{n}" for n, name in enumerate(images, 1)}
    definitions = "\n".join(
        f"[{label}]: data:image/png;base64,{base64.b64encode(images[name]).decode()}"
        for name, label in labels.items()
    )
    return "\n\n".join([*render_blocks(doc.blocks, Markdown(labels)), definitions]) + "\n"
