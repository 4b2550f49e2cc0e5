"""`DELETE /api/sessions/CODE` on a real `dialoog serve --hosted`, with curl and with the CLI."""

from __future__ import annotations

import asyncio
import json
import subprocess
from pathlib import Path

from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from dialoogtafel.server.protocol import hello, new_id
from tests.cli.test_purge import traces
from tests.server.conftest import TIMEOUT
from tests.server.hosted import DIALOOG, REPO, HostedProcess, api_get, create_session, rotate_key

SECRET = "Niemand mag dit later nog lezen"


def curl(*args: str) -> tuple[int, str]:
    """curl's HTTP status and body (a real HTTP client, as an operator would use)."""
    done = subprocess.run(
        ["curl", "-sS", "--noproxy", "*", "-o", "-", "-w", "\n%{http_code}", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    body, _, status = done.stdout.rpartition("\n")
    return int(status), body


async def _answered(server: HostedProcess, code: str) -> object:
    """A phone that answered (acked) and stays connected."""
    ws = await connect(server.ws, proxy=None)
    await ws.send(json.dumps(hello(code, "participant", device="e" * 32, table=1)))
    cid = new_id()
    await ws.send(json.dumps({"type": "answer", "id": cid, "question": "q1", "text": SECRET}))
    async with asyncio.timeout(TIMEOUT):
        while (msg := json.loads(await ws.recv())).get("type") != "ack":
            assert msg.get("type") != "error", msg
    return ws


async def test_delete_takes_a_running_session_off_the_server_and_the_disk(tmp_path: Path) -> None:
    """Wrong key 401; the organizer key: 200, its phones closed, nothing of it left on disk,
    not brought back by a restart."""
    data = tmp_path / "data"
    key = rotate_key(data)
    server = await HostedProcess.start(data)
    try:
        made = await create_session(server.ws, key)
        code = made["session"]
        phone = await _answered(server, code)
        url = server.url(f"/api/sessions/{code}")
        assert (await asyncio.to_thread(curl, "-X", "DELETE", url))[0] == 401
        wrong = ("-X", "DELETE", "-H", "Authorization: Bearer nope", url)
        assert (await asyncio.to_thread(curl, *wrong))[0] == 401
        assert (await asyncio.to_thread(curl, "-H", f"Authorization: Bearer {key}", url))[0] == 405
        assert (data / code).exists()
        right = ("-X", "DELETE", "-H", f"Authorization: Bearer {key}", url)
        status, body = await asyncio.to_thread(curl, *right)
        assert status == 200, body
        assert json.loads(body)["removed"] == code
        async with asyncio.timeout(TIMEOUT):
            try:
                while True:
                    await phone.recv()  # type: ignore[attr-defined]
            except ConnectionClosed as closed:
                assert closed.rcvd is not None and closed.rcvd.code == 1001
        assert traces(data, code, SECRET, made["leader_token"]) == []
        export = server.url(f"/api/sessions/{code}/export.md")
        assert (await api_get(export, made["leader_token"]))[0] == 401
        assert (await asyncio.to_thread(curl, *right))[0] == 404
    finally:
        assert await server.stop() == 0
    assert traces(data, code, SECRET) == []
    again = await HostedProcess.start(data)
    try:
        assert again.lines["hosted server"] == "0 open session(s) brought back"
    finally:
        await again.stop()
    assert not (data / code).exists()


async def test_dialoog_purge_with_server_removes_it_there_and_the_tokens_kept_here(
    tmp_path: Path,
) -> None:
    """`dialoog purge CODE --server URL`: DELETE with the organizer key; remote/CODE.json goes."""
    data = tmp_path / "server-data"
    key = rotate_key(data)
    server = await HostedProcess.start(data)
    laptop = tmp_path / "laptop"
    try:
        code = (await create_session(server.ws, key))["session"]
        (laptop / "remote").mkdir(parents=True)
        (laptop / "remote" / f"{code}.json").write_text("{}")
        base = server.url("")
        args = ["purge", code, "--server", base, "--yes", "--data", str(laptop)]
        wrong = await asyncio.to_thread(_run, *args, "--organizer-key", "nope")
        assert wrong.returncode == 2 and "did not take this organizer key" in wrong.stderr
        done = await asyncio.to_thread(_run, *args, "--organizer-key", key)
        assert done.returncode == 0, done.stderr
        assert code in done.stdout
        assert not (data / code).exists() and not (laptop / "remote" / f"{code}.json").exists()
    finally:
        await server.stop()


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*DIALOOG, *args], cwd=REPO, capture_output=True, text=True, timeout=60, check=False
    )
