"""Votes: the voted question's answers from all tables, ranked live by the tally."""

from __future__ import annotations

from typing import Any

from rich import box
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from dialoogtafel.kiosk.plain import plain
from dialoogtafel.kiosk.screens.base import KioskScreen
from dialoogtafel.kiosk.state import AnswerInfo, KioskState

BAR = 20  # cells of the longest bar


def voted_question(state: KioskState) -> str | None:
    """The question being voted on, else the last one voted on."""
    return state.status.voting or state.tally_question


def ranking(state: KioskState, question: str) -> list[tuple[AnswerInfo, int]]:
    """Shown answers to the question with their votes, most votes first, then oldest first."""
    answers = [a for a in state.answers_to(question) if a.state == "shown"]
    ranked = [(a, state.votes_of(a)) for a in answers]
    return sorted(ranked, key=lambda pair: (-pair[1], pair[0].arrival))


def rank_table(state: KioskState, question: str, t: dict[str, Any]) -> Table:
    """Rank, votes with a bar, the answer, its table."""
    ranked = ranking(state, question)
    top = max((v for _, v in ranked), default=0) or 1
    table = Table(box=box.SIMPLE_HEAVY, expand=True, header_style="bold", show_edge=False)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("", justify="right", no_wrap=True)
    table.add_column("", no_wrap=True, width=BAR)
    table.add_column(t["rank_answer"], ratio=1)
    table.add_column(t["table"], justify="right", no_wrap=True)
    for place, (a, votes) in enumerate(ranked, 1):
        style = "bold" if a.highlighted or place <= 3 else ""
        bar = Text("█" * round(BAR * votes / top), style="yellow" if place <= 3 else "white")
        table.add_row(
            Text(str(place), style="bold"),
            Text(str(votes), style="bold"),
            bar,
            plain(a.text, style, limit=400),
            Text(str(a.table)),
        )
    return table


class VotesScreen(KioskScreen):
    """The live ranking while voting, the final one after."""

    CSS_PATH = "votes.tcss"

    def compose_body(self) -> ComposeResult:
        """The question, then the ranking."""
        yield Static(id="votes-head", markup=False)
        with VerticalScroll(id="votes-scroll", can_focus=False):
            yield Static(id="votes-table", markup=False)

    def draw(self, state: KioskState) -> None:
        """Redraw the ranking of the voted question."""
        t = self.t
        question_id = voted_question(state)
        question = state.question(question_id)
        head = Text(f"{t['votes_title']}  ", style="bold")
        body = self.query_one("#votes-table", Static)
        if question is None:
            leader = self.kiosk.role == "leader"
            head.append(t["votes_none"] if leader else t["votes_none_screen"])
            self.query_one("#votes-head", Static).update(head)
            body.update("")
            return
        if state.status.voting == question.id:
            head.append(t["votes_live"].format(v=state.status.votes_per_device), style="bold green")
        else:
            head.append(t["votes_closed"])
        head.append("\n")
        head.append_text(plain(question.text, "bold"))
        self.query_one("#votes-head", Static).update(head)
        body.update(rank_table(state, question.id, t))
