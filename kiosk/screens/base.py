"""What every kiosk screen has: the top bar, the connection banner, its body and the footer."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Static

from dialoogtafel.kiosk.keys import relabel
from dialoogtafel.kiosk.plain import plain
from dialoogtafel.kiosk.screens.timer import TimerBar
from dialoogtafel.kiosk.state import KioskState
from dialoogtafel.kiosk.texts import texts

if TYPE_CHECKING:
    from dialoogtafel.kiosk.app import KioskApp


class KioskScreen(Screen[None]):
    """A screen of the kiosk: draws the app's state when shown and whenever it changes."""

    AUTO_FOCUS = None

    def __init__(self) -> None:
        super().__init__()
        self._language = "nl"
        self._ready = False  # composed: until then there is nothing to draw into

    @property
    def kiosk(self) -> KioskApp:
        """The app, typed."""
        return cast("KioskApp", self.app)

    @property
    def t(self) -> dict[str, Any]:
        """The texts in the session's language."""
        return texts(self.kiosk.state.language)

    def compose(self) -> ComposeResult:
        """Bars around the body."""
        yield Static(id="topbar", markup=False)
        yield Static(id="banner", markup=False)
        yield TimerBar(id="timer")
        yield from self.compose_body()
        yield Footer(compact=True)

    def compose_body(self) -> ComposeResult:
        """The screen's own widgets."""
        yield from ()

    def on_mount(self) -> None:
        """Ready to draw."""
        self._ready = True
        self.show(self.kiosk.state)

    def on_screen_resume(self) -> None:
        """Draw what is known now."""
        self.show(self.kiosk.state)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The app decides who may do what."""
        return self.kiosk.allowed(action)

    def show(self, state: KioskState) -> None:
        """Draw the state: bars, labels in the session's language, then the body."""
        if not self._ready:
            return
        if state.language != self._language:
            self._language = state.language
            relabel(self, state.language)
            self.refresh_bindings()
        self.show_bars()
        self.show_timer()
        self.draw(state)

    def show_timer(self) -> None:
        """The countdown (the app calls this every quarter second while a timer runs)."""
        if self._ready:  # a query, not query_one: a tick may come while the app tears down
            for bar in self.query(TimerBar):
                bar.show(self.kiosk.state, self.t)

    def draw(self, state: KioskState) -> None:
        """Draw the body from the state."""

    def show_bars(self) -> None:
        """The top bar (title, code, connection, pending changes) and the banner."""
        if not self._ready:
            return
        app, t = self.kiosk, self.t
        state = app.state
        bar = Text(f" {t['app']} ", style="bold")
        if state.title:
            bar.append("· ")
            bar.append_text(plain(state.title, "bold"))
        bar.append(f"   {t['code']} ")
        bar.append(state.code or app.code, style="bold")
        if app.role == "screen":
            bar.append(f"   ({t['screen_role']})")
        if state.status.round > 1:
            bar.append(f"   {t['round_n'].format(n=state.status.round)}", style="bold")
        waiting = len(state.pending()) if app.role == "leader" else 0
        if waiting:
            bar.append("   ")
            bar.append(t["queue_n"].format(n=waiting), style="bold reverse")
        if state.status.ended:
            bar.append(f"   ■ {t['ended']}", style="bold")
        if app.connection == "connected":
            bar.append(f"   ● {t['connected']}")
        if app.outbox:
            bar.append("   ")
            bar.append(t["pending"].format(n=len(app.outbox)), style="bold")
        self.query_one("#topbar", Static).update(bar)
        banner = self.query_one("#banner", Static)
        if app.connection == "connected":
            banner.display = False
            return
        if app.connection == "refused":
            message = t["refused"] + (f": {app.connection_detail}" if app.connection_detail else "")
        else:
            message = t[app.connection]
        banner.set_class(app.connection != "connecting", "-alarm")
        banner.update(plain(message))
        banner.display = True
