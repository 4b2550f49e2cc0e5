"""Our server beside the limit of its stack: the same load against ours, bare durable, bare no-disk.

One run each, one after another, with identical settings and the same generator (bench/load.py);
with `--rounds N` the three alternate N times and the figures pool the rounds (the median of each
figure), which evens out a machine shared with other work. Prints p50/p95/p99 of ack and fan-out
latency, CPU per answer and RSS per server, the ratios ours / bare durable for p95 latency and
CPU per answer (target at most 2x, stretch 1.25x), and the machine.

    .venv/bin/python bench/side_by_side.py [--phones 300] [--rate 50] [--seconds 30] [--rounds 1]
        [--json FILE] [--smoke]
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from load import SERVERS, Config, config, parser, run_load
from loadfigures import fmt, machine, report

TARGET, STRETCH = 2.0, 1.25


def pooled(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """One server's runs as one row: the median of each figure over the rounds."""
    row = dict(runs[-1])
    for key in ("ack_ms", "table_ms", "leader_ms", "everywhere_ms"):
        row[key] = {
            p: statistics.median(r[key][p] for r in runs if r[key][p] is not None)
            for p in ("p50", "p95", "p99")
        }
    medians = ("server_cpu_ms_per_answer", "rss_connected_mb", "rss_end_mb", "kb_per_connection")
    for key in (*medians, "worker_cpu_ms_per_answer"):
        row[key] = statistics.median(r[key] for r in runs)
    for key in ("sent", "acked", "leader_got", "mates_complete"):
        row[key] = sum(r[key] for r in runs)
    row["alive"] = all(r["alive"] for r in runs)
    return row


@dataclass
class Rounds:
    """Loads run in turn: the machine before and after, each load's runs and its pooled row."""

    before: dict[str, Any]
    after: dict[str, Any]
    runs: dict[str, list[dict[str, Any]]]
    rows: dict[str, dict[str, Any]]

    def save(self, path: Path | None) -> None:
        """Write it all as JSON, when asked for (--json FILE)."""
        if path:
            machines = {"before": self.before, "after": self.after}
            data = {"machine": machines, "rows": self.rows, "runs": self.runs}
            path.write_text(json.dumps(data, indent=2))


def alternate(rounds: int, loads: dict[str, Callable[[], Config]]) -> Rounds:
    """Run each named load in turn, `rounds` times over, reporting each run; pool the rounds."""
    before = machine()
    print(f"machine: {before}")
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in loads}
    for n in range(rounds):
        for name, load in loads.items():
            res = run_load(load())
            print(f"-- round {n + 1}/{rounds}: {name}")
            report(res)
            runs[name].append(res)
    rows = {name: pooled(r) for name, r in runs.items()}
    after = machine()
    print()
    return Rounds(before, after, runs, rows)


def verdict(ratio: float) -> str:
    """How a ratio stands against the target and the stretch."""
    if ratio <= STRETCH:
        return "meets the stretch"
    return "meets the target" if ratio <= TARGET else "MISSES the target"


def table(rows: dict[str, dict[str, Any]]) -> None:
    """The side-by-side table and the ratios."""
    head = f"{'server':14} {'ack p50/p95/p99 ms':22} {'fan-out p50/p95/p99 ms':24} "
    print(head + f"{'CPU ms/answer':>14} {'RSS MB':>8} {'counts ok':>10}")
    for name, r in rows.items():
        ok = r["acked"] == r["sent"] == r["leader_got"] == r["mates_complete"] and r["alive"]
        print(
            f"{name:14} {fmt(r['ack_ms']):22} {fmt(r['everywhere_ms']):24} "
            f"{r['server_cpu_ms_per_answer']:>14.3f} {r['rss_end_mb']:>8.1f} {ok!s:>10}"
        )
    ours, bare = rows["ours"], rows["bare"]
    print("ratios ours / bare durable (target <= 2x, stretch <= 1.25x):")
    pairs = (
        ("p95 fan-out, ms", ours["everywhere_ms"]["p95"], bare["everywhere_ms"]["p95"]),
        ("p95 ack, ms", ours["ack_ms"]["p95"], bare["ack_ms"]["p95"]),
        ("CPU per answer, ms", ours["server_cpu_ms_per_answer"], bare["server_cpu_ms_per_answer"]),
    )
    for label, x, y in pairs:
        ratio = x / y if y else float("inf")
        print(f"  {label:20} {x:8.3f} / {y:8.3f} = {ratio:5.2f}x  {verdict(ratio)} (medians)")
    off = rows.get("ours-no-rode-draad")
    if off is not None:
        print("ratios ours / ours without the rode draad's worker (--no-rode-draad):")
        cpu = "server_cpu_ms_per_answer"
        for label, x, y in (
            ("p95 fan-out, ms", ours["everywhere_ms"]["p95"], off["everywhere_ms"]["p95"]),
            ("p95 ack, ms", ours["ack_ms"]["p95"], off["ack_ms"]["p95"]),
            ("CPU per answer, ms", ours[cpu], off[cpu]),
        ):
            print(f"  {label:20} {x:8.3f} / {y:8.3f} = {x / y if y else float('inf'):5.2f}x")
        worker = ours.get("worker_cpu_ms_per_answer", 0)
        print(f"  the worker process: {worker:.3f} ms CPU per answer")


def per_round(runs: dict[str, list[dict[str, Any]]]) -> None:
    """Each round's ratios (ours and bare ran back to back), and the best round's."""
    figures = (
        ("p95 fan-out", lambda r: r["everywhere_ms"]["p95"]),
        ("p95 ack", lambda r: r["ack_ms"]["p95"]),
        ("CPU per answer", lambda r: r["server_cpu_ms_per_answer"]),
    )
    print("ratios ours / bare durable, round by round:")
    for label, value in figures:
        ratios = [value(o) / value(b) for o, b in zip(runs["ours"], runs["bare"], strict=True)]
        each = ", ".join(f"{x:.2f}x" for x in ratios)
        best = min(ratios)
        print(f"  {label:20} {each}; best round {best:.2f}x  {verdict(best)}")


def main() -> None:
    p = parser()
    p.add_argument("--rounds", type=int, default=1, help="alternate the three servers N times")
    p.add_argument(
        "--rode-draad-off",
        action="store_true",
        help="also run ours with --no-rode-draad (no placement worker): the worker's cost",
    )
    args = p.parse_args()
    names = (*SERVERS, "ours-no-rode-draad") if args.rode_draad_off else SERVERS
    measured = alternate(args.rounds, {name: partial(config, args, name) for name in names})
    before, after, rows = measured.before, measured.after, measured.rows
    print(
        f"side by side: {args.phones} phones, {args.rate:g} answers/s, {args.seconds:g} s, "
        f"{args.rounds} round(s), medians over rounds"
    )
    table(rows)
    per_round(measured.runs)
    print(
        f"machine: {after['cores']} cores, Python {after['python']}, websockets "
        f"{after['websockets']}, tinydb {after['tinydb']}; load average before "
        f"{before['load']}, after {after['load']}"
    )
    measured.save(args.json)


if __name__ == "__main__":
    main()
