"""The kiosk against the real server: phones answer over the protocol, the wall fills, the leader
hides one answer, it leaves the wall and the minutes."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

from websockets.asyncio.client import ClientConnection, connect

from dialoogtafel.cli.wiring import make_server
from dialoogtafel.kiosk.app import KioskApp
from dialoogtafel.question_sets import load_set
from dialoogtafel.server.config import ServerConfig
from dialoogtafel.server.protocol import hello, new_id
from tests.kiosk.roomdata import TIMEOUT, screen_text, until

ANSWERS = {
    1: ["Ruimte voor eigen afwegingen", "[bold]Geen[/] markup hier"],
    2: ["Dit antwoord verbergt de leider"],
}
HIDDEN = "Dit antwoord verbergt de leider"


async def next_of(ws: ClientConnection, kind: str) -> dict[str, Any]:
    """The next message of this type; fails after TIMEOUT instead of hanging."""
    async with asyncio.timeout(TIMEOUT):
        async for raw in ws:
            msg = json.loads(raw)
            if msg["type"] == kind:
                return msg
    raise AssertionError(f"connection closed before a {kind!r} message")


async def phone(port: int, code: str, device: str, table: int) -> ClientConnection:
    """A participant at a table, welcomed."""
    ws = await connect(f"ws://127.0.0.1:{port}/ws")
    await ws.send(json.dumps(hello(code, "participant", device=device)))
    await next_of(ws, "welcome")
    await ws.send(json.dumps({"type": "table", "id": new_id(), "table": table}))
    await next_of(ws, "welcome")
    return ws


async def answer(ws: ClientConnection, text: str) -> str:
    """Send an answer to q1 and wait for its ack; its id."""
    change = new_id()
    await ws.send(json.dumps({"type": "answer", "id": change, "question": "q1", "text": text}))
    ack = await next_of(ws, "ack")
    assert ack["id"] == change
    return change


async def test_phones_fill_the_wall_and_a_hidden_answer_leaves_wall_and_minutes(
    tmp_path: Path,
) -> None:
    """Answers arrive live on the wall; h hides the selected one; the minutes leave it out."""
    server = make_server(ServerConfig(data_dir=tmp_path, host="127.0.0.1", port=0))
    await server.start()
    live = server.create(load_set("eigen-regie"), tables=3)
    started = server.started(live)
    app = KioskApp(
        f"http://127.0.0.1:{server.port}/s/{started.code}",
        started.leader_token,
        join_url=started.join_url,
    )
    phones: list[ClientConnection] = []
    try:
        async with app.run_test(size=(160, 50)) as pilot:
            await until(pilot, lambda: app.state.welcomed, "the kiosk's welcome")
            for table, texts in ANSWERS.items():
                ws = await phone(server.port, started.code, f"device-{table}-" + "x" * 24, table)
                phones.append(ws)
                for text in texts:
                    await answer(ws, text)
            await pilot.press("w")
            await until(pilot, lambda: len(app.state.answers) == 3, "three answers on the kiosk")
            await until(pilot, lambda: HIDDEN in screen_text(app), "the answer on the wall")
            wall = screen_text(app)
            assert "[bold]Geen[/] markup hier" in wall  # shown literally

            await pilot.press("down", "down", "down")  # select the last card: table 2's answer
            await pilot.press("h")
            hidden_id = next(a.id for a in app.state.answers.values() if a.text == HIDDEN)
            await until(
                pilot, lambda: app.state.answers[hidden_id].state == "hidden", "the hide echo"
            )
            assert HIDDEN in screen_text(app)  # still there, dimmed, while the leader selects
            await pilot.press("escape")
            await until(pilot, lambda: HIDDEN not in screen_text(app), "the answer off the wall")
            assert "Ruimte voor eigen afwegingen" in screen_text(app)

            await pilot.press("ctrl+e")
            await pilot.press("y")
            await until(pilot, lambda: bool(app.state.status.exports), "the exports")
            minutes_path = Path(app.state.status.exports["md"])
    finally:
        for ws in phones:
            await ws.close()
        await server.close()
    minutes = minutes_path.read_text(encoding="utf-8")  # noqa: ASYNC240 - the test is over
    assert "Ruimte voor eigen afwegingen" in minutes
    assert HIDDEN not in minutes
    assert "1 antwoord verborgen" in minutes or "verborgen" in minutes
    assert started.leader_token not in wall
