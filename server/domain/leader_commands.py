"""The changes only the leader (or the server on the session's behalf) may make."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class OpenQuestion:
    """The leader opens (open=True) or closes a question for new answers."""

    id: str
    question: str
    open: bool


@dataclass(frozen=True, slots=True)
class Focus:
    """The leader puts one question first on the wall and the phones (or none)."""

    id: str
    question: str | None


@dataclass(frozen=True, slots=True)
class SetTheme:
    """The leader gives a table one of the set's themes, or none."""

    id: str
    table: int
    theme: str | None


@dataclass(frozen=True, slots=True)
class Moderate:
    """The leader hides/unhides or highlights/unhighlights an answer."""

    id: str
    answer: str
    action: str  # "hide" | "unhide" | "highlight" | "unhighlight"


@dataclass(frozen=True, slots=True)
class SetVoting:
    """The leader opens (on) or closes dot-voting on a question."""

    id: str
    question: str
    on: bool
    votes_per_device: int = 3


@dataclass(frozen=True, slots=True)
class AddNote:
    """The leader adds a plenary note, tied to a question or to none."""

    id: str
    question: str | None
    text: str


@dataclass(frozen=True, slots=True)
class AddAction:
    """The leader adds a follow-up action: what, who, when."""

    id: str
    text: str
    who: str = ""
    when: str = ""


@dataclass(frozen=True, slots=True)
class EditItem:
    """The leader changes fields of a note or an action."""

    id: str
    item: str
    fields: Mapping[str, str | None] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class RemoveItem:
    """The leader removes a note or an action."""

    id: str
    item: str


@dataclass(frozen=True, slots=True)
class GroupMerge:
    """The leader merges rode-draad groups: the groups holding these answers become one."""

    id: str
    question: str
    answers: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class GroupRename:
    """The leader gives the rode-draad group holding these answers its own label."""

    id: str
    question: str
    answers: tuple[str, ...]
    label: str


@dataclass(frozen=True, slots=True)
class End:
    """The leader ends the session: nothing is accepted after it."""

    id: str


@dataclass(frozen=True, slots=True)
class RecordExports:
    """The server notes where it wrote the session's files after the end."""

    id: str
    paths: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class SetTimer:
    """The leader starts, pauses, resumes, extends or stops the countdown."""

    id: str
    action: str  # "start" | "pause" | "resume" | "extend" | "stop"
    seconds: int = 0  # start: the duration; extend: what is added
    question: str | None = None  # start: the question it is for, or the room


@dataclass(frozen=True, slots=True)
class NextRound:
    """The leader starts the next round: everyone but the table hosts chooses a table again."""

    id: str


@dataclass(frozen=True, slots=True)
class TopicAdd:
    """The leader adds a topic to a question (the change id is its id), maybe with its answers."""

    id: str
    question: str
    name: str
    about: str = ""
    answers: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TopicEdit:
    """The leader renames a topic or changes its sentence (None: unchanged)."""

    id: str
    topic: str
    name: str | None = None
    about: str | None = None


@dataclass(frozen=True, slots=True)
class TopicRemove:
    """The leader removes a topic: its answers become unplaced."""

    id: str
    topic: str


@dataclass(frozen=True, slots=True)
class TopicMove:
    """The leader places one answer by hand in a topic, or in none ("fits no topic")."""

    id: str
    answer: str
    topic: str | None


@dataclass(frozen=True, slots=True)
class Place:
    """The server records where the computer placed a question's answers, and by what method."""

    id: str
    question: str
    method: str
    placements: tuple[tuple[str, str | None], ...] = ()


@dataclass(frozen=True, slots=True)
class Ask:
    """The leader adds a question to the running session: a quick poll or an open question."""

    id: str
    question_kind: str  # "open" | "choice" | "scale" (not `kind`: the journal's record key)
    text: str
    options: tuple[str, ...] = ()
    max_picks: int = 1
    min: int = 0
    max: int = 0
    labels: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Reveal:
    """The leader shows a poll's results to the phones (on) or hides them again."""

    id: str
    question: str
    on: bool
