"""kill -9 mid-poll: phones change and take back responses through their outboxes while the server
is SIGKILLed and resumed; afterwards every poll counts each phone once, as its last response."""

from __future__ import annotations

import asyncio
import json
import os
import random
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dialoogtafel.server.protocol import control, hello, new_id
from tests.reliability.clients import (
    Progress,
    leader_view,
    open_ws,
    reconnecting,
)
from tests.reliability.serverproc import TIMEOUT, ServerProcess

TABLES = 4
SCALE = "q5"  # polariteiten's first scale (1-5)
ASKED = "q9"  # the choice the leader asks before the first kill


@dataclass
class PollPhone:
    """A phone that keeps changing its responses to two polls through an outbox (as the page)."""

    url: str
    code: str
    table: int
    rng: random.Random
    progress: Progress
    device: str = field(default_factory=lambda: os.urandom(16).hex())
    outbox: dict[str, dict[str, Any]] = field(default_factory=dict)
    acked: int = 0
    last: dict[str, dict[str, Any]] = field(default_factory=dict)  # poll -> last queued body
    welcomes: int = 0
    made: int = 0
    responding: bool = True
    refused: list[str] = field(default_factory=list)

    def new_response(self) -> dict[str, Any]:
        """Choose again (sometimes take back): into the outbox, newest last."""
        self.made += 1
        poll = self.rng.choice([SCALE, ASKED])
        if poll == SCALE:
            body: dict[str, Any] = {"value": self.rng.choice([None, 1, 2, 3, 4, 5])}
        else:
            body = {"picks": sorted(self.rng.sample(range(3), self.rng.randint(0, 2)))}
        self.last[poll] = body
        change = {"type": "response", "id": new_id(), "question": poll, **body}
        self.outbox[change["id"]] = change
        return change

    async def run(self, stop: asyncio.Event) -> None:
        """Connect, respond, reconnect with back-off until stopped."""
        await reconnecting(lambda: self.url, stop, self.rng, lambda ws: self._session(ws, stop))

    async def _session(self, ws: Any, stop: asyncio.Event) -> None:
        await ws.send(
            json.dumps(hello(self.code, "participant", device=self.device, table=self.table))
        )
        welcomed = False
        while not stop.is_set():
            try:
                async with asyncio.timeout(0.05 + self.rng.random() * 0.1):
                    msg = json.loads(await ws.recv())
            except TimeoutError:
                if welcomed and self.responding and self.made < 40 and len(self.outbox) < 8:
                    await ws.send(json.dumps(self.new_response()))
                continue
            if msg["type"] == "welcome":
                welcomed = True
                self.welcomes += 1
                self.progress.bump()
                for change in list(self.outbox.values()):
                    await ws.send(json.dumps(change))
            elif msg["type"] == "ack" and msg["id"] in self.outbox:
                del self.outbox[msg["id"]]
                self.acked += 1
                self.progress.bump()
            elif msg["type"] == "error" and msg.get("ref") in self.outbox:
                self.refused.append(msg["code"])
                del self.outbox[msg["ref"]]
                self.progress.bump()


def expected(phones: list[PollPhone], poll: str, size: int, first: int) -> dict[str, Any]:
    """What the poll's total must say: each phone once, as it last chose."""
    counts: Counter[int] = Counter()
    given = 0
    for p in phones:
        body = p.last.get(poll)
        if body is None:
            continue
        chosen = body.get("picks") or ([body["value"]] if body.get("value") is not None else [])
        given += bool(chosen)
        counts.update(chosen)
    return {"responses": given, "counts": {str(first + i): counts[first + i] for i in range(size)}}


async def test_no_acked_response_is_lost_or_doubled_when_the_server_is_killed(
    tmp_path: Path,
) -> None:
    """Two SIGKILLs while phones change and take back responses; the counts come out exact."""
    seed = int(os.environ.get("CRASH_SEED", random.randrange(1 << 30)))
    rng = random.Random(seed)
    server = ServerProcess(tmp_path / "data", tmp_path / "serve.log", tables=TABLES,
                           set_id="polariteiten")  # fmt: skip
    await server.start()
    progress = Progress()
    stop = asyncio.Event()
    try:
        view = await leader_view(server.ws_url, server.code, server.leader_token)
        assert len(view["session"]["questions"]) == 8
        ws = await open_ws(server.ws_url)
        await ws.send(json.dumps(hello(server.code, "leader", token=server.leader_token)))
        ask = control("ask", kind="choice", text="Wat eerst?", options=["A", "B", "C"], max_picks=2)
        await ws.send(json.dumps(ask))
        async with asyncio.timeout(TIMEOUT):
            while json.loads(await ws.recv()).get("id") != ask["id"]:
                pass
        await ws.close()
        phones = [
            PollPhone(
                server.ws_url, server.code, 1 + i % TABLES, random.Random(rng.random()), progress
            )
            for i in range(12)
        ]
        tasks = [asyncio.create_task(p.run(stop)) for p in phones]
        for kill_after in (rng.randint(5, 40), rng.randint(60, 120)):
            await progress.until(lambda k=kill_after: sum(p.acked for p in phones) >= k,
                                 3 * TIMEOUT, "acks before the kill")  # fmt: skip
            await server.kill()
            welcomes = [p.welcomes for p in phones]
            await server.start()
            await progress.until(
                lambda w=welcomes: all(p.welcomes > n for p, n in zip(phones, w, strict=True)),
                3 * TIMEOUT,
                "every phone welcomed again",
            )
        for p in phones:
            p.responding = False
        await progress.until(lambda: not any(p.outbox for p in phones), 3 * TIMEOUT, "outboxes")
        stop.set()
        await asyncio.gather(*tasks)
        view = await leader_view(server.ws_url, server.code, server.leader_token)
        totals = {r["question"]: r["total"] for r in view["results"]}
        scale = {k: v for k, v in totals[SCALE].items() if k != "mean"}
        assert scale == expected(phones, SCALE, 5, 1), f"CRASH_SEED={seed}"
        assert totals[ASKED] == expected(phones, ASKED, 3, 0), f"CRASH_SEED={seed}"
        assert [p.refused for p in phones if p.refused] == [], f"CRASH_SEED={seed}"
        assert sum(p.acked for p in phones) >= 60
        assert "Traceback" not in server.output()
        await server.stop()
    finally:
        stop.set()
        await server.terminate()
