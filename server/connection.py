"""One WebSocket connection: hello first, then frames parsed, limited and submitted in order."""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from websockets.asyncio.server import ServerConnection
from websockets.exceptions import ConnectionClosed

from dialoogtafel.server.clients import Client
from dialoogtafel.server.config import Limits
from dialoogtafel.server.domain import Rejected
from dialoogtafel.server.domain.commands import Sit
from dialoogtafel.server.live import LiveSession
from dialoogtafel.server.protocol import (
    PONG,
    Create,
    Hello,
    Ping,
    encode,
    error_message,
    new_id,
    parse,
    parse_first,
)
from dialoogtafel.server.protocol.first import CREATE_LANGUAGE, first_language, first_ref

log = logging.getLogger(__name__)

MIN_DEVICE_TOKEN = 16  # characters: 128 bits of hex are 32; refuse what is plainly too short


@dataclass(slots=True)
class TokenBucket:
    """A per-connection rate limit: `rate` frames a second, bursts up to `burst`."""

    rate: float
    burst: float
    tokens: float = 0.0
    stamp: float = 0.0

    def __post_init__(self) -> None:
        self.tokens = self.burst
        self.stamp = time.monotonic()

    def take(self) -> bool:
        """Spend one token if there is one."""
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


def too_big(frame: str | bytes, limit: int) -> bool:
    """Whether a frame is over the protocol's limit in bytes (text frames arrive decoded)."""
    if isinstance(frame, bytes):
        return len(frame) > limit
    return len(frame) * 4 > limit and len(frame.encode()) > limit


async def refuse(
    ws: ServerConnection, code: str, language: str = "nl", close: int = 1008, ref: str | None = None
) -> None:
    """Send one error and close: the client cannot go on on this connection."""
    try:
        await ws.send(encode(error_message(code, language, ref)))
        await ws.close(close, code)
    except ConnectionClosed:
        pass


class Handler:
    """The /ws handler: finds the session, admits the client, runs its frames."""

    def __init__(
        self,
        sessions: Callable[[str], LiveSession | None],
        limits: Limits,
        create: Callable[[ServerConnection, Create], Awaitable[None]] | None = None,
    ) -> None:
        self.sessions = sessions
        self.limits = limits
        self.create = create  # a hosted server makes sessions; others refuse `create`
        # (session, author) of phones whose seat is being stored between the limit check and join
        self._admitting: Counter[tuple[str, str]] = Counter()

    async def __call__(self, ws: ServerConnection) -> None:
        try:
            first = await ws.recv()
        except ConnectionClosed:
            return
        if too_big(first, self.limits.max_frame):
            await refuse(ws, "too_big", first_language(first), 1009, first_ref(first))
            return
        hello = parse_first(first)
        if isinstance(hello, Rejected):
            await refuse(ws, hello.code, first_language(first), ref=hello.ref)
            return
        if isinstance(hello, Create):
            if self.create is None:
                await refuse(ws, "not_allowed", CREATE_LANGUAGE, ref=hello.id)
            else:
                await self.create(ws, hello)
            return
        live = self.sessions(hello.session.upper())
        if live is None:
            await refuse(ws, "no_session")
            return
        client = await self._admit(ws, live, hello)
        if client is None:
            return
        try:
            await self._run(ws, live, client)
        except ConnectionClosed:
            pass  # a phone gone without a close frame (Wi-Fi lost, tab killed) is no server error
        finally:
            live.leave(client)

    async def _admit(self, ws: ServerConnection, live: LiveSession, h: Hello) -> Client | None:
        store = live.store
        if h.role == "participant":
            assert h.device is not None
            if len(h.device) < MIN_DEVICE_TOKEN:
                await refuse(ws, "bad_message", live.language)
                return None
            author = store.author_key(h.device)
            slot = (live.code, author)
            busy = live.device_connections(author) + self._admitting[slot]
            if busy >= self.limits.connections_per_device:
                await refuse(ws, "too_many", live.language)
                return None
            client = Client(ws, "participant", author, live.durable.seats.get(author))
            if h.table is not None and h.table != client.table:
                self._admitting[slot] += 1  # hold the place while the seat is stored
                try:
                    await live.submit(client, Sit(new_id(), h.table), made_here=True)
                finally:
                    self._admitting[slot] -= 1
                    if not self._admitting[slot]:
                        del self._admitting[slot]
                client.table = live.durable.seats.get(author)
        else:
            check = store.check_leader if h.role == "leader" else store.check_screen
            if not check(h.token or ""):
                log.info("wrong token session=%s role=%s", live.code, h.role)
                await refuse(ws, "bad_token", live.language)
                return None
            client = Client(ws, h.role)
        live.send(client, live.welcome(client))
        live.join(client)
        return client

    async def _run(self, ws: ServerConnection, live: LiveSession, client: Client) -> None:
        bucket = TokenBucket(self.limits.rate_per_second, self.limits.rate_burst)
        async for frame in ws:
            if too_big(frame, self.limits.max_frame):
                await refuse(ws, "too_big", live.language, close=1009)
                return
            message = parse(frame)
            if not bucket.take():
                ref = None if isinstance(message, Rejected | Hello | Ping) else message.id
                live.error(client, "rate_limited", ref)
            elif isinstance(message, Ping):
                live.send(client, PONG)
            elif isinstance(message, Rejected):
                live.error(client, message.code, message.ref)
            elif isinstance(message, Hello):
                live.error(client, "bad_message")
            elif client.role == "screen":
                live.error(client, "not_allowed", message.id)
            else:
                await live.submit(client, message)
