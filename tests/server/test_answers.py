"""answer, edit and withdraw: stored, acked to the sender, sent to those who may see them."""

from __future__ import annotations

from dialoogtafel.server.protocol import control, new_id
from tests.server.conftest import Peer, Room, error_of, next_of, no_message_of, send

ANSWER_KEYS = {"type", "id", "question", "table", "text", "state", "highlighted", "votes", "seq"}


async def answer(ws: Peer, text: str, question: str = "q1") -> tuple[str, int]:
    """Send an answer and wait for its ack; its id and seq."""
    cid = new_id()
    await send(ws, {"type": "answer", "id": cid, "question": question, "text": text})
    return cid, (await next_of(ws, "ack", id=cid))["seq"]


async def test_an_answer_is_acked_and_reaches_leader_screen_and_its_table(server: Room) -> None:
    """The author gets `mine`, the table and the room get the answer, another table nothing."""
    leader, screen = await server.leader(), await server.screen()
    author, neighbour, elsewhere = (
        await server.phone(1),
        await server.phone(1),
        await server.phone(2),
    )
    cid, seq = await answer(author, "Meer tijd voor elkaar")
    assert seq == server.store.session.seq
    expected = {
        "type": "answer",
        "id": cid,
        "question": "q1",
        "table": 1,
        "text": "Meer tijd voor elkaar",
        "state": "shown",
        "highlighted": False,
        "votes": 0,
        "round": 1,
        "seq": seq,
    }
    assert await next_of(author, "answer", id=cid) == {**expected, "mine": True}
    for ws in (leader, screen, neighbour):
        assert await next_of(ws, "answer", id=cid) == expected
    await no_message_of(elsewhere, "answer")


async def test_answer_text_is_cleaned_at_the_door(server: Room) -> None:
    """Controls, ESC and bidi overrides are stripped, text is NFC; markup stays literal."""
    ws = await server.phone(1)
    cid, _ = await answer(ws, " [bold]a\x1b[31m\u202eb\u0065\u0301 <b>x</b>\x00 ")
    assert (await next_of(ws, "answer", id=cid))["text"] == "[bold]a[31mb\u00e9 <b>x</b>"


async def test_an_edit_replaces_the_text_for_everyone_who_sees_it(server: Room) -> None:
    """edit: acked, and the same answer id with the new text reaches leader, table and author."""
    leader = await server.leader()
    author, neighbour = await server.phone(1), await server.phone(1)
    cid, _ = await answer(author, "Eerste versie")
    edit = new_id()
    await send(author, {"type": "edit", "id": edit, "answer": cid, "text": "Tweede versie"})
    seq = (await next_of(author, "ack", id=edit))["seq"]
    mine = await next_of(author, "answer", id=cid, text="Tweede versie")
    assert mine["mine"] is True and mine["seq"] == seq
    for ws in (leader, neighbour):
        msg = await next_of(ws, "answer", id=cid, text="Tweede versie")
        assert "mine" not in msg and msg["seq"] == seq
    assert server.store.session.answers[cid].text == "Tweede versie"


async def test_withdraw_sends_gone_and_the_text_is_never_shown_again(server: Room) -> None:
    """withdraw: gone to leader, screen and the table (author included); welcomes omit it."""
    leader, screen = await server.leader(), await server.screen()
    author, neighbour = await server.phone(1), await server.phone(1)
    cid, _ = await answer(author, "Liever niet")
    wid = new_id()
    await send(author, {"type": "withdraw", "id": wid, "answer": cid})
    seq = (await next_of(author, "ack", id=wid))["seq"]
    for ws in (leader, screen, neighbour, author):
        assert await next_of(ws, "gone", id=cid) == {"type": "gone", "id": cid, "seq": seq}
    for ws in (
        await server.leader(),
        await server.screen(),
        await server.phone(device=author.device),
    ):
        assert ws.welcome["answers"] == [] and "Liever niet" not in ws.frames[0]
    assert server.store.session.answers[cid].text == ""


async def test_an_answer_to_a_closed_question_is_refused(server: Room, leader: Peer) -> None:
    """After `close`, an answer to that question gets closed; reopening takes answers again."""
    ws = await server.phone(1)
    await send(leader, control("close", question="q2"))
    await next_of(ws, "state")
    cid = new_id()
    await send(ws, {"type": "answer", "id": cid, "question": "q2", "text": "Te laat"})
    await error_of(ws, "closed", ref=cid)
    await send(leader, control("open", question="q2"))
    await next_of(ws, "state")
    await answer(ws, "Weer open", "q2")


async def test_a_theme_question_is_only_for_tables_with_that_theme(server: Room) -> None:
    """Table 1 (theme a) answers q3; table 2 (theme b) gets closed for q3."""
    one, two = await server.phone(1), await server.phone(2)
    await answer(one, "Over thema A", "q3")
    cid = new_id()
    await send(two, {"type": "answer", "id": cid, "question": "q3", "text": "Niet mijn thema"})
    await error_of(two, "closed", ref=cid)


async def test_an_unknown_question_or_empty_text_is_a_bad_message(server: Room) -> None:
    """An answer to q9, or of only whitespace and controls, gets bad_message with its id."""
    ws = await server.phone(1)
    for question, text in (("q9", "Waar is de vraag?"), ("q1", " \x07\n ")):
        cid = new_id()
        await send(ws, {"type": "answer", "id": cid, "question": question, "text": text})
        await error_of(ws, "bad_message", ref=cid)


async def test_editing_or_withdrawing_after_the_question_closed(server: Room, leader: Peer) -> None:
    """A closed question's answer can no longer be edited (closed) but can be withdrawn."""
    ws = await server.phone(1)
    cid, _ = await answer(ws, "Nog even")
    await send(leader, control("close", question="q1"))
    await next_of(ws, "state")
    edit = new_id()
    await send(ws, {"type": "edit", "id": edit, "answer": cid, "text": "Anders"})
    await error_of(ws, "closed", ref=edit)
    wid = new_id()
    await send(ws, {"type": "withdraw", "id": wid, "answer": cid})
    await next_of(ws, "ack", id=wid)
