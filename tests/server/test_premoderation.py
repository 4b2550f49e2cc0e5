"""--premoderate: new answers wait for the leader; nothing unapproved reaches anyone else."""

from __future__ import annotations

import pytest

from dialoogtafel.server.protocol import control, new_id
from tests.server.conftest import MakeServer, Peer, Room, next_of, no_message_of, send
from tests.server.test_voting import ack_of

SECRET = "Nog niet goedgekeurd <b>[bold]x[/]"


@pytest.fixture
async def room(make_server: MakeServer) -> Room:
    """A server whose session premoderates."""
    return await make_server(premoderate=True)


def saw(ws: Peer, text: str) -> bool:
    """Whether any frame this client got holds the text."""
    return any(text in frame for frame in ws.frames)


async def test_a_new_answer_waits_for_the_leader_and_reaches_no_one_else(room: Room) -> None:
    """Pending: the leader and the author get it; table-mate, screen, another table nothing."""
    leader, screen = await room.leader(), await room.screen()
    assert leader.welcome["session"]["premoderate"] is True
    author, mate, other = await room.phone(1), await room.phone(1), await room.phone(2)
    cid = new_id()
    await ack_of(author, {"type": "answer", "id": cid, "question": "q1", "text": SECRET})
    assert (await next_of(leader, "answer", id=cid))["state"] == "pending"
    mine = await next_of(author, "answer", id=cid)
    assert mine["state"] == "pending" and mine["mine"] is True
    for ws in (mate, screen, other):
        await no_message_of(ws, "answer")
        await no_message_of(ws, "gone")
    late_mate, late_screen = await room.phone(1), await room.screen()
    for ws in (mate, screen, other, late_mate, late_screen):
        assert not saw(ws, SECRET) and not saw(ws, cid)
    back = await room.phone(1, device=author.device)
    assert [(a["id"], a["state"]) for a in back.welcome["answers"]] == [(cid, "pending")]
    assert [a["id"] for a in (await room.leader()).welcome["answers"]] == [cid]


async def test_approve_shows_the_answer_to_everyone_who_may_see_it(room: Room) -> None:
    """approve: shown to the leader, screen, table-mate and author; another table nothing."""
    leader, screen = await room.leader(), await room.screen()
    author, mate, other = await room.phone(1), await room.phone(1), await room.phone(2)
    cid = new_id()
    await ack_of(author, {"type": "answer", "id": cid, "question": "q1", "text": SECRET})
    seq = await ack_of(leader, control("approve", answer=cid))
    for ws in (leader, screen, mate, author):
        msg = await next_of(ws, "answer", id=cid, seq=seq)
        assert msg["state"] == "shown" and msg["text"] == SECRET
    await no_message_of(other, "answer")


async def test_hiding_from_the_queue_tells_only_the_author(room: Room) -> None:
    """hide on a pending answer: the author gets gone; screen and table-mate never heard of it."""
    leader, screen = await room.leader(), await room.screen()
    author, mate = await room.phone(1), await room.phone(1)
    cid = new_id()
    await ack_of(author, {"type": "answer", "id": cid, "question": "q1", "text": SECRET})
    seq = await ack_of(leader, control("hide", answer=cid))
    await next_of(author, "gone", id=cid, seq=seq)
    assert (await next_of(leader, "answer", id=cid, seq=seq))["state"] == "hidden"
    for ws in (screen, mate):
        await no_message_of(ws, "gone")
        assert not saw(ws, cid)


async def test_an_edit_of_an_approved_answer_waits_again(room: Room) -> None:
    """After an edit the screen and table-mate get gone, not the new text, until approved."""
    leader, screen = await room.leader(), await room.screen()
    author, mate = await room.phone(1), await room.phone(1)
    cid = new_id()
    await ack_of(author, {"type": "answer", "id": cid, "question": "q1", "text": "Eerst"})
    await ack_of(leader, control("approve", answer=cid))
    edit = {"type": "edit", "id": new_id(), "answer": cid, "text": SECRET}
    seq = await ack_of(author, edit)
    for ws in (screen, mate):
        await next_of(ws, "gone", id=cid, seq=seq)
    assert (await next_of(leader, "answer", id=cid, seq=seq))["state"] == "pending"
    assert (await next_of(author, "answer", id=cid, seq=seq))["state"] == "pending"
    for ws in (screen, mate):
        assert not saw(ws, SECRET)


async def test_ballot_and_tally_hold_only_approved_answers(room: Room) -> None:
    """Voting: a pending answer is in no ballot and no tally; approved, it joins both."""
    leader, screen = await room.leader(), await room.screen()
    author, voter = await room.phone(1), await room.phone(2)
    waiting, approved = new_id(), new_id()
    await ack_of(author, {"type": "answer", "id": waiting, "question": "q1", "text": SECRET})
    await ack_of(author, {"type": "answer", "id": approved, "question": "q1", "text": "Goed"})
    await ack_of(leader, control("approve", answer=approved))
    await ack_of(leader, control("voting", question="q1", on=True))
    ballot = await next_of(voter, "ballot")
    assert [a["id"] for a in ballot["answers"]] == [approved]
    assert (await next_of(screen, "tally"))["votes"] == {approved: 0}
    await send(voter, {"type": "vote", "id": new_id(), "answer": waiting, "on": True})
    await next_of(voter, "error", code="closed")
    await ack_of(leader, control("approve", answer=waiting))
    ballot = await next_of(voter, "ballot")
    assert {a["id"] for a in ballot["answers"]} == {waiting, approved}
    assert (await next_of(screen, "tally"))["votes"] == {approved: 0, waiting: 0}


async def test_without_premoderation_answers_show_at_once(server: Room) -> None:
    """The default: an answer is shown on arrival, and the welcome says premoderate false."""
    author, mate = await server.phone(1), await server.phone(1)
    assert author.welcome["session"]["premoderate"] is False
    cid = new_id()
    await ack_of(author, {"type": "answer", "id": cid, "question": "q1", "text": "Meteen"})
    assert (await next_of(mate, "answer", id=cid))["state"] == "shown"
