"""What a fold costs: the database of a big session brought up to date after a few changes.

    .venv/bin/python bench/fold_speed.py [--answers 10000] [--changes 50] [--folds 20]

A session with --answers answers of 600 seated devices is written once with `write_database`
(as the store's background fold does, fsyncs included), then --folds times: the leader
highlights --changes answers spread over the session, and the database is written again with the
same encoder. Printed: CPU and wall time per fold (median and best), and the file's size. The
first write is not counted (it encodes every row); the others re-encode only rows that changed.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository, for tests.*

from dialoogtafel.question_sets import load_set
from dialoogtafel.server.domain import LEADER, Ok, Session, apply, new_session
from dialoogtafel.server.domain.commands import AddAnswer, Command, Moderate, Sit
from dialoogtafel.server.storage.database import write_database
from dialoogtafel.server.storage.encoder import DatabaseEncoder
from dialoogtafel.server.storage.keys import keys_for, new_tokens
from tests.reliability.machine import machine_line

WORDS = "de het een zorg regie eigen client familie tijd gesprek wens plan team huis arts".split()  # noqa: SIM905
DEVICES = 600
TABLES = 20


def _applied(s: Session, actor: str, cmd: Command) -> Session:
    result = apply(s, actor, cmd, time.time())
    assert isinstance(result, Ok), result
    return result.session


def main() -> None:
    """Fill, fold, change, fold again; print the figures."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--answers", type=int, default=10_000, help="answers in the session")
    p.add_argument("--changes", type=int, default=50, help="highlights between two folds")
    p.add_argument("--folds", type=int, default=20, help="folds measured")
    p.add_argument("--seed", type=int, default=19)
    args = p.parse_args()
    print(machine_line())
    rng = random.Random(args.seed)
    new_id = lambda: str(uuid.UUID(int=rng.getrandbits(128), version=4))  # noqa: E731
    questions = load_set("eigen-regie")
    s = new_session("FOLDS", questions, TABLES, time.time())
    devices = [f"{n:032x}" for n in range(DEVICES)]
    for n, device in enumerate(devices):
        s = _applied(s, device, Sit(new_id(), 1 + n % TABLES))
    ids = []
    qids = [q.id for q in questions.questions if not q.is_poll]
    for n in range(args.answers):
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 14)))
        cmd = AddAnswer(new_id(), qids[n // DEVICES % len(qids)], text)
        s = _applied(s, devices[n % DEVICES], cmd)
        ids.append(cmd.id)
    with tempfile.TemporaryDirectory(prefix="dialoog-folds-") as folder:
        db, bak = Path(folder) / "session.db.json", Path(folder) / "session.db.json.bak"
        encoder = DatabaseEncoder(keys_for(new_tokens()))
        write_database(db, bak, s, encoder)
        cpu, wall = [], []
        for _ in range(args.folds):
            for _ in range(args.changes):
                s = _applied(s, LEADER, Moderate(new_id(), rng.choice(ids), "highlight"))
            began, began_cpu = time.perf_counter(), time.process_time()
            write_database(db, bak, s, encoder)
            wall.append(1000 * (time.perf_counter() - began))
            cpu.append(1000 * (time.process_time() - began_cpu))
        size = db.stat().st_size
    print(
        f"fold of {args.answers:,} answers after {args.changes} highlights, {args.folds} folds: "
        f"CPU median {statistics.median(cpu):.1f} ms (best {min(cpu):.1f}), "
        f"wall median {statistics.median(wall):.1f} ms (best {min(wall):.1f}); "
        f"file {size / 1e6:.1f} MB"
    )


if __name__ == "__main__":
    main()
