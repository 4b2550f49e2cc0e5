"""Child process for the crash tests: many asyncio writers commit answers through the real store.

Run as ``python -m tests.storage.crash_writer DATA CODE [--writers N] [--fold-interval S]``
from the repository root. Prints ``ready`` once the session exists, then ``ack <answer id>``
for each answer after its commit has returned, flushed at once.

``--fsync-log FILE`` records, after each journal fsync, the journal length it made durable, so
the parent can throw away what was never fsynced (what a power cut loses); ``--slow-sync MS``
makes each journal fsync that much slower (a slow disk widens every window a bug could use).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import time
from pathlib import Path

from dialoogtafel.server.domain import Ok, Question, QuestionSet, apply, new_session
from dialoogtafel.server.domain.commands import AddAnswer, Command, Sit
from dialoogtafel.server.storage import SessionStore
from dialoogtafel.server.storage import journal as journal_module

QUESTIONS = 10
PER_AUTHOR = 20 * QUESTIONS  # the domain's limit per device and question, times the questions
CRASH_SET = QuestionSet(
    id="crash",
    title="Crash test",
    language="en",
    intro="Answers committed until the process is killed.",
    questions=tuple(Question(f"q{n}", f"Question {n}?") for n in range(QUESTIONS)),
)
MAX_ANSWERS_PER_WRITER = 5000
MAX_SECONDS = 60.0  # a child the parent forgot stops by itself


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


async def _commit(store: SessionStore, actor: str, cmd: Command) -> None:
    at = time.time()
    result = apply(store.head, actor, cmd, at)
    assert isinstance(result, Ok), result
    await store.commit(actor, cmd, at, result.session)


async def _writer(store: SessionStore, n: int, rng: random.Random, stop: float) -> None:
    author = ""
    for i in range(MAX_ANSWERS_PER_WRITER):
        if time.monotonic() > stop:
            return
        if i % PER_AUTHOR == 0:
            author = store.author_key(f"device-{n}-{i}")
            await _commit(store, author, Sit(f"sit-{n}-{i}", 1 + n % 4))
        answer_id = f"w{n}-{i}"
        text = f"answer {answer_id} " + "x" * rng.randint(0, 800)
        await _commit(store, author, AddAnswer(answer_id, f"q{(i // 20) % QUESTIONS}", text))
        _say(f"ack {answer_id}")


def _instrument_sync(log_path: Path | None, slow: float) -> None:
    """Wrap the journal's fsync: slower, and logging the length each fsync made durable."""
    real_sync = journal_module.sync_file
    log_fd = None if log_path is None else os.open(log_path, os.O_WRONLY | os.O_CREAT, 0o600)

    def sync_file(fd: int) -> None:
        size = os.fstat(fd).st_size
        if slow:
            time.sleep(slow)
        real_sync(fd)
        if log_fd is not None:
            os.pwrite(log_fd, b"%020d" % size, 0)

    journal_module.sync_file = sync_file


async def main(argv: list[str] | None = None) -> None:
    """Create the session, then write until killed (or MAX_SECONDS)."""
    p = argparse.ArgumentParser()
    p.add_argument("data", type=Path)
    p.add_argument("code")
    p.add_argument("--writers", type=int, default=16)
    p.add_argument("--fold-interval", type=float, default=0.01)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--fsync-log", type=Path)
    p.add_argument("--slow-sync", type=float, default=0.0, help="milliseconds")
    args = p.parse_args(argv)
    _instrument_sync(args.fsync_log, args.slow_sync / 1000)
    session = new_session(args.code, CRASH_SET, 4, time.time())
    store = SessionStore.create(args.data, session, fold_interval=args.fold_interval)
    _say("ready")
    stop = time.monotonic() + MAX_SECONDS
    rngs = [random.Random(args.seed * 1000 + n) for n in range(args.writers)]
    await asyncio.gather(*(_writer(store, n, rngs[n], stop) for n in range(args.writers)))
    await store.close()


if __name__ == "__main__":
    asyncio.run(main())
