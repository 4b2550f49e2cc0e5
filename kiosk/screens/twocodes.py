"""The lobby's two QR codes: the hotspot's Wi-Fi first, then the join URL; side by side when both
fit at a scannable size, else one at a time, taking turns."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.events import Resize

from dialoogtafel.kiosk.qr import QRCode, fit

TURN_SECONDS = 8.0  # one code at a time: each stays this long (time enough to scan it)
CAPTION_ROWS = 1
GAP = 2  # columns between the two codes


class TwoCodes(Horizontal):
    """The Wi-Fi code and the join code, with a caption above each."""

    DEFAULT_CSS = """
    TwoCodes > QRCode { width: 1fr; height: 1fr; }
    TwoCodes > #lobby-wifi-qr { margin-right: 2; }
    TwoCodes.alternate > QRCode { display: none; margin-right: 0; }
    TwoCodes.alternate > QRCode.showing { display: block; }
    """

    def __init__(self, wifi: str, join: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._wifi, self._join = wifi, join
        self.turns = 0  # how often the codes took turns (for tests)

    def compose(self) -> ComposeResult:
        """The two codes, each with its caption right above it; the Wi-Fi first."""
        yield QRCode(self._wifi, id="lobby-wifi-qr", classes="showing")
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
        for code in self.query(QRCode):
            code.toggle_class("showing")
        self.turns += 1

    def caption(self, wifi: str, join: str) -> None:
        """The words above the codes."""
        for qr, text in (
            (self.query_one("#lobby-wifi-qr", QRCode), wifi),
            (self.query_one("#lobby-qr", QRCode), join),
        ):
            if qr.caption != text:
                qr.caption = text
                qr.refresh()
