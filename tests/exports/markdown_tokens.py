"""Read rendered minutes back as a Markdown viewer would: markdown-it tokens."""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.token import Token

# CommonMark with GFM's tables and strikethrough, as GitHub and many mail tools render Markdown.
MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])

# Only text: the escaping turns a newline into " / ", so not even softbreak/hardbreak can occur.
PLAIN = frozenset({"text"})


def expected_line(text: str) -> str:
    """How a cleaned text reads once rendered: its non-empty lines, stripped, joined by " / "."""
    return " / ".join(line.strip() for line in text.split("\n") if line.strip())


def plain_text(inline: Token) -> str | None:
    """An inline token's text if every child is plain text; None if any markup crept in."""
    children = inline.children or []
    if any(child.type not in PLAIN for child in children):
        return None
    return "".join(child.content for child in children)


def _close_of(tokens: list[Token], start: int) -> int:
    """The index of the token closing the one at `start` (same nesting level)."""
    closing = tokens[start].type.replace("_open", "_close")
    level = tokens[start].level
    return next(
        i
        for i in range(start + 1, len(tokens))
        if tokens[i].type == closing and tokens[i].level == level
    )


def _item_text(inner: list[Token]) -> str | None:
    """A list item's text if it holds exactly one paragraph of plain text, else None."""
    if [t.type for t in inner] != ["paragraph_open", "inline", "paragraph_close"]:
        return None
    return plain_text(inner[1])


def items_by_heading(markdown: str) -> list[tuple[str | None, list[str | None]]]:
    """Each heading's text with the list items after it (None: an item that is not plain)."""
    tokens = MD.parse(markdown)
    sections: list[tuple[str | None, list[str | None]]] = [("", [])]
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.type == "heading_open":
            sections.append((plain_text(tokens[i + 1]), []))
        elif token.type == "list_item_open":
            end = _close_of(tokens, i)
            sections[-1][1].append(_item_text(tokens[i + 1 : end]))
            i = end
        i += 1
    return sections


def body_cells(markdown: str) -> list[list[str | None]]:
    """The plain text of every table body cell, row by row."""
    rows: list[list[str | None]] = []
    in_body = False
    for token in MD.parse(markdown):
        in_body = token.type == "tbody_open" or (in_body and token.type != "tbody_close")
        if in_body and token.type == "tr_open":
            rows.append([])
        elif in_body and token.type == "inline":
            rows[-1].append(plain_text(token))
    return rows


def headings(markdown: str) -> list[tuple[int, str | None]]:
    """Every heading as (level, plain text)."""
    tokens = MD.parse(markdown)
    return [
        (int(t.tag[1:]), plain_text(tokens[i + 1]))
        for i, t in enumerate(tokens)
        if t.type == "heading_open"
    ]
