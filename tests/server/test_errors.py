"""Every error code: its ref, a sentence in the session's language, nothing else touched."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from dialoogtafel.server.protocol import control, hello, new_id
from dialoogtafel.server.texts import ERROR_TEXTS
from tests.server.conftest import TIMEOUT, MakeServer, Peer, Room, error_of, next_of, send
from tests.server.test_answers import answer


@dataclass
class Arena:
    """Two phones at table 1 with an answer each, a leader and a bystander at table 2."""

    room: Room
    me: Peer
    other: Peer
    bystander: Peer
    mine: str
    theirs: str


@pytest.fixture
async def arena(server: Room) -> Arena:
    """The arena, answers stored."""
    me, other, bystander = await server.phone(1), await server.phone(1), await server.phone(2)
    mine, _ = await answer(me, "Mijn antwoord")
    theirs, _ = await answer(other, "Hun antwoord")
    return Arena(server, me, other, bystander, mine, theirs)


def frame(**msg: Any) -> str:
    """A JSON text frame."""
    return json.dumps(msg)


Case = tuple[Callable[[Arena, str], str | bytes], str, bool]
CASES: dict[str, Case] = {
    "bad_json": (lambda a, i: '{"type": "answer", ', "bad_json", False),
    "bad_message: not an object": (lambda a, i: "[1, 2]", "bad_message", False),
    "bad_message: binary frame": (lambda a, i: b'{"type": "ping"}', "bad_message", False),
    "bad_message: hello again": (
        lambda a, i: frame(**hello(a.room.code, "participant", device="x" * 32)),
        "bad_message",
        False,
    ),
    "bad_message: no text": (
        lambda a, i: frame(type="answer", id=i, question="q1"),
        "bad_message",
        True,
    ),
    "bad_message: on is not a bool": (
        lambda a, i: frame(type="vote", id=i, answer=a.theirs, on="yes"),
        "bad_message",
        True,
    ),
    "unknown_type": (lambda a, i: frame(type="shout", id=i), "unknown_type", True),
    "not_allowed: control": (lambda a, i: frame(**control("end", i)), "not_allowed", True),
    "not_allowed: edit another's answer": (
        lambda a, i: frame(type="edit", id=i, answer=a.theirs, text="Van mij nu"),
        "not_allowed",
        True,
    ),
    "not_allowed: withdraw another's answer": (
        lambda a, i: frame(type="withdraw", id=i, answer=a.theirs),
        "not_allowed",
        True,
    ),
    "not_allowed: id of another device": (
        lambda a, i: frame(type="answer", id=a.theirs, question="q1", text="Hun antwoord"),
        "not_allowed",
        True,
    ),
    "not_allowed: id reused with other content": (
        lambda a, i: frame(type="answer", id=a.mine, question="q1", text="Iets anders"),
        "not_allowed",
        True,
    ),
    "no_table": (lambda a, i: frame(type="table", id=i, table=4), "no_table", True),
    "closed: voting not open": (
        lambda a, i: frame(type="vote", id=i, answer=a.theirs, on=True),
        "closed",
        True,
    ),
    "too_long": (
        lambda a, i: frame(type="answer", id=i, question="q1", text="x" * 1001),
        "too_long",
        True,
    ),
}


@pytest.mark.parametrize("name", list(CASES))
async def test_an_error_answers_only_the_sender_and_changes_nothing(
    arena: Arena, name: str
) -> None:
    """The sender gets the code, its ref and an English sentence; store and others untouched."""
    build, code, has_ref = CASES[name]
    room, change_id = arena.room, new_id()
    raw = build(arena, change_id)
    before = room.store.session
    await arena.me.send(raw)
    err = await error_of(arena.me, code)
    ref = json.loads(raw).get("id") if has_ref else None
    assert err.get("ref") == ref
    assert err["message"] == ERROR_TEXTS["en"][code]
    for ws in (arena.me, arena.other, arena.bystander):  # all still open
        await send(ws, {"type": "ping"})
        await next_of(ws, "pong")
    assert room.store.session == before and room.store.head.seq == before.seq


async def test_error_sentences_follow_the_session_language(make_server: MakeServer) -> None:
    """A session of a Dutch set says its errors in Dutch."""
    from dialoogtafel.question_sets import load_set

    room = await make_server(questions=load_set("eigen-regie"))
    ws = await room.phone(1)
    await ws.send("{")
    err = await error_of(ws, "bad_json")
    assert err["message"] == ERROR_TEXTS["nl"]["bad_json"] != ERROR_TEXTS["en"]["bad_json"]


@pytest.mark.parametrize("kind", ["answer", "table", "vote", "control"])
async def test_a_screen_may_only_ping(server: Room, kind: str) -> None:
    """A screen sending a change gets not_allowed with its id; a ping still gets pong."""
    screen = await server.screen()
    msg = {"type": kind, "id": new_id(), "question": "q1", "text": "x", "table": 1}
    msg |= {"answer": new_id(), "on": True, "action": "end"}
    seq = server.store.session.seq
    await send(screen, msg)
    await error_of(screen, "not_allowed", ref=msg["id"])
    await send(screen, {"type": "ping"})
    await next_of(screen, "pong")
    assert server.store.head.seq == seq


async def test_a_leader_cannot_answer(server: Room) -> None:
    """The leader sending a participant's change gets not_allowed."""
    leader = await server.leader()
    cid = new_id()
    await send(leader, {"type": "answer", "id": cid, "question": "q1", "text": "Ik ook"})
    await error_of(leader, "not_allowed", ref=cid)


