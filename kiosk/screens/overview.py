"""The overview: tables by questions with answer counts, so the leader sees which table is stuck."""

from __future__ import annotations

from collections import Counter
from typing import Any, ClassVar

from rich import box
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from dialoogtafel.kiosk.keys import key
from dialoogtafel.kiosk.plain import plain
from dialoogtafel.kiosk.screens.base import KioskScreen
from dialoogtafel.kiosk.state import KioskState

FEW = 3  # DESIGN.md: a table with fewer participants is flagged (answers easy to attribute)


def grid(state: KioskState, t: dict[str, Any], *, leader: bool) -> Table:
    """The grid: one row per table, one column per question, shown answers counted."""
    counts = Counter((a.table, a.question) for a in state.answers.values() if a.state == "shown")
    hidden = Counter((a.table, a.question) for a in state.answers.values() if a.state == "hidden")
    table = Table(box=box.SIMPLE_HEAVY, expand=False, header_style="bold", pad_edge=False)
    table.add_column(t["table"], justify="right", no_wrap=True)
    if state.themes:
        table.add_column("", max_width=24, overflow="ellipsis", no_wrap=True)
    table.add_column(t["phones"], justify="right", no_wrap=True)
    for i, q in enumerate(state.questions, 1):
        focus = q.id == state.status.focus
        table.add_column(
            Text(f"{i}", style="bold reverse" if focus else "bold"), justify="center", no_wrap=True
        )
    table.add_column("", no_wrap=True)
    for n in sorted(state.tables):
        joined = state.joined.get(n, 0)
        few = joined < FEW
        row: list[Text] = [Text(str(n), style="bold")]
        if state.themes:
            theme = state.theme(state.tables[n])
            row.append(plain(theme.title if theme else ""))
        row.append(Text(t["joined"].format(c=state.connected.get(n, 0), j=joined)))
        for q in state.questions:
            if q.theme is not None and q.theme != state.tables[n]:
                row.append(Text(t["not_for_table"], style="dim"))
                continue
            if q.is_poll:  # a poll: how many responded here (the server sends counts only)
                results = state.results.get(q.id)
                count = results.responded.get(n, 0) if results is not None else 0
            else:
                count = counts[n, q.id]
            cell = Text(str(count), style="bold" if count else "dim")
            if leader and hidden[n, q.id]:
                cell.append(f" +{hidden[n, q.id]}", style="dim")
            row.append(cell)
        row.append(Text(f"⚠ {t['few']}", style="bold black on yellow") if few else Text(""))
        table.add_row(*row)
    return table


class OverviewScreen(KioskScreen):
    """Which table answered what."""

    CSS_PATH = "overview.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        key("up", "scroll(-1)", "scroll_up", key_display="↑", show=False),
        key("down", "scroll(1)", "scroll_down", key_display="↓", show=False),
    ]

    def compose_body(self) -> ComposeResult:
        """Title, the grid, the legend."""
        yield Static(id="overview-title", markup=False)
        with VerticalScroll(id="overview-scroll", can_focus=False):
            yield Static(id="overview-grid", markup=False)
        yield Static(id="overview-legend", markup=False)

    def draw(self, state: KioskState) -> None:
        """Redraw the grid and the legend of question numbers."""
        t = self.t
        self.query_one("#overview-title", Static).update(Text(t["overview_title"], style="bold"))
        leader = self.kiosk.role == "leader"
        self.query_one("#overview-grid", Static).update(grid(state, t, leader=leader))
        legend = Text()
        for i, q in enumerate(state.questions, 1):
            legend.append(f"{i}. ", style="bold")
            legend.append_text(plain(q.text, limit=90))
            if q.is_poll:
                legend.append(f"  ({t['poll']}: {t['poll_counted']})", style="dim")
            legend.append("\n")
        legend.append(t["few_legend"])
        self.query_one("#overview-legend", Static).update(legend)

    def action_scroll(self, lines: int) -> None:
        """Scroll the grid (many tables)."""
        scroll = self.query_one("#overview-scroll", VerticalScroll)
        scroll.scroll_relative(y=lines * 3, animate=False)
