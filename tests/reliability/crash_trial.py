"""Whole-server crash trials: phones and a leader make every kind of change, `dialoog serve`
is SIGKILLed, resumed, and checked.

One session lives through every trial (a day with many crashes): each trial seats fresh
phones that answer and, a third of the time, make the other kinds of change a phone can make
(tests/reliability/changes.py), while one leader steers with every kind of control; the
server is SIGKILLed once the phones together got a random number of acks, restarted with
`--resume CODE` on the same port and data, the clients reconnect and the phones resend their
outboxes. Each trial checks the leader's complete view: every acked answer there with its last
acked text (withdrawn ones gone), no id and no text twice, nothing stored that its phone does
not know as acked. At the end the leader ends the session; after SIGTERM the stored session
must hold every acked change of every kind, with the seq its ack gave.
"""

from __future__ import annotations

import asyncio
import json
import random
import statistics
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from dialoogtafel.server.protocol import control, hello
from dialoogtafel.server.storage import load_session
from tests.reliability.changes import BROKEN, LEADER, PHONE, kind_of
from tests.reliability.clients import Phone, Progress, leader_view, open_ws
from tests.reliability.leader import Leader
from tests.reliability.serverproc import TIMEOUT, ServerProcess

TABLES = 4


@dataclass
class Trial:
    """What one trial saw."""

    n: int
    kill_after: int  # acks the phones had got (this trial) when the server was killed
    acked: int = 0
    lost: list[str] = field(default_factory=list)  # acked answers missing or changed
    earlier_lost: int = 0  # acked answers of earlier trials missing now
    dup_ids: int = 0
    dup_texts: int = 0
    stored_unacked: int = 0  # answers of this trial stored but never acked to their phone
    refused: list[tuple[str, str]] = field(default_factory=list)
    resent: int = 0  # answers still in an outbox at the kill, sent again after the restart
    unknown_session: int = 0  # hellos answered no_session while the server was resuming
    restart: float = 0.0  # seconds from SIGKILL to listening again
    recovered: float = 0.0  # seconds from listening again to every outbox empty


@dataclass
class Run:
    """Every trial, and the whole run's totals."""

    trials: list[Trial] = field(default_factory=list)
    acked: dict[str, str] = field(default_factory=dict)  # every acked answer: id -> text
    withdrawn: set[str] = field(default_factory=set)  # acked answers whose withdrawal was acked
    changes: dict[str, int] = field(default_factory=dict)  # every acked change id -> its seq
    kinds: Counter[str] = field(default_factory=Counter)  # acked changes by kind
    refused_kinds: Counter[str] = field(default_factory=Counter)  # (kind, code) refused
    missing_changes: list[str] = field(default_factory=list)  # acked, not stored with its seq
    orphans: list[int] = field(default_factory=list)  # processes a killed server left running
    end_seconds: float = 0.0  # from the leader's end to its ack (the files written)
    stop_seconds: float = 0.0  # the last SIGTERM until the server exited
    seconds: float = 0.0
    traceback: bool = False
    on_disk_lost: int = 0  # after the last SIGTERM: acked answers missing in the stored session

    def summary(self) -> str:
        """The figures, in a few lines."""
        t = self.trials
        lost = sum(len(x.lost) + x.earlier_lost for x in t) + self.on_disk_lost
        restarts = sorted(x.restart for x in t)
        recovered = sorted(x.recovered for x in t)
        return "\n".join(
            [
                f"trials: {len(t)} (SIGKILL and --resume each time) in {self.seconds:.0f} s",
                f"acknowledged answers: {len(self.acked)}; resent after a kill: "
                f"{sum(x.resent for x in t)}",
                f"lost: {lost} acknowledged answers; duplicated: "
                f"{sum(x.dup_ids for x in t)} by id, {sum(x.dup_texts for x in t)} by text; "
                "stored but never acked: "
                f"{sum(x.stored_unacked for x in t)}; refused: {sum(len(x.refused) for x in t)}",
                f"restart (SIGKILL to listening): median {statistics.median(restarts):.2f} s, "
                f"max {restarts[-1]:.2f} s; reconnect and resend until every outbox is empty: "
                f"median {statistics.median(recovered):.2f} s, max {recovered[-1]:.2f} s",
                "acknowledged changes by kind: "
                + ", ".join(f"{k} {n}" for k, n in sorted(self.kinds.items())),
                f"acknowledged changes missing on disk (or with another seq) after the last "
                f"SIGTERM: {len(self.missing_changes)} of {len(self.changes)}",
                "refused by the rules: "
                + (", ".join(f"{k} {n}" for k, n in sorted(self.refused_kinds.items())) or "none"),
                f"processes a killed server left running: {len(self.orphans)}; the end acked after "
                f"{self.end_seconds:.1f} s (the exports written), the last SIGTERM took "
                f"{self.stop_seconds:.1f} s",
                f"hellos refused as no_session during a restart: "
                f"{sum(x.unknown_session for x in t)}; tracebacks in the server's log: "
                f"{'yes' if self.traceback else 'none'}",
            ]
        )

    @property
    def ok(self) -> bool:
        """No loss, no duplicate, nothing refused, no traceback."""
        return (
            not self.traceback
            and not self.on_disk_lost
            and not self.missing_changes
            and not self.orphans
            and all(
                not (x.lost or x.earlier_lost or x.dup_ids or x.dup_texts or x.stored_unacked)
                and not x.refused
                for x in self.trials
            )
        )


