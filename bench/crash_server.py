"""Crash trials of the whole server: phones answer, `dialoog serve` is SIGKILLed and resumed.

    .venv/bin/python bench/crash_server.py [--trials 100] [--phones 20] [--seed N]

Each trial seats fresh protocol phones (each with its own outbox of unacked changes, as the
phone page keeps one) in one session that lives through every trial; the phones answer and
make every other kind of change a phone can, a leader steers with every kind of control
(tests/reliability/changes.py; --answers-only: phones that only answer, no leader). The server
is SIGKILLed by pid once the phones got a random number of acks (0, 1, a few, or up to 300),
restarted with --resume CODE on the same port and data, the clients reconnect and resend, and
the leader's complete view is checked: every acked answer there with its last acked text, no
id or text twice. At the end the leader ends the session, and the stored session read from
disk must hold every acked change of every kind with the seq its ack gave.
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
    p.add_argument("--answers-only", action="store_true", help="phones only answer; no leader")
    args = p.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    print(machine_line())
    print(f"seed {seed}; {args.phones} phones a trial, each answering about 3 times a second")
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        run = asyncio.run(
            run_trials(
                folder,
                args.trials,
                args.phones,
                seed,
                report=True,
                every_kind=not args.answers_only,
            )
        )
    print(run.summary())
    for t in run.trials:
        if t.lost or t.earlier_lost or t.dup_ids or t.dup_texts or t.stored_unacked or t.refused:
            print(f"  trial {t.n}: {t}")
    print("result:", "every acknowledged change kept, none twice" if run.ok else "FAILED")
    sys.exit(0 if run.ok else 1)


if __name__ == "__main__":
    main()
