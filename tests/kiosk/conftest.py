"""Kiosk fixtures: an app with its sends captured, fed like its socket worker would feed it."""

from __future__ import annotations

from typing import Any

import pytest

from dialoogtafel.kiosk.app import KioskApp
from dialoogtafel.kiosk.messages import ServerMessage
from dialoogtafel.server.protocol import state_message
from tests.kiosk.roomdata import JOIN, TOKEN, URL, Room, until


class Kiosk:
    """A KioskApp that sends to a list, and a way to feed it server messages."""

    def __init__(self, role: str = "leader", lan_note: str | None = None) -> None:
        self.sent: list[dict[str, Any]] = []
        self.app = KioskApp(URL, TOKEN, role, JOIN, lan_note, transmit=self.sent.append)  # type: ignore[arg-type]

    def feed(self, *messages: dict[str, Any]) -> None:
        """Post messages as the socket worker does."""
        for m in messages:
            self.app.post_message(ServerMessage(m))

    def controls(self) -> list[dict[str, Any]]:
        """The control messages sent so far."""
        return [m for m in self.sent if m.get("type") == "control"]


@pytest.fixture
def room() -> Room:
    """A three-table session of the eigen-regie questions."""
    return Room()


@pytest.fixture
def kiosk() -> Kiosk:
    """A leader kiosk with captured sends."""
    return Kiosk()


async def welcomed(kiosk: Kiosk, room: Room, pilot: Any, role: str = "leader") -> None:
    """Feed the welcome and wait until it is drawn."""
    kiosk.feed(room.welcome(role))
    await until(pilot, lambda: kiosk.app.state.welcomed, "welcome")
    await pilot.pause()


def state_msg(room: Room) -> dict[str, Any]:
    """The `state` broadcast for the room now."""
    return state_message(room.session.state, room.session.seq)
