"""Rounds, table hosts and the countdown over the protocol."""

from __future__ import annotations

from dialoogtafel.server.protocol import control, new_id
from tests.server.conftest import Room, error_of, next_of, no_message_of, send
from tests.server.test_answers import answer
from tests.server.test_voting import ack_of


async def test_the_timer_reaches_everyone_with_server_time(server: Room, leader) -> None:
    """start, pause, extend, resume, stop: each a state with the timer for every client."""
    screen, phone = await server.screen(), await server.phone(1)
    seq = await ack_of(leader, control("timer", timer="start", seconds=300, question="q1"))
    for ws in (leader, screen, phone):
        timer = (await next_of(ws, "state", seq=seq))["state"]["timer"]
        assert timer["running"] is True and timer["question"] == "q1"
        assert 299 <= timer["remaining"] <= 300 and timer["duration"] == 300
        assert abs(timer["ends_at"] - timer["now"] - timer["remaining"]) < 0.01
    seq = await ack_of(leader, control("timer", timer="pause"))
    paused = (await next_of(phone, "state", seq=seq))["state"]["timer"]
    assert paused["running"] is False and paused["ends_at"] is None
    seq = await ack_of(leader, control("timer", timer="extend", seconds=60))
    extended = (await next_of(phone, "state", seq=seq))["state"]["timer"]
    assert extended["remaining"] == paused["remaining"] + 60 and extended["duration"] == 360
    seq = await ack_of(leader, control("timer", timer="resume"))
    assert (await next_of(screen, "state", seq=seq))["state"]["timer"]["running"] is True
    seq = await ack_of(leader, control("timer", timer="stop"))
    assert (await next_of(phone, "state", seq=seq))["state"]["timer"] is None


async def test_a_reconnecting_phone_gets_the_time_left_now(server: Room, leader) -> None:
    """The welcome carries the running timer with what is left at the server's now."""
    seq = await ack_of(leader, control("timer", timer="start", seconds=120))
    first = (await next_of(leader, "state", seq=seq))["state"]["timer"]
    later = (await server.phone(2)).welcome["session"]["state"]["timer"]
    assert later["ends_at"] == first["ends_at"] and later["now"] >= first["now"]
    assert abs(later["remaining"] - (later["ends_at"] - later["now"])) < 0.01


async def test_bad_timer_controls_are_refused(server: Room, leader) -> None:
    """No seconds, an unknown verb, extend without a timer, a phone starting one: refused."""
    for msg, code in (
        (control("timer", timer="start"), "bad_message"),
        (control("timer", timer="launch", seconds=5), "bad_message"),
        (control("timer", timer="start", seconds=10, question="q9"), "bad_message"),
        (control("timer", timer="extend", seconds=60), "closed"),
    ):
        await send(leader, msg)
        await error_of(leader, code, ref=msg["id"])
    phone = await server.phone(1)
    msg = control("timer", timer="start", seconds=60)
    await send(phone, msg)
    await error_of(phone, "not_allowed", ref=msg["id"])


async def test_next_round_asks_every_phone_but_the_hosts_to_choose_again(
    server: Room, leader
) -> None:
    """next_round: state round 2 to all; a fresh welcome, unseated except for the host."""
    screen, host, guest = await server.screen(), await server.phone(1), await server.phone(1)
    mine, _ = await answer(guest, "Ronde een")
    seq = await ack_of(host, {"type": "host", "id": new_id(), "on": True})
    assert (await next_of(host, "welcome", seq=seq))["you"]["host"] is True
    seq = await ack_of(leader, control("next_round"))
    for ws in (leader, screen, host, guest):
        assert (await next_of(ws, "state", seq=seq))["state"]["round"] == 2
    g = await next_of(guest, "welcome", seq=seq)
    assert g["you"] == {"role": "participant", "table": None, "host": False}
    assert [(a["id"], a["round"], a.get("mine")) for a in g["answers"]] == [(mine, 1, True)]
    h = await next_of(host, "welcome", seq=seq)
    assert h["you"] == {"role": "participant", "table": 1, "host": True}
    await no_message_of(screen, "welcome")
    await send(guest, {"type": "answer", "id": new_id(), "question": "q1", "text": "Waar?"})
    await next_of(guest, "error", code="no_table")


async def test_a_host_shows_the_tables_earlier_rounds_to_newcomers(server: Room, leader) -> None:
    """Round 2: a newcomer at the host's table sees round 1's answers; at another table not."""
    host, old, other = await server.phone(1), await server.phone(1), await server.phone(2)
    one, _ = await answer(old, "Van tafel een")
    two, _ = await answer(other, "Van tafel twee")
    await ack_of(host, {"type": "host", "id": new_id(), "on": True})
    await ack_of(leader, control("next_round"))
    at_one, at_two = await server.phone(1), await server.phone(2)
    assert [a["id"] for a in at_one.welcome["answers"]] == [one]
    assert at_two.welcome["answers"] == []
    new, _ = await answer(at_two, "Ronde twee")
    assert (await next_of(leader, "answer", id=new))["round"] == 2
    seq = await ack_of(host, {"type": "host", "id": new_id(), "on": False})
    assert (await next_of(at_one, "welcome", seq=seq))["answers"] == []
    assert two not in {a["id"] for a in at_one.welcome["answers"]}


async def test_host_needs_a_table(server: Room) -> None:
    """host from an unseated phone: no_table."""
    phone = await server.phone()
    msg = {"type": "host", "id": new_id(), "on": True}
    await send(phone, msg)
    await error_of(phone, "no_table", ref=msg["id"])
