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
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository, for bench.*

from bench.export_speed import START, TEXT, big_session
from dialoogtafel.exports import render_minutes, session_to_export, to_json_text
from dialoogtafel.exports.docx import render_docx
from dialoogtafel.exports.minutes import minutes_document
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


def main() -> None:
    """Store the session, time the exports, print the figures and the machine."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--answers", type=int, default=10_000, help="answers (default: %(default)s)")
    p.add_argument("--tables", type=int, default=12, help="tables (default: %(default)s)")
    p.add_argument("--runs", type=int, default=5, help="timed runs each (default: %(default)s)")
    p.add_argument("--through-commits", action="store_true", help="build it change by change")
    args = p.parse_args()
    print(machine_line())
    zone = ZoneInfo("Europe/Amsterdam")
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
        print("as a command (start-up, imports, load, render, write):")
        first = [
            *dialoog(),
            "export",
            code,
            "--format",
            "json",
            "-o",
            str(Path(tmp) / "first.json"),
        ]
        first += ["--data", str(data)]
        cold = timed(1, lambda: subprocess.run(first, check=True, capture_output=True))
        print(line("first export: groups the rode draad, keeps it", cold))
        for fmt in ("json", "md", "docx"):
            out = Path(tmp) / f"export.{fmt}"
            command = [*dialoog(), "export", code, "--format", fmt, "-o", str(out)]
            command += ["--data", str(data)]
            took = timed(
                args.runs, lambda c=command: subprocess.run(c, check=True, capture_output=True)
            )  # type: ignore[misc]
            print(
                line(f"dialoog export --format {fmt}", took, f"; {out.stat().st_size / 1e6:.1f} MB")
            )
        bare = [*dialoog(), "--version"]
        startup = timed(args.runs, lambda: subprocess.run(bare, check=True, capture_output=True))
        print(line("of which start-up: dialoog --version", startup))
        print("in-process (no start-up):")
        print(line("load from disk", timed(args.runs, lambda: load_session(data, code))))
        json_text = lambda: to_json_text(session_to_export(load_session(data, code), START))  # noqa: E731
        print(line("load + JSON export", timed(args.runs, json_text)))
        minutes = lambda: render_minutes(load_session(data, code), zone)  # noqa: E731
        print(line("load + Markdown minutes", timed(args.runs, minutes)))
        word = lambda: render_docx(minutes_document(load_session(data, code), zone), {})  # noqa: E731
        print(line("load + Word minutes", timed(args.runs, word)))
        groups = lambda: thread_of(load_session(data, code), None)  # noqa: E731
        print(line("load + rode draad (suggestions computed)", timed(args.runs, groups)))
    print("target: under 1000 ms as a command for json and md; docx measured beside them")


if __name__ == "__main__":
    main()
