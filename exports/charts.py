"""A poll's chart as PNG bytes, drawn with Pillow: horizontal bars for a choice, columns and the
mean for a scale. Chosen by measurement (docs/benchmarks.md, "Charts"): Pillow is a fraction of
matplotlib's size and import time, and pygal needs the system's cairo for PNG.

Only exports/writer.py imports this module, inside a function: Pillow loads when minutes with a
chart are written, never when a server starts (pyproject.toml's import contracts,
tests/exports/test_lazy_imports.py). The text is drawn with the DejaVu Sans shipped in
exports/fonts/, so a chart looks the same on every machine; everything from the session is
drawn as text (Pillow has no markup).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import cache
from importlib import resources

from PIL import Image, ImageDraw, ImageFont

from dialoogtafel.exports.document import Chart, ChartKind, one_line

SCALE = 2  # pixels per point: crisp at 16 cm wide in Word and on a retina screen
WIDTH = 800 * SCALE
MARGIN = 24 * SCALE
BAR = 24 * SCALE  # a bar's thickness
GAP = 12 * SCALE
PLOT = 220 * SCALE  # the height of a scale's columns at most
TITLE, LABEL, SMALL = 18, 16, 14  # text sizes at 800 wide: about 10, 9 and 8 pt at 16 cm in Word
INK, GREY, LINE = "#1a202c", "#4a5568", "#cbd5e0"
BLUE, MEAN = "#2b6cb0", "#c05621"
TEXTS = {
    "nl": {"one": "{n} antwoord", "many": "{n} antwoorden", "mean": "gemiddelde {mean}"},
    "en": {"one": "{n} response", "many": "{n} responses", "mean": "mean {mean}"},
}


@cache
def font(size: int) -> ImageFont.FreeTypeFont:
    """DejaVu Sans at `size` points (times SCALE)."""
    data = resources.files("dialoogtafel.exports").joinpath("fonts/DejaVuSans.ttf").read_bytes()
    return ImageFont.truetype(io.BytesIO(data), size * SCALE)


def number(value: float, language: str) -> str:
    """One decimal, with a decimal comma in Dutch: 3,4."""
    text = f"{value:.1f}"
    return text.replace(".", ",") if language == "nl" else text


def share(count: int, of: int) -> str:
    """ "87 (52%)"; no percentage of nothing."""
    return f"{count} ({int(100 * count / of + 0.5)}%)" if of else str(count)


def wrap(text: str, face: ImageFont.FreeTypeFont, width: int, lines: int) -> list[str]:
    """The text in at most `lines` lines of at most `width` pixels; an ellipsis if it is cut."""
    whole = one_line(text).replace("\t", " ")
    kept = whole[: 150 * lines]  # more never fits: no line holds 150 characters
    out, line = [], ""
    for word in kept.split():
        candidate = f"{line} {word}" if line else word
        if face.getlength(candidate) <= width:
            line = candidate
            continue
        if line:
            out.append(line)
        while face.getlength(word) > width:  # a word wider than the line breaks anywhere
            cut = _fits(word, face, width)
            out.append(word[:cut])
            word = word[cut:]
        line = word
        if len(out) > lines:
            break
    if line:
        out.append(line)
    if len(out) > lines or len(kept) < len(whole):
        out = out[:lines]
        while out[-1] and face.getlength(out[-1] + "…") > width:
            out[-1] = out[-1][:-1]
        out[-1] += "…"
    return out or [""]


def _fits(word: str, face: ImageFont.FreeTypeFont, width: int) -> int:
    """How many of the word's first characters fit the width (at least one)."""
    low, high = 1, len(word)
    while low < high:
        middle = (low + high + 1) // 2
        if face.getlength(word[:middle]) <= width:
            low = middle
        else:
            high = middle - 1
    return low


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False, compress_level=6)
    return out.getvalue()


class _Canvas:
    """A white image of WIDTH and the given height, and the text helpers the charts share."""

    def __init__(self, height: int) -> None:
        self.image = Image.new("RGB", (WIDTH, height), "white")
        self.draw = ImageDraw.Draw(self.image)

    def lines(self, x: int, y: int, lines: list[str], size: int, fill: str = INK) -> int:
        """Lines of text from (x, y) down; the y below them."""
        face = font(size)
        for line in lines:
            self.draw.text((x, y), line, font=face, fill=fill)
            y += round(size * SCALE * 1.3)
        return y


def _title_lines(question: str) -> list[str]:
    return wrap(question, font(TITLE), WIDTH - 2 * MARGIN, 3)


def _line_height(size: int, lines: int) -> int:
    return round(size * SCALE * 1.3) * lines


def draw_chart(
    question: str,
    labels: Sequence[str],
    counts: Sequence[int],
    kind: ChartKind = "choice",
    mean: float | None = None,
    *,
    responses: int | None = None,
    poles: tuple[str, str] | None = None,
    language: str = "nl",
) -> bytes:
    """A poll question's chart as PNG: bars with count and percentage, a scale with its mean.

    `labels` and `counts` go together: an option each, or for a scale each of its values as
    text ("1" … "5", in order; the mean is placed between them). `responses` is how many
    responded (the percentages' base; the sum of the counts if None: with several picks each,
    give it). `poles` are the words at a scale's two ends.
    """
    if len(labels) != len(counts):
        raise ValueError(f"{len(labels)} labels but {len(counts)} counts")
    if kind == "scale" and not all(label.strip().lstrip("-").isdigit() for label in labels):
        raise ValueError(f"a scale's labels are its values as text, not {list(labels)!r}")
    texts = TEXTS.get(language, TEXTS["en"])
    of = sum(counts) if responses is None else responses
    note = texts["one" if of == 1 else "many"].format(n=of)
    if kind == "scale" and mean is not None:
        note += " · " + texts["mean"].format(mean=number(mean, language))
    if kind == "scale":
        return _columns(question, note, labels, counts, of, mean, poles, language)
    return _bars(question, note, labels, counts, of)


