"""The baseline bench/storage_commit.py compares the store with: a bare fsync'd append.

Group commit of raw lines and nothing else (no domain, no journal format, no database fold): one
writer, write + fsync per batch in a thread. What the store adds is measured against this.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from dialoogtafel.server.storage.files import sync_file, write_all


class BareAppend:
    """The limit of the stack: group commit of raw lines, write + fsync per batch, nothing else."""

    def __init__(self, path: Path) -> None:
        self.fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        self.pending: list[bytes] = []
        self.done: asyncio.Future[None] | None = None
        self.wake = asyncio.Event()
        self.task: asyncio.Task[None] | None = None
        self.batches = 0

    async def append(self, line: bytes) -> None:
        if self.done is None:
            self.done = asyncio.get_running_loop().create_future()
        self.pending.append(line)
        done = self.done
        self.wake.set()
        if self.task is None:
            self.task = asyncio.create_task(self._run())
        await done

    def _write(self, data: bytes) -> None:
        write_all(self.fd, data)
        sync_file(self.fd)

    async def _run(self) -> None:
        while True:
            if not self.pending:
                await self.wake.wait()
                self.wake.clear()
                continue
            lines, done = self.pending, self.done
            self.pending, self.done = [], None
            await asyncio.to_thread(self._write, b"".join(lines))
            self.batches += 1
            assert done is not None
            done.set_result(None)

    def close(self) -> None:
        if self.task is not None:
            self.task.cancel()
        os.close(self.fd)
