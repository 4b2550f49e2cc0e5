"""Escaping untrusted text for the minutes: it stays plain text in CommonMark and GFM tables.

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

import re

JOIN = " / "  # what a newline inside participant text becomes

_ALWAYS = "\\`*_[<|~"  # the backslash first, so the ones added are not escaped again
_ENTITY = re.compile(r"&(?=#?\w+;)")
_START = re.compile(r"^(?:([-+>#])|(\d{1,9})([.)]))")
_START_CHARS = frozenset("-+>#0123456789")
_END = re.compile(r"(?<=[ \t])#(?=#*$)")


def one_line(text: str) -> str:
    """The text's non-empty lines, each stripped, joined with " / "."""
    if "\n" not in text:
        return text.strip()
    return JOIN.join(line for line in (part.strip() for part in text.split("\n")) if line)


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
