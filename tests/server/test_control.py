"""The leader's control actions: state, themes, moderation, notes and actions, the end."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from dialoogtafel.server.protocol import control, new_id
from tests.exports.word import markdown_blocks, word_blocks
from tests.server.conftest import Peer, Room, error_of, file_text, next_of, no_message_of, send
from tests.server.test_answers import answer
from tests.server.test_voting import ack_of


async def test_open_close_and_focus_send_state_to_everyone(server: Room, leader: Peer) -> None:
    """close, open and focus: acked to the leader; state with that seq to every client."""
    screen, one, two = await server.screen(), await server.phone(1), await server.phone()
    seq = await ack_of(leader, control("close", question="q2"))
    for ws in (leader, screen, one, two):
        state = (await next_of(ws, "state", seq=seq))["state"]
        assert state["open"] == ["q1", "q3", "q4"] and state["focus"] == "q1"
    seq = await ack_of(leader, control("focus", question="q3"))
    for ws in (leader, screen, one, two):
        assert (await next_of(ws, "state", seq=seq))["state"]["focus"] == "q3"
    seq = await ack_of(leader, control("open", question="q2"))
    assert (await next_of(one, "state", seq=seq))["state"]["open"] == ["q1", "q2", "q3", "q4"]
    seq = await ack_of(leader, control("focus", question=None))
    assert (await next_of(two, "state", seq=seq))["state"]["focus"] is None


async def test_control_on_an_unknown_question_or_table_is_refused(
    server: Room, leader: Peer
) -> None:
    """Unknown question: bad_message; unknown table: no_table; unknown theme: bad_message."""
    for msg, code in (
        (control("close", question="q9"), "bad_message"),
        (control("focus", question="q9"), "bad_message"),
        (control("theme", table=9, theme="a"), "no_table"),
        (control("theme", table=1, theme="zz"), "bad_message"),
        (control("hide", answer=new_id()), "bad_message"),
        (control("launch"), "bad_message"),
    ):
        await send(leader, msg)
        await error_of(leader, code, ref=msg["id"])


async def test_a_theme_change_sends_fresh_welcomes(server: Room, leader: Peer) -> None:
    """theme: that table's phones, leaders and screens get a welcome; other tables nothing."""
    screen, two, one = await server.screen(), await server.phone(2), await server.phone(1)
    seq = await ack_of(leader, control("theme", table=2, theme="a"))
    for ws in (two, leader, screen):
        w = await next_of(ws, "welcome")
        assert {"number": 2, "theme": "a"} in w["session"]["tables"] and w["seq"] == seq
    await no_message_of(one, "welcome")
    await ack_of(two, {"type": "answer", "id": new_id(), "question": "q3", "text": "Nu thema A"})
    seq = await ack_of(leader, control("theme", table=2, theme=None))
    w = await next_of(two, "welcome", seq=seq)
    assert {"number": 2, "theme": None} in w["session"]["tables"]


async def test_highlight_and_unhighlight_reach_all_who_see_the_answer(
    server: Room, leader: Peer
) -> None:
    """highlight: highlighted true to leader, screen, table and author; unhighlight: false."""
    screen, author, neighbour = await server.screen(), await server.phone(1), await server.phone(1)
    cid, _ = await answer(author, "Heel goed")
    for action, flag in (("highlight", True), ("unhighlight", False)):
        seq = await ack_of(leader, control(action, answer=cid))
        for ws in (leader, screen, neighbour, author):
            msg = await next_of(ws, "answer", id=cid, seq=seq)
            assert msg["highlighted"] is flag and msg["state"] == "shown"
    assert server.store.session.answers[cid].highlighted is False


async def test_notes_and_actions_go_to_leaders_and_screens_only(server: Room, leader: Peer) -> None:
    """note and action_item: an item with the control's id to leader and screen, not phones."""
    screen, phone = await server.screen(), await server.phone(1)
    note = control("note", question="q1", text="Tijd is het probleem")
    seq = await ack_of(leader, note)
    expected = {"type": "item", "id": note["id"], "kind": "note", "text": "Tijd is het probleem"}
    for ws in (leader, screen):
        assert await next_of(ws, "item", id=note["id"]) == {
            **expected,
            "question": "q1",
            "seq": seq,
        }
    plenary = control("note", question=None, text="Plenair")
    await ack_of(leader, plenary)
    assert (await next_of(screen, "item", id=plenary["id"]))["question"] is None
    act = control("action_item", text="Verslag rondsturen", who="Anna", when="vrijdag")
    seq = await ack_of(leader, act)
    msg = await next_of(screen, "item", id=act["id"])
    assert msg == {
        "type": "item",
        "id": act["id"],
        "kind": "action",
        "text": "Verslag rondsturen",
        "who": "Anna",
        "when": "vrijdag",
        "seq": seq,
    }
    await no_message_of(phone, "item")
    w = (await server.leader()).welcome
    assert [n["id"] for n in w["notes"]] == [note["id"], plenary["id"]]
    assert [a["id"] for a in w["actions"]] == [act["id"]]


