"""Frames out: one builder per server message of PROTOCOL.md, encoded once by encode()."""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from dialoogtafel.server.domain.codec import groupings_to_list, state_to_dict
from dialoogtafel.server.domain.jsontext import text_encoder
from dialoogtafel.server.domain.limits import DEFAULT_VOTES_PER_DEVICE
from dialoogtafel.server.domain.model import (
    Answer,
    GroupChoice,
    Item,
    Placement,
    Session,
    SessionState,
    Timer,
    Topic,
)
from dialoogtafel.server.domain.timer import remaining
from dialoogtafel.server.domain.views import (
    Viewer,
    joined_counts,
    own_votes,
    shown_answers_to,
    tally,
    visible_answers,
    vote_count,
)
from dialoogtafel.server.protocol.inbound import PROTOCOL_VERSION, Role
from dialoogtafel.server.protocol.polls import poll_welcome, question_dict
from dialoogtafel.server.texts import ERROR_TEXTS

# Server -> client messages. Each builder returns the dict; encode() makes the frame once.


_FRAME_JSON = text_encoder(ensure_ascii=False, separators=(",", ":"))


def encode(message: Mapping[str, Any]) -> str:
    """One frame's text (one encoder for all: json.dumps with options makes one per call)."""
    return _FRAME_JSON(message)


def answer_message(a: Answer, votes: int, seq: int, *, mine: bool = False) -> dict[str, Any]:
    """An answer as those who may see it get it; `mine` only in its author's copy."""
    msg: dict[str, Any] = {
        "type": "answer",
        "id": a.id,
        "question": a.question,
        "table": a.table,
        "text": a.text,
        "state": a.state,
        "highlighted": a.highlighted,
        "votes": votes,
        "round": a.round,
        "seq": seq,
    }
    if mine:
        msg["mine"] = True
    return msg


def gone_message(answer_id: str, seq: int) -> dict[str, Any]:
    """An answer the receiver may no longer see."""
    return {"type": "gone", "id": answer_id, "seq": seq}


def ack_message(change_id: str, seq: int) -> dict[str, Any]:
    """A change is on disk."""
    return {"type": "ack", "id": change_id, "seq": seq}


def timer_dict(timer: Timer | None, now: float) -> dict[str, Any] | None:
    """The countdown with the server's time, so a client needs no clock of its own to trust."""
    if timer is None:
        return None
    return {
        "question": timer.question,
        "duration": timer.duration,
        "running": timer.ends_at is not None,
        "remaining": round(remaining(timer, now), 3),
        "ends_at": timer.ends_at,
        "now": round(now, 3),
    }


def state_message(state: SessionState, seq: int, now: float | None = None) -> dict[str, Any]:
    """The session state (open, focus, voting, ended, exports, round, timer)."""
    data = state_to_dict(state)
    data.pop("ended_at", None)
    if not data["exports"]:
        data.pop("exports")
    data["timer"] = timer_dict(state.timer, time.time() if now is None else now)
    return {"type": "state", "state": data, "seq": seq}


def item_dict(item: Item) -> dict[str, Any]:
    """A note or action as the leader and screens see it."""
    data: dict[str, Any] = {"id": item.id, "kind": item.kind, "text": item.text}
    if item.kind == "note":
        data["question"] = item.question
    else:
        data["who"] = item.who
        data["when"] = item.when
    if item.removed:
        data["removed"] = True
    return data


def item_message(item: Item, seq: int) -> dict[str, Any]:
    """A note or action added, changed or removed."""
    return {"type": "item", **item_dict(item), "seq": seq}


def grouping_message(choice: GroupChoice, seq: int) -> dict[str, Any]:
    """A rode-draad merge or rename the leader made."""
    return {"type": "grouping", **groupings_to_list((choice,))[0], "seq": seq}


def ballot_message(s: Session, question: str, answers: list[Answer]) -> dict[str, Any]:
    """Every table's shown answers to the voted question, for the phones."""
    voting = s.state.voting
    budget = voting.votes_per_device if voting else DEFAULT_VOTES_PER_DEVICE
    return {
        "type": "ballot",
        "question": question,
        "answers": [{"id": a.id, "table": a.table, "text": a.text} for a in answers],
        "votes_per_device": budget,
    }


def tally_message(question: str, votes: Mapping[str, int]) -> dict[str, Any]:
    """Live votes per shown answer of the question, for leaders and screens."""
    return {"type": "tally", "question": question, "votes": dict(votes)}


