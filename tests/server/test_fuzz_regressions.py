"""What bench/fuzz.py found: each hostile frame that once broke the server, now answered right."""

from __future__ import annotations

import asyncio
import json
import logging

import pytest
from websockets.asyncio.client import ClientConnection
from websockets.exceptions import ConnectionClosed

from tests.server.conftest import TIMEOUT, Peer, Room, next_of


@pytest.fixture
def room(server: Room) -> Room:
    """The protocol tests' server (tests/server/conftest.py): an English set, three tables."""
    return server


async def still_serves(room: Room, ws: Peer) -> None:
    """This connection still gets a pong, and a fresh phone is still welcomed."""
    await ws.send('{"type":"ping"}')
    await next_of(ws, "pong")
    await room.phone(1)


def server_errors(caplog: pytest.LogCaptureFixture) -> list[str]:
    """Log records at ERROR or above (a handler that failed logs its traceback there)."""
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


async def test_a_number_too_long_to_convert_is_bad_json(
    room: Room, caplog: pytest.LogCaptureFixture
) -> None:
    """A 5,000-digit number (over Python's int limit) gets bad_json, not a handler crash."""
    ws = await room.phone(1)
    await ws.send('{"type":"ping","n":' + "7" * 5000 + "}")
    err = await next_of(ws, "error")
    assert err["code"] == "bad_json"
    await still_serves(room, ws)
    assert server_errors(caplog) == []


LONE = "\\ud800"  # replaces "@": a lone surrogate, valid JSON but not encodable as UTF-8
WITH_LONE_ID = {
    "answer": '{"type":"answer","id":"a@","question":"q1","text":"Hoi"}',
    "table": '{"type":"table","id":"t@","table":2}',
    "withdraw": '{"type":"withdraw","id":"w@","answer":"x"}',
    "unknown type": '{"type":"shout","id":"u@"}',
}


@pytest.mark.parametrize("kind", list(WITH_LONE_ID))
async def test_a_lone_surrogate_in_an_id_is_refused_without_an_echo(
    room: Room, kind: str, caplog: pytest.LogCaptureFixture
) -> None:
    """An id no UTF-8 frame can carry is refused at the door and not echoed as `ref`."""
    ws = await room.phone(1)
    before = room.live.store.head.seq
    await ws.send(WITH_LONE_ID[kind].replace("@", LONE))
    err = await next_of(ws, "error")
    assert err["code"] == ("unknown_type" if kind == "unknown type" else "bad_message")
    assert "ref" not in err
    await still_serves(room, ws)
    assert room.live.store.head.seq == before + 1  # the fresh phone's seat, nothing else
    assert server_errors(caplog) == []


async def test_an_answer_id_with_a_lone_surrogate_cannot_lock_the_leader_out(
    room: Room, caplog: pytest.LogCaptureFixture
) -> None:
    """Once such an answer was stored, every later welcome to the leader and its table failed."""
    ws = await room.phone(1)
    await ws.send(WITH_LONE_ID["answer"].replace("@", LONE))
    await next_of(ws, "error")
    await room.leader()
    await room.phone(1)
    assert server_errors(caplog) == []


async def test_an_unknown_type_does_not_echo_an_id_of_any_length(room: Room) -> None:
    """A 15,000-character id comes back in no error: only a real change id is a `ref`."""
    ws = await room.phone(1)
    await ws.send(json.dumps({"type": "shout", "id": "x" * 15000}))
    err = await next_of(ws, "error")
    assert err["code"] == "unknown_type" and "ref" not in err


async def test_an_answer_over_the_frame_text_limit_is_too_long(room: Room) -> None:
    """13,000 characters are too_long like 1,001 are, not a bad_message."""
    ws = await room.phone(1)
    for text in ("x" * 1001, "x" * 13000):
        cid = f"long-{len(text)}"
        await ws.send(json.dumps({"type": "answer", "id": cid, "question": "q1", "text": text}))
        err = await next_of(ws, "error", ref=cid)
        assert err["code"] == "too_long", len(text)


async def test_a_leader_note_over_the_frame_text_limit_is_too_long(room: Room) -> None:
    """The same for the leader's notes and actions, and their edits."""
    ws = await room.leader()
    text = "y" * 13000
    frames = {
        "note": {"type": "control", "id": "n1", "action": "note", "question": None, "text": text},
        "action": {
            "type": "control",
            "id": "a1",
            "action": "action_item",
            "text": "t",
            "who": text,
        },
        "edit": {"type": "control", "id": "e1", "action": "edit_item", "item": "n0", "text": text},
    }
    for frame in frames.values():
        await ws.send(json.dumps(frame))
        err = await next_of(ws, "error", ref=frame["id"])
        assert err["code"] == "too_long", frame["action"]


async def closed_after_error(ws: ClientConnection) -> tuple[list[str], int | None]:
    """The error codes received until the server closed the connection, and its close code."""
    codes = []
    async with asyncio.timeout(TIMEOUT):
        try:
            async for raw in ws:
                msg = json.loads(raw)
                if msg.get("type") == "error":
                    codes.append(msg["code"])
        except ConnectionClosed:
            pass
    return codes, ws.close_code


@pytest.mark.parametrize("hello_first", [True, False])
async def test_a_frame_over_16_kib_gets_too_big_before_the_1009(
    room: Room, hello_first: bool
) -> None:
    """PROTOCOL.md: the sender of an oversize frame gets `too_big`, then the close with 1009."""
    ws = await room.phone(1) if hello_first else await room.open()
    await ws.send(json.dumps({"type": "ping", "pad": "é" * 9000}))  # 18,000 bytes, 9,000 chars
    assert await closed_after_error(ws) == (["too_big"], 1009)
    await room.phone(1)


@pytest.mark.parametrize("kind", ["answer", "note"])
async def test_text_with_a_lone_surrogate_is_stored_without_it(
    room: Room, kind: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Text may hold a lone surrogate (the domain strips it); fingerprinting it crashed apply."""
    ws = await (room.phone(1) if kind == "answer" else room.leader())
    fields = '"question":"q1"' if kind == "answer" else '"action":"note","question":null'
    kind_type = "answer" if kind == "answer" else "control"
    await ws.send(f'{{"type":"{kind_type}","id":"s1",{fields},"text":"een {LONE} twee"}}')
    await next_of(ws, "ack", id="s1")
    stored = room.live.store.session
    assert (stored.answers if kind == "answer" else stored.items)["s1"].text == "een  twee"
    assert server_errors(caplog) == []
