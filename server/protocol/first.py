"""The first frame: a hello (which session, as whom) or, on a hosted server, a create."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from dialoogtafel.server.domain.events import Rejected
from dialoogtafel.server.domain.limits import MAX_TABLES
from dialoogtafel.server.protocol.fields import (
    _Bad,
    _bool,
    _int,
    _load,
    _opt_str,
    _ref,
    _str,
    _text,
    _TooLong,
)

FIRST_FRAME_TEXT = 64 * 1024  # characters; frames over 16 KiB of UTF-8 never get this far
CREATE_LANGUAGE = "en"  # create comes from the organizer's command line, which speaks English

Role = Literal["participant", "leader", "screen"]
ROLES: tuple[Role, ...] = ("participant", "leader", "screen")


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
    # a set file's text may fill the frame: the frame's own bound (16 KiB) is the only one
    toml = None if d.get("toml") is None else _text(d, "toml", limit=FIRST_FRAME_TEXT)
    if (set_id is None) == (toml is None):
        raise _Bad("set")  # one of the two
    premoderate = _bool(d, "premoderate") if "premoderate" in d else False
    tables = _int(d, "tables", 1, MAX_TABLES)
    return Create(_str(d, "id"), key, tables, set_id, toml, premoderate)


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


def first_language(raw: str | bytes) -> str:
    """The language to refuse a first frame in: English for a `create`, else Dutch (no session
    is known yet; the phone page shows its own text for these codes)."""
    data = _load(raw)
    is_create = not isinstance(data, Rejected) and data["type"] == "create"
    return CREATE_LANGUAGE if is_create else "nl"


def first_ref(raw: str | bytes) -> str | None:
    """The change id of a `create` frame, to echo in its error (hellos have none)."""
    data = _load(raw)
    return _ref(data) if not isinstance(data, Rejected) and data["type"] == "create" else None
