"""A poll burst: 2,000 phones respond to one poll within 10 s; acks and the kiosk's results timed.

.venv/bin/python bench/poll_burst.py [--phones 2000] [--tables 200] [--seconds 10] [--generators 2]
                                    [--reveal]

`dialoog serve` runs as a subprocess; the phones run in `--generators` other processes (whole
tables each), the leader (the kiosk's side) in this one. The leader asks a choice poll with `ask`;
each phone responds once at its moment in the window, spread evenly. Printed: every response acked
or not, the ack latency (p50/p95/p99, send to ack), and when the leader had results that are right
(total and counts equal to what was sent) after the last response's ack. Clocks: CLOCK_MONOTONIC,
one for every process of the machine. Every loop is bounded in count and time.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing as mp
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil
from loadfigures import machine
from loadgen import raise_nofile
from loadserver import cpu_seconds, start_server
from websockets.asyncio.client import ClientConnection, connect

OPTIONS = ["Tijd", "Regels", "Geld", "Scholing"]
LIMIT = 120.0  # seconds any one phase may take before the bench gives up


@dataclass
class Phones:
    """What one generator process does: its phones (device, table, pick, send offset)."""

    uri: str
    code: str
    question: str
    phones: list[tuple[str, int, int, float]]


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank) of the values, in the values' unit."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


async def _open(uri: str, hello: dict[str, Any]) -> ClientConnection:
    ws = await connect(uri, compression=None, ping_interval=None, open_timeout=LIMIT, max_size=None)
    await ws.send(json.dumps(hello))
    async with asyncio.timeout(LIMIT):
        while (msg := json.loads(await ws.recv()))["type"] != "welcome":
            if msg["type"] == "error":
                raise RuntimeError(f"hello refused: {msg['code']}")
    return ws


async def _phones(spec: Phones, conn: Any) -> None:
    sem = asyncio.Semaphore(50)

    async def one(device: str, table: int) -> ClientConnection:
        async with sem:
            hello = {"type": "hello", "session": spec.code, "role": "participant"}
            return await _open(spec.uri, {**hello, "device": device, "table": table})

    sockets = await asyncio.gather(*(one(d, t) for d, t, _, _ in spec.phones))
    conn.send(("ready", len(sockets)))
    loop = asyncio.get_running_loop()
    t0 = await loop.run_in_executor(None, conn.recv)
    sent: dict[str, float] = {}
    acked: dict[str, float] = {}
    errors: dict[str, int] = {}

    async def respond(ws: ClientConnection, pick: int, offset: float) -> None:
        await asyncio.sleep(max(0.0, t0 + offset - time.monotonic()))
        change = str(uuid.uuid4())
        msg = {"type": "response", "id": change, "question": spec.question, "picks": [pick]}
        sent[change] = time.monotonic()
        await ws.send(json.dumps(msg))
        async with asyncio.timeout(LIMIT):
            while True:
                reply = json.loads(await ws.recv())
                if reply["type"] == "ack" and reply["id"] == change:
                    acked[change] = time.monotonic()
                    return
                if reply["type"] == "error":
                    errors[reply["code"]] = errors.get(reply["code"], 0) + 1
                    return

    await asyncio.gather(
        *(
            respond(ws, pick, off)
            for ws, (_, _, pick, off) in zip(sockets, spec.phones, strict=True)
        )
    )
    conn.send(("result", {"sent": sent, "acked": acked, "errors": errors}))
    await loop.run_in_executor(None, conn.recv)
    for ws in sockets:
        await ws.close()


def phones_main(spec: Phones, conn: Any) -> None:
    """A generator process: connect its phones, say ready, respond on "go", report."""
    raise_nofile()
    asyncio.run(_phones(spec, conn))


async def _leader(uri: str, code: str, token: str, reveal: bool) -> tuple[ClientConnection, str]:
    """The kiosk's side: a leader that asks the poll (and reveals it); the poll's id."""
    ws = await _open(uri, {"type": "hello", "session": code, "role": "leader", "token": token})
    ask = {"type": "control", "id": str(uuid.uuid4()), "action": "ask", "kind": "choice"}
    await ws.send(json.dumps({**ask, "text": "Wat eerst?", "options": OPTIONS}))
    async with asyncio.timeout(LIMIT):
        while (msg := json.loads(await ws.recv()))["type"] != "question":
            pass
    if reveal:  # results then go to every phone too, at most 4 a second
        on = {"type": "control", "id": str(uuid.uuid4()), "action": "reveal"}
        await ws.send(json.dumps({**on, "question": msg["id"], "on": True}))
    return ws, msg["id"]


async def _watch(ws: ClientConnection, question: str, want: dict[str, int], n: int) -> list:
    """Every results message of the poll until one is right: (arrival, responses, right)."""
    seen: list[tuple[float, int, bool]] = []
    async with asyncio.timeout(LIMIT):
        while not (seen and seen[-1][2]):
            msg = json.loads(await ws.recv())
            if msg["type"] == "results" and msg["question"] == question:
                total = msg["total"]
                right = total["responses"] == n and total["counts"] == want
                seen.append((time.monotonic(), total["responses"], right))
    return seen


def run(
    phones: int, tables: int, seconds: float, generators: int, reveal: bool = False
) -> dict[str, Any]:
    """One burst; its figures."""
    raise_nofile()
    server = start_server("ours", tables)
    ctx = mp.get_context("fork")
    procs, pipes = [], []
    try:

        async def main() -> dict[str, Any]:
            leader, question = await _leader(server.uri, server.code, server.token, reveal)
            plan = [
                (
                    f"burst-{i:05d}-" + "d" * 24,
                    1 + i % tables,
                    i % len(OPTIONS),
                    seconds * i / phones,
                )
                for i in range(phones)
            ]
            want = {str(k): sum(1 for p in plan if p[2] == k) for k in range(len(OPTIONS))}
            for g in range(generators):
                mine = [p for p in plan if p[1] % generators == g]  # whole tables each
                parent, child = ctx.Pipe()
                spec = Phones(server.uri, server.code, question, mine)
                proc = ctx.Process(target=phones_main, args=(spec, child), daemon=True)
                proc.start()
                procs.append(proc)
                pipes.append(parent)
            loop = asyncio.get_running_loop()
            for pipe in pipes:
                state, _ = await loop.run_in_executor(None, pipe.recv)
                assert state == "ready", state
            sp = psutil.Process(server.proc.pid)
            cpu0, load0 = cpu_seconds(sp), [round(x, 2) for x in psutil.getloadavg()]
            t0 = time.monotonic() + 1.0
            for pipe in pipes:
                pipe.send(t0)
            seen = await _watch(leader, question, want, phones)
            reports = [await loop.run_in_executor(None, pipe.recv) for pipe in pipes]
            cpu = cpu_seconds(sp) - cpu0
            for pipe in pipes:
                pipe.send("close")
            await leader.close()
            sent = {k: v for _, r in reports for k, v in r["sent"].items()}
            acked = {k: v for _, r in reports for k, v in r["acked"].items()}
            errors: dict[str, int] = {}
            for _, r in reports:
                for code, n in r["errors"].items():
                    errors[code] = errors.get(code, 0) + n
            latency = [1000 * (acked[k] - sent[k]) for k in acked]
            last_ack = max(acked.values())
            right_at = seen[-1][0]
            return {
                "phones": phones,
                "revealed": reveal,
                "tables": tables,
                "window_s": seconds,
                "sent": len(sent),
                "acked": len(acked),
                "errors": errors,
                "ack_ms": {
                    p: round(percentile(latency, q), 1)
                    for p, q in (("p50", 50), ("p95", 95), ("p99", 99), ("max", 100))
                },
                "sending_took_s": round(max(sent.values()) - min(sent.values()), 2),
                "results_messages": len(seen),
                "results_right_after_last_ack_ms": round(1000 * (right_at - last_ack), 1),
                "server_cpu_s": round(cpu, 2),
                "load_before": load0,
                "load_after": [round(x, 2) for x in psutil.getloadavg()],
            }

        return asyncio.run(main())
    finally:
        for proc in procs:
            proc.join(10)
            if proc.is_alive():
                proc.kill()
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phones", type=int, default=2000)
    parser.add_argument("--tables", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--generators", type=int, default=2)
    parser.add_argument("--reveal", action="store_true", help="the phones get the results too")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    print(f"machine: {machine()}")
    res = run(args.phones, args.tables, args.seconds, args.generators, args.reveal)
    print(json.dumps(res, indent=2))
    if args.json:
        args.json.write_text(json.dumps({"machine": machine(), "runs": [res]}, indent=2))
    a = res["ack_ms"]
    print(
        f"{res['acked']}/{res['sent']} of {res['phones']} responses acked in a "
        f"{res['window_s']:.0f} s window (errors {res['errors'] or 'none'}); ack p50/p95/p99 "
        f"{a['p50']}/{a['p95']}/{a['p99']} ms; the leader's results right "
        f"{res['results_right_after_last_ack_ms']} ms after the last ack "
        f"({res['results_messages']} results messages); server CPU {res['server_cpu_s']} s"
    )


if __name__ == "__main__":
    main()
