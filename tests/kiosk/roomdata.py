"""Real message shapes for kiosk tests: a session built with the domain, framed by the protocol."""

from __future__ import annotations

import asyncio
import html
import re
from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot

from dialoogtafel.server.domain import QuestionSet, Session, apply, new_session
from dialoogtafel.server.domain.commands import AddAnswer, Sit
from dialoogtafel.server.domain.model import LEADER, Question, Theme
from dialoogtafel.server.protocol import answer_message, counts_message, welcome_message

TIMEOUT = 5.0  # seconds a condition may take; generous for a shared 2-core machine
TOKEN = "leader-token-3f9c2a7be41d4c0e9a1b5d6e7f8a9b0c"  # must never be drawn
URL = "http://127.0.0.1:8080/s/ABCD"
JOIN = "http://192.168.1.23:8080/s/ABCD"

QUESTIONS = QuestionSet(
    id="eigen-regie",
    title="Eigen regie in het verantwoorden van uw toegevoegde waarde",
    language="nl",
    intro="Vier vragen.",
    questions=(
        Question("q1", "Vanuit welke verantwoordelijkheid wilt u zich verantwoorden?"),
        Question("q2", "Hoe zou u dat zelf willen vormgeven?"),
        Question("q3", "Tegen welke dilemma\u2019s verwacht u aan te lopen?"),
        Question("q4", "Welke ondersteuning heeft u hierbij nodig?"),
    ),
)

THEMED = QuestionSet(
    id="rvs",
    title="RVS-thema's",
    language="en",
    intro="Themes.",
    questions=(
        Question("q1", "General question"),
        Question("t1q1", "Theme one question", theme="t1"),
        Question("t2q1", "Theme two question", theme="t2"),
    ),
    themes=(Theme("t1", "Theme one"), Theme("t2", "Theme two")),
)


class Room:
    """A session and the messages the server would send a kiosk about it."""

    def __init__(self, questions: QuestionSet = QUESTIONS, tables: int = 3) -> None:
        self.session: Session = new_session("ABCD", questions, tables, at=1.0)
        self.clock = 1.0
        self.ids = 0

    def _next(self, prefix: str) -> str:
        self.ids += 1
        return f"{prefix}{self.ids}"

    def change(self, actor: str, cmd: Any) -> Any:
        """Apply a command; return its events."""
        self.clock += 1
        result = apply(self.session, actor, cmd, self.clock)
        assert not hasattr(result, "code"), result
        self.session = result.session
        return result.events

    def sit(self, device: str, table: int) -> None:
        """A participant (its author key) sits at a table."""
        self.change(device, Sit(self._next("sit"), table))

    def answer(self, table: int, question: str, text: str, device: str | None = None) -> str:
        """A participant at `table` answers; returns the answer id."""
        device = device or f"dev-{table}"
        if self.session.seats.get(device) != table:
            self.sit(device, table)
        answer_id = self._next("a")
        self.change(device, AddAnswer(answer_id, question, text))
        return answer_id

    def lead(self, cmd: Any) -> None:
        """A leader command."""
        self.change(LEADER, cmd)

    def welcome(self, role: str = "leader") -> dict[str, Any]:
        """The welcome this role gets now."""
        return welcome_message(self.session, role)  # type: ignore[arg-type]

    def answer_msg(self, answer_id: str) -> dict[str, Any]:
        """The `answer` broadcast for one answer, as it is now."""
        a = self.session.answers[answer_id]
        return answer_message(a, len(self.session.votes.get(a.id, ())), self.session.seq)

    def counts(self, connected: dict[int, int]) -> dict[str, Any]:
        """A `counts` message; joined from the session."""
        joined = {n: len(self.session.joined.get(n, ())) for n in self.session.tables}
        return counts_message(connected, joined)


async def until(pilot: Pilot[Any], condition: Callable[[], bool], what: str = "") -> None:
    """Let the app run until the condition holds; fail after TIMEOUT."""
    try:
        async with asyncio.timeout(TIMEOUT):
            while not condition():
                await pilot.pause()
    except TimeoutError:
        raise AssertionError(f"timed out waiting for {what or condition}") from None


TEXT_ELEMENT = re.compile(
    r'<text[^>]*\bx="([\d.]+)"[^>]*\by="([\d.]+)"[^>]*textLength="([\d.]+)"[^>]*>([^<]*)</text>'
)


def screen_lines(svg: str) -> list[str]:
    """The text of an SVG screenshot, line by line, each segment at its column."""
    found = [
        (float(x), float(y), float(w), html.unescape(t)) for x, y, w, t in TEXT_ELEMENT.findall(svg)
    ]
    cell = min((w / len(t) for _, _, w, t in found if len(t) > 3), default=12.2)
    rows: dict[float, list[str]] = {}
    for x, y, _, text in found:
        row = rows.setdefault(y, [])
        col = round(x / cell)
        row.extend(" " * (col + len(text) - len(row)))
        row[col : col + len(text)] = list(text.replace("\xa0", " "))
    return ["".join(row).rstrip() for _, row in sorted(rows.items())]


def screen_text(app: Any) -> str:
    """Everything on the screen now, as text."""
    return "\n".join(screen_lines(app.export_screenshot()))
