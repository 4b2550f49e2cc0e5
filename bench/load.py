"""Load: N phones at tables and a leader, answers at R a second for T seconds, from other processes.

The server runs as a subprocess (`dialoog serve`, or bench/bare_server.py) with its data in a
temporary folder on disk, so every answer is fsync'd before its ack. Generator processes
(`--generators`, one asyncio loop each) own whole tables: they connect their phones (`hello`
with a table), one of them also the leader, then send answers on a fixed schedule (open loop,
interleaved between the generators) and record, by change id and with the system-wide monotonic
clock, when each answer was sent, acked, received by the leader and by each table-mate.

Figures: p50/p95/p99 of send -> ack, send -> leader, send -> last table-mate, and send -> shown
everywhere (the later of leader and last table-mate); the server's CPU seconds (user+sys) during
the run and per answer, its memory (RSS) and per connection; the generators' own CPU.

    .venv/bin/python bench/load.py [--server ours|bare|bare-no-disk] [--phones 300] [--rate 50]
        [--seconds 30] [--per-table 8] [--generators 2] [--json FILE] [--smoke]
"""

from __future__ import annotations

import argparse
import json
import math
import multiprocessing as mp
import os
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil
from loadfigures import machine, report, summarize
from loadgen import GenResult, GenSpec, generator_main, raise_nofile
from loadhosted import idler_main, start_hosted
from loadserver import children_cpu, cpu_seconds, profile, server_alive, start_server

# side_by_side.py runs these; "hosted" and "ours-no-rode-draad" (no placement worker) on request
SERVERS = ("ours", "bare", "bare-no-disk")


@dataclass
class Config:
    """One load run's settings."""

    server: str = "ours"
    phones: int = 300
    rate: float = 50.0  # answers a second, all generators together
    seconds: float = 30.0
    per_table: int = 8
    generators: int = 2
    drain: float = 10.0  # seconds to wait after the last send for acks and deliveries
    connect_concurrency: int = 100
    connect_timeout: float = 300.0
    profile: Path | None = None  # py-spy's collapsed stacks of the server during the sends
    idle_sessions: int = 0  # with server "hosted": other sessions, idle, clients connected
    idle_phones: int = 15  # phones in each idle session (and its leader)


def schedule(cfg: Config) -> list[list[float]]:
    """Each generator's send offsets: answer k at k/rate, dealt round-robin."""
    total = int(cfg.rate * cfg.seconds)
    plan: list[list[float]] = [[] for _ in range(cfg.generators)]
    for k in range(total):
        plan[k % cfg.generators].append(k / cfg.rate)
    return plan


