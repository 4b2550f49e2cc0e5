"""The socket worker against a small local server: hello, frames in, controls out, reconnect."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from websockets.asyncio.server import ServerConnection, serve

from dialoogtafel.kiosk.app import KioskApp
from tests.kiosk.roomdata import TIMEOUT, TOKEN, Room, screen_text, until


class FakeServer:
    """Records what each connection sent; answers hello with a welcome (or an error)."""

    def __init__(self, welcome: dict[str, Any], refuse: bool = False) -> None:
        self.welcome = welcome
        self.refuse = refuse
        self.received: list[list[dict[str, Any]]] = []
        self.connections: list[ServerConnection] = []

    async def handler(self, ws: ServerConnection) -> None:
        frames: list[dict[str, Any]] = []
        self.received.append(frames)
        self.connections.append(ws)
        async for raw in ws:
            frames.append(json.loads(raw))
            if frames[-1]["type"] == "hello":
                if self.refuse:
                    error = {"type": "error", "code": "bad_token", "message": "Verkeerde sleutel."}
                    await ws.send(json.dumps(error))
                    await ws.close()
                    return
                await ws.send(json.dumps(self.welcome))


async def test_the_kiosk_says_hello_gets_welcomed_and_sends_controls() -> None:
    """hello carries session, role and token; a key's control goes over the socket."""
    fake = FakeServer(Room().welcome())
    async with serve(fake.handler, "127.0.0.1", 0) as server:
        port = server.sockets[0].getsockname()[1]
        app = KioskApp(f"http://127.0.0.1:{port}/s/ABCD", TOKEN)
        async with app.run_test(size=(160, 50)) as pilot:
            await until(pilot, lambda: app.state.welcomed, "welcome over the socket")
            assert fake.received[0][0] == {
                "type": "hello",
                "session": "ABCD",
                "role": "leader",
                "token": TOKEN,
            }
            await pilot.press("o")
            await until(pilot, lambda: len(fake.received[0]) == 2, "control")
            assert fake.received[0][1]["action"] == "close"
            assert TOKEN not in app.export_screenshot()


async def test_a_lost_connection_shows_the_banner_reconnects_and_resends() -> None:
    """The server drops the kiosk: banner, a new hello, then the unacked control again."""
    fake = FakeServer(Room().welcome())
    async with serve(fake.handler, "127.0.0.1", 0) as server:
        port = server.sockets[0].getsockname()[1]
        app = KioskApp(f"http://127.0.0.1:{port}/s/ABCD", TOKEN)
        async with app.run_test(size=(160, 50)) as pilot:
            await until(pilot, lambda: app.state.welcomed, "welcome")
            await pilot.press("o")
            await until(pilot, lambda: len(fake.received[0]) == 2, "control")
            control = fake.received[0][1]
            async with asyncio.timeout(TIMEOUT):
                await fake.connections[0].close()
            await until(
                pilot,
                lambda: len(fake.received) == 2 and len(fake.received[1]) == 2,
                "reconnect and resend",
            )
            assert fake.received[1][0]["type"] == "hello"
            assert fake.received[1][1] == control  # the same id: the server applies it once
            await until(pilot, lambda: app.connection == "connected", "connected again")
            await pilot.pause()
            assert "opnieuw verbinden" not in screen_text(app)


async def test_the_banner_shows_while_the_server_is_gone() -> None:
    """No server at the address: the kiosk keeps trying and says it is connecting."""
    async with serve(lambda ws: ws.close(), "127.0.0.1", 0) as server:
        port = server.sockets[0].getsockname()[1]
    app = KioskApp(f"http://127.0.0.1:{port}/s/ABCD", TOKEN)  # the port is closed now
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        assert "verbinden…" in screen_text(app)
        assert not app.state.welcomed


async def test_a_refused_token_stops_the_retries_and_says_why() -> None:
    """bad_token is final: one hello, the server's sentence on the banner, no reconnect loop."""
    fake = FakeServer(Room().welcome(), refuse=True)
    async with serve(fake.handler, "127.0.0.1", 0) as server:
        port = server.sockets[0].getsockname()[1]
        app = KioskApp(f"http://127.0.0.1:{port}/s/ABCD", "wrong-token")
        async with app.run_test(size=(160, 50)) as pilot:
            await until(pilot, lambda: app.connection == "refused", "refused")
            await pilot.pause()
            assert "geen toegang: Verkeerde sleutel." in screen_text(app)
            worker = app.socket_worker
            assert worker is not None
            await until(pilot, lambda: worker.is_finished, "worker ended")
            assert len(fake.received) == 1
