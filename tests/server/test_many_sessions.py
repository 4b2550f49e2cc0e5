"""Fifty sessions in one `dialoog serve --hosted` process, phones in each: nothing crosses over."""

from __future__ import annotations

import asyncio
import json
import re
import secrets
from collections.abc import Awaitable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from websockets.asyncio.client import connect

from dialoogtafel.server.protocol import hello, new_id
from tests.server.conftest import TIMEOUT, Peer, drain, next_of, send
from tests.server.hosted import HostedProcess, api_get, create_session, rotate_key

SESSIONS = 50
PHONES = (1, 1, 2)  # the tables of each session's phones
AT_ONCE = 10  # sessions set up at the same time
MARK = re.compile(r"M-[0-9a-f]{12}-S\d+-P\d+")
T = TypeVar("T")


@dataclass
class Sess:
    """One session of the fifty: its code, tokens, clients and the answers its phones sent."""

    n: int
    made: dict[str, Any]
    leader: Peer | None = None
    phones: list[tuple[int, Peer]] = field(default_factory=list)
    sent: dict[int, str] = field(default_factory=dict)  # phone index -> its answer's text

    @property
    def code(self) -> str:
        """The session code."""
        return str(self.made["session"])


async def bounded(tasks: list[Awaitable[T]], limit: int = AT_ONCE) -> list[T]:
    """Run awaitables with at most `limit` at a time."""
    gate = asyncio.Semaphore(limit)

    async def one(task: Awaitable[T]) -> T:
        async with gate:
            return await task

    return list(await asyncio.gather(*(one(t) for t in tasks)))


async def join(url: str, code: str, role: str, **fields: Any) -> Peer:
    """A welcomed client of one session."""
    ws = await connect(url, create_connection=Peer, proxy=None, compression=None)
    assert isinstance(ws, Peer)
    await send(ws, hello(code, role, **fields))  # type: ignore[arg-type]
    ws.welcome = await next_of(ws, "welcome")
    return ws


async def set_up(server: HostedProcess, s: Sess, marker: str) -> None:
    """The leader and the phones of one session join; each phone sends one answer, acked."""
    s.leader = await join(server.ws, s.code, "leader", token=s.made["leader_token"])
    for i, table in enumerate(PHONES):
        phone = await join(
            server.ws, s.code, "participant", device=secrets.token_hex(16), table=table
        )
        s.phones.append((table, phone))
        s.sent[i] = f"{marker}-S{s.n}-P{i}"
        cid = new_id()
        await send(phone, {"type": "answer", "id": cid, "question": "q1", "text": s.sent[i]})
        await next_of(phone, "ack", id=cid)


def foreign(codes: set[str], frames: list[str]) -> set[str]:
    """The codes that appear in the frames as JSON strings (a bare substring could be a number)."""
    text = "".join(frames)
    return {c for c in codes if f'"{c}"' in text}


async def check_leader(s: Sess) -> None:
    """The leader saw its three answers and the right counts, and nothing of another session."""
    assert s.leader is not None
    expected = {"1": 2, "2": 1}
    await next_of(s.leader, "counts", connected=expected)
    for text in s.sent.values():
        await next_of(s.leader, "answer", text=text)
    await drain(s.leader)


async def test_fifty_sessions_keep_their_messages_counts_and_exports_apart(
    tmp_path: Path,
) -> None:
    """50 sessions x (leader + 3 phones) in one server process: every frame a client got, every
    count and every export names only its own session's answers and code."""
    data = tmp_path / "data"
    key = await asyncio.to_thread(rotate_key, data)
    marker = f"M-{secrets.token_hex(6)}"
    server = await HostedProcess.start(data)
    clients: list[Peer] = []
    try:
        async with asyncio.timeout(TIMEOUT * 12):
            made = await bounded([create_session(server.ws, key) for _ in range(SESSIONS)])
            assert all(m["type"] == "created" for m in made), made
            sessions = [Sess(n, m) for n, m in enumerate(made)]
            assert len({s.code for s in sessions}) == SESSIONS
            await bounded([set_up(server, s, marker) for s in sessions])
            for s in sessions:
                clients += [s.leader, *(p for _, p in s.phones)]  # type: ignore[list-item]
            await bounded([check_leader(s) for s in sessions])
            await bounded([drain(p) for s in sessions for _, p in s.phones])

            codes = {s.code for s in sessions}
            for s in sessions:
                own = set(s.sent.values())
                assert s.leader is not None
                seen = set(MARK.findall("".join(s.leader.frames)))
                assert seen == own, (s.code, seen - own)
                assert not foreign(codes - {s.code}, s.leader.frames)
                for table, phone in s.phones:
                    mine = {t for i, t in s.sent.items() if PHONES[i] == table}
                    got = set(MARK.findall("".join(phone.frames)))
                    assert got <= mine, (s.code, got - mine)  # its own table's answers only
                    assert not foreign(codes - {s.code}, phone.frames)
                counts = [m for m in s.leader.backlog if m["type"] == "counts"]
                for c in counts:
                    assert sum(c["connected"].values()) <= len(PHONES)

            async def export(s: Sess) -> None:
                url = server.url(f"/api/sessions/{s.code}/export.json")
                status, body, _ = await api_get(url, s.made["leader_token"])
                assert status == 200
                doc = json.loads(body)
                assert doc["session"]["code"] == s.code
                assert sorted(a["text"] for a in doc["answers"]) == sorted(s.sent.values())
                assert set(MARK.findall(body.decode())) == set(s.sent.values())

            # the server's first export loads the rode draad's code and model (~3 s here): one
            # alone first, so ten at once do not all wait for it within TIMEOUT each
            await export(sessions[0])
            await bounded([export(s) for s in sessions[1:]])
            for s, other in zip(sessions, sessions[1:] + sessions[:1], strict=True):
                url = server.url(f"/api/sessions/{other.code}/export.md")
                # refused: 401, or 429 once the wrong tokens made the server stop checking
                assert (await api_get(url, s.made["leader_token"]))[0] in (401, 429)
    finally:
        for ws in clients:
            if ws.transport is not None:
                ws.transport.abort()
        assert await server.stop() == 0
