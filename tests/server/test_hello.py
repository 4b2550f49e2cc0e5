"""hello and welcome per role, table moves, ping/pong and counts."""

from __future__ import annotations

from typing import Any

from server.protocol import new_id
from tests.server.conftest import THEMED, Room, drain, error_of, next_of, send

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
    """Sitting at hello is a stored change: the seq grows and a reconnect keeps the table."""
    before = server.store.session.seq
    ws = await server.phone(3)
    assert server.store.session.seq == before + 1
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
