"""Protocol fixtures: a real DialoogServer on 127.0.0.1, port 0, and real websockets clients."""

from __future__ import annotations

import asyncio
import json
import os
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from dialoogtafel.cli.wiring import make_server as wired_server
from dialoogtafel.server.app import DialoogServer
from dialoogtafel.server.config import Limits, ServerConfig
from dialoogtafel.server.domain import QuestionSet
from dialoogtafel.server.domain.model import Question, Theme
from dialoogtafel.server.live import LiveSession
from dialoogtafel.server.protocol import hello
from dialoogtafel.server.storage import SessionStore

TIMEOUT = 5.0 * float(os.environ.get("DIALOOG_TEST_TIMEOUT_SCALE", "1"))
HOST = "127.0.0.1"

THEMED = QuestionSet(
    id="test-themes",
    title="Test tables",
    language="en",
    intro="Say what you think.",
    questions=(
        Question("q1", "What works?"),
        Question("q2", "What is missing?"),
        Question("q3", "A question of theme A", theme="a"),
        Question("q4", "A question of theme B", theme="b"),
    ),
    themes=(Theme("a", "Theme A", "About A"), Theme("b", "Theme B", "About B")),
)
TABLES = 3  # round-robin: table 1 theme a, table 2 theme b, table 3 theme a


class Peer(ClientConnection):
    """A client connection that keeps every frame it got and the messages not yet read."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.frames: list[str] = []
        self.backlog: list[dict[str, Any]] = []
        self.welcome: dict[str, Any] = {}
        self.device = ""

    async def recv(self, decode: bool | None = None) -> Any:
        """Receive one frame and keep a copy of it."""
        raw = await super().recv(decode)
        self.frames.append(raw if isinstance(raw, str) else raw.decode("utf-8", "replace"))
        return raw


def _matches(msg: dict[str, Any], kind: str, fields: dict[str, Any]) -> bool:
    return msg.get("type") == kind and all(msg.get(k) == v for k, v in fields.items())


async def send(ws: ClientConnection, msg: dict[str, Any]) -> None:
    """Send one message as a JSON text frame."""
    await ws.send(json.dumps(msg))


async def next_of(ws: Peer, kind: str, within: float = TIMEOUT, **fields: Any) -> dict[str, Any]:
    """The first unread message of this type (with these field values); fails after `within` s."""
    for i, old in enumerate(ws.backlog):
        if _matches(old, kind, fields):
            return ws.backlog.pop(i)
    try:
        async with asyncio.timeout(within):
            while True:
                msg: dict[str, Any] = json.loads(await ws.recv())
                if _matches(msg, kind, fields):
                    return msg
                ws.backlog.append(msg)
    except TimeoutError:
        unread = [m.get("type") for m in ws.backlog]
        raise AssertionError(
            f"no {kind} {fields or ''} within {within}s; unread: {unread}"
        ) from None
    except ConnectionClosed as closed:
        raise AssertionError(f"connection closed ({closed}) before a {kind!r} message") from None


async def no_message_of(ws: Peer, kind: str, within: float = TIMEOUT, **fields: Any) -> None:
    """Assert that no such message came before the pong of a ping sent now (the barrier)."""
    await send(ws, {"type": "ping"})
    await next_of(ws, "pong", within)
    came = [m for m in ws.backlog if _matches(m, kind, fields)]
    assert not came, f"unexpected {kind}: {came}"


async def drain(ws: Peer) -> list[dict[str, Any]]:
    """Everything that arrived up to a ping's pong, taken out of the backlog."""
    await send(ws, {"type": "ping"})
    await next_of(ws, "pong")
    taken, ws.backlog = ws.backlog, []
    return taken


def file_text(path: str | Path) -> str:
    """A file's text (a helper, so async tests read files without a blocking call in them)."""
    return Path(path).read_text(encoding="utf-8")


async def error_of(ws: Peer, code: str, **fields: Any) -> dict[str, Any]:
    """The next error with this code; its message is a sentence a person can read."""
    err = await next_of(ws, "error", code=code, **fields)
    assert isinstance(err["message"], str) and err["message"].endswith("."), err
    return err


