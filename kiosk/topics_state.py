"""The rode draad as the kiosk knows it: topics, placements, suggestions (from `welcome`, `topic`,
`placed` and `suggestions`; PROTOCOL.md, "Topics of the rode draad"), and how to read them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

EMPTY: Mapping[Any, Any] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class TopicInfo:
    """A topic of a question, from the set or the leader."""

    id: str
    question: str
    name: str
    about: str = ""
    source: str = "leader"


@dataclass(frozen=True, slots=True)
class SuggestionInfo:
    """A tight group the computer proposes among a question's unplaced answers."""

    label: str
    answers: tuple[str, ...]
    typical: str


@dataclass(frozen=True, slots=True)
class RodeDraad:
    """Topics (in the order made), placements (answer -> (topic or None, by)), suggestions."""

    topics: Mapping[str, TopicInfo] = field(default_factory=lambda: EMPTY)
    placements: Mapping[str, tuple[str | None, str]] = field(default_factory=lambda: EMPTY)
    suggestions: Mapping[str, tuple[SuggestionInfo, ...]] = field(default_factory=lambda: EMPTY)
    method: str = ""  # what placed or suggested: a model's name, or "lexical"

    def topics_of(self, question: str | None) -> list[TopicInfo]:
        """The question's topics, in the order they were made."""
        return [t for t in self.topics.values() if t.question == question]

    def topic_of(self, answer: str) -> str | None:
        """The topic an answer is placed in, if it still exists."""
        placed = self.placements.get(answer)
        return placed[0] if placed is not None and placed[0] in self.topics else None


def _topic(data: Mapping[str, Any]) -> TopicInfo:
    return TopicInfo(
        str(data["id"]),
        str(data["question"]),
        str(data.get("name", "")),
        str(data.get("about") or ""),
        str(data.get("source", "leader")),
    )


def _suggestions(data: Mapping[str, Any]) -> tuple[SuggestionInfo, ...]:
    return tuple(
        SuggestionInfo(str(g["label"]), tuple(str(a) for a in g["answers"]), str(g["typical"]))
        for g in data.get("suggestions") or ()
    )


def from_welcome(data: Any) -> RodeDraad:
    """The welcome's rode draad (leaders and screens); empty if there is none."""
    if not isinstance(data, Mapping):
        return RodeDraad()
    topics = [_topic(t) for t in data.get("topics") or ()]
    placements = {
        str(p["answer"]): (None if p.get("topic") is None else str(p["topic"]), str(p["by"]))
        for p in data.get("placements") or ()
    }
    suggestions = {str(s["question"]): _suggestions(s) for s in data.get("suggestions") or ()}
    return RodeDraad(
        MappingProxyType({t.id: t for t in topics}),
        MappingProxyType(placements),
        MappingProxyType(suggestions),
        str(data.get("method") or ""),
    )


def applied(rd: RodeDraad, msg: Mapping[str, Any]) -> RodeDraad:
    """The rode draad after one `topic`, `placed` or `suggestions` message (checked first)."""
    kind = msg.get("type")
    if kind == "topic":
        topic = _topic(msg)
        topics = dict(rd.topics)
        if msg.get("removed"):
            topics.pop(topic.id, None)
        else:
            topics[topic.id] = topic
        return RodeDraad(MappingProxyType(topics), rd.placements, rd.suggestions, rd.method)
    if kind == "placed":
        topic = msg.get("topic")
        entry = (None if topic is None else str(topic), str(msg["by"]))
        placements = {**rd.placements, str(msg["answer"]): entry}
        return RodeDraad(rd.topics, MappingProxyType(placements), rd.suggestions, rd.method)
    if kind == "suggestions":
        groups = {**rd.suggestions, str(msg["question"]): _suggestions(msg)}
        method = str(msg.get("method") or rd.method)
        return RodeDraad(rd.topics, rd.placements, MappingProxyType(groups), method)
    return rd
