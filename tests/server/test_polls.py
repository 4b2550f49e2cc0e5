"""Polls over the wire: responses, their errors, results per table, reveal, ask, anonymity."""

from __future__ import annotations

import json
from typing import Any

from dialoogtafel.server.domain import QuestionSet
from dialoogtafel.server.domain.model import Question
from dialoogtafel.server.protocol import control, new_id
from tests.server.conftest import (
    MakeServer,
    Peer,
    Room,
    close_room,
    drain,
    error_of,
    next_of,
    no_message_of,
    send,
)

POLLS = QuestionSet(
    id="polls",
    title="Polls",
    language="en",
    intro="",
    questions=(
        Question("q1", "What works?"),
        Question(
            "q2", "Which two?", kind="choice", options=("Time", "Rules", "Money"), max_picks=2
        ),
        Question("q3", "Agree?", kind="scale", min=1, max=5, labels=("no", "yes")),
    ),
)


def response(question: str, **fields: Any) -> dict[str, Any]:
    """A response with a fresh change id (picks=… or value=…)."""
    return {"type": "response", "id": new_id(), "question": question, **fields}


async def acked(ws: Peer, msg: dict[str, Any]) -> int:
    """Send a change and wait for its ack; its seq."""
    await send(ws, msg)
    seq: int = (await next_of(ws, "ack", id=msg["id"]))["seq"]
    return seq


async def results_where(ws: Peer, question: str, **total: Any) -> dict[str, Any]:
    """The first results of the poll whose total has these fields (batched: wait for it)."""
    while True:
        msg = await next_of(ws, "results", question=question)
        if all(msg["total"].get(k) == v for k, v in total.items()):
            return msg


async def results_with(ws: Peer, question: str, responses: int) -> dict[str, Any]:
    """The first results of the poll whose total has this many responses."""
    return await results_where(ws, question, responses=responses)


async def room_of(make_server: MakeServer) -> tuple[Room, Peer]:
    """A server with the poll set on three tables, and its leader."""
    room = await make_server(questions=POLLS)
    return room, await room.leader()


async def test_welcome_carries_the_poll_fields(make_server: MakeServer) -> None:
    """Each question says its kind; a choice its options and picks, a scale its range, labels."""
    _room, leader = await room_of(make_server)
    questions = leader.welcome["session"]["questions"]
    assert questions[0]["kind"] == "open"
    assert questions[1] | {} == {
        "id": "q2",
        "text": "Which two?",
        "help": "",
        "theme": None,
        "kind": "choice",
        "options": ["Time", "Rules", "Money"],
        "max_picks": 2,
    }
    assert (questions[2]["min"], questions[2]["max"], questions[2]["labels"]) == (
        1,
        5,
        ["no", "yes"],
    )
    assert leader.welcome["results"][0]["total"] == {
        "responses": 0,
        "counts": {"0": 0, "1": 0, "2": 0},
    }


async def test_every_error_of_the_contract(make_server: MakeServer) -> None:
    """bad_message for what does not fit, not_allowed across kinds, closed, no_table."""
    room, leader = await room_of(make_server)
    phone = await room.phone(1)
    for bad in (
        response("q2", picks=[3]),
        response("q2", picks=[1, 1]),
        response("q2", picks=[0, 1, 2]),
        response("q2", picks=["0"]),
        response("q2", value=1),
        response("q2"),
        response("q3", value=6),
        response("q3", value=0),
        response("q3", value=2.5),
        response("q3", value=True),
        response("q3", picks=[1]),
        response("q3", picks=[1], value=2),
        response("nope", value=2),
    ):
        await send(phone, bad)
        await error_of(phone, "bad_message", ref=bad["id"])
    wrong_kind = {"type": "answer", "id": new_id(), "question": "q2", "text": "Time"}
    await send(phone, wrong_kind)
    await error_of(phone, "not_allowed", ref=wrong_kind["id"])
    to_open = response("q1", picks=[0])
    await send(phone, to_open)
    await error_of(phone, "not_allowed", ref=to_open["id"])
    unseated = await room.phone()
    seatless = response("q3", value=3)
    await send(unseated, seatless)
    await error_of(unseated, "no_table", ref=seatless["id"])
    await acked(leader, control("close", question="q3"))
    late = response("q3", value=3)
    await send(phone, late)
    await error_of(phone, "closed", ref=late["id"])
    await acked(leader, control("end"))
    ended = response("q2", picks=[0])
    await send(phone, ended)
    await error_of(phone, "closed", ref=ended["id"])
    await no_message_of(leader, "results", question="q3")


