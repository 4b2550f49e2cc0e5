"""Helpers for hosted-server tests: make a session over /ws, read /api/ with a Bearer token."""

from __future__ import annotations

import asyncio
import json
import signal
import ssl
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from websockets.asyncio.client import connect

from dialoogtafel.cli.wiring import make_server
from dialoogtafel.server.app import DialoogServer
from dialoogtafel.server.config import Hosted, ServerConfig
from dialoogtafel.server.protocol import create
from dialoogtafel.server.storage.organizer import rotate_organizer_key
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
    server = make_server(config)
    assert server.hosting is not None
    server.hosting.resume_open()
    await server.start()
    return server, key


REPO = Path(__file__).resolve().parents[2]
DIALOOG = [sys.executable, "-m", "dialoogtafel"]


def rotate_key(data: Path) -> str:
    """`dialoog organizer-key rotate --data DATA` as a subprocess; the key it printed."""
    done = subprocess.run(
        [*DIALOOG, "organizer-key", "rotate", "--data", str(data)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
        check=True,
    )
    first = done.stdout.splitlines()[0]
    assert first.startswith("organizer key: "), done.stdout
    return first.removeprefix("organizer key: ")


class HostedProcess:
    """A `dialoog serve --hosted` subprocess on a free port and what it printed, by label."""

    def __init__(self, proc: asyncio.subprocess.Process, lines: dict[str, str]) -> None:
        self.proc, self.lines = proc, lines
        self.port = int(lines["listening on"].rpartition(":")[2])

    @property
    def ws(self) -> str:
        """Its /ws endpoint on loopback."""
        return f"ws://{HOST}:{self.port}/ws"

    def url(self, path: str) -> str:
        """An HTTP URL on it, on loopback."""
        return f"http://{HOST}:{self.port}{path}"

    @classmethod
    async def start(cls, data: Path, *args: str) -> HostedProcess:
        """Start it and wait for its last line (it listens by then)."""
        proc = await asyncio.create_subprocess_exec(
            *DIALOOG,
            *("serve", "--hosted", "--host", HOST, "--port", "0", "--data", str(data), *args),
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            cwd=REPO,
        )
        assert proc.stdout is not None and proc.stderr is not None
        lines: dict[str, str] = {}
        try:
            async with asyncio.timeout(TIMEOUT * 4):
                while not (line := (await proc.stdout.readline()).decode()).startswith("Ctrl-C"):
                    if not line:
                        err = (await proc.stderr.read()).decode()
                        raise AssertionError(f"serve --hosted ended early: {err}")
                    label, _, value = line.partition(":")
                    lines[label] = value.strip()
        except BaseException:
            if proc.returncode is None:
                proc.kill()
            await proc.wait()
            raise
        return cls(proc, lines)

    async def stop(self) -> int:
        """SIGTERM, then its exit code (killed if it does not stop in time)."""
        if self.proc.returncode is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                async with asyncio.timeout(TIMEOUT * 4):
                    return await self.proc.wait()
            except TimeoutError:
                self.proc.kill()
        return await self.proc.wait()
