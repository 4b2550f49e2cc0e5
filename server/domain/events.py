"""What a change caused, for the shell to turn into wire messages; plus Ok and Rejected."""

from __future__ import annotations

from dataclasses import dataclass

from dialoogtafel.server.domain.fastvalues import quick_init
from dialoogtafel.server.domain.model import (
    Answer,
    GroupChoice,
    Item,
    Placement,
    Question,
    Session,
    SessionState,
    Topic,
)


@quick_init
@dataclass(frozen=True, slots=True)
class AnswerChanged:
    """An answer was added, edited, withdrawn, hidden, unhidden or (un)highlighted."""

    answer: Answer
    was_shown: bool = False  # those who saw it before must hear that it left


@dataclass(frozen=True, slots=True)
class SeatChanged:
    """A participant sat at a table (the shell sends that device a fresh welcome)."""

    author: str
    table: int


@dataclass(frozen=True, slots=True)
class TableChanged:
    """A table got another theme (its participants, leaders and screens get a fresh welcome)."""

    table: int
    theme: str | None


@dataclass(frozen=True, slots=True)
class StateChanged:
    """Open questions, focus, voting, end or exports changed."""

    state: SessionState


@dataclass(frozen=True, slots=True)
class BallotChanged:
    """The shown answers of the question being voted on changed, or voting opened."""

    question: str


@dataclass(frozen=True, slots=True)
class TallyChanged:
    """Votes on the question changed."""

    question: str


@dataclass(frozen=True, slots=True)
class ItemChanged:
    """A note or action was added, edited or removed."""

    item: Item


@dataclass(frozen=True, slots=True)
class HostChanged:
    """A table got or lost its host, so its earlier rounds' answers show or not (fresh welcome)."""

    table: int


@dataclass(frozen=True, slots=True)
class RoundChanged:
    """A new round began: every phone gets a fresh welcome (most must choose a table again)."""

    round: int


@dataclass(frozen=True, slots=True)
class GroupingChanged:
    """The leader merged or renamed rode-draad groups."""

    choice: GroupChoice


@dataclass(frozen=True, slots=True)
class TopicChanged:
    """A topic was added, renamed, described or removed."""

    topic: Topic


@dataclass(frozen=True, slots=True)
class Placed:
    """An answer was placed in a topic (or in none), by the computer or by the leader."""

    answer: str
    placement: Placement


@dataclass(frozen=True, slots=True)
class ResultsChanged:
    """A poll's counts changed, or its results were revealed: results are due (batched)."""

    question: str


@dataclass(frozen=True, slots=True)
class QuestionAdded:
    """The leader asked a question live: every client gets it."""

    question: Question


Event = (
    AnswerChanged
    | SeatChanged
    | TableChanged
    | StateChanged
    | BallotChanged
    | TallyChanged
    | ItemChanged
    | HostChanged
    | RoundChanged
    | GroupingChanged
    | TopicChanged
    | Placed
    | ResultsChanged
    | QuestionAdded
)


@quick_init
@dataclass(frozen=True, slots=True)
class Ok:
    """A change applied: the new session, what it caused, and its seq (or the earlier one)."""

    session: Session
    events: tuple[Event, ...] = ()
    seq: int = 0
    duplicate: bool = False


@quick_init
@dataclass(frozen=True, slots=True)
class Rejected:
    """A change refused, with a stable code of PROTOCOL.md and the change id it answers."""

    code: str
    ref: str | None = None
