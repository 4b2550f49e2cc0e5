"""The load generator's process: its phones (and maybe the leader), the schedule, the records.

bench/load.py starts one per `--generators`, each with whole tables, so every table-mate of an
answer is timed in the process that sent it; the leader's receipts are merged by change id.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import resource
import time
import uuid
from dataclasses import asdict, dataclass, field
from typing import Any

from websockets.asyncio.client import ClientConnection, connect

TEXT = "Meer tijd om met elkaar in gesprek te gaan over wat er echt toe doet in de zorg"


@dataclass
class GenSpec:
    """What one generator process does."""

    index: int
    uri: str
    code: str
    leader_token: str | None
    phones: list[tuple[str, int]]  # device token, table
    sends: list[float]  # seconds after the start
    expected_total: int  # answers the leader should see (all generators)
    drain: float
    concurrency: int


@dataclass
class GenResult:
    """What one generator measured (monotonic seconds) and what it cost."""

    sent: dict[str, float] = field(default_factory=dict)
    acked: dict[str, float] = field(default_factory=dict)
    mates: dict[str, tuple[float, int]] = field(default_factory=dict)  # last arrival, how many
    expected_mates: dict[str, int] = field(default_factory=dict)
    leader: dict[str, float] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    late: list[float] = field(default_factory=list)  # how far behind schedule each send was
    cpu: float = 0.0  # this process's CPU seconds from the start to the end of the drain
    wall: float = 0.0
    connected: int = 0


def raise_nofile() -> int:
    """Raise the open-files soft limit to the hard limit; the new soft limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


class Generator:
    """One asyncio loop's phones (and maybe the leader), the schedule, and the records."""

    def __init__(self, spec: GenSpec) -> None:
        self.spec = spec
        self.r = GenResult()
        self.table_size: dict[int, int] = {}
        for _, table in spec.phones:
            self.table_size[table] = self.table_size.get(table, 0) + 1
        self.questions: list[str] = []
        self.sockets: list[ClientConnection] = []
        self.readers: list[asyncio.Task[None]] = []
        self.outstanding = 0  # sends still missing their ack or a delivery
        self.done: set[str] = set()
        self.sending_done = False
        self.settled = asyncio.Event()

    async def _open(self, hello: dict[str, Any]) -> ClientConnection:
        ws = await connect(
            self.spec.uri,
            compression=None,
            ping_interval=None,
            open_timeout=120,
            close_timeout=5,
            max_size=None,
        )
        await ws.send(json.dumps(hello))
        while True:
            msg = json.loads(await ws.recv())
            if msg["type"] == "welcome":
                if not self.questions:
                    qs = msg["session"]["questions"]
                    self.questions = [q["id"] for q in qs if q.get("theme") is None]
                return ws
            if msg["type"] == "error":
                raise RuntimeError(f"hello refused: {msg['code']}")

    async def _phone(self, sem: asyncio.Semaphore, device: str, table: int) -> ClientConnection:
        async with sem:
            hello = {"type": "hello", "session": self.spec.code, "role": "participant"}
            return await self._open({**hello, "device": device, "table": table})

    def _check(self, change_id: str) -> None:
        r = self.r
        if change_id in self.done or change_id not in r.acked:
            return
        if r.mates.get(change_id, (0.0, 0))[1] >= r.expected_mates[change_id]:
            self.done.add(change_id)
            self.outstanding -= 1
            self._settle()

    def _settle(self) -> None:
        expected = self.spec.expected_total if self.spec.leader_token else 0
        if self.sending_done and self.outstanding == 0 and len(self.r.leader) >= expected:
            self.settled.set()

    async def _read_phone(self, ws: ClientConnection) -> None:
        r = self.r
        with contextlib.suppress(Exception):
            async for raw in ws:
                now = time.monotonic()
                msg = json.loads(raw)
                kind = msg["type"]
                if kind == "answer" and not msg.get("mine"):
                    cid = msg["id"]
                    _, n = r.mates.get(cid, (0.0, 0))
                    r.mates[cid] = (now, n + 1)
                    if cid in r.sent:
                        self._check(cid)
                elif kind == "ack":
                    cid = msg["id"]
                    if cid in r.sent and cid not in r.acked:
                        r.acked[cid] = now
                        self._check(cid)
                elif kind == "error":
                    r.errors[msg["code"]] = r.errors.get(msg["code"], 0) + 1

    async def _read_leader(self, ws: ClientConnection) -> None:
        r = self.r
        with contextlib.suppress(Exception):
            async for raw in ws:
                now = time.monotonic()
                msg = json.loads(raw)
                if msg["type"] == "answer" and msg["id"] not in r.leader:
                    r.leader[msg["id"]] = now
                    self._settle()

    async def connect_all(self) -> None:
        spec = self.spec
        sem = asyncio.Semaphore(spec.concurrency)
        phones = await asyncio.gather(*(self._phone(sem, d, t) for d, t in spec.phones))
        self.sockets = list(phones)
        self.readers = [asyncio.create_task(self._read_phone(ws)) for ws in phones]
        if spec.leader_token is not None:
            hello = {"type": "hello", "session": spec.code, "role": "leader"}
            leader = await self._open({**hello, "token": spec.leader_token})
            self.sockets.append(leader)
            self.readers.append(asyncio.create_task(self._read_leader(leader)))
        self.r.connected = len(self.sockets)

    async def run(self, t0: float) -> None:
        spec, r = self.spec, self.r
        cpu0 = time.process_time()
        phones = list(zip(self.sockets[: len(spec.phones)], spec.phones, strict=True))
        counts = [0] * len(phones)
        for k, offset in enumerate(spec.sends):
            delay = t0 + offset - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            i = k % len(phones)
            ws, (_, table) = phones[i]
            question = self.questions[counts[i] % len(self.questions)]
            counts[i] += 1
            cid = str(uuid.uuid4())
            frame = json.dumps({"type": "answer", "id": cid, "question": question, "text": TEXT})
            r.expected_mates[cid] = self.table_size[table] - 1
            self.outstanding += 1
            now = time.monotonic()
            r.sent[cid] = now
            r.late.append(max(0.0, now - (t0 + offset)))
            await ws.send(frame)
        self.sending_done = True
        self._settle()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.settled.wait(), spec.drain)
        r.cpu = time.process_time() - cpu0
        r.wall = time.monotonic() - t0

    async def close(self) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.gather(*(ws.close() for ws in self.sockets)), 30)
        for task in self.readers:
            task.cancel()


def generator_main(spec: GenSpec, conn: Any) -> None:
    """A generator process: connect, say ready, run on "go", report, close on "close"."""
    raise_nofile()

    async def main() -> None:
        gen = Generator(spec)
        try:
            await gen.connect_all()
        except Exception as err:  # noqa: BLE001 - reported to the orchestrator, which stops
            conn.send(("failed", f"{type(err).__name__}: {err}"))
            return
        conn.send(("ready", gen.r.connected))
        loop = asyncio.get_running_loop()
        _, t0 = await loop.run_in_executor(None, conn.recv)
        await gen.run(t0)
        conn.send(("result", asdict(gen.r)))
        await loop.run_in_executor(None, conn.recv)
        await gen.close()

    asyncio.run(main())
