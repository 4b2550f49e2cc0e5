"""Which messages one stored event causes, and who gets each: the audiences of PROTOCOL.md."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from dialoogtafel.server.domain.events import (
    AnswerChanged,
    BallotChanged,
    Event,
    GroupingChanged,
    HostChanged,
    ItemChanged,
    Placed,
    QuestionAdded,
    ResultsChanged,
    RoundChanged,
    SeatChanged,
    StateChanged,
    TableChanged,
    TallyChanged,
    TopicChanged,
)
from dialoogtafel.server.domain.model import Answer, Session
from dialoogtafel.server.domain.views import shown_answers_to, table_sees, tally, vote_count
from dialoogtafel.server.protocol import (
    answer_message,
    ballot_message,
    gone_message,
    grouping_message,
    item_message,
    placed_message,
    question_message,
    state_message,
    tally_message,
    topic_message,
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


@dataclass(frozen=True, slots=True)
class ResultsDue:
    """Not a message but a note: a poll's results changed; sent batched (server/results.py)."""

    question: str


Delivery = tuple[Audience, dict[str, Any] | Welcome | ResultsDue]

LEADERS = Audience("leaders")
SCREENS = Audience("screens")
PARTICIPANTS = Audience("participants")
EVERYONE = Audience("everyone")
WELCOME = Welcome()


def _answer_deliveries(a: Answer, was_shown: bool, s: Session, seq: int) -> list[Delivery]:
    """An answer goes to who may see it now; `gone` to who saw it and may no longer.

    Its author gets it wherever it sits (shown or pending); screens and the table only once
    it is shown (approved, with premoderation), and the table only while it sees that round.
    """
    author = Audience("author", author=a.author)
    table = Audience("table", a.table, author=a.author)
    others = [SCREENS, table] if table_sees(s, a) else [SCREENS]
    votes = vote_count(s, a.id)
    msg = answer_message(a, votes, seq)
    if a.state == "shown":
        mine = answer_message(a, votes, seq, mine=True)
        return [(LEADERS, msg), *((o, msg) for o in others), (author, mine)]
    gone = gone_message(a.id, seq)
    deliveries: list[Delivery] = [(LEADERS, gone if a.state == "withdrawn" else msg)]
    if was_shown:
        deliveries += [(o, gone) for o in others]
    if a.state == "pending":
        return [*deliveries, (author, answer_message(a, 0, seq, mine=True))]
    return [*deliveries, (author, gone)]


def to_wire(event: Event, s: Session, seq: int) -> list[Delivery]:
    """The messages one stored event causes, each with who receives it."""
    match event:
        case AnswerChanged(answer=a, was_shown=was_shown):
            return _answer_deliveries(a, was_shown, s, seq)
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
        case HostChanged(table=table):
            return [(Audience("table", table), WELCOME)]
        case RoundChanged():
            return [(PARTICIPANTS, WELCOME)]
        case GroupingChanged(choice=choice):
            msg = grouping_message(choice, seq)
            return [(LEADERS, msg), (SCREENS, msg)]
        case TopicChanged(topic=topic):  # never to phones
            msg = topic_message(topic, seq)
            return [(LEADERS, msg), (SCREENS, msg)]
        case Placed(answer=answer, placement=placement):
            msg = placed_message(answer, placement, seq)
            return [(LEADERS, msg), (SCREENS, msg)]
        case QuestionAdded(question=q):
            return [(EVERYONE, question_message(q, seq))]
        case ResultsChanged(question=q):
            return [(EVERYONE, ResultsDue(q))]  # who of everyone: the batcher knows reveal
    raise AssertionError(f"no wire form for {event!r}")
