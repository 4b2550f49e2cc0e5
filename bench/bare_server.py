"""The limit of our stack: a bare `websockets` server with the same group commit and fan-out.

Speaks just enough of protocol v1 for bench/load.py: `hello` (role, table), `table`, `answer`.
An answer becomes the same journal line our server writes, appended and fsync'd once per batch
(lines arriving during a write go in the next batch); then `ack` to the sender, the answer to
its table-mates and the leaders, and the sender's own copy with `mine`, each encoded once and
sent with `broadcast`. `--no-disk` skips the journal, for reference. Prints the lines that
`dialoog serve` prints, so the same load generator drives both.

    .venv/bin/python bench/bare_server.py [--port 0] [--data DIR] [--no-disk]
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import hmac
import json
import os
import secrets
import signal
import time
from pathlib import Path

from websockets.asyncio.server import ServerConnection, broadcast, serve
from websockets.exceptions import ConnectionClosed

QUESTIONS = [
    {"id": f"q{n}", "text": f"Question {n}?", "help": "", "theme": None} for n in (1, 2, 3, 4)
]


def dumps(message: dict[str, object]) -> str:
    """One frame's text, as our server encodes it."""
    return json.dumps(message, ensure_ascii=False, separators=(",", ":"))


class GroupCommit:
    """One writer: lines queued while a batch is written go in the next; write + fsync each."""

    def __init__(self, path: Path | None) -> None:
        self.fd = None if path is None else os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
        self.lines: list[bytes] = []
        self.done: asyncio.Future[None] | None = None
        self.wake = asyncio.Event()
        self.task: asyncio.Task[None] | None = None

    async def append(self, line: bytes) -> None:
        if self.fd is None:
            return  # --no-disk
        if self.done is None:
            self.done = asyncio.get_running_loop().create_future()
        done = self.done
        self.lines.append(line)
        self.wake.set()
        if self.task is None:
            self.task = asyncio.create_task(self.run())
        await done

    def write(self, data: bytes) -> None:
        assert self.fd is not None
        view = memoryview(data)
        while view:
            view = view[os.write(self.fd, view) :]
        os.fsync(self.fd)

    async def run(self) -> None:
        while True:
            await self.wake.wait()
            self.wake.clear()
            while self.lines:
                lines, done = self.lines, self.done
                self.lines, self.done = [], None
                await asyncio.to_thread(self.write, b"".join(lines))
                assert done is not None
                done.set_result(None)


class Bare:
    """One session: its clients by table, the leaders, a seq and a journal."""

    def __init__(self, journal: GroupCommit, token: str) -> None:
        self.journal = journal
        self.token = token
        self.secret = secrets.token_bytes(32)
        self.seq = 0
        self.leaders: set[ServerConnection] = set()
        self.tables: dict[int, set[ServerConnection]] = {}

    async def store(self, actor: str, cmd: dict[str, object]) -> int:
        self.seq += 1
        seq = self.seq
        record = {"seq": seq, "at": time.time(), "actor": actor, "cmd": cmd}
        await self.journal.append(json.dumps(record, separators=(",", ":")).encode() + b"\n")
        return seq

    def welcome(self, ws: ServerConnection, role: str, table: int | None) -> None:
        you = {"role": role, "table": table}
        msg = {"type": "welcome", "protocol": 1, "session": {"questions": QUESTIONS}, "you": you}
        broadcast([ws], dumps({**msg, "answers": [], "seq": self.seq}))

    async def handler(self, ws: ServerConnection) -> None:
        try:
            hello = json.loads(await ws.recv())
        except ConnectionClosed:
            return
        if hello.get("role") == "leader":
            if not hmac.compare_digest(str(hello.get("token")), self.token):
                await ws.close(1008, "bad_token")
                return
            self.welcome(ws, "leader", None)
            self.leaders.add(ws)
            try:
                await ws.wait_closed()
            finally:
                self.leaders.discard(ws)
            return
        author = hmac.new(self.secret, str(hello["device"]).encode(), hashlib.sha256).hexdigest()
        table = hello.get("table")
        if table is not None:
            await self.store(
                author[:32], {"kind": "Sit", "id": secrets.token_hex(16), "table": table}
            )
            self.tables.setdefault(table, set()).add(ws)
        self.welcome(ws, "participant", table)
        try:
            async for raw in ws:
                msg = json.loads(raw)
                if msg["type"] == "table":
                    seq = await self.store(author[:32], {"kind": "Sit", **msg})
                    if table is not None:
                        self.tables[table].discard(ws)
                    table = msg["table"]
                    self.tables.setdefault(table, set()).add(ws)
                    broadcast([ws], dumps({"type": "ack", "id": msg["id"], "seq": seq}))
                    self.welcome(ws, "participant", table)
                elif msg["type"] == "answer" and table is not None:
                    cmd = {"kind": "AddAnswer", "id": msg["id"], "question": msg["question"]}
                    seq = await self.store(author[:32], {**cmd, "text": msg["text"]})
                    broadcast([ws], dumps({"type": "ack", "id": msg["id"], "seq": seq}))
                    answer = {"type": "answer", "id": msg["id"], "question": msg["question"]}
                    answer |= {"table": table, "text": msg["text"], "state": "shown"}
                    answer |= {"highlighted": False, "votes": 0, "seq": seq}
                    mates = [c for c in self.tables[table] if c is not ws]
                    broadcast([*mates, *self.leaders], dumps(answer))
                    broadcast([ws], dumps({**answer, "mine": True}))
        finally:
            if table is not None:
                self.tables[table].discard(ws)


async def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--data", type=Path, default=Path())
    p.add_argument("--no-disk", action="store_true", help="skip the journal (reference only)")
    args = p.parse_args()
    journal = GroupCommit(None if args.no_disk else args.data / "bare-journal.jsonl")
    bare = Bare(journal, secrets.token_urlsafe(24))
    async with serve(bare.handler, args.host, args.port, compression=None, max_size=16 * 1024) as s:
        print("session code:  BARE")
        print(f"leader token:  {bare.token}")
        print(f"listening on:  {args.host}:{next(iter(s.sockets)).getsockname()[1]}", flush=True)
        stop = asyncio.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            asyncio.get_running_loop().add_signal_handler(sig, stop.set)
        await stop.wait()


if __name__ == "__main__":
    asyncio.run(main())
