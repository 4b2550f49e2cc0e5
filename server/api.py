"""A hosted server's HTTP reads: sessions listed and exported with `Authorization: Bearer TOKEN`.

The token rides in a header, never in the URL (URLs reach access logs and browser history).
`GET /api/sessions` lists the session a leader token leads (every session, for the organizer key);
`GET /api/sessions/CODE/export.json`, `export.md` and `export.docx` need that session's leader
token.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from websockets.http11 import Request, Response

from dialoogtafel.server.http import response, text
from dialoogtafel.server.protocol.urls import join_url
from dialoogtafel.server.storage import (
    NoSuchSession,
    SessionSummary,
    StorageError,
    list_sessions,
    load_session,
)
from dialoogtafel.server.storage.keys import matches
from dialoogtafel.server.storage.loading import load
from dialoogtafel.server.storage.organizer import check_organizer_key
from dialoogtafel.server.storage.paths import session_folder

if TYPE_CHECKING:
    from dialoogtafel.server.app import DialoogServer

log = logging.getLogger(__name__)

EXPORT_PATH = re.compile(
    r"^/api/sessions/(?P<code>[A-Za-z0-9]{4,6})/export\.(?P<fmt>json|md|docx)$"
)
KINDS = {
    "json": "application/json",
    "md": "text/markdown; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def bearer(request: Request) -> str | None:
    """The token of an `Authorization: Bearer …` header, if there is one."""
    value = request.headers.get("Authorization", "")
    scheme, _, token = value.partition(" ")
    if scheme.lower() != "bearer":
        return None
    return token.strip() or None


def unauthorized() -> Response:
    """401 for a missing or wrong token, and for a session that does not exist (no oracle)."""
    r = text(HTTPStatus.UNAUTHORIZED, "a leader token is needed: Authorization: Bearer TOKEN\n")
    r.headers["WWW-Authenticate"] = 'Bearer realm="dialoog"'
    return r


def as_json(body: Any) -> Response:
    """A JSON answer that no cache keeps."""
    data = (json.dumps(body, ensure_ascii=False, indent=1) + "\n").encode()
    return response(HTTPStatus.OK, data, "application/json", "no-store")


class HostedApi:
    """The /api/ routes of a hosted server."""

    def __init__(self, server: DialoogServer) -> None:
        self.server = server
        self._leader_hashes: dict[str, str] = {}  # stored sessions: code -> leader token hash

    @property
    def data(self) -> Path:
        """The data folder."""
        return self.server.config.data_dir

    async def route(self, request: Request) -> Response | None:
        """An answer for /api/ paths; None for every other path."""
        path = urlsplit(request.path).path
        if not path.startswith("/api/"):
            return None
        token = bearer(request)
        if token is None:
            return unauthorized()
        if path == "/api/sessions":
            return await self._list(token)
        match = EXPORT_PATH.match(path)
        if match is None:
            return text(HTTPStatus.NOT_FOUND, "not found\n")
        return await self._export(match["code"].upper(), match["fmt"], token)

    async def _leads(self, code: str, token: str) -> bool:
        """Whether `token` is the leader token of session `code` (running or stored)."""
        live = self.server.sessions.get(code)
        if live is not None:
            return live.store.check_leader(token)
        expected = self._leader_hashes.get(code)
        if expected is None:
            try:
                loaded = await asyncio.to_thread(load, session_folder(self.data, code))
            except StorageError:  # NoSuchSession included
                return False
            expected = self._leader_hashes[code] = loaded.keys.leader_hash
        return matches(token, expected)

    async def _list(self, token: str) -> Response:
        organizer = await asyncio.to_thread(check_organizer_key, self.data, token)
        try:
            stored = await asyncio.to_thread(list_sessions, self.data)
        except StorageError:
            stored = []
        listed = []
        for summary in stored:
            if summary.problem is None and (organizer or await self._leads(summary.code, token)):
                listed.append(self._summary(summary))
        if not organizer and not listed:
            return unauthorized()
        return as_json({"sessions": listed})

    def _summary(self, summary: SessionSummary) -> dict[str, Any]:
        code = summary.code
        live = self.server.sessions.get(code)
        out = {
            "code": code,
            "title": summary.title,
            "set": summary.set_id,
            "created": datetime.fromtimestamp(summary.created, UTC).isoformat(),
            "tables": summary.tables,
            "answers": summary.answers,
            "ended": summary.ended,
            "open": live is not None,
            "join_url": join_url(self.server.base_url(), code),
        }
        if live is not None:
            s = live.durable
            out["answers"] = sum(1 for a in s.answers.values() if a.state != "withdrawn")
            out["ended"] = s.state.ended
            out["phones"] = sum(live.clients.connected_per_table().values())
        return out

    async def _export(self, code: str, fmt: str, token: str) -> Response:
        if not await self._leads(code, token):
            log.info("export refused session=%s", code)
            return unauthorized()
        live = self.server.sessions.get(code)
        try:
            session = (
                live.durable if live else await asyncio.to_thread(load_session, self.data, code)
            )
        except NoSuchSession:
            return unauthorized()
        folder = session_folder(self.data, code)
        body, name = await asyncio.to_thread(self.server.parts.render_export, session, fmt, folder)
        r = response(HTTPStatus.OK, body, KINDS[fmt], "no-store")
        r.headers["Content-Disposition"] = f'attachment; filename="{name}"'
        log.info("export sent session=%s format=%s", code, fmt)
        return r
