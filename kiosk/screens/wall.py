"""The wall: the question in focus and its answers as cards, grouped per table, live."""

from __future__ import annotations

from typing import Any, ClassVar

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.panel import Panel
from rich.segment import Segment
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Grid, VerticalScroll
from textual.widgets import Static

from dialoogtafel.kiosk.keys import SELECT, key
from dialoogtafel.kiosk.plain import plain
from dialoogtafel.kiosk.screens.base import KioskScreen
from dialoogtafel.kiosk.state import AnswerInfo, KioskState
from dialoogtafel.server.protocol import control

CARD_CHARS = 280  # a long answer is cut on the wall; selected, it is shown whole
CARD_WIDTH = 44  # cells per column of table groups


def poll_line(state: KioskState, t: dict[str, Any]) -> str:
    """For a poll in focus: how many responded per table (never what they chose)."""
    results = state.results.get(state.status.focus or "")
    if results is None or not results.responded:
        return str(t["poll_wall_none"])
    tables = ", ".join(
        f"{t['table_n'].format(n=n)}: {count}" for n, count in sorted(results.responded.items())
    )
    return str(t["poll_wall"].format(tables=tables))


class Drawn:
    """A renderable drawn once per size: Textual measures a widget's content before drawing it."""

    def __init__(self, renderable: RenderableType) -> None:
        self.renderable = renderable
        self._lines: dict[tuple[int, int | None], list[list[Segment]]] = {}

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        key = (options.max_width, options.height)
        lines = self._lines.get(key)
        if lines is None:
            lines = console.render_lines(self.renderable, options, pad=False)
            self._lines[key] = lines
        new_line = Segment.line()
        for line in lines:
            yield from line
            yield new_line


class TableCards(Static):
    """One table's answers to the question in focus."""

    def __init__(self, table: int) -> None:
        super().__init__(classes="table-cards")
        self.table = table
        self.signature: object = None


def card(
    a: AnswerInfo, *, selected: bool, newest: bool, votes: int | None, t: dict[str, Any]
) -> Panel:
    """An answer as a card: literal text; hidden dimmed, highlighted bold, selected heavy."""
    style, border = "", "white"
    title = Text()
    if a.state == "hidden":
        style, border = "dim", "grey50"
        title.append(f" {t['hidden']} ", style="dim")
    if a.highlighted:
        style, border = "bold", "bold yellow"
        title.append(f" ★ {t['highlighted']} ", style="bold black on yellow")
    if selected:
        title.append(" ▶ ", style="bold black on white")
    subtitle = Text()
    if newest:
        subtitle.append(f" {t['new']} ", style="bold black on green")
    if votes is not None:
        subtitle.append(f" {t['votes_n'].format(n=votes)} ", style="bold")
    return Panel(
        plain(a.text, style, limit=None if selected else CARD_CHARS),
        box=box.HEAVY if selected else box.DOUBLE if a.highlighted else box.ROUNDED,
        border_style="bold cyan" if selected else border,
        title=title or None,
        title_align="left",
        subtitle=subtitle or None,
        subtitle_align="right",
        padding=(0, 1),
    )


