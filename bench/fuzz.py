"""Fuzz a live server with hostile frames while two phones and a leader keep working.

    .venv/bin/python bench/fuzz.py [--frames 10000] [--rate 1000] [--workers 3] [--seed N]

Frames (tests/reliability/fuzz_frames.py): every field of every message and control action
of the wrong type, missing, too long or out of range; hostile text (markup, ANSI, bidi,
zero-width, lone surrogates, 1,001 characters); unknown types; not an object; not JSON; arrays
nested thousands deep; numbers over 4,300 digits; invalid UTF-8 in text frames; binary
frames; frames of exactly 16 KiB and just past it; a bad first frame, a repeated hello,
floods of frames and of connections. Each frame says which error codes are right for it.
Afterwards the server must stop cleanly, its log hold no traceback, the good clients have
every ack and broadcast, and the stored session hold nothing the server did not accept.
Every finding is printed; each one so far is a test in tests/server/test_fuzz_regressions.py.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository, for tests.*

from tests.reliability.fuzz_run import run_fuzz
from tests.reliability.machine import machine_line


def main() -> None:
    """Run the fuzz and print the figures and the findings."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument(
        "--frames", type=int, default=10_000, help="hostile frames (default: %(default)s)"
    )
    p.add_argument(
        "--rate", type=float, default=1000.0, help="frames a second (default: %(default)s)"
    )
    p.add_argument("--workers", type=int, default=3, help="fuzz connections at a time (default: 3)")
    p.add_argument("--seed", type=int, default=None, help="random seed (default: a fresh one)")
    p.add_argument("--keep", type=Path, default=None, help="keep data and log in this folder")
    args = p.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    print(machine_line())
    print(
        f"seed {seed}; {args.workers} fuzz connections at a time, at most {args.rate:.0f} frames/s"
    )
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        run = asyncio.run(run_fuzz(folder, args.frames, seed, args.workers, args.rate))
    print(run.summary())
    kinds = Counter(problem.split(" after ")[0][:90] for problem in run.problems)
    for kind, count in kinds.most_common():
        print(f"  {count:5d} x {kind}")
    for problem in run.problems[:30]:
        print(f"  - {problem[:300]}")
    sys.exit(1 if run.problems else 0)


if __name__ == "__main__":
    main()