@dataclass
class Room:
    """A running server with one session, and every client connection opened against it."""

    server: DialoogServer
    live: LiveSession
    peers: list[Peer] = field(default_factory=list)
    devices: list[str] = field(default_factory=list)

    @property
    def code(self) -> str:
        """The session code."""
        return self.live.code

    @property
    def store(self) -> SessionStore:
        """The session's store (durable state, stats, author keys)."""
        return self.live.store

    @property
    def url(self) -> str:
        """The WebSocket endpoint."""
        return f"ws://{HOST}:{self.server.port}/ws"

    async def open(self, **kwargs: Any) -> Peer:
        """A bare connection to /ws that has sent nothing yet."""
        kwargs.setdefault("max_size", None)
        ws = await connect(self.url, create_connection=Peer, compression=None, proxy=None, **kwargs)
        assert isinstance(ws, Peer)
        self.peers.append(ws)
        return ws

    async def join(self, role: str, **fields: Any) -> Peer:
        """Connect, say hello and wait for the welcome."""
        ws = await self.open()
        await send(ws, hello(self.code, role, **fields))  # type: ignore[arg-type]
        ws.welcome = await next_of(ws, "welcome")
        return ws

    async def phone(self, table: int | None = None, device: str | None = None) -> Peer:
        """A participant phone (a fresh device token unless given), seated at `table`."""
        device = device or secrets.token_hex(16)
        self.devices.append(device)
        fields: dict[str, Any] = {"device": device}
        if table is not None:
            fields["table"] = table
        ws = await self.join("participant", **fields)
        ws.device = device
        return ws

    async def leader(self) -> Peer:
        """A leader connection (the kiosk's role)."""
        return await self.join("leader", token=self.store.tokens.leader)

    async def screen(self) -> Peer:
        """A read-only screen connection (a second projector)."""
        return await self.join("screen", token=self.store.tokens.screen)

    def frames(self) -> list[str]:
        """Every frame every client of this room received so far."""
        return [f for p in self.peers for f in p.frames]


async def close_room(room: Room) -> None:
    """Drop every client (even one that stopped reading) and stop the server."""
    for peer in room.peers:
        if peer.transport is not None:
            peer.transport.abort()
    await room.server.close()


async def start_room(
    data_dir: Path,
    questions: QuestionSet = THEMED,
    tables: int = TABLES,
    limits: Limits | None = None,
    resume: str | None = None,
    allowed_origins: tuple[str, ...] = (),
    premoderate: bool = False,
    placement: bool = False,
) -> Room:
    """Start a server on a free port with a new (or resumed) session in data_dir.

    The rode draad's worker process (placement=True) is off unless a test asks for it."""
    config = ServerConfig(
        data_dir=data_dir,
        host=HOST,
        port=0,
        limits=limits or Limits(),
        allowed_origins=allowed_origins,
        placement=placement,
    )
    server = wired_server(config)
    if resume:
        live = server.resume(resume)
    else:
        live = server.create(questions, tables, premoderate=premoderate)
    await server.start()
    return Room(server, live)


MakeServer = Callable[..., Awaitable[Room]]


@pytest.fixture
async def make_server(tmp_path: Path) -> AsyncIterator[MakeServer]:
    """Start servers (with other limits, sets or a resumed session); all stopped at the end."""
    rooms: list[Room] = []

    async def make(**kwargs: Any) -> Room:
        kwargs.setdefault("data_dir", tmp_path / "data")
        room = await start_room(**kwargs)
        rooms.append(room)
        return room

    yield make
    for room in rooms:
        await close_room(room)


@pytest.fixture
async def server(make_server: MakeServer) -> Room:
    """A server with a three-table session of the small themed set."""
    return await make_server()


@pytest.fixture
def phone(server: Room) -> Callable[..., Awaitable[Peer]]:
    """Connect a phone: `await phone(table)`."""
    return server.phone


@pytest.fixture
async def leader(server: Room) -> Peer:
    """A connected leader."""
    return await server.leader()


@pytest.fixture
async def screen(server: Room) -> Peer:
    """A connected screen."""
    return await server.screen()
