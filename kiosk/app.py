"""The kiosk: a Textual app for the projector, a client of the server like any phone."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from typing import Any, ClassVar, Literal

from textual import work
from textual.binding import Binding, BindingType
from textual.reactive import var
from textual.screen import Screen
from textual.timer import Timer
from textual.worker import Worker
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidProxy, InvalidURI

from dialoogtafel.kiosk.actions import KioskActions
from dialoogtafel.kiosk.incoming import apply_messages
from dialoogtafel.kiosk.keys import localized
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

# The kiosk's screens by mode name; each is shown as localized(screen, the session's language).
VIEWS: dict[str, type[KioskScreen]] = {
    "lobby": LobbyScreen,
    "wall": WallScreen,
    "overview": OverviewScreen,
    "votes": VotesScreen,
    "notes": NotesScreen,
    "queue": QueueScreen,
    "rode_draad": RodeDraadScreen,
    "results": ResultsScreen,
}
RELABEL = "relabel"  # a blank screen, shown for a moment while the others are made anew


class KioskApp(KioskActions):
    """The projector app: lobby, wall, overview, votes and notes of one session.

    State down: `state` (what the server said, applied in batches), `connection` and `waiting`
    (changes not yet confirmed) are reactives that the screens watch (kiosk/screens/base.py).
    """

    CSS_PATH = "app.tcss"
    TITLE = "Dialoogtafel"
    ENABLE_COMMAND_PALETTE = False
    MODES: ClassVar[dict[str, Any]] = {
        **{mode: localized(view, "nl") for mode, view in VIEWS.items()},
        RELABEL: Screen,
    }
    DEFAULT_MODE = "lobby"
    # The screens bind the keys (kiosk/keys.py); quit works from a dialog too.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "request_quit", show=False, priority=True)
    ]

    state: var[KioskState] = var(KioskState)
    connection: var[str] = var("connecting", always_update=True)
    waiting: var[int] = var(0)

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
        self.transmit = transmit
        self.connection_detail = ""
        self.outbox: dict[str, dict[str, Any]] = {}  # changes sent and not yet acked, in order
        self.flushes = 0  # how often a batch of messages was applied
        self.inbox: list[dict[str, Any]] = []  # messages waiting for the next batch
        self.flush_timer: Timer | None = None
        self.flush_due = False
        self.last_flush = 0.0
        self.ws: ClientConnection | None = None
        self.socket_worker: Worker[None] | None = None

    # --- life cycle and socket -------------------------------------------------------------

    def on_mount(self) -> None:
        """Start the socket, unless a test drives the kiosk."""
        if self.transmit is None:
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
        self.ws = ws
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
            self.ws = None
        return welcomed

    async def _write(self, ws: ClientConnection, frame: str) -> None:
        with contextlib.suppress(ConnectionClosed, OSError):  # kept in the outbox: resent later
            await ws.send(frame)

    def send(self, message: dict[str, Any]) -> None:
        """Send a frame; a change stays in the outbox until acked and is resent on reconnect."""
        if isinstance(message.get("id"), str):
            self.outbox[message["id"]] = message
        self._deliver(message)
        self.waiting = len(self.outbox)

    def _deliver(self, message: dict[str, Any]) -> None:
        if self.transmit is not None:
            self.transmit(message)
        elif self.ws is not None:
            frame = encode(message)
            self.run_worker(self._write(self.ws, frame), group="send", exit_on_error=False)

    # --- what arrives ---------------------------------------------------------------------

    def on_connection(self, message: Connection) -> None:
        """Show the connection's state."""
        if message.status == "connected" or self.connection == "refused":
            return  # connected is shown once the welcome arrives; a refusal stays
        self.connection_detail = message.detail
        self.connection = message.status

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
            self.waiting = len(self.outbox)
            return
        if kind == "ack":
            self.outbox.pop(str(data.get("id")), None)
            self.waiting = len(self.outbox)
            return
        if kind == "welcome":
            self.connection = "connected"
            for pending in list(self.outbox.values()):
                self._deliver(pending)  # the same ids: the server applies each change once
        self.inbox.append(data)
        if not self.flush_due:
            self.flush_due = True
            delay = self.last_flush + FLUSH_EVERY - time.monotonic()
            if delay > 0:
                self.flush_timer = self.set_timer(delay, self.flush)
            else:
                self.call_later(self.flush)

    def flush(self) -> None:
        """Apply the messages that arrived since the last flush: one new state, drawn once."""
        if self.flush_timer is not None:
            self.flush_timer.stop()
            self.flush_timer = None
        self.flush_due = False
        self.last_flush = time.monotonic()
        if not self.inbox:
            return
        batch, self.inbox = self.inbox, []
        self.flushes += 1
        self.state = apply_messages(self.state, batch)

    def watch_state(self, old: KioskState, new: KioskState) -> None:
        """What a change of state does beyond drawing: language, screens to show, the end."""
        if new.language != old.language:
            self.relabel(new.language)
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

    def relabel(self, language: str) -> None:
        """Every screen anew, its keys labelled in this language (see keys.localized).

        In one go, awaiting nothing: Textual mounts and removes the screens after, in order.
        """
        current = self.current_mode
        self.switch_mode(RELABEL)  # a blank moment, so that the screen in view can go too
        for mode, view in VIEWS.items():
            self.remove_mode(mode)  # its screens, and any dialog on them
            self.add_mode(mode, localized(view, language))
        self.switch_mode(current)
