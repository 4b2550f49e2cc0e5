"""Per-device and per-connection limits: too_many, rate_limited, too_big (1009), slow (1008)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from websockets.exceptions import ConnectionClosed

from dialoogtafel.server.config import Limits
from dialoogtafel.server.protocol import control, new_id
from tests.server.conftest import TIMEOUT, MakeServer, Peer, Room, error_of, next_of, send
from tests.server.test_answers import answer
from tests.server.test_voting import ack_of


async def closed_with(ws: Peer) -> tuple[int | None, str | None]:
    """Read until the server closes the connection; its close code and reason."""
    async with asyncio.timeout(TIMEOUT):
        with contextlib.suppress(ConnectionClosed):
            async for _ in ws:
                pass
        await ws.wait_closed()
    return ws.close_code, ws.close_reason


async def read_all(ws: Peer) -> None:
    """Read (and keep) every frame until cancelled: a client that keeps up."""
    async for _ in ws:
        pass


async def still_open(*peers: Peer) -> None:
    """Each connection still answers a ping."""
    for ws in peers:
        await send(ws, {"type": "ping"})
        await next_of(ws, "pong")


async def test_a_device_has_at_most_20_answers_per_question(server: Room) -> None:
    """The 21st answer to one question gets too_many; a withdrawn one frees a place."""
    ws = await server.phone(1)
    ids = [(await answer(ws, f"Antwoord {i}"))[0] for i in range(20)]
    extra = {"type": "answer", "id": new_id(), "question": "q1", "text": "Nog een"}
    seq = server.store.session.seq
    await send(ws, extra)
    await error_of(ws, "too_many", ref=extra["id"])
    assert server.store.session.seq == seq
    await answer(ws, "Wel over q2", "q2")
    await ack_of(ws, {"type": "withdraw", "id": new_id(), "answer": ids[0]})
    await answer(ws, "Nu past het weer")


async def test_a_device_has_at_most_four_connections(server: Room, leader: Peer) -> None:
    """A fifth connection of one device token gets too_many and is closed; the four stay."""
    first = await server.phone(1)
    tabs = [first] + [await server.phone(device=first.device) for _ in range(3)]
    fifth = await server.open()
    hello = {"type": "hello", "session": server.code, "role": "participant"}
    await send(fifth, {**hello, "device": first.device})
    await error_of(fifth, "too_many")
    assert await closed_with(fifth) == (1008, "too_many")
    await still_open(*tabs)
    await next_of(leader, "counts", connected={"1": 4})
    await tabs[0].close()
    await next_of(leader, "counts", connected={"1": 3})
    await server.phone(device=first.device)  # room again


async def test_four_connections_hold_when_hellos_arrive_at_once(server: Room) -> None:
    """Six tabs of one device say hello together (seating each): four welcomes, two too_many."""
    device = "e" * 32
    tabs = [await server.open() for _ in range(6)]
    hellos = [
        {
            "type": "hello",
            "session": server.code,
            "role": "participant",
            "device": device,
            "table": 1 + i % 2,
        }
        for i in range(6)
    ]
    await asyncio.gather(*map(send, tabs, hellos))
    firsts = [json.loads(await asyncio.wait_for(ws.recv(), TIMEOUT)) for ws in tabs]
    kinds = sorted(m["type"] if m["type"] == "welcome" else m["code"] for m in firsts)
    assert kinds == ["too_many"] * 2 + ["welcome"] * 4
    assert server.live.device_connections(server.store.author_key(device)) == 4


async def test_a_burst_past_the_bucket_is_rate_limited(make_server: MakeServer) -> None:
    """Past the burst, changes get rate_limited with their ids, are not stored; others go on."""
    # a token comes back every 1,000 s: a slow machine cannot refill the bucket mid-burst
    room = await make_server(limits=Limits(rate_per_second=0.001, rate_burst=5))
    ws, other = await room.phone(1), await room.phone(1)
    burst = [
        {"type": "answer", "id": new_id(), "question": "q1", "text": f"A{i}"} for i in range(8)
    ]
    for msg in burst:
        await send(ws, msg)
    for msg in burst[:5]:
        await next_of(ws, "ack", id=msg["id"])
    for msg in burst[5:]:
        await error_of(ws, "rate_limited", ref=msg["id"])
    assert sorted(a.text for a in room.store.session.answers.values()) == [
        "A0",
        "A1",
        "A2",
        "A3",
        "A4",
    ]
    await answer(other, "Mijn eigen emmer")
    assert ws.close_code is None


async def test_the_default_bucket_takes_a_burst_of_40(make_server: MakeServer) -> None:
    """With the default burst, 40 frames at once pass and the 41st to 45th are limited."""
    assert Limits().rate_burst == 40
    # the default burst, refilled too slowly to matter however long 45 frames take to read
    server = await make_server(limits=Limits(rate_per_second=0.001))
    ws = await server.phone(1)
    frames = [{"type": "answer", "id": new_id(), "question": "q9", "text": "x"} for _ in range(45)]
    for msg in frames:
        await send(ws, msg)
    codes = [(await next_of(ws, "error", ref=msg["id"]))["code"] for msg in frames]
    assert codes == ["bad_message"] * 40 + ["rate_limited"] * 5


def padded_ping(size: int) -> str:
    """A ping frame of exactly `size` bytes (extra fields are ignored)."""
    bare = json.dumps({"type": "ping", "pad": ""})
    return json.dumps({"type": "ping", "pad": "x" * (size - len(bare))})


async def test_a_frame_over_16_kib_closes_that_connection_with_1009(server: Room) -> None:
    """16,384 bytes are fine; 16,385 get too_big and close the sender with 1009, nobody else."""
    ws, huge, other = await server.phone(1), await server.phone(2), await server.phone(1)
    leader = await server.leader()
    before = server.store.session
    exact = padded_ping(16 * 1024)
    assert len(exact.encode()) == 16 * 1024
    await ws.send(exact)
    await next_of(ws, "pong")
    await ws.send(padded_ping(16 * 1024 + 1))
    await error_of(ws, "too_big")
    assert (await closed_with(ws))[0] == 1009
    await huge.send(padded_ping(1024 * 1024))  # past what is read at all: websockets cuts it
    assert (await closed_with(huge))[0] == 1009
    await still_open(other, leader)
    assert server.store.session == before


class Signal(logging.Handler):
    """Sets an event when a log line starts with the given text."""

    def __init__(self, start: str) -> None:
        super().__init__()
        self.start, self.seen, self.count = start, asyncio.Event(), 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.getMessage().startswith(self.start):
            self.count += 1
            self.seen.set()


@pytest.fixture
def slow_signal() -> Iterator[Signal]:
    """An event set when the server logs that it closes a slow client."""
    handler = Signal("closing slow client")
    log = logging.getLogger("dialoogtafel.server.live")
    old = log.level
    log.setLevel(logging.INFO)
    log.addHandler(handler)
    yield handler
    log.removeHandler(handler)
    log.setLevel(old)


FLOOD = Limits(send_buffer_bytes=64 * 1024, rate_per_second=1e6, rate_burst=10**6)


def kernel_buffer_bound() -> int:
    """Bytes the kernel may hold for one loopback connection before the server's own buffer grows.

    A client that stops reading first fills its socket's receive buffer and the server's send
    buffer; only then do frames pile up in the server's transport, where the limit is checked.
    Both buffers autotune up to the maxima in tcp_rmem/tcp_wmem, which differ from machine to
    machine, so the flood is bounded by those bytes, not by a count of changes.
    """
    try:
        rmem = Path("/proc/sys/net/ipv4/tcp_rmem").read_text().split()[2]
        wmem = Path("/proc/sys/net/ipv4/tcp_wmem").read_text().split()[2]
    except (OSError, IndexError):  # not Linux: a generous bound
        return 64 * 1024 * 1024
    return int(rmem) + int(wmem)


def buffered(room: Room) -> int:
    """The largest send buffer the server holds for any of its clients, in bytes."""
    return max(
        c.ws.transport.get_write_buffer_size()
        for c in room.live.clients.everyone()
        if c.ws.transport is not None
    )


async def flood_until_stuck(room: Room, leader: Peer, reader: Peer) -> int:
    """Send changes until the server buffers more than its limit for a client; how many it took.

    `reader` is a screen that keeps reading: it gets what the stuck screen would have got, so
    the bytes it counts bound the flood (the kernel's buffers plus the server's limit, twice).
    """
    limit = FLOOD.send_buffer_bytes
    bound = 2 * (kernel_buffer_bound() + limit) + 1024 * 1024
    received = changes = 0
    while buffered(room) <= limit:
        if received > bound:
            raise AssertionError(f"no client buffered {limit} bytes after {received} bytes sent")
        if changes < 20:  # notes of 3,900 characters, then theme changes: each a full welcome
            msg, echo = control("note", question=None, text="n" * 3900), "item"
        else:
            msg, echo = control("theme", table=1, theme="ab"[changes % 2]), "welcome"
        await ack_of(leader, msg)
        leader.backlog.clear()
        changes += 1
        async with asyncio.timeout(TIMEOUT):  # what the stuck screen was sent, the reader gets
            while True:
                raw = await reader.recv()
                received += len(raw.encode())
                if json.loads(raw)["type"] == echo:
                    break
    return changes


async def test_a_screen_that_never_reads_is_closed_with_1008(
    make_server: MakeServer, slow_signal: Signal
) -> None:
    """Past send_buffer_bytes the server closes a non-reading client (1008 slow); it reconnects."""
    room = await make_server(limits=FLOOD)
    leader, reader, phone = await room.leader(), await room.screen(), await room.phone(1)
    slow = await room.screen()
    assert slow.transport is not None
    slow.transport.pause_reading()  # from here on this client reads nothing
    changes = await flood_until_stuck(room, leader, reader)
    async with asyncio.timeout(TIMEOUT):  # the server's next check closes it
        await slow_signal.seen.wait()
    slow.transport.resume_reading()
    assert await closed_with(slow) == (1008, "slow")
    print(f"\nslow screen closed after {changes} changes")  # noqa: T201 - a figure, on purpose
    await still_open(leader, phone)
    await still_open(reader)  # a screen that reads is never closed
    again = await room.screen()
    assert len(again.welcome["notes"]) == 20


async def test_a_slow_client_is_closed_once_not_every_check(
    make_server: MakeServer, slow_signal: Signal
) -> None:
    """While a slow client's close is pending, later checks do not close (and log) it again."""
    room = await make_server(limits=FLOOD)
    leader, reader, slow = await room.leader(), await room.screen(), await room.screen()
    assert slow.transport is not None
    slow.transport.pause_reading()
    checks, checked = 0, asyncio.Event()
    close_slow = room.live.close_slow

    def counting(limit: int) -> int:
        nonlocal checks
        checks += 1
        checked.set()
        return close_slow(limit)

    room.live.close_slow = counting  # type: ignore[method-assign]
    await flood_until_stuck(room, leader, reader)
    async with asyncio.timeout(TIMEOUT):
        await slow_signal.seen.wait()
    seen_at = checks
    while checks < seen_at + 2:  # two more checks (a second each) with the client still stuck
        checked.clear()
        async with asyncio.timeout(TIMEOUT):
            await checked.wait()
    assert slow_signal.count == 1
    slow.transport.resume_reading()
    assert await closed_with(slow) == (1008, "slow")
