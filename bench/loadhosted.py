"""The load's server as a hosted one (`dialoog serve --hosted`), with other sessions idling beside
the measured one: each with a leader and its phones connected, seated, reading, sending nothing.

The idle clients live in their own process (`idler_main`), apart from the generators, so their
reading costs neither the measured generators' clocks nor the server's figures anything but what
the server itself spends on them.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import secrets
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path
from typing import Any

from loadgen import raise_nofile
from loadserver import BENCH, ServerProc, spawn
from websockets.asyncio.client import ClientConnection, connect


async def _create(uri: str, key: str, tables: int) -> tuple[str, str]:
    frame = {"type": "create", "id": str(uuid.uuid4()), "key": key, "tables": tables}
    async with connect(uri, compression=None, open_timeout=30) as ws:
        await ws.send(json.dumps(frame | {"set": "eigen-regie"}))
        async with asyncio.timeout(30):
            made = json.loads(await ws.recv())
    if made["type"] != "created":
        raise RuntimeError(f"create refused: {made}")
    return made["session"], made["leader_token"]


def start_hosted(
    tables: int, idle_sessions: int, idle_tables: int
) -> tuple[ServerProc, list[tuple[str, str]]]:
    """`dialoog serve --hosted`, the measured session (first) and the idle ones made over /ws."""
    data = Path(tempfile.mkdtemp(prefix="dialoog-load-hosted-"))
    cli = [sys.executable, "-m", "dialoogtafel"]
    rotated = subprocess.run(
        [*cli, "organizer-key", "rotate", "--data", str(data)],
        capture_output=True,
        text=True,
        check=True,
        cwd=BENCH.parent,
    )
    key = rotated.stdout.splitlines()[0].removeprefix("organizer key: ")
    cmd = [*cli, "serve", "--hosted", "--port", "0", "--host", "127.0.0.1", "--data", str(data)]
    proc, _, port = spawn(cmd, data, "hosted server")
    uri = f"ws://127.0.0.1:{port}/ws"

    async def make_all() -> list[tuple[str, str]]:
        main = await _create(uri, key, tables)
        idle = [await _create(uri, key, idle_tables) for _ in range(idle_sessions)]
        return [main, *idle]

    made = asyncio.run(make_all())
    return ServerProc(proc, made[0][0], made[0][1], port, data), made[1:]


async def _reader(ws: ClientConnection) -> None:
    with contextlib.suppress(Exception):
        async for _ in ws:
            pass


async def _join(uri: str, hello: dict[str, Any], sem: asyncio.Semaphore) -> ClientConnection:
    async with sem:
        ws = await connect(uri, compression=None, ping_interval=None, open_timeout=120)
        await ws.send(json.dumps(hello))
        while json.loads(await ws.recv())["type"] != "welcome":
            pass
        return ws


def idler_main(
    uri: str, sessions: list[tuple[str, str]], phones: int, tables: int, conn: Any
) -> None:
    """A process holding every idle session's leader and phones until told to close."""
    raise_nofile()

    async def main() -> None:
        sem = asyncio.Semaphore(50)
        hellos: list[dict[str, Any]] = []
        for code, token in sessions:
            hellos.append({"type": "hello", "session": code, "role": "leader", "token": token})
            for i in range(phones):
                device = secrets.token_hex(16)
                hellos.append(
                    {"type": "hello", "session": code, "role": "participant", "device": device}
                    | {"table": 1 + i % tables}
                )
        try:
            sockets = await asyncio.gather(*(_join(uri, h, sem) for h in hellos))
        except Exception as err:  # noqa: BLE001 - reported to the orchestrator, which stops
            conn.send(("failed", f"{type(err).__name__}: {err}"))
            return
        readers = [asyncio.create_task(_reader(ws)) for ws in sockets]
        conn.send(("ready", len(sockets)))
        await asyncio.get_running_loop().run_in_executor(None, conn.recv)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.gather(*(ws.close() for ws in sockets)), 30)
        for task in readers:
            task.cancel()

    asyncio.run(main())
