"""Behind a real TLS reverse proxy (Caddy, its internal CA): a leader makes a session on a hosted
server over wss, a phone in chromium joins over https and its WebSocket goes over wss."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from playwright.sync_api import expect
from websockets.sync.client import connect

from dialoogtafel.cli.organizer import Remote
from dialoogtafel.cli.remote import create_remote
from dialoogtafel.server.protocol import hello
from tests.browser.conftest import PhoneFactory
from tests.browser.harness import HOST, TIMEOUT
from tests.browser.phone import send_answer
from tests.browser.proxy import Caddy, HostedServe
from tests.server.hosted import rotate_key


@pytest.fixture
def behind_caddy(tmp_path: Path) -> Iterator[tuple[HostedServe, Caddy, str]]:
    """`dialoog serve --hosted` behind Caddy; the organizer key; both stopped afterwards."""
    data = tmp_path / "data"
    key = rotate_key(data)
    caddy = Caddy(tmp_path / "caddy", upstream=0)
    server = HostedServe(data, public_url=caddy.base)
    caddy.upstream = server.port
    server.start()
    try:
        caddy.start()
        yield server, caddy, key
    finally:
        caddy.stop()
        server.terminate()


def make_session(caddy: Caddy, key: str, monkeypatch: pytest.MonkeyPatch) -> Remote:
    """What `dialoog start --server https://…` does first: create over wss, the CA trusted."""
    monkeypatch.setenv("SSL_CERT_FILE", str(caddy.root_ca))  # as a real CA would be trusted
    with ThreadPoolExecutor(1) as pool:  # its own event loop, apart from Playwright's
        return pool.submit(asyncio.run, create_remote(caddy.base, key, "eigen-regie", 3)).result(
            timeout=TIMEOUT * 3
        )


def test_a_phone_joins_through_the_tls_proxy_over_https_and_wss(
    behind_caddy: tuple[HostedServe, Caddy, str],
    phones: PhoneFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The QR's https URL opens the page through Caddy; the socket is wss; the leader (over
    wss too) sees the answer; the minutes come back through the proxy with the Bearer token."""
    server, caddy, key = behind_caddy
    remote = make_session(caddy, key, monkeypatch)
    assert remote.join_url == f"https://{HOST}:{caddy.port}/s/{remote.code}"

    with connect(
        f"wss://{HOST}:{caddy.port}/ws", ssl=caddy.ssl_context(), open_timeout=TIMEOUT
    ) as leader:
        leader.send(json.dumps(hello(remote.code, "leader", token=remote.leader_token)))
        assert json.loads(leader.recv(timeout=TIMEOUT))["type"] == "welcome"

        phone = phones(ignore_https_errors=True)  # Caddy's own CA is not in chromium's store
        sockets: list[str] = []
        phone.on("websocket", lambda ws: sockets.append(ws.url))
        phone.goto(remote.join_url)
        expect(phone.locator("#status")).to_have_attribute("data-conn", "open")
        phone.locator('[data-action="choose-table"][data-table="2"]').click()
        mine = send_answer(phone, "q1", "Via de proxy, versleuteld")
        expect(mine).to_have_attribute("data-state", "saved")
        assert phone.url.startswith(f"https://{HOST}:{caddy.port}/s/")
        assert sockets and set(sockets) == {f"wss://{HOST}:{caddy.port}/ws"}

        texts = []
        while "Via de proxy, versleuteld" not in texts:
            msg = json.loads(leader.recv(timeout=TIMEOUT))
            if msg["type"] == "answer":
                texts.append(msg["text"])
        assert texts == ["Via de proxy, versleuteld"]

    status, body = caddy.get(f"/api/sessions/{remote.code}/export.md", remote.leader_token)
    assert status == 200 and "Via de proxy, versleuteld" in body.decode()
    assert caddy.get(f"/api/sessions/{remote.code}/export.md")[0] == 401
    assert server.proc is not None and server.proc.poll() is None