def draw(chart: Chart, language: str) -> bytes:
    """A `Chart` block of the minutes as PNG."""
    return draw_chart(
        chart.question,
        chart.labels,
        chart.counts,
        chart.kind,
        chart.mean,
        responses=chart.responses,
        poles=chart.poles,
        language=language,
    )


def _bars(question: str, note: str, labels: Sequence[str], counts: Sequence[int], of: int) -> bytes:
    title = _title_lines(question)
    values = [share(c, of) for c in counts]
    label_width = (WIDTH - 2 * MARGIN) * 36 // 100
    value_width = max((int(font(LABEL).getlength(v)) for v in values), default=0) + GAP
    bar_start = MARGIN + label_width + GAP
    bar_room = WIDTH - MARGIN - value_width - bar_start
    wrapped = [wrap(label, font(LABEL), label_width, 2) for label in labels]
    rows = [max(BAR, _line_height(LABEL, len(w))) for w in wrapped]
    top = MARGIN + _line_height(TITLE, len(title)) + _line_height(SMALL, 1) + GAP
    canvas = _Canvas(top + sum(rows) + GAP * len(rows) + MARGIN)
    y = canvas.lines(MARGIN, MARGIN, title, TITLE)
    canvas.lines(MARGIN, y, [note], SMALL, GREY)
    most = max(counts, default=0) or 1
    y = top
    canvas.draw.line([(bar_start, y), (bar_start, y + sum(rows) + GAP * len(rows))], LINE, SCALE)
    for lines, height, count, value in zip(wrapped, rows, counts, values, strict=True):
        canvas.lines(MARGIN, y + (height - _line_height(LABEL, len(lines))) // 2, lines, LABEL)
        bar_y = y + (height - BAR) // 2
        length = round(bar_room * count / most)
        if length:
            canvas.draw.rectangle([bar_start, bar_y, bar_start + length, bar_y + BAR], BLUE)
        text_y = bar_y + (BAR - LABEL * SCALE) // 2 - SCALE
        canvas.draw.text((bar_start + length + GAP // 2, text_y), value, font=font(LABEL), fill=INK)
        y += height + GAP
    return _png(canvas.image)


def _columns(
    question: str,
    note: str,
    labels: Sequence[str],
    counts: Sequence[int],
    of: int,
    mean: float | None,
    poles: tuple[str, str] | None,
    language: str,
) -> bytes:
    title = _title_lines(question)
    inner = WIDTH - 2 * MARGIN
    slot = inner // max(1, len(counts))
    column = min(slot * 7 // 10, 90 * SCALE)
    pole_lines = [wrap(p, font(SMALL), inner // 3, 2) for p in poles] if poles else []
    below = _line_height(LABEL, 1) + max(
        (_line_height(SMALL, len(p)) for p in pole_lines), default=0
    )
    top = MARGIN + _line_height(TITLE, len(title)) + _line_height(SMALL, 1) + GAP
    mean_y = top + _line_height(SMALL, 1)  # the mean's value, above the values of the columns
    plot_top = mean_y + _line_height(SMALL, 2) + GAP  # the tallest column's value fits above it
    base = plot_top + PLOT
    canvas = _Canvas(base + GAP + below + MARGIN)
    y = canvas.lines(MARGIN, MARGIN, title, TITLE)
    canvas.lines(MARGIN, y, [note], SMALL, GREY)
    most = max(counts, default=0) or 1
    centers = [MARGIN + slot * i + slot // 2 for i in range(len(counts))]
    heights = [round(PLOT * count / most) for count in counts]
    for center, height in zip(centers, heights, strict=True):
        if height:
            box = [center - column // 2, base - height, center + column // 2, base]
            canvas.draw.rectangle(box, BLUE)
    canvas.draw.line([(MARGIN, base), (WIDTH - MARGIN, base)], LINE, SCALE)
    if mean is not None and len(centers) > 1:
        low, high = int(labels[0]), int(labels[-1])
        at = centers[0] + (centers[-1] - centers[0]) * (mean - low) / ((high - low) or 1)
        _mean_line(canvas, round(at), number(mean, language), mean_y, base)
    small, face = font(SMALL), font(LABEL)
    for center, height, count, label in zip(centers, heights, counts, labels, strict=True):
        at = (center, base - height - GAP // 2)
        value = share(count, of)
        canvas.draw.rectangle(canvas.draw.textbbox(at, value, font=small, anchor="md"), "white")
        canvas.draw.text(at, value, font=small, fill=INK, anchor="md")
        name = wrap(label, face, slot - GAP, 1)[0]
        canvas.draw.text((center, base + GAP), name, font=face, fill=INK, anchor="ma")
    if pole_lines:
        y = base + GAP + _line_height(LABEL, 1)
        canvas.lines(MARGIN, y, pole_lines[0], SMALL, GREY)
        for n, line in enumerate(pole_lines[1]):
            at = (WIDTH - MARGIN, y + n * _line_height(SMALL, 1))
            canvas.draw.text(at, line, font=small, fill=GREY, anchor="ra")
    return _png(canvas.image)


def _mean_line(canvas: _Canvas, x: int, mean: str, top: int, base: int) -> None:
    """A dashed line at the mean from its value on top down to the base line."""
    canvas.draw.text((x, top), mean, font=font(SMALL), fill=MEAN, anchor="ma")
    for y in range(top + _line_height(SMALL, 1), base, 8 * SCALE):
        canvas.draw.line([(x, y), (x, min(y + 4 * SCALE, base))], MEAN, SCALE)
