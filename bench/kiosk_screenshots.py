"""Screenshots of every kiosk screen, from a real server with phones answering, for docs/.

.venv/bin/python -m bench.kiosk_screenshots [--out docs/screenshots] [--size 160x50]
"""

from __future__ import annotations

import argparse
import asyncio
import json
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

from websockets.asyncio.client import ClientConnection, connect

from dialoogtafel.cli.wiring import make_server
from dialoogtafel.kiosk.app import KioskApp
from dialoogtafel.question_sets import load_set
from dialoogtafel.server.config import ServerConfig
from dialoogtafel.server.protocol import control, hello, new_id
from tests.exports.fixtures import ANSWERS, NOTES
from tests.kiosk.roomdata import until
from tests.qrcodes import svg_image

TABLES = 6


async def send(ws: ClientConnection, message: dict[str, Any]) -> None:
    """Send a change and wait for its ack (errors are shown: this is a script)."""
    await ws.send(json.dumps(message))
    async with asyncio.timeout(10):
        async for raw in ws:
            msg = json.loads(raw)
            if msg.get("type") == "ack" and msg["id"] == message["id"]:
                return
            if msg.get("type") == "error":
                print("refused:", msg["code"], message.get("type"))
                return


async def room(port: int, code: str, leader_token: str) -> list[ClientConnection]:
    """Phones at every table answer the fixture's q1 and q3; voting on q3; notes and actions."""
    url = f"ws://127.0.0.1:{port}/ws"
    phones: dict[int, ClientConnection] = {}
    ids: list[str] = []
    for table in range(1, TABLES + 1):
        for seat in range(3 + table % 2):
            ws = await connect(url)
            await ws.send(
                json.dumps(hello(code, "participant", device=f"dev-{table}-{seat}-" + "k" * 20))
            )
            await send(ws, {"type": "table", "id": new_id(), "table": table})
            phones.setdefault(table, ws)
    for question, table, text, _ in ANSWERS:
        if question in ("q1", "q3"):
            ids.append(new_id())
            await send(
                phones[table],
                {"type": "answer", "id": ids[-1], "question": question, "text": text},
            )
    leader = await connect(url)
    await leader.send(json.dumps(hello(code, "leader", token=leader_token)))
    for answer_id in ids[:-2]:  # premoderated: two still wait in the queue
        await send(leader, control("approve", answer=answer_id))
    await send(leader, control("timer", timer="start", seconds=15 * 60, question="q1"))
    for question in ("q1", None):
        await send(leader, control("note", question=question, text=NOTES[question]))
    await send(
        leader,
        control(
            "action_item",
            text="Verslag rondsturen aan alle deelnemers",
            who="organisator",
            when="binnen een week",
        ),
    )
    await send(
        leader,
        control(
            "action_item",
            text="Pilot met het zorgkantoor voorbereiden",
            who="tafel 3",
            when="voor de zomer",
        ),
    )
    return [*phones.values(), leader]


async def answer_eval_set(clients: list[ClientConnection], app: KioskApp, pilot: Any) -> None:
    """The independent labelled set's topics and answers for eigen-regie q1 (the rode draad)."""
    path = Path("tests/data/rode_draad/independent.json")
    data = json.loads(await asyncio.to_thread(path.read_text, "utf-8"))
    q1 = next(q for q in data["questions"] if q["set"] == "eigen-regie" and q["question"] == "q1")
    for t in q1["topics"][:5]:  # the sixth is left to the computer's proposals
        await send(
            clients[-1], control("topic_add", question="q1", name=t["name"], about=t["about"])
        )
    for a in q1["answers"]:
        ws = clients[(a["table"] - 1) % TABLES]
        answer_id = new_id()
        await send(ws, {"type": "answer", "id": answer_id, "question": "q1", "text": a["text"]})
        await send(clients[-1], control("approve", answer=answer_id))  # the session premoderates
        await asyncio.sleep(0.12)  # within the leader's rate limit (10 a second)
    wanted = len(q1["answers"])
    await until(pilot, lambda: len(app.state.answers_to("q1")) >= wanted, "eval answers")


POLL_PICKS = {1: [0, 0, 1, 2], 2: [1, 1, 1], 3: [0, 2, 2, 2, 1], 4: [3, 0], 5: [2], 6: [0, 1, 1]}


