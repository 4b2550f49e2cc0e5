"""A placement job that never ends by itself, for the pool's close test (run in a worker)."""

from __future__ import annotations

import contextlib
import os
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
    """Say it started (into the FIFO), then run far longer than any test waits."""
    Path(job["started"]).write_text("started")
    signal.pause()  # runs until a signal ends the process: the job a close must abandon
    return job


async def main(started: str) -> None:
    """A server's life in short: a job runs in the worker, then the server closes."""
    import asyncio

    from dialoogtafel.server.placement import PlacementPool

    # the worker says it started through a FIFO, opened here first without blocking: its
    # bytes wake the loop, so the close comes once the job runs (60 s at most), with no polling
    os.mkfifo(started)
    fd = os.open(started, os.O_RDONLY | os.O_NONBLOCK)
    said = asyncio.Event()

    def readable() -> None:
        with contextlib.suppress(BlockingIOError):
            if os.read(fd, 64):
                said.set()

    loop = asyncio.get_running_loop()
    loop.add_reader(fd, readable)
    pool = PlacementPool(forever, noinit)
    job = asyncio.create_task(pool({"started": started}))
    try:
        async with asyncio.timeout(60):
            await said.wait()
    finally:
        loop.remove_reader(fd)
        os.close(fd)
    pool.close()
    job.cancel()
    sys.stdout.write("closed\n")


if __name__ == "__main__":
    import asyncio

    asyncio.run(main(sys.argv[1]))
