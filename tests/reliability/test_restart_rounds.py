"""A real `dialoog serve --premoderate` killed with SIGKILL mid-timer and mid-round-change."""

from __future__ import annotations

import asyncio
import json
import secrets
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from websockets.asyncio.client import ClientConnection, connect

from dialoogtafel.server.protocol import control, hello, new_id
from tests.reliability.serverproc import TIMEOUT, ServerProcess


async def next_of(ws: ClientConnection, kind: str, **fields: Any) -> dict[str, Any]:
    """The next message of this type (and these fields); fails after TIMEOUT."""
    async with asyncio.timeout(TIMEOUT):
        async for raw in ws:
            msg = json.loads(raw)
            if msg["type"] == kind and all(msg.get(k) == v for k, v in fields.items()):
                return msg
    raise AssertionError(f"closed before a {kind!r}")


class Clients:
    """Connections to the server under test, each closed at the end."""

    def __init__(self, server: ServerProcess) -> None:
        self.server, self.open = server, []

    async def join(self, role: str, **fields: Any) -> tuple[ClientConnection, dict[str, Any]]:
        """Connect, hello, and the welcome."""
        ws = await connect(self.server.ws_url, compression=None, proxy=None)
        self.open.append(ws)
        await ws.send(json.dumps(hello(self.server.code, role, **fields)))  # type: ignore[arg-type]
        return ws, await next_of(ws, "welcome")

    async def leader(self) -> tuple[ClientConnection, dict[str, Any]]:
        """The leader's connection and welcome."""
        return await self.join("leader", token=self.server.leader_token)

    async def close(self) -> None:
        """Close every connection."""
        for ws in self.open:
            await ws.close()
        self.open = []


@pytest.fixture
async def server(tmp_path: Path) -> AsyncIterator[ServerProcess]:
    """A premoderating `dialoog serve` on a free port (stopped at the end)."""
    proc = ServerProcess(tmp_path / "data", tmp_path / "serve.log", options=("--premoderate",))
    await proc.start()
    yield proc
    await proc.terminate()


async def ack(ws: ClientConnection, msg: dict[str, Any]) -> int:
    """Send a change; its ack's seq."""
    await ws.send(json.dumps(msg))
    seq: int = (await next_of(ws, "ack", id=msg["id"]))["seq"]
    return seq


async def test_a_running_timer_survives_a_kill(server: ServerProcess) -> None:
    """kill -9 while the timer runs: resumed, it ends at the same server time; pending stays."""
    clients = Clients(server)
    leader, _ = await clients.leader()
    phone, _ = await clients.join("participant", device=secrets.token_hex(16), table=1)
    cid = new_id()
    await ack(phone, {"type": "answer", "id": cid, "question": "q1", "text": "Wacht"})
    seq = await ack(leader, control("timer", timer="start", seconds=600, question="q1"))
    before = (await next_of(leader, "state", seq=seq))["state"]["timer"]
    await server.kill()
    await clients.close()
    await server.start()
    _, welcome = await clients.leader()
    after = welcome["session"]["state"]["timer"]
    assert after["running"] and after["ends_at"] == before["ends_at"]
    assert after["now"] > before["now"] and after["remaining"] < before["remaining"]
    assert welcome["session"]["premoderate"] is True
    assert [(a["id"], a["state"]) for a in welcome["answers"]] == [(cid, "pending")]
    _, screen = await clients.join("screen", token=server.screen_token)
    assert screen["answers"] == []
    await clients.close()


async def test_a_kill_during_a_round_change_keeps_it_once(server: ServerProcess) -> None:
    """next_round sent, kill -9 before its ack, resumed and resent: round 2 exactly, host kept."""
    clients = Clients(server)
    leader, _ = await clients.leader()
    host_device, guest_device = secrets.token_hex(16), secrets.token_hex(16)
    host, _ = await clients.join("participant", device=host_device, table=2)
    guest, _ = await clients.join("participant", device=guest_device, table=2)
    await ack(host, {"type": "host", "id": new_id(), "on": True})
    seq = await ack(leader, control("timer", timer="start", seconds=300))
    await ack(leader, control("timer", timer="pause"))
    paused = (await next_of(guest, "state", seq=seq + 1))["state"]["timer"]
    change = control("next_round")
    await leader.send(json.dumps(change))
    await server.kill()  # the change may or may not be on disk: both must end the same
    await clients.close()
    await server.start()
    leader, _ = await clients.leader()
    await ack(leader, change)  # the kiosk's outbox resends it after the reconnect
    _, welcome = await clients.leader()
    state = welcome["session"]["state"]
    assert state["round"] == 2
    assert state["timer"]["running"] is False
    assert state["timer"]["remaining"] == paused["remaining"]
    _, guest_w = await clients.join("participant", device=guest_device)
    assert guest_w["you"]["table"] is None
    _, host_w = await clients.join("participant", device=host_device)
    assert host_w["you"] == {"role": "participant", "table": 2, "host": True}
    await clients.close()
