"""The server: one port for the phone page and /ws, holding the sessions it runs."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from websockets.asyncio.server import Server as WsServer
from websockets.asyncio.server import ServerConnection, serve
from websockets.datastructures import MultipleValuesError
from websockets.http11 import Request, Response

from dialoogtafel.server.api import HostedApi
from dialoogtafel.server.config import ServerConfig
from dialoogtafel.server.connection import Handler
from dialoogtafel.server.domain import QuestionSet, new_session
from dialoogtafel.server.gcpolicy import Tidy, settle
from dialoogtafel.server.hosting import Hosting
from dialoogtafel.server.http import load_static, make_router, twice
from dialoogtafel.server.live import LiveSession
from dialoogtafel.server.parts import Parts
from dialoogtafel.server.placement import PlacementPool
from dialoogtafel.server.protocol.urls import join_url
from dialoogtafel.server.storage import SessionStore, StorageError
from dialoogtafel.server.untangle import TidyConnection

log = logging.getLogger(__name__)

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 5
Router = Callable[[ServerConnection, Request], Awaitable[Response | None] | Response | None]
SLOW_CHECK_SECONDS = 1.0


def new_code(taken: set[str]) -> str:
    """A fresh session code that is not in use in this data folder."""
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if code not in taken:
            return code


@dataclass(frozen=True, slots=True)
class Started:
    """What `serve` prints for the leader: code, join URL and the two tokens."""

    code: str
    join_url: str
    leader_token: str
    screen_token: str
    folder: Path


class DialoogServer:
    """Holds the live sessions and the listening socket."""

    def __init__(self, config: ServerConfig, parts: Parts) -> None:
        self.config = config
        self.parts = parts
        self.sessions: dict[str, LiveSession] = {}
        self._ws: WsServer | None = None
        self._watch: asyncio.Task[None] | None = None
        self._tidy: asyncio.Task[None] | None = None
        self.port = config.port
        self.public_url: str | None = config.public_url
        self.hosting = Hosting(self, config.hosted) if config.hosted else None
        place = parts.place if config.placement else None
        self.placement = PlacementPool(*place) if place is not None else None

    def fresh_code(self) -> str:
        """A session code not in use in the data folder nor on this server (blocking)."""
        data = self.config.data_dir
        try:
            data.mkdir(parents=True, exist_ok=True)
            taken = {p.name for p in data.iterdir()} | set(self.sessions)
        except OSError as err:  # a file in the way, no permission: the caller says so in one line
            folder = not isinstance(err, FileExistsError | NotADirectoryError)
            why = (err.strerror or str(err)) if folder else "not a folder"
            raise StorageError(f"cannot use {data} for sessions: {why}") from None
        return new_code(taken)

    def create(
        self,
        questions: QuestionSet,
        tables: int,
        *,
        premoderate: bool = False,
        code: str | None = None,
    ) -> LiveSession:
        """A new session from a question set (copied into it) with its own folder; `code` when
        the caller chose it (a hosted create keeps it before the session is made)."""
        session = new_session(
            code or self.fresh_code(), questions, tables, time.time(), premoderate=premoderate
        )
        return self._run(SessionStore.create(self.config.data_dir, session))

    def resume(self, code: str) -> LiveSession:
        """A stored session brought back, with its code and tokens."""
        return self._run(SessionStore.open(self.config.data_dir, code.upper()))

    def _run(self, store: SessionStore) -> LiveSession:
        live = LiveSession(store, on_end=self.parts.write_exports, placement=self.placement)
        self.sessions[live.code] = live
        log.info("session running code=%s", live.code)
        return live

    def base_url(self) -> str:
        """What QR codes and links point at: --public-url, or this host and port."""
        if self.public_url:
            return self.public_url.rstrip("/")
        host = self.config.host
        if host in ("0.0.0.0", "::", ""):
            host = "127.0.0.1"
        return f"http://{host}:{self.port}"

    def started(self, live: LiveSession) -> Started:
        """The lines a leader needs for this session."""
        tokens = live.store.tokens
        join = join_url(self.base_url(), live.code)
        return Started(live.code, join, tokens.leader, tokens.screen, live.store.folder)

    async def start(self) -> None:
        """Listen on the configured host and port (port 0: a free one, read back)."""
        limits = self.config.limits
        hosting = self.hosting
        self._ws = await serve(
            Handler(self.sessions.get, limits, hosting.create if hosting else None),
            self.config.host,
            self.config.port,
            process_request=self._router(),
            max_size=limits.max_read,  # bigger frames: websockets closes with 1009 by itself
            ping_interval=limits.ping_interval,
            ping_timeout=limits.ping_timeout,
            compression=None,
            server_header=None,
            create_connection=TidyConnection,  # freed when lost, not left for the collector
        )
        self.port = next(iter(self._ws.sockets)).getsockname()[1]
        self._watch = asyncio.create_task(self._watch_slow())
        if hosting is not None:
            hosting.start()

    def _router(self) -> Router:
        """The phone page and static files; a hosted server's /api/ routes before them."""
        pages = make_router(load_static(), self.config.allowed_origins)
        if self.hosting is None:
            return pages
        api = HostedApi(self)

        async def route(connection: ServerConnection, request: Request) -> Response | None:
            try:
                answer = await api.route(request)
            except MultipleValuesError:  # a header the API reads once came twice
                return twice()
            return answer if answer is not None else pages(connection, request)

        return route

    def tune_collector(self) -> None:
        """Set the cycle collector for a long-running server (server/gcpolicy.py): what start-up
        made frozen, full collections rarer, one in a lull when due. For a server process; an
        in-process test's server leaves its process's collector alone."""
        settle()
        if self._tidy is None:
            self._tidy = asyncio.create_task(Tidy(self.quiet_for).run(), name="tidy")

    def quiet_for(self) -> float:
        """Seconds since the last stored change in any session."""
        last = max((live.last_change for live in self.sessions.values()), default=0.0)
        return time.monotonic() - last

    async def _watch_slow(self) -> None:
        limit = self.config.limits.send_buffer_bytes
        while True:
            await asyncio.sleep(SLOW_CHECK_SECONDS)
            for live in list(self.sessions.values()):
                live.close_slow(limit)

    async def close(self) -> None:
        """Stop listening, close every client, fold and close every store."""
        if self.hosting is not None:
            await self.hosting.stop()
        for task in (self._watch, self._tidy):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        if self._ws is not None:
            self._ws.close()
            await self._ws.wait_closed()
        for live in self.sessions.values():
            if live.placer is not None:
                live.placer.stop()
        if self.placement is not None:
            self.placement.close()
        for live in self.sessions.values():
            await live.store.close()
