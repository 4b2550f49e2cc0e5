"""The load run's figures: the generators' records merged into counts and percentiles, printed.

bench/load.py runs the load and gathers the records; this module turns them into the figures
(`summarize`) and prints them (`report`), for load.py and for side_by_side.py, scale.py,
idle_sessions.py and poll_burst.py, which print the same figures.
"""

from __future__ import annotations

import math
import os
import platform
from importlib.metadata import version
from typing import Any

from loadgen import GenResult


def percentiles(values: list[float]) -> dict[str, float | None]:
    """p50/p95/p99 in milliseconds (nearest rank), None when there are no values."""
    if not values:
        return {"p50": None, "p95": None, "p99": None}
    s = sorted(values)
    rank = {p: s[min(len(s) - 1, max(0, math.ceil(p / 100 * len(s)) - 1))] for p in (50, 95, 99)}
    return {f"p{p}": round(v * 1000, 2) for p, v in rank.items()}


def summarize(
    results: list[GenResult],
    wall: float,
    server_cpu: float,
    gen_cpu: float,
    alive: bool,
) -> dict[str, Any]:
    """Merge the generators' records into counts and percentiles."""
    sent: dict[str, float] = {}
    acked: dict[str, float] = {}
    mates: dict[str, tuple[float, int]] = {}
    expected: dict[str, int] = {}
    leader: dict[str, float] = {}
    errors: dict[str, int] = {}
    late: list[float] = []
    for r in results:
        sent |= r.sent
        acked |= r.acked
        mates |= {k: tuple(v) for k, v in r.mates.items()}  # type: ignore[misc]
        expected |= r.expected_mates
        leader |= r.leader
        late += r.late
        for code, n in r.errors.items():
            errors[code] = errors.get(code, 0) + n
    ack_lat, leader_lat, mate_lat, all_lat = [], [], [], []
    complete = 0
    for cid, t in sent.items():
        if cid in acked:
            ack_lat.append(acked[cid] - t)
        if cid in leader:
            leader_lat.append(leader[cid] - t)
        last, n = mates.get(cid, (t, 0))
        if n >= expected[cid]:
            complete += 1
            mate_lat.append(last - t)
            if cid in leader:
                all_lat.append(max(last, leader[cid]) - t)
    n_sent = len(sent)
    return {
        "sent": n_sent,
        "acked": len(acked),
        "leader_got": sum(1 for cid in sent if cid in leader),
        "mates_complete": complete,
        "deliveries_expected": sum(expected.values()),
        "deliveries": sum(min(mates.get(c, (0, 0))[1], expected[c]) for c in sent),
        "errors": errors,
        "alive": alive,
        "ack_ms": percentiles(ack_lat),
        "leader_ms": percentiles(leader_lat),
        "table_ms": percentiles(mate_lat),
        "everywhere_ms": percentiles(all_lat),
        "late_ms": percentiles(late),
        "wall_s": round(wall, 2),
        "server_cpu_s": round(server_cpu, 3),
        "server_cpu_ms_per_answer": round(server_cpu * 1000 / max(1, n_sent), 3),
        "server_cpu_share": round(server_cpu / wall, 3),
        "generator_cpu_s": round(gen_cpu, 3),
        "generator_share_of_cores": round(gen_cpu / wall / (os.cpu_count() or 1), 3),
    }


def machine() -> dict[str, Any]:
    """The machine and library versions, for every report."""
    return {
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "websockets": version("websockets"),
        "tinydb": version("tinydb"),
        "platform": platform.platform(),
        "load": [round(x, 2) for x in os.getloadavg()],
    }


def fmt(p: dict[str, float | None]) -> str:
    """p50/p95/p99 as one cell."""
    return "/".join("-" if v is None else f"{v:.1f}" for v in (p["p50"], p["p95"], p["p99"]))


def report(res: dict[str, Any]) -> None:
    """Print one run's figures with their units."""
    print(
        f"{res['server']}: {res['phones']} phones at {res['tables']} tables + 1 leader, "
        f"{res['rate']:g} answers/s for {res['seconds']:g} s, {res['generators']} generators"
    )
    if res.get("idle_sessions"):
        print(f"  beside it: {res['idle_sessions']} idle sessions, {res['idle_clients']} clients")
    print(
        f"  counts: sent {res['sent']}, acked {res['acked']}, leader got {res['leader_got']}, "
        f"every table-mate got {res['mates_complete']} "
        f"({res['deliveries']}/{res['deliveries_expected']} deliveries), errors {res['errors']}, "
        f"server alive after: {res['alive']}"
    )
    print("  latency p50/p95/p99 (ms):")
    for key, label in (
        ("ack_ms", "send -> ack"),
        ("leader_ms", "send -> leader"),
        ("table_ms", "send -> last table-mate"),
        ("everywhere_ms", "send -> leader and whole table"),
        ("late_ms", "generator behind schedule"),
    ):
        print(f"    {label:32} {fmt(res[key])}")
    print(
        f"  server CPU: {res['server_cpu_s']:.2f} s in {res['wall_s']:.1f} s "
        f"({res['server_cpu_share'] * 100:.0f} % of a core), "
        f"{res['server_cpu_ms_per_answer']:.3f} ms per answer "
        f"(of which {res['server_sys_ms_per_answer']:.3f} ms in the kernel); its worker "
        f"processes {res.get('worker_cpu_ms_per_answer', 0):.3f} ms per answer"
    )
    print(
        f"  server RSS: {res['rss_idle_mb']} MB idle, {res['rss_connected_mb']} MB connected "
        f"({res['kb_per_connection']} KB per connection), {res['rss_end_mb']} MB at the end"
    )
    print(
        f"  generators: {res['generator_cpu_s']:.2f} CPU s "
        f"({res['generator_share_of_cores'] * 100:.0f} % of all cores); "
        f"connecting took {res['connect_seconds']} s; "
        f"load average before {res['load_before']}, after {res['load_after']}"
    )
