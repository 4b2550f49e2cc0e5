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
    assert run.acked and not run.lost and not run.highlight_wrong, run.summary()


async def test_a_room_of_devices_coming_back_loses_no_acked_answer(tmp_path: Path) -> None:
    """The same devices leave and return again and again; every acked answer is kept."""
    plan = Plan(pool=8, stay=1.5, population=10, away=0.5, every=(0.2, 0.6))
    run = await run_soak(tmp_path, 0.1, plan, every=1.0, seed=2)
    assert run.visits > 10 and len(run.acked) >= 10, run.summary()
    assert not run.lost and not run.highlight_wrong and not run.refused, run.summary()
