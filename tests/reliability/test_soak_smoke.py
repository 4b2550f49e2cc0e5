"""A short soak: phones come and go; once all have left the server holds no more descriptors."""

from __future__ import annotations

from pathlib import Path

from tests.reliability.soak_run import Plan, run_soak

MARGIN = 2  # descriptors: a connection the kernel has not quite let go of yet


async def test_descriptors_return_to_baseline_after_every_phone_left(tmp_path: Path) -> None:
    """Phones joining, answering and leaving (cleanly or vanishing); fds back near baseline."""
    run = await run_soak(tmp_path, 0.1, Plan(pool=10, stay=2.0), every=1.0, seed=1)
    assert run.baseline is not None and run.after is not None
    assert run.visits >= 10 and run.answers >= 5, run.summary()
    assert max(s.fds for s in run.samples) > run.baseline.fds, "phones were connected"
    assert run.after.fds <= run.baseline.fds + MARGIN, run.summary()
    assert not run.refused and not run.traceback, run.summary()
