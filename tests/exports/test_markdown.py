"""Escaping: untrusted text stays plain text in a list item, a heading and a table cell."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dialoogtafel.exports.markdown import escape_cell, escape_md, escape_paragraphs
from dialoogtafel.server.domain.text import clean_text
from tests.exports.markdown_tokens import MD, body_cells, expected_line, headings, items_by_heading

HOSTILE = [
    "# kop",
    "###### kop",
    "| a | b |",
    "a | b\n--- | ---",
    "[x](http://e)",
    "[x]: http://e",
    "![i](x)",
    "<b>",
    "<script>alert(1)</script>",
    "<!-- c -->",
    "- item",
    "+ item",
    "* item",
    "1. item",
    "2) item",
    "> quote",
    "```",
    "```python\ncode\n```",
    "~~~",
    "`code`",
    "``a`b``",
    "***",
    "---",
    "___",
    "- - -",
    "tekst\n===",
    "tekst\n---",
    "*a*",
    "_a_",
    "**vet** en __vet__",
    "snake_case_naam",
    "~~weg~~",
    "\\",
    "eindigt op \\",
    "\\*geen nadruk\\*",
    "&amp;",
    "&#60;b&#62;",
    "&copy; & co",
    "<http://x>",
    "<info@example.org>",
    "[bold]x[/]",
    "[link=https://e]klik[/link]",
    "trailing spaces   ",
    "twee spaties  \nharde regel",
    "    indented code",
    "\tgetabd",
    "regel een\n\n\n   regel twee  \n",
    "Is dit C #",
    "## kop ##",
    "#hashtag",
    "10000000000. geen lijst",
    "emoji 👩🏽‍⚕️ en rtl שלום",
    "a\u200bzero\u200dwidth",
]


def _contexts(escaped: str) -> str:
    """The same escaped text as a list item, a heading and a table cell."""
    return f"- {escaped}\n\n## {escaped}\n\n| kop |\n|---|\n| {escaped} |\n"


def _assert_plain_everywhere(raw: str) -> None:
    markdown = _contexts(escape_md(raw))
    want = expected_line(raw)
    assert items_by_heading(markdown)[0][1] == [want]
    assert headings(markdown) == [(2, want)]
    assert body_cells(markdown) == [[want]]


@pytest.mark.parametrize("raw", HOSTILE)
def test_known_hostile_text_stays_plain(raw: str) -> None:
    """Each known trick renders as its own literal text in a list item, a heading and a cell."""
    _assert_plain_everywhere(clean_text(raw))


def test_newlines_become_slashes_and_empty_lines_vanish() -> None:
    """The newline rule: lines stripped, empty ones dropped, joined with " / "."""
    assert escape_md("Meer tijd\n\n  minder regels  \n") == "Meer tijd / minder regels"


def test_plain_text_is_left_alone() -> None:
    """Ordinary Dutch text with punctuation gets no backslashes."""
    text = "Vrijheid tegenover veiligheid: 1+1=3, (vorm)vrij maar niet vrijblijvend! #zorg"
    assert escape_md(text) == text


def test_a_cell_escapes_its_pipes() -> None:
    """A pipe in a table cell cannot start a new cell."""
    assert escape_cell("a | b") == "a \\| b"


CLEAN = st.text().map(clean_text) | st.text(alphabet="#|[]()!<>`*_\\&;-+=.)~ \t\n1aé").map(
    clean_text
)


@given(st.one_of(CLEAN, st.sampled_from(HOSTILE).map(clean_text)))
def test_any_text_stays_plain_in_every_context(raw: str) -> None:
    """Escaped arbitrary text is plain text in a list item, a heading and a table cell."""
    if expected_line(raw):
        _assert_plain_everywhere(raw)


@given(CLEAN)
def test_participant_text_adds_no_markdown_structure(s: str) -> None:
    """Escaped text renders as plain paragraphs: no heading, list, link, table or HTML."""
    html = MD.render(escape_md(s))
    assert not re.search(r"<(?!/?p\b)", html)


@given(CLEAN)
def test_introductions_become_plain_paragraphs(s: str) -> None:
    """A longer text becomes paragraphs of plain text only."""
    tokens = MD.parse(escape_paragraphs(s))
    assert {t.type for t in tokens} <= {"paragraph_open", "inline", "paragraph_close"}
    assert all(child.type == "text" for t in tokens for child in t.children or [])
