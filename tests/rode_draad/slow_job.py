"""A placement job that never ends by itself, for the pool's close test (run in a worker)."""

from __future__ import annotations

import signal
import sys
from pathlib import Path
from typing import Any


def noinit(server_pid: int) -> None:
    """The worker's start as the product's: it dies with its parent (so even a failing run of
    this test leaves no worker sleeping for an hour)."""
    from dialoogtafel.cli.wiring import PARTS

    assert PARTS.place is not None
    _run, init = PARTS.place
    init(server_pid)


def forever(job: dict[str, Any]) -> dict[str, Any]:
    """Say it started (a file), then run far longer than any test waits."""
    Path(job["started"]).write_text("started")
    signal.pause()  # runs until a signal ends the process: the job a close must abandon
    return job


async def main(started: str) -> None:
    """A server's life in short: a job runs in the worker, then the server closes."""
    import asyncio

    from dialoogtafel.server.placement import PlacementPool

    pool = PlacementPool(forever, noinit)
    job = asyncio.create_task(pool({"started": started}))
    for _ in range(6000):  # until the worker runs the job, 60 s at most
        if await asyncio.to_thread(Path(started).exists):
            break
        await asyncio.sleep(0.01)
    pool.close()
    job.cancel()
    sys.stdout.write("closed\n")


if __name__ == "__main__":
    import asyncio

    asyncio.run(main(sys.argv[1]))
