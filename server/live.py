"""One running session: its clients, its changes made durable, then acked and fanned out."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from websockets.asyncio.server import ServerConnection, broadcast
from websockets.protocol import State

from dialoogtafel.server.clients import Client, Registry
from dialoogtafel.server.domain import LEADER, Ok, Rejected, Session, apply
from dialoogtafel.server.domain.commands import Command, End, RecordExports
from dialoogtafel.server.domain.views import joined_counts
from dialoogtafel.server.fanout import ResultsDue, Welcome, to_wire
from dialoogtafel.server.placement import PlacementPool, Placer, questions_touched
from dialoogtafel.server.protocol import (
    ack_message,
    counts_message,
    encode,
    error_message,
    welcome_message,
)
from dialoogtafel.server.results import ResultsBatcher
from dialoogtafel.server.storage import SessionStore

log = logging.getLogger(__name__)

EndHook = Callable[[Session, Path], dict[str, str]]  # writes the files, returns their paths
COUNTS_DELAY = 0.25  # seconds: counts go to leaders and screens at most this often
# seconds `end` waits at most for the rode draad's last placements (a cold worker loads its model
# in about 2 s; past this the minutes show those answers unplaced)
END_SETTLE = 4.0


class LiveSession:
    """A session being run: the only place changes are applied, stored, acked and sent."""

    def __init__(
        self,
        store: SessionStore,
        on_end: EndHook | None = None,
        placement: PlacementPool | None = None,
    ) -> None:
        self.store = store
        self.on_end = on_end
        self._closing: set[asyncio.Task[None]] = set()
        self.session: Session = store.session  # applied, maybe not yet durable
        self.clients = Registry()
        self.results = ResultsBatcher(lambda: self.durable, self.clients)
        self._counts_pending = False
        self._end_lock = asyncio.Lock()
        self.last_active = time.monotonic()  # last change or new client (hosted idle close)
        self.last_change = time.monotonic()  # last stored change (the collector's lulls)
        self.placer = Placer(self, placement) if placement is not None else None
        self._primed = False  # the rode draad of the answers stored before this process

    @property
    def durable(self) -> Session:
        """What is on disk: every snapshot and broadcast is built from this."""
        return self.store.session

    @property
    def code(self) -> str:
        """The session code."""
        return self.durable.code

    @property
    def language(self) -> str:
        """The session's language, for error sentences."""
        return self.durable.questions.language

    # -- clients -----------------------------------------------------------------------------

    def welcome(self, c: Client) -> dict[str, Any]:
        """A complete snapshot for this client, from the durable state."""
        if c.role == "participant":
            return welcome_message(self.durable, c.role, author=c.author)
        suggestions = self.placer.suggestions if self.placer is not None else None
        return welcome_message(self.durable, c.role, counts=self._counts(), suggestions=suggestions)

    def join(self, c: Client) -> None:
        """Register a client that got its welcome; leaders and screens learn the new count."""
        self.clients.add(c)
        self.last_active = time.monotonic()
        self._schedule_counts()
        if c.role != "participant" and not self._primed and self.placer is not None:
            self._primed = True  # a resumed session: place and suggest what was stored before
            self.placer.touch({a.question for a in self.durable.answers.values()})

    def leave(self, c: Client) -> None:
        """Forget a closed client."""
        self.clients.remove(c)
        self._schedule_counts()

    def device_connections(self, author: str) -> int:
        """How many connections this device has open now."""
        return len(self.clients.by_author.get(author, ()))

    def send(self, c: Client, message: dict[str, Any]) -> None:
        """One message to one client (a closed connection drops it quietly)."""
        broadcast([c.ws], encode(message))

    def to_watchers(self, message: dict[str, Any]) -> None:
        """One message to every leader and screen."""
        watchers = [c.ws for c in (*self.clients.leaders, *self.clients.screens)]
        if watchers:
            broadcast(watchers, encode(message))

    def error(self, c: Client, code: str, ref: str | None = None) -> None:
        """An error for the sender, in the session's language."""
        self.send(c, error_message(code, self.language, ref))

    # -- changes -----------------------------------------------------------------------------

    async def submit(self, c: Client, cmd: Command, *, made_here: bool = False) -> None:
        """Apply, store, then ack and fan out one change; or tell the sender why not.

        `made_here`: the server made the change id for the client (a seat at hello): there is
        no ack and no ref in an error, and the session keeps no record of the id."""
        ack = not made_here
        if isinstance(cmd, End) and self.placer is not None and not self.session.state.ended:
            await self.placer.settle(END_SETTLE)  # the minutes hold every answer's placement
        at = time.time()
        result = apply(self.session, c.actor, cmd, at, remember=ack)
        if isinstance(result, Rejected):
            self.error(c, result.code, (result.ref or cmd.id) if ack else None)
            return
        if result.duplicate:
            await self.store.wait_durable(result.seq)
            self.send(c, ack_message(cmd.id, result.seq))
            return
        await self._commit(c.actor, cmd, at, result, remember=ack)
        if isinstance(cmd, End):
            self._fan_out(result)
            await self._write_exports()  # PROTOCOL.md: `end` is acked after both files exist
            if ack:
                self.send(c, ack_message(cmd.id, result.seq))
            return
        if ack:  # acked, then broadcast: a table move's fresh welcome follows its ack
            self.send(c, ack_message(cmd.id, result.seq))
        self._fan_out(result)

    async def _write_exports(self) -> None:
        """Write the JSON and the minutes into the session's folder and say where."""
        if self.on_end is None:
            return
        async with self._end_lock:
            ended = self.durable
            paths = await asyncio.to_thread(self.on_end, ended, self.store.folder)
            result = await self.internal(RecordExports(f"exports-{ended.seq}", paths))
            if isinstance(result, Rejected):
                log.error("exports not recorded session=%s code=%s", self.code, result.code)

    async def end_by_server(self, change_id: str) -> None:
        """End the session as its leader would (a hosted server's idle close), files included."""
        if not self.durable.state.ended:
            await self.internal(End(change_id))
        if not self.durable.state.exports:
            await self._write_exports()

    async def close_clients(self, reason: str) -> None:
        """Close every connection of the session (it leaves the server; phones may come back)."""
        closing = [c.ws.close(1001, reason) for c in list(self.clients.everyone())]
        await asyncio.gather(*closing)

    async def internal(self, cmd: Command) -> Ok | Rejected:
        """A change the server makes itself as the leader (e.g. where the exports went)."""
        at = time.time()
        result = apply(self.session, LEADER, cmd, at)
        if isinstance(result, Ok) and not result.duplicate:
            await self._commit(LEADER, cmd, at, result)
            self._fan_out(result)
        return result

    async def _commit(
        self, actor: str, cmd: Command, at: float, result: Ok, *, remember: bool = True
    ) -> None:
        self.session = result.session
        self.last_active = self.last_change = time.monotonic()
        await self.store.commit(actor, cmd, at, result.session, remember=remember)

    def _fan_out(self, result: Ok) -> None:
        if self.placer is not None:
            self.placer.touch(questions_touched(self.durable, result.events))
        for event in result.events:
            # one message often goes to several audiences (leaders, screens, a table): encode it
            # once and send it with one broadcast
            sends: dict[int, tuple[dict[str, Any], list[ServerConnection]]] = {}
            for audience, message in to_wire(event, self.durable, result.seq):
                if isinstance(message, ResultsDue):  # before the audience: it may be everyone
                    self.results.due(message.question)
                    continue
                clients = self.clients.audience(audience)
                if isinstance(message, Welcome):
                    self._rewelcome(list(clients))
                else:
                    sends.setdefault(id(message), (message, []))[1].extend(c.ws for c in clients)
            for message, sockets in sends.values():
                if sockets:
                    broadcast(sockets, encode(message))

    def _rewelcome(self, clients: list[Client]) -> None:
        """Clients whose view changed (a table move, a theme) get a fresh snapshot."""
        for c in clients:
            if c.author is not None:
                self.clients.move(c, self.durable.seats.get(c.author))
            self.send(c, self.welcome(c))
        self._schedule_counts()

    # -- counts ------------------------------------------------------------------------------

    def _counts(self) -> dict[str, Any]:
        return counts_message(self.clients.connected_per_table(), joined_counts(self.durable))

    def _schedule_counts(self) -> None:
        if self._counts_pending:
            return
        self._counts_pending = True
        asyncio.get_running_loop().call_later(COUNTS_DELAY, self._send_counts)

    def _send_counts(self) -> None:
        self._counts_pending = False
        watchers = [c.ws for c in (*self.clients.leaders, *self.clients.screens)]
        if watchers:
            broadcast(watchers, encode(self._counts()))

    def close_slow(self, limit: int) -> int:
        """Close every client whose send buffer stayed over the limit; how many were."""
        slow = [
            c
            for c in self.clients.everyone()
            if c.ws.transport is not None  # the buffer first: it is small for nearly everyone
            and c.ws.transport.get_write_buffer_size() > limit
            and c.ws.state is State.OPEN  # one being closed already is not closed again
        ]
        for c in slow:
            log.info("closing slow client session=%s role=%s", self.code, c.role)
            task = asyncio.create_task(c.ws.close(1008, "slow"))
            self._closing.add(task)
            task.add_done_callback(self._closing.discard)
        return len(slow)