async def poll(port: int, code: str, leader: ClientConnection) -> list[ClientConnection]:
    """A quick poll asked live, focused, and phones at every table responding to it."""
    options = ["Tijd in het rooster", "Minder regels", "Een vast aanspreekpunt", "Scholing"]
    text = "Wat helpt u het meest om eigen regie te nemen?"
    await send(leader, control("ask", kind="choice", text=text, options=options))
    await send(leader, control("focus", question="q5"))
    phones = []
    for table, picks in POLL_PICKS.items():
        for seat, pick in enumerate(picks):
            ws = await connect(f"ws://127.0.0.1:{port}/ws")
            device = f"poll-{table}-{seat}-" + "p" * 20
            await ws.send(json.dumps(hello(code, "participant", device=device, table=table)))
            await send(ws, {"type": "response", "id": new_id(), "question": "q5", "picks": [pick]})
            phones.append(ws)
    return phones


async def main(out: Path, size: tuple[int, int]) -> None:
    with TemporaryDirectory() as data:
        server = make_server(ServerConfig(data_dir=Path(data), host="127.0.0.1", port=0))
        await server.start()
        live = server.create(load_set("eigen-regie"), tables=TABLES, premoderate=True)
        s = server.started(live)
        app = KioskApp(
            f"http://127.0.0.1:{server.port}/s/{s.code}",
            s.leader_token,
            join_url=f"http://192.168.1.20:8080/s/{s.code}",
        )

        def shot(name: str) -> None:
            svg_image(app.export_screenshot()).save(out / f"kiosk-{name}.png")
            print("wrote", out / f"kiosk-{name}.png")

        clients: list[ClientConnection] = []
        try:
            async with app.run_test(size=size) as pilot:
                await until(pilot, lambda: app.state.welcomed, "welcome")
                clients = await room(server.port, s.code, s.leader_token)
                await until(pilot, lambda: len(app.state.answers) >= 20, "answers")
                await until(pilot, lambda: app.state.status.timer is not None, "timer")
                await pilot.pause()
                shot("lobby")
                await pilot.press("w")
                await pilot.press("down", "down", "m")
                await until(
                    pilot,
                    lambda: any(a.highlighted for a in app.state.answers.values()),
                    "highlight",
                )
                await pilot.press("down")
                await pilot.pause()
                shot("wall")
                await pilot.press("escape", "t")
                await pilot.pause()
                shot("overview")
                await pilot.press("pagedown", "pagedown", "s")
                await until(pilot, lambda: app.state.status.voting == "q3", "voting")
                votes = [a for a in app.state.answers.values() if a.question == "q3"]
                for n, ws in enumerate(clients[:-1]):
                    for a in votes[n % 3 : n % 3 + 2]:
                        await send(ws, {"type": "vote", "id": new_id(), "answer": a.id, "on": True})
                await until(pilot, lambda: sum(app.state.tally.values()) >= 8, "votes")
                await pilot.press("v")
                await pilot.pause()
                shot("votes")
                await pilot.press("pageup", "pageup", "n")
                await pilot.pause()
                shot("notes")
                await pilot.press("g")
                await pilot.pause()
                shot("queue")
                await pilot.press("w", "question_mark")
                await pilot.pause()
                shot("help")
                await pilot.press("escape")
                await answer_eval_set(clients, app, pilot)
                async with asyncio.timeout(120):  # the worker loads the model on its first job
                    while "q1" not in app.state.rode_draad.suggestions:
                        await pilot.pause(0.2)
                    quiet, seen = 0, -1
                    while quiet < 10:  # settled: no new placement for 3 s
                        now = len(app.state.rode_draad.placements)
                        quiet, seen = (quiet + 1, seen) if now == seen else (0, now)
                        await pilot.pause(0.3)
                await pilot.press("r", "down", "down")
                await pilot.pause()
                shot("rode-draad")
                clients += await poll(server.port, s.code, clients[-1])
                responses = sum(len(p) for p in POLL_PICKS.values())
                await pilot.press("escape", "u")
                await until(
                    pilot,
                    lambda: (
                        (r := app.state.results.get("q5")) is not None
                        and r.total.responses == responses
                    ),
                    "poll results",
                )
                await pilot.pause()
                shot("results")
                await pilot.press("f")
                await pilot.pause()
                shot("ask")
                await pilot.press("escape")
        finally:
            for ws in clients:
                await ws.close()
            await server.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    parser.add_argument("--size", default="160x50", help="terminal cells, WxH")
    args = parser.parse_args()
    w, h = (int(n) for n in args.size.split("x"))
    args.out.mkdir(parents=True, exist_ok=True)
    asyncio.run(main(args.out, (w, h)))
