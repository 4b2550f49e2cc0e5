"""What every kiosk screen has: the top bar, the connection banner, the timer, its body, the footer.

How a screen gets its data (docs/kiosk.md): the app's `state`, `connection` and `waiting` are
Textual reactives. A screen watches them from on_mount and draws when it is the one in view; a
screen out of view draws when it is shown again (on_screen_resume). Nothing calls a screen's
draw from outside.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.screen import Screen
from textual.widgets import Footer, Static

from dialoogtafel.kiosk.keys import APP_KEYS
from dialoogtafel.kiosk.plain import plain
from dialoogtafel.kiosk.screens.timer import TimerBar
from dialoogtafel.kiosk.state import KioskState
from dialoogtafel.kiosk.texts import texts

if TYPE_CHECKING:
    from dialoogtafel.kiosk.app import KioskApp


class KioskScreen(Screen[None]):
    """A screen of the kiosk: draws the app's state when shown and whenever it changes."""

    AUTO_FOCUS = None
    BINDINGS: ClassVar[list[BindingType]] = APP_KEYS

    def __init__(self) -> None:
        super().__init__()
        self.topbar = Static(id="topbar", markup=False)
        self.banner = Static(id="banner", markup=False)
        self.timer_bar = TimerBar(id="timer")

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
        yield self.topbar
        yield self.banner
        yield self.timer_bar
        yield from self.compose_body()
        yield Footer(compact=True)

    def compose_body(self) -> ComposeResult:
        """The screen's own widgets."""
        yield from ()

    def on_mount(self) -> None:
        """Watch the app's state and connection; draw what is known now."""
        self.watch(self.app, "state", self.state_changed, init=False)
        self.watch(self.app, "connection", self.bars_changed, init=False)
        self.watch(self.app, "waiting", self.bars_changed, init=False)
        self.state_changed(self.kiosk.state)

    def on_screen_resume(self) -> None:
        """Shown again: draw what is known now."""
        self.show(self.kiosk.state)

    def state_changed(self, state: KioskState) -> None:
        """A new state (one batch of messages): drawn if this screen is in view."""
        if self.is_current:
            self.show(state)

    def bars_changed(self) -> None:
        """The connection or the count of unconfirmed changes: the bars, if in view."""
        if self.is_current:
            self.show_bars()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The app decides who may do what."""
        return self.kiosk.allowed(action)

    def show(self, state: KioskState) -> None:
        """Draw the state: bars, timer, then the body."""
        self.show_bars()
        self.timer_bar.show(state, self.t)
        self.draw(state)

    def draw(self, state: KioskState) -> None:
        """Draw the body from the state."""

    def show_bars(self) -> None:
        """The top bar (title, code, connection, pending changes) and the banner."""
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
        if app.waiting:
            bar.append("   ")
            bar.append(t["pending"].format(n=app.waiting), style="bold")
        self.topbar.update(bar)
        banner = self.banner
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
