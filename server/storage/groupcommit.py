"""Group commit: changes wait in a batch; one writer appends and fsyncs each batch in a thread.

A change's waiter resumes only after its batch is on disk. Changes that arrive while a batch
is being written form the next batch, so a burst costs a few fsyncs, not one per change. When
a write fails, every waiter of that batch (and of the one forming) gets the error and no
further change is taken: memory is ahead of the disk, and nothing may be acknowledged.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field

from dialoogtafel.server.domain import Session
from dialoogtafel.server.storage.errors import JournalFailed, StorageError
from dialoogtafel.server.storage.journal import JournalFile

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class CommitStats:
    """How much the journal wrote: batches (one write and one fsync each), records, bytes."""

    batches: int = 0
    records: int = 0
    bytes: int = 0


@dataclass(eq=False, slots=True)
class _Batch:
    done: asyncio.Future[None]
    first_seq: int
    last: Session
    lines: list[bytes] = field(default_factory=list)


class Durable(asyncio.Future[None]):
    """A batch's future: done once its changes are on disk. Every change of the batch waits
    for it, so one waiter's cancellation must not cancel it: that waiter is cancelled when the
    batch is written (Task.cancel then marks the task, which raises CancelledError once this
    is done). Awaited as it is, with no asyncio.shield: each change waits one step less."""

    def cancel(self, msg: object = None) -> bool:
        """Refuse: the batch's other changes still wait for it."""
        return False


def _failed(fut: asyncio.Future[None], err: Exception) -> None:
    if not fut.done():
        fut.set_exception(err)
        fut.exception()  # retrieved: a failed batch nobody awaits any more must not warn at exit


class GroupCommit:
    """The one writer of a journal: submit() lines in seq order, await their durability."""

    def __init__(self, journal: JournalFile, durable: Session) -> None:
        """Start from the session the journal already holds durably."""
        self.journal = journal
        self.durable = durable  # the latest session whose change is on disk
        self.head = durable  # the latest session handed in, maybe not yet on disk
        self.durable_moved = asyncio.Event()
        self.stats = CommitStats()
        self._open: _Batch | None = None
        self._writing: _Batch | None = None
        self._failure: JournalFailed | None = None
        self._closing = False
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    @property
    def failure(self) -> JournalFailed | None:
        """The write error that stopped this journal, if one did."""
        return self._failure

    def submit(self, line: bytes, session: Session) -> asyncio.Future[None]:
        """Queue one journal line and the session it leads to; the future ends when on disk."""
        if self._failure is not None:
            raise JournalFailed(f"{self.journal.path} takes no more changes: {self._failure}")
        if self._closing:
            raise StorageError(f"session {session.code} is closed")
        if session.seq != self.head.seq + 1:
            raise ValueError(f"change seq {session.seq} does not follow {self.head.seq}")
        batch = self._open
        if batch is None:
            fut = Durable(loop=asyncio.get_running_loop())
            batch = self._open = _Batch(fut, session.seq, session)
        batch.lines.append(line)
        batch.last = session
        self.head = session
        self._wake.set()
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name=f"journal {session.code}")
        return batch.done

    def waiting_for(self, seq: int) -> asyncio.Future[None] | None:
        """The batch future that makes `seq` durable, or None when it already is."""
        if seq <= self.durable.seq:
            return None
        if self._failure is not None:
            raise self._failure
        for batch in (self._writing, self._open):
            if batch is not None and batch.first_seq <= seq <= batch.last.seq:
                return batch.done
        raise ValueError(f"seq {seq} was never submitted")

    async def close(self) -> None:
        """Write what is queued, then stop the writer."""
        self._closing = True
        self._wake.set()
        if self._task is not None:
            await self._task

    async def _run(self) -> None:
        try:
            while True:
                batch = self._open
                if batch is None:
                    if self._closing:
                        return
                    await self._wake.wait()
                    self._wake.clear()
                    continue
                self._open, self._writing = None, batch
                data = b"".join(batch.lines)
                try:
                    await asyncio.to_thread(self.journal.append, data)
                except Exception as err:  # noqa: BLE001 - any failed write: refuse all, never ack
                    self._fail(err, batch)
                    return
                self._writing = None
                self.durable = batch.last
                self.stats = CommitStats(
                    self.stats.batches + 1,
                    self.stats.records + len(batch.lines),
                    self.stats.bytes + len(data),
                )
                batch.done.set_result(None)
                self.durable_moved.set()
        finally:
            self._abandon()

    def _fail(self, err: Exception, batch: _Batch) -> None:
        why = err.strerror if isinstance(err, OSError) and err.strerror else repr(err)
        log.error(
            "journal write failed file=%s seq=%d: %s", self.journal.path, batch.first_seq, why
        )
        self._failure = JournalFailed(f"could not write {self.journal.path}: {why}")
        self._failure.__cause__ = err
        for pending in (batch, self._open):
            if pending is not None:
                _failed(pending.done, self._failure)
        self._open = self._writing = None

    def _abandon(self) -> None:
        """Waiters of a writer that stopped (cancelled with its loop) never hang."""
        for pending in (self._writing, self._open):
            if pending is not None:
                _failed(pending.done, StorageError("the journal writer stopped"))
        self._open = self._writing = None
