"""The queue (premoderation): answers waiting for the leader, approved or hidden with one key."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from dialoogtafel.kiosk.keys import key
from dialoogtafel.kiosk.plain import plain
from dialoogtafel.kiosk.screens.base import KioskScreen
from dialoogtafel.kiosk.state import AnswerInfo, KioskState
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
        self.selected: str | None = None

    def compose_body(self) -> ComposeResult:
        """A warning line, then the list."""
        yield Static(id="queue-head", markup=False)
        with VerticalScroll(id="queue-scroll", can_focus=False):
            yield Static(id="queue-list", markup=False)

    def chosen(self, pending: list[AnswerInfo]) -> AnswerInfo | None:
        """The selected pending answer; the oldest when none (or a gone one) was selected."""
        by_id = {a.id: a for a in pending}
        return by_id.get(self.selected or "") or (pending[0] if pending else None)

    def draw(self, state: KioskState) -> None:
        """How many wait, and each with its table, question and round; the chosen one marked."""
        t, pending = self.t, state.pending()
        head = Text(t["queue_title"].format(n=len(pending)), style="bold")
        head.append(f"\n{t['queue_private']}")
        if not state.premoderate:
            head.append(f"\n{t['queue_off']}")
        self.query_one("#queue-head", Static).update(head)
        chosen = self.chosen(pending)
        self.selected = chosen.id if chosen else None
        body = Text()
        if not pending:
            body.append(t["queue_empty"])
        for a in pending:
            mark = "▶ " if chosen is not None and a.id == chosen.id else "  "
            where = t["table_n"].format(n=a.table)
            index = state.question_index(a.question)
            if index is not None:
                where += f" · {t['question_n'].format(i=index + 1, n=len(state.questions))}"
            if state.status.round > 1:
                where += f" · {t['round_n'].format(n=a.round)}"
            style = "bold reverse" if mark.strip() else ""
            body.append(mark + where + "\n", style="bold")
            body.append_text(plain(a.text, style, limit=600))
            body.append("\n\n")
        self.query_one("#queue-list", Static).update(body)

    def action_select_pending(self, delta: int) -> None:
        """Choose the previous or next waiting answer."""
        pending = self.kiosk.state.pending()
        chosen = self.chosen(pending)
        if chosen is None:
            return
        ids = [a.id for a in pending]
        self.selected = ids[min(max(ids.index(chosen.id) + delta, 0), len(ids) - 1)]
        self.draw(self.kiosk.state)

    def _moderate(self, action: str) -> None:
        chosen = self.chosen(self.kiosk.state.pending())
        if chosen is not None:
            self.kiosk.send(control(action, answer=chosen.id))

    def action_approve(self) -> None:
        """Show the chosen answer to the room."""
        self._moderate("approve")

    def action_hide_pending(self) -> None:
        """Keep the chosen answer from the room (it stays in the archive, hidden)."""
        self._moderate("hide")
