"""How much memory a stored answer holds in a running session, and where (tracemalloc).

The real apply and store path without the network: phones sit, then answers are applied with
the domain and committed to a SessionStore (journal, group commit, folds of the database),
as `LiveSession.submit` does. Python's own allocations are traced between two points (after
`--first` and after `--last` answers, each after a fold and a full collection); printed: bytes
per answer, and the places that hold the most of them.

    .venv/bin/python bench/memory_per_answer.py [--first 1000] [--last 3000] [--top 8]
        [--kind answer|highlight|seat]

With --kind, the changes between the two points are the leader's highlights of stored answers,
or phones coming back at another table (the seat the server stores at their hello), instead of
new answers; the first point still has --first answers.

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
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository, for tests.*

from dialoogtafel.question_sets import load_set
from dialoogtafel.server.domain import LEADER, Ok, apply
from dialoogtafel.server.domain.commands import AddAnswer, Command, Moderate, Sit
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
        self.ids: list[str] = []
        self.devices = [store.author_key(f"device-{n:04d}-token-xxxxxxxx") for n in range(DEVICES)]
        self.questions = [q.id for q in self.session.questions.questions if not q.is_poll]

    async def change(self, actor: str, cmd: Command, *, remember: bool = True) -> None:
        at = time.time()
        result = apply(self.session, actor, cmd, at, remember=remember)
        assert isinstance(result, Ok), result
        self.session = result.session
        await self.store.commit(actor, cmd, at, result.session, remember=remember)

    def new_id(self) -> str:
        """A change id as phones and the kiosk make them (a random UUID4)."""
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    async def seat_everyone(self) -> None:
        for n, device in enumerate(self.devices):
            await self.change(device, Sit(f"sit-{n}", 1 + n % TABLES))

    async def answer(self, count: int) -> None:
        for _ in range(count):
            self.answers += 1
            device = self.devices[self.answers % DEVICES]
            text = " ".join(self.rng.choice(WORDS) for _ in range(self.rng.randint(4, 14)))
            cmd = AddAnswer(self.new_id(), self.rng.choice(self.questions), text)
            await self.change(device, cmd)
            self.ids.append(cmd.id)

    async def highlight(self, count: int) -> None:
        """The leader highlights (or unhighlights) answers stored before."""
        for n in range(count):
            action = "highlight" if n % 2 == 0 else "unhighlight"
            await self.change(LEADER, Moderate(self.new_id(), self.rng.choice(self.ids), action))

    async def move(self, count: int) -> None:
        """Phones come back at another table: the seat the server stores at hello."""
        for _ in range(count):
            device = self.rng.choice(self.devices)
            table = 1 + self.rng.randrange(TABLES)
            if self.session.seats.get(device) != table:
                await self.change(device, Sit(self.new_id(), table), remember=False)

    async def make(self, kind: str, count: int) -> None:
        """`count` changes of one kind."""
        await {"answer": self.answer, "highlight": self.highlight, "seat": self.move}[kind](count)

    async def settled(self) -> tuple[int, tracemalloc.Snapshot]:
        """Traced bytes after a fold and a full collection, and the snapshot."""
        await self.store.fold_now()
        gc.collect()
        return tracemalloc.get_traced_memory()[0], tracemalloc.take_snapshot()


async def measure(kind: str, first: int, last: int, top: int, seed: int) -> None:
    data = Path(tempfile.mkdtemp(prefix="dialoog-memory-"))
    store = SessionStore.create(data, new_session("MEMRY", load_set("eigen-regie"), TABLES, 0.0))
    feeder = Feeder(store, seed)
    await feeder.seat_everyone()
    await feeder.answer(first)  # a session with answers, which the other kinds change
    before, snap1 = await feeder.settled()
    n = last - first
    await feeder.make(kind, n)
    after, snap2 = await feeder.settled()
    await store.close()
    unit = "answer" if kind == "answer" else "change"
    print(f"{n} {kind} changes after {first} answers: {before / 1e6:.2f} -> {after / 1e6:.2f} MB")
    print(f"per stored {kind}: {(after - before) / n:.0f} bytes")
    for stat in snap2.compare_to(snap1, "lineno")[:top]:
        frame = stat.traceback[0]
        where = f"{Path(frame.filename).name}:{frame.lineno}"
        print(f"  {stat.size_diff / n:6.0f} B/{unit}  {where}")


def main() -> None:
    """Measure and print."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--first", type=int, default=1000, help="answers before the first point")
    p.add_argument("--last", type=int, default=3000, help="answers at the second point")
    p.add_argument("--top", type=int, default=8, help="places to list")
    p.add_argument("--seed", type=int, default=19)
    p.add_argument(
        "--kind",
        choices=("answer", "highlight", "seat"),
        default="answer",
        help="what each change is: a new answer, the leader's highlight of a stored answer, or a "
        "phone's return at another table (default: answer)",
    )
    args = p.parse_args()
    print(machine_line())
    tracemalloc.start(1)
    asyncio.run(measure(args.kind, args.first, args.last, args.top, args.seed))


if __name__ == "__main__":
    main()