def kill_point(rng: random.Random) -> int:
    """After how many acks to kill: at once, after one, a few, or many (as the storage test)."""
    return rng.choice([0, 1, rng.randint(2, 50), rng.randint(50, 300)])


async def one_trial(
    server: ServerProcess,
    n: int,
    phones: int,
    rng: random.Random,
    run: Run,
    least: int = 0,
    every_kind: bool = True,
) -> Trial:
    """Seat phones, kill after some acks (at least `least`), resume, drain the outboxes, check."""
    trial = Trial(n, max(least, kill_point(rng)))
    progress = Progress()
    crew = [
        Phone(
            lambda: server.ws_url,
            server.code,
            1 + i % TABLES,
            f"t{n}p{i}",
            rng=random.Random(rng.random()),
            progress=progress,
            makers=PHONE if every_kind else {},
            mix=0.33 if every_kind else 0.0,
        )
        for i in range(phones)
    ]
    stop = asyncio.Event()
    tasks = [asyncio.create_task(p.run(stop)) for p in crew]
    try:
        acks = lambda: sum(len(p.acked) for p in crew)  # noqa: E731
        await progress.until(lambda: acks() >= trial.kill_after, 3 * TIMEOUT, "acks before kill")
        killed = time.monotonic()
        await server.kill()
        trial.resent = sum(len(p.outbox) for p in crew)
        await server.start()
        listening = time.monotonic()
        trial.restart = listening - killed
        welcomes = [p.welcomes for p in crew]
        try:
            await progress.until(
                lambda: all(p.welcomes > w for p, w in zip(crew, welcomes, strict=True)),
                3 * TIMEOUT,
                "every phone welcomed again",
            )
        except AssertionError as err:
            late = [
                (p.name, p.connects, p.welcomes, p.errors, t.done() and t.exception())
                for p, w, t in zip(crew, welcomes, tasks, strict=True)
                if p.welcomes <= w
            ]
            raise AssertionError(f"{err}; trial {n}, not welcomed: {late}") from None
        for p in crew:
            p.answering = False
        await progress.until(
            lambda: not any(p.outbox for p in crew), 3 * TIMEOUT, "every outbox empty"
        )
        trial.recovered = time.monotonic() - listening
    finally:
        stop.set()
        await asyncio.gather(*tasks)
    await check(server, crew, trial, run)
    return trial


