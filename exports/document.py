"""The minutes as blocks: built once by exports/minutes.py, rendered as Markdown and as .docx.

A document is a title, a language, a time and a list of blocks. Text sits in runs (`Run`): each
run is plain text, whatever it holds. The Markdown renderer (exports/markdown.py) escapes every
run; the Word renderer (exports/docx.py) adds it as a text run, never as a field or markup. So
participant text needs nothing but `plain()` (newlines become " / ", the same in both formats).

Adding a section to the minutes (a poll's table and chart, the rode draad's topics):

1. Write a method of `_Minutes` in exports/minutes.py (or a function in a module of its own
   beside it, e.g. exports/polls_section.py) that returns `list[Block]`: a `Heading` at the
   question's level + 1, then `Paragraph`s, a `BulletList`, a `Table`, a `Chart`.
2. Put participant and leader text in runs through `plain()`; build sentences from the
   language's templates in exports/minutes_texts.py with `fill()`, which keeps each value a run
   of its own (so Markdown escapes exactly the value).
3. Call it from `_Minutes.question()`; polls have their hook there already (`_Minutes.poll`).
4. A chart is a `Chart` block with its data (labels, counts, kind, mean): the writer draws it
   once (exports/charts.py), writes `<CODE>-<date>-<question id>.png` beside the minutes, the
   Markdown links it and the .docx embeds it. Name its file with `exports.names.chart_name`.

No renderer needs to change for that. A new kind of block needs a case in `render_blocks` and a
method in the `Renderer` protocol, which both renderers then must have (mypy says which lacks it).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from string import Formatter
from typing import Literal, NamedTuple, Protocol

Align = Literal["left", "right", "center"]
ChartKind = Literal["choice", "scale"]
JOIN = " / "  # what a newline inside participant text becomes, in both formats


def one_line(text: str) -> str:
    """The text's non-empty lines, each stripped, joined with " / "."""
    if "\n" not in text:
        return text.strip()
    return JOIN.join(line for line in (part.strip() for part in text.split("\n")) if line)


class Run(NamedTuple):
    """Plain text, maybe bold or italic. A NamedTuple: the minutes make one per answer and more."""

    text: str
    bold: bool = False
    italic: bool = False


Inline = tuple[Run, ...]


class Item(NamedTuple):
    """A list item: its text, and the items under it (one level deep)."""

    runs: Inline
    children: tuple[Inline, ...] = ()


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading: level 1 is the title, 2 a section (Word: Heading 1), 3 below it, and so on."""

    level: int
    runs: Inline


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of runs."""

    runs: Inline


@dataclass(frozen=True, slots=True)
class BulletList:
    """A bulleted list."""

    items: tuple[Item, ...]


@dataclass(frozen=True, slots=True)
class Table:
    """A table with one header row; `align` per column (numbers right)."""

    header: tuple[Inline, ...]
    rows: tuple[tuple[Inline, ...], ...]
    align: tuple[Align, ...] = ()

    def alignment(self, column: int) -> Align:
        """The column's alignment; left where none is given."""
        return self.align[column] if column < len(self.align) else "left"


@dataclass(frozen=True, slots=True)
class Chart:
    """A poll's chart (exports/charts.py draws it): written beside the minutes as `file`.

    `labels` and `counts` go together: an option each, or a scale's values as text ("1" … "5");
    `responses` how many responded (None: the sum of the counts); `mean` for a scale; `poles`
    the words at a scale's two ends; `alt` describes it for who cannot see it.
    """

    file: str
    alt: str
    question: str
    labels: tuple[str, ...]
    counts: tuple[int, ...]
    kind: ChartKind = "choice"
    responses: int | None = None
    mean: float | None = None
    poles: tuple[str, str] | None = None
    caption: Inline = ()


@dataclass(frozen=True, slots=True)
class Rule:
    """A thematic break (a line across), before the closing line."""


Block = Heading | Paragraph | BulletList | Table | Chart | Rule


@dataclass(frozen=True, slots=True)
class Document:
    """The minutes: what the renderers need besides the blocks (Word's properties)."""

    title: str
    language: str
    created: float  # POSIX time of the session's start
    blocks: tuple[Block, ...] = field(default=())

    def charts(self) -> list[Chart]:
        """The charts, in order (the writer draws each once)."""
        return [b for b in self.blocks if isinstance(b, Chart)]


def plain(text: str) -> Run:
    """Untrusted text as a run: one line (newlines become " / "), nothing else changed."""
    return Run(one_line(text))


def runs(*parts: str | Run | Inline) -> Inline:
    """Runs from strings (our own words), runs and tuples of runs; empty strings dropped."""
    out: list[Run] = []
    for part in parts:
        if isinstance(part, Run):
            out.append(part)
        elif isinstance(part, str):
            if part:
                out.append(Run(part))
        else:
            out.extend(part)
    return tuple(out)


_FIELDS = Formatter()


def fill(template: str, **values: str | int | Run | Inline) -> Inline:
    """A template of ours ("Tafel {n} — {theme}") as runs; each value a run of its own."""
    out: list[Run] = []
    for literal, name, _, _ in _FIELDS.parse(template):
        if literal:
            out.append(Run(literal))
        if name is not None:
            value = values[name]
            if isinstance(value, Run):
                out.append(value)
            elif isinstance(value, tuple):
                out.extend(value)
            else:
                out.append(Run(str(value)))
    return tuple(out)


def paragraphs(text: str) -> list[Paragraph]:
    """Longer text (a set's introduction): blank lines part paragraphs, the lines within join."""
    blocks = re.split(r"\n[ \t]*\n", text.strip())
    lines = (one_line(" ".join(block.split("\n"))) for block in blocks)
    return [Paragraph((Run(line),)) for line in lines if line]


def bullets(lines: Sequence[Inline]) -> BulletList:
    """A list of one-level items."""
    return BulletList(tuple(Item(line) for line in lines))


class Renderer(Protocol):
    """A format's text for each kind of block (exports/markdown.py, exports/word_body.py)."""

    def heading(self, level: int, runs: Inline) -> str: ...
    def paragraph(self, runs: Inline) -> str: ...
    def bullets(self, block: BulletList) -> str: ...
    def table(self, block: Table) -> str: ...
    def chart(self, block: Chart) -> str: ...
    def rule(self) -> str: ...


def render_blocks(blocks: Sequence[Block], renderer: Renderer) -> list[str]:
    """Each block's text in the renderer's format, in order: the one walk of the block model."""
    out = []
    for block in blocks:
        match block:
            case Heading(level=level, runs=inline):
                out.append(renderer.heading(level, inline))
            case Paragraph(runs=inline):
                out.append(renderer.paragraph(inline))
            case BulletList():
                out.append(renderer.bullets(block))
            case Table():
                out.append(renderer.table(block))
            case Chart():
                out.append(renderer.chart(block))
            case Rule():
                out.append(renderer.rule())
            case _:
                raise TypeError(f"no renderer case for {block!r}")
    return out
