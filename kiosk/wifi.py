"""A Wi-Fi QR code for the laptop's own hotspot: `WIFI:T:WPA;S:ssid;P:password;;`.

The format (ZXing's "Wi-Fi network config", read by the camera apps of Android and iOS) escapes
a backslash, semicolon, comma, colon and double quote in the SSID and password with a backslash.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from typing import Literal

Security = Literal["WPA", "WEP", "nopass"]
SECURITIES: tuple[Security, ...] = ("WPA", "WEP", "nopass")
SPECIAL = '\\;,:"'
MAX_SSID = 32  # bytes, IEEE 802.11


def escape(value: str) -> str:
    """Backslash before each of \\ ; , : " (the WIFI: format's special characters)."""
    return "".join("\\" + ch if ch in SPECIAL else ch for ch in value)


@dataclass(frozen=True, slots=True)
class Wifi:
    """The network phones join first: its name, password and kind of security."""

    ssid: str
    password: str = ""
    security: Security = "WPA"

    @property
    def payload(self) -> str:
        """What the QR code holds."""
        if self.security == "nopass":
            return f"WIFI:T:nopass;S:{escape(self.ssid)};;"
        return f"WIFI:T:{self.security};S:{escape(self.ssid)};P:{escape(self.password)};;"


def add_wifi_options(p: argparse.ArgumentParser) -> None:
    """--wifi, --wifi-password, --wifi-security for `dialoog start`."""
    p.add_argument(
        "--wifi",
        metavar="SSID",
        help="the laptop's own hotspot: the lobby shows a Wi-Fi QR code beside the join code "
        "so phones join this network first",
    )
    p.add_argument("--wifi-password", metavar="P", help="the hotspot's password")
    p.add_argument(
        "--wifi-security",
        choices=SECURITIES,
        default=None,
        help="WPA (WPA2/WPA3; the default with a password), WEP, or nopass (an open network)",
    )


def wifi_from(args: argparse.Namespace) -> Wifi | None:
    """The Wi-Fi the options describe, or None; ValueError says what does not fit."""
    ssid, password = args.wifi, args.wifi_password
    if ssid is None:
        if password is not None or args.wifi_security is not None:
            raise ValueError("--wifi-password and --wifi-security need --wifi SSID")
        return None
    if not ssid or len(ssid.encode()) > MAX_SSID:
        raise ValueError(f"a Wi-Fi name (SSID) has 1 to {MAX_SSID} bytes, not {ssid!r}")
    security: Security = args.wifi_security or ("WPA" if password else "nopass")
    if security == "nopass":
        if password:
            raise ValueError("an open network (--wifi-security nopass) has no password")
        return Wifi(ssid, "", "nopass")
    if not password:
        raise ValueError(f"--wifi-security {security} needs --wifi-password P")
    hex_key = len(password) == 64 and all(c in "0123456789abcdefABCDEF" for c in password)
    if security == "WPA" and not (8 <= len(password) <= 63 or hex_key):
        raise ValueError("a WPA password has 8 to 63 characters (or 64 hex digits)")
    return Wifi(ssid, password, security)
