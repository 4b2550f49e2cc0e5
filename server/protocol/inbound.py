"""Frames in: parse() turns each into a hello, a ping or a domain command, or a Rejected.

The vocabulary (types, actions, error codes) and the change frames live here; the first frame
(hello, create) is read in first.py, the fields of any frame in fields.py."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from dialoogtafel.server.domain import commands as c
from dialoogtafel.server.domain.events import Rejected
from dialoogtafel.server.domain.limits import (
    DEFAULT_VOTES_PER_DEVICE,
    MAX_OPTIONS,
    MAX_TABLES,
    MAX_TIMER_SECONDS,
    SCALE_HIGH,
)
from dialoogtafel.server.protocol.fields import (
    MAX_ID,
    MAX_TEXT,
    _Bad,
    _bool,
    _ids,
    _int,
    _load,
    _opt_str,
    _picks,
    _ref,
    _str,
    _text,
    _texts,
    _TooLong,
)
from dialoogtafel.server.protocol.first import ROLES, Create, Hello, Role, _hello, parse_first

PROTOCOL_VERSION = 1
MAX_FRAME = 16 * 1024

ERROR_CODES = (
    "hello_first",
    "bad_json",
    "bad_message",
    "unknown_type",
    "no_session",
    "bad_token",
    "not_allowed",
    "no_table",
    "closed",
    "too_long",
    "too_many",
    "rate_limited",
    "too_big",
    "slow",
)
CLIENT_TYPES = (
    "hello",
    "table",
    "answer",
    "edit",
    "withdraw",
    "vote",
    "host",
    "control",
    "response",
    "ping",
)
SERVER_TYPES = (
    "welcome",
    "ack",
    "answer",
    "gone",
    "ballot",
    "tally",
    "state",
    "item",
    "counts",
    "error",
    "pong",
    "grouping",
    "topic",
    "placed",
    "suggestions",
    "results",
    "question",
)
CONTROL_ACTIONS = (
    "open",
    "close",
    "focus",
    "theme",
    "hide",
    "unhide",
    "highlight",
    "unhighlight",
    "voting",
    "note",
    "action_item",
    "edit_item",
    "remove_item",
    "end",
    "timer",
    "next_round",
    "approve",
    "group_merge",
    "group_rename",
    "topic_add",
    "topic_edit",
    "topic_remove",
    "topic_move",
    "ask",
    "reveal",
)
TIMER_ACTIONS = ("start", "pause", "resume", "extend", "stop")
# A hosted server's first frame instead of hello, its answer and its error (docs/protocol.md)
CLIENT_TYPES = (*CLIENT_TYPES, "create")
SERVER_TYPES = (*SERVER_TYPES, "created")
ERROR_CODES = (*ERROR_CODES, "bad_set")


@dataclass(frozen=True, slots=True)
class Ping:
    """A keep-alive; answered by pong."""


Inbound = Hello | Ping | c.Command


def _control(d: Mapping[str, Any]) -> c.Command:
    cid = _str(d, "id")
    action = d.get("action")
    match action:
        case "open" | "close":
            return c.OpenQuestion(cid, _str(d, "question"), open=action == "open")
        case "focus":
            return c.Focus(cid, _opt_str(d, "question"))
        case "theme":
            return c.SetTheme(cid, _int(d, "table", 1, MAX_TABLES), _opt_str(d, "theme"))
        case "hide" | "unhide" | "highlight" | "unhighlight" | "approve":
            return c.Moderate(cid, _str(d, "answer"), action)
        case "voting":
            budget = d.get("votes_per_device", DEFAULT_VOTES_PER_DEVICE)
            votes = _int({"v": budget}, "v", 1, 1000)
            return c.SetVoting(cid, _str(d, "question"), _bool(d, "on"), votes)
        case "note":
            return c.AddNote(cid, _opt_str(d, "question"), _text(d, "text"))
        case "action_item":
            return c.AddAction(
                cid,
                _text(d, "text"),
                _text(d, "who", empty=True) if "who" in d else "",
                _text(d, "when", empty=True) if "when" in d else "",
            )
        case "edit_item":
            fields: dict[str, str | None] = {}
            for name in ("text", "who", "when", "question"):
                if name in d:
                    value = d[name]
                    if value is not None:
                        value = _text(d, name, empty=True) if name != "question" else _str(d, name)
                    fields[name] = value
            return c.EditItem(cid, _str(d, "item"), fields)
        case "remove_item":
            return c.RemoveItem(cid, _str(d, "item"))
        case "end":
            return c.End(cid)
        case "timer":
            return _timer(cid, d)
        case "next_round":
            return c.NextRound(cid)
        case "group_merge":
            return c.GroupMerge(cid, _str(d, "question"), _ids(d, "answers"))
        case "group_rename":
            return c.GroupRename(cid, _str(d, "question"), _ids(d, "answers"), _text(d, "label"))
        case "topic_add" | "topic_edit" | "topic_remove" | "topic_move":
            return _topic(cid, action, d)
        case "ask":
            return _ask(cid, d)
        case "reveal":
            return c.Reveal(cid, _str(d, "question"), _bool(d, "on"))
    raise _Bad("action")


def _topic(cid: str, action: str, d: Mapping[str, Any]) -> c.Command:
    """A rode-draad topic change (PROTOCOL.md, "Topics of the rode draad")."""
    match action:
        case "topic_add":
            answers = _ids(d, "answers") if d.get("answers") else ()
            about = _text(d, "about", empty=True) if d.get("about") is not None else ""
            return c.TopicAdd(cid, _str(d, "question"), _text(d, "name"), about, answers)
        case "topic_edit":
            name = _text(d, "name") if d.get("name") is not None else None
            about = _text(d, "about", empty=True) if d.get("about") is not None else None
            return c.TopicEdit(cid, _str(d, "topic"), name, about)
        case "topic_remove":
            return c.TopicRemove(cid, _str(d, "topic"))
    if "topic" not in d:
        raise _Bad("topic")
    return c.TopicMove(cid, _str(d, "answer"), _opt_str(d, "topic"))


def _timer(cid: str, d: Mapping[str, Any]) -> c.SetTimer:
    verb = d.get("timer")
    if verb not in TIMER_ACTIONS:
        raise _Bad("timer")
    seconds = _int(d, "seconds", 1, MAX_TIMER_SECONDS) if verb in ("start", "extend") else 0
    question = _opt_str(d, "question") if verb == "start" else None
    return c.SetTimer(cid, verb, seconds, question)


def _ask(cid: str, d: Mapping[str, Any]) -> c.Ask:
    kind = d.get("kind")
    text = _text(d, "text")
    match kind:
        case "open":
            return c.Ask(cid, kind, text)
        case "choice":
            picks = _int(d, "max_picks", 1, MAX_OPTIONS) if "max_picks" in d else 1
            return c.Ask(cid, kind, text, _texts(d, "options", MAX_OPTIONS), picks)
        case "scale":
            low, high = _int(d, "min", 0, SCALE_HIGH), _int(d, "max", 0, SCALE_HIGH)
            return c.Ask(cid, kind, text, min=low, max=high, labels=_texts(d, "labels", 2))
    raise _Bad("kind")


def _response(d: Mapping[str, Any]) -> c.Respond:
    """`picks` (a choice) or `value` (a scale; null takes it back): one of the two."""
    cid, question = _str(d, "id"), _str(d, "question")
    if ("picks" in d) == ("value" in d):
        raise _Bad("picks")
    if "picks" in d:
        return c.Respond(cid, question, picks=_picks(d, "picks", MAX_OPTIONS))
    value = None if d["value"] is None else _int(d, "value", -(2**31), 2**31)
    return c.Respond(cid, question, value=value)


READERS: dict[str, Callable[[Mapping[str, Any]], Inbound]] = {
    "hello": _hello,
    "ping": lambda d: Ping(),
    "table": lambda d: c.Sit(_str(d, "id"), _int(d, "table", 1, MAX_TABLES)),
    "answer": lambda d: c.AddAnswer(_str(d, "id"), _str(d, "question"), _text(d, "text")),
    "edit": lambda d: c.EditAnswer(_str(d, "id"), _str(d, "answer"), _text(d, "text")),
    "withdraw": lambda d: c.Withdraw(_str(d, "id"), _str(d, "answer")),
    "vote": lambda d: c.CastVote(_str(d, "id"), _str(d, "answer"), _bool(d, "on")),
    "host": lambda d: c.SetHost(_str(d, "id"), _bool(d, "on")),
    "control": _control,
    "response": _response,
}


def parse(raw: str | bytes) -> Inbound | Rejected:
    """Turn one text frame into a hello, a ping or a command, or say which rule it broke."""
    data = _load(raw)
    if isinstance(data, Rejected):
        return data
    reader = READERS.get(data["type"])
    if reader is None:
        return Rejected("unknown_type", _ref(data))
    try:
        return reader(data)
    except _TooLong:
        return Rejected("too_long", _ref(data))
    except _Bad:
        return Rejected("bad_message", _ref(data))


__all__ = [
    "CLIENT_TYPES",
    "CONTROL_ACTIONS",
    "ERROR_CODES",
    "MAX_FRAME",
    "MAX_ID",
    "MAX_TEXT",
    "PROTOCOL_VERSION",
    "READERS",
    "ROLES",
    "SERVER_TYPES",
    "TIMER_ACTIONS",
    "Create",
    "Hello",
    "Inbound",
    "Ping",
    "Role",
    "parse",
    "parse_first",
]