async def test_replace_and_take_back_each_count_once(make_server: MakeServer) -> None:
    """A new response replaces the old; picks: [] and value: null take it back."""
    room, leader = await room_of(make_server)
    phone = await room.phone(1)
    await acked(phone, response("q2", picks=[0]))
    await acked(phone, response("q2", picks=[1, 2]))
    await acked(phone, response("q3", value=2))
    await acked(phone, response("q3", value=5))
    counts = {"0": 0, "1": 1, "2": 1}
    msg = await results_where(leader, "q2", counts=counts)
    assert msg["total"]["responses"] == 1
    msg = await results_where(leader, "q3", mean=5)
    assert msg["total"] == {
        "responses": 1,
        "counts": {"1": 0, "2": 0, "3": 0, "4": 0, "5": 1},
        "mean": 5,
    }
    await acked(phone, response("q2", picks=[]))
    await acked(phone, response("q3", value=None))
    assert (await results_with(leader, "q2", 0))["total"]["counts"] == {"0": 0, "1": 0, "2": 0}
    assert (await results_with(leader, "q3", 0))["total"]["mean"] is None


async def test_a_resend_with_the_same_change_id_counts_once(make_server: MakeServer) -> None:
    """The same change id again is acked with the same seq and counted once."""
    room, leader = await room_of(make_server)
    phone = await room.phone(2)
    msg = response("q3", value=4)
    first = await acked(phone, msg)
    assert await acked(phone, msg) == first
    other = await room.phone(2)
    await acked(other, response("q3", value=2))
    final = await results_with(leader, "q3", 2)
    assert final["total"]["counts"]["4"] == 1 and final["total"]["mean"] == 3


async def test_tables_with_fewer_than_three_responses_are_shown_together(
    make_server: MakeServer,
) -> None:
    """Table 1 (3 responses) has its own row; tables 2 and 3 (1 each) are `other`."""
    room, leader = await room_of(make_server)
    phones = [await room.phone(t) for t in (1, 1, 1, 2, 3)]
    for ws, value in zip(phones, (1, 2, 3, 4, 5), strict=True):
        await acked(ws, response("q3", value=value))
    msg = await results_with(leader, "q3", 5)
    assert list(msg["tables"]) == ["1"]
    assert msg["tables"]["1"]["responses"] == 3 and msg["tables"]["1"]["mean"] == 2
    assert msg["other"]["responses"] == 2 and msg["other"]["tables"] == 2
    assert msg["other"]["counts"] == {"1": 0, "2": 0, "3": 0, "4": 1, "5": 1}


async def test_results_reach_phones_only_while_revealed(make_server: MakeServer) -> None:
    """Before reveal no phone gets results; after it they do; hidden again, they stop."""
    room, leader = await room_of(make_server)
    screen = await room.screen()
    phone, other = await room.phone(1), await room.phone(2)
    assert phone.welcome["results"] == []
    await acked(phone, response("q2", picks=[0]))
    await results_with(screen, "q2", 1)
    await results_with(leader, "q2", 1)
    await no_message_of(phone, "results")
    await no_message_of(other, "results")
    await acked(leader, control("reveal", question="q2", on=True))
    for ws in (phone, other):
        state = await next_of(ws, "state")
        assert state["state"]["revealed"] == ["q2"]
        assert (await results_with(ws, "q2", 1))["total"]["counts"]["0"] == 1
    late = await room.phone(3)
    assert [r["question"] for r in late.welcome["results"]] == ["q2"]
    await acked(leader, control("reveal", question="q2", on=False))
    await next_of(phone, "state")
    await drain(phone)
    await acked(other, response("q2", picks=[2]))
    await results_with(leader, "q2", 2)
    await no_message_of(phone, "results")
    reconnected = await room.phone(1, device=phone.device)
    assert reconnected.welcome["results"] == []


async def test_no_message_says_which_device_gave_which_response(make_server: MakeServer) -> None:
    """Only counts travel: no other client learns a response, its device or its author key."""
    room, leader = await room_of(make_server)
    screen = await room.screen()
    phones = [await room.phone(1) for _ in range(3)]
    bystander = await room.phone(1)
    await acked(leader, control("reveal", question="q2", on=True))
    for n, ws in enumerate(phones):
        await acked(ws, response("q2", picks=[n]))
    await results_with(leader, "q2", 3)
    await results_with(bystander, "q2", 3)
    keys = {room.store.author_key(d) for d in room.devices}
    for ws in (leader, screen, bystander):
        for frame in ws.frames:
            msg = json.loads(frame)
            assert msg["type"] not in ("response",), msg
            assert not any(secret in frame for secret in (*room.devices, *keys)), msg
            assert "responses" not in msg or (msg["type"] == "welcome" and msg["responses"] == {})
    again = await room.phone(1, device=phones[1].device)
    assert again.welcome["responses"] == {"q2": {"picks": [1]}}


