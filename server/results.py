"""A poll's results out, batched: at most a few a second per question, the last one always.

Each stored response only marks its poll as due; one send per interval builds the results from
the durable session's kept counts (one look-up per table) and encodes them once for everyone
who may see them. Leaders and screens get them at most 4 times a second; the phones, only while
the poll is revealed, at most once a second (thousands of phones each parsing 4 a second cost
more than the live view gains).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable

from websockets.asyncio.server import ServerConnection, broadcast

from dialoogtafel.server.clients import Registry
from dialoogtafel.server.domain import Session
from dialoogtafel.server.protocol import encode, results_message

STAFF_INTERVAL = 0.25  # seconds between two results of one poll to leaders and screens
PHONE_INTERVAL = 1.0  # seconds between two results of one revealed poll to the phones


class ResultsBatcher:
    """Sends each poll's results at most once per interval after a change; never drops the last."""

    def __init__(
        self,
        durable: Callable[[], Session],
        clients: Registry,
        staff_interval: float = STAFF_INTERVAL,
        phone_interval: float = PHONE_INTERVAL,
    ) -> None:
        self._durable = durable
        self._clients = clients
        self._intervals = {"staff": staff_interval, "phones": phone_interval}
        self._pending: set[tuple[str, str]] = set()
        self._last: dict[tuple[str, str], float] = {}

    def due(self, question: str) -> None:
        """The poll's counts changed (on disk), or it was revealed: results within an interval."""
        for audience in ("staff", "phones"):
            self._schedule(question, audience)

    def _schedule(self, question: str, audience: str) -> None:
        key = (question, audience)
        if key in self._pending:
            return  # the send already scheduled will carry this change too
        self._pending.add(key)
        loop = asyncio.get_running_loop()
        interval = self._intervals[audience]
        wait = self._last.get(key, -interval) + interval - loop.time()
        loop.call_later(max(0.0, wait), self._send, question, audience)

    def _send(self, question: str, audience: str) -> None:
        key = (question, audience)
        self._pending.discard(key)
        self._last[key] = asyncio.get_running_loop().time()
        s = self._durable()
        sockets: Iterable[ServerConnection]
        if audience == "staff":
            sockets = [c.ws for c in (*self._clients.leaders, *self._clients.screens)]
        elif question in s.state.revealed:
            sockets = [c.ws for c in self._clients.participants()]
        else:
            return
        message = results_message(s, question)
        if message is not None and sockets:
            broadcast(sockets, encode(message))
