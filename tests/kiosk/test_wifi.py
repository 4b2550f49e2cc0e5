"""The laptop's hotspot: a Wi-Fi QR code beside the join code, escaped, decoded from the lobby."""

from __future__ import annotations

import argparse
import subprocess
import sys
from typing import Any

import pytest

from dialoogtafel.kiosk.app import KioskApp
from dialoogtafel.kiosk.messages import ServerMessage
from dialoogtafel.kiosk.screens.twocodes import TwoCodes
from dialoogtafel.kiosk.wifi import Wifi, escape, wifi_from
from tests.kiosk.roomdata import JOIN, TOKEN, URL, Room, screen_text, until
from tests.qrcodes import qr_texts, svg_image

HOTSPOT = Wifi('Workshop; zaal "2"', "ge:heim,\\123", "WPA")


@pytest.mark.parametrize(
    ("wifi", "payload"),
    [
        (Wifi("Zaal 2", "geheim123"), "WIFI:T:WPA;S:Zaal 2;P:geheim123;;"),
        (HOTSPOT, 'WIFI:T:WPA;S:Workshop\\; zaal \\"2\\";P:ge\\:heim\\,\\\\123;;'),
        (Wifi("Open", "", "nopass"), "WIFI:T:nopass;S:Open;;"),
        (Wifi("Oud", "12345", "WEP"), "WIFI:T:WEP;S:Oud;P:12345;;"),
        (Wifi("Café ☕", "wachtwoord"), "WIFI:T:WPA;S:Café ☕;P:wachtwoord;;"),
    ],
)
def test_the_payload_escapes_what_the_format_requires(wifi: Wifi, payload: str) -> None:
    """\\ ; , : and " get a backslash; nothing else changes; an open network has no P."""
    assert wifi.payload == payload


def test_escape_leaves_only_escaped_specials() -> None:
    """Every special character is preceded by a backslash, in order."""
    assert escape('a\\b;c,d:e"f') == 'a\\\\b\\;c\\,d\\:e\\"f'


def options(**kw: Any) -> argparse.Namespace:
    """Parsed Wi-Fi options."""
    return argparse.Namespace(**{"wifi": None, "wifi_password": None, "wifi_security": None, **kw})


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"wifi_password": "geheim123"}, "need --wifi SSID"),
        ({"wifi": "Zaal"}, None),
        ({"wifi": "Zaal", "wifi_security": "WPA"}, "needs --wifi-password"),
        ({"wifi": "Zaal", "wifi_password": "kort"}, "8 to 63 characters"),
        ({"wifi": "Zaal", "wifi_password": "x", "wifi_security": "nopass"}, "has no password"),
        ({"wifi": "x" * 33, "wifi_password": "geheim123"}, "1 to 32 bytes"),
    ],
)
def test_wifi_options_that_do_not_fit_say_why(given: dict[str, Any], message: str | None) -> None:
    """Each mismatch is one sentence; an SSID alone is an open network."""
    if message is None:
        assert wifi_from(options(**given)) == Wifi("Zaal", "", "nopass")
        return
    with pytest.raises(ValueError, match=message):
        wifi_from(options(**given))


def test_start_with_a_password_but_no_network_is_one_line_and_exit_2() -> None:
    """`dialoog start --wifi-password P` without --wifi: one line, exit 2, no screen."""
    done = subprocess.run(
        [sys.executable, "-m", "dialoogtafel", "start", "--wifi-password", "geheim123"],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 2 and "need --wifi SSID" in done.stderr
    assert done.stderr.count("\n") == 1


def decoded(app: KioskApp) -> set[str]:
    """What zxing-cpp reads in the kiosk's screenshot."""
    return set(qr_texts(svg_image(app.export_screenshot())))


@pytest.mark.parametrize(
    ("size", "side_by_side"),
    [((160, 50), True), ((240, 67), True), ((120, 35), False), ((80, 24), False)],
)
async def test_both_codes_decode_from_the_lobby(size: tuple[int, int], side_by_side: bool) -> None:
    """Screenshot -> PNG -> zbar: the Wi-Fi code and the join code, side by side when they fit,
    else one after the other; the words name the network and its password."""
    app = KioskApp(URL, TOKEN, "leader", JOIN, None, transmit=lambda m: None, wifi=HOTSPOT)
    async with app.run_test(size=size) as pilot:
        app.post_message(ServerMessage(Room().welcome()))
        await until(pilot, lambda: app.state.welcomed, "welcome")
        await pilot.pause()
        codes = app.screen.query_one(TwoCodes)
        assert codes.has_class("alternate") is not side_by_side
        seen = decoded(app)
        assert f"1 · wifi: {HOTSPOT.ssid}" in screen_text(app)
        if not side_by_side:
            assert len(seen) == 1
            codes.take_turns()
            await pilot.pause()
            seen |= decoded(app)
        words = screen_text(app)
    assert seen == {HOTSPOT.payload, JOIN}
    assert "Verbind eerst met de wifi" in words and HOTSPOT.ssid in words
    assert HOTSPOT.password in words
    assert TOKEN not in words
