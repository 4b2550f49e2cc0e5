"""A hosted server tried as an attacker would: raw requests, wrong keys, resends, big sets."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest

from dialoogtafel.server.protocol import create
from tests.server.conftest import HOST, TIMEOUT
from tests.server.hosted import HostedProcess, create_session, rotate_key, start_hosted

UPGRADE = (
    "GET /ws HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
)


async def raw(port: int, head: str) -> tuple[int, dict[str, str], str]:
    """Send one request as written (headers repeated as the attacker likes); status, headers
    (lower-case names, last value) and body of the answer."""
    reader, writer = await asyncio.open_connection(HOST, port)
    try:
        writer.write((head + "\r\n").encode())
        await writer.drain()
        async with asyncio.timeout(TIMEOUT):
            status_line = await reader.readline()
            headers = {}
            while (line := await reader.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode().partition(":")
                headers[name.strip().lower()] = value.strip()
            body = await reader.read(int(headers.get("content-length", "0")))
    finally:
        writer.close()
    return int(status_line.split()[1]), headers, body.decode(errors="replace")


def addresses(log: str) -> list[str]:
    """Log lines naming an address, but the server's own listening line."""
    return [line for line in log.splitlines() if HOST in line and "listening on" not in line]


async def test_repeated_headers_get_400_and_403_never_a_500_nor_a_traceback(
    tmp_path: Path,
) -> None:
    """Two Authorization headers on /api/: 400; two Origins (or Hosts) on /ws: 403; odd methods:
    405; the server's log holds no traceback and no client address."""
    data = tmp_path / "data"
    key = rotate_key(data)
    server = await HostedProcess.start(data)
    port, host = server.port, f"{HOST}:{server.port}"
    try:
        auth = f"Authorization: Bearer {key}\r\n"
        api = f"GET /api/sessions HTTP/1.1\r\nHost: {host}\r\n"
        assert (await raw(port, api + auth))[0] == 200
        assert (await raw(port, api + auth + auth))[0] == 400
        assert (await raw(port, api + auth + "Authorization: Bearer x\r\n"))[0] == 400
        upgrade = UPGRADE.format(host=host)
        mine = f"Origin: http://{host}\r\n"
        assert (await raw(port, upgrade + mine))[0] == 101
        assert (await raw(port, upgrade + mine + mine))[0] == 403
        assert (await raw(port, upgrade + mine + "Origin: http://evil.example\r\n"))[0] == 403
        assert (await raw(port, upgrade + mine + f"Host: {host}\r\n"))[0] in (400, 403)
        gz = f"GET / HTTP/1.1\r\nHost: {host}\r\nAccept-Encoding: gzip\r\nAccept-Encoding: br\r\n"
        assert (await raw(port, gz))[0] == 200
        for method in ("DELETE", "PUT", "HEAD"):
            status, headers, _ = await raw(port, f"{method} / HTTP/1.1\r\nHost: {host}\r\n")
            assert status == 405 and headers["allow"] == "GET"
        status, headers, _ = await raw(
            port, f"POST /api/sessions HTTP/1.1\r\nHost: {host}\r\n{auth}"
        )
        assert status == 405 and headers["allow"] == "GET"
        assert (await raw(port, api + auth))[0] == 200  # still serving
    finally:
        assert await server.stop() == 0
    log = (await server.proc.stderr.read()).decode()  # type: ignore[union-attr]
    assert "Traceback" not in log and " 500" not in log
    assert not addresses(log)


async def test_wrong_keys_pause_every_key_check_and_say_when_to_come_back(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Past the free wrong keys no key is checked (the right one neither): create gets
    rate_limited, /api/ 429 with Retry-After; the log names no address."""
    caplog.set_level(logging.INFO)
    server, key = await start_hosted(
        tmp_path / "data", wrong_keys_free=3, wrong_keys_pause=3600.0, wrong_keys_cap=7200.0
    )
    host = f"{HOST}:{server.port}"
    ws = f"ws://{host}/ws"
    try:
        for n in range(3):
            assert (await create_session(ws, f"wrong-{n}"))["code"] == "bad_token"
        assert (await create_session(ws, key))["type"] == "created"  # three are free
        wrong = await raw(
            server.port,
            f"GET /api/sessions HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer wrong-4\r\n",
        )
        assert wrong[0] == 401  # the fourth: counted, and checking pauses from now on
        paused = await create_session(ws, key)
        assert paused["code"] == "rate_limited" and "try again in 3600 s" in paused["message"]
        status, headers, _ = await raw(
            server.port,
            f"GET /api/sessions HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {key}\r\n",
        )
        assert status == 429 and int(headers["retry-after"]) >= 3590
    finally:
        await server.close()
    assert "no key is checked for 3600 s" in caplog.text
    assert not addresses(caplog.text) and "wrong-" not in caplog.text


async def test_a_create_resent_after_a_restart_is_the_same_session(tmp_path: Path) -> None:
    """The create id is kept on disk: after a restart its resend gets the same session back,
    and no second session is made."""
    data = tmp_path / "data"
    key = rotate_key(data)
    frame = create(key, 3, set_id="eigen-regie")
    first = await HostedProcess.start(data)
    try:
        made = await create_session(first.ws, key, frame=frame)
        assert made["type"] == "created"
    finally:
        await first.stop()
    again = await HostedProcess.start(data)
    try:
        resent = await create_session(again.ws, key, frame=frame)
    finally:
        await again.stop()
    assert resent["type"] == "created", resent
    assert (resent["session"], resent["leader_token"]) == (made["session"], made["leader_token"])
    assert [p.name for p in data.iterdir() if p.is_dir()] == [made["session"]]


SET = """id = "groot"
title = "Een grote set"
language = "nl"
intro = "{intro}"

[[questions]]
id = "q1"
text = "Wat werkt?"
"""


async def test_a_set_that_fits_the_frame_is_taken_and_create_errors_are_english(
    tmp_path: Path,
) -> None:
    """A 12 KiB set text fits the 16 KiB frame and makes a session; a create over 16 KiB gets
    `too_big` in English with its id; a broken create's errors are English too."""
    server, key = await start_hosted(tmp_path / "data")
    ws = f"ws://{HOST}:{server.port}/ws"
    try:
        twelve = SET.format(intro="x" * (12 * 1024))
        made = await create_session(ws, key, toml=twelve)
        assert made["type"] == "created", made
        big = create(key, 3, toml=SET.format(intro="x" * (16 * 1024)))
        refused = await create_session(ws, key, frame=big)
        assert refused["code"] == "too_big" and refused["ref"] == big["id"]
        assert refused["message"] == "This message is too big."
        broken = {"type": "create", "id": "c-1", "key": key, "tables": 0, "set": "eigen-regie"}
        bad = await create_session(ws, key, frame=broken)
        assert bad["code"] == "bad_message" and bad["message"].startswith("This message")
    finally:
        await server.close()
