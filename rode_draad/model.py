"""The values of the rode draad: answers in, the leader's choices, groups out (no numpy here)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

METHOD = "tfidf-average-linkage"
VERSION = "1"
LABEL_WORDS = 3


@dataclass(frozen=True, slots=True)
class Entry:
    """One shown answer to group: its id, table and text."""

    id: str
    table: int
    text: str


@dataclass(frozen=True, slots=True)
class Choice:
    """The leader's merge (these answers belong together) or rename (the group holding them)."""

    kind: Literal["merge", "rename"]
    answers: tuple[str, ...]
    label: str = ""


@dataclass(frozen=True, slots=True)
class Group:
    """Answers that say the same thing; `key` (its smallest answer id) names it while it lasts."""

    key: str
    label: str
    answers: tuple[str, ...]  # most central first
    tables: tuple[int, ...]
    representatives: tuple[str, ...]
    renamed: bool = False
