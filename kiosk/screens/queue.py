"""The queue (premoderation): answers waiting for the leader, approved or hidden with one key."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.visual import VisualType
from textual.widgets import Static

from dialoogtafel.kiosk.keys import key
from dialoogtafel.kiosk.plain import plain
from dialoogtafel.kiosk.screens.base import KioskScreen
from dialoogtafel.kiosk.screens.choices import Choices, Row
from dialoogtafel.kiosk.state import KioskState
from dialoogtafel.server.protocol import control


class QueueScreen(KioskScreen):
    """Pending answers, oldest first; ↑/↓ choose, Enter approves, h hides."""

    CSS_PATH = "queue.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        key("up", "select_pending(-1)", "item_up", key_display="↑"),
        key("down", "select_pending(1)", "item_down", key_display="↓"),
        key("enter", "approve", "approve", key_display="Enter"),
        key("h", "hide_pending", "hide_pending"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.waiting = Choices(id="queue-list")

    def compose_body(self) -> ComposeResult:
        """A warning line, then the list."""
        yield Static(id="queue-head", markup=False)
        yield Static(id="queue-empty", markup=False)
        yield self.waiting

    @property
    def selected(self) -> str | None:
        """The id of the chosen pending answer."""
        return self.waiting.chosen

    def draw(self, state: KioskState) -> None:
        """How many wait, and each with its table, question and round; the oldest chosen first."""
        t, pending = self.t, state.pending()
        head = Text(t["queue_title"].format(n=len(pending)), style="bold")
        head.append(f"\n{t['queue_private']}")
        if not state.premoderate:
            head.append(f"\n{t['queue_off']}")
        self.query_one("#queue-head", Static).update(head)
        empty = self.query_one("#queue-empty", Static)
        empty.display = not pending
        empty.update(t["queue_empty"])
        answers = {a.id: a for a in pending}
        many_rounds, count = state.status.round > 1, len(state.questions)
        rows: list[Row] = [
            (a.id, (state.language, a.text, a.table, a.question, a.round, many_rounds, count))
            for a in pending
        ]

        def draw(_: int, row: Row) -> VisualType:
            a = answers[row[0] or ""]
            where = t["table_n"].format(n=a.table)
            index = state.question_index(a.question)
            if index is not None:
                where += f" · {t['question_n'].format(i=index + 1, n=len(state.questions))}"
            if state.status.round > 1:
                where += f" · {t['round_n'].format(n=a.round)}"
            prompt = Text(where + "\n", style="bold")
            prompt.append_text(plain(a.text, limit=600))
            prompt.append("\n")  # a blank line between two answers
            return prompt

        self.waiting.show(rows, draw)
        if self.waiting.highlighted is None and pending:
            self.waiting.highlighted = 0  # the oldest

    def action_select_pending(self, delta: int) -> None:
        """Choose the previous or next waiting answer."""
        if delta > 0:
            self.waiting.action_cursor_down()
        else:
            self.waiting.action_cursor_up()

    def _moderate(self, action: str) -> None:
        chosen = self.waiting.chosen
        if chosen is not None:
            self.kiosk.send(control(action, answer=chosen))

    def action_approve(self) -> None:
        """Show the chosen answer to the room."""
        self._moderate("approve")

    def action_hide_pending(self) -> None:
        """Keep the chosen answer from the room (it stays in the archive, hidden)."""
        self._moderate("hide")
