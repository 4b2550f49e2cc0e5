"""Results: the focused poll's bars (count and percentage), its total, a scale's mean, per table.

Tables with fewer than 3 responses never show apart: the server adds them up as "other", which
this screen shows as one row ("overige tafels"). A burst of results redraws at most as often as
the app flushes, and a body that did not change is not drawn again (no flicker).
"""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from dialoogtafel.kiosk.plain import plain
from dialoogtafel.kiosk.screens.base import KioskScreen
from dialoogtafel.kiosk.state import Counts, KioskState, PollResults, QuestionInfo

BAR = 40  # cells of a 100 % bar
SMALL_BAR = 10  # cells of a 100 % bar in a table's row


def shown_poll(state: KioskState) -> QuestionInfo | None:
    """The poll in focus, else None."""
    q = state.question(state.status.focus)
    return q if q is not None and q.is_poll else None


def percent(count: int, responses: int) -> int:
    """A count as a whole percentage of the responses (0 without responses)."""
    return round(100 * count / responses) if responses else 0


def number(value: float, language: str) -> str:
    """A mean with one decimal, with the language's decimal mark."""
    text = f"{value:.1f}"
    return text.replace(".", ",") if language == "nl" else text


def bars(q: QuestionInfo, c: Counts, t: dict[str, Any]) -> Table:
    """One row per option (or scale value): label, bar, count and percentage."""
    table = Table.grid(padding=(0, 2), expand=False)
    table.add_column(justify="right", no_wrap=False, max_width=60)
    table.add_column(no_wrap=True, width=BAR)
    table.add_column(justify="right", no_wrap=True)
    top = max(c.counts.values(), default=0)
    for key, label in q.choices():
        count = c.counts.get(key, 0)
        share = percent(count, c.responses)
        style = "bold yellow" if count and count == top else "bold cyan"
        bar = Text("█" * round(BAR * share / 100) or ("▏" if count else ""), style=style)
        name = plain(label, "bold", limit=120)
        if q.kind == "scale" and q.labels and key in (str(q.min), str(q.max)):
            name.append(f"  {q.labels[0] if key == str(q.min) else q.labels[1]}", style="dim")
        table.add_row(name, bar, Text(f"{count}  ({share}%)", style="bold"))
    return table


def spread(q: QuestionInfo, c: Counts, language: str) -> Text:
    """A table's row: each option's share, or a scale's mean with a small bar."""
    if q.kind == "scale":
        text = Text(number(c.mean, language) if c.mean is not None else "-", style="bold")
        if c.mean is not None and q.max > q.min:
            filled = round(SMALL_BAR * (c.mean - q.min) / (q.max - q.min))
            text.append("  " + "█" * filled + "░" * (SMALL_BAR - filled), style="cyan")
        return text
    text = Text()
    for i, (key, label) in enumerate(q.choices()):
        if i:
            text.append("  ·  ")
        text.append_text(plain(label, limit=24))
        text.append(f" {percent(c.counts.get(key, 0), c.responses)}%", style="bold")
    return text


def per_table(q: QuestionInfo, r: PollResults, t: dict[str, Any], language: str) -> Table | None:
    """One row per table with 3 or more responses, then the smaller tables together."""
    if not r.tables and not r.other.responses:
        return None
    table = Table(box=box.SIMPLE_HEAVY, expand=True, header_style="bold", show_edge=False)
    table.add_column(t["table"], no_wrap=True)
    table.add_column(t["results_responses"], justify="right", no_wrap=True)
    table.add_column(t["results_mean"] if q.kind == "scale" else t["results_spread"], ratio=1)
    for n, c in sorted(r.tables.items()):
        table.add_row(Text(str(n), style="bold"), Text(str(c.responses)), spread(q, c, language))
    if r.other.responses:
        label = t["results_other"].format(n=r.other_tables)
        table.add_row(
            Text(label, style="italic"), Text(str(r.other.responses)), spread(q, r.other, language)
        )
    return table


class ResultsScreen(KioskScreen):
    """The focused poll's results, live, large enough for the back of the room."""

    CSS_PATH = "results.tcss"

    def __init__(self) -> None:
        super().__init__()
        self._drawn: object = None

    def compose_body(self) -> ComposeResult:
        """The question on top, then the bars and the tables."""
        yield Static(id="results-head", markup=False)
        with VerticalScroll(id="results-scroll", can_focus=False):
            yield Static(id="results-body", markup=False)

    def draw(self, state: KioskState) -> None:
        """Redraw when the poll, its results or what the phones see changed."""
        q = shown_poll(state)
        r = state.results.get(q.id) if q is not None else None
        key = (q, r, q is not None and q.id in state.status.revealed, state.language)
        if key == self._drawn:
            return  # the same picture: drawing it again would only flicker
        self._drawn = key
        t = self.t
        head = Text(f"{t['results_title']}  ", style="bold")
        body = self.query_one("#results-body", Static)
        if q is None:
            head.append(t["results_none"])
            self.query_one("#results-head", Static).update(head)
            body.update("")
            return
        index = state.question_index(q.id) or 0
        head.append(t["question_n"].format(i=index + 1, n=len(state.questions)))
        head.append(f"  ·  {t['open'] if q.id in state.status.open else t['closed']}  ·  ")
        if q.id in state.status.revealed:
            head.append(t["results_revealed"], style="bold green")
        else:
            head.append(t["results_hidden"])
        head.append("\n")
        head.append_text(plain(q.text, "bold", limit=400))
        self.query_one("#results-head", Static).update(head)
        c = r.total if r is not None else Counts()
        summary = Text(t["results_n"].format(n=c.responses), style="bold")
        if q.kind == "scale" and c.mean is not None:
            summary.append("   ·   ")
            summary.append(
                t["results_mean_is"].format(m=number(c.mean, state.language)), style="bold yellow"
            )
        if q.kind == "choice" and q.max_picks > 1:
            summary.append("   ·   " + t["results_picks"].format(n=q.max_picks))
        parts: list[Any] = [summary, Text(""), bars(q, c, t)]
        rows = per_table(q, r, t, state.language) if r is not None else None
        if rows is not None:
            parts += [Text(""), Text(t["results_per_table"], style="bold"), rows]
        body.update(Group(*parts))
