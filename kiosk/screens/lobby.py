"""The lobby: a big QR code of the join URL, the URL spelled out, the code, phones per table."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from dialoogtafel.kiosk.plain import plain
from dialoogtafel.kiosk.qr import QRCode
from dialoogtafel.kiosk.screens.base import KioskScreen
from dialoogtafel.kiosk.screens.twocodes import TwoCodes
from dialoogtafel.kiosk.state import KioskState
from dialoogtafel.kiosk.wifi import Wifi


class LobbyScreen(KioskScreen):
    """Shown first, and again with one key: how to join."""

    CSS_PATH = "lobby.tcss"

    def compose_body(self) -> ComposeResult:
        """The code on the left, how to join on the right."""
        with Horizontal(id="lobby"):
            wifi = self.kiosk.wifi
            if wifi is None:
                yield QRCode(self.kiosk.join_url, id="lobby-qr")
            else:
                yield TwoCodes(wifi.payload, self.kiosk.join_url, id="lobby-codes")
            with Vertical(id="lobby-side"):
                yield Static(id="lobby-title", markup=False)
                yield Static(id="lobby-scan", markup=False)
                yield Static(id="lobby-url", markup=False)
                yield Static(id="lobby-code", markup=False)
                yield Static(id="lobby-note", markup=False)
                yield Static(id="lobby-counts", markup=False)

    def draw(self, state: KioskState) -> None:
        """Title, join text, code and counts; the QR code never changes."""
        t, app = self.t, self.kiosk
        for qr in self.query(QRCode):
            qr.too_small = t["qr_too_small"]
        title = plain(state.title, "bold") if state.title else Text(t["lobby_waiting"])
        self.query_one("#lobby-title", Static).update(title)
        scan = Text(f"{t['lobby_scan']}\n{t['lobby_or']}")
        if app.wifi is not None:
            scan = self._wifi_words(app.wifi)
            wifi_caption = f"{t['lobby_wifi_caption']}: {app.wifi.ssid}"
            self.query_one(TwoCodes).caption(wifi_caption, t["lobby_join_caption"])
        self.query_one("#lobby-scan", Static).update(scan)
        self.query_one("#lobby-url", Static).update(Text(app.join_url, style="bold"))
        code = Text(f"{t['lobby_code']}: ")
        code.append(" ".join(state.code or app.code), style="bold")
        self.query_one("#lobby-code", Static).update(code)
        note = self.query_one("#lobby-note", Static)
        note.display = bool(app.lan_note)
        note.update(plain(app.lan_note or ""))
        self.query_one("#lobby-counts", Static).update(self._counts(state))

    def _wifi_words(self, wifi: Wifi) -> Text:
        """Which network to join, in words (the password too: the code on the wall holds it)."""
        t = self.t
        out = Text(f"{t['lobby_wifi_first']}\n", style="bold")
        out.append(f"  {t['lobby_wifi_network']}: ")
        out.append(wifi.ssid, style="bold")
        if wifi.security == "nopass":
            out.append(f"\n  ({t['lobby_wifi_open']})")
        else:
            out.append(f"\n  {t['lobby_wifi_password']}: ")
            out.append(wifi.password, style="bold")
        out.append(f"\n{t['lobby_wifi_then']}\n", style="bold")
        out.append(t["lobby_or"])
        return out

    def _counts(self, state: KioskState) -> Text:
        t = self.t
        out = Text(f"{t['lobby_phones']}\n", style="bold")
        if not state.tables:
            out.append(t["lobby_no_tables"])
            return out
        total = 0
        for n in sorted(state.tables):
            phones = state.connected.get(n, 0)
            total += phones
            out.append(f"{t['table']} {n}: ")
            out.append(f"{phones:>3}", style="bold")
            out.append("\n" if len(state.tables) <= 12 else "   ")
        out.append(f"\nΣ {total}", style="bold")
        return out
