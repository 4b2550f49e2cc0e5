"""hello and welcome per role, table moves, ping/pong and counts."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from dialoogtafel.server.protocol import new_id
from dialoogtafel.server.protocol.inbound import ROLES
from tests.server.conftest import THEMED, TIMEOUT, Room, drain, error_of, next_of, send

SESSION_KEYS = {"code", "title", "language", "intro", "questions", "themes", "tables", "state"}


def assert_session_snapshot(welcome: dict[str, Any], room: Room) -> None:
    """The session part of a welcome names the set, its questions, themes, tables and state."""
    assert welcome["protocol"] == 1
    s = welcome["session"]
    assert set(s) >= SESSION_KEYS
    assert (s["code"], s["title"], s["language"], s["intro"]) == (
        room.code,
        THEMED.title,
        "en",
        THEMED.intro,
    )
    assert [(q["id"], q["text"], q["theme"]) for q in s["questions"]] == [
        (q.id, q.text, q.theme) for q in THEMED.questions
    ]
    assert [t["id"] for t in s["themes"]] == ["a", "b"]
    assert s["tables"] == [
        {"number": 1, "theme": "a"},
        {"number": 2, "theme": "b"},
        {"number": 3, "theme": "a"},
    ]
    assert s["state"] == {
        "open": ["q1", "q2", "q3", "q4"],
        "focus": "q1",
        "revealed": [],
        "voting": None,
        "ended": False,
        "round": 1,
        "timer": None,
    }
    assert welcome["seq"] == room.store.session.seq


async def test_a_phone_with_a_table_gets_a_participant_welcome(server: Room) -> None:
    """A participant's welcome: the session, its table, its answers and votes, no leader data."""
    ws = await server.phone(2)
    w = ws.welcome
    assert_session_snapshot(w, server)
    assert w["you"] == {"role": "participant", "table": 2, "host": False}
    assert w["answers"] == [] and w["votes"] == []
    assert not {"notes", "actions", "counts", "tally", "ballot"} & set(w)


async def test_a_phone_without_a_table_is_welcomed_unseated(server: Room) -> None:
    """hello without a table: welcome with table null, and an answer gets no_table."""
    ws = await server.phone()
    assert ws.welcome["you"] == {"role": "participant", "table": None, "host": False}
    cid = new_id()
    await send(ws, {"type": "answer", "id": cid, "question": "q1", "text": "Hallo"})
    await error_of(ws, "no_table", ref=cid)


async def test_the_leader_and_screen_welcome_carry_notes_actions_and_counts(server: Room) -> None:
    """Leader and screen welcomes hold notes, actions and counts; roles say who they are."""
    await server.phone(1)
    for ws, role in ((await server.leader(), "leader"), (await server.screen(), "screen")):
        w = ws.welcome
        assert_session_snapshot(w, server)
        assert w["you"] == {"role": role, "table": None}
        assert w["notes"] == [] and w["actions"] == [] and w["answers"] == []
        assert w["counts"]["type"] == "counts"
        assert w["counts"]["joined"] == {"1": 1, "2": 0, "3": 0}
        assert "votes" not in w and "ballot" not in w


async def test_the_session_code_is_case_insensitive(server: Room) -> None:
    """hello with the code in lower case finds the session."""
    ws = await server.open()
    await send(
        ws,
        {
            "type": "hello",
            "session": server.code.lower(),
            "role": "leader",
            "token": server.store.tokens.leader,
        },
    )
    assert (await next_of(ws, "welcome"))["session"]["code"] == server.code


async def test_hello_with_a_table_stores_the_seat(server: Room) -> None:
    """Sitting at hello is a stored change: the seq grows and a reconnect keeps the table.
    The change id is the server's, sent to no one, so the session keeps no record of it."""
    before, records = server.store.session.seq, len(server.store.session.changes)
    ws = await server.phone(3)
    assert server.store.session.seq == before + 1
    assert len(server.store.session.changes) == records
    again = await server.phone(device=ws.device)
    assert again.welcome["you"]["table"] == 3


async def test_table_moves_a_phone_with_an_ack_and_a_fresh_welcome(server: Room) -> None:
    """`table` is acked and answered by a welcome holding the new table's answers and its own."""
    one, two = await server.phone(1), await server.phone(2)
    a1, a2 = new_id(), new_id()
    await send(one, {"type": "answer", "id": a1, "question": "q1", "text": "Aan tafel 1"})
    await send(two, {"type": "answer", "id": a2, "question": "q1", "text": "Aan tafel 2"})
    await next_of(one, "ack", id=a1)
    await next_of(two, "ack", id=a2)
    move = new_id()
    await send(one, {"type": "table", "id": move, "table": 2})
    ack = await next_of(one, "ack", id=move)
    w = await next_of(one, "welcome")
    assert w["you"] == {"role": "participant", "table": 2, "host": False}
    assert [(a["id"], a.get("mine")) for a in w["answers"]] == [(a1, True), (a2, None)]
    assert w["seq"] == ack["seq"] == server.store.session.seq


async def test_a_table_move_reaches_every_connection_of_the_device(server: Room) -> None:
    """Two tabs of one phone: both get the fresh welcome after a move."""
    first = await server.phone(1)
    second = await server.phone(device=first.device)
    await send(first, {"type": "table", "id": new_id(), "table": 3})
    for ws in (first, second):
        assert (await next_of(ws, "welcome"))["you"]["table"] == 3


async def test_table_to_a_table_that_does_not_exist_is_no_table(server: Room) -> None:
    """Moving to table 9 of a three-table session gets no_table with the change id."""
    ws = await server.phone(1)
    move = new_id()
    await send(ws, {"type": "table", "id": move, "table": 9})
    await error_of(ws, "no_table", ref=move)


