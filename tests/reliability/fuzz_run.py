"""A fuzz run: hostile connections against `dialoog serve` while good clients keep working.

Two well-behaved phones at table 1 and a leader answer and steer the whole time; /healthz is
polled. Afterwards: the good clients got every ack and every broadcast, the server stops
cleanly on SIGTERM, its log has no traceback, and the session read from disk holds the good
answers unchanged, nothing the server did not ack, and only clean text.
"""

from __future__ import annotations

import asyncio
import random
import re
import statistics
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from dialoogtafel.server.domain import limits
from dialoogtafel.server.storage import load_session
from tests.reliability.clients import Phone, Progress, pause
from tests.reliability.fuzz_conn import Fuzzer, Tally
from tests.reliability.fuzz_frames import Mutator
from tests.reliability.leader import Leader
from tests.reliability.serverproc import TIMEOUT, ServerProcess

UNCLEAN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


@dataclass
class FuzzRun:
    """The figures and findings of one run."""

    tally: Tally = field(default_factory=Tally)
    seconds: float = 0.0
    good_acks: int = 0
    good_p95_ms: float = 0.0
    good_problems: list[str] = field(default_factory=list)
    health_checks: int = 0
    health_failures: int = 0
    exit_status: int | None = None
    log_problems: list[str] = field(default_factory=list)
    data_problems: list[str] = field(default_factory=list)

    @property
    def problems(self) -> list[str]:
        """Every finding of the run."""
        t = self.tally
        unhealthy = (
            [f"/healthz failed {self.health_failures} times"] if self.health_failures else []
        )
        status = [] if self.exit_status == 0 else [f"exit status {self.exit_status} on SIGTERM"]
        return (
            t.findings
            + self.good_problems
            + unhealthy
            + status
            + self.log_problems
            + self.data_problems
        )

    def summary(self) -> str:
        """The figures in a few lines."""
        t = self.tally
        top = ", ".join(f"{k} {v}" for k, v in t.codes.most_common())
        return "\n".join(
            [
                f"frames: {t.frames} hostile frames over {t.connections} connections "
                f"in {self.seconds:.1f} s",
                f"errors the server gave: {top}",
                f"fuzz changes acked: {len(t.answers)} answers, {len(t.items)} notes/actions",
                f"good clients: {self.good_acks} changes acked (p95 {self.good_p95_ms:.0f} ms), "
                f"every broadcast received: {'yes' if not self.good_problems else 'NO'}",
                f"/healthz: {self.health_checks - self.health_failures} of "
                f"{self.health_checks} ok; exit status on SIGTERM: {self.exit_status}",
                f"findings: {len(self.problems)}",
            ]
        )


async def watch_health(server: ServerProcess, stop: asyncio.Event, run: FuzzRun) -> None:
    """GET /healthz every half second until `stop`."""
    while not stop.is_set():
        run.health_checks += 1
        run.health_failures += not await server.healthy()
        await pause(stop, 0.5)


async def run_fuzz(
    folder: Path, frames: int, seed: int = 0, workers: int = 3, rate: float = 1000.0
) -> FuzzRun:
    """Fuzz a fresh server in `folder` with about `frames` hostile frames at `rate` a second
    from `workers` connections at a time; then stop it and check."""
    run = FuzzRun()
    server = ServerProcess(folder / "data", folder / "serve.log", tables=4)
    await server.start()
    rng = random.Random(seed)
    progress = Progress()
    url = lambda: server.ws_url  # noqa: E731
    good = [
        Phone(
            url,
            server.code,
            1,
            f"good{i}",
            interval=0.25,
            rng=random.Random(rng.random()),
            progress=progress,
        )
        for i in range(2)
    ]
    acked = lambda: sorted(i for p in good for i in p.acked)  # noqa: E731
    leader = Leader(
        url, server.code, server.leader_token, pick=acked, rng=random.Random(rng.random())
    )
    stop = asyncio.Event()
    clients = [asyncio.create_task(c.run(stop)) for c in (*good, leader)]
    health = asyncio.create_task(watch_health(server, stop, run))
    began = time.monotonic()
    try:
        fuzzers = [
            Fuzzer(server, Mutator(random.Random(rng.random())), run.tally, frames, rate)
            for _ in range(workers)
        ]
        await asyncio.gather(*(f.run() for f in fuzzers))
        run.seconds = time.monotonic() - began
        await settle(good, leader, progress, run)
    finally:
        stop.set()
        await asyncio.gather(*clients, health)
        try:
            run.exit_status = await server.stop()
        finally:
            await server.terminate()
    check_log(server.output(), run)
    check_data(server, good, run)
    return run


async def settle(good: list[Phone], leader: Leader, progress: Progress, run: FuzzRun) -> None:
    """Stop answering, then every good change must be acked and seen by the others."""
    for p in good:
        p.answering = False
    try:
        await progress.until(
            lambda: not any(p.outbox for p in good), 3 * TIMEOUT, "good outboxes empty"
        )

        def everyone() -> bool:
            return all(set(p.acked) <= q.seen & leader.seen for p in good for q in good)

        await progress.until(
            everyone, 3 * TIMEOUT, "every good answer broadcast to the good clients"
        )
    except AssertionError as err:
        run.good_problems.append(str(err))
    for p in good:
        run.good_problems += [f"{p.name} refused {r}" for r in p.refused]
    run.good_problems += [f"leader refused {r}" for r in leader.refused]
    latencies = [x for p in good for x in p.latencies] + leader.latencies
    run.good_acks = len(latencies)
    if len(latencies) > 1:
        run.good_p95_ms = 1000 * statistics.quantiles(latencies, n=20)[-1]


def check_log(log: str, run: FuzzRun) -> None:
    """No traceback, nothing at ERROR or CRITICAL in the server's stderr."""
    for line in log.splitlines():
        if "Traceback" in line or " ERROR " in line or " CRITICAL " in line:
            run.log_problems.append(f"server log: {line[:200]}")


def check_data(server: ServerProcess, good: list[Phone], run: FuzzRun) -> None:
    """The stored session: good answers intact, nothing unacked, every text clean."""
    s = load_session(server.data, server.code)
    problems = run.data_problems
    mine = {i: t for p in good for i, t in p.acked.items()}
    for cid, text in mine.items():
        a = s.answers.get(cid)
        if a is None or a.text != text or a.state != "shown":
            problems.append(f"good answer {cid} changed: {a}")
    t = run.tally
    problems += [f"fuzz answer {i} acked but not stored" for i in t.answers if i not in s.answers]
    problems += [f"fuzz item {i} acked but not stored" for i in t.items if i not in s.items]
    sent = set(mine) | {i for p in good for i in p.outbox} | t.sent
    problems += [
        f"answer {a.id} stored, never sent" for a in s.answers.values() if a.id not in sent
    ]
    problems += [f"item {i.id} stored, never sent" for i in s.items.values() if i.id not in sent]
    texts = [(a.id, a.text, limits.ANSWER_CHARS) for a in s.answers.values()]
    texts += [
        (i.id, f, limits.NOTE_CHARS) for i in s.items.values() for f in (i.text, i.who, i.when)
    ]
    for ident, text, limit in texts:
        if UNCLEAN.search(text) or unicodedata.normalize("NFC", text) != text or len(text) > limit:
            problems.append(f"unclean or long text stored in {ident}: {text[:80]!r}")
