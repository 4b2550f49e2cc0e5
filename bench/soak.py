"""Soak: phones joining and leaving all the time, answering, a leader steering; /proc sampled.

    .venv/bin/python bench/soak.py [--minutes 30] [--pool 30] [--every 5] [--seed N]
    .venv/bin/python bench/soak.py --minutes 60 --room 360 --pool 300 --stay 60 --away 20 \
        --answer-every 60 240                   # the hour: 300 phones of a room of 360 devices

Up to --pool phones at a time, each visit seated at one of 8 tables, answering every 1-4 s,
staying up to 8 s and leaving with a close handshake or by vanishing (a locked phone); some
devices come back. The server (`dialoog serve`, its own process) is sampled every --every
seconds: RSS, open file descriptors (/proc/PID/fd) and threads. Printed: the memory slope
after warm-up (the session grows with every stored answer, so it is also given per answer),
and whether the descriptors return to the baseline once every client has left. At the end
the leader's complete view must hold every answer a phone saw acked, with its text, and every
highlight the leader saw acked as the last one left it.

With --room N the phones are N devices that come back again and again (at most --pool of them
at a time, each away up to --away seconds between visits), mostly at their own table: people
in a room whose phones lock, leave the Wi-Fi and return.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository, for tests.*

from tests.reliability.machine import machine_line
from tests.reliability.soak_run import Plan, run_soak


def main() -> None:
    """Run the soak and print the figures."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--minutes", type=float, default=30.0, help="how long (default: %(default)s)")
    p.add_argument("--pool", type=int, default=30, help="phones at a time (default: %(default)s)")
    p.add_argument("--every", type=float, default=5.0, help="seconds between samples (default: 5)")
    p.add_argument("--seed", type=int, default=None, help="random seed (default: a fresh one)")
    p.add_argument("--stay", type=float, default=8.0, help="longest visit, seconds (default: 8)")
    p.add_argument(
        "--quiet",
        action="store_true",
        help="fixed devices that never answer: only connections churn, nothing is stored",
    )
    p.add_argument("--room", type=int, default=0, help="devices that keep coming back (0: fresh)")
    p.add_argument("--away", type=float, default=10.0, help="longest pause between visits, s")
    p.add_argument(
        "--answer-every",
        type=float,
        nargs=2,
        default=(1.0, 4.0),
        metavar=("MIN", "MAX"),
        help="seconds between a phone's answers, drawn per visit (default: 1 4)",
    )
    p.add_argument("--samples", action="store_true", help="print every sample")
    args = p.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    print(machine_line())
    print(f"load average before: {os.getloadavg()}")
    what = "connecting only (--quiet)" if args.quiet else "answering"
    print(f"seed {seed}; up to {args.pool} phones at a time, {what}, for {args.minutes} min")
    with tempfile.TemporaryDirectory() as tmp:
        plan = Plan(
            args.pool, args.stay, args.quiet, args.room, args.away, tuple(args.answer_every)
        )
        run = asyncio.run(run_soak(Path(tmp), args.minutes, plan, args.every, seed))
    print(run.summary())
    print(f"load average after: {os.getloadavg()}")
    if args.samples:
        t0 = run.samples[0].at
        for s in run.samples:
            print(
                f"  {s.at - t0:7.1f} s  rss {s.rss_kb:7d} KB  fds {s.fds:4d}  threads {s.threads}"
            )
    assert run.baseline is not None and run.after is not None
    leaked = run.after.fds - run.baseline.fds
    ok = leaked <= 2 and not run.traceback and not run.refused and not run.lost
    ok = ok and not run.highlight_wrong
    print("result:", "fds back to baseline, nothing lost, no traceback" if ok else "FAILED")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
