"""A change id resent is the same change: applied once, acked again with its seq, once durable."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import pytest

from dialoogtafel.server.protocol import control, new_id
from dialoogtafel.server.storage.journal import JournalFile
from tests.server.conftest import TIMEOUT, Peer, Room, next_of, no_message_of, send


def an_answer(text: str = "Eén keer") -> dict[str, Any]:
    """An answer to q1 with a fresh id."""
    return {"type": "answer", "id": new_id(), "question": "q1", "text": text}


async def test_a_resent_answer_is_acked_again_and_stored_once(server: Room, leader: Peer) -> None:
    """The same answer frame twice: two acks with one seq, one answer, one broadcast."""
    ws = await server.phone(1)
    msg = an_answer()
    await send(ws, msg)
    first = await next_of(ws, "ack", id=msg["id"])
    await next_of(leader, "answer", id=msg["id"])
    await send(ws, msg)
    assert await next_of(ws, "ack", id=msg["id"]) == first
    assert list(server.store.session.answers) == [msg["id"]]
    assert server.store.session.seq == first["seq"]
    await no_message_of(leader, "answer", id=msg["id"])


async def test_a_resend_after_reconnecting_is_not_duplicated(server: Room) -> None:
    """The phone reconnects with its device token and resends its outbox: acks, no copies."""
    ws = await server.phone(1)
    outbox = [an_answer("Een"), an_answer("Twee")]
    for msg in outbox:
        await send(ws, msg)
    seqs = [(await next_of(ws, "ack", id=m["id"]))["seq"] for m in outbox]
    await ws.close()
    again = await server.phone(device=ws.device)
    assert [a["id"] for a in again.welcome["answers"]] == [m["id"] for m in outbox]
    for msg in outbox:
        await send(again, msg)
    assert [(await next_of(again, "ack", id=m["id"]))["seq"] for m in outbox] == seqs
    assert len(server.store.session.answers) == 2


async def test_a_resent_control_is_applied_once(server: Room, leader: Peer) -> None:
    """A note resent by the kiosk after a reconnect: the same seq, one item."""
    note = control("note", question=None, text="Eén notitie")
    await send(leader, note)
    seq = (await next_of(leader, "ack", id=note["id"]))["seq"]
    await next_of(leader, "item", id=note["id"])
    kiosk = await server.leader()
    await send(kiosk, note)
    assert (await next_of(kiosk, "ack", id=note["id"]))["seq"] == seq
    assert list(server.store.session.items) == [note["id"]]
    await no_message_of(leader, "item")
    await no_message_of(kiosk, "item")


async def test_a_resend_during_the_commit_is_acked_only_once_durable(
    server: Room, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Same id from a second tab while the first is being written: its ack waits for the disk."""
    tab = await server.phone(1)
    other_tab = await server.phone(device=tab.device)
    loop, writing, disk = asyncio.get_running_loop(), asyncio.Event(), threading.Event()
    append, wait_durable = JournalFile.append, server.store.wait_durable
    waiting = asyncio.Event()

    def slow_append(journal: JournalFile, data: bytes) -> None:
        loop.call_soon_threadsafe(writing.set)
        disk.wait(TIMEOUT)
        append(journal, data)

    async def spy(seq: int) -> None:
        waiting.set()
        await wait_durable(seq)

    monkeypatch.setattr(JournalFile, "append", slow_append)
    monkeypatch.setattr(server.store, "wait_durable", spy)
    msg = an_answer()
    try:
        await send(tab, msg)
        async with asyncio.timeout(TIMEOUT):
            await writing.wait()
        await send(other_tab, msg)
        early_ack = asyncio.create_task(next_of(other_tab, "ack", id=msg["id"]))
        done, _ = await asyncio.wait(
            {early_ack, asyncio.create_task(waiting.wait())},
            timeout=TIMEOUT,
            return_when=asyncio.FIRST_COMPLETED,
        )
        assert early_ack not in done, "the resend was acked before its change was on disk"
        assert waiting.is_set()
    finally:
        disk.set()
    first = await next_of(tab, "ack", id=msg["id"])
    assert (await early_ack)["seq"] == first["seq"] == server.store.session.seq
    assert len(server.store.session.answers) == 1