async def test_ask_adds_a_question_for_everyone_and_later_welcomes(
    make_server: MakeServer,
) -> None:
    """A quick poll gets q4, reaches every client as `question`, open; a resend adds nothing."""
    room, leader = await room_of(make_server)
    phone = await room.phone(2)
    screen = await room.screen()
    ask = control("ask", kind="choice", text="Coffee?", options=["Yes", "No"])
    seq = await acked(leader, ask)
    for ws in (leader, phone, screen):
        msg = await next_of(ws, "question")
        assert msg == {
            "type": "question",
            "id": "q4",
            "text": "Coffee?",
            "help": "",
            "theme": None,
            "kind": "choice",
            "options": ["Yes", "No"],
            "max_picks": 1,
            "seq": seq,
        }
        assert "q4" in (await next_of(ws, "state"))["state"]["open"]
    assert await acked(leader, ask) == seq
    scale = control("ask", kind="scale", text="Tired?", min=0, max=10)
    await acked(leader, scale)
    assert (await next_of(phone, "question"))["id"] == "q5"
    await phone.close()
    back = await room.phone(2, device=phone.device)
    ids = [q["id"] for q in back.welcome["session"]["questions"]]
    assert ids == ["q1", "q2", "q3", "q4", "q5"]
    await acked(back, response("q4", picks=[1]))
    assert (await results_with(leader, "q4", 1))["total"]["counts"] == {"0": 0, "1": 1}


async def test_ask_with_a_bad_poll_is_bad_message(make_server: MakeServer) -> None:
    """One option, an unknown kind, a scale beyond 10: bad_message, nothing added."""
    _room, leader = await room_of(make_server)
    for bad in (
        control("ask", kind="choice", text="A?", options=["Only"]),
        control("ask", kind="quiz", text="A?"),
        control("ask", kind="scale", text="A?", min=0, max=11),
        control("ask", kind="choice", text="A?", options="Yes, No"),
    ):
        await send(leader, bad)
        await error_of(leader, "bad_message", ref=bad["id"])
    await no_message_of(leader, "question")


async def test_results_batch_a_burst_and_always_send_the_last(make_server: MakeServer) -> None:
    """Thirty quick responses give fewer results than responses, the last one complete."""
    room, leader = await room_of(make_server)
    phones = [await room.phone(1 + n % 3) for n in range(30)]
    await drain(leader)
    for ws in phones:
        await send(ws, response("q3", value=3))
    for ws in phones:
        await next_of(ws, "ack")
    final = await results_with(leader, "q3", 30)
    assert final["total"]["mean"] == 3 and sorted(final["tables"]) == ["1", "2", "3"]
    sent = [json.loads(f) for f in leader.frames]
    assert len([m for m in sent if m["type"] == "results"]) < 30


async def test_a_restarted_server_brings_back_polls_asked_questions_and_counts(
    make_server: MakeServer,
) -> None:
    """Responses, an asked poll and a reveal come back from the journal; resends stay single."""
    first = await make_server(questions=POLLS)
    code = first.code
    leader = await first.leader()
    await acked(leader, control("ask", kind="scale", text="Tired?", min=0, max=3))
    await acked(leader, control("reveal", question="q2", on=True))
    phone = await first.phone(1)
    sent = [response("q2", picks=[2]), response("q4", value=3)]
    seqs = [await acked(phone, msg) for msg in sent]
    await close_room(first)

    room = await make_server(resume=code)
    kiosk = await room.leader()
    assert [q["id"] for q in kiosk.welcome["session"]["questions"]] == ["q1", "q2", "q3", "q4"]
    totals = {r["question"]: r["total"] for r in kiosk.welcome["results"]}
    assert totals["q2"]["counts"] == {"0": 0, "1": 0, "2": 1}
    assert totals["q4"] == {"responses": 1, "counts": {"0": 0, "1": 0, "2": 0, "3": 1}, "mean": 3}
    back = await room.phone(device=phone.device)
    assert back.welcome["responses"] == {"q2": {"picks": [2]}, "q4": {"value": 3}}
    assert [r["question"] for r in back.welcome["results"]] == ["q2"]
    for msg, seq in zip(sent, seqs, strict=True):
        assert await acked(back, msg) == seq
    assert sum(t.responses for t in room.store.session.tallies.values()) == 2