def run_load(cfg: Config) -> dict[str, Any]:
    """One run against a fresh server; every figure as a dict (times in ms)."""
    raise_nofile()
    tables = math.ceil(cfg.phones / cfg.per_table)
    idle_tables = max(1, math.ceil(cfg.idle_phones / cfg.per_table))
    idle: list[tuple[str, str]] = []
    if cfg.server == "hosted":
        server, idle = start_hosted(tables, cfg.idle_sessions, idle_tables)
    else:
        server = start_server(cfg.server, tables)
    ctx = mp.get_context("fork")
    procs: list[Any] = []
    pipes: list[Any] = []
    idle_clients = 0
    try:
        if idle:
            idle_pipe, child = ctx.Pipe()
            args = (server.uri, idle, cfg.idle_phones, idle_tables, child)
            idler = ctx.Process(target=idler_main, args=args, daemon=True)
            idler.start()
            procs.append(idler)
            if not idle_pipe.poll(cfg.connect_timeout):
                raise RuntimeError("the idle sessions' clients did not connect in time")
            status, idle_clients = idle_pipe.recv()
            if status != "ready":
                raise RuntimeError(f"the idle clients failed to connect: {idle_clients}")
        sp = psutil.Process(server.proc.pid)
        rss_idle = sp.memory_info().rss
        devices = [(secrets.token_hex(16), 1 + i % tables) for i in range(cfg.phones)]
        plan = schedule(cfg)
        for g in range(cfg.generators):
            mine = [d for d in devices if (d[1] - 1) % cfg.generators == g]
            spec = GenSpec(
                g,
                server.uri,
                server.code,
                server.token if g == 0 else None,
                mine,
                plan[g],
                len(plan[0]) + sum(len(p) for p in plan[1:]),
                cfg.drain,
                max(1, cfg.connect_concurrency // cfg.generators),
            )
            parent, child = ctx.Pipe()
            proc = ctx.Process(target=generator_main, args=(spec, child), daemon=True)
            proc.start()
            procs.append(proc)
            pipes.append(parent)
        started = time.monotonic()
        for pipe in pipes:
            if not pipe.poll(cfg.connect_timeout):
                raise RuntimeError("a generator did not connect its phones in time")
            status, detail = pipe.recv()
            if status != "ready":
                raise RuntimeError(f"a generator failed to connect: {detail}")
        connect_seconds = time.monotonic() - started
        time.sleep(1.0)  # let the joins' counts and the last welcomes settle
        rss_connected = sp.memory_info().rss
        gen_ps = [psutil.Process(p.pid) for p in procs[1 if idle else 0 :]]
        load_before = os.getloadavg()
        sys0 = sp.cpu_times().system
        cpu0, gen0, t_wall0 = cpu_seconds(sp), [cpu_seconds(g) for g in gen_ps], time.monotonic()
        kids0 = children_cpu(sp)
        t0 = time.monotonic() + 0.5
        spy = profile(sp.pid, cfg.profile, cfg.seconds) if cfg.profile else None
        for pipe in pipes:
            pipe.send(("go", t0))
        results: list[GenResult] = []
        for pipe in pipes:
            if not pipe.poll(cfg.seconds + cfg.drain + 60):
                raise RuntimeError("a generator did not report in time")
            _, data = pipe.recv()
            results.append(GenResult(**data))
        wall = time.monotonic() - t_wall0
        cpu1, gen1 = cpu_seconds(sp), [cpu_seconds(g) for g in gen_ps]
        kids1 = children_cpu(sp)
        sys1 = sp.cpu_times().system
        rss_end = sp.memory_info().rss
        load_after = os.getloadavg()
        for pipe in pipes:
            pipe.send(("close", 0))
        if idle:
            idle_pipe.send(("close", 0))
        for proc in procs:
            proc.join(60)
        alive = server_alive(server)
        if spy is not None:
            spy.wait(cfg.seconds + 30)
    finally:
        for proc in procs:
            if proc.is_alive():
                proc.kill()
        server.stop()
    head = {
        "server": cfg.server,
        "phones": cfg.phones,
        "tables": tables,
        "rate": cfg.rate,
        "seconds": cfg.seconds,
        "generators": cfg.generators,
    }
    return (
        head
        | summarize(results, wall, cpu1 - cpu0, sum(gen1) - sum(gen0), alive)
        | {
            "server_sys_ms_per_answer": round(
                (sys1 - sys0) * 1000 / max(1, int(cfg.rate * cfg.seconds)), 3
            ),
            "rss_idle_mb": round(rss_idle / 2**20, 1),
            # the rode draad's worker process (and multiprocessing's tracker): not the live path,
            # but the same two cores
            "worker_cpu_ms_per_answer": round(
                (kids1 - kids0) * 1000 / max(1, int(cfg.rate * cfg.seconds)), 3
            ),
            "rss_connected_mb": round(rss_connected / 2**20, 1),
            "rss_end_mb": round(rss_end / 2**20, 1),
            "kb_per_connection": round((rss_connected - rss_idle) / 1024 / (cfg.phones + 1), 1),
            "connect_seconds": round(connect_seconds, 1),
            "load_before": [round(x, 2) for x in load_before],
            "load_after": [round(x, 2) for x in load_after],
            "idle_sessions": len(idle),
            "idle_clients": idle_clients,
        }
    )


def parser() -> argparse.ArgumentParser:
    """The options load.py, side_by_side.py and scale.py share."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--phones", type=int, default=300)
    p.add_argument("--rate", type=float, default=50.0, help="answers a second, all phones")
    p.add_argument("--seconds", type=float, default=30.0)
    p.add_argument("--per-table", type=int, default=8, help="phones a table")
    p.add_argument("--generators", type=int, default=2, help="load generator processes")
    p.add_argument("--drain", type=float, default=10.0, help="seconds to wait for stragglers")
    p.add_argument("--smoke", action="store_true", help="20 phones, 20/s, 3 s (for CI)")
    p.add_argument("--json", type=Path, help="also write the figures as JSON to this file")
    p.add_argument("--profile", type=Path, help="py-spy the server; collapsed stacks to FILE")
    p.add_argument(
        "--idle-sessions", type=int, default=0, help="--server hosted: idle sessions beside it"
    )
    p.add_argument("--idle-phones", type=int, default=15, help="phones in each idle session")
    return p


def config(args: argparse.Namespace, server: str) -> Config:
    """A Config from the shared options (--smoke overrides phones, rate and seconds)."""
    if args.smoke:
        args.phones, args.rate, args.seconds, args.drain = 20, 20.0, 3.0, 5.0
    return Config(
        server,
        args.phones,
        args.rate,
        args.seconds,
        args.per_table,
        args.generators,
        args.drain,
        profile=args.profile,
        idle_sessions=args.idle_sessions,
        idle_phones=args.idle_phones,
    )


def main() -> None:
    p = parser()
    p.add_argument("--server", choices=(*SERVERS, "hosted", "ours-no-rode-draad"), default="ours")
    args = p.parse_args()
    cfg = config(args, args.server)
    print(f"machine: {machine()}")
    res = run_load(cfg)
    report(res)
    if args.json:
        args.json.write_text(json.dumps({"machine": machine(), "runs": [res]}, indent=2))


if __name__ == "__main__":
    main()
