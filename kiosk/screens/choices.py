"""A list the leader moves through with the screen's keys: Textual's OptionList, drawn from rows.

The list takes no focus, so the kiosk's keys (the screen's bindings, shown in the footer and in
help) stay the ones that work; they move the list's own highlight (`action_cursor_down`, …).
A screen hands the list its rows as (id, look): the option's id (None for a heading, which the
highlight skips) and anything comparable that changes when the option must be drawn anew. Only
changed rows are drawn again, and the highlighted option stays highlighted by its id.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.segment import Segment
from textual.geometry import Size
from textual.visual import VisualType, visualize
from textual.widgets import OptionList
from textual.widgets.option_list import Option

Row = tuple[str | None, Hashable]  # (option id, or None for a heading; what it shows)
Draw = Callable[[int, Row], VisualType]  # the prompt of row number n


class Drawn:
    """A renderable drawn once per size: an OptionList measures each option before drawing it."""

    def __init__(self, renderable: RenderableType) -> None:
        self.renderable = renderable
        self._rendered: dict[tuple[int, int | None], list[list[Segment]]] = {}

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        size = (options.max_width, options.height)
        lines = self._rendered.get(size)
        if lines is None:
            lines = self._rendered[size] = console.render_lines(self.renderable, options, pad=False)
        new_line = Segment.line()
        for line in lines:
            yield from line
            yield new_line


class Choices(OptionList, can_focus=False):
    """Options drawn from rows; headings (id None) are disabled options the highlight skips."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes, markup=False)
        self.rows: list[Row] = []  # as drawn
        self.prompts: list[VisualType] = []  # each row's prompt
        self.heights: list[dict[int, int]] = []  # each row's height, by width

    @property
    def chosen(self) -> str | None:
        """The id of the highlighted option, or None."""
        option = self.highlighted_option
        return None if option is None else option.id

    def choose(self, option_id: str | None) -> None:
        """Highlight the option with this id (none when it is not here)."""
        ids = [row_id for row_id, _ in self.rows]
        found = option_id is not None and option_id in ids
        self.highlighted = ids.index(option_id) if found else None

    def show(self, rows: Sequence[Row], draw: Draw) -> None:
        """Draw these rows: new ones added, changed ones drawn again, the highlight kept."""
        rows = list(rows)
        old = self.rows
        if rows == old:
            return
        self.rows = rows
        same_start = [i for i, _ in rows[: len(old)]] == [i for i, _ in old]
        if not same_start:  # rows removed or reordered: draw them all
            keep = self.chosen
            self.prompts = [draw(n, row) for n, row in enumerate(rows)]
            self.heights = [{} for _ in rows]
            self.set_options(
                self._option(row, p) for row, p in zip(rows, self.prompts, strict=True)
            )
            if keep is not None:
                self.choose(keep)
            return
        for n, (row, before) in enumerate(zip(rows, old, strict=False)):
            if row[1] != before[1]:
                self.prompts[n], self.heights[n] = draw(n, row), {}
                self.replace_option_prompt_at_index(n, self.prompts[n])
        new = range(len(old), len(rows))
        self.prompts += [draw(n, rows[n]) for n in new]
        self.heights += [{} for _ in new]
        self.add_options(self._option(rows[n], self.prompts[n]) for n in new)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """The options' height, each measured once per width (every layout of the screen asks)."""
        width -= self.get_component_styles("option-list--option").padding.width
        total = 0
        for prompt, heights in zip(self.prompts, self.heights, strict=True):
            height = heights.get(width)
            if height is None:
                visual = visualize(self, prompt, markup=False)
                height = heights[width] = visual.get_height(self.styles, width)
            total += height
        return total

    @staticmethod
    def _option(row: Row, prompt: VisualType) -> Option:
        return Option(prompt, id=row[0], disabled=row[0] is None)
