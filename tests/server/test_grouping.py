"""Rode-draad merges and renames over the wire: acked, broadcast, in the welcome, kept."""

from __future__ import annotations

from dialoogtafel.server.protocol import control
from tests.server.conftest import (
    MakeServer,
    Room,
    close_room,
    error_of,
    next_of,
    send,
)
from tests.server.test_answers import answer
from tests.server.test_voting import ack_of


async def test_a_merge_and_a_rename_reach_leaders_and_screens(server: Room) -> None:
    """Acked to the leader; a `grouping` message with the choice to leaders and screens."""
    leader, screen, phone = await server.leader(), await server.screen(), await server.phone(1)
    a1, _ = await answer(phone, "Meer tijd")
    a2, _ = await answer(phone, "Tijd voor elkaar")
    merge = control("group_merge", question="q1", answers=[a2, a1])
    seq = await ack_of(leader, merge)
    for ws in (leader, screen):
        msg = await next_of(ws, "grouping", seq=seq)
        assert msg["id"] == merge["id"] and msg["kind"] == "merge"
        assert msg["answers"] == sorted([a1, a2]) and msg["question"] == "q1"
    rename = control("group_rename", question="q1", answers=[a1], label="[b]Tijd[/b]")
    seq = await ack_of(leader, rename)
    assert (await next_of(screen, "grouping", seq=seq))["label"] == "[b]Tijd[/b]"


async def test_bad_group_controls_get_bad_message(server: Room, leader) -> None:
    """No answers, a non-list, an unknown answer, an empty label: bad_message with the ref."""
    phone = await server.phone(1)
    a1, _ = await answer(phone, "Meer tijd")
    for msg in (
        control("group_merge", question="q1", answers=[]),
        control("group_merge", question="q1", answers=a1),
        control("group_merge", question="q1", answers=["nope"]),
        control("group_rename", question="q1", answers=[a1], label=""),
        control("group_rename", question="q1", answers=[a1]),
    ):
        await send(leader, msg)
        await error_of(leader, "bad_message", ref=msg["id"])


async def test_choices_survive_a_restart(make_server: MakeServer) -> None:
    """After a restart: the choices in the welcome, in order (kept for old kiosks: the exports
    show the rode draad as topics now, tests/server/test_topics.py)."""
    first = await make_server()
    code, tokens = first.code, first.store.tokens
    leader, phone = await first.leader(), await first.phone(1)
    a1, _ = await answer(phone, "Meer tijd")
    a2, _ = await answer(phone, "Tijd voor elkaar")
    await ack_of(leader, control("group_merge", question="q1", answers=[a1, a2]))
    await ack_of(leader, control("group_rename", question="q1", answers=[a1, a2], label="Tijd"))
    await close_room(first)
    room = await make_server(resume=code)
    kiosk = await room.join("leader", token=tokens.leader)
    assert [(g["kind"], g["label"]) for g in kiosk.welcome["groupings"]] == [
        ("merge", ""),
        ("rename", "Tijd"),
    ]
    screen = await room.join("screen", token=tokens.screen)
    assert len(screen.welcome["groupings"]) == 2
