"""A leader client for the reliability benches: steers the session while phones come and go."""

from __future__ import annotations

import asyncio
import json
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from websockets.asyncio.client import ClientConnection

from dialoogtafel.server.protocol import control, hello
from tests.reliability.changes import Maker, View, learn_polls, learn_topic
from tests.reliability.clients import reconnecting


@dataclass
class Leader:
    """A leader that steers: moves the focus and highlights answers it sees, every `interval`."""

    url: Callable[[], str]
    code: str
    token: str
    interval: float = 0.5
    rng: random.Random = field(default_factory=random.Random)
    pick: Callable[[], list[str]] | None = None  # answers it may highlight (default: all seen)
    makers: dict[str, Maker] = field(default_factory=dict)  # every kind of change, if given
    view: View = field(default_factory=lambda: View(name="leader"))  # what it knows
    acked_seq: dict[str, int] = field(default_factory=dict)  # every acked change id -> seq
    sent: dict[str, float] = field(default_factory=dict)  # change id -> when sent
    messages: dict[str, dict[str, Any]] = field(default_factory=dict)  # change id -> the change
    acked: list[str] = field(default_factory=list)  # change ids, in the order of their acks
    refused: list[tuple[str, str]] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)  # answer ids broadcast to the leader
    latencies: list[float] = field(default_factory=list)
    connects: int = 0

    async def run(self, stop: asyncio.Event) -> None:
        """Steer until `stop` is set, reconnecting when the connection is lost."""
        await reconnecting(self.url, stop, self.rng, lambda ws: self._session(ws, stop))

    async def _session(self, ws: ClientConnection, stop: asyncio.Event) -> None:
        self.connects += 1
        await ws.send(json.dumps(hello(self.code, "leader", token=self.token)))
        due = time.monotonic() + self.interval
        while not stop.is_set():
            try:
                async with asyncio.timeout(max(0.0, min(0.25, due - time.monotonic()))):
                    self._read(json.loads(await ws.recv()))
            except TimeoutError:
                if time.monotonic() >= due:
                    due = time.monotonic() + self.interval
                    await ws.send(json.dumps(self._steer()))

    def _steer(self) -> dict[str, Any]:
        answers = self.pick() if self.pick is not None else sorted(self.seen)
        made = self._made() if self.makers else None
        if made is not None:
            msg = made
        elif answers and self.rng.random() < 0.5:
            action = self.rng.choice(["highlight", "unhighlight"])
            msg = control(action, answer=self.rng.choice(answers))
        else:
            msg = control("focus", question=f"q{1 + self.rng.randrange(4)}")
        self.sent[msg["id"]] = time.monotonic()
        self.messages[msg["id"]] = msg
        return msg

    def _made(self) -> dict[str, Any] | None:
        for _ in range(5):  # a kind that cannot be made yet (no note to edit): another one
            frame = self.makers[self.rng.choice(list(self.makers))](self.view, self.rng)
            if frame is not None:
                return frame
        return None

    def _acked(self, change_id: str, seq: int) -> None:
        self.acked_seq[change_id] = seq
        msg = self.messages.get(change_id, {})
        action, v = msg.get("action"), self.view
        if action in ("note", "action_item"):
            v.items.append(change_id)
        elif action == "topic_add":
            v.topics[change_id] = msg["question"]  # the control's id is the topic's id
        elif action == "remove_item" and msg["item"] in v.items:
            v.items.remove(msg["item"])
        elif action == "timer":
            after = {"start": "running", "resume": "running", "pause": "paused", "stop": "none"}
            v.timer = after.get(msg["timer"], v.timer)

    def _read(self, msg: dict[str, Any]) -> None:
        kind = msg.get("type")
        if kind == "ack" and msg.get("id") in self.sent:
            self.latencies.append(time.monotonic() - self.sent.pop(msg["id"]))
            self.acked.append(msg["id"])
            self._acked(msg["id"], msg["seq"])
        elif kind == "answer":
            self.seen.add(msg["id"])
            self.view.seen[msg["id"]] = msg["question"]
        elif kind == "question":
            learn_polls(self.view, msg)
        elif kind == "topic":
            learn_topic(self.view, msg)
        elif kind == "welcome":
            learn_polls(self.view, msg)
            self.seen.update(a["id"] for a in msg.get("answers", []))
            self.view.seen.update((a["id"], a["question"]) for a in msg.get("answers", []))
        elif kind == "error" and msg.get("ref") in self.sent:
            self.sent.pop(msg["ref"])
            self.refused.append((msg["ref"], msg.get("code", "")))
