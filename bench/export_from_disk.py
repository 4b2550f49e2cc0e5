"""Export time of a stored 10,000-answer session: `dialoog export` as a command, and in-process.

    .venv/bin/python bench/export_from_disk.py [--answers 10000] [--tables 12] [--runs 5]

The session is bench/export_speed.py's big_session (10,000 answers over 12 tables, some hidden,
withdrawn, voted and highlighted), stored through the real SessionStore (create, close) in a
temporary data folder; its journal's first line then holds the whole session. With
--through-commits it is built as a day builds it instead: every seat, answer, moderation,
withdrawal and vote applied by the domain and committed through the journal (slower to set
up; the journal then holds one line per change).

The rode draad's placements are read from the session; its suggestions are kept in the session's
folder by the placement worker (exports/topics.py): the first export here computes them (no
worker ran) and keeps them, as a stale copy would; it is timed on its own line.
Timed: `dialoog export CODE --format json|md|docx -o FILE` as a subprocess, from launch to exit
(Python start-up and imports included, as an organizer waits for it); `dialoog --version`
beside it, the share of start-up and the command line itself; and in-process, the load from
disk plus the render, without start-up. Target: under 1 s for json and md (docx: measured).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository, for bench.*

from bench.export_speed import START, TEXT, big_session
from dialoogtafel.exports.topics import thread_of
from dialoogtafel.question_sets import load_set
from dialoogtafel.server.domain import LEADER, Ok, Session, apply, new_session
from dialoogtafel.server.domain.commands import (
    AddAnswer,
    CastVote,
    Command,
    End,
    Moderate,
    SetVoting,
    Sit,
    Withdraw,
)
from dialoogtafel.server.storage import SessionStore, load_session
from tests.reliability.machine import machine_line


def dialoog() -> list[str]:
    """The installed `dialoog` command next to this Python, or the module."""
    script = Path(sys.executable).with_name("dialoog")
    return [str(script)] if script.exists() else [sys.executable, "-m", "dialoogtafel"]


def timed(runs: int, work: Callable[[], object]) -> list[float]:
    """Wall-clock seconds of each run."""
    took = []
    for _ in range(runs):
        began = time.perf_counter()
        work()
        took.append(time.perf_counter() - began)
    return took


def line(name: str, seconds: list[float], extra: str = "") -> str:
    """Median and best in milliseconds."""
    ms = sorted(1000 * s for s in seconds)
    return f"  {name:<44} median {statistics.median(ms):6.0f} ms, best {ms[0]:6.0f} ms{extra}"


def store(data: Path, answers: int, tables: int) -> str:
    """Write the big session through SessionStore; its code."""
    session = big_session(answers, tables)

    async def write() -> None:
        await SessionStore.create(data, session).close()

    asyncio.run(write())
    return session.code


def day(answers: int, tables: int) -> tuple[Session, list[tuple[str, Command]]]:
    """A new session and the changes of a day that leave it with `answers` answers."""
    rng = random.Random(1)
    s = new_session("DAYBN", load_set("eigen-regie"), tables, START)
    questions = [q.id for q in s.questions.questions]
    devices = [f"{n:032x}" for n in range(max(tables * 10, answers // 60 + 1))]
    changes: list[tuple[str, Command]] = []
    for i, d in enumerate(devices):
        changes.append((d, Sit(f"sit-{i}", 1 + i % tables)))
    made = []
    for n in range(answers):
        author, q = devices[n % len(devices)], questions[n // len(devices) % len(questions)]
        start = rng.randrange(len(TEXT) // 2)
        text = TEXT[start : start + rng.randint(20, 180)].strip()
        changes.append((author, AddAnswer(f"answer-{n:05d}", q, text)))
        made.append((author, f"answer-{n:05d}", q))
    for n, (author, aid, _) in enumerate(made):
        roll = rng.random()
        if roll < 0.05:
            changes.append((LEADER, Moderate(f"hide-{n}", aid, "hide")))
        elif roll < 0.08:
            changes.append((LEADER, Moderate(f"hl-{n}", aid, "highlight")))
        elif roll < 0.09:
            changes.append((author, Withdraw(f"wd-{n}", aid)))
    for q in questions:
        changes.append((LEADER, SetVoting(f"vote-on-{q}", q, True)))
        shown = [aid for _, aid, aq in made if aq == q]
        for d in devices:
            for aid in rng.sample(shown, 3):
                changes.append((d, CastVote(f"v-{d}-{aid}", aid, True)))
        changes.append((LEADER, SetVoting(f"vote-off-{q}", q, False)))
    changes.append((LEADER, End("end")))
    return s, changes


def store_through_commits(data: Path, answers: int, tables: int) -> str:
    """Build the session change by change through the domain and the journal; its code."""
    session, changes = day(answers, tables)

    async def write() -> None:
        store = SessionStore.create(data, session)
        head, pending = session, []
        for actor, cmd in changes:
            at = START + len(pending)
            result = apply(head, actor, cmd, at)
            if isinstance(result, Ok):  # a vote on a hidden or withdrawn answer is refused
                head = result.session  # commits queue in call order: many per fsync
                pending.append(asyncio.create_task(store.commit(actor, cmd, at, head)))
        await asyncio.gather(*pending)
        await store.close()

    asyncio.run(write())
    return session.code


IN_PROCESS = """
import json, sys, time
from pathlib import Path
from dialoogtafel.exports.writer import render
from dialoogtafel.server.storage import load_session
data, code, runs = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
FORMATS = [f for f in ("json", "md", "docx") if f in sys.argv[4].split(",")]
if "docx" in FORMATS:  # imported before timing, as in a server that has written minutes before
    import dialoogtafel.exports.docx
