"""The server's settings, read once from the command line and passed down."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Limits:
    """Per-connection and per-device bounds (PROTOCOL.md, Errors); see docs/protocol.md."""

    max_frame: int = 16 * 1024
    max_read: int = 64 * 1024  # frames up to this are read, so one over max_frame gets too_big
    rate_per_second: float = 10.0  # sustained changes a connection may send
    rate_burst: int = 40  # a phone's outbox resent at once after reconnecting fits this
    connections_per_device: int = 4
    send_buffer_bytes: int = 1024 * 1024  # a client that does not read is closed past this
    ping_interval: float = 20.0
    ping_timeout: float = 20.0


@dataclass(frozen=True, slots=True)
class Hosted:
    """`dialoog serve --hosted`: many sessions, made with the organizer key, closed when idle."""

    idle_close: float = 12 * 3600.0  # seconds without a change or a new connection
    max_sessions: int = 500  # open at once; `create` past it gets too_many
    idle_check: float = 60.0  # seconds between looks for idle sessions
    wrong_keys_free: int = 10  # wrong organizer keys / tokens before no key is checked for a while
    wrong_keys_pause: float = 1.0  # seconds of the first pause; it doubles with each wrong key
    wrong_keys_cap: float = 60.0  # seconds: the longest pause


@dataclass(frozen=True, slots=True)
class ServerConfig:
    """Where the server listens, what it calls itself, and where sessions live."""

    data_dir: Path
    host: str = "0.0.0.0"
    port: int = 8080
    public_url: str | None = None
    allowed_origins: tuple[str, ...] = ()
    limits: Limits = field(default_factory=Limits)
    hosted: Hosted | None = None
    placement: bool = True  # the rode draad placed by a worker process (off: never started)
