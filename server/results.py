"""A poll's results out, batched: at most a few a second per question, the last one always.

Each stored response only marks its poll as due; one send per interval builds the results from
the durable session's kept counts (one look-up per table) and encodes them once for everyone
who may see them: leaders and screens always, the phones only while the poll is revealed.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from websockets.asyncio.server import broadcast

from dialoogtafel.server.clients import Registry
from dialoogtafel.server.domain import Session
from dialoogtafel.server.protocol import encode, results_message

RESULTS_INTERVAL = 0.25  # seconds between two results of one poll: at most 4 a second


class ResultsBatcher:
    """Sends each poll's results at most once per interval after a change; never drops the last."""

    def __init__(
        self,
        durable: Callable[[], Session],
        clients: Registry,
        interval: float = RESULTS_INTERVAL,
    ) -> None:
        self._durable = durable
        self._clients = clients
        self._interval = interval
        self._pending: set[str] = set()
        self._last: dict[str, float] = {}

    def due(self, question: str) -> None:
        """The poll's counts changed (on disk): its results go out within one interval."""
        if question in self._pending:
            return  # the send already scheduled will carry this change too
        self._pending.add(question)
        loop = asyncio.get_running_loop()
        wait = self._last.get(question, -self._interval) + self._interval - loop.time()
        loop.call_later(max(0.0, wait), self._send, question)

    def _send(self, question: str) -> None:
        self._pending.discard(question)
        self._last[question] = asyncio.get_running_loop().time()
        s = self._durable()
        message = results_message(s, question)
        if message is None:
            return
        watchers = [c.ws for c in (*self._clients.leaders, *self._clients.screens)]
        if question in s.state.revealed:
            watchers += [c.ws for c in self._clients.participants()]
        if watchers:
            broadcast(watchers, encode(message))
