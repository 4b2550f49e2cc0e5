"""Protocol clients for the reliability benches: phones that keep an outbox, and a leader.

A Phone behaves like the phone page (server/static/outbox.js, messages.js): every change goes
into its outbox with a fresh id and stays there until acked; after each welcome the whole outbox
is resent in order; a lost connection is retried with jittered, growing back-off. It runs in one
task.
"""

from __future__ import annotations

import asyncio
import json
import random
import secrets
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake

from dialoogtafel.server.protocol import hello, new_id
from tests.reliability.changes import Maker, View, kind_of, learn_polls

CONNECT_ERRORS = (OSError, ConnectionClosed, InvalidHandshake, TimeoutError)
BACKOFF_FIRST = 0.1  # seconds; the phone page starts at 0.5 s and caps at 10 s
BACKOFF_CAP = 1.0


class Progress:
    """Something moved (an ack, a welcome, a refusal): lets a bench wait for a condition."""

    def __init__(self) -> None:
        self._moved = asyncio.Event()

    def bump(self) -> None:
        """Wake whoever waits."""
        self._moved.set()

    async def until(self, condition: Callable[[], bool], within: float, what: str) -> None:
        """Return once `condition()` holds; AssertionError after `within` seconds."""
        try:
            async with asyncio.timeout(within):
                while not condition():
                    self._moved.clear()
                    await self._moved.wait()
        except TimeoutError:
            raise AssertionError(f"timed out after {within} s waiting for {what}") from None


async def open_ws(url: str) -> ClientConnection:
    """A client connection with the settings every bench client uses."""
    return await connect(
        url, open_timeout=3, close_timeout=1, ping_interval=None, compression=None, max_size=None
    )


def backoff(attempt: int, rng: random.Random) -> float:
    """The phone page's retry delay, scaled down: half fixed, half jitter, capped."""
    base = min(BACKOFF_CAP, BACKOFF_FIRST * 2**attempt)
    return base / 2 + rng.random() * base / 2


async def vanish(ws: ClientConnection) -> None:
    """Drop the connection without a close frame, as a phone whose screen locks."""
    if ws.transport is not None:
        ws.transport.abort()


async def reconnecting(
    url: Callable[[], str],
    stop: asyncio.Event,
    rng: random.Random,
    session: Callable[[ClientConnection], Awaitable[None]],
    leave: Callable[[ClientConnection], Awaitable[None]] = vanish,
) -> None:
    """Connect, run `session`, and connect again with the page's back-off until `stop` is set;
    each connection ends with `leave`."""
    attempt = 0
    while not stop.is_set():
        try:
            ws = await open_ws(url())
        except CONNECT_ERRORS:
            await pause(stop, backoff(attempt, rng))
            attempt += 1
            continue
        try:
            await session(ws)
            attempt = 0
        except CONNECT_ERRORS:
            await pause(stop, backoff(attempt, rng))
            attempt += 1
        finally:
            await leave(ws)


