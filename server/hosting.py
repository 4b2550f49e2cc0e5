"""A hosted server (`dialoog serve --hosted`): sessions made over /ws, closed when idle, resumed."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import TYPE_CHECKING

from websockets.asyncio.server import ServerConnection
from websockets.exceptions import ConnectionClosed

from dialoogtafel.server.config import Hosted
from dialoogtafel.server.keyguard import KeyGuard
from dialoogtafel.server.live import LiveSession
from dialoogtafel.server.parts import BadSet
from dialoogtafel.server.protocol import Create, created_message, encode, error_message
from dialoogtafel.server.protocol.first import CREATE_LANGUAGE
from dialoogtafel.server.storage import Purged, StorageError, list_sessions, purge_session
from dialoogtafel.server.storage.creates import made_by, remember_create
from dialoogtafel.server.storage.organizer import check_organizer_key
from dialoogtafel.server.storage.paths import session_folder

if TYPE_CHECKING:
    from dialoogtafel.server.app import DialoogServer
    from dialoogtafel.server.domain import QuestionSet

log = logging.getLogger(__name__)


class Hosting:
    """The sessions of a hosted server: which come back at start, who may make one, idle close."""

    def __init__(self, server: DialoogServer, config: Hosted) -> None:
        self.server = server
        self.config = config
        # wrong organizer keys and /api/ tokens, from anyone
        self.guard = KeyGuard(
            config.wrong_keys_free, config.wrong_keys_pause, config.wrong_keys_cap
        )
        self._creating = asyncio.Lock()  # one create at a time: a resend waits for the first
        self._task: asyncio.Task[None] | None = None

    @property
    def sessions(self) -> dict[str, LiveSession]:
        """The open sessions, by code."""
        return self.server.sessions

    def resume_open(self) -> list[str]:
        """Bring back every session of the data folder that has not ended (blocking)."""
        data = self.server.config.data_dir
        back: list[str] = []
        for summary in list_sessions(data):
            if summary.problem:
                log.warning("session not brought back code=%s: %s", summary.code, summary.problem)
            elif not summary.ended and summary.code not in self.sessions:
                try:
                    self.server.resume(summary.code)
                except StorageError as err:
                    log.warning("session not brought back code=%s: %s", summary.code, err)
                    continue
                back.append(summary.code)
        return back

    # -- create ------------------------------------------------------------------------------

    async def create(self, ws: ServerConnection, req: Create) -> None:
        """Answer a `create` frame with `created` (then close), or an error."""
        code = await self._make(req)
        try:
            if isinstance(code, str):
                live = self.sessions[code]
                s = self.server.started(live)
                await ws.send(
                    encode(
                        created_message(req.id, code, s.join_url, s.leader_token, s.screen_token)
                    )
                )
                await ws.close(1000, "created")
            else:
                error, message = code
                reply = error_message(error, CREATE_LANGUAGE, req.id)
                if message:
                    reply["message"] = message
                await ws.send(encode(reply))
                await ws.close(1008, error)
        except ConnectionClosed:
            pass  # the organizer's tool resends the same id and gets the same session

    async def check_key(self, key: object) -> bool | float:
        """True for the organizer key; False for a wrong one (counted); while wrong keys have
        paused checking, the seconds left (the key is not looked at)."""
        if self.guard.wait() > 0:
            return float(self.guard.retry_after())
        if await asyncio.to_thread(check_organizer_key, self.server.config.data_dir, key):
            return True
        self.guard.failed()
        return False

    async def _make(self, req: Create) -> str | tuple[str, str | None]:
        """The new session's code, or (error code, a sentence or None)."""
        checked = await self.check_key(req.key)
        if checked is False:
            log.info("create refused: wrong organizer key")
            return "bad_token", "This is not the organizer key of this server."
        if checked is not True:
            return "rate_limited", f"Too many wrong keys: try again in {checked:.0f} s."
        async with self._creating:
            return await self._make_once(req)

    async def _make_once(self, req: Create) -> str | tuple[str, str | None]:
        data = self.server.config.data_dir
        try:
            known = await asyncio.to_thread(made_by, data, req.id)
        except StorageError as err:
            log.error("create failed: %s", err)
            return "not_allowed", "The server cannot store a new session now."
        if known is not None and known in self.sessions:
            return known
        if known is not None and session_folder(data, known).exists():
            return "closed", f"This create was done before: session {known} is no longer open."
        if len(self.sessions) >= self.config.max_sessions:
            return "too_many", f"This server holds {self.config.max_sessions} sessions already."
        try:
            questions = self.server.parts.load_set(req.set_id, req.toml)
        except BadSet as err:
            return "bad_set", f"{err}."
        try:
            live = await asyncio.to_thread(self._create, req, questions, known)
        except StorageError as err:
            log.error("create failed: %s", err)
            return "not_allowed", "The server cannot store a new session now."
        log.info("session created by the organizer session=%s tables=%d", live.code, req.tables)
        return live.code

    def _create(self, req: Create, questions: QuestionSet, known: str | None) -> LiveSession:
        """Keep the create id with the code first, then make the session (blocking)."""
        data = self.server.config.data_dir
        code = known or self.server.fresh_code()
        remember_create(data, req.id, code)
        return self.server.create(questions, req.tables, premoderate=req.premoderate, code=code)

    # -- removing ------------------------------------------------------------------------------

    async def purge(self, code: str) -> Purged:
        """Take a session off this server (clients closed, store closed, no exports written)
        and remove it from the disk (NoSuchSession, SessionInUse, StorageError)."""
        live = self.sessions.pop(code, None)  # from now on a hello finds no session
        if live is not None:
            log.info("removing session=%s", code)
            try:
                await live.close_clients("session removed")
            finally:
                await live.store.close()
        return await asyncio.to_thread(purge_session, self.server.config.data_dir, code)

    # -- idle close --------------------------------------------------------------------------

    def start(self) -> None:
        """Look for idle sessions from now on."""
        self._task = asyncio.create_task(self._watch_idle(), name="idle close")

    async def stop(self) -> None:
        """Stop looking (the server closes the stores)."""
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    def check_every(self) -> float:
        """How often to look: a quarter of the idle time, at most once a minute."""
        return max(0.05, min(self.config.idle_check, self.config.idle_close / 4))

    async def _watch_idle(self) -> None:
        while True:
            await asyncio.sleep(self.check_every())
            try:
                await self.close_idle()
            except Exception:  # one failing close must not stop the watch (logged in full)
                log.exception("idle close failed")

    async def close_idle(self) -> list[str]:
        """Close every session idle past the limit; their codes."""
        now = time.monotonic()
        idle = [
            live
            for live in list(self.sessions.values())
            if now - live.last_active >= self.config.idle_close
        ]
        for live in idle:
            await self.close_session(live)
        return [live.code for live in idle]

    async def close_session(self, live: LiveSession) -> None:
        """End a session (its files written), close its clients and its store, forget it."""
        if self.sessions.get(live.code) is not live:
            return
        del self.sessions[live.code]  # from now on a hello finds no session
        log.info("closing idle session=%s", live.code)
        try:
            await live.end_by_server(f"idle-close-{live.durable.seq}")
        finally:  # ended or not, the session leaves this server with its store closed
            await live.close_clients("session closed")
            await live.store.close()
