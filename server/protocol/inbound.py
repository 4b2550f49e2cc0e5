"""Frames in: parse() turns each into a hello, a ping or a domain command, or a Rejected."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from server.domain import commands as c
from server.domain.events import Rejected
from server.domain.limits import (
    DEFAULT_VOTES_PER_DEVICE,
    GROUP_ANSWERS,
    MAX_TABLES,
    MAX_TIMER_SECONDS,
)

PROTOCOL_VERSION = 1
MAX_FRAME = 16 * 1024
MAX_ID = 64  # change ids are UUID4 strings; allow other short ids, bound them
MAX_TEXT = 12 * 1024  # a field's raw size; the domain bounds the cleaned text further

# A lone surrogate (JSON "\ud800") fits in a str but in no UTF-8 frame: an id holding one could
# be neither acked nor echoed, and once stored it broke every welcome. Text fields are cleaned
# of them by the domain instead (clean_text).
LONE_SURROGATE = re.compile("[\ud800-\udfff]")

Role = Literal["participant", "leader", "screen"]
ROLES: tuple[Role, ...] = ("participant", "leader", "screen")

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
)
TIMER_ACTIONS = ("start", "pause", "resume", "extend", "stop")
# A hosted server's first frame instead of hello, its answer and its error (docs/protocol.md)
CLIENT_TYPES = (*CLIENT_TYPES, "create")
SERVER_TYPES = (*SERVER_TYPES, "created")
ERROR_CODES = (*ERROR_CODES, "bad_set")


@dataclass(frozen=True, slots=True)
class Hello:
    """The first frame: which session, as whom."""

    session: str
    role: Role
    device: str | None = None
    token: str | None = None
    table: int | None = None


@dataclass(frozen=True, slots=True)
class Create:
    """A first frame on a hosted server: a new session, made with the organizer key."""

    id: str
    key: str
    tables: int
    set_id: str | None = None  # a shipped set, or
    toml: str | None = None  # the text of a set file
    premoderate: bool = False  # new answers wait for the leader's approval


@dataclass(frozen=True, slots=True)
class Ping:
    """A keep-alive; answered by pong."""


Inbound = Hello | Ping | c.Command


class _Bad(Exception):
    """A field is missing or of the wrong type (becomes Rejected("bad_message"))."""


class _TooLong(_Bad):
    """A text field over MAX_TEXT (becomes Rejected("too_long"), as over the domain's limit)."""


def _text(data: Mapping[str, Any], key: str, *, empty: bool = False) -> str:
    """Participant or leader text: a string of at most MAX_TEXT; the domain cleans it further."""
    value = data.get(key)
    if not isinstance(value, str) or (not empty and not value):
        raise _Bad(key)
    if len(value) > MAX_TEXT:
        raise _TooLong(key)
    return value


def _str(data: Mapping[str, Any], key: str, limit: int = MAX_ID) -> str:
    """An id, code or token: short, and sendable back in a frame."""
    value = data.get(key)
    if not isinstance(value, str) or not value or len(value) > limit:
        raise _Bad(key)
    if LONE_SURROGATE.search(value):
        raise _Bad(key)
    return value


def _ref(data: Mapping[str, Any]) -> str | None:
    """The frame's change id, when it is one an error may echo back."""
    try:
        return _str(data, "id")
    except _Bad:
        return None


def _opt_str(data: Mapping[str, Any], key: str, limit: int = MAX_ID) -> str | None:
    return None if data.get(key) is None else _str(data, key, limit)


def _int(data: Mapping[str, Any], key: str, low: int, high: int) -> int:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise _Bad(key)
    return value


def _bool(data: Mapping[str, Any], key: str) -> bool:
    value = data.get(key)
    if not isinstance(value, bool):
        raise _Bad(key)
    return value


def _ids(data: Mapping[str, Any], key: str, limit: int = GROUP_ANSWERS) -> tuple[str, ...]:
    """A non-empty list of at most `limit` ids."""
    value = data.get(key)
    if not isinstance(value, list) or not value or len(value) > limit:
        raise _Bad(key)
    return tuple(_str({"v": v}, "v") for v in value)


def _hello(d: Mapping[str, Any]) -> Hello:
    role = d.get("role")
    if role not in ROLES:
        raise _Bad("role")
    table = None if d.get("table") is None else _int(d, "table", 1, MAX_TABLES)
    if role == "participant":
        return Hello(_str(d, "session"), "participant", device=_str(d, "device", 128), table=table)
    token = d.get("token")
    if not isinstance(token, str):
        raise _Bad("token")
    # any string is a token that matches or not (bad_token); only a missing one is bad_message
    return Hello(_str(d, "session"), role, token=token)


def _create(d: Mapping[str, Any]) -> Create:
    key = d.get("key")
    if not isinstance(key, str):
        raise _Bad("key")
    set_id = _opt_str(d, "set")
    toml = None if d.get("toml") is None else _text(d, "toml")
    if (set_id is None) == (toml is None):
        raise _Bad("set")  # one of the two
    premoderate = _bool(d, "premoderate") if "premoderate" in d else False
    tables = _int(d, "tables", 1, MAX_TABLES)
    return Create(_str(d, "id"), key, tables, set_id, toml, premoderate)


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
    raise _Bad("action")


def _timer(cid: str, d: Mapping[str, Any]) -> c.SetTimer:
    verb = d.get("timer")
    if verb not in TIMER_ACTIONS:
        raise _Bad("timer")
    seconds = _int(d, "seconds", 1, MAX_TIMER_SECONDS) if verb in ("start", "extend") else 0
    question = _opt_str(d, "question") if verb == "start" else None
    return c.SetTimer(cid, verb, seconds, question)


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
}


def _load(raw: str | bytes) -> dict[str, Any] | Rejected:
    """A frame's JSON object with a string `type`, or why it is not one."""
    if isinstance(raw, bytes):
        return Rejected("bad_message")  # the protocol is text frames only
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):  # ValueError: bad JSON, or a number over 4,300 digits
        return Rejected("bad_json")
    if not isinstance(data, dict) or not isinstance(data.get("type"), str):
        return Rejected("bad_message")
    return data


def parse_first(raw: str | bytes) -> Hello | Create | Rejected:
    """The first frame: a hello (or a create); bad_message for one with a missing or wrong
    field, bad_json for no JSON, hello_first for anything else."""
    data = _load(raw)
    if isinstance(data, Rejected):
        return data if data.code == "bad_json" else Rejected("hello_first")
    if data["type"] not in ("hello", "create"):
        return Rejected("hello_first")
    try:
        return _hello(data) if data["type"] == "hello" else _create(data)
    except _TooLong:
        return Rejected("too_big", _ref(data) if data["type"] == "create" else None)
    except _Bad:
        return Rejected("bad_message", _ref(data) if data["type"] == "create" else None)


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
