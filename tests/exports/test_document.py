"""The minutes' block model: runs stay plain text in Markdown, whatever they hold."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from dialoogtafel.exports.document import (
    Chart,
    Document,
    Heading,
    Paragraph,
    Run,
    fill,
    paragraphs,
    plain,
)
from dialoogtafel.exports.markdown import escape_run, render_markdown
from dialoogtafel.server.domain.text import clean_text
from tests.exports.markdown_tokens import expected_line
from tests.exports.test_markdown import HOSTILE
from tests.exports.word import markdown_blocks

TEXT = st.one_of(st.text(), st.sampled_from(HOSTILE)).map(clean_text)  # as the server keeps it


def test_fill_makes_each_value_a_run_of_its_own() -> None:
    """A template's words and its values are separate runs, so only a value is escaped as one."""
    runs = fill("Tafel {n} — {theme}", n=2, theme=plain("# kop"))
    assert runs == (Run("Tafel "), Run("2"), Run(" — "), Run("# kop"))
    assert (
        render_markdown(Document("t", "nl", 0.0, (Heading(3, runs),))) == "### Tafel 2 — \\# kop\n"
    )


def test_a_runs_outer_spaces_stay_outside_its_emphasis() -> None:
    """ " **x** ", not "** x **" (which would not be bold); an empty or blank run stays as is."""
    assert escape_run(Run(" x ", bold=True)) == " **x** "
    assert escape_run(Run("a_b", italic=True)) == "*a\\_b*"
    assert escape_run(Run("  ")) == "  " and escape_run(Run("")) == ""


def test_paragraphs_part_at_blank_lines_and_join_lines() -> None:
    """A set's introduction: blank lines part paragraphs; the lines within one join."""
    found = paragraphs("Een\ntwee\n\n  \n# drie\n")
    assert found == [Paragraph((Run("Een twee"),)), Paragraph((Run("# drie"),))]


@given(TEXT, TEXT)
def test_any_text_in_any_run_reads_back_as_that_text(before: str, value: str) -> None:
    """A heading and a paragraph of arbitrary runs read back (markdown-it) as their text."""
    runs = (Run("Vraag "), plain(before), Run(": "), plain(value))
    doc = Document("t", "nl", 0.0, (Heading(2, runs), Paragraph(runs)))
    text = "Vraag " + expected_line(before) + ": " + expected_line(value)
    blocks = markdown_blocks(render_markdown(doc))
    assert blocks == [("h2", text.strip()), ("p", text.strip())]


@given(TEXT)
def test_a_charts_description_is_its_alt_text_whatever_it_holds(alt: str) -> None:
    """`![alt](file)`: brackets, links or markup in the description never end or change it."""
    chart = Chart("K-2025-01-01-q1.png", alt, "Vraag", ("a",), (1,))
    blocks = markdown_blocks(render_markdown(Document("t", "nl", 0.0, (chart,))))
    assert blocks == [("chart", expected_line(alt))]
