"""Who sees what: tables, hidden and withdrawn answers; no token or author key ever sent."""

from __future__ import annotations

import json

from dialoogtafel.server.protocol import control, new_id
from tests.exports.word import export_text
from tests.server.conftest import Peer, Room, drain, next_of, no_message_of, send
from tests.server.test_answers import answer


async def test_each_role_is_welcomed_with_what_it_may_see(server: Room, leader: Peer) -> None:
    """Welcome: a phone its table's shown answers, a screen all shown, the leader hidden too."""
    one, two = await server.phone(1), await server.phone(2)
    a1, _ = await answer(one, "Tafel een")
    a2, _ = await answer(two, "Tafel twee")
    hidden, _ = await answer(one, "Verborgen")
    gone, _ = await answer(two, "Teruggetrokken")
    await send(leader, control("hide", answer=hidden))
    await next_of(leader, "answer", id=hidden, state="hidden")
    await send(two, {"type": "withdraw", "id": new_id(), "answer": gone})
    await next_of(two, "gone", id=gone)

    def seen(ws: Peer) -> dict[str, bool | None]:
        return {a["id"]: a.get("mine") for a in ws.welcome["answers"]}

    assert seen(await server.phone(device=one.device)) == {a1: True}
    assert seen(await server.phone(1)) == {a1: None}
    assert seen(await server.phone(device=two.device)) == {a2: True}
    assert seen(await server.screen()) == {a1: None, a2: None}
    assert seen(await server.leader()) == {a1: None, a2: None, hidden: None}
    assert [a["state"] for a in (await server.leader()).welcome["answers"]] == ["shown"] * 2 + [
        "hidden"
    ]


async def test_hiding_takes_an_answer_off_every_phone_and_screen(
    server: Room, leader: Peer
) -> None:
    """hide: the leader gets it as hidden; screen, table and the author get gone."""
    screen = await server.screen()
    author, neighbour, elsewhere = (
        await server.phone(1),
        await server.phone(1),
        await server.phone(2),
    )
    cid, _ = await answer(author, "Te persoonlijk")
    await next_of(author, "answer", id=cid)
    hide = control("hide", answer=cid)
    await send(leader, hide)
    seq = (await next_of(leader, "ack", id=hide["id"]))["seq"]
    assert (await next_of(leader, "answer", id=cid, seq=seq))["state"] == "hidden"
    for ws in (screen, neighbour, author):
        assert await next_of(ws, "gone", id=cid) == {"type": "gone", "id": cid, "seq": seq}
    await no_message_of(elsewhere, "gone")
    await no_message_of(author, "answer", id=cid)


async def test_unhiding_brings_an_answer_back(server: Room, leader: Peer) -> None:
    """unhide: the answer returns to screen, table and author (with `mine`)."""
    screen = await server.screen()
    author, neighbour = await server.phone(1), await server.phone(1)
    cid, _ = await answer(author, "Toch wel goed")
    await send(leader, control("hide", answer=cid))
    await next_of(author, "gone", id=cid)
    await send(leader, control("unhide", answer=cid))
    assert (await next_of(author, "answer", id=cid))["mine"] is True
    for ws in (screen, neighbour):
        msg = await next_of(ws, "answer", id=cid)
        assert msg["state"] == "shown" and "mine" not in msg


async def test_a_phone_never_gets_another_tables_answers(server: Room, leader: Peer) -> None:
    """Answers, edits, highlights and withdrawals at table 1 send nothing to table 2."""
    author, elsewhere = await server.phone(1), await server.phone(2)
    cid, _ = await answer(author, "Alleen voor tafel een")
    await send(author, {"type": "edit", "id": new_id(), "answer": cid, "text": "Nog steeds"})
    await send(leader, control("highlight", answer=cid))
    await send(author, {"type": "withdraw", "id": new_id(), "answer": cid})
    await next_of(author, "gone", id=cid)
    got = await drain(elsewhere)
    assert [m for m in got if m["type"] in ("answer", "gone")] == []


async def test_no_message_carries_a_token_or_an_author_key(server: Room) -> None:
    """Every frame every client got, and both exports, hold no token and no author key."""
    leader, screen = await server.leader(), await server.screen()
    phones = [await server.phone(t) for t in (1, 1, 2, 3)]
    ids = []
    for i, ws in enumerate(phones):
        ids.append((await answer(ws, f"Antwoord {i}"))[0])
    await send(phones[0], {"type": "edit", "id": new_id(), "answer": ids[0], "text": "Anders"})
    await send(
        phones[1], {"type": "edit", "id": new_id(), "answer": ids[0], "text": "Niet van mij"}
    )
    await send(phones[2], {"type": "table", "id": new_id(), "table": 1})
    await send(leader, control("voting", question="q1", on=True))
    for ws in phones:
        await next_of(ws, "ballot")
        await send(ws, {"type": "vote", "id": new_id(), "answer": ids[1], "on": True})
    await send(leader, control("hide", answer=ids[3]))
    await send(leader, control("note", question="q1", text="Plenair"))
    await send(phones[3], {"type": "withdraw", "id": new_id(), "answer": ids[3]})
    end = control("end")
    await send(leader, end)
    await next_of(leader, "ack", id=end["id"])
    for ws in (*phones, screen):
        await drain(ws)
    secrets = set(server.devices) | {server.store.tokens.leader, server.store.tokens.screen}
    secrets |= {server.store.author_key(d) for d in server.devices}
    state = server.store.session.state
    files = [export_text(p) for p in state.exports.values()]  # a .docx: every part unzipped
    assert len(files) == 3 and len(server.frames()) > 40
    everything = "\n".join([*server.frames(), *files])
    leaked = [s for s in secrets if s in everything]
    assert leaked == []
    assert all(json.loads(f)["type"] for f in server.frames())