async def test_ping_gets_pong_for_every_role(server: Room) -> None:
    """Every role may ping, before anything else, and gets a pong."""
    for ws in (await server.phone(1), await server.leader(), await server.screen()):
        await send(ws, {"type": "ping"})
        assert await next_of(ws, "pong") == {"type": "pong"}


async def test_counts_follow_phones_joining_and_leaving(server: Room) -> None:
    """Leaders and screens get counts: connected and joined per table, as string keys."""
    leader, screen = await server.leader(), await server.screen()
    one = await server.phone(1)
    await server.phone(1)
    await server.phone(3)
    for ws in (leader, screen):
        counts = await next_of(ws, "counts", connected={"1": 2, "3": 1})
        assert counts["joined"] == {"1": 2, "2": 0, "3": 1}
    await one.close()
    counts = await next_of(leader, "counts", connected={"1": 1, "3": 1})
    assert counts["joined"] == {"1": 2, "2": 0, "3": 1}  # joined never goes down
    assert not [m for m in await drain(leader) if m["type"] == "error"]


async def test_hello_with_a_table_that_does_not_exist(server: Room) -> None:
    """hello at table 9: no_table without a ref (the phone sent no change id), then a welcome."""
    ws = await server.open()
    await send(
        ws,
        {
            "type": "hello",
            "session": server.code,
            "role": "participant",
            "device": "d" * 32,
            "table": 9,
        },
    )
    err = await error_of(ws, "no_table")
    assert "ref" not in err
    you = (await next_of(ws, "welcome"))["you"]
    assert you == {"role": "participant", "table": None, "host": False}
    assert server.store.session.seq == 0


GONE = object()  # a field left out of the frame


def _hello_frame(room: Room, role: str, changes: dict[str, Any] | None = None) -> dict[str, Any]:
    """A well-formed hello for `role`, with fields changed (GONE: the field left out)."""
    msg: dict[str, Any] = {"type": "hello", "session": room.code, "role": role}
    if role == "participant":
        msg |= {"device": "d" * 32, "table": 1}
    else:
        msg["token"] = room.store.tokens.leader if role == "leader" else room.store.tokens.screen
    for name, value in (changes or {}).items():
        if value is GONE:
            msg.pop(name, None)
        else:
            msg[name] = value
    return msg


BROKEN_HELLOS: dict[str, dict[str, Any]] = {
    "without a session": {"session": GONE},
    "with a number as session": {"session": 12345},
    "with an empty session": {"session": ""},
    "with a table of 0": {"table": 0},
    "with a table as text": {"table": "1"},
    "with true as table": {"table": True},
}
PHONE_HELLOS: dict[str, dict[str, Any]] = {
    "without a device": {"device": GONE},
    "with a number as device": {"device": 1234567890123456789},
    "with a device token too short": {"device": "abc"},
    "with a device token too long": {"device": "d" * 129},
}
TOKEN_HELLOS: dict[str, dict[str, Any]] = {
    "without a token": {"token": GONE},
    "with null as token": {"token": None},
    "with a number as token": {"token": 42},
    "with a list as token": {"token": ["x"]},
}
CASES = [
    *[(role, name, fields) for role in ROLES for name, fields in BROKEN_HELLOS.items()],
    *[("participant", name, fields) for name, fields in PHONE_HELLOS.items()],
    *[
        (role, name, fields)
        for role in ("leader", "screen")
        for name, fields in TOKEN_HELLOS.items()
    ],
]


async def _refused(room: Room, msg: dict[str, Any], code: str) -> None:
    ws = await room.open()
    await send(ws, msg)
    err = await error_of(ws, code)
    assert "ref" not in err
    async with asyncio.timeout(TIMEOUT):
        await ws.wait_closed()
    assert (ws.close_code, ws.close_reason) == (1008, code)


@pytest.mark.parametrize(("role", "name", "fields"), CASES, ids=[f"{r} {n}" for r, n, _ in CASES])
async def test_a_hello_with_a_missing_or_wrong_field_is_bad_message(
    server: Room, role: str, name: str, fields: dict[str, Any]
) -> None:
    """A hello that names its type but breaks a field gets bad_message, never hello_first."""
    await _refused(server, _hello_frame(server, role, fields), "bad_message")


async def test_a_hello_without_a_role_or_with_an_unknown_role_is_bad_message(server: Room) -> None:
    """No role, or one the protocol does not know: bad_message."""
    for role in (GONE, None, "organiser", "admin", 3, ["leader"]):
        msg = _hello_frame(server, "leader", {"role": role})
        await _refused(server, msg, "bad_message")


WRONG_TOKENS = ["", "nope", "x" * 129, "é" * 20, "\ud800" * 3, "t" * 4000]


@pytest.mark.parametrize("role", ["leader", "screen"])
@pytest.mark.parametrize(
    "token", WRONG_TOKENS, ids=["empty", "short", "long", "accents", "surrogates", "huge"]
)
async def test_a_hello_with_a_token_that_does_not_match_is_bad_token(
    server: Room, role: str, token: str
) -> None:
    """Any string that is not the role's token gets bad_token, whatever its size or content."""
    await _refused(server, _hello_frame(server, role, {"token": token}), "bad_token")


@pytest.mark.parametrize("role", ROLES)
async def test_a_well_formed_hello_of_every_role_is_welcomed(server: Room, role: str) -> None:
    """The hello the tests above break is itself good: it gets a welcome."""
    ws = await server.open()
    await send(ws, _hello_frame(server, role))
    assert (await next_of(ws, "welcome"))["you"]["role"] == role
