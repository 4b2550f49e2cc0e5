"""Hostile frames for bench/fuzz.py: every field of every message made wrong, and worse.

Each Frame says which error codes are right for it (`expect`), so a wrong code is a finding
as much as a crash. Frames come from valid templates and one mutation each: a field of the
wrong type, missing, too long or out of range; hostile but valid text; unknown types; not an
object; not JSON; deep nesting; huge numbers; invalid UTF-8; binary frames; sizes around 16 KiB.
"""

from __future__ import annotations

import json
import random
import uuid
from dataclasses import dataclass
from typing import Any

MAX_FRAME = 16 * 1024
MAX_READ = 64 * 1024  # server.config.Limits.max_read: past it websockets closes by itself
ANY = None  # any outcome (an ack or an error the domain chose) is right


@dataclass(frozen=True, slots=True)
class Frame:
    """One frame to send and what the server must answer to it."""

    data: str | bytes
    note: str
    expect: frozenset[str] | None = ANY  # the error codes that are right; ANY: ack or any error
    closes: int | None = None  # the close code it must cause (it is then the last frame)
    binary: bool = False  # send as a binary frame (data is bytes)
    change: dict[str, Any] | None = None  # the message, when it may be a valid change


def codes(*names: str) -> frozenset[str]:
    """A set of acceptable error codes."""
    return frozenset(names)


# Kinds of field: what a valid value looks like is decided in Mutator.value().
ID, OPT_ID, TEXT, OPT_TEXT, TABLE, OPT_TABLE, BOOL, VOTES = [
    "id",
    "opt_id",
    "text",
    "opt_text",
    "table",
    "opt_table",
    "bool",
    "votes",
]
WRONG: dict[str, list[Any]] = {  # values the parser must refuse as bad_message
    ID: [None, 0, -1, 1.5, True, [], {}, "", "x" * 65, ["q1"], {"id": "x"}],
    OPT_ID: [0, 1.5, False, [], {}, "", "x" * 65],
    TEXT: [None, 0, 2**64, True, [], {}, "", ["tekst"]],
    OPT_TEXT: [0, True, [], {}],
    TABLE: [None, "1", 1.5, True, False, 0, -1, 501, 2**64, -(2**63), 1e308, [1], {}],
    OPT_TABLE: ["1", 1.5, True, 0, -1, 501, 2**64, [1]],
    BOOL: [None, 0, 1, "true", "false", [], {}],
    VOTES: [None, 0, -3, 1001, "3", 2.5, True, 2**70],
}
MESSAGES: dict[str, dict[str, str]] = {  # participant messages: field -> kind (all required)
    "table": {"id": ID, "table": TABLE},
    "answer": {"id": ID, "question": ID, "text": TEXT},
    "edit": {"id": ID, "answer": ID, "text": TEXT},
    "withdraw": {"id": ID, "answer": ID},
    "vote": {"id": ID, "answer": ID, "on": BOOL},
}
CONTROLS: dict[str, dict[str, str]] = {  # leader control actions: field -> kind
    "open": {"question": ID},
    "close": {"question": ID},
    "focus": {"question": OPT_ID},
    "theme": {"table": TABLE, "theme": OPT_ID},
    "hide": {"answer": ID},
    "unhide": {"answer": ID},
    "highlight": {"answer": ID},
    "unhighlight": {"answer": ID},
    "voting": {"question": ID, "on": BOOL, "votes_per_device": VOTES},
    "note": {"question": OPT_ID, "text": TEXT},
    "action_item": {"text": TEXT, "who": OPT_TEXT, "when": OPT_TEXT},
    "edit_item": {"item": ID, "text": OPT_TEXT},
    "remove_item": {"item": ID},
    "end": {},
}
OPTIONAL = {OPT_ID, OPT_TEXT, OPT_TABLE, VOTES}  # may be left out
DISRUPTIVE = {"end", "close"}  # never sent valid: the well-behaved phones must keep working

HOSTILE_TEXT = [
    "[bold red]vet[/] [link=https://example.org]klik[/link]",
    "\x1b[31mrood\x1b[0m \x1b]0;titel\x07 \x9b2J",
    "\u202eesrever\u202c \u2066geïsoleerd\u2069 \u200f",
    "zero\u200bwidth\u200c\u200d\ufeff",
    "👩🏽\u200d⚕️ 👨\u200d👩\u200d👧 🏳️\u200d🌈",
    "שלום עולם مرحبا بالعالم",
    "<script>alert(1)</script><b>vet</b> &amp;",
    "# kop\n| a | b |\n|---|---|\n- [x](javascript:alert(1))",
    "nul\x00byte\x7f del",
    "lone \ud800 high and \udfff low surrogate",
    "e\u0301 combining, \u0958 decomposes, Å",
    "\t\n  spaces and tabs only around  \n\t",
    "\x00\x01\x1b",  # nothing left after cleaning
    "x" * 1000,
    "y" * 1001,
    "é" * 1000,
    "\U0001f600" * 1001,
]


