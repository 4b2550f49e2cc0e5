"""Fuzz connections: each opens, sends hostile frames, and checks every answer it gets.

After hello every frame gets exactly one of error, ack or pong, in order (broadcasts aside),
so the k-th of those answers the k-th frame: its code is checked against what the frame
expects, its ref against the frame's id. A close the frame did not call for, a 1011, or no
answer within the deadline is a finding.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from websockets.asyncio.client import ClientConnection
from websockets.exceptions import ConnectionClosed

from dialoogtafel.server.protocol import ERROR_CODES, hello
from tests.reliability.clients import CONNECT_ERRORS, open_ws, pause
from tests.reliability.fuzz_frames import Frame, Mutator, codes
from tests.reliability.serverproc import HOST, TIMEOUT, ServerProcess

REPLIES = ("error", "ack", "pong")
BATCH = 30  # frames a connection sends before its barrier ping: under the burst of 40


@dataclass
class Tally:
    """What all fuzz connections did and found."""

    frames: int = 0
    connections: int = 0
    notes: Counter[str] = field(default_factory=Counter)
    codes: Counter[str] = field(default_factory=Counter)
    findings: list[str] = field(default_factory=list)
    sent: set[str] = field(default_factory=set)  # ids of answers, notes, actions sent valid
    answers: set[str] = field(default_factory=set)  # fuzz answers the server acked
    items: set[str] = field(default_factory=set)  # notes and actions the server acked

    def find(self, what: str, frame: Frame | None = None) -> None:
        """Record a finding, with the frame that caused it."""
        data = "" if frame is None else f" after [{frame.note}] {str(frame.data)[:160]!r}"
        self.findings.append(what + data)


def frame_id(frame: Frame) -> str | None:
    """The frame's change id, if it is a JSON object with a string id."""
    try:
        data = json.loads(frame.data)
    except (ValueError, RecursionError):
        return None
    value = data.get("id") if isinstance(data, dict) else None
    return value if isinstance(value, str) else None


