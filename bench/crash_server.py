"""Crash trials of the whole server: phones answer, `dialoog serve` is SIGKILLed and resumed.

    .venv/bin/python bench/crash_server.py [--trials 100] [--phones 20] [--seed N]

Each trial seats fresh protocol phones (each with its own outbox of unacked answers, as the
phone page keeps one) in one session that lives through every trial, SIGKILLs the server by
pid once the phones got a random number of acks (0, 1, a few, or up to 300), restarts it
with --resume CODE on the same port and data, lets the phones reconnect and resend their
outboxes, and checks the leader's complete view: every acked answer there with its text,
no id or text twice. At the end the stored session is read from disk and checked again.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository, for tests.*

from tests.reliability.crash_trial import run_trials
from tests.reliability.machine import machine_line


def main() -> None:
    """Run the trials and print the figures."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--trials", type=int, default=100, help="trials (default: %(default)s)")
    p.add_argument("--phones", type=int, default=20, help="phones a trial (default: %(default)s)")
    p.add_argument("--seed", type=int, default=None, help="random seed (default: a fresh one)")
    p.add_argument("--keep", type=Path, default=None, help="keep data and log in this folder")
    args = p.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    print(machine_line())
    print(f"seed {seed}; {args.phones} phones a trial, each answering about 3 times a second")
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        run = asyncio.run(run_trials(folder, args.trials, args.phones, seed, report=True))
    print(run.summary())
    for t in run.trials:
        if t.lost or t.earlier_lost or t.dup_ids or t.dup_texts or t.stored_unacked or t.refused:
            print(f"  trial {t.n}: {t}")
    print("result:", "every acknowledged answer kept, none twice" if run.ok else "FAILED")
    sys.exit(0 if run.ok else 1)


if __name__ == "__main__":
    main()
