"""Poll charts: PNG that Pillow decodes, of the expected size, for bars and for a scale."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from dialoogtafel.exports.charts import WIDTH, draw, draw_chart, font, number, share, wrap
from dialoogtafel.exports.document import Chart
from tests.exports.test_markdown import HOSTILE

OPTIONS = ["Helemaal eens", "Eens", "Neutraal", "Oneens", "Helemaal oneens"]
COUNTS = [41, 87, 23, 12, 5]


def _image(png: bytes) -> Image.Image:
    """The PNG decoded (and checked whole) by Pillow."""
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 1000
    image = Image.open(io.BytesIO(png))
    image.load()
    assert image.format == "PNG" and image.mode == "RGB"
    return image


def _has(image: Image.Image, colour: tuple[int, int, int]) -> bool:
    """Whether any pixel has exactly this colour."""
    return any(c == colour for _, c in image.getcolors(maxcolors=1 << 24) or [])


def test_bars_are_a_png_of_the_charts_width_and_grow_a_row_per_option() -> None:
    """A choice: the width is fixed, each option adds a row of height."""
    three = _image(draw_chart("Welke vorm past u?", OPTIONS[:3], COUNTS[:3]))
    five = _image(draw_chart("Welke vorm past u?", OPTIONS, COUNTS))
    assert three.width == five.width == WIDTH
    assert 300 < three.height < five.height < 1200


def test_the_longest_bar_is_the_largest_count() -> None:
    """Bars are drawn to scale: the row of the largest count carries the most blue."""
    image = _image(draw_chart("Vraag", ["klein", "groot"], [1, 4]))
    blue = (0x2B, 0x6C, 0xB0)
    pixels = image.load()
    per_row = [
        sum(1 for x in range(image.width) if pixels[x, y] == blue) for y in range(image.height)
    ]
    first = next(y for y, n in enumerate(per_row) if n)
    last = max(y for y, n in enumerate(per_row) if n)
    small, big = per_row[first], per_row[last]
    assert big == pytest.approx(4 * small, rel=0.02)


def test_a_scale_is_a_png_with_its_mean() -> None:
    """A scale: columns per value, the mean's line in its own colour, the poles under the ends."""
    png = draw_chart(
        "Top-down sturen versus bottom-up ontwikkelen",
        [str(v) for v in range(1, 8)],
        [3, 8, 14, 22, 17, 9, 2],
        "scale",
        mean=4.1,
        poles=("Top-down sturen", "Bottom-up ontwikkelen"),
    )
    image = _image(png)
    assert image.width == WIDTH and 500 < image.height < 1200
    mean_colour = (0xC0, 0x56, 0x21)
    assert _has(image, mean_colour)
    assert not _has(_image(draw_chart("Vraag", ["1", "2", "3"], [1, 2, 3], "scale")), mean_colour)


def test_nobody_responded_draws_an_empty_chart() -> None:
    """All counts zero: no bars, no division by zero, still a chart."""
    assert _image(draw_chart("Vraag", OPTIONS, [0] * 5)).width == WIDTH
    assert _image(draw_chart("Vraag", ["0", "1", "2"], [0, 0, 0], "scale", mean=None))


@pytest.mark.parametrize("text", [*HOSTILE, "x" * 2000, "één financiële 👩🏽‍⚕️ שלום", "\t"])
def test_any_label_or_question_is_drawn_as_text(text: str) -> None:
    """Hostile, very long or unusual text draws without error, as text (Pillow has no markup)."""
    image = _image(draw_chart(text, [text, "gewoon"], [2, 3]))
    assert image.width == WIDTH and image.height < 1000  # long text is cut, not grown without end


def test_the_same_chart_is_the_same_bytes() -> None:
    """Drawing is deterministic: the same numbers give the same PNG."""
    assert draw_chart("Vraag", OPTIONS, COUNTS) == draw_chart("Vraag", OPTIONS, COUNTS)


def test_bad_input_is_refused_with_a_sentence() -> None:
    """Labels and counts of different length, or a scale whose labels are not its values."""
    with pytest.raises(ValueError, match="2 labels but 3 counts"):
        draw_chart("Vraag", ["a", "b"], [1, 2, 3])
    with pytest.raises(ValueError, match="values as text"):
        draw_chart("Vraag", ["oneens", "eens"], [1, 2], "scale")


def test_a_chart_block_is_drawn_with_its_fields() -> None:
    """draw(Chart) passes the block's data: a scale block gives the scale's chart."""
    block = Chart("X-q1.png", "alt", "Vraag", ("1", "2", "3"), (1, 5, 2), "scale", mean=2.1)
    assert draw(block, "en") == draw_chart(
        "Vraag", ["1", "2", "3"], [1, 5, 2], "scale", mean=2.1, language="en"
    )


def test_numbers_and_shares_read_as_in_the_language() -> None:
    """A Dutch decimal comma; a count with its percentage of the responses."""
    assert number(3.4, "nl") == "3,4" and number(3.04, "nl") == "3,0"
    assert number(2.0, "en") == "2.0"
    assert share(87, 168) == "87 (52%)" and share(0, 0) == "0"
    assert share(1, 8) == "1 (13%)"  # halves round up, as people do


def test_wrap_keeps_lines_within_the_width_and_marks_a_cut() -> None:
    """Wrapped lines fit the width; text beyond the last line ends in an ellipsis."""
    face = font(14)
    lines = wrap("een heel lang antwoord " * 20, face, 300, 2)
    assert len(lines) == 2 and lines[-1].endswith("…")
    assert all(face.getlength(line) <= 300 for line in lines)
    assert wrap("kort", face, 300, 2) == ["kort"]
    assert all(face.getlength(line) <= 300 for line in wrap("x" * 500, face, 300, 3))
