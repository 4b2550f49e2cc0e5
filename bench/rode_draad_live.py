"""Rode draad, live: from an answer's ack to its `placed` at the leader, with the worker warm.

A server (in this process; the placement worker is its own process, as in `dialoog start`) with
the independent set's first tune question and its topics; one phone sends that question's answers
one at a time (every 0.25 s); the leader's `placed` messages are timed against each answer's ack.
Only answers the computer places get a `placed`; the rest stay unplaced and are not timed.

    .venv/bin/python -m bench.rode_draad_live [--answers 60]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import time
from pathlib import Path
from tempfile import TemporaryDirectory

from websockets.asyncio.client import connect

from dialoogtafel.cli.wiring import make_server
from dialoogtafel.server.config import ServerConfig
from dialoogtafel.server.domain.model import Question, QuestionSet, SetTopic
from dialoogtafel.server.protocol import hello, new_id

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "rode_draad" / "independent.json"


async def main(count: int) -> None:
    q = next(q for q in json.loads(DATA.read_text("utf-8"))["questions"] if q["split"] == "tune")
    topics = tuple(SetTopic(t["name"], t["about"]) for t in q["topics"])
    qs = QuestionSet("bench", "Bench", "nl", "", (Question("q1", q["text"], topics=topics),))
    with TemporaryDirectory() as data:
        server = make_server(ServerConfig(data_dir=Path(data), host="127.0.0.1", port=0))
        await server.start()
        live = server.create(qs, tables=10)
        s = server.started(live)
        url = f"ws://127.0.0.1:{server.port}/ws"
        leader = await connect(url)
        await leader.send(json.dumps(hello(s.code, "leader", token=s.leader_token)))
        phones = []
        for table in range(1, 11):
            ws = await connect(url)
            await ws.send(
                json.dumps(hello(s.code, "participant", device=f"bench-device-{table:04d}"))
            )
            await ws.send(json.dumps({"type": "table", "id": new_id(), "table": table}))
            phones.append(ws)
        acked: dict[str, float] = {}
        placed: dict[str, float] = {}

        async def listen() -> None:
            async for raw in leader:
                msg = json.loads(raw)
                if msg["type"] == "placed" and msg["by"] == "model":
                    placed.setdefault(msg["answer"], time.perf_counter())

        listener = asyncio.create_task(listen())
        warm = new_id()  # the first job loads the model: not timed
        await phones[0].send(
            json.dumps({"type": "answer", "id": warm, "question": "q1", "text": "x"})
        )
        assert live.placer is not None
        await asyncio.sleep(0.5)  # the job is on its way
        await live.placer.settle(120)
        for n, a in enumerate(q["answers"][:count]):
            ws = phones[n % len(phones)]
            cid = new_id()
            await ws.send(
                json.dumps({"type": "answer", "id": cid, "question": "q1", "text": a["text"]})
            )
            async with asyncio.timeout(10):
                async for raw in ws:
                    m = json.loads(raw)
                    if m["type"] == "ack" and m["id"] == cid:
                        acked[cid] = time.perf_counter()
                        break
            await asyncio.sleep(0.25)
        await asyncio.sleep(2)
        listener.cancel()
        ms = sorted((placed[a] - acked[a]) * 1000 for a in placed if a in acked)
        if ms:
            p95 = ms[min(len(ms) - 1, int(0.95 * len(ms)))]
            print(
                f"{len(ms)} of {len(acked)} answers placed by the model; ack -> placed at the "
                f"leader: median {statistics.median(ms):.0f} ms, p95 {p95:.0f} ms, "
                f"max {ms[-1]:.0f} ms"
            )
        print(f"jobs run: {live.placer.jobs if live.placer else 0}; load average {os.getloadavg()}")
        for ws in (*phones, leader):
            await ws.close()
        await server.close()


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--answers", type=int, default=60)
    asyncio.run(main(p.parse_args().answers))
