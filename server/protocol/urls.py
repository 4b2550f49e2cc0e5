"""From the URL a leader has (http://host:port/s/CODE) to the socket to open and the join URL."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

CODE = re.compile(r"^[A-Za-z0-9]{4,6}$")  # PROTOCOL.md: 4-6 characters, case-insensitive
SESSION_PATH = re.compile(r"^(?P<prefix>.*)/s/(?P<code>[^/?#]+)/?$")
WS_SCHEME = {"http": "ws", "https": "wss", "ws": "ws", "wss": "wss"}
HTTP_SCHEME = {"ws": "http", "wss": "https", "http": "http", "https": "https"}


class BadUrl(ValueError):
    """The URL names no server or no session; the message says what to pass."""


@dataclass(frozen=True, slots=True)
class Endpoint:
    """Where the kiosk connects, which session, and what the QR code says."""

    ws_url: str
    code: str
    join_url: str


def endpoint(url: str, session: str | None = None) -> Endpoint:
    """Parse `http(s)://host[:port][/prefix]/s/CODE`, or a ws(s):// URL of /ws plus `session`.

    A reverse proxy's path prefix is kept: https://example.org/dt/s/ABCD -> wss://example.org/dt/ws.
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in WS_SCHEME or not parts.hostname:
        raise BadUrl(f"not a server URL: {url!r} (expected http://HOST:PORT/s/CODE)")
    path = parts.path.rstrip("/")
    match = SESSION_PATH.match(parts.path)
    if match:
        prefix, code = match["prefix"], match["code"]
    else:
        prefix = path[: -len("/ws")] if path.endswith("/ws") else path
        code = session or ""
    code = (session or code).upper()
    if not CODE.match(code):
        raise BadUrl(f"no session code in {url!r} (expected .../s/CODE, or --session CODE)")
    ws = urlunsplit((WS_SCHEME[scheme], parts.netloc, f"{prefix}/ws", "", ""))
    join = urlunsplit((HTTP_SCHEME[scheme], parts.netloc, f"{prefix}/s/{code}", "", ""))
    return Endpoint(ws, code, join)


def join_url(public_url: str, code: str, table: int | None = None) -> str:
    """The phone page of a session (optionally at a table) under a public base URL."""
    url = f"{public_url.rstrip('/')}/s/{code.upper()}"
    return url if table is None else f"{url}?t={table}"
