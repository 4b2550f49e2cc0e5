"""How much memory a stored answer holds in a running session, and where (tracemalloc).

The real apply and store path without the network: phones sit, then answers are applied with
the domain and committed to a SessionStore (journal, group commit, folds of the database),
as `LiveSession.submit` does. Python's own allocations are traced between two points (after
`--first` and after `--last` answers, each after a fold and a full collection); printed: bytes
per answer, and the places that hold the most of them.

    .venv/bin/python bench/memory_per_answer.py [--first 1000] [--last 3000] [--top 8]

The soak (bench/soak.py) measures the process's RSS, which also holds what the allocator keeps
around the objects; this says which objects are the session's own.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import random
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository, for tests.*

from dialoogtafel.question_sets import load_set
from dialoogtafel.server.domain import Ok, apply
from dialoogtafel.server.domain.commands import AddAnswer, Command, Sit
from dialoogtafel.server.domain.session import new_session
from dialoogtafel.server.storage import SessionStore
from tests.reliability.machine import machine_line

WORDS = "de het een zorg regie eigen client familie tijd gesprek wens plan team huis arts".split()  # noqa: SIM905
DEVICES = 360
TABLES = 20


class Feeder:
    """Applies changes as the live session does and commits them to the store."""

    def __init__(self, store: SessionStore, seed: int) -> None:
        self.store = store
        self.session = store.session
        self.rng = random.Random(seed)
        self.answers = 0
        self.devices = [store.author_key(f"device-{n:04d}-token-xxxxxxxx") for n in range(DEVICES)]
        self.questions = [q.id for q in self.session.questions.questions if not q.is_poll]

    async def change(self, actor: str, cmd: Command) -> None:
        at = time.time()
        result = apply(self.session, actor, cmd, at)
        assert isinstance(result, Ok), result
        self.session = result.session
        await self.store.commit(actor, cmd, at, result.session)

    async def seat_everyone(self) -> None:
        for n, device in enumerate(self.devices):
            await self.change(device, Sit(f"sit-{n}", 1 + n % TABLES))

    async def answer(self, count: int) -> None:
        for _ in range(count):
            self.answers += 1
            device = self.devices[self.answers % DEVICES]
            text = " ".join(self.rng.choice(WORDS) for _ in range(self.rng.randint(4, 14)))
            change_id = f"{self.rng.getrandbits(128):032x}"  # a phone's random id
            await self.change(device, AddAnswer(change_id, self.rng.choice(self.questions), text))

    async def settled(self) -> tuple[int, tracemalloc.Snapshot]:
        """Traced bytes after a fold and a full collection, and the snapshot."""
        await self.store.fold_now()
        gc.collect()
        return tracemalloc.get_traced_memory()[0], tracemalloc.take_snapshot()


async def measure(first: int, last: int, top: int, seed: int) -> None:
    data = Path(tempfile.mkdtemp(prefix="dialoog-memory-"))
    store = SessionStore.create(data, new_session("MEMRY", load_set("eigen-regie"), TABLES, 0.0))
    feeder = Feeder(store, seed)
    await feeder.seat_everyone()
    await feeder.answer(first)
    before, snap1 = await feeder.settled()
    await feeder.answer(last - first)
    after, snap2 = await feeder.settled()
    await store.close()
    n = last - first
    print(f"{n} answers: {before / 1e6:.2f} -> {after / 1e6:.2f} MB traced")
    print(f"per stored answer: {(after - before) / n:.0f} bytes")
    for stat in snap2.compare_to(snap1, "lineno")[:top]:
        frame = stat.traceback[0]
        where = f"{Path(frame.filename).name}:{frame.lineno}"
        print(f"  {stat.size_diff / n:6.0f} B/answer  {where}")


def main() -> None:
    """Measure and print."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--first", type=int, default=1000, help="answers before the first point")
    p.add_argument("--last", type=int, default=3000, help="answers at the second point")
    p.add_argument("--top", type=int, default=8, help="places to list")
    p.add_argument("--seed", type=int, default=19)
    args = p.parse_args()
    print(machine_line())
    tracemalloc.start(1)
    asyncio.run(measure(args.first, args.last, args.top, args.seed))


if __name__ == "__main__":
    main()