@dataclass
class Phone:
    """One participant device at one table, answering every `interval` seconds while asked to."""

    url: Callable[[], str]
    code: str
    table: int
    name: str
    interval: float = 0.3
    max_outbox: int = 10
    max_answers: int = 76  # stays under the domain's 20 per question (questions in turn)
    rng: random.Random = field(default_factory=random.Random)
    progress: Progress = field(default_factory=Progress)
    device: str = field(default_factory=lambda: secrets.token_hex(16))
    answering: bool = True
    first_question: int = 0  # the questions are answered in turn, starting after this one
    makers: dict[str, Maker] = field(default_factory=dict)  # other kinds of change it may make
    mix: float = 0.0  # the share of its changes that are not new answers (made by `makers`)
    close_cleanly: bool = False  # on stop: a close handshake (else vanish, as a locked phone)
    outbox: dict[str, dict[str, Any]] = field(default_factory=dict)
    acked: dict[str, str] = field(default_factory=dict)  # answer id -> its text as last acked
    acked_seq: dict[str, int] = field(default_factory=dict)  # every acked change id -> its seq
    withdrawn: set[str] = field(default_factory=set)  # answers whose withdrawal was acked
    acked_kinds: Counter[str] = field(default_factory=Counter)  # acked changes by kind
    refused_kinds: dict[str, str] = field(default_factory=dict)  # refused change id -> kind
    polls: View = field(default_factory=View)  # the polls it knows (from welcome, question)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (change id, error code)
    seen: set[str] = field(default_factory=set)  # answer ids broadcast to this phone
    latencies: list[float] = field(default_factory=list)  # seconds from first send to ack
    welcomes: int = 0
    connects: int = 0
    errors: list[str] = field(default_factory=list)  # error codes without a ref
    _sent_at: dict[str, float] = field(default_factory=dict)
    _made: int = 0

    def new_change(self) -> dict[str, Any]:
        """Type an answer or, `mix` of the time, make another kind of change: into the outbox."""
        if self.makers and self.rng.random() < self.mix:
            mine = [a for a in self.acked if a not in self.withdrawn]
            seen = dict.fromkeys(self.seen, "")
            view = View(name=self.name, mine=mine, seen=seen, polls=self.polls.polls)
            frame = self.makers[self.rng.choice(list(self.makers))](view, self.rng)
            if frame is not None:
                self.outbox[frame["id"]] = frame
                return frame
        self.new_answer()
        return list(self.outbox.values())[-1]

    def _acked(self, change: dict[str, Any], seq: int) -> None:
        self.acked_seq[change["id"]] = seq
        self.acked_kinds[kind_of(change)] += 1
        kind = change["type"]
        if kind == "answer":
            self.acked[change["id"]] = change["text"]
            self.latencies.append(time.monotonic() - self._sent_at.pop(change["id"]))
        elif kind == "edit" and change["answer"] in self.acked:
            self.acked[change["answer"]] = change["text"]
        elif kind == "withdraw":
            self.withdrawn.add(change["answer"])
        elif kind == "table":
            self.table = change["table"]

    def new_answer(self) -> None:
        """Type an answer: it goes into the outbox (and is sent if connected)."""
        self._made += 1
        text = f"{self.name} answer {self._made} {'x' * self.rng.randint(1, 60)}"
        q = f"q{1 + (self._made + self.first_question) % 4}"
        cid = new_id()
        self.outbox[cid] = {"type": "answer", "id": cid, "question": q, "text": text}
        self._sent_at[cid] = time.monotonic()

    async def run(self, stop: asyncio.Event) -> None:
        """Connect, answer and reconnect until `stop` is set."""

        async def session(ws: ClientConnection) -> None:
            self.connects += 1
            await self._session(ws, stop)

        await reconnecting(self.url, stop, self.rng, session, self._leave)

    async def _leave(self, ws: ClientConnection) -> None:
        if self.close_cleanly:
            try:
                async with asyncio.timeout(2):
                    await ws.close()
            except TimeoutError:
                pass
        await vanish(ws)

    async def _session(self, ws: ClientConnection, stop: asyncio.Event) -> None:
        await ws.send(
            json.dumps(hello(self.code, "participant", device=self.device, table=self.table))
        )
        welcomed = False
        due = time.monotonic() + self.rng.random() * self.interval
        while not stop.is_set():
            wait = max(0.0, due - time.monotonic()) if welcomed else 1.0
            try:
                async with asyncio.timeout(min(wait, 0.25)):
                    raw = await ws.recv()
            except TimeoutError:
                if welcomed and time.monotonic() >= due:
                    due = time.monotonic() + self.interval * (0.5 + self.rng.random())
                    typing = self.answering and self._made < self.max_answers
                    if typing and len(self.outbox) < self.max_outbox:
                        await ws.send(json.dumps(self.new_change()))
                continue
            msg = json.loads(raw)
            kind = msg.get("type")
            if kind in ("welcome", "question"):
                learn_polls(self.polls, msg)
            if kind == "welcome":
                self.seen.update(a["id"] for a in msg.get("answers", []))
                if msg.get("you", {}).get("table") is None and self.makers:  # a new round
                    sit = {"type": "table", "id": new_id(), "table": self.table}
                    self.outbox[sit["id"]] = sit  # sit again, as the phone page asks its person
                welcomed = True
                self.welcomes += 1
                self.progress.bump()
                for change in list(self.outbox.values()):  # the outbox, in its order
                    await ws.send(json.dumps(change))
            elif kind == "ack" and msg.get("id") in self.outbox:
                self._acked(self.outbox.pop(msg["id"]), msg["seq"])
                self.progress.bump()
            elif kind == "answer":
                self.seen.add(msg["id"])
            elif kind == "error":
                self._error(msg)

    def _error(self, msg: dict[str, Any]) -> None:
        ref = msg.get("ref")
        if ref in self.outbox and msg.get("code") != "rate_limited":  # rate_limited: resent later
            self.refused_kinds[ref] = kind_of(self.outbox.pop(ref))
            self._sent_at.pop(ref, None)
            self.refused.append((ref, msg.get("code", "")))
            self.progress.bump()
        elif ref not in self.outbox:
            self.errors.append(msg.get("code", ""))


async def pause(stop: asyncio.Event, seconds: float) -> None:
    """Sleep, but wake at once when `stop` is set."""
    try:
        async with asyncio.timeout(seconds):
            await stop.wait()
    except TimeoutError:
        pass


async def leader_view(url: str, code: str, token: str, within: float = 10.0) -> dict[str, Any]:
    """The leader's welcome: every answer of the session, hidden ones included."""
    async with asyncio.timeout(within):
        ws = await open_ws(url)
        try:
            await ws.send(json.dumps(hello(code, "leader", token=token)))
            while True:
                msg = json.loads(await ws.recv())
                if msg.get("type") == "welcome":
                    return msg
                if msg.get("type") == "error":
                    raise AssertionError(f"the leader was refused: {msg}")
        finally:
            await ws.close()
