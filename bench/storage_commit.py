"""Commit latency and throughput of the session store, beside a bare fsync'd append.

For 1,000 and 10,000 answers already stored, answers arrive at 50 and 500 per second (open
loop). Each is applied by the domain and committed (`SessionStore.commit`: group commit into
the journal, the database folded in the background). The same record bytes, at the same
moments, then go through a bare group commit: one writer, write + fsync per batch in a thread,
nothing else. Latency is from the call to commit (or append) to its return.

    .venv/bin/python bench/storage_commit.py [--stored 1000 10000] [--rates 50 500]
        [--seconds 5] [--rounds 3]

Three runs a round, each from a copy of the filled session: "store" applies each answer with
the domain and commits it (as the server does); "alone" commits the same records with a
session made without the domain's work (what storage itself costs); "bare" appends the
store run's record bytes. Figures pool the rounds; the load average is printed, as the
machine may be shared.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import shutil
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass, field, replace
from importlib.metadata import version
from pathlib import Path

from bare_append import BareAppend

from dialoogtafel.server.domain import Ok, Question, QuestionSet, apply, new_session
from dialoogtafel.server.domain.commands import AddAnswer, Command, Sit
from dialoogtafel.server.storage import SessionStore
from dialoogtafel.server.storage import store as store_module
from dialoogtafel.server.storage.journal import record_line

QUESTIONS = 10
AUTHORS = 100  # 20 answers per device and question: 100 devices hold 20,000
BENCH_SET = QuestionSet(
    id="bench",
    title="Benchmark",
    language="en",
    intro="",
    questions=tuple(Question(f"q{n}", f"Question {n}?") for n in range(QUESTIONS)),
)
TEXT = "Meer tijd om met elkaar in gesprek te gaan over wat er echt toe doet in de zorg."


@dataclass
class Run:
    """Latencies (s) of one run, its wall time, and the batches it wrote."""

    latencies: list[float] = field(default_factory=list)
    seconds: float = 0.0
    batches: int = 0


def _authors(store: SessionStore) -> list[str]:
    return [store.author_key(f"device-{n}") for n in range(AUTHORS)]


def _applied(store: SessionStore, actor: str, cmd: Command, at: float) -> Ok:
    result = apply(store.head, actor, cmd, at)
    assert isinstance(result, Ok) and not result.duplicate, result
    return result


async def _fill(data: Path, stored: int) -> None:
    """A session with `stored` answers, committed through the store, then closed."""
    store = SessionStore.create(data, new_session("BENCH", BENCH_SET, 20, time.time()))
    authors = _authors(store)
    for n, author in enumerate(authors):
        cmd = Sit(f"sit-{n}", 1 + n % 20)
        await store.commit(author, cmd, time.time(), _applied(store, author, cmd, 0).session)

    async def add(i: int) -> None:
        at = time.time()
        cmd = AddAnswer(f"old-{i}", f"q{(i // AUTHORS) % QUESTIONS}", TEXT)
        await store.commit(
            authors[i % AUTHORS], cmd, at, _applied(store, authors[i % AUTHORS], cmd, at).session
        )

    for start in range(0, stored, 200):
        await asyncio.gather(*(add(i) for i in range(start, min(stored, start + 200))))
    await store.close()


async def _paced(total: int, rate: float, one: object) -> float:
    """Start `one(i)` at i/rate seconds for i < total (open loop); the wall time taken."""
    tasks = []
    t0 = time.perf_counter()
    for i in range(total):
        delay = t0 + i / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(i)))  # type: ignore[operator]
    await asyncio.gather(*tasks)
    return time.perf_counter() - t0


async def _store_run(
    data: Path,
    rate: float,
    total: int,
    tag: str,
    lines: list[bytes] | None,
    domain: bool,
    fold: float,
) -> tuple[Run, list[float]]:
    """Answers at `rate` through SessionStore.commit; with `domain`, each applied first."""
    store = await asyncio.to_thread(SessionStore.open, data, "BENCH", fold_interval=fold)
    authors = _authors(store)
    already = sum(1 for a in store.session.answers.values() if a.author == authors[0])
    run = Run()
    applies: list[float] = []

    async def one(i: int) -> None:
        author = authors[i % AUTHORS]
        n = already * AUTHORS + i
        cmd = AddAnswer(f"{tag}-{i}", f"q{(n // AUTHORS) % QUESTIONS}", TEXT)
        at = time.time()
        t = time.perf_counter()
        if domain:
            after = _applied(store, author, cmd, at).session
        else:  # the same record, without the domain's O(n) work: storage alone
            after = replace(store.head, seq=store.head.seq + 1)
        t1 = time.perf_counter()
        await store.commit(author, cmd, at, after)
        run.latencies.append(time.perf_counter() - t1)
        applies.append(t1 - t)
        if lines is not None:
            lines.append(record_line(after.seq, at, author, cmd))

    before = store.stats.batches
    run.seconds = await _paced(total, rate, one)
    run.batches = store.stats.batches - before
    await store.close()
    return run, applies


async def _bare_run(path: Path, rate: float, lines: list[bytes]) -> Run:
    bare = BareAppend(path)
    run = Run()

    async def one(i: int) -> None:
        t = time.perf_counter()
        await bare.append(lines[i])
        run.latencies.append(time.perf_counter() - t)

    run.seconds = await _paced(len(lines), rate, one)
    run.batches = bare.batches
    bare.close()
    return run


def _revision() -> str:
    """The commit measured, and whether the tree had changes."""
    try:
        out = subprocess.run(
            ["git", "describe", "--always", "--dirty"],
            cwd=Path(__file__).parent,
            capture_output=True,
            text=True,
            timeout=10,
        )
    except OSError:
        return "unknown"
    return out.stdout.strip() or "unknown"


def _pct(values: list[float], p: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1] * 1000


def _line(name: str, run: Run) -> str:
    lat = run.latencies
    return (
        f"  {name:<5} p50 {_pct(lat, 50):6.2f} ms  p95 {_pct(lat, 95):6.2f} ms  "
        f"p99 {_pct(lat, 99):6.2f} ms  max {max(lat) * 1000:6.1f} ms  "
        f"{len(lat) / run.seconds:6.1f} commits/s  {len(lat) / max(run.batches, 1):5.1f} per fsync"
    )


async def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--stored", type=int, nargs="+", default=[1000, 10000])
    p.add_argument("--rates", type=float, nargs="+", default=[50.0, 500.0])
    p.add_argument("--seconds", type=float, default=5.0, help="length of each run")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--fold-interval", type=float, default=1.0, help="seconds (default 1)")
    args = p.parse_args()
    print(
        f"machine: {os.cpu_count()} cores, {platform.platform()}, Python "
        f"{platform.python_version()}, tinydb {version('tinydb')}, "
        f"load average {os.getloadavg()[0]:.2f}; revision {_revision()}"
    )
    folds: list[float] = []
    real_write = store_module.write_database

    def timed_write(*a: object) -> None:
        t = time.perf_counter()
        real_write(*a)  # type: ignore[arg-type]
        folds.append(time.perf_counter() - t)

    store_module.write_database = timed_write  # type: ignore[assignment]
    with tempfile.TemporaryDirectory(dir=Path.cwd()) as tmp:
        for stored in args.stored:
            template = Path(tmp) / f"filled-{stored}"
            t = time.perf_counter()
            await _fill(template, stored)
            print(f"\n{stored} answers stored (filled in {time.perf_counter() - t:.1f} s)")
            for rate in args.rates:
                total = int(rate * args.seconds)
                runs: dict[str, Run] = {name: Run() for name in ("store", "alone", "bare")}
                applies: list[float] = []
                folds.clear()
                for r in range(args.rounds):
                    lines: list[bytes] = []
                    one_round: dict[str, Run] = {}
                    for domain in (True, False):
                        data = Path(tmp) / f"run-{stored}-{rate}-{r}-{domain}"
                        shutil.copytree(template, data)
                        run, applied = await _store_run(
                            data,
                            rate,
                            total,
                            f"r{int(rate)}",
                            lines if domain else None,
                            domain,
                            args.fold_interval,
                        )
                        one_round["store" if domain else "alone"] = run
                        if domain:
                            applies += applied
                        shutil.rmtree(data)
                    one_round["bare"] = await _bare_run(Path(tmp) / "bare.jsonl", rate, lines)
                    (Path(tmp) / "bare.jsonl").unlink()
                    for name, one in one_round.items():
                        runs[name].latencies += one.latencies
                        runs[name].seconds += one.seconds
                        runs[name].batches += one.batches
                fold_ms = statistics.median(folds) * 1000 if folds else 0.0
                bare = runs["bare"].latencies
                print(
                    f" {rate:.0f} answers/s offered, {args.rounds} rounds of {total} answers"
                    f" ({args.seconds:.0f} s):"
                )
                print(_line("store", runs["store"]) + "  (domain apply + commit, as a server)")
                print(_line("alone", runs["alone"]) + "  (commit alone, no domain work)")
                print(_line("bare", runs["bare"]) + "  (fsync'd append of the same bytes)")
                for name in ("store", "alone"):
                    lat = runs[name].latencies
                    print(
                        f"  {name}/bare: p50 {_pct(lat, 50) / _pct(bare, 50):.2f}x"
                        f"  p95 {_pct(lat, 95) / _pct(bare, 95):.2f}x"
                        f"  p99 {_pct(lat, 99) / _pct(bare, 99):.2f}x"
                    )
                print(
                    f"  domain apply median {statistics.median(applies) * 1000:.2f} ms per answer "
                    f"(in the loop, before the commit);  {len(folds)} folds, median "
                    f"{fold_ms:.1f} ms each (in a thread)"
                )
    print(f"\nload average at the end {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    asyncio.run(main())
