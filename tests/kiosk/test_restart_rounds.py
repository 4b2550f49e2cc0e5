"""The kiosk against a real `dialoog serve --premoderate` that is killed with SIGKILL and resumed:
the timer keeps the server's time, a round change and the queue work across the restart."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from websockets.asyncio.client import connect

from dialoogtafel.kiosk.app import KioskApp
from dialoogtafel.kiosk.screens.minutes import MinutesForm
from dialoogtafel.server.protocol import hello, new_id
from tests.kiosk.roomdata import screen_text
from tests.kiosk.test_end_to_end import next_of
from tests.reliability.serverproc import TIMEOUT, ServerProcess


async def wait(pilot: Pilot[Any], condition: Any, what: str) -> None:
    """Run the app until the condition holds; a reconnect's back-off may take a few seconds."""
    deadline = time.monotonic() + 3 * TIMEOUT
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await pilot.pause(0.05)


def left(app: KioskApp) -> float:
    """The seconds the kiosk's timer has left now."""
    timer = app.state.status.timer
    assert timer is not None
    return timer.left(time.monotonic())


async def test_timer_round_and_queue_survive_a_kill_of_the_server(tmp_path: Path) -> None:
    """k, kill -9, resume: the kiosk reconnects with the time the server kept; N and the
    queue's Enter work on the resumed server."""
    server = ServerProcess(tmp_path / "data", tmp_path / "serve.log", options=("--premoderate",))
    await server.start()
    app = KioskApp(f"http://127.0.0.1:{server.port}/s/{server.code}", server.leader_token)
    try:
        async with app.run_test(size=(160, 50)) as pilot:
            await wait(pilot, lambda: app.state.welcomed, "the kiosk's welcome")
            await pilot.press("k")
            await wait(pilot, lambda: isinstance(app.screen, MinutesForm), "the minutes dialog")
            await pilot.press("enter")  # the 10 minutes offered
            await wait(pilot, lambda: app.state.status.timer is not None, "the timer")
            assert 590 < left(app) <= 600
            await server.kill()
            await wait(pilot, lambda: app.connection == "lost", "the lost connection")
            await server.start()
            await wait(pilot, lambda: app.connection == "connected", "the reconnect")
            before = left(app)
            assert 560 < before < 600 and app.state.status.timer.running  # type: ignore[union-attr]

            async with connect(server.ws_url) as ws:
                await ws.send(json.dumps(hello(server.code, "participant", device="d" * 32)))
                await next_of(ws, "welcome")
                await ws.send(json.dumps({"type": "table", "id": new_id(), "table": 1}))
                await next_of(ws, "welcome")
                cid = new_id()
                await ws.send(
                    json.dumps({"type": "answer", "id": cid, "question": "q1", "text": "Wacht"})
                )
                await next_of(ws, "ack")
                await pilot.press("w")
                await wait(pilot, lambda: cid in app.state.answers, "the pending answer")
                assert "Wacht" not in screen_text(app)  # not on the projected wall
                await pilot.press("g")
                await wait(pilot, lambda: "Wacht" in screen_text(app), "the queue")
                await pilot.press("enter")
                assert (await next_of(ws, "answer"))["state"] == "pending"  # its own copy
                approved = await next_of(ws, "answer")  # then the leader's approval
                assert approved["id"] == cid and approved["state"] == "shown"

            await pilot.press("N", "y")
            await wait(pilot, lambda: app.state.status.round == 2, "round 2")
            await wait(pilot, lambda: "Ronde 2" in screen_text(app), "Ronde 2 in the top bar")
            assert app.outbox == {}
    finally:
        await asyncio.wait_for(server.terminate(), 3 * TIMEOUT)
