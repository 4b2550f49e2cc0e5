"""Helpers for hosted-server tests: make a session over /ws, read /api/ with a Bearer token."""

from __future__ import annotations

import asyncio
import json
import ssl
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from websockets.asyncio.client import connect

from server.app import DialoogServer
from server.config import Hosted, ServerConfig
from server.protocol import create
from server.storage.organizer import rotate_organizer_key
from tests.server.conftest import HOST, TIMEOUT


async def create_session(
    ws_url: str, key: str, tables: int = 3, *, ssl_context: ssl.SSLContext | None = None, **kw: Any
) -> dict[str, Any]:
    """Send one `create` frame; the server's one answer (`created` or `error`)."""
    frame = kw.pop("frame", None) or create(key, tables, **(kw or {"set_id": "eigen-regie"}))
    async with connect(ws_url, proxy=None, ssl=ssl_context, open_timeout=TIMEOUT) as ws:
        await ws.send(json.dumps(frame))
        async with asyncio.timeout(TIMEOUT):
            answer: dict[str, Any] = json.loads(await ws.recv())
    return answer


def _get(url: str, token: str | None, context: ssl.SSLContext | None) -> tuple[int, bytes, Any]:
    request = urllib.request.Request(url)
    if token is not None:
        request.add_header("Authorization", f"Bearer {token}")
    opener = urllib.request.build_opener(
        urllib.request.ProxyHandler({}), urllib.request.HTTPSHandler(context=context)
    )
    try:
        with opener.open(request, timeout=TIMEOUT) as r:
            return r.status, r.read(), r.headers
    except urllib.error.HTTPError as err:
        return err.code, err.read(), err.headers


async def api_get(
    url: str, token: str | None, context: ssl.SSLContext | None = None
) -> tuple[int, bytes, Any]:
    """GET with `Authorization: Bearer token`: status, body, headers."""
    return await asyncio.to_thread(_get, url, token, context)


async def start_hosted(data: Path, **hosted: Any) -> tuple[DialoogServer, str]:
    """A hosted server on a free port (in this process) and its organizer key."""
    key = rotate_organizer_key(data)
    config = ServerConfig(data_dir=data, host=HOST, port=0, hosted=Hosted(**hosted))
    server = DialoogServer(config)
    assert server.hosting is not None
    server.hosting.resume_open()
    await server.start()
    return server, key
