"""Bursts and abuse: group commit batches a burst; a flooder and a non-reader slow nobody down."""

from __future__ import annotations

import asyncio
import json
import statistics
import threading
import time

import pytest

from dialoogtafel.server.domain import Session
from dialoogtafel.server.protocol import new_id
from dialoogtafel.server.storage.groupcommit import GroupCommit
from dialoogtafel.server.storage.journal import JournalFile
from tests.server.conftest import TIMEOUT, Peer, Room, next_of, send

PHONES = 100
FLOOD = 2000


async def test_a_burst_of_100_answers_costs_a_few_fsyncs(
    server: Room, leader: Peer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """100 answers that arrive while a batch is being written go in the next one, together.

    The first write is held until all 100 answers are handed to the store, so the figure is the
    same on a slow disk and on a fast one: the first batch and one more.
    """
    phones = [await server.phone(1 + i % 3) for i in range(PHONES)]
    burst = [
        {"type": "answer", "id": new_id(), "question": "q1", "text": f"Antwoord {p}"}
        for p in range(PHONES)
    ]
    all_in, handed = threading.Event(), 0
    append, submit = JournalFile.append, GroupCommit.submit

    def held(journal: JournalFile, data: bytes) -> None:  # the writer's thread
        assert all_in.wait(TIMEOUT), f"only {handed} of {PHONES} answers reached the store"
        append(journal, data)

    def counted(commits: GroupCommit, line: bytes, session: Session) -> asyncio.Future[None]:
        nonlocal handed
        handed += 1
        if handed == PHONES:
            all_in.set()
        return submit(commits, line, session)

    monkeypatch.setattr(JournalFile, "append", held)
    monkeypatch.setattr(GroupCommit, "submit", counted)
    before = server.store.stats
    for ws, msg in zip(phones, burst, strict=True):
        await send(ws, msg)
    for ws, msg in zip(phones, burst, strict=True):
        await next_of(ws, "ack", id=msg["id"])
    for msg in burst:
        await next_of(leader, "answer", id=msg["id"])
    after = server.store.stats
    records, batches = after.records - before.records, after.batches - before.batches
    print(f"\ngroup commit: {records} changes in {batches} journal writes+fsyncs")  # noqa: T201
    assert records == PHONES
    assert batches <= 2


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank) of some values."""
    ranked = sorted(values)
    return ranked[min(len(ranked) - 1, round(p / 100 * (len(ranked) - 1)))]


async def replies(ws: Peer, n: int) -> dict[str, int]:
    """Read until n acks and errors came; how many of each error code (and "ack")."""
    codes: dict[str, int] = {}
    async with asyncio.timeout(TIMEOUT * 4):
        while sum(codes.values()) < n:
            msg = json.loads(await ws.recv())
            if msg["type"] in ("ack", "error"):
                key = msg.get("code", "ack")
                codes[key] = codes.get(key, 0) + 1
    return codes


async def test_a_flooder_and_a_non_reader_slow_nobody_down(server: Room, leader: Peer) -> None:
    """2,000 flood frames and a screen that never reads: two phones' acks and broadcasts arrive."""
    flooder, honest = await server.phone(3), [await server.phone(1), await server.phone(2)]
    stuck = await server.screen()
    assert stuck.transport is not None
    stuck.transport.pause_reading()
    wanted = [[new_id() for _ in range(20)] for _ in honest]
    sent: dict[str, float] = {}
    acked: dict[str, float] = {}
    shown: dict[str, float] = {}
    all_shown = asyncio.Event()

    async def watch() -> None:
        ids = {cid for ids in wanted for cid in ids}
        async for raw in leader:
            msg = json.loads(raw)
            if msg["type"] == "answer" and msg["id"] in ids:
                shown.setdefault(msg["id"], time.perf_counter())
                if len(shown) == len(ids):
                    all_shown.set()

    async def flood() -> None:
        junk = '{"type": "answer", "id": "flood-%d", "question": "q1", "text": "%s"}'
        for i in range(FLOOD):
            await flooder.send(junk % (i, "x" * 900))

    async def answer_steadily(ws: Peer, ids: list[str]) -> None:
        for i, cid in enumerate(ids):
            sent[cid] = time.perf_counter()
            await send(ws, {"type": "answer", "id": cid, "question": "q2", "text": f"Rustig {i}"})
            await next_of(ws, "ack", id=cid)
            acked[cid] = time.perf_counter()

    watching = asyncio.create_task(watch())
    try:
        async with asyncio.timeout(TIMEOUT * 4):
            await asyncio.gather(flood(), *map(answer_steadily, honest, wanted))
            await all_shown.wait()
    finally:
        watching.cancel()
    flood_replies = await replies(flooder, FLOOD)
    ack_ms = [(acked[c] - sent[c]) * 1000 for c in sent]
    shown_ms = [(shown[c] - sent[c]) * 1000 for c in sent]
    print(  # noqa: T201 - figures, on purpose; no timing is asserted
        f"\nunder a {FLOOD}-frame flood and a non-reading screen: {len(acked)} acks, "
        f"{len(shown)} answers on the leader; ack ms p50 {statistics.median(ack_ms):.1f} "
        f"p95 {percentile(ack_ms, 95):.1f} max {max(ack_ms):.1f}; leader ms p50 "
        f"{statistics.median(shown_ms):.1f} max {max(shown_ms):.1f}; flooder got {flood_replies}"
    )
    assert len(acked) == len(shown) == 40
    assert sum(flood_replies.values()) == FLOOD and flood_replies.get("rate_limited", 0) > 0
    for ws in honest:
        await send(ws, {"type": "ping"})
        await next_of(ws, "pong")
