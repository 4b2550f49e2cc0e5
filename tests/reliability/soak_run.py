"""A soak: phones come and go all the time while a leader steers; the server's /proc is sampled.

A bounded pool of phones: each visit sits at a table, answers now and then, and leaves after
a few seconds (half with a close handshake, half vanishing like a locked phone); some devices
come back later. Every few seconds the server's RSS, open file descriptors and threads are
read from /proc. At the end every phone leaves, and the descriptors must return to the
baseline taken before the first phone came.
"""

from __future__ import annotations

import asyncio
import random
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.reliability.clients import Phone, leader_view, pause
from tests.reliability.leader import Leader
from tests.reliability.serverproc import TIMEOUT, Sample, ServerProcess, fd_kinds, sample

TABLES = 8
REUSE = 3  # a device comes back at most this many times


@dataclass
class SoakRun:
    """Samples and counts of one soak."""

    samples: list[Sample] = field(default_factory=list)
    baseline: Sample | None = None
    after: Sample | None = None  # once every phone had left
    extra_fds: dict[str, int] = field(default_factory=dict)  # open after, not at the baseline
    visits: int = 0
    answers: int = 0
    refused: list[tuple[str, str]] = field(default_factory=list)
    leader_acks: int = 0
    leader_p95_ms: float = 0.0
    seconds: float = 0.0
    traceback: bool = False
    acked: dict[str, str] = field(default_factory=dict)  # every acked answer: id -> text
    lost: list[str] = field(default_factory=list)  # acked answers missing or changed at the end
    highlight_wrong: list[str] = field(default_factory=list)  # acked highlights not as left
    churn_ended: float = float("inf")  # when phones stopped coming (then they all leave)

    def growth(self) -> float:
        """RSS growth after warm-up (the first fifth): the last samples over the first ones."""
        points = self.samples[len(self.samples) // 5 :]
        k = max(1, min(5, len(points) // 4))
        first = statistics.median(p.rss_kb for p in points[:k])
        last = statistics.median(p.rss_kb for p in points[-k:])
        return last / first - 1 if first else 0.0

    def fd_range(self) -> tuple[int, int]:
        """Fewest and most open descriptors after warm-up, while phones kept coming."""
        during = [p for p in self.samples if p.at <= self.churn_ended]
        points = during[len(during) // 5 :] or self.samples
        return min(p.fds for p in points), max(p.fds for p in points)

    def slope_kb_per_minute(self) -> float:
        """Least-squares slope of RSS over time, after the first fifth (warm-up) of the run."""
        points = self.samples[len(self.samples) // 5 :]
        if len(points) < 3:
            return 0.0
        t0 = points[0].at
        xs = [(p.at - t0) / 60 for p in points]
        ys = [float(p.rss_kb) for p in points]
        return statistics.linear_regression(xs, ys).slope

    def summary(self) -> str:
        """The figures in a few lines."""
        b, a, s = self.baseline, self.after, self.samples
        assert b is not None and a is not None and s
        peak = max(s, key=lambda x: x.fds)
        per_answer = (
            self.slope_kb_per_minute() * 1024 / max(1.0, self.answers / (self.seconds / 60))
        )
        return "\n".join(
            [
                f"soak: {self.seconds / 60:.1f} min, {self.visits} phone visits, {self.answers} "
                f"answers acked, {self.leader_acks} leader changes acked (p95 "
                f"{self.leader_p95_ms:.0f} ms), refused: {len(self.refused)}",
                f"RSS: baseline {b.rss_kb / 1024:.1f} MB, max "
                f"{max(x.rss_kb for x in s) / 1024:.1f} MB, end {a.rss_kb / 1024:.1f} MB; "
                f"slope {self.slope_kb_per_minute():.0f} KB/min"
                + (f" (~{per_answer:.0f} bytes per stored answer)" if self.answers else ""),
                f"open fds: baseline {b.fds}, peak {peak.fds}, after every phone left {a.fds} "
                f"(more than at the baseline: {self.extra_fds or 'none'})",
                f"threads: baseline {b.threads}, peak {max(x.threads for x in s)}, "
                f"after {a.threads}",
                f"RSS growth after warm-up (first fifth): {100 * self.growth():+.1f} %; "
                f"fds after warm-up: {self.fd_range()[0]}-{self.fd_range()[1]}",
                f"acked answers: {len(self.acked)}, lost or changed at the end: "
                f"{len(self.lost)}; leader highlights not as last acked: "
                f"{len(self.highlight_wrong)}",
                f"samples: {len(s)}; tracebacks in the server's log: "
                f"{'yes' if self.traceback else 'none'}",
            ]
        )


@dataclass(frozen=True)
class Plan:
    """How the phones behave: how many at a time, how long they stay, whether they answer.

    `quiet`: a fixed set of devices, each always at the same table, that never answer, and a
    leader that does not steer, so after the first round nothing is stored any more: only
    connections come and go, and memory should stay flat.
    """

    pool: int = 30
    stay: float = 8.0
    quiet: bool = False
    population: int = 0  # > 0: this many devices that come back again and again (a room)
    away: float = 10.0  # longest pause of a device between two visits (with a population)
    every: tuple[float, float] = (1.0, 4.0)  # seconds between a phone's answers, drawn per visit

    def devices(self) -> list[str]:
        """The fixed devices of a quiet soak or of a room."""
        if self.population:
            return [f"{n:032x}" for n in range(self.population)]
        return [f"{n:032x}" for n in range(self.pool + 10)] if self.quiet else []


async def visit(
    server: ServerProcess, rng: random.Random, device: str | None, plan: Plan, run: SoakRun
) -> Phone:
    """One phone visit: sit, answer now and then, leave after a few seconds."""
    home = int(device, 16) % TABLES + 1 if device else 0
    settled = plan.quiet or (plan.population and rng.random() < 0.9)  # a room: mostly the same
    phone = Phone(
        lambda: server.ws_url,
        server.code,
        home if settled and device else rng.randint(1, TABLES),
        f"v{run.visits}",
        interval=rng.uniform(*plan.every),
        rng=random.Random(rng.random()),
        close_cleanly=rng.random() < 0.5,
        answering=not plan.quiet,
        first_question=rng.randrange(4),  # a short visit answers one question, not always q2
    )
    if device is not None:
        phone.device = device
    run.visits += 1
    stop = asyncio.Event()
    task = asyncio.create_task(phone.run(stop))
    await pause(asyncio.Event(), rng.uniform(plan.stay / 8, plan.stay))
    stop.set()
    await task
    run.answers += len(phone.acked)
    run.acked.update(phone.acked)
    run.refused += phone.refused
    return phone


async def churn(
    server: ServerProcess, plan: Plan, until: float, rng: random.Random, run: SoakRun
) -> None:
    """Keep up to `plan.pool` visits going until the monotonic time `until`."""
    devices: dict[str, int] = {}
    fixed = plan.devices()
    active: set[asyncio.Task[Phone]] = set()
    never = asyncio.Event()
    room = _Room(fixed, plan.away, rng) if plan.population else None
    while time.monotonic() < until:
        if len(active) < plan.pool:
            back = [d for d, n in devices.items() if n < REUSE]
            device = rng.choice(back) if back and rng.random() < 0.3 else None
            device = rng.choice(fixed) if fixed else device
            if room is not None:
                device = room.next()
                if device is None:
                    await pause(never, 0.1)
                    continue
            task = asyncio.create_task(visit(server, rng, device, plan, run))
            active.add(task)
            task.add_done_callback(active.discard)
            task.add_done_callback(lambda t: _seen(devices, t))
            if room is not None:
                task.add_done_callback(room.back)
        await pause(never, rng.uniform(0.05, 0.3))
    if active:
        await asyncio.gather(*active)


class _Room:
    """A fixed population of devices: each is out on one visit at a time, then away a while."""

    def __init__(self, devices: list[str], away: float, rng: random.Random) -> None:
        self.ready: dict[str, float] = dict.fromkeys(devices, 0.0)  # device -> back after
        self.away = away
        self.rng = rng

    def next(self) -> str | None:
        """A device that is not on a visit and has been away long enough, or None."""
        now = time.monotonic()
        free = [d for d, at in self.ready.items() if at <= now]
        if not free:
            return None
        device = self.rng.choice(free)
        self.ready[device] = float("inf")
        return device

    def back(self, task: asyncio.Task[Phone]) -> None:
        """A visit ended: its device may come back after a pause."""
        if not task.cancelled() and task.exception() is None:
            device = task.result().device
            self.ready[device] = time.monotonic() + self.rng.uniform(0, self.away)


def _seen(devices: dict[str, int], task: asyncio.Task[Phone]) -> None:
    if not task.cancelled() and task.exception() is None:
        d = task.result().device
        devices[d] = devices.get(d, 0) + 1


async def sampler(pid: int, every: float, stop: asyncio.Event, run: SoakRun) -> None:
    """Read /proc every `every` seconds until `stop`."""
    while not stop.is_set():
        run.samples.append(sample(pid))
        await pause(stop, every)


async def back_to(pid: int, baseline: Sample, margin: int, within: float) -> Sample:
    """Wait (polling /proc) until the fds are back within `margin` of the baseline."""
    never = asyncio.Event()
    deadline = time.monotonic() + within
    now = sample(pid)
    while now.fds > baseline.fds + margin and time.monotonic() < deadline:
        await pause(never, 0.1)
        now = sample(pid)
    return now


def check_view(view: dict[str, Any], run: SoakRun, leader: Leader) -> None:
    """Every acked answer in the leader's complete view with its text; every acked highlight
    of the leader as the last one acked for that answer left it."""
    stored = {a["id"]: a for a in view["answers"]}
    run.lost = [cid for cid, text in run.acked.items() if stored.get(cid, {}).get("text") != text]
    last: dict[str, bool] = {}
    for cid in leader.acked:
        msg = leader.messages.get(cid, {})
        if msg.get("action") in ("highlight", "unhighlight"):
            last[msg["answer"]] = msg["action"] == "highlight"
    run.highlight_wrong = [
        a for a, on in last.items() if a in stored and stored[a].get("highlighted") != on
    ]


async def run_soak(
    folder: Path, minutes: float, plan: Plan, every: float = 5.0, seed: int = 0
) -> SoakRun:
    """Soak a fresh server in `folder` for `minutes` as `plan` says; /proc sampled `every`
    seconds; the server stopped at the end."""
    rng = random.Random(seed)
    run = SoakRun()
    # Without the rode draad's worker: once started it keeps a fixed set of descriptors in the
    # server (its pipes: 9, and 3 threads), which a baseline taken before any answer would count
    # as a leak; the worker's own cost is measured by bench/side_by_side.py --rode-draad-off.
    server = ServerProcess(
        folder / "data", folder / "serve.log", tables=TABLES, options=("--no-rode-draad",)
    )
    await server.start()
    stop = asyncio.Event()
    steer = 1e9 if plan.quiet else 2.0  # a quiet leader only watches
    leader = Leader(lambda: server.ws_url, server.code, server.leader_token, interval=steer)
    try:
        run.baseline = sample(server.pid)  # before any client
        before = fd_kinds(server.pid)
        lead = asyncio.create_task(leader.run(stop))
        sampling = asyncio.create_task(sampler(server.pid, every, stop, run))
        began = time.monotonic()
        run.churn_ended = began + minutes * 60  # no new visit after this; then all leave
        await churn(server, plan, run.churn_ended, rng, run)
        run.seconds = time.monotonic() - began
        stop.set()
        await asyncio.gather(lead, sampling)
        run.after = await back_to(server.pid, run.baseline, 0, 2 * TIMEOUT)
        run.extra_fds = dict(fd_kinds(server.pid) - before)
        view = await leader_view(server.ws_url, server.code, server.leader_token)
        check_view(view, run, leader)
        await server.stop()
    finally:
        await server.terminate()
    run.leader_acks = len(leader.latencies)
    if len(leader.latencies) > 1:
        run.leader_p95_ms = 1000 * statistics.quantiles(leader.latencies, n=20)[-1]
    run.refused += leader.refused
    run.traceback = "Traceback" in server.output()
    return run
