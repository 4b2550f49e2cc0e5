"""Crash trials: SIGKILL a process committing answers, reopen, count acknowledged answers lost.

    .venv/bin/python bench/crash_storage.py [--trials 1000] [--variant store|jsonstorage|both]

"store" is the session store, exactly as in tests/storage/test_crash.py (random ack counts,
writer counts and fold intervals; every second trial also throws away the journal bytes no
fsync covered, as a power cut would). "jsonstorage" is the comparison: TinyDB's own
JSONStorage, one insert per answer and no journal, acknowledged when insert() returns.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository, for tests.*

from tests.storage.crash_trial import kill_child, run_trial

SLOW_SYNC_MS = [0.0, 0.0, 1.0, 5.0]


def tinydb_child(path: Path, seed: int) -> None:
    """The comparison writer: JSONStorage, insert per answer, ack after each insert."""
    from tinydb import TinyDB

    rng = random.Random(seed)
    db = TinyDB(path)
    print("ready", flush=True)
    deadline = time.monotonic() + 60
    for i in range(100_000):
        if time.monotonic() > deadline:
            break
        answer_id = f"w{i % 16}-{i // 16}"
        db.insert({"id": answer_id, "text": f"answer {answer_id} " + "x" * rng.randint(0, 800)})
        print(f"ack {answer_id}", flush=True)


def tinydb_lost(path: Path, acked: list[str]) -> tuple[list[str], str]:
    """Acked ids missing from the file, and how it read ("ok" or why not)."""
    try:
        data = json.loads(path.read_bytes() or b"{}")
        stored = {doc["id"] for doc in data.get("_default", {}).values()}
    except (ValueError, KeyError, TypeError) as err:
        return acked, f"unreadable ({err.__class__.__name__})"
    return [a for a in acked if a not in stored], "ok"


def run(variant: str, trials: int, seed: int) -> None:
    rng = random.Random(seed)
    acks = lost = lossy = torn = mid_fold = in_flight = cut = unreadable = 0
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(trials):
            kill_after = rng.choice([0, 1, rng.randint(2, 50), rng.randint(50, 400)])
            trial_dir = Path(tmp) / f"t{n}"
            if variant == "store":
                t = run_trial(
                    trial_dir,
                    kill_after=kill_after,
                    writers=rng.randint(4, 32),
                    fold_interval=rng.choice([0.0, 0.002, 0.02]),
                    seed=n,
                    power_cut=n % 2 == 1,
                    slow_sync_ms=rng.choice(SLOW_SYNC_MS),
                )
                acked, missing = t.acked, t.lost
                torn += t.torn_tail
                mid_fold += t.mid_fold
                in_flight += t.in_flight
                cut += t.cut_bytes > 0
            else:
                trial_dir.mkdir()
                path = trial_dir / "db.json"
                command = [sys.executable, __file__, "--child-tinydb", str(path), str(n)]
                acked = kill_child(command, kill_after, trial_dir / "stderr")
                missing, how = tinydb_lost(path, acked)
                unreadable += how != "ok"
            acks += len(acked)
            lost += len(missing)
            lossy += bool(missing)
            if missing:
                print(f"  trial {n}: lost {len(missing)} of {len(acked)} acked answers")
            if (n + 1) % 100 == 0:
                print(f"  ... {n + 1} trials, {lost} acked answers lost so far", flush=True)
    took = time.monotonic() - started
    print(f"{variant}: {trials} trials in {took:.0f} s, {acks} acknowledged answers")
    print(f"  lost: {lost} acknowledged answers, in {lossy} trials")
    if variant == "store":
        print(
            f"  where the kill landed: {torn} mid-append (torn last line), {mid_fold} mid-fold "
            f"(temp database left), {in_flight} with changes on disk before their ack; "
            f"{cut} of {trials // 2} power-cut trials had unsynced journal bytes to throw away"
        )
    else:
        print(f"  database file unreadable after the kill: {unreadable} trials")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--trials", type=int, default=1000)
    p.add_argument("--variant", choices=["store", "jsonstorage", "both"], default="store")
    p.add_argument("--seed", type=int, default=None)
    p.add_argument("--child-tinydb", nargs=2, metavar=("FILE", "SEED"), help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child_tinydb:
        tinydb_child(Path(args.child_tinydb[0]), int(args.child_tinydb[1]))
        return
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    print(
        f"machine: {os.cpu_count()} cores, {platform.platform()}, Python "
        f"{platform.python_version()}, tinydb {version('tinydb')}; seed {seed}"
    )
    for variant in ("store", "jsonstorage") if args.variant == "both" else (args.variant,):
        run(variant, args.trials, seed)


if __name__ == "__main__":
    main()
