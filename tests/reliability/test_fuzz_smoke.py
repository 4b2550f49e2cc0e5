"""A short fuzz: hostile frames from several connections; the server and good clients shrug."""

from __future__ import annotations

import os
import random
from pathlib import Path

from tests.reliability.fuzz_run import run_fuzz

FRAMES = int(os.environ.get("FUZZ_FRAMES", "500"))


async def test_hostile_frames_break_nothing(tmp_path: Path) -> None:
    """Every frame gets its right error, no crash or traceback, good clients and data intact."""
    seed = int(os.environ.get("FUZZ_SEED", random.randrange(1 << 30)))
    run = await run_fuzz(tmp_path, FRAMES, seed=seed, rate=150.0)
    assert not run.problems, f"FUZZ_SEED={seed}\n{run.summary()}\n" + "\n".join(run.problems[:20])
    assert run.tally.frames >= FRAMES and run.good_acks >= 4, run.summary()
    assert "Traceback" not in (tmp_path / "serve.log").read_text()
