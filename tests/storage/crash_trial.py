"""One crash trial: run crash_writer, SIGKILL it after some acks, check every ack is stored."""

from __future__ import annotations

import asyncio
import os
import select
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from dialoogtafel.server.storage import SessionStore
from dialoogtafel.server.storage.journal import read_journal
from dialoogtafel.server.storage.loading import replay

REPO = Path(__file__).resolve().parents[2]
CODE = "CRASH1"
DEADLINE = 20.0  # seconds for a child to reach its acks


@dataclass
class Trial:
    """What one trial saw: acks read, acks lost, and where the kill landed."""

    acked: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)
    stored: int = 0
    torn_tail: bool = False  # the kill cut a journal append
    mid_fold: bool = False  # the kill left a database temp file behind
    in_flight: bool = False  # changes were on disk whose acks were not out yet
    cut_bytes: int = 0  # journal bytes never fsynced, thrown away to mimic a power cut


def _read_acks(proc: subprocess.Popen[bytes], want: int, deadline: float) -> tuple[bool, bytes]:
    """Read stdout until `ready` and `want` acks (or EOF); returns (ready, bytes read)."""
    assert proc.stdout is not None
    fd = proc.stdout.fileno()
    buf = b""
    while True:
        ready = b"ready\n" in buf
        if ready and buf.count(b"\nack ") >= want:
            return True, buf
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise AssertionError(f"the writer stalled: {buf[-200:]!r}")
        readable, _, _ = select.select([fd], [], [], remaining)
        if readable:
            chunk = os.read(fd, 65536)
            if not chunk:
                return ready, buf
            buf += chunk


def _drain(proc: subprocess.Popen[bytes]) -> bytes:
    """Everything the killed child had printed (its pipe end is closed: EOF comes)."""
    assert proc.stdout is not None
    fd = proc.stdout.fileno()
    rest = b""
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        readable, _, _ = select.select([fd], [], [], deadline - time.monotonic())
        chunk = os.read(fd, 65536) if readable else b""
        if not chunk:
            break
        rest += chunk
    return rest


def _power_cut(journal: Path, fsync_log: Path) -> int:
    """Keep only the journal bytes an fsync made durable; how many were thrown away."""
    durable = int(fsync_log.read_bytes() or b"0")
    size = journal.stat().st_size
    if size > durable:
        os.truncate(journal, durable)
    return max(0, size - durable)


async def _check(data_dir: Path, acked: list[str], trial: Trial) -> None:
    folder = data_dir / CODE
    trial.torn_tail = read_journal(folder / "journal.jsonl").torn_bytes > 0
    trial.mid_fold = any(folder.glob(".session.db.json.*.tmp"))
    store = SessionStore.open(data_dir, CODE)
    try:
        s = store.session
        trial.stored = len(s.answers)
        trial.lost = [a for a in acked if a not in s.answers]
        trial.in_flight = len(s.answers) > len(set(acked))
        content = read_journal(folder / "journal.jsonl")
        alone = replay(content.created, content.records, folder / "journal.jsonl")
        assert alone == s, "database + journal differs from the journal alone"
    finally:
        await store.close()


def kill_child(command: list[str], kill_after: int, errors: Path) -> list[str]:
    """Run a writer, SIGKILL it once `ready` and `kill_after` acks are out; every id it acked."""
    with errors.open("wb") as err:
        proc = subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=err)
    try:
        ready, out = _read_acks(proc, kill_after, time.monotonic() + DEADLINE)
    finally:
        proc.send_signal(signal.SIGKILL)
    out += _drain(proc)
    proc.wait(timeout=DEADLINE)
    assert proc.stdout is not None
    proc.stdout.close()
    if not ready:
        raise AssertionError(f"the writer died before it was ready: {errors.read_text()[-2000:]}")
    return [line[4:] for line in out.decode().splitlines() if line.startswith("ack ")]


def run_trial(
    data_dir: Path,
    kill_after: int,
    writers: int,
    fold_interval: float,
    seed: int,
    power_cut: bool = False,
    slow_sync_ms: float = 0.0,
) -> Trial:
    """Start a writer, SIGKILL it once `kill_after` acks are out, then open and check.

    With `power_cut`, journal bytes no fsync covered are thrown away before opening.
    """
    fsync_log = data_dir.parent / f"{data_dir.name}.fsynced"
    args = [str(data_dir), CODE, "--writers", str(writers), "--seed", str(seed)]
    args += ["--fold-interval", str(fold_interval), "--slow-sync", str(slow_sync_ms)]
    if power_cut:
        args += ["--fsync-log", str(fsync_log)]
    command = [sys.executable, "-m", "tests.storage.crash_writer", *args]
    acked = kill_child(command, kill_after, data_dir.parent / f"{data_dir.name}.stderr")
    trial = Trial(acked=acked)
    if power_cut:
        trial.cut_bytes = _power_cut(data_dir / CODE / "journal.jsonl", fsync_log)
    asyncio.run(_check(data_dir, acked, trial))
    return trial