out = {"load": [], **{f: [] for f in FORMATS}, **{"render " + f: [] for f in FORMATS}}
for _ in range(runs):
    for fmt in FORMATS:
        began = time.perf_counter()
        s = load_session(data, code)
        loaded = time.perf_counter()
        render(s, fmt, data / code)  # as `dialoog export` and the server do: groups from the cache
        done = time.perf_counter()
        out["load"].append(loaded - began)
        out[fmt].append(done - began)
        out["render " + fmt].append(done - loaded)
print(json.dumps(out))
"""


def in_process(
    data: Path, code: str, runs: int, env: dict[str, str], formats: str = "json,md,docx"
) -> dict[str, list[float]]:
    """Load + render timed inside one child process (imports done once, before timing)."""
    done = subprocess.run(
        [sys.executable, "-c", IN_PROCESS, str(data), code, str(runs), formats],
        check=True,
        capture_output=True,
        text=True,
        env=env,
        cwd=tree(env),  # `-c` puts the working folder first on sys.path: the tree's own package
    )
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def tree(env: dict[str, str]) -> Path:
    """The checkout a PYTHONPATH names, or this one."""
    return Path(env.get("PYTHONPATH") or Path(__file__).resolve().parents[1])


def has_docx(env: dict[str, str]) -> bool:
    """Whether the tree a PYTHONPATH names (or this one) writes Word minutes."""
    return (tree(env) / "exports" / "docx.py").exists()


def main() -> None:
    """Store the session, time the exports, print the figures and the machine."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--answers", type=int, default=10_000, help="answers (default: %(default)s)")
    p.add_argument("--tables", type=int, default=12, help="tables (default: %(default)s)")
    p.add_argument("--runs", type=int, default=5, help="timed runs each (default: %(default)s)")
    p.add_argument("--through-commits", action="store_true", help="build it change by change")
    p.add_argument(
        "--baseline",
        type=Path,
        metavar="DIR",
        help="a checkout of another revision (`git worktree add DIR REV`): every figure is also "
        "taken with it (PYTHONPATH=DIR), alternating run by run, and the ratios printed",
    )
    args = p.parse_args()
    print(machine_line())
    print(f"load average before: {os.getloadavg()}")
    trees = {"this": dict(os.environ)}
    if args.baseline:
        trees = {"baseline": {**os.environ, "PYTHONPATH": str(args.baseline.resolve())}, **trees}
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        began = time.perf_counter()
        build = store_through_commits if args.through_commits else store
        code = build(data, args.answers, args.tables)
        size = sum(f.stat().st_size for f in (data / code).iterdir()) / 1e6
        how = "change by change" if args.through_commits else "as one created session"
        print(
            f"session: {args.answers:,} answers over {args.tables} tables, stored {how} in "
            f"{time.perf_counter() - began:.1f} s; {size:.1f} MB on disk"
        )
        first = [*dialoog(), "export", code, "--format", "json", "-o", str(Path(tmp) / "f.json")]
        first += ["--data", str(data)]
        cold = timed(1, lambda: subprocess.run(first, check=True, capture_output=True))
        print(line("first export: groups the rode draad, keeps it", cold))
        commands = {
            f"dialoog export --format {fmt}": [
                *dialoog(),
                "export",
                code,
                "--format",
                fmt,
                "-o",
                str(Path(tmp) / f"e.{fmt}"),
                "--data",
                str(data),
            ]
            for fmt in ("json", "md", "docx")
        }
        commands["of which start-up: dialoog --version"] = [*dialoog(), "--version"]
        took: dict[str, dict[str, list[float]]] = {t: {} for t in trees}
        for _ in range(args.runs):  # alternate the trees run by run: the machine drifts
            for tree, env in trees.items():
                formats = "json,md,docx" if has_docx(env) else "json,md"
                for name, command in commands.items():
                    if "docx" in command and "docx" not in formats:
                        continue
                    took[tree].setdefault(name, []).extend(
                        timed(
                            1,
                            lambda c=command, e=env: subprocess.run(  # type: ignore[misc]
                                c, check=True, capture_output=True, env=e
                            ),
                        )
                    )
                for name, seconds in in_process(data, code, 1, env, formats).items():
                    took[tree].setdefault(f"in-process: {name}", []).extend(seconds)
        for name in took["this"]:
            print(f"{name}:")
            for tree in trees:
                if name in took[tree]:
                    print(line(tree, took[tree][name]))
            if args.baseline and name in took["baseline"]:
                ratio = statistics.median(took["this"][name]) / statistics.median(
                    took["baseline"][name]
                )
                print(f"  {'ratio this / baseline (medians)':<44} {ratio:.2f}x")
        groups = lambda: thread_of(load_session(data, code), None)  # noqa: E731
        print(line("load + rode draad (suggestions computed), this tree", timed(args.runs, groups)))
    print(f"load average after: {os.getloadavg()}")
    print("targets: `dialoog export` under 1000 ms; in-process load + render under 250 ms a format")


if __name__ == "__main__":
    main()