class Fuzzer:
    """One worker: picks a scenario, runs it, until the shared frame budget is spent."""

    def __init__(
        self, server: ServerProcess, mutator: Mutator, tally: Tally, budget: int, rate: float
    ) -> None:
        self.server = server
        self.m = mutator
        self.tally = tally
        self.budget = budget
        self.rate = rate  # frames a second, all workers together

    async def run(self) -> None:
        """Scenarios by weight until the budget is spent, no faster than `rate` frames a second."""
        r = self.m.rng
        began = time.monotonic()
        never = asyncio.Event()
        while self.tally.frames < self.budget:
            await pause(never, self.tally.frames / self.rate - (time.monotonic() - began))
            pick = r.random()
            try:
                if pick < 0.15:
                    await self.first_frame()
                elif pick < 0.65:
                    await self.batch("participant")
                elif pick < 0.82:
                    await self.batch("leader")
                elif pick < 0.91:
                    await self.batch("screen")
                elif pick < 0.96:
                    await self.flood()
                else:
                    await self.connection_flood()
            except CONNECT_ERRORS as err:
                self.tally.find(f"could not connect: {err!r}")

    async def _open(self) -> ClientConnection:
        self.tally.connections += 1
        return await open_ws(self.server.ws_url)

    async def _send(self, ws: ClientConnection, frame: Frame) -> None:
        self.tally.frames += 1
        self.tally.notes[frame.note.split("=")[0]] += 1
        if frame.binary:
            await ws.send(frame.data)
        elif isinstance(frame.data, bytes):
            await ws.send(frame.data, text=True)  # invalid UTF-8 in a text frame
        else:
            await ws.send(frame.data)

    async def _hello(self, ws: ClientConnection, role: str) -> bool:
        s = self.server
        if role == "participant":
            msg = hello(
                s.code,
                "participant",
                device=secrets.token_hex(16),
                table=self.m.value("table", "table"),
            )
        else:
            msg = hello(s.code, role, token=s.leader_token if role == "leader" else s.screen_token)  # type: ignore[arg-type]
        await ws.send(json.dumps(msg))
        try:
            async with asyncio.timeout(TIMEOUT):
                while (m := json.loads(await ws.recv())).get("type") != "welcome":
                    if m.get("type") == "error" and m.get("code") != "no_table":
                        self.tally.find(f"a good {role} hello was refused: {m}")
                        return False
        except (TimeoutError, ConnectionClosed) as err:
            self.tally.find(f"a good {role} hello got no welcome: {err!r}")
            return False
        return True

    async def _replies(self, ws: ClientConnection, count: int) -> list[dict[str, Any]]:
        """The next `count` errors, acks and pongs (fewer if the connection closes)."""
        got: list[dict[str, Any]] = []
        try:
            async with asyncio.timeout(TIMEOUT):
                while len(got) < count:
                    msg = json.loads(await ws.recv())
                    if msg.get("type") in REPLIES:
                        got.append(msg)
        except ConnectionClosed:
            pass
        except TimeoutError:
            self.tally.find(f"hang: {len(got)} of {count} replies within {TIMEOUT} s")
        return got

    async def _closed(self, ws: ClientConnection, frame: Frame | None) -> None:
        """The connection must close now, with the code the frame calls for."""
        try:
            async with asyncio.timeout(TIMEOUT):
                await ws.wait_closed()
        except TimeoutError:
            self.tally.find("the server did not close the connection", frame)
            return
        code = ws.close_code
        if code == 1011:
            self.tally.find("crash: closed with 1011 (internal error)", frame)
        elif frame is not None and frame.closes is not None and code != frame.closes:
            self.tally.find(f"closed with {code}, expected {frame.closes}", frame)

    def check(self, frame: Frame, reply: dict[str, Any], role: str) -> None:
        """One reply against what its frame expects."""
        kind = reply["type"]
        expect = frame.expect
        if role == "screen" and expect is None:
            expect = codes("not_allowed")
        if kind == "error":
            code = reply.get("code")
            self.tally.codes[str(code)] += 1
            if code not in ERROR_CODES or not reply.get("message"):
                self.tally.find(f"an error with an unknown code or no sentence: {reply}", frame)
            if "ref" in reply and reply["ref"] != frame_id(frame):
                self.tally.find(f"ref {str(reply['ref'])[:80]!r} is not the frame's id", frame)
            if expect is not None and code not in expect and code != "rate_limited":
                self.tally.find(f"wrong code {code}, expected one of {sorted(expect)}", frame)
            return
        if expect:
            self.tally.find(f"{kind} where an error {sorted(expect)} was due", frame)
        if kind == "ack" and frame.change is not None:
            self.record(frame.change)

    def record(self, change: dict[str, Any]) -> None:
        """An acked change: what the stored session must now hold."""
        if change["type"] == "answer":
            self.tally.answers.add(change["id"])
        elif change.get("action") in ("note", "action_item"):
            self.tally.items.add(change["id"])

    async def batch(self, role: str) -> None:
        """Say hello as this role, send a batch of hostile frames, check each reply."""
        ws = await self._open()
        try:
            if not await self._hello(ws, role):
                return
            frames: list[Frame] = []
            for _ in range(self.m.rng.randint(1, BATCH)):
                frames.append(self.m.frame(leader=role == "leader"))
                change = frames[-1].change
                if change is not None:
                    self.tally.sent.add(change["id"])  # stored even if its ack is lost
                    if change["type"] == "answer":
                        self.m.known.append(change["id"])
                if frames[-1].closes is not None:
                    break
            for frame in frames:
                await self._send(ws, frame)
            last = frames[-1]
            if last.closes is None:
                await ws.send('{"type":"ping"}')
            replies = await self._replies(ws, len(frames) + (last.closes is None))
            for frame, reply in zip(frames, replies, strict=False):
                self.check(frame, reply, role)
            answered = len(replies)
            if last.closes is not None:
                # too_big is answered in order; invalid UTF-8 or a frame past max_read fails the
                # connection in websockets itself, before the frames queued ahead are handled
                needed = len(frames) if last.expect else 0
                if answered < needed:
                    self.tally.find(f"{answered} replies to {len(frames)} frames", last)
                await self._closed(ws, last)
            elif answered < len(frames) + 1:
                await self._closed(ws, None)
                self.tally.find(
                    f"closed after {answered} of {len(frames)} frames",
                    frames[min(answered, len(frames) - 1)],
                )
        finally:
            await self._leave(ws)

    async def _leave(self, ws: ClientConnection) -> None:
        if ws.transport is None:
            return
        if self.m.rng.random() < 0.5:
            ws.transport.abort()  # vanish without a close frame
        else:
            await ws.close()

    async def first_frame(self) -> None:
        """A hostile first frame: one error (unless invalid UTF-8), then the close."""
        ws = await self._open()
        try:
            frame = self.m.first(self.server.code, self.server.leader_token)
            await self._send(ws, frame)
            if frame.expect:
                replies = await self._replies(ws, 1)
                if replies:
                    self.check(frame, replies[0], "participant")
                else:
                    self.tally.find("no error before the close", frame)
            await self._closed(ws, frame)
        finally:
            await self._leave(ws)

    async def flood(self) -> None:
        """100 frames at once from one phone: rate_limited past the burst, nothing else breaks."""
        ws = await self._open()
        try:
            if not await self._hello(ws, "participant"):
                return
            frames = [Frame('{"type":"ping"}', "flood ping", codes()) for _ in range(100)]
            for frame in frames:
                await self._send(ws, frame)
            replies = await self._replies(ws, len(frames))
            limited = sum(1 for r in replies if r.get("code") == "rate_limited")
            self.tally.codes["rate_limited"] += limited
            if len(replies) < len(frames):
                self.tally.find(f"flood: {len(replies)} replies to {len(frames)} frames")
            if limited < 50:
                self.tally.find(f"flood: only {limited} of 100 frames were rate_limited")
        finally:
            await self._leave(ws)

    async def connection_flood(self) -> None:
        """Many connections at once: silent ones, raw TCP junk; the server shrugs them off."""
        self.tally.frames += 20
        self.tally.notes["connection flood"] += 20

        async def silent() -> None:
            ws = await self._open()
            await ws.close()

        async def junk() -> None:
            reader, writer = await asyncio.open_connection(HOST, self.server.port)
            writer.write(
                self.m.rng.choice(
                    [
                        b"GET /ws HTTP/1.1\r\n\r\n",
                        b"\x16\x03\x01junk\r\n\r\n",
                        b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\n\r\n",
                    ]
                )
            )
            try:
                async with asyncio.timeout(TIMEOUT):
                    await reader.read()
            except TimeoutError:
                self.tally.find("raw TCP junk: the server kept the connection open")
            writer.close()

        results = await asyncio.gather(
            *(silent() if i % 2 else junk() for i in range(20)), return_exceptions=True
        )
        for result in results:
            if isinstance(result, BaseException) and not isinstance(result, CONNECT_ERRORS):
                raise result