async def check(server: ServerProcess, crew: list[Phone], trial: Trial, run: Run) -> None:
    """Compare what the phones know as acked with the leader's complete view."""
    view = await leader_view(server.ws_url, server.code, server.leader_token)
    answers = view["answers"]
    stored = {a["id"]: a["text"] for a in answers}
    gone = {cid for p in crew for cid in p.withdrawn}
    everything = {cid: text for p in crew for cid, text in p.acked.items()}
    mine = {cid: text for cid, text in everything.items() if cid not in gone}
    trial.acked = len(everything)
    trial.lost = [cid for cid, text in mine.items() if stored.get(cid) != text]
    trial.lost += [cid for cid in gone if cid in stored]  # an acked withdrawal came undone
    trial.earlier_lost = sum(1 for cid, text in run.acked.items() if stored.get(cid) != text)
    trial.dup_ids = sum(c - 1 for c in Counter(a["id"] for a in answers).values())
    trial.dup_texts = sum(c - 1 for c in Counter(a["text"] for a in answers).values())
    prefix = f"t{trial.n}p"
    trial.stored_unacked = sum(
        1 for cid, text in stored.items() if text.startswith(prefix) and cid not in mine
    )
    for p in crew:  # refusals by the rules are fine; those that mean something broke are not
        for ref, code in p.refused:
            kind = p.refused_kinds.get(ref, "AddAnswer")
            run.refused_kinds[f"{kind}:{code}"] += 1
            if code in BROKEN or code == "bad_message":
                trial.refused.append((ref, code))
        run.changes.update(p.acked_seq)
        run.kinds.update(p.acked_kinds)
    trial.unknown_session = sum(p.errors.count("no_session") for p in crew)
    run.acked.update(mine)
    run.withdrawn |= gone


async def run_trials(
    folder: Path,
    trials: int,
    phones: int = 20,
    seed: int = 0,
    report: bool = False,
    first_kill_after: int = 0,
    every_kind: bool = True,
) -> Run:
    """Run the trials in `folder` (data and server log); the server is stopped at the end.

    `first_kill_after`: the first trial waits for at least this many acks before its kill, so a
    short run has acked answers to check whatever kill points the seed draws. `every_kind`:
    phones and a leader make every kind of change (else the phones only answer).
    """
    rng = random.Random(seed)
    server = ServerProcess(folder / "data", folder / "serve.log", tables=TABLES)
    run = Run()
    began = time.monotonic()
    await server.start()
    steering = asyncio.Event()
    leader = Leader(
        lambda: server.ws_url,
        server.code,
        server.leader_token,
        interval=0.25,
        rng=random.Random(rng.random()),
        makers=LEADER if every_kind else {},
    )
    steer = asyncio.create_task(leader.run(steering)) if every_kind else None
    try:
        for n in range(trials):
            least = first_kill_after if n == 0 else 0
            trial = await one_trial(server, n, phones, rng, run, least, every_kind)
            run.trials.append(trial)
            if report and (n + 1) % 10 == 0:
                print(f"  ... {n + 1} trials, {len(run.acked)} acks", flush=True)  # noqa: T201
        steering.set()
        if steer is not None:
            await steer
            run.end_seconds = await end_session(server, leader)
        # a long day's end leaves the rode draad's worker placing thousands of answers, and
        # the server's exit waits for that job (docs/testing.md): give SIGTERM longer here
        await server.stop(within=12 * TIMEOUT)
        run.stop_seconds = server.stopped_in
    finally:
        steering.set()
        await server.terminate()
    run.seconds = time.monotonic() - began
    for cid, seq in leader.acked_seq.items():
        run.changes[cid] = seq
        run.kinds[kind_of(leader.messages.get(cid, {"type": "control", "action": "end"}))] += 1
    stored = load_session(server.data, server.code)
    run.on_disk_lost = sum(
        1
        for cid, text in run.acked.items()
        if cid not in run.withdrawn and getattr(stored.answers.get(cid), "text", None) != text
    )
    run.missing_changes = [
        cid for cid, seq in run.changes.items() if getattr(stored.changes.get(cid), "seq", 0) != seq
    ]
    if every_kind and not (stored.state.ended and stored.state.exports):
        run.missing_changes.append("end (or the exports the server records after it)")
    run.traceback = "Traceback" in server.output()
    run.orphans = server.orphans
    return run


async def end_session(server: ServerProcess, leader: Leader) -> float:
    """The leader ends the session (acked once the files are written); its id and seq kept;
    the seconds the ack took."""
    end = control("end")
    began = time.monotonic()
    ws = await open_ws(server.ws_url)
    try:
        await ws.send(json.dumps(hello(server.code, "leader", token=server.leader_token)))
        await ws.send(json.dumps(end))
        # acked once the JSON, the minutes and the Word file are written: for a day of several
        # thousand answers that includes placing and grouping them (seconds, more under load)
        async with asyncio.timeout(12 * TIMEOUT):
            while (msg := json.loads(await ws.recv())).get("id") != end["id"]:
                pass
    finally:
        await ws.close()
    assert msg["type"] == "ack", msg
    leader.acked_seq[end["id"]] = msg["seq"]
    return time.monotonic() - began
