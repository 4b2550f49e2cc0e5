"""From the URL a leader has to the socket and the join URL."""

from __future__ import annotations

import pytest

from dialoogtafel.cli.network import pick_address
from dialoogtafel.server.protocol.urls import BadUrl, endpoint, join_url


@pytest.mark.parametrize(
    ("url", "session", "ws", "code", "join"),
    [
        (
            "http://10.0.0.5:8080/s/abcd",
            None,
            "ws://10.0.0.5:8080/ws",
            "ABCD",
            "http://10.0.0.5:8080/s/ABCD",
        ),
        (
            "https://example.org/dt/s/XY23Z/",
            None,
            "wss://example.org/dt/ws",
            "XY23Z",
            "https://example.org/dt/s/XY23Z",
        ),
        (
            "ws://127.0.0.1:9000/ws",
            "qrst",
            "ws://127.0.0.1:9000/ws",
            "QRST",
            "http://127.0.0.1:9000/s/QRST",
        ),
        (
            "http://127.0.0.1:9000",
            "ABCD",
            "ws://127.0.0.1:9000/ws",
            "ABCD",
            "http://127.0.0.1:9000/s/ABCD",
        ),
    ],
)
def test_endpoint_from_a_session_url(
    url: str, session: str | None, ws: str, code: str, join: str
) -> None:
    """The code comes from /s/CODE or --session; a proxy's path prefix is kept."""
    e = endpoint(url, session)
    assert (e.ws_url, e.code, e.join_url) == (ws, code, join)


@pytest.mark.parametrize("url", ["ftp://x/s/ABCD", "http:///s/ABCD", "http://h:1/ws", "nonsense"])
def test_endpoint_refuses_what_names_no_session(url: str) -> None:
    """No scheme, no host or no code: a clear BadUrl."""
    with pytest.raises(BadUrl):
        endpoint(url)


def test_join_url_with_a_table() -> None:
    """A table tent's URL carries ?t=N."""
    assert join_url("http://h:8080/", "abcd", 7) == "http://h:8080/s/ABCD?t=7"


class _IP:
    def __init__(self, ip: object) -> None:
        self.ip = ip


class _Adapter:
    def __init__(self, name: str, *ips: object) -> None:
        self.name = self.nice_name = name
        self.ips = [_IP(ip) for ip in ips]


def test_lan_address_prefers_a_private_address_on_a_real_interface() -> None:
    """Loopback, link-local and IPv6 are skipped; a Wi-Fi 192.168 beats docker's 172.17."""
    adapters = [
        _Adapter("lo", "127.0.0.1", ("::1", 0, 0)),
        _Adapter("docker0", "172.17.0.1"),
        _Adapter("eth1", "169.254.3.4"),
        _Adapter("wlan0", "192.168.1.23", ("fe80::1", 0, 2)),
    ]
    assert pick_address(adapters) == "192.168.1.23"  # type: ignore[arg-type]


def test_lan_address_is_none_without_a_network() -> None:
    """Only loopback: no LAN address."""
    assert pick_address([_Adapter("lo", "127.0.0.1")]) is None  # type: ignore[arg-type]


def test_a_public_address_is_used_when_nothing_private_exists() -> None:
    """A VPS with only a public address still gets a URL."""
    assert pick_address([_Adapter("eth0", "203.0.113.9")]) == "203.0.113.9"  # type: ignore[arg-type]
