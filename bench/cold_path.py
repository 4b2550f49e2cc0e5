"""The live path's steps run cold, as each answer meets them in the server.

    .venv/bin/python bench/cold_path.py [--answers 2500] [--runs 200] [--flush-mb 64]

At 50 answers a second the server waits 20 ms between two answers; meanwhile the generators,
the rode draad's worker and the journal's thread run, so each answer finds the server's code
and data out of the CPU's caches. In the server an answer's `apply` took 185 us of CPU where
the same call, repeated, takes 30: what an answer costs is what it touches, more than what
it computes. Here each step runs once right after a write to every line of --flush-mb MB (the
caches emptied), --runs times: printed are the median of those cold calls and of the same
call repeated warm, for a session with --answers answers of 300 seated devices.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository, for tests.*

from dialoogtafel.question_sets import load_set
from dialoogtafel.server.domain import LEADER, Ok, Session, apply, new_session
from dialoogtafel.server.domain.apply import digest
from dialoogtafel.server.domain.commands import AddAnswer, Command, OpenQuestion, Sit
from dialoogtafel.server.domain.text import clean_text
from dialoogtafel.server.protocol import encode, parse
from dialoogtafel.server.storage.journal import record_line
from tests.reliability.machine import machine_line

DEVICES = 300
TABLES = 38
TEXT = "Meer tijd voor het gesprek met de client, en minder administratie achteraf"


def _applied(s: Session, actor: str, cmd: Command) -> Session:
    result = apply(s, actor, cmd, time.time())
    assert isinstance(result, Ok), result
    return result.session


def filled(answers: int, rnd: random.Random) -> tuple[Session, str, AddAnswer]:
    """A session of the eigen-regie set with `answers` answers, a device and its next answer."""
    qs = load_set("eigen-regie")
    s = new_session("BENCH", qs, TABLES, time.time())
    for q in qs.questions:
        s = _applied(s, LEADER, OpenQuestion(f"open-{q.id}", q.id, True))
    devices = [f"{rnd.getrandbits(128):032x}" for _ in range(DEVICES)]
    for n, device in enumerate(devices):
        s = _applied(s, device, Sit(f"sit-{n}", 1 + n % TABLES))
    questions = [q.id for q in qs.questions]
    for n in range(answers):
        cmd = AddAnswer(f"{rnd.getrandbits(128):032x}", rnd.choice(questions), f"{TEXT} {n}")
        result = apply(s, rnd.choice(devices), cmd, time.time())
        if isinstance(result, Ok):  # a device's limit per question may refuse one
            s = result.session
    return s, devices[0], AddAnswer(f"{rnd.getrandbits(128):032x}", questions[0], TEXT)


def cold_and_warm(step: Callable[[], object], runs: int, flush: bytearray) -> tuple[float, float]:
    """Median microseconds of `step` right after the caches were emptied, and repeated."""
    ones = b"\x01" * (len(flush) // 64)
    cold, warm = [], []
    for _ in range(runs):
        flush[::64] = ones  # a write to every 64-byte line: the caches hold this buffer now
        t = time.perf_counter_ns()
        step()
        cold.append(time.perf_counter_ns() - t)
        for _ in range(3):
            t = time.perf_counter_ns()
            step()
            warm.append(time.perf_counter_ns() - t)
    return statistics.median(cold) / 1000, statistics.median(warm) / 1000


def main() -> None:
    """Fill a session, then time each step of an answer's path cold and warm."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--answers", type=int, default=2500, help="answers in the session")
    p.add_argument("--runs", type=int, default=200, help="cold calls of each step")
    p.add_argument("--flush-mb", type=int, default=64, help="MB written between two cold calls")
    p.add_argument("--seed", type=int, default=19)
    args = p.parse_args()
    s, device, cmd = filled(args.answers, random.Random(args.seed))
    frame = json.dumps({"type": "answer", "id": cmd.id, "question": cmd.question, "text": TEXT})
    result = apply(s, device, cmd, time.time())
    assert isinstance(result, Ok), result
    ack = {"type": "ack", "id": cmd.id, "seq": result.seq}
    steps: dict[str, Callable[[], object]] = {
        "parse (the frame to a command)": lambda: parse(frame),
        "apply (the domain)": lambda: apply(s, device, cmd, 1.7e9),
        "  clean_text": lambda: clean_text(TEXT),
        "  digest (made at the fold)": lambda: digest(cmd),
        "record_line (the journal's line)": lambda: record_line(result.seq, 1.7e9, device, cmd),
        "encode (the ack's frame)": lambda: encode(ack),
    }
    flush = bytearray(args.flush_mb * 2**20)
    print(machine_line())
    print(f"{len(s.answers)} answers, {DEVICES} devices; {args.runs} cold calls a step")
    print(f"{'step':36s} {'cold':>9s} {'warm':>9s}")
    for name, step in steps.items():
        cold, warm = cold_and_warm(step, args.runs, flush)
        print(f"{name:36s} {cold:6.1f} us {warm:6.1f} us")


if __name__ == "__main__":
    main()
