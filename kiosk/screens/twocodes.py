"""The lobby's two QR codes: the hotspot's Wi-Fi first, then the join URL; side by side when both
fit at a scannable size, else one at a time, taking turns."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.widgets import Static

from kiosk.qr import QRCode, fit

TURN_SECONDS = 8.0  # one code at a time: each stays this long (time enough to scan it)
CAPTION_ROWS = 1
GAP = 2  # columns between the two codes


class TwoCodes(Horizontal):
    """The Wi-Fi code and the join code, with a caption above each."""

    DEFAULT_CSS = """
    TwoCodes > .code-column { width: 1fr; height: 1fr; }
    TwoCodes > #lobby-wifi { margin-right: 2; }
    TwoCodes > .code-column > .code-caption {
        height: 1; width: 1fr; text-align: center; text-style: bold;
    }
    TwoCodes.alternate > .code-column { display: none; margin-right: 0; }
    TwoCodes.alternate > .code-column.showing { display: block; }
    """

    def __init__(self, wifi: str, join: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._wifi, self._join = wifi, join
        self.turns = 0  # how often the codes took turns (for tests)

    def compose(self) -> ComposeResult:
        """A caption and a code in each column; the Wi-Fi first."""
        with Vertical(id="lobby-wifi", classes="code-column showing"):
            yield Static(id="lobby-wifi-caption", classes="code-caption", markup=False)
            yield QRCode(self._wifi, id="lobby-wifi-qr")
        with Vertical(id="lobby-join", classes="code-column"):
            yield Static(id="lobby-join-caption", classes="code-caption", markup=False)
            yield QRCode(self._join, id="lobby-qr")

    def on_mount(self) -> None:
        """Take turns on a timer (it changes nothing while both are shown)."""
        self.set_interval(TURN_SECONDS, self.take_turns)

    def both_fit(self, width: int, height: int) -> bool:
        """Whether both codes fit side by side in width x height cells."""
        each = (width - GAP) // 2
        return all(
            fit(qr.modules, each, height - CAPTION_ROWS) is not None for qr in self.query(QRCode)
        )

    def on_resize(self, event: Resize) -> None:
        """Side by side when both fit, else one at a time."""
        self.set_class(not self.both_fit(event.size.width, event.size.height), "alternate")

    def take_turns(self) -> None:
        """Show the other code (only while they cannot both be shown)."""
        if not self.has_class("alternate"):
            return
        for column in self.query(".code-column"):
            column.toggle_class("showing")
        self.turns += 1

    def caption(self, wifi: str, join: str) -> None:
        """The words above the codes."""
        self.query_one("#lobby-wifi-caption", Static).update(wifi)
        self.query_one("#lobby-join-caption", Static).update(join)