class Mutator:
    """Makes frames from a seeded random source; `known` holds answer ids that exist."""

    def __init__(self, rng: random.Random, tables: int = 4, questions: int = 4) -> None:
        self.rng = rng
        self.tables = tables
        self.questions = questions
        self.known: list[str] = []

    def value(self, kind: str, name: str) -> Any:
        """A valid value of this kind (valid for the parser; the domain may still refuse it)."""
        r = self.rng
        if kind in (ID, OPT_ID):
            if name == "id":
                return str(uuid.UUID(int=r.getrandbits(128), version=4))
            if name == "question":
                return f"q{r.randint(1, self.questions + 1)}"
            if name == "answer" and self.known and r.random() < 0.7:
                return r.choice(self.known)
            return r.choice(["x", "q1", "a" * 64, str(uuid.UUID(int=r.getrandbits(128)))])
        if kind in (TEXT, OPT_TEXT):
            return r.choice(HOSTILE_TEXT) if r.random() < 0.5 else f"gewoon antwoord {r.random()}"
        if kind in (TABLE, OPT_TABLE):
            return r.randint(1, self.tables + 1)
        if kind == BOOL:
            return r.random() < 0.5
        return r.randint(1, 20)  # VOTES

    def template(self, leader: bool, calm: bool = False) -> tuple[dict[str, Any], dict[str, str]]:
        """A valid message and its field kinds (`calm`: no action that would end or close)."""
        if leader:
            action = self.rng.choice([a for a in CONTROLS if not (calm and a in DISRUPTIVE)])
            fields = {"id": ID, **CONTROLS[action]}
            msg: dict[str, Any] = {"type": "control", "action": action}
        else:
            kind = self.rng.choice(list(MESSAGES))
            fields = MESSAGES[kind]
            msg = {"type": kind}
        for name, kind_ in fields.items():
            msg[name] = self.value(kind_, name)
        return msg, fields

    def frame(self, leader: bool = False) -> Frame:
        """One hostile frame for a connection that has said hello."""
        return fit(self._frame(leader))

    def _frame(self, leader: bool) -> Frame:
        r = self.rng
        pick = r.random()
        msg, fields = self.template(leader)
        if pick < 0.30 and fields:
            name = r.choice(list(fields))
            bad = r.choice(WRONG[fields[name]])
            msg[name] = bad
            return Frame(dump(msg), f"wrong {name}={short(bad)}", codes("bad_message"))
        if pick < 0.38:
            required = [n for n, k in fields.items() if k not in OPTIONAL]
            if required:
                name = r.choice(required)
                del msg[name]
                return Frame(dump(msg), f"no {name}", codes("bad_message"))
        if pick < 0.42 and any(k in (TEXT, OPT_TEXT) for k in fields.values()):
            name = next(n for n, k in fields.items() if k in (TEXT, OPT_TEXT))
            msg[name] = "z" * r.choice([12 * 1024 + 1, 14000])
            return Frame(dump(msg), f"{name} over 12 KiB", codes("too_long"))
        if pick < 0.62:
            if msg.get("action") in DISRUPTIVE:  # the good phones must keep working
                msg, _ = self.template(leader, calm=True)
            return Frame(dump(msg), f"valid-looking {msg['type']}", change=msg)
        if pick < 0.66:
            other, _ = self.template(not leader)
            return Frame(dump(other), f"{other['type']} in the wrong role", codes("not_allowed"))
        return self.oddity()

    def oddity(self) -> Frame:
        """A frame that is wrong as a whole rather than in one field."""
        r = self.rng
        cid = str(uuid.UUID(int=r.getrandbits(128), version=4))
        choices = [
            lambda: Frame(
                dump({"type": r.choice(["shout", "ANSWER", "", "hello2"]), "id": cid}),
                "unknown type",
                codes("unknown_type"),
            ),
            lambda: Frame(
                dump({"type": r.choice([5, None, [], {}, True])}),
                "type not a string",
                codes("bad_message"),
            ),
            lambda: Frame(
                r.choice(["[]", "1", '"ping"', "null", "NaN", '[{"type":"ping"}]']),
                "not an object",
                codes("bad_message"),
            ),
            lambda: Frame(
                r.choice(["{", '{"type":', "ping", "{'type':'ping'}", "\x00", " "]),
                "not JSON",
                codes("bad_json"),
            ),
            lambda: nested(r.randint(2000, 8000), r.random() < 0.5),
            lambda: Frame(
                '{"type":"ping","n":' + "9" * r.randint(4301, 9000) + "}",
                "number over 4,300 digits",
                codes("bad_json"),
            ),
            lambda: Frame(
                '{"type":"table","id":"' + cid + '","table":1e999}',
                "table 1e999",
                codes("bad_message"),
            ),
            lambda: Frame(
                dump(
                    {
                        "type": "control",
                        "id": cid,
                        "action": r.choice(["explode", None, 5, "END", ""]),
                    }
                ),
                "unknown control action",
                codes("bad_message"),
            ),
            lambda: Frame('{"type":"ping","type":"shout"}', "duplicate key", codes("unknown_type")),
            lambda: Frame(
                json.dumps({"type": "ping"}).encode(),
                "binary frame",
                codes("bad_message"),
                binary=True,
            ),
            lambda: Frame(
                dump({"type": "hello", "session": "ABCDE", "role": "leader", "token": "t" * 32}),
                "hello again",
                codes("bad_message"),
            ),
            lambda: Frame(
                dump({"type": "ping", "pad": "p" * r.randint(0, 15000)}), "padded ping", codes()
            ),
            lambda: sized(MAX_FRAME, r),
            lambda: sized(MAX_FRAME + r.choice([1, 2, 3, 1000, 40000]), r),
            lambda: Frame("p" * (80 * 1024), "80 KiB frame (past what is read)", ANY, closes=1009),
            lambda: Frame(
                b'{"type":"ping","x":"\xff\xfe"}',
                "invalid UTF-8 in a text frame",
                codes(),
                closes=1007,
            ),
        ]
        return r.choice(choices)()

    def first(self, code: str, token: str) -> Frame:
        """A hostile first frame: not a hello, a broken hello, a wrong session or token."""
        r = self.rng
        pick = r.random()
        if pick < 0.25:
            name = r.choice(["session", "role", "device", "table"])
            msg: dict[str, Any] = {
                "type": "hello",
                "session": code,
                "role": "participant",
                "device": "d" * 32,
                "table": 1,
            }
            msg[name] = r.choice([None, 0, 1.5, True, [], {}, "", "x" * 200, 501, "\ud800"])
            if name == "table" and msg[name] is None:
                msg[name] = 0
            expect = codes("no_session", "bad_message")  # no_session: a session code of "x"*200
            return Frame(dump(msg), f"hello with wrong {name}", expect, closes=1008)
        if pick < 0.35:
            msg = {"type": "hello", "session": "ZZZZ9", "role": "participant", "device": "d" * 32}
            return Frame(dump(msg), "hello to no session", codes("no_session"), closes=1008)
        if pick < 0.45:
            role = r.choice(["leader", "screen"])
            bad = r.choice(["nope", token[:-1], token + "x", "é" * 20, "\ud800" * 3])
            msg = {"type": "hello", "session": code, "role": role, "token": bad}
            expect = codes("bad_token")
            return Frame(dump(msg), f"{role} hello with a wrong token", expect, closes=1008)
        if pick < 0.52:
            msg = {"type": "hello", "session": code, "role": "participant", "device": "short"}
            return Frame(dump(msg), "device token too short", codes("bad_message"), closes=1008)
        frame = self.frame(leader=r.random() < 0.3)
        if frame.closes is not None:
            return frame
        if frame.expect == codes("bad_json"):
            expect = codes("bad_json")
        elif frame.note == "hello again":  # as a first frame: a hello to a session that is not
            expect = codes("no_session")
        else:
            expect = codes("hello_first")
        return Frame(frame.data, f"first: {frame.note}", expect, closes=1008, binary=frame.binary)


