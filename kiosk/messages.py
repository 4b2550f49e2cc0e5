"""Messages the socket worker posts to the app: what the server said, and the connection."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.message import Message


@dataclass
class ServerMessage(Message):
    """One decoded frame from the server."""

    data: dict[str, Any]


@dataclass
class Connection(Message):
    """The socket's state changed: "connecting", "connected", "lost" or "refused"."""

    status: str
    detail: str = ""

    def can_replace(self, message: Message) -> bool:
        """Only the latest connection state matters."""
        return isinstance(message, Connection)