class WallScreen(KioskScreen):
    """Answers arrive as cards; the leader selects one with the arrows and moderates it."""

    CSS_PATH = "wall.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        key("up", "select('up')", "select_up", key_display="↑", group=SELECT),
        key("down", "select('down')", "select_down", key_display="↓", group=SELECT),
        key("left", "select('left')", "select_left", key_display="←", group=SELECT),
        key("right", "select('right')", "select_right", key_display="→", group=SELECT),
        key("h", "toggle_hidden", "hide"),
        key("m", "toggle_highlight", "highlight"),
        key("escape", "clear_selection", "clear", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.selected: str | None = None
        self._groups: dict[int, TableCards] = {}
        self._order: list[list[str]] = []  # answer ids per table group, as drawn

    def compose_body(self) -> ComposeResult:
        """Question on top, the table groups below."""
        yield Static(id="wall-meta", markup=False)
        yield Static(id="wall-question", markup=False)
        with VerticalScroll(id="wall-scroll", can_focus=False):
            yield Static(id="wall-empty", markup=False)
            yield Grid(id="wall-grid")

    def on_resize(self) -> None:
        """As many columns of tables as fit."""
        grid = self.query_one("#wall-grid", Grid)
        grid.styles.grid_size_columns = max(1, self.size.width // CARD_WIDTH)

    def wall_answers(self, state: KioskState) -> list[AnswerInfo]:
        """The focused question's answers on the wall; hidden ones only while the leader selects.

        The wall is projected: a hidden answer is gone from it, and comes back dimmed only while
        the leader is choosing an answer with the arrows (so it can be unhidden).
        """
        selecting = self.kiosk.role == "leader" and self.selected is not None
        return [
            a
            for a in state.answers_to(state.status.focus)
            if a.state == "shown" or (selecting and a.state == "hidden")
        ]

    def draw(self, state: KioskState) -> None:
        """The question, then one group of cards per table that answered."""
        t = self.t
        focus = state.question(state.status.focus)
        meta = Text()
        if focus is not None:
            index = state.question_index(focus.id) or 0
            meta.append(t["question_n"].format(i=index + 1, n=len(state.questions)), style="bold")
            is_open = focus.id in state.status.open
            meta.append(f"  ·  {t['open'] if is_open else t['closed']}")
            if state.status.voting == focus.id:
                meta.append(f"  ·  {t['voting_open']}", style="bold")
            if focus.is_poll:
                results = state.results.get(focus.id)
                n = results.total.responses if results is not None else 0
                meta.append(f"  ·  {t['poll']}  ·  {t['poll_responded'].format(n=n)}", style="bold")
            if focus.theme:
                theme = state.theme(focus.theme)
                meta.append("  ·  ")
                meta.append_text(plain(theme.title if theme else focus.theme))
        self.query_one("#wall-meta", Static).update(meta)
        question = plain(focus.text, "bold") if focus else Text(t["no_focus"])
        self.query_one("#wall-question", Static).update(question)

        answers = self.wall_answers(state)
        by_table: dict[int, list[AnswerInfo]] = {}
        for a in answers:
            by_table.setdefault(a.table, []).append(a)
        self._order = [[a.id for a in by_table[n]] for n in sorted(by_table)]
        ids = {a.id for a in answers}
        if self.selected not in ids:
            self.selected = None
        newest = max(answers, key=lambda a: a.arrival).id if answers else None
        empty = self.query_one("#wall-empty", Static)
        empty.display = not answers
        empty.update(
            poll_line(state, t) if focus is not None and focus.is_poll else t["no_answers"]
        )
        self._draw_groups(state, by_table, newest)

    def _draw_groups(
        self, state: KioskState, by_table: dict[int, list[AnswerInfo]], newest: str | None
    ) -> None:
        t = self.t
        grid = self.query_one("#wall-grid", Grid)
        tables = sorted(by_table)
        if tables != list(self._groups):
            grid.remove_children()
            self._groups = {n: TableCards(n) for n in tables}
            grid.mount_all(self._groups.values())
        focus = state.status.focus
        voting = focus is not None and focus in (state.status.voting, state.tally_question)
        for n, widget in self._groups.items():
            cards = by_table[n]
            signature = (
                state.language,
                state.tables.get(n),
                tuple(
                    (
                        a.id,
                        a.text,
                        a.state,
                        a.highlighted,
                        a.id == self.selected,
                        a.id == newest,
                        state.votes_of(a) if voting else None,
                    )
                    for a in cards
                ),
            )
            if signature == widget.signature:
                continue
            widget.signature = signature
            head = Text(t["table_n"].format(n=n), style="bold reverse")
            theme = state.theme(state.tables.get(n))
            if theme is not None:
                head.append(" · ")
                head.append_text(plain(theme.title))
            parts: list[RenderableType] = [head]
            parts += [
                card(
                    a,
                    selected=a.id == self.selected,
                    newest=a.id == newest,
                    votes=state.votes_of(a) if voting else None,
                    t=t,
                )
                for a in cards
            ]
            widget.update(Drawn(Group(*parts)))

    # --- selection and moderation ------------------------------------------------------------

    def _position(self) -> tuple[int, int] | None:
        for g, ids in enumerate(self._order):
            if self.selected in ids:
                return g, ids.index(self.selected)
        return None

    def action_select(self, direction: str) -> None:
        """Move the selection: up/down through the answers, left/right between tables."""
        flat = [i for ids in self._order for i in ids]
        if not flat:
            return
        pos = self._position()
        if pos is None:
            self.selected = flat[0] if direction in ("down", "right") else flat[-1]
        elif direction in ("up", "down"):
            index = flat.index(self.selected) + (1 if direction == "down" else -1)  # type: ignore[arg-type]
            self.selected = flat[min(max(index, 0), len(flat) - 1)]
        else:
            group = min(max(pos[0] + (1 if direction == "right" else -1), 0), len(self._order) - 1)
            ids = self._order[group]
            self.selected = ids[min(pos[1], len(ids) - 1)]
        self.draw(self.kiosk.state)
        self._scroll_to_selected()

    def _scroll_to_selected(self) -> None:
        for g, ids in enumerate(self._order):
            if self.selected in ids:
                widget = list(self._groups.values())[g]
                scroll = self.query_one("#wall-scroll", VerticalScroll)
                scroll.scroll_to_widget(widget, animate=False)

    def action_clear_selection(self) -> None:
        """Select nothing."""
        self.selected = None
        self.draw(self.kiosk.state)

    def _selected(self) -> AnswerInfo | None:
        return self.kiosk.state.answers.get(self.selected or "")

    def action_toggle_hidden(self) -> None:
        """Hide the selected answer from every phone and screen, or show it again."""
        a = self._selected()
        if a is not None:
            self.kiosk.send(control("unhide" if a.state == "hidden" else "hide", answer=a.id))

    def action_toggle_highlight(self) -> None:
        """Make the selected answer stand out, or stop that."""
        a = self._selected()
        if a is not None:
            action = "unhighlight" if a.highlighted else "highlight"
            self.kiosk.send(control(action, answer=a.id))
