"""Crash safety for real: SIGKILL a process committing answers, then check every ack is stored."""

from __future__ import annotations

import os
import random
from pathlib import Path

from tests.storage.crash_trial import run_trial

TRIALS = int(os.environ.get("CRASH_TRIALS", "24"))


def test_no_acknowledged_answer_is_lost_when_the_writer_is_killed(tmp_path: Path) -> None:
    """Killed at random points (mid-append, mid-fold, power cut), every ack is in the session."""
    seed = int(os.environ.get("CRASH_SEED", random.randrange(1 << 30)))
    rng = random.Random(seed)
    acks = 0
    for n in range(TRIALS):
        trial = run_trial(
            tmp_path / f"t{n}",
            kill_after=rng.choice([0, 1, rng.randint(2, 50), rng.randint(50, 400)]),
            writers=rng.randint(4, 32),
            fold_interval=rng.choice([0.0, 0.002, 0.02]),
            seed=n,
            power_cut=n % 2 == 1,
            slow_sync_ms=rng.choice([0.0, 0.0, 1.0, 5.0]),
        )
        assert not trial.lost, f"trial {n} (CRASH_SEED={seed}) lost acked answers {trial.lost}"
        acks += len(trial.acked)
    assert acks >= TRIALS * 20, "too few acks to mean anything"
