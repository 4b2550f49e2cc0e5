"""An answer drawn as a card on the wall, and one table's list of cards under its name.

How a card looks (hidden dimmed, highlighted bold, selected heavy and whole) is apart from the
wall screen, which lays the tables out and moves the leader's selection between them.
"""

from __future__ import annotations

from typing import Any

from rich import box
from rich.panel import Panel
from rich.text import Text

from dialoogtafel.kiosk.plain import plain
from dialoogtafel.kiosk.screens.choices import Choices
from dialoogtafel.kiosk.state import AnswerInfo, KioskState

CARD_CHARS = 280  # a long answer is cut on the wall; selected, it is shown whole
HEAD = 1  # each table's list starts with its name (a heading): its first card is option 1


class TableCards(Choices):
    """One table's answers to the question in focus, under the table's name."""

    def __init__(self, table: int) -> None:
        super().__init__(classes="table-cards")  # styled in wall.tcss, with the screen
        self.table = table
        self.styles.max_height = None  # as tall as its cards: the wall scrolls, not the table

    def cards(self) -> int:
        """How many answers this table shows."""
        return self.option_count - HEAD


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


def table_heading(state: KioskState, n: int, t: dict[str, Any]) -> Text:
    """A table's name, and its theme if it has one: the first line of its list."""
    head = Text(t["table_n"].format(n=n), style="bold reverse")
    theme = state.theme(state.tables.get(n))
    if theme is not None:
        head.append(" · ")
        head.append_text(plain(theme.title))
    return head
