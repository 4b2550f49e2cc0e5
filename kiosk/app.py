"""The kiosk: a Textual app for the projector, a client of the server like any phone."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from typing import Any, ClassVar, Literal

from textual import work
from textual.binding import BindingType
from textual.timer import Timer
from textual.worker import Worker
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidProxy, InvalidURI

from dialoogtafel.kiosk.actions import KioskActions
from dialoogtafel.kiosk.incoming import apply_messages
from dialoogtafel.kiosk.keys import APP_KEYS, relabel
from dialoogtafel.kiosk.link import FINAL_ERRORS, MAX_INBOUND, decode, reconnect_delays
from dialoogtafel.kiosk.messages import Connection, ServerMessage
from dialoogtafel.kiosk.plain import clean
from dialoogtafel.kiosk.screens.base import KioskScreen
from dialoogtafel.kiosk.screens.lobby import LobbyScreen
from dialoogtafel.kiosk.screens.modals import ExportsScreen
from dialoogtafel.kiosk.screens.notes import NotesScreen
from dialoogtafel.kiosk.screens.overview import OverviewScreen
from dialoogtafel.kiosk.screens.queue import QueueScreen
from dialoogtafel.kiosk.screens.results import ResultsScreen
from dialoogtafel.kiosk.screens.topics import RodeDraadScreen
from dialoogtafel.kiosk.screens.votes import VotesScreen
from dialoogtafel.kiosk.screens.wall import WallScreen
from dialoogtafel.kiosk.state import KioskState
from dialoogtafel.kiosk.texts import texts
from dialoogtafel.kiosk.wifi import Wifi
from dialoogtafel.server.protocol import encode, hello
from dialoogtafel.server.protocol.urls import endpoint

Role = Literal["leader", "screen"]
FLUSH_EVERY = 0.1  # seconds: a burst of answers redraws the screens at most ten times a second


class KioskApp(KioskActions):
    """The projector app: lobby, wall, overview, votes and notes of one session."""

    CSS_PATH = "app.tcss"
    TITLE = "Dialoogtafel"
    ENABLE_COMMAND_PALETTE = False
    MODES: ClassVar[dict[str, Any]] = {
        "lobby": LobbyScreen,
        "wall": WallScreen,
        "overview": OverviewScreen,
        "votes": VotesScreen,
        "notes": NotesScreen,
        "queue": QueueScreen,
        "rode_draad": RodeDraadScreen,
        "results": ResultsScreen,
    }
    DEFAULT_MODE = "lobby"
    BINDINGS: ClassVar[list[BindingType]] = APP_KEYS

    def __init__(
        self,
        url: str,
        token: str,
        role: Role = "leader",
        join_url: str = "",
        lan_note: str | None = None,
        *,
        session: str | None = None,
        transmit: Callable[[dict[str, Any]], None] | None = None,
        wifi: Wifi | None = None,
        resume: str | None = None,
    ) -> None:
        """Connect to `url` (http://host:port/s/CODE, or a ws:// URL with `session`).

        `join_url` is what the QR code says (default: derived from `url`). `transmit`, when
        given, replaces the socket: every frame the kiosk would send goes to it (for tests).
        `wifi`: the laptop's hotspot, shown in the lobby as a second QR code.
        `resume`: the command that brings the leader back, said when quitting ({code} filled in;
        default `dialoog start --resume {code}`).
        """
        super().__init__()
        target = endpoint(url, session)
        self.ws_url = target.ws_url
        self.code = target.code
        self.join_url = join_url or target.join_url
        self.lan_note = lan_note
        self.wifi = wifi
        self.resume = resume
        self.role: Role = role
        self.__token = token  # never drawn, logged or put in a message other than hello
        self._transmit = transmit
        self.state = KioskState()
        self.connection = "connecting"
        self.connection_detail = ""
        self.outbox: dict[str, dict[str, Any]] = {}  # changes sent and not yet acked, in order
        self.flushes = 0  # how often a batch of messages was applied and drawn
        self._inbox: list[dict[str, Any]] = []
        self._flush_timer: Timer | None = None
        self._flush_due = False
        self._last_flush = 0.0
        self._ws: ClientConnection | None = None
        self.socket_worker: Worker[None] | None = None
        self._language = "nl"

    # --- life cycle and socket -------------------------------------------------------------

    def on_mount(self) -> None:
        """Start the socket, unless a test drives the kiosk; tick the timer."""
        self.set_interval(0.25, self.tick)
        if self._transmit is None:
            self.socket_worker = self.run_socket()

    @work(exclusive=True, exit_on_error=False, group="socket", description="server socket")
    async def run_socket(self) -> None:
        """Keep one connection to the server: hello, then post every frame; reconnect when lost."""
        hello_frame = encode(hello(self.code, self.role, token=self.__token))
        waits = reconnect_delays()
        try:
            async for ws in connect(
                self.ws_url,
                compression=None,
                proxy=None,  # the server is in the room or named by its leader; never via a proxy
                max_size=MAX_INBOUND,
                reconnect_delays=reconnect_delays,
                open_timeout=10,
            ):
                welcomed = await self._talk(ws, hello_frame)
                if welcomed is None:
                    return
                self.post_message(Connection("lost"))
                if welcomed:
                    waits = reconnect_delays()
                else:
                    await asyncio.sleep(next(waits))  # closed before a welcome: don't hammer
        except (InvalidURI, InvalidProxy, InvalidHandshake, OSError) as exc:
            self.post_message(Connection("refused", clean(str(exc))))

    async def _talk(self, ws: ClientConnection, hello_frame: str) -> bool | None:
        """One connection until it closes: True if it got a welcome, None if refused for good."""
        self._ws = ws
        welcomed = False
        try:
            await ws.send(hello_frame)
            async for raw in ws:
                data = decode(raw)
                if data is None:
                    continue
                if data["type"] == "welcome":
                    welcomed = True
                elif data["type"] == "error" and data.get("code") in FINAL_ERRORS:
                    self.post_message(Connection("refused", clean(data.get("message", ""))))
                    return None
                self.post_message(ServerMessage(data))
        except (ConnectionClosed, OSError):
            pass
        finally:
            self._ws = None
        return welcomed

    async def _write(self, ws: ClientConnection, frame: str) -> None:
        with contextlib.suppress(ConnectionClosed, OSError):  # kept in the outbox: resent later
            await ws.send(frame)

    def send(self, message: dict[str, Any]) -> None:
        """Send a frame; a change stays in the outbox until acked and is resent on reconnect."""
        if isinstance(message.get("id"), str):
            self.outbox[message["id"]] = message
        self._deliver(message)
        self.update_bars()

    def _deliver(self, message: dict[str, Any]) -> None:
        if self._transmit is not None:
            self._transmit(message)
        elif self._ws is not None:
            frame = encode(message)
            self.run_worker(self._write(self._ws, frame), group="send", exit_on_error=False)

    # --- what arrives ---------------------------------------------------------------------

    def on_connection(self, message: Connection) -> None:
        """Show the connection's state."""
        if message.status == "connected" or self.connection == "refused":
            return  # connected is shown once the welcome arrives; a refusal stays
        self.connection, self.connection_detail = message.status, message.detail
        self.update_bars()

    def on_server_message(self, message: ServerMessage) -> None:
        """Errors and acks at once; everything else is applied in batches."""
        data = message.data
        kind = data.get("type")
        if kind == "error":
            ref = data.get("ref")
            self.outbox.pop(ref if isinstance(ref, str) else "", None)
            text = clean(data.get("message") or data.get("code") or "?")
            self.notify(
                text,
                title=texts(self.state.language)["error"],
                severity="error",
                markup=False,
                timeout=8,
            )
            self.update_bars()
            return
        if kind == "ack":
            self.outbox.pop(str(data.get("id")), None)
            self.update_bars()
            return
        if kind == "welcome":
            self.connection = "connected"
            for pending in list(self.outbox.values()):
                self._deliver(pending)  # the same ids: the server applies each change once
        self._inbox.append(data)
        if not self._flush_due:
            self._flush_due = True
            delay = self._last_flush + FLUSH_EVERY - time.monotonic()
            if delay > 0:
                self._flush_timer = self.set_timer(delay, self.flush)
            else:
                self.call_later(self.flush)

    def flush(self) -> None:
        """Apply the messages that arrived since the last flush, then redraw once."""
        if self._flush_timer is not None:
            self._flush_timer.stop()
            self._flush_timer = None
        self._flush_due = False
        self._last_flush = time.monotonic()
        if not self._inbox:
            return
        batch, self._inbox = self._inbox, []
        old = self.state
        self.state = apply_messages(old, batch)
        self.flushes += 1
        self._react(old, self.state)
        self.redraw()

    def _react(self, old: KioskState, new: KioskState) -> None:
        """What a change of state does beyond drawing: language, screens to show, the end."""
        if new.language != self._language:
            self._language = new.language
            relabel(self, new.language)
            self.refresh_bindings()
        if old.status.ended != new.status.ended:
            self.refresh_bindings()
        if not old.welcomed:
            return
        if new.status.exports and not old.status.exports:
            self.push_screen(ExportsScreen(new.language, dict(new.status.exports)))
        voting_now, voting_before = new.status.voting, old.status.voting
        if voting_now and voting_now != voting_before:
            self.switch_mode("votes")
        elif self.role == "screen" and (
            (voting_before and not voting_now) or new.status.focus != old.status.focus
        ):
            self.switch_mode("wall")  # an unattended second screen follows the room

    # --- drawing --------------------------------------------------------------------------

    def kiosk_screen(self) -> KioskScreen | None:
        """The kiosk screen in view (under any modal on top)."""
        for screen in reversed(self.screen_stack):
            if isinstance(screen, KioskScreen):
                return screen
        return None

    def redraw(self) -> None:
        """Draw the state on the screen in view; others draw when they are shown."""
        screen = self.kiosk_screen()
        if screen is not None:
            screen.show(self.state)

    def tick(self) -> None:
        """Count the timer down on the screen in view (nothing to do without one)."""
        screen = self.kiosk_screen()
        if screen is not None and self.state.status.timer is not None:
            screen.show_timer()

    def update_bars(self) -> None:
        """Redraw the top bar and the connection banner."""
        screen = self.kiosk_screen()
        if screen is not None:
            screen.show_bars()
