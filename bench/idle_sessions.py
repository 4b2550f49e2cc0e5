"""One session under load on a hosted server, alone and beside N idle sessions with their clients.

The same load (bench/load.py: 300 phones, 50 answers/s) against `dialoog serve --hosted`, once with
the measured session alone and once with `--idle-sessions` other sessions (each a leader and
`--idle-phones` phones, connected, seated, reading), alternating over `--rounds`; the figures are
medians over the rounds. Prints p50/p95/p99 of send -> shown everywhere and of send -> ack, CPU per
answer and RSS side by side, their ratios, and the load average.

    .venv/bin/python bench/idle_sessions.py [--idle-sessions 20] [--idle-phones 15] [--rounds 1]
        [--phones 300] [--rate 50] [--seconds 30] [--json FILE] [--smoke]
"""

from __future__ import annotations

import subprocess
from functools import partial

from load import Config, config, parser
from loadfigures import fmt
from side_by_side import alternate


def main() -> None:
    p = parser()
    p.set_defaults(idle_sessions=20)
    p.add_argument("--rounds", type=int, default=1, help="alternate the two runs N times")
    args = p.parse_args()
    n = args.idle_sessions

    def hosted(idle: int) -> Config:
        cfg = config(args, "hosted")
        cfg.idle_sessions = idle
        return cfg

    loads = {"alone": partial(hosted, 0), f"beside {n} idle": partial(hosted, n)}
    measured = alternate(args.rounds, loads)
    before, after, rows = measured.before, measured.after, measured.rows
    print(
        f"one session under load ({args.phones} phones, {args.rate:g} answers/s, "
        f"{args.seconds:g} s) on `dialoog serve --hosted`, {args.rounds} round(s), medians"
    )
    print(
        f"{'':22} {'everywhere p50/p95/p99 ms':27} {'ack p50/p95/p99 ms':22} "
        f"{'CPU ms/answer':>14} {'RSS MB':>8} {'counts ok':>10}"
    )
    for name, r in rows.items():
        ok = r["acked"] == r["sent"] == r["leader_got"] == r["mates_complete"] and r["alive"]
        print(
            f"{name:22} {fmt(r['everywhere_ms']):27} {fmt(r['ack_ms']):22} "
            f"{r['server_cpu_ms_per_answer']:>14.3f} {r['rss_end_mb']:>8.1f} {ok!s:>10}"
        )
    alone, beside = rows["alone"], rows[f"beside {n} idle"]
    for label, key in (("p95 everywhere", "everywhere_ms"), ("p95 ack", "ack_ms")):
        x, y = beside[key]["p95"], alone[key]["p95"]
        print(f"ratio beside / alone, {label}: {x / y:.2f}x")
    x, y = beside["server_cpu_ms_per_answer"], alone["server_cpu_ms_per_answer"]
    print(f"ratio beside / alone, CPU per answer: {x / y:.2f}x")
    uptime = subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout
    print(f"load average before {before['load']}, after {after['load']}; uptime: {uptime.strip()}")
    measured.save(args.json)


if __name__ == "__main__":
    main()
