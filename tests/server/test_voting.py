"""Dot-voting: state and ballot when it opens, tally live, budgets, ballots that follow changes."""

from __future__ import annotations

from typing import Any

from dialoogtafel.server.protocol import control, new_id
from tests.server.conftest import Peer, Room, error_of, next_of, no_message_of, send
from tests.server.test_answers import answer


async def ack_of(ws: Peer, msg: dict[str, Any]) -> int:
    """Send a change and wait for its ack; its seq."""
    await send(ws, msg)
    seq: int = (await next_of(ws, "ack", id=msg["id"]))["seq"]
    return seq


def vote(answer_id: str, on: bool = True) -> dict[str, Any]:
    """A vote message with a fresh change id."""
    return {"type": "vote", "id": new_id(), "answer": answer_id, "on": on}


async def open_voting(room: Room, leader: Peer, **fields: Any) -> tuple[list[Peer], list[str]]:
    """Phones at tables 1, 2, 3 and none; answers 1 and 2 to q1, one to q2; voting on q1."""
    phones = [await room.phone(1), await room.phone(2), await room.phone(3), await room.phone()]
    ids = [(await answer(phones[0], "Een"))[0], (await answer(phones[1], "Twee"))[0]]
    await answer(phones[0], "Over q2", "q2")
    await ack_of(leader, control("voting", question="q1", on=True, **fields))
    return phones, ids


async def test_opening_voting_sends_state_ballots_and_a_zero_tally(
    server: Room, leader: Peer
) -> None:
    """Everyone gets state; every phone a ballot of all tables' answers; the room a tally."""
    screen = await server.screen()
    phones, ids = await open_voting(server, leader)
    for ws in (*phones, leader, screen):
        state = await next_of(ws, "state")
        assert state["state"]["voting"] == {"question": "q1", "votes_per_device": 3}
    for ws in phones:
        ballot = await next_of(ws, "ballot")
        assert ballot == {
            "type": "ballot",
            "question": "q1",
            "answers": [
                {"id": ids[0], "table": 1, "text": "Een"},
                {"id": ids[1], "table": 2, "text": "Twee"},
            ],
            "votes_per_device": 3,
        }
    for ws in (leader, screen):
        assert await next_of(ws, "tally") == {
            "type": "tally",
            "question": "q1",
            "votes": dict.fromkeys(ids, 0),
        }
    await no_message_of(phones[0], "tally")


async def test_a_phone_without_a_table_gets_the_ballot_but_votes_only_once_seated(
    server: Room, leader: Peer
) -> None:
    """This server's choice: a vote needs a seat (no_table); the ballot reaches every phone."""
    phones, ids = await open_voting(server, leader)
    unseated = phones[3]
    await next_of(unseated, "ballot")
    early = vote(ids[0])
    await send(unseated, early)
    await error_of(unseated, "no_table", ref=early["id"])
    await ack_of(unseated, {"type": "table", "id": new_id(), "table": 3})
    await ack_of(unseated, vote(ids[0]))


async def test_votes_are_tallied_live_for_leader_and_screen(server: Room, leader: Peer) -> None:
    """Each vote is acked; leader and screen get the new tally; an own answer may be voted on."""
    screen = await server.screen()
    phones, ids = await open_voting(server, leader)
    await next_of(leader, "tally")
    await next_of(screen, "tally")
    await ack_of(phones[0], vote(ids[0]))  # its own answer
    await ack_of(phones[1], vote(ids[0]))
    for ws in (leader, screen):
        await next_of(ws, "tally", votes={ids[0]: 1, ids[1]: 0})
        await next_of(ws, "tally", votes={ids[0]: 2, ids[1]: 0})
    await ack_of(phones[1], vote(ids[0], on=False))
    await next_of(leader, "tally", votes={ids[0]: 1, ids[1]: 0})


async def test_the_budget_bounds_votes_and_taking_one_back_frees_it(
    server: Room, leader: Peer
) -> None:
    """With votes_per_device 1: a second vote is too_many until the first is taken back."""
    phones, ids = await open_voting(server, leader, votes_per_device=1)
    ballot = await next_of(phones[2], "ballot")
    assert ballot["votes_per_device"] == 1
    await ack_of(phones[2], vote(ids[0]))
    second = vote(ids[1])
    await send(phones[2], second)
    await error_of(phones[2], "too_many", ref=second["id"])
    await ack_of(phones[2], vote(ids[0], on=False))
    await ack_of(phones[2], vote(ids[1]))
    assert server.store.session.votes == {
        ids[1]: frozenset({server.store.author_key(phones[2].device)})
    }