def counts_message(connected: Mapping[int, int], joined: Mapping[int, int]) -> dict[str, Any]:
    """Phones connected and devices ever joined, per table (table number as a string key)."""
    return {
        "type": "counts",
        "connected": {str(n): v for n, v in sorted(connected.items())},
        "joined": {str(n): v for n, v in sorted(joined.items())},
    }


def error_message(code: str, language: str, ref: str | None = None) -> dict[str, Any]:
    """An error with its stable code and a sentence in the session's language."""
    texts = ERROR_TEXTS.get(language, ERROR_TEXTS["nl"])
    msg: dict[str, Any] = {"type": "error", "code": code, "message": texts[code]}
    if ref is not None:
        msg["ref"] = ref
    return msg


PONG = {"type": "pong"}


def created_message(
    change_id: str, code: str, join_url: str, leader: str, screen: str
) -> dict[str, Any]:
    """A hosted server's answer to `create`: the new session and its two tokens."""
    return {
        "type": "created",
        "id": change_id,
        "session": code,
        "join_url": join_url,
        "leader_token": leader,
        "screen_token": screen,
    }


def topic_message(t: Topic, seq: int) -> dict[str, Any]:
    """A rode-draad topic as leaders and screens get it (never phones)."""
    return {
        "type": "topic",
        "id": t.id,
        "question": t.question,
        "name": t.name,
        "about": t.about,
        "source": t.source,
        "removed": t.removed,
        "seq": seq,
    }


def placed_message(answer: str, p: Placement, seq: int) -> dict[str, Any]:
    """Where an answer is placed, and by whom (leaders and screens)."""
    return {"type": "placed", "answer": answer, "topic": p.topic, "by": p.by, "seq": seq}


def suggestions_message(
    question: str, method: str, suggestions: list[dict[str, Any]], seq: int
) -> dict[str, Any]:
    """The groups the computer proposes among a question's unplaced answers, and its method."""
    return {
        "type": "suggestions",
        "question": question,
        "method": method,
        "suggestions": suggestions,
        "seq": seq,
    }


def rode_draad_snapshot(
    s: Session, suggestions: Mapping[str, dict[str, Any]] | None = None
) -> dict[str, Any]:
    """The welcome's rode draad for leaders and screens: topics, placements, suggestions."""
    return {
        "topics": [topic_message(t, s.seq) for t in s.topics.values() if not t.removed],
        "placements": [
            {"answer": a, "topic": p.topic, "by": p.by}
            for a, p in s.placements.items()
            if (answer := s.answers.get(a)) is not None and answer.state != "withdrawn"
        ],
        "suggestions": list((suggestions or {}).values()),
        "method": s.placing,
    }


def welcome_message(
    s: Session,
    role: Role,
    *,
    author: str | None = None,
    counts: dict[str, Any] | None = None,
    suggestions: Mapping[str, dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """A complete snapshot of what this client may see (PROTOCOL.md, `welcome`)."""
    viewer = Viewer(role, author)
    table = s.seats.get(author) if author else None
    qs = s.questions
    msg: dict[str, Any] = {
        "type": "welcome",
        "protocol": PROTOCOL_VERSION,
        "session": {
            "code": s.code,
            "title": s.title,
            "language": qs.language,
            "intro": qs.intro,
            "questions": [question_dict(q) for q in qs.questions],
            "themes": [
                {"id": t.id, "title": t.title, "explanation": t.explanation} for t in qs.themes
            ],
            "tables": [{"number": n, "theme": theme} for n, theme in sorted(s.tables.items())],
            "state": state_message(s.state, s.seq)["state"],
            "premoderate": s.premoderate,
        },
        "you": {"role": role, "table": table},
        "answers": [
            answer_message(
                a, vote_count(s, a.id), s.seq, mine=author is not None and a.author == author
            )
            for a in visible_answers(s, viewer)
        ],
        "seq": s.seq,
    }
    msg |= poll_welcome(s, author if role == "participant" else None)
    voting = s.state.voting
    if role == "participant" and author is not None:
        msg["you"]["host"] = author in s.hosts
        msg["votes"] = own_votes(s, author)
        if voting is not None:
            msg["ballot"] = ballot_message(s, voting.question, shown_answers_to(s, voting.question))
    else:
        items = [item_dict(i) for i in s.items.values() if not i.removed]
        msg["notes"] = [i for i in items if i["kind"] == "note"]
        msg["actions"] = [i for i in items if i["kind"] == "action"]
        msg["counts"] = counts or counts_message({}, joined_counts(s))
        msg["groupings"] = groupings_to_list(s.groupings)
        msg["rode_draad"] = rode_draad_snapshot(s, suggestions)
        if voting is not None:
            msg["tally"] = tally_message(voting.question, tally(s, voting.question))
    return msg
