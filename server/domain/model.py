"""The session's plain data: frozen values, changed only by copies (replace, fastvalues.evolve)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from dialoogtafel.server.domain.changerecord import ChangeRecord
from dialoogtafel.server.domain.fastvalues import quick_init

Language = Literal["nl", "en"]
AnswerState = Literal["shown", "hidden", "withdrawn", "pending"]  # pending: awaits approval
QuestionKind = Literal["open", "choice", "scale"]  # open: free-text answers; the others: polls
ItemKind = Literal["note", "action"]

LEADER = "leader"  # the actor name of the session leader in change records


@dataclass(frozen=True, slots=True)
class Theme:
    """A table theme: its id, title and explanation (Uitleg)."""

    id: str
    title: str
    explanation: str = ""


@dataclass(frozen=True, slots=True)
class SetTopic:
    """A topic a question set expects for a question's rode draad: a name and one sentence."""

    name: str
    about: str = ""


@dataclass(frozen=True, slots=True)
class Question:
    """One question of a set; a theme's question is only for tables with that theme.

    A poll (kind choice or scale) takes responses instead of answers: a choice its `options`
    (at most `max_picks` of them), a scale one integer from `min` to `max` (`labels`: the words
    at its two ends, or none).
    """

    id: str
    text: str
    help: str = ""
    theme: str | None = None
    kind: QuestionKind = "open"
    options: tuple[str, ...] = ()
    max_picks: int = 1
    min: int = 0
    max: int = 0
    labels: tuple[str, ...] = ()
    topics: tuple[SetTopic, ...] = ()  # what its rode draad expects (open questions)

    @property
    def is_poll(self) -> bool:
        """A choice or scale question (responses, not answers)."""
        return self.kind != "open"

    @property
    def choices(self) -> int:
        """How many counts a poll's results have: its options, or its scale's values."""
        if self.kind == "choice":
            return len(self.options)
        return self.max - self.min + 1 if self.kind == "scale" else 0


@dataclass(frozen=True, slots=True)
class QuestionSet:
    """A question set as loaded from TOML and copied into a session at its start."""

    id: str
    title: str
    language: Language
    intro: str
    questions: tuple[Question, ...]
    themes: tuple[Theme, ...] = ()
    source: str = ""

    def question(self, question_id: str) -> Question | None:
        """The question with this id, or None."""
        return next((q for q in self.questions if q.id == question_id), None)

    def theme(self, theme_id: str) -> Theme | None:
        """The theme with this id, or None."""
        return next((t for t in self.themes if t.id == theme_id), None)


@quick_init
@dataclass(frozen=True, slots=True)
class Answer:
    """A participant's answer; `author` is the HMAC author key, never a device token."""

    id: str
    question: str
    table: int
    text: str
    author: str
    created: float
    updated: float
    state: AnswerState = "shown"
    highlighted: bool = False
    round: int = 1


@dataclass(frozen=True, slots=True)
class Response:
    """A device's response to a poll: its picks (choice) or value (scale); none when taken back.

    One per device and question; a later response replaces it, with the table and round of then.
    """

    question: str
    author: str
    table: int
    picks: tuple[int, ...] = ()
    value: int | None = None
    round: int = 1
    at: float = 0.0

    @property
    def given(self) -> bool:
        """Whether it counts (not taken back)."""
        return bool(self.picks) or self.value is not None


@dataclass(frozen=True, slots=True)
class Tally:
    """A poll's running counts at one table: responses, count per option or value, value sum."""

    responses: int = 0
    counts: tuple[int, ...] = ()
    total: int = 0  # sum of the scale values given (for the mean)


@dataclass(frozen=True, slots=True)
class Item:
    """A plenary note (kind "note", tied to a question or None) or a follow-up action."""

    id: str
    kind: ItemKind
    text: str
    created: float
    question: str | None = None
    who: str = ""
    when: str = ""
    removed: bool = False


@dataclass(frozen=True, slots=True)
class GroupChoice:
    """The leader's rode-draad choice: merge the groups holding these answers, or rename one."""

    id: str
    kind: Literal["merge", "rename"]
    question: str
    answers: tuple[str, ...]
    label: str = ""


@dataclass(frozen=True, slots=True)
class Topic:
    """A topic of a question's rode draad, from the set or added by the leader."""

    id: str
    question: str
    name: str
    about: str = ""
    source: Literal["set", "leader"] = "leader"
    removed: bool = False


@dataclass(frozen=True, slots=True)
class Placement:
    """Where an answer is placed (a topic id, or None: fits no topic) and by whom."""

    topic: str | None
    by: Literal["model", "leader"]


@dataclass(frozen=True, slots=True)
class Voting:
    """Dot-voting open on one question, with the votes each device may cast on it."""

    question: str
    votes_per_device: int = 3


@dataclass(frozen=True, slots=True)
class Timer:
    """A countdown for the room or one question: running until `ends_at`, or paused."""

    duration: float  # seconds set, extensions included
    remaining: float  # seconds left when paused (when running: ends_at counts)
    ends_at: float | None = None  # server time it runs out; None while paused
    question: str | None = None


@dataclass(frozen=True, slots=True)
class SessionState:
    """What the leader steers: open questions, focus, voting, the end and its exports."""

    open: frozenset[str]
    focus: str | None
    voting: Voting | None = None
    ended: bool = False
    ended_at: float | None = None
    exports: Mapping[str, str] = field(default_factory=dict)
    round: int = 1
    timer: Timer | None = None
    revealed: frozenset[str] = frozenset()  # polls whose results the phones see


@dataclass(frozen=True)
class Session:
    """Everything a session is; the domain's functions return a new one per change.

    Not slotted, unlike the values inside it: a change copies the session, and a __dict__ of
    22 fields copies at C speed (`evolve`: 1 us against 3-5 us field by field). Only a few
    sessions are alive at once (the durable one, the head, a batch's last)."""

    code: str
    title: str
    created: float
    questions: QuestionSet
    tables: Mapping[int, str | None]  # table number -> theme id
    state: SessionState
    answers: Mapping[str, Answer] = field(default_factory=dict)
    votes: Mapping[str, frozenset[str]] = field(default_factory=dict)  # answer id -> author keys
    items: Mapping[str, Item] = field(default_factory=dict)
    seats: Mapping[str, int] = field(default_factory=dict)  # author key -> table
    joined: Mapping[int, frozenset[str]] = field(default_factory=dict)  # table -> author keys
    changes: Mapping[str, ChangeRecord] = field(default_factory=dict)
    seq: int = 0
    premoderate: bool = False  # new answers wait for the leader's approval
    hosts: frozenset[str] = frozenset()  # author keys of table hosts (they stay at a new round)
    groupings: tuple[GroupChoice, ...] = ()  # in the order the leader made them
    topics: Mapping[str, Topic] = field(default_factory=dict)  # in the order they were made
    placements: Mapping[str, Placement] = field(default_factory=dict)  # answer id -> placement
    placing: str = ""  # the method the computer last placed with ("lexical", a model's name)
    responses: Mapping[tuple[str, str], Response] = field(default_factory=dict)  # (q, author)
    # (question, table) -> counts, kept per response; derived from `responses`, so not compared
    tallies: Mapping[tuple[str, int], Tally] = field(default_factory=dict, compare=False)
