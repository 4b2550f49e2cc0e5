"""Reading a frame and its fields: each reader returns the value or raises _Bad (bad_message)."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from dialoogtafel.server.domain.events import Rejected
from dialoogtafel.server.domain.limits import GROUP_ANSWERS

MAX_ID = 64  # change ids are UUID4 strings; allow other short ids, bound them
MAX_TEXT = 12 * 1024  # a field's raw size; the domain bounds the cleaned text further

# A lone surrogate (JSON "\ud800") fits in a str but in no UTF-8 frame: an id holding one could
# be neither acked nor echoed, and once stored it broke every welcome. Text fields are cleaned
# of them by the domain instead (clean_text).
LONE_SURROGATE = re.compile("[\ud800-\udfff]")


class _Bad(Exception):
    """A field is missing or of the wrong type (becomes Rejected("bad_message"))."""


class _TooLong(_Bad):
    """A text field over MAX_TEXT (becomes Rejected("too_long"), as over the domain's limit)."""


def _text(data: Mapping[str, Any], key: str, *, empty: bool = False, limit: int = MAX_TEXT) -> str:
    """Participant or leader text: a string of at most `limit` characters (MAX_TEXT); the
    domain cleans it further."""
    value = data.get(key)
    if not isinstance(value, str) or (not empty and not value):
        raise _Bad(key)
    if len(value) > limit:
        raise _TooLong(key)
    return value


def _str(data: Mapping[str, Any], key: str, limit: int = MAX_ID) -> str:
    """An id, code or token: short, and sendable back in a frame."""
    value = data.get(key)
    if not isinstance(value, str) or not value or len(value) > limit:
        raise _Bad(key)
    if not value.isascii() and LONE_SURROGATE.search(value):  # ids are ASCII: no regex
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


def _picks(data: Mapping[str, Any], key: str, limit: int) -> tuple[int, ...]:
    """A list of at most `limit` option indexes (integers; the domain checks them further)."""
    value = data.get(key)
    if not isinstance(value, list) or len(value) > limit:
        raise _Bad(key)
    return tuple(_int({"v": v}, "v", 0, limit - 1) for v in value)


def _texts(data: Mapping[str, Any], key: str, limit: int) -> tuple[str, ...]:
    """A list of at most `limit` texts (options, labels); a missing list is an empty one."""
    value = data.get(key, [])
    if not isinstance(value, list) or len(value) > limit:
        raise _Bad(key)
    return tuple(_text({"v": v}, "v") for v in value)