FIRST_FRAMES: dict[str, tuple[Callable[[Room], str], str]] = {
    "ping first": (lambda r: frame(type="ping"), "hello_first"),
    "answer first": (
        lambda r: frame(type="answer", id=new_id(), question="q1", text="Hoi"),
        "hello_first",
    ),
    "hello without a role": (lambda r: frame(type="hello", session=r.code), "bad_message"),
    "not JSON first": (lambda r: "hello?", "bad_json"),
    "unknown session": (
        lambda r: frame(**hello("ZZZZ9", "participant", device="d" * 32)),
        "no_session",
    ),
    "wrong leader token": (
        lambda r: frame(**hello(r.code, "leader", token="nope" * 8)),
        "bad_token",
    ),
    "screen with the leader token": (
        lambda r: frame(**hello(r.code, "screen", token=r.store.tokens.leader)),
        "bad_token",
    ),
    "leader with the screen token": (
        lambda r: frame(**hello(r.code, "leader", token=r.store.tokens.screen)),
        "bad_token",
    ),
    "device token too short": (
        lambda r: frame(**hello(r.code, "participant", device="abc")),
        "bad_message",
    ),
}


@pytest.mark.parametrize("name", list(FIRST_FRAMES))
async def test_a_refused_hello_gets_an_error_and_a_close(server: Room, name: str) -> None:
    """Before a good hello: one error, then the connection is closed with 1008."""
    build, code = FIRST_FRAMES[name]
    bystander = await server.phone(1)
    before = server.store.session
    ws = await server.open()
    await ws.send(build(server))
    err = await error_of(ws, code)
    assert "ref" not in err
    async with asyncio.timeout(TIMEOUT):
        await ws.wait_closed()
    assert (ws.close_code, ws.close_reason) == (1008, code)
    await send(bystander, {"type": "ping"})
    await next_of(bystander, "pong")
    assert server.store.session == before


async def test_a_phone_that_vanishes_logs_no_error(
    server: Room, leader: Peer, caplog: pytest.LogCaptureFixture
) -> None:
    """A connection dropped without a close frame (Wi-Fi gone) is not a server error."""
    caplog.set_level(logging.WARNING)
    ws = await server.phone(1)
    await next_of(leader, "counts", connected={"1": 1})
    assert ws.transport is not None
    ws.transport.abort()
    await next_of(leader, "counts", connected={})
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
