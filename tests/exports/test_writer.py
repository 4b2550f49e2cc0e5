"""The one writer: every format into the session's folder, and a poll's chart beside the minutes.

The realistic session has no poll, so `_Minutes.poll` is replaced here by one that gives q2 a
poll's blocks (`poll_blocks`, as the real hook does): the writer's files are tested apart from the
domain's polls (tests/exports/test_polls.py exports real ones).
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from dialoogtafel.exports import minutes
from dialoogtafel.exports.names import chart_name, export_name
from dialoogtafel.exports.poll_section import poll_blocks
from dialoogtafel.exports.writer import FORMATS, render, render_named, write_exports
from dialoogtafel.server.domain.model import Question, Session
from tests.exports.fixtures import realistic
from tests.exports.word import markdown_blocks, open_docx, word_blocks

LABELS = ["Eens", "Oneens <b>|</b>", "Weet niet"]
COUNTS = [9, 4, 2]


def _poll(self: minutes._Minutes, n: int, q: Question, level: int) -> list[minutes.Block]:
    """What the hook returns for a poll: here q2 plays one."""
    if q.id != "q2":
        return []
    return poll_blocks(
        level=level,
        file=chart_name(self.s, q.id),
        question=q.text,
        labels=LABELS,
        counts=COUNTS,
        tables={"Tafel 1": [5, 1, 0], "Overige tafels": [4, 3, 2]},
        language=self.language,
    )


@pytest.fixture
def polled(monkeypatch: pytest.MonkeyPatch) -> Session:
    """The realistic session, with q2's minutes showing a poll's results."""
    monkeypatch.setattr(minutes._Minutes, "poll", _poll)
    return realistic()


def test_without_polls_the_writer_writes_three_files_and_no_chart(tmp_path: Path) -> None:
    """json, md and docx, named CODE-date.*, their paths absolute; no PNG without a poll."""
    s = realistic()
    paths = write_exports(s, tmp_path)
    assert set(paths) == set(FORMATS) == {"json", "md", "docx"}
    for fmt, path in paths.items():
        assert Path(path) == (tmp_path / export_name(s, fmt)).resolve()
        assert Path(path).stat().st_size > 1000
    assert not list(tmp_path.glob("*.png"))
    assert word_blocks(paths["docx"]) == markdown_blocks(Path(paths["md"]).read_text("utf-8"))


def test_a_polls_chart_is_written_beside_linked_and_embedded(
    polled: Session, tmp_path: Path
) -> None:
    """The hook's chart: a PNG beside the minutes, linked from the .md, the same in the .docx."""
    paths = write_exports(polled, tmp_path)
    name = chart_name(polled, "q2")
    assert name == "K7P2Q-2025-03-13-q2.png"
    png = (tmp_path / name).read_bytes()
    assert Image.open(io.BytesIO(png)).size[0] == 1600
    markdown = Path(paths["md"]).read_text(encoding="utf-8")
    assert f"![Grafiek van de uitslag: Hoe zou u dat zelf willen vormgeven?]({name})" in markdown
    word = open_docx(paths["docx"])
    assert [p.blob for p in word.part.package.parts if p.partname.endswith(".png")] == [png]
    blocks = word_blocks(paths["docx"])
    assert blocks == markdown_blocks(markdown)
    start = blocks.index(("h3", "Uitslag"))
    assert blocks[start + 1] == (
        "table",
        [
            ["Antwoord", "Aantal", "%", "Tafel 1", "Overige tafels"],
            ["Eens", "9", "60%", "5", "4"],
            ["Oneens <b>|</b>", "4", "27%", "1", "3"],
            ["Weet niet", "2", "13%", "0", "2"],
        ],
    )
    assert blocks[start + 2 : start + 4] == [
        ("p", "15 antwoorden."),
        ("chart", "Grafiek van de uitslag: Hoe zou u dat zelf willen vormgeven?"),
    ]


def test_render_gives_each_format_with_its_name_and_charts(polled: Session) -> None:
    """render(): the bytes and file name of one format; the minutes carry their charts."""
    md = render(polled, "md")
    assert md.name.endswith(".md") and set(md.charts) == {chart_name(polled, "q2")}
    docx = render(polled, "docx")
    assert docx.data.startswith(b"PK") and docx.charts == md.charts
    assert render(polled, "json").charts == {}
    assert render_named(polled, "docx")[1] == export_name(polled, "docx")
    with pytest.raises(ValueError, match="choose one of json, md, docx"):
        render(polled, "pdf")


def test_a_scale_polls_table_names_its_poles_and_mean(monkeypatch: pytest.MonkeyPatch) -> None:
    """A scale: its values with the poles at the ends, the mean with a Dutch decimal comma."""
    blocks = poll_blocks(
        level=3,
        file="X-q1.png",
        question="Top-down sturen versus bottom-up ontwikkelen",
        labels=["1", "2", "3"],
        counts=[2, 5, 1],
        kind="scale",
        mean=1.875,
        poles=("Top-down sturen", "Bottom-up ontwikkelen"),
    )
    from dialoogtafel.exports.markdown import render_block

    text = "\n\n".join(render_block(b) for b in blocks)
    assert "| 1 (Top-down sturen) | 2 | 25% |" in text
    assert "| 3 (Bottom-up ontwikkelen) | 1 | 13% |" in text
    assert "8 antwoorden. Gemiddelde: 1,9." in text
