"""Scale: how many phones one session holds on this machine, and where it breaks.

Bounded steps (default 2,000, 3,000, 5,000, 7,500 and 10,000 phones), each a short run of
bench/load.py at 50 answers/s against a fresh `dialoog serve` (or `--server bare`), tables of 10
(more when 500 tables would not hold them). Per step: fan-out and ack latency, the server's CPU
and memory per connection, how long connecting took, and the generators' own CPU share of the
machine (they run on the same cores). Stepping stops at the first step that breaks: a phone
that cannot connect, an answer not acked or not delivered to every table-mate and the leader,
or p95 fan-out over `--break-ms`.

    .venv/bin/python bench/scale.py [--steps 2000 3000 5000 7500 10000] [--rate 50]
        [--seconds 15] [--server ours|bare] [--break-ms 1000] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path
from typing import Any

from load import SERVERS, Config, run_load
from loadfigures import fmt, machine, report
from loadgen import raise_nofile

MAX_TABLES = 500  # server/domain/limits.py


def step(args: argparse.Namespace, phones: int) -> dict[str, Any]:
    """One step's figures, or why it broke."""
    per_table = max(10, math.ceil(phones / MAX_TABLES))
    cfg = Config(
        args.server,
        phones,
        args.rate,
        args.seconds,
        per_table,
        args.generators,
        drain=15.0,
        connect_concurrency=200,
        connect_timeout=300.0,
    )
    try:
        res = run_load(cfg)
    except (RuntimeError, OSError) as err:
        return {"phones": phones, "broken": f"{type(err).__name__}: {err}"}
    report(res)
    lost = res["sent"] - min(res["acked"], res["leader_got"], res["mates_complete"])
    p95 = res["everywhere_ms"]["p95"]
    if lost or not res["alive"]:
        res["broken"] = f"{lost} answers not acked or not delivered everywhere"
    elif p95 is None or p95 > args.break_ms:
        res["broken"] = f"p95 fan-out {p95} ms over {args.break_ms:g} ms"
    return res


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--steps", type=int, nargs="+", default=[2000, 3000, 5000, 7500, 10000])
    p.add_argument("--rate", type=float, default=50.0)
    p.add_argument("--seconds", type=float, default=15.0)
    p.add_argument("--generators", type=int, default=2)
    p.add_argument("--server", choices=SERVERS, default="ours")
    p.add_argument("--break-ms", type=float, default=1000.0)
    p.add_argument("--all", action="store_true", help="run every step, even after one broke")
    p.add_argument("--json", type=Path)
    args = p.parse_args()
    print(f"machine: {machine()}; open files allowed: {raise_nofile()}")
    rows = []
    for phones in args.steps:
        print(f"-- {phones} phones")
        row = step(args, phones)
        rows.append(row)
        if "broken" in row:
            print(f"   BROKEN at {phones} phones: {row['broken']}")
            if not args.all:
                break
    print()
    print(f"scale ({args.server}, {args.rate:g} answers/s, {args.seconds:g} s a step):")
    print(
        f"{'phones':>7} {'fan-out p50/p95/p99 ms':24} {'ack p50/p95/p99 ms':22} "
        f"{'server CPU':>10} {'RSS MB':>7} {'KB/conn':>8} {'connect s':>9} {'gen CPU':>8}  result"
    )
    for r in rows:
        if "sent" not in r:
            print(f"{r['phones']:>7} {r['broken']}")
            continue
        print(
            f"{r['phones']:>7} {fmt(r['everywhere_ms']):24} {fmt(r['ack_ms']):22} "
            f"{r['server_cpu_share'] * 100:>9.0f}% {r['rss_end_mb']:>7.0f} "
            f"{r['kb_per_connection']:>8.1f} {r['connect_seconds']:>9.1f} "
            f"{r['generator_share_of_cores'] * 100:>7.0f}%  {r.get('broken', 'ok')}"
        )
    print("server CPU: % of one core during the sends; gen CPU: the generators' share of all cores")
    print(f"machine after: {machine()}")
    if args.json:
        args.json.write_text(json.dumps({"machine": machine(), "steps": rows}, indent=2))


if __name__ == "__main__":
    main()
