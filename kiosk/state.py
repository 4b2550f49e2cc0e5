"""What the kiosk knows of the session: plain data, changed only by kiosk/incoming.py."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from dialoogtafel.kiosk.countdown import TimerInfo
from dialoogtafel.kiosk.topics_state import RodeDraad

EMPTY: Mapping[Any, Any] = MappingProxyType({})


def _empty() -> Mapping[Any, Any]:
    return EMPTY


@dataclass(frozen=True, slots=True)
class QuestionInfo:
    """A question of the session's set."""

    id: str
    text: str
    help: str = ""
    theme: str | None = None
    kind: str = "open"  # "open" | "choice" | "scale"
    options: tuple[str, ...] = ()
    max_picks: int = 1
    min: int = 0
    max: int = 0
    labels: tuple[str, ...] = ()

    @property
    def is_poll(self) -> bool:
        """A choice or a scale."""
        return self.kind in ("choice", "scale")

    def choices(self) -> list[tuple[str, str]]:
        """(count key, label) per option, or per scale value."""
        if self.kind == "choice":
            return [(str(i), o) for i, o in enumerate(self.options)]
        return [(str(v), str(v)) for v in range(self.min, self.max + 1)]


@dataclass(frozen=True, slots=True)
class Counts:
    """A poll's counts for all tables, one table or the small tables together."""

    responses: int = 0
    counts: Mapping[str, int] = field(default_factory=_empty)  # option index or value -> count
    mean: float | None = None


@dataclass(frozen=True, slots=True)
class PollResults:
    """The last `results` of a poll (PROTOCOL.md): total, tables with 3 or more, the rest."""

    question: str
    total: Counts = field(default_factory=Counts)
    tables: Mapping[int, Counts] = field(default_factory=_empty)
    other: Counts = field(default_factory=Counts)
    other_tables: int = 0
    responded: Mapping[int, int] = field(default_factory=_empty)  # responses per table


@dataclass(frozen=True, slots=True)
class ThemeInfo:
    """A table theme of the set."""

    id: str
    title: str
    explanation: str = ""


@dataclass(frozen=True, slots=True)
class AnswerInfo:
    """An answer as the kiosk shows it; `arrival` orders answers by when the kiosk got them."""

    id: str
    question: str
    table: int
    text: str
    state: str = "shown"
    highlighted: bool = False
    votes: int = 0
    arrival: int = 0
    round: int = 1


@dataclass(frozen=True, slots=True)
class Note:
    """A plenary note, for a question or (question None) for the plenary."""

    id: str
    text: str
    question: str | None = None


@dataclass(frozen=True, slots=True)
class Action:
    """A follow-up action: what, who, when."""

    id: str
    text: str
    who: str = ""
    when: str = ""


@dataclass(frozen=True, slots=True)
class GroupingInfo:
    """The leader's rode-draad merge or rename, against the answer ids its groups held."""

    id: str
    kind: str  # "merge" | "rename"
    question: str
    answers: tuple[str, ...]
    label: str = ""


@dataclass(frozen=True, slots=True)
class Status:
    """The session state the leader steers (PROTOCOL.md, `state`)."""

    open: frozenset[str] = frozenset()
    focus: str | None = None
    voting: str | None = None  # the question being voted on
    votes_per_device: int = 3
    ended: bool = False
    exports: Mapping[str, str] = field(default_factory=_empty)
    round: int = 1
    timer: TimerInfo | None = None
    revealed: frozenset[str] = frozenset()  # polls whose results the phones see


@dataclass(frozen=True, slots=True)
class KioskState:
    """Everything the screens draw from; a fresh `welcome` replaces all of it."""

    welcomed: bool = False
    code: str = ""
    title: str = ""
    language: str = "nl"
    intro: str = ""
    role: str = "leader"
    questions: tuple[QuestionInfo, ...] = ()
    themes: tuple[ThemeInfo, ...] = ()
    tables: Mapping[int, str | None] = field(default_factory=_empty)  # table number -> theme id
    status: Status = field(default_factory=Status)
    answers: Mapping[str, AnswerInfo] = field(default_factory=_empty)  # in arrival order
    tally_question: str | None = None
    tally: Mapping[str, int] = field(default_factory=_empty)  # answer id -> votes (tally_question)
    connected: Mapping[int, int] = field(default_factory=_empty)
    joined: Mapping[int, int] = field(default_factory=_empty)
    notes: Mapping[str, Note] = field(default_factory=_empty)
    actions: Mapping[str, Action] = field(default_factory=_empty)
    seq: int = 0
    arrivals: int = 0  # answers seen since the last welcome; the newest has this arrival
    premoderate: bool = False
    groupings: tuple[GroupingInfo, ...] = ()  # the leader's rode-draad choices, in order
    rode_draad: RodeDraad = field(default_factory=RodeDraad)  # topics, placements, suggestions
    results: Mapping[str, PollResults] = field(default_factory=_empty)  # poll id -> results

    def pending(self) -> list[AnswerInfo]:
        """Answers waiting for the leader's approval, oldest first."""
        return [a for a in self.answers.values() if a.state == "pending"]

    def question(self, question_id: str | None) -> QuestionInfo | None:
        """The question with this id, or None."""
        return next((q for q in self.questions if q.id == question_id), None)

    def theme(self, theme_id: str | None) -> ThemeInfo | None:
        """The theme with this id, or None."""
        return next((t for t in self.themes if t.id == theme_id), None)

    def question_index(self, question_id: str | None) -> int | None:
        """The position of a question in the set, or None."""
        ids = [q.id for q in self.questions]
        return ids.index(question_id) if question_id in ids else None

    def answers_to(self, question_id: str | None) -> list[AnswerInfo]:
        """The answers to one question this kiosk has, in arrival order."""
        return [a for a in self.answers.values() if a.question == question_id]

    def votes_of(self, answer: AnswerInfo) -> int:
        """The live tally for an answer of the voted question, else its last known votes."""
        if answer.question == self.tally_question:
            return self.tally.get(answer.id, 0)
        return answer.votes

    def questions_for(self, table: int) -> list[QuestionInfo]:
        """The set's general questions and those of the table's theme."""
        theme = self.tables.get(table)
        return [q for q in self.questions if q.theme is None or q.theme == theme]
