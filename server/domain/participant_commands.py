"""The changes a participant's phone sends for itself: its seat, answers, votes and responses."""

from __future__ import annotations

from dataclasses import dataclass

from dialoogtafel.server.domain.fastvalues import quick_init


@quick_init
@dataclass(frozen=True, slots=True)
class Sit:
    """A participant sits at (or moves to) a table."""

    id: str
    table: int


@quick_init
@dataclass(frozen=True, slots=True)
class AddAnswer:
    """A participant adds an answer to a question open for its table."""

    id: str
    question: str
    text: str


@quick_init
@dataclass(frozen=True, slots=True)
class EditAnswer:
    """The author replaces the text of an answer."""

    id: str
    answer: str
    text: str


@quick_init
@dataclass(frozen=True, slots=True)
class Withdraw:
    """The author removes an answer for good."""

    id: str
    answer: str


@quick_init
@dataclass(frozen=True, slots=True)
class CastVote:
    """A participant puts a vote on an answer (on) or takes it back (off)."""

    id: str
    answer: str
    on: bool


@quick_init
@dataclass(frozen=True, slots=True)
class SetHost:
    """A participant stays at its table as its host (on) or stops being one."""

    id: str
    on: bool


@quick_init
@dataclass(frozen=True, slots=True)
class Respond:
    """A participant responds to a poll: picks (choice) or a value (scale); empty takes it back.

    `picks` is None when the frame gave a `value` (a scale's form), so a choice's `picks: []`
    and a scale's `value: null` stay two different things.
    """

    id: str
    question: str
    picks: tuple[int, ...] | None = None
    value: int | None = None
