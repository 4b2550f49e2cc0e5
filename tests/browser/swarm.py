"""Many protocol phones on one asyncio loop in a thread: answers at a steady rate, each kept in
an outbox until acked, resent after every reconnect, as PROTOCOL.md asks of a phone."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import random
import threading
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake

from dialoogtafel.server.domain.limits import ANSWERS_PER_QUESTION
from dialoogtafel.server.protocol import hello, new_id
from tests.browser.harness import TIMEOUT, Serve

RETRY = (0.05, 0.25)  # seconds between reconnect attempts, drawn at random (jitter)
QUESTIONS = ("q1", "q2", "q3", "q4")  # the default set's; answers go round them
MAX_MADE = ANSWERS_PER_QUESTION * len(QUESTIONS)  # a device's limit: more would be too_many


@dataclass
class SwarmPhone:
    """One device: its seat, its unacked changes in order, and what the server acked."""

    number: int
    table: int
    device: str = field(default_factory=lambda: os.urandom(16).hex())
    outbox: dict[str, dict[str, Any]] = field(default_factory=dict)
    acked: dict[str, str] = field(default_factory=dict)  # answer id -> text
    ws: ClientConnection | None = None
    made: int = 0


class Swarm:
    """`n` phones spread over `tables`, each answering `rate` times a second while producing."""

    def __init__(self, serve: Serve, n: int, tables: int, rate: float) -> None:
        self.serve = serve
        self.rate = rate
        self.phones = [SwarmPhone(i, i % tables + 1) for i in range(n)]
        self.errors: list[dict[str, Any]] = []
        self.changed = threading.Condition()
        self.producing = False
        self.closing = False
        self.welcomes = 0
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.tasks: list[asyncio.Task[None]] = []

    # -- from the test's thread ---------------------------------------------------------------

    def start(self) -> None:
        """Connect every phone (they keep reconnecting until close)."""
        self.thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self.loop).result(TIMEOUT)

    def produce(self, on: bool) -> None:
        """Start or stop making new answers."""
        self.loop.call_soon_threadsafe(setattr, self, "producing", on)

    def burst(self) -> list[str]:
        """Every phone sends one more answer at once; their ids, once on the sockets."""
        return asyncio.run_coroutine_threadsafe(self._burst(), self.loop).result(TIMEOUT)

    def wait(self, what: str, until: Any, timeout: float = TIMEOUT) -> None:
        """Wait until `until(self)` holds (checked on every change); fail after timeout."""
        with self.changed:
            if not self.changed.wait_for(lambda: until(self), timeout):
                raise AssertionError(f"swarm: {what} not reached in {timeout} s: {self.summary()}")

    def acked(self) -> dict[str, str]:
        """Every answer any phone has seen acked: id -> text."""
        with self.changed:
            return {k: v for p in self.phones for k, v in p.acked.items()}

    def made(self) -> dict[str, str]:
        """Every answer made, acked or not: id -> text."""
        with self.changed:
            out = {k: v for p in self.phones for k, v in p.acked.items()}
            for p in self.phones:
                out.update({k: f["text"] for k, f in p.outbox.items()})
            return out

    def pending(self) -> int:
        """Changes waiting in outboxes."""
        return sum(len(p.outbox) for p in self.phones)

    def connected(self) -> int:
        """Phones with a welcomed connection."""
        return sum(p.ws is not None for p in self.phones)

    def summary(self) -> str:
        """Counts for a failure message."""
        acked = sum(len(p.acked) for p in self.phones)
        codes = Counter(str(e.get("code")) for e in self.errors)
        return (
            f"connected={self.connected()}/{len(self.phones)} pending={self.pending()} "
            f"acked={acked} errors={dict(codes)} first={self.errors[:1]}"
        )

    def close(self) -> None:
        """Stop every phone and the loop."""
        asyncio.run_coroutine_threadsafe(self._close(), self.loop).result(TIMEOUT)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(TIMEOUT)
        self.loop.close()

    # -- on the swarm's loop ------------------------------------------------------------------

    async def _start(self) -> None:
        self.tasks = [asyncio.create_task(self._run(p)) for p in self.phones]
        self.tasks.append(asyncio.create_task(self._produce()))

    async def _close(self) -> None:
        self.closing = True
        for task in self.tasks:
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)

    async def _produce(self) -> None:
        tick = 1 / (self.rate * len(self.phones))
        while True:
            for p in self.phones:
                await asyncio.sleep(tick)  # a load generator's pace, not a wait for a condition
                if self.producing:
                    await self._answer(p)

    async def _burst(self) -> list[str]:
        ids = await asyncio.gather(*(self._answer(p) for p in self.phones))
        return [i for i in ids if i is not None]

    async def _answer(self, p: SwarmPhone) -> str | None:
        """A new answer into the outbox, and onto the socket when there is one; its id."""
        if p.made >= MAX_MADE:
            return None
        p.made += 1
        text = f"zwerm {p.number}.{p.made}"
        question = QUESTIONS[p.made % len(QUESTIONS)]
        frame = {"type": "answer", "id": new_id(), "question": question, "text": text}
        with self.changed:
            p.outbox[frame["id"]] = frame
        if p.ws is not None:
            with contextlib.suppress(ConnectionClosed):
                await p.ws.send(json.dumps(frame))
        return str(frame["id"])

    async def _run(self, p: SwarmPhone) -> None:
        while not self.closing:
            try:
                async with connect(self.serve.ws_url, open_timeout=TIMEOUT, compression=None) as ws:
                    await self._session(p, ws)
            except (OSError, ConnectionClosed, InvalidHandshake, TimeoutError):
                pass
            finally:
                if p.ws is not None:
                    with self.changed:
                        p.ws = None
                        self.changed.notify_all()
            await asyncio.sleep(random.uniform(*RETRY))  # reconnect back-off with jitter

    async def _session(self, p: SwarmPhone, ws: ClientConnection) -> None:
        """hello, welcome, the outbox again in order, then acks until the connection ends."""
        frame = hello(self.serve.code, "participant", device=p.device, table=p.table)
        await ws.send(json.dumps(frame))
        first = json.loads(await ws.recv())
        if first["type"] != "welcome":
            with self.changed:
                self.errors.append(first)  # e.g. no_session while the server is starting
            return
        with self.changed:
            p.ws = ws
            self.welcomes += 1
            resend = list(p.outbox.values())  # what the producer adds from now on goes itself
            self.changed.notify_all()
        for change in resend:  # the server acks an id it already has without applying it again
            await ws.send(json.dumps(change))
        async for raw in ws:
            self._on_message(p, json.loads(raw))

    def _on_message(self, p: SwarmPhone, m: dict[str, Any]) -> None:
        if m["type"] == "ack":
            with self.changed:
                frame = p.outbox.pop(m["id"], None)
                if frame is not None:
                    p.acked[frame["id"]] = frame["text"]
                self.changed.notify_all()
        elif m["type"] == "error":
            with self.changed:
                self.errors.append(m)
                self.changed.notify_all()