async def test_taking_back_a_vote_never_cast_is_acked_and_changes_nothing(
    server: Room, leader: Peer
) -> None:
    """vote on:false without a vote: ack, no tally; voting twice for one answer counts once."""
    phones, ids = await open_voting(server, leader)
    await next_of(leader, "tally")
    await ack_of(phones[0], vote(ids[1], on=False))
    await no_message_of(leader, "tally")
    await ack_of(phones[0], vote(ids[1]))
    await ack_of(phones[0], vote(ids[1]))
    await next_of(leader, "tally", votes={ids[0]: 0, ids[1]: 1})
    await no_message_of(leader, "tally")


async def test_a_hidden_answer_leaves_the_ballot_and_its_votes_return(
    server: Room, leader: Peer
) -> None:
    """Hiding a voted answer: new ballot without it, tally without it, the voter's budget back."""
    phones, ids = await open_voting(server, leader, votes_per_device=1)
    for ws in phones:
        await next_of(ws, "ballot")
    await ack_of(phones[2], vote(ids[1]))
    await ack_of(leader, control("hide", answer=ids[1]))
    for ws in phones:
        ballot = await next_of(ws, "ballot")
        assert [a["id"] for a in ballot["answers"]] == [ids[0]]
    await next_of(leader, "tally", votes={ids[0]: 0})
    await ack_of(phones[2], vote(ids[0]))  # the budget of 1 came back


async def test_ballots_follow_new_edited_and_withdrawn_answers(server: Room, leader: Peer) -> None:
    """A new answer, an edit and a withdrawal on the voted question each send a new ballot."""
    phones, ids = await open_voting(server, leader)
    watcher = phones[2]
    await next_of(watcher, "ballot")
    new, _ = await answer(phones[1], "Drie")
    ballot = await next_of(watcher, "ballot")
    assert [a["text"] for a in ballot["answers"]] == ["Een", "Twee", "Drie"]
    await ack_of(phones[1], {"type": "edit", "id": new_id(), "answer": new, "text": "Drie!"})
    ballot = await next_of(watcher, "ballot")
    assert [a["text"] for a in ballot["answers"]] == ["Een", "Twee", "Drie!"]
    await ack_of(phones[0], {"type": "withdraw", "id": new_id(), "answer": ids[0]})
    ballot = await next_of(watcher, "ballot")
    assert [a["text"] for a in ballot["answers"]] == ["Twee", "Drie!"]
    await answer(phones[0], "Nog een over q2", "q2")
    await no_message_of(watcher, "ballot")


async def test_closing_voting_stops_votes(server: Room, leader: Peer) -> None:
    """voting on:false: state with voting null, and a vote gets closed."""
    phones, ids = await open_voting(server, leader)
    await ack_of(leader, control("voting", question="q1", on=False))
    state = await next_of(phones[0], "state", seq=server.store.session.seq)
    assert state["state"]["voting"] is None
    late = vote(ids[1])
    await send(phones[0], late)
    await error_of(phones[0], "closed", ref=late["id"])


async def test_voting_on_another_question_closes_the_first(server: Room, leader: Peer) -> None:
    """Voting moves to q2: a vote on a q1 answer gets closed."""
    phones, ids = await open_voting(server, leader)
    await ack_of(leader, control("voting", question="q2", on=True))
    ballot = await next_of(phones[1], "ballot", question="q2")
    assert [a["text"] for a in ballot["answers"]] == ["Over q2"]
    late = vote(ids[0])
    await send(phones[1], late)
    await error_of(phones[1], "closed", ref=late["id"])


async def test_welcomes_during_voting_carry_ballot_own_votes_and_tally(
    server: Room, leader: Peer
) -> None:
    """A reconnecting phone gets the ballot and its own votes; leader and screen the tally."""
    phones, ids = await open_voting(server, leader, votes_per_device=2)
    await ack_of(phones[1], vote(ids[0]))
    again = await server.phone(device=phones[1].device)
    assert again.welcome["votes"] == [ids[0]]
    assert again.welcome["ballot"]["votes_per_device"] == 2
    assert [a["id"] for a in again.welcome["ballot"]["answers"]] == ids
    for ws in (await server.leader(), await server.screen()):
        assert ws.welcome["tally"] == {
            "type": "tally",
            "question": "q1",
            "votes": {ids[0]: 1, ids[1]: 0},
        }


async def test_a_budget_out_of_range_is_a_bad_message(server: Room, leader: Peer) -> None:
    """votes_per_device 0 or 21 gets bad_message and voting stays closed."""
    for budget in (0, 21):
        msg = control("voting", question="q1", on=True, votes_per_device=budget)
        await send(leader, msg)
        await error_of(leader, "bad_message", ref=msg["id"])
    assert server.store.session.state.voting is None
