"""The wall: the question in focus and its answers as cards, grouped per table, live.

Each table is a list of cards (kiosk/screens/cards.py, an OptionList): the leader's arrows move
its highlight, from table to table at the ends and with ←/→; the highlighted card is the
selected answer, drawn whole and with a heavy border, that h hides and m highlights.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Grid, VerticalScroll
from textual.visual import VisualType
from textual.widgets import OptionList, Static

from dialoogtafel.kiosk.keys import SELECT, group, key
from dialoogtafel.kiosk.plain import plain
from dialoogtafel.kiosk.screens.base import KioskScreen
from dialoogtafel.kiosk.screens.cards import HEAD, TableCards, card, table_heading
from dialoogtafel.kiosk.screens.choices import Drawn, Row
from dialoogtafel.kiosk.state import AnswerInfo, KioskState
from dialoogtafel.server.protocol import control

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


class WallScreen(KioskScreen):
    """Answers arrive as cards; the leader selects one with the arrows and moderates it."""

    CSS_PATH = "wall.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        key("up", "select('up')", "select_up", key_display="↑", group=group(SELECT)),
        key("down", "select('down')", "select_down", key_display="↓", group=group(SELECT)),
        key("left", "select('left')", "select_left", key_display="←", group=group(SELECT)),
        key("right", "select('right')", "select_right", key_display="→", group=group(SELECT)),
        key("h", "toggle_hidden", "hide"),
        key("m", "toggle_highlight", "highlight"),
        key("escape", "clear_selection", "clear", key_display="Esc", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[int, TableCards] = {}  # the lists shown, by table number
        self.drawn_selected: str | None = None  # the answer last drawn as selected
        self.grid = Grid(id="wall-grid")

    def compose_body(self) -> ComposeResult:
        """Question on top, the table groups below."""
        yield Static(id="wall-meta", markup=False)
        yield Static(id="wall-question", markup=False)
        with VerticalScroll(id="wall-scroll", can_focus=False):
            yield Static(id="wall-empty", markup=False)
            yield self.grid

    def on_resize(self) -> None:
        """As many columns of tables as fit."""
        self.grid.styles.grid_size_columns = max(1, self.size.width // CARD_WIDTH)

    def card_count(self) -> int:
        """How many cards the wall holds now."""
        return sum(cards.cards() for cards in self.tables.values())

    @property
    def selected(self) -> str | None:
        """The id of the selected answer (the highlighted card), or None."""
        return next((c.chosen for c in self.tables.values() if c.chosen is not None), None)

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
        """The question, then one list of cards per table that answered."""
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
        empty = self.query_one("#wall-empty", Static)
        empty.display = not answers
        empty.update(
            poll_line(state, t) if focus is not None and focus.is_poll else t["no_answers"]
        )
        newest = max(answers, key=lambda a: a.arrival) if answers else None
        self._draw_tables(state, by_table, newest)
        self.drawn_selected = self.selected

    def _draw_tables(
        self, state: KioskState, by_table: dict[int, list[AnswerInfo]], newest: AnswerInfo | None
    ) -> None:
        t, selected = self.t, self.selected
        focus = state.status.focus
        voting = focus is not None and focus in (state.status.voting, state.tally_question)
        fresh = sorted(by_table) != list(self.tables)
        if fresh:  # other tables answered: new lists (the selection goes with its answer)
            self.grid.remove_children()
            self.tables = {n: TableCards(n) for n in sorted(by_table)}
        for n, cards in self.tables.items():
            answers = {a.id: a for a in by_table[n]}
            rows: list[Row] = [(None, (state.language, state.tables.get(n)))]
            rows += [
                (
                    a.id,
                    (
                        state.language,
                        a.text,
                        a.state,
                        a.highlighted,
                        a.id == selected,
                        a is newest,
                        state.votes_of(a) if voting else None,
                    ),
                )
                for a in answers.values()
            ]

            def draw(
                _: int, row: Row, n: int = n, answers: dict[str, AnswerInfo] = answers
            ) -> VisualType:
                if row[0] is None:
                    return table_heading(state, n, t)
                a = answers[row[0]]
                votes = state.votes_of(a) if voting else None
                return Drawn(
                    card(a, selected=a.id == selected, newest=a is newest, votes=votes, t=t)
                )

            cards.show(rows, draw)
            if fresh and selected in answers:
                cards.choose(selected)
        if fresh:
            self.grid.mount_all(self.tables.values())

    # --- selection and moderation ------------------------------------------------------------

    def action_select(self, direction: str) -> None:
        """Move the selection: up/down through the answers, left/right between tables."""
        lists = list(self.tables.values())
        if not lists:
            return
        at = next((i for i, c in enumerate(lists) if c.highlighted is not None), None)
        if at is None:
            first = direction in ("down", "right")
            target, index = (lists[0], 0) if first else (lists[-1], lists[-1].cards() - 1)
        else:
            here = lists[at]
            pos = (here.highlighted or HEAD) - HEAD
            if direction in ("up", "down"):
                step = 1 if direction == "down" else -1
                if 0 <= pos + step < here.cards():
                    target, index = here, pos + step
                elif 0 <= at + step < len(lists):  # on to the next (or previous) table
                    target = lists[at + step]
                    index = 0 if step > 0 else target.cards() - 1
                else:
                    return
            else:
                step = 1 if direction == "right" else -1
                target = lists[min(max(at + step, 0), len(lists) - 1)]
                index = min(pos, target.cards() - 1)
        self._select(target, index)

    def _select(self, target: TableCards, index: int) -> None:
        for cards in self.tables.values():
            if cards is not target:
                cards.highlighted = None
        target.highlighted = HEAD + index
        self.draw(self.kiosk.state)
        self.query_one("#wall-scroll", VerticalScroll).scroll_to_widget(target, animate=False)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """A card chosen with the mouse: the only selection, drawn as such (leader only)."""
        chosen = event.option_list
        if chosen.highlighted is None or not isinstance(chosen, TableCards):
            return  # the highlight moved on since
        if not self.kiosk.allowed("select"):
            chosen.highlighted = None
            return
        if chosen.chosen != self.drawn_selected:
            self._select(chosen, chosen.highlighted - HEAD)

    def action_clear_selection(self) -> None:
        """Select nothing."""
        for cards in self.tables.values():
            cards.highlighted = None
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
