"""A QR code drawn with half blocks, black on white, as large as its space allows."""

from __future__ import annotations

import sys

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip
from textual.widget import Widget

# qrcode imports its Pillow module drawers whenever Pillow is installed ("for backwards
# compatibility", qrcode/image/styles/moduledrawers/__init__.py). Nothing of ours draws a QR code
# with Pillow (this widget uses half blocks, `dialoog qr` writes SVG); Pillow is installed for the
# minutes' charts and loads only when exporting, so `dialoog start` stops that import
# (14 ms: docs/benchmarks.md, "Charts"; checked by tests/exports/test_lazy_imports.py).
sys.modules.setdefault("qrcode.image.styles.moduledrawers.pil", None)  # type: ignore[arg-type]

import qrcode  # noqa: E402 (after the line above)
import qrcode.constants  # noqa: E402

# Explicit truecolor black and white: terminal themes remap the 16 ANSI colours, not these.
BLACK = "#000000"
WHITE = "#ffffff"
MIXED = Style(color=BLACK, bgcolor=WHITE)  # a half block: black glyph on white
FULL = Style(color=BLACK, bgcolor=BLACK)  # both halves black: the background alone is exact
EMPTY = Style(color=BLACK, bgcolor=WHITE)

# (top dark, bottom dark) -> glyph; a terminal cell is about twice as tall as wide.
GLYPHS = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}


def qr_matrix(data: str) -> list[list[bool]]:
    """The code's modules (True = dark), without a quiet zone; error correction M."""
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    qr.add_data(data)
    qr.make(fit=True)
    return [list(row) for row in qr.get_matrix()]


def fit(modules: int, width: int, height: int) -> tuple[int, int] | None:
    """The largest (scale, quiet zone) that fits width by height cells, or None.

    A module is `scale` columns wide and `scale` half-rows tall. A quiet zone of 4 modules is
    the standard; 2 still scans on a screen and is used when 4 would cost a scale step.
    """
    for scale in (4, 3, 2, 1):
        for quiet in (4, 2):
            side = (modules + 2 * quiet) * scale
            if side <= width and (side + 1) // 2 <= height:
                return scale, quiet
    return None


def qr_lines(matrix: list[list[bool]], scale: int, quiet: int) -> list[list[Segment]]:
    """The rows of cells that draw the matrix with a quiet zone, each a list of segments."""
    n = len(matrix) + 2 * quiet

    def dark(y: int, x: int) -> bool:
        my, mx = y // scale - quiet, x // scale - quiet
        return 0 <= my < len(matrix) and 0 <= mx < len(matrix) and matrix[my][mx]

    side = n * scale
    lines: list[list[Segment]] = []
    for row in range(0, side, 2):
        segments: list[Segment] = []
        for x in range(side):
            top = dark(row, x)
            bottom = row + 1 < side and dark(row + 1, x)
            style = FULL if top and bottom else MIXED if top or bottom else EMPTY
            segments.append(Segment(GLYPHS[top, bottom], style))
        lines.append(list(Segment.simplify(segments)))
    return lines


CAPTION = Style(color=WHITE, bgcolor=BLACK, bold=True)


class QRCode(Widget):
    """A scannable QR code of `data`, centred and scaled to the widget's size."""

    DEFAULT_CSS = """
    QRCode {
        width: 1fr;
        height: 1fr;
    }
    """

    def __init__(self, data: str, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.too_small = "QR"  # what to say when even the smallest code does not fit
        self.caption = ""  # a line of text right above the code (one row is kept for it)
        self._payload = data
        self._matrix = qr_matrix(data)
        self._qr_lines: list[list[Segment]] = []
        self._laid_for: tuple[int, int] = (-1, -1)
        self._caption_style = CAPTION

    @property
    def data(self) -> str:
        """What the code holds."""
        return self._payload

    @property
    def modules(self) -> int:
        """Modules per side, quiet zone excluded."""
        return len(self._matrix)

    def fitted(self) -> tuple[int, int] | None:
        """The (scale, quiet zone) used at the current size, or None when it does not fit."""
        return fit(self.modules, self.size.width, self._code_rows())

    def _code_rows(self) -> int:
        return self.size.height - (1 if self.caption else 0)

    def _layout(self) -> list[list[Segment]]:
        size = (self.size.width, self._code_rows())
        if size != self._laid_for:
            self._laid_for = size
            chosen = fit(self.modules, *size)
            self._qr_lines = [] if chosen is None else qr_lines(self._matrix, *chosen)
        return self._qr_lines

    def render_line(self, y: int) -> Strip:
        """One row of the code, centred; blank (in the widget's own style) around it."""
        lines = self._layout()
        width, height = self.size
        blank = self.rich_style
        if not lines:
            note = self.too_small[:width]
            if y == height // 2:
                return Strip([Segment(note.center(width), blank)], width)
            return Strip.blank(width, blank)
        top = (height - len(lines) + (1 if self.caption else 0)) // 2
        if self.caption and y == top - 1:
            return Strip([Segment(self.caption[:width].center(width), self._caption_style)], width)
        if not 0 <= y - top < len(lines):
            return Strip.blank(width, blank)
        row = lines[y - top]
        qr_width = sum(len(s.text) for s in row)
        left = (width - qr_width) // 2
        right = width - qr_width - left
        segments = [Segment(" " * left, blank), *row, Segment(" " * right, blank)]
        return Strip(segments, width)
