"""Group commit: bursts share fsyncs, nobody resumes before the fsync, failures fail loudly."""

from __future__ import annotations

import asyncio
import errno
import os

import pytest

from dialoogtafel.server.storage import JournalFailed, SessionStore
from dialoogtafel.server.storage import journal as journal_module
from tests.storage.sample import answer, sit

AUTHORS = [f"author-{n}" for n in range(10)]


async def _seat_all(store: SessionStore) -> None:
    for n, author in enumerate(AUTHORS):
        await sit(store, author, 1 + n % 3)


async def test_a_burst_of_100_commits_costs_a_few_fsyncs(store: SessionStore) -> None:
    """100 concurrent answers go to disk in a handful of batches, each with one fsync."""
    await _seat_all(store)
    before = store.stats
    await asyncio.gather(*(answer(store, AUTHORS[n % 10], f"x{n}") for n in range(100)))
    written = store.stats
    assert written.records - before.records == 100
    assert written.batches - before.batches <= 5
    assert len(store.session.answers) == 100


async def test_no_commit_returns_before_its_line_is_fsynced(
    store: SessionStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When a commit returns, an fsync has covered the journal up to its line."""
    journal = store.folder / "journal.jsonl"
    synced_lines = 0
    real_sync = journal_module.sync_file

    def counting_sync(fd: int) -> None:
        nonlocal synced_lines
        lines = journal.read_bytes().count(b"\n")
        real_sync(fd)
        synced_lines = lines

    monkeypatch.setattr(journal_module, "sync_file", counting_sync)
    await _seat_all(store)

    async def one(n: int) -> None:
        await answer(store, AUTHORS[n % 10], f"x{n}")
        seq = store.session.changes[f"x{n}"].seq
        assert synced_lines >= seq + 1, f"x{n} (seq {seq}) returned before its fsync"

    await asyncio.gather(*(one(n) for n in range(60)))


async def test_a_failed_write_fails_its_waiters_and_every_later_commit(
    store: SessionStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Disk full: the batch's waiters get the error, nothing more is taken, the disk is intact."""
    await _seat_all(store)
    durable = store.session

    def full(fd: int, data: bytes) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(journal_module, "write_all", full)
    results = await asyncio.gather(
        *(answer(store, AUTHORS[n], f"x{n}") for n in range(5)), return_exceptions=True
    )
    assert all(isinstance(r, JournalFailed) for r in results), results
    assert "No space left" in str(results[0]) and "journal.jsonl" in str(results[0])
    assert store.session == durable
    with pytest.raises(JournalFailed):
        await answer(store, AUTHORS[0], "later")
    monkeypatch.undo()
    await store.close()
    assert SessionStore.open(store.folder.parent, "ABC123").session == durable


async def test_wait_durable_returns_once_the_change_is_on_disk(store: SessionStore) -> None:
    """A resend of a change still in flight waits for that change's batch."""
    await sit(store, "a1")
    pending = asyncio.create_task(answer(store, "a1", "x1"))
    await asyncio.sleep(0)  # let the commit queue its line
    seq = store.head.seq
    assert store.session.seq < seq
    await store.wait_durable(seq)
    assert store.session.seq >= seq
    await pending
    await store.wait_durable(1)  # long durable: returns at once


async def test_a_cancelled_committer_does_not_lose_its_change(store: SessionStore) -> None:
    """Cancelling the caller leaves the change in its batch; it is stored all the same."""
    await sit(store, "a1")
    pending = asyncio.create_task(answer(store, "a1", "x1"))
    await asyncio.sleep(0)
    pending.cancel()
    with pytest.raises(asyncio.CancelledError):
        await pending
    await store.wait_durable(store.head.seq)
    assert "x1" in store.session.answers


async def test_one_cancelled_waiter_leaves_its_batch_to_the_others(store: SessionStore) -> None:
    """Changes of one batch wait for one future: cancelling one waiter does not cancel it, the
    others return normally once it is written, and the cancelled one only then."""
    await _seat_all(store)
    tasks = [asyncio.create_task(answer(store, AUTHORS[n], f"y{n}")) for n in range(5)]
    await asyncio.sleep(0)  # all five applied and waiting for the same batch
    tasks[2].cancel()
    await asyncio.wait(tasks)
    assert [t.cancelled() for t in tasks] == [False, False, True, False, False]
    assert all(t.exception() is None for t in tasks if not t.cancelled())
    assert {f"y{n}" for n in range(5)} <= set(store.session.answers)  # on disk, all of them
