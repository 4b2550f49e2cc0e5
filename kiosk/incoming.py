"""Server messages into KioskState: apply_messages() reads each and folds it into a new state."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from types import MappingProxyType
from typing import Any

from dialoogtafel.kiosk.countdown import timer_info
from dialoogtafel.kiosk.polls import poll_results, question_info, results_of
from dialoogtafel.kiosk.state import (
    Action,
    AnswerInfo,
    GroupingInfo,
    KioskState,
    Note,
    Status,
    ThemeInfo,
)
from dialoogtafel.kiosk.topics_state import applied, from_welcome


def _int_keys(data: Any) -> dict[int, int]:
    if not isinstance(data, Mapping):
        return {}
    out: dict[int, int] = {}
    for key, value in data.items():
        try:
            out[int(key)] = int(value)
        except (TypeError, ValueError):
            continue
    return out


def _status(data: Any) -> Status:
    if not isinstance(data, Mapping):
        raise ValueError("state")
    voting = data.get("voting")
    if not isinstance(voting, Mapping):
        voting = {"question": None}
    exports = data.get("exports") or {}
    return Status(
        open=frozenset(str(q) for q in data.get("open") or ()),
        focus=data.get("focus"),
        voting=voting.get("question"),
        votes_per_device=int(voting.get("votes_per_device", 3)),
        ended=bool(data.get("ended", False)),
        exports=MappingProxyType({str(k): str(v) for k, v in exports.items()}),
        round=int(data.get("round", 1)),
        timer=timer_info(data.get("timer")),
        revealed=frozenset(str(q) for q in data.get("revealed") or ()),
    )


def _answer(data: Mapping[str, Any], arrival: int) -> AnswerInfo:
    return AnswerInfo(
        id=str(data["id"]),
        question=str(data["question"]),
        table=int(data["table"]),
        text=str(data.get("text", "")),
        state=str(data.get("state", "shown")),
        highlighted=bool(data.get("highlighted", False)),
        votes=int(data.get("votes", 0)),
        arrival=arrival,
        round=int(data.get("round", 1)),
    )


def _item(data: Mapping[str, Any]) -> Note | Action:
    if data.get("kind") == "note":
        question = data.get("question")
        question = None if question is None else str(question)
        return Note(str(data["id"]), str(data.get("text", "")), question)
    return Action(
        str(data["id"]),
        str(data.get("text", "")),
        str(data.get("who") or ""),
        str(data.get("when") or ""),
    )


def _grouping(data: Mapping[str, Any]) -> GroupingInfo:
    return GroupingInfo(
        str(data["id"]),
        "merge" if data.get("kind") == "merge" else "rename",
        str(data["question"]),
        tuple(str(a) for a in data["answers"]),
        str(data.get("label") or ""),
    )


def _welcome(msg: Mapping[str, Any]) -> KioskState:
    session = msg["session"]
    you = msg.get("you") or {}
    tally = msg.get("tally") or {}
    counts = msg.get("counts") or {}
    state = KioskState(
        welcomed=True,
        code=str(session.get("code", "")),
        title=str(session.get("title", "")),
        language="en" if session.get("language") == "en" else "nl",
        intro=str(session.get("intro", "")),
        role=str(you.get("role", "leader")),
        questions=tuple(question_info(q) for q in session.get("questions") or ()),
        themes=tuple(
            ThemeInfo(str(t["id"]), str(t.get("title", "")), str(t.get("explanation") or ""))
            for t in session.get("themes") or ()
        ),
        tables=MappingProxyType(
            {int(t["number"]): t.get("theme") for t in session.get("tables") or ()}
        ),
        status=_status(session.get("state")),
        tally_question=tally.get("question"),
        tally=MappingProxyType({str(k): int(v) for k, v in (tally.get("votes") or {}).items()}),
        connected=MappingProxyType(_int_keys(counts.get("connected"))),
        joined=MappingProxyType(_int_keys(counts.get("joined"))),
        seq=int(msg.get("seq", 0)),
        premoderate=bool(session.get("premoderate", False)),
    )
    answers = [_answer(a, i + 1) for i, a in enumerate(msg.get("answers") or ())]
    items = [_item(i) for i in [*(msg.get("notes") or ()), *(msg.get("actions") or ())]]
    return replace(
        state,
        answers=MappingProxyType({a.id: a for a in answers}),
        arrivals=len(answers),
        notes=MappingProxyType({i.id: i for i in items if isinstance(i, Note)}),
        actions=MappingProxyType({i.id: i for i in items if isinstance(i, Action)}),
        groupings=tuple(_grouping(g) for g in msg.get("groupings") or ()),
        rode_draad=from_welcome(msg.get("rode_draad")),
        results=results_of(msg),
    )


class _Batch:
    """Applies many messages to one state, copying each mapping at most once."""

    def __init__(self, state: KioskState) -> None:
        self.state = state
        self.changes: dict[str, Any] = {}
        self.copies: dict[str, dict[Any, Any]] = {}

    def get(self, name: str) -> Any:
        if name in self.copies:
            return self.copies[name]
        return self.changes.get(name, getattr(self.state, name))

    def mutable(self, name: str) -> dict[Any, Any]:
        if name not in self.copies:
            self.copies[name] = dict(getattr(self.state, name))
        return self.copies[name]

    def set(self, name: str, value: Any) -> None:
        self.copies.pop(name, None)
        self.changes[name] = value

    def flush(self) -> KioskState:
        changes = dict(self.changes)
        changes.update({name: MappingProxyType(d) for name, d in self.copies.items()})
        state = replace(self.state, **changes) if changes else self.state
        self.state, self.changes, self.copies = state, {}, {}
        return state

    def seq(self, msg: Mapping[str, Any]) -> None:
        if isinstance(msg.get("seq"), int):
            self.set("seq", max(self.get("seq"), msg["seq"]))

    def apply(self, msg: Mapping[str, Any]) -> None:
        kind = msg.get("type")
        if kind == "welcome":
            self.state, self.changes, self.copies = _welcome(msg), {}, {}
            return
        if not self.get("welcomed"):
            return  # nothing means anything before the snapshot
        # Each branch reads and checks the message before it changes anything.
        if kind == "answer":
            old = self.get("answers").get(str(msg["id"]))
            answer = _answer(msg, old.arrival if old else self.get("arrivals") + 1)
            if old is None:
                self.set("arrivals", answer.arrival)
            if answer.state == "withdrawn":
                self.mutable("answers").pop(answer.id, None)
            else:
                self.mutable("answers")[answer.id] = answer
            self.seq(msg)
        elif kind == "gone":
            self.mutable("answers").pop(str(msg["id"]), None)
            self.seq(msg)
        elif kind == "state":
            self.set("status", _status(msg["state"]))
            self.seq(msg)
        elif kind == "tally":
            votes = {str(k): int(v) for k, v in (msg.get("votes") or {}).items()}
            self.set("tally_question", msg.get("question"))
            self.set("tally", MappingProxyType(votes))
        elif kind == "counts":
            connected, joined = _int_keys(msg.get("connected")), _int_keys(msg.get("joined"))
            self.set("connected", MappingProxyType(connected))
            self.set("joined", MappingProxyType(joined))
        elif kind == "item":
            item = _item(msg)
            name = "notes" if isinstance(item, Note) else "actions"
            other = "actions" if name == "notes" else "notes"
            if item.id in self.get(other):
                self.mutable(other).pop(item.id)
            if msg.get("removed"):
                self.mutable(name).pop(item.id, None)
            else:
                self.mutable(name)[item.id] = item
            self.seq(msg)
        elif kind == "grouping":
            choice = _grouping(msg)
            if all(g.id != choice.id for g in self.get("groupings")):
                self.set("groupings", (*self.get("groupings"), choice))
            self.seq(msg)
        elif kind in ("topic", "placed", "suggestions"):
            self.set("rode_draad", applied(self.get("rode_draad"), msg))
            self.seq(msg)
        elif kind == "question":
            question = question_info(msg)
            if all(q.id != question.id for q in self.get("questions")):
                self.set("questions", (*self.get("questions"), question))
            self.seq(msg)
        elif kind == "results":
            results = poll_results(msg)
            self.mutable("results")[results.question] = results
        # ack, error, pong, ballot: nothing to keep here


def apply_messages(state: KioskState, messages: Iterable[Mapping[str, Any]]) -> KioskState:
    """The state after these server messages, in order; a malformed one is skipped."""
    batch = _Batch(state)
    for msg in messages:
        try:
            batch.apply(msg)
        except (KeyError, TypeError, ValueError, AttributeError):
            continue  # checked before any change, so the state stays as it was
    return batch.flush()


def apply_message(state: KioskState, msg: Mapping[str, Any]) -> KioskState:
    """The state after one server message."""
    return apply_messages(state, (msg,))