def fit(frame: Frame) -> Frame:
    """A frame over 16 KiB is too_big whatever else is wrong with it (past 64 KiB: cut off)."""
    size = len(frame.data if isinstance(frame.data, bytes) else frame.data.encode())
    if size <= MAX_FRAME or frame.closes is not None:
        return frame
    expect = codes("too_big") if size <= MAX_READ else ANY
    return Frame(frame.data, f"{frame.note} (over 16 KiB)", expect, closes=1009)


def dump(msg: Any) -> str:
    """JSON as a hostile client may write it: lone surrogates as escapes, NaN allowed."""
    return json.dumps(msg, ensure_ascii=True)


def short(value: Any) -> str:
    """A value for a finding's description, cut short."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def nested(depth: int, inside: bool) -> Frame:
    """Arrays nested `depth` deep, as the whole frame or as a field's value."""
    deep = "[" * depth + "]" * depth
    data = '{"type":"answer","id":"n1","question":"q1","text":' + deep + "}" if inside else deep
    if len(data.encode()) > MAX_FRAME:
        return Frame(data, f"{depth} nested arrays (over 16 KiB)", codes("too_big"), closes=1009)
    return Frame(data, f"{depth} nested arrays", codes("bad_json"))


def sized(size: int, rng: random.Random) -> Frame:
    """A ping padded to exactly `size` UTF-8 bytes (2-byte characters where they fit)."""
    bare = len(dump({"type": "ping", "pad": ""}))
    wide = rng.random() < 0.5 and (size - bare) % 2 == 0
    pad = "é" * ((size - bare) // 2) if wide else "p" * (size - bare)
    data = json.dumps({"type": "ping", "pad": pad}, ensure_ascii=False)
    assert len(data.encode()) == size
    if size > MAX_FRAME:
        return Frame(data, f"{size}-byte frame", codes("too_big"), closes=1009)
    return Frame(data, f"{size}-byte frame", codes())