async def test_edit_item_and_remove_item_change_notes_and_actions(
    server: Room, leader: Peer
) -> None:
    """edit_item changes the given fields; remove_item sends removed: true and drops it."""
    screen = await server.screen()
    act = control("action_item", text="Bellen", who="Bo", when="")
    await ack_of(leader, act)
    seq = await ack_of(leader, control("edit_item", item=act["id"], when="maandag"))
    msg = await next_of(screen, "item", id=act["id"], seq=seq)
    assert (msg["text"], msg["who"], msg["when"]) == ("Bellen", "Bo", "maandag")
    bad = control("edit_item", item=act["id"], question="q1")  # an action has no question
    await send(leader, bad)
    await error_of(leader, "bad_message", ref=bad["id"])
    seq = await ack_of(leader, control("remove_item", item=act["id"]))
    assert (await next_of(screen, "item", id=act["id"], seq=seq))["removed"] is True
    assert (await server.screen()).welcome["actions"] == []


async def test_end_writes_json_and_minutes_before_its_ack(server: Room, leader: Peer) -> None:
    """end: state ended, then state.exports with three paths, then the ack; files hold the day."""
    screen, phone = await server.screen(), await server.phone(1)
    await answer(phone, "Meer tijd voor elkaar")
    await ack_of(leader, control("note", question="q1", text="Afspraak: volgende maand weer"))
    end = control("end")
    seq = await ack_of(leader, end)
    assert seq == server.store.session.seq - 1  # the server then records where the files went
    paths = server.store.session.state.exports
    assert set(paths) == {"json", "md", "docx"}
    assert all(Path(p).is_absolute() for p in paths.values())
    for ws in (phone, screen, leader):
        ended = await next_of(ws, "state", seq=seq)
        assert ended["state"]["ended"] is True and "exports" not in ended["state"]
        recorded = await next_of(ws, "state", seq=seq + 1)
        assert recorded["state"]["exports"] == dict(paths)
    order = [json.loads(f) for f in leader.frames]
    acked = next(i for i, m in enumerate(order) if m["type"] == "ack" and m["id"] == end["id"])
    written = next(
        i for i, m in enumerate(order) if m["type"] == "state" and "exports" in m["state"]
    )
    assert written < acked
    minutes = file_text(paths["md"])
    assert "Meer tijd voor elkaar" in minutes and "Afspraak: volgende maand weer" in minutes
    assert json.loads(file_text(paths["json"]))["schema_version"]
    assert Path(paths["json"]).parent == server.store.folder


async def test_after_the_end_every_change_is_closed(server: Room, leader: Peer) -> None:
    """After end: answers and controls get closed; a resent end is acked again."""
    phone = await server.phone(1)
    end = control("end")
    seq = await ack_of(leader, end)
    late = {"type": "answer", "id": new_id(), "question": "q1", "text": "Te laat"}
    await send(phone, late)
    await error_of(phone, "closed", ref=late["id"])
    note = control("note", question=None, text="Te laat")
    await send(leader, note)
    await error_of(leader, "closed", ref=note["id"])
    await send(leader, end)
    assert (await next_of(leader, "ack", id=end["id"]))["seq"] == seq


async def test_end_writes_the_minutes_as_a_word_document(server: Room, leader: Peer) -> None:
    """end: the .docx beside the other files holds the same minutes, hostile text as text."""
    phone = await server.phone(1)
    await answer(phone, "Meer tijd voor elkaar")
    await answer(phone, "<b>[x](y)</b> # kop | cel")
    await ack_of(leader, control("action_item", text="Pilot **starten**", who="Wie", when="Mei"))
    await ack_of(leader, control("end"))
    paths = server.store.session.state.exports
    docx, md = Path(paths["docx"]), Path(paths["md"])
    assert docx.parent == server.store.folder and docx.name == md.name.replace(".md", ".docx")
    blocks = await asyncio.to_thread(word_blocks, docx)
    assert blocks == markdown_blocks(file_text(md))
    assert ("li", "<b>[x](y)</b> # kop | cel") in blocks
    assert ("h2", "Follow-up actions") in blocks and blocks[0][0] == "h1"
    assert (
        "table",
        [["No.", "Action", "Who", "When"], ["1", "Pilot **starten**", "Wie", "Mei"]],
    ) in blocks
