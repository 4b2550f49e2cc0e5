"""A server restarted on the same data folder brings the session back: code, tokens, answers."""

from __future__ import annotations

from dialoogtafel.server.protocol import control, hello, new_id
from tests.server.conftest import MakeServer, close_room, error_of, next_of, send
from tests.server.test_voting import ack_of


async def test_a_restarted_server_resumes_the_session(make_server: MakeServer) -> None:
    """Same code and tokens; the phone gets its answers back as mine; resends keep old seqs."""
    first = await make_server()
    code, tokens = first.code, first.store.tokens
    leader, phone, neighbour = await first.leader(), await first.phone(2), await first.phone(2)
    sent = [
        {"type": "answer", "id": new_id(), "question": "q1", "text": f"Voor de herstart {i}"}
        for i in range(3)
    ]
    seqs = [await ack_of(phone, msg) for msg in sent]
    theirs = {"type": "answer", "id": new_id(), "question": "q2", "text": "Buurman"}
    await ack_of(neighbour, theirs)
    note = control("note", question="q1", text="Voor de herstart")
    note_seq = await ack_of(leader, note)
    last_seq = first.store.session.seq
    await close_room(first)

    room = await make_server(resume=code.lower())
    assert room.code == code and room.store.tokens == tokens
    assert room.store.session.seq == last_seq
    kiosk = await room.join("leader", token=tokens.leader)
    assert [n["id"] for n in kiosk.welcome["notes"]] == [note["id"]]
    assert len(kiosk.welcome["answers"]) == 4
    await room.join("screen", token=tokens.screen)
    back = await room.phone(device=phone.device)
    assert back.welcome["you"] == {"role": "participant", "table": 2, "host": False}
    mine = {a["id"]: a.get("mine") for a in back.welcome["answers"]}
    assert mine == {**{m["id"]: True for m in sent}, theirs["id"]: None}
    for msg, seq in zip(sent, seqs, strict=True):
        await send(back, msg)
        assert (await next_of(back, "ack", id=msg["id"]))["seq"] == seq
    await send(kiosk, note)
    assert (await next_of(kiosk, "ack", id=note["id"]))["seq"] == note_seq
    assert room.store.session.seq == last_seq and len(room.store.session.answers) == 4


async def test_a_resumed_session_still_refuses_a_wrong_token(make_server: MakeServer) -> None:
    """After a restart the leader token is checked as before: a wrong one gets bad_token."""
    first = await make_server()
    code = first.code
    await close_room(first)
    room = await make_server(resume=code)
    ws = await room.open()
    await send(ws, hello(code, "leader", token="not-the-token-" * 3))
    await error_of(ws, "bad_token")
