"""Which messages one stored event causes, and who gets each: the audiences of PROTOCOL.md."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from server.domain.events import (
    AnswerChanged,
    BallotChanged,
    Event,
    GroupingChanged,
    ItemChanged,
    SeatChanged,
    StateChanged,
    TableChanged,
    TallyChanged,
)
from server.domain.model import Session
from server.domain.views import shown_answers_to, tally, vote_count
from server.protocol import (
    answer_message,
    ballot_message,
    gone_message,
    grouping_message,
    item_message,
    state_message,
    tally_message,
)

AudienceKind = Literal["leaders", "screens", "table", "author", "participants", "everyone"]


@dataclass(frozen=True, slots=True)
class Audience:
    """Who gets a message: a role, a table (maybe less one author), or one author's phones."""

    kind: AudienceKind
    table: int | None = None
    author: str | None = None  # "author": that author; "table": everyone there but them


@dataclass(frozen=True, slots=True)
class Welcome:
    """Not a message but a note: these clients need a fresh welcome (their view changed)."""


Delivery = tuple[Audience, dict[str, Any] | Welcome]

LEADERS = Audience("leaders")
SCREENS = Audience("screens")
PARTICIPANTS = Audience("participants")
EVERYONE = Audience("everyone")
WELCOME = Welcome()


def to_wire(event: Event, s: Session, seq: int) -> list[Delivery]:
    """The messages one stored event causes, each with who receives it."""
    match event:
        case AnswerChanged(answer=a):
            if a.state == "withdrawn":
                gone = gone_message(a.id, seq)
                return [(LEADERS, gone), (SCREENS, gone), (Audience("table", a.table), gone)]
            msg = answer_message(a, vote_count(s, a.id), seq)
            if a.state == "hidden":
                gone = gone_message(a.id, seq)
                return [(LEADERS, msg), (SCREENS, gone), (Audience("table", a.table), gone)]
            mine = answer_message(a, vote_count(s, a.id), seq, mine=True)
            return [
                (LEADERS, msg),
                (SCREENS, msg),
                (Audience("table", a.table, author=a.author), msg),
                (Audience("author", a.table, author=a.author), mine),
            ]
        case SeatChanged(author=author):
            return [(Audience("author", author=author), WELCOME)]
        case TableChanged(table=table):
            return [(Audience("table", table), WELCOME), (LEADERS, WELCOME), (SCREENS, WELCOME)]
        case StateChanged(state=state):
            return [(EVERYONE, state_message(state, seq))]
        case BallotChanged(question=q):
            return [(PARTICIPANTS, ballot_message(s, q, shown_answers_to(s, q)))]
        case TallyChanged(question=q):
            msg = tally_message(q, tally(s, q))
            return [(LEADERS, msg), (SCREENS, msg)]
        case ItemChanged(item=item):
            msg = item_message(item, seq)
            return [(LEADERS, msg), (SCREENS, msg)]
        case GroupingChanged(choice=choice):
            msg = grouping_message(choice, seq)
            return [(LEADERS, msg), (SCREENS, msg)]
    raise AssertionError(f"no wire form for {event!r}")
