"""`dialoog purge`, run as a subprocess against sessions a real `dialoog serve` made and ended."""

from __future__ import annotations

import asyncio
import json
import os
import pty
import subprocess
import sys
import time
from pathlib import Path

from dialoogtafel.server.domain import LEADER
from dialoogtafel.server.domain.commands import End
from dialoogtafel.server.protocol import control, hello, new_id
from dialoogtafel.server.storage import SessionStore
from tests.cli.process import dialoog
from tests.reliability.clients import open_ws
from tests.reliability.serverproc import TIMEOUT, ServerProcess
from tests.storage.sample import T0, answer, change, make_session, sit

REPO = Path(__file__).resolve().parents[2]
SECRET = "Geheim antwoord over de wachtlijst"


async def _reply(ws: object, kind: str, change_id: str) -> None:
    async with asyncio.timeout(TIMEOUT):
        while True:
            msg = json.loads(await ws.recv())  # type: ignore[attr-defined]
            if msg.get("type") == "error":
                raise AssertionError(msg)
            if msg.get("type") == kind and msg.get("id") == change_id:
                return


async def ended_day(folder: Path) -> ServerProcess:
    """A real server's session: a phone's answer, the leader's end (exports and rode draad
    written into the folder); the server still running."""
    server = ServerProcess(folder / "data", folder / "serve.log", tables=2)
    await server.start()
    phone = await open_ws(server.ws_url)
    await phone.send(json.dumps(hello(server.code, "participant", device="d" * 32, table=1)))
    cid = new_id()
    await phone.send(json.dumps({"type": "answer", "id": cid, "question": "q1", "text": SECRET}))
    await _reply(phone, "ack", cid)
    await phone.close()
    leader = await open_ws(server.ws_url)
    await leader.send(json.dumps(hello(server.code, "leader", token=server.leader_token)))
    end = control("end")
    await leader.send(json.dumps(end))
    await _reply(leader, "ack", end["id"])
    await leader.close()
    return server


def traces(data: Path, *needles: str) -> list[str]:
    """Every path under `data` whose name or content holds one of the needles."""
    found = []
    for path in data.rglob("*"):
        content = path.read_bytes() if path.is_file() else b""
        if any(n in path.name or n.encode() in content for n in needles):
            found.append(str(path.relative_to(data)))
    return found


async def test_purge_refuses_a_running_server_then_leaves_nothing(tmp_path: Path) -> None:
    """While its server runs the session is refused; once it stopped, nothing of it is left."""
    server = await ended_day(tmp_path)
    data = server.data
    (data / "remote").mkdir(mode=0o700)
    (data / "remote" / f"{server.code}.json").write_text("{}")  # tokens kept by a leader
    folder = data / server.code
    names = {p.name for p in folder.iterdir()}
    assert {"journal.jsonl", "session.db.json", "tokens.json", "rode-draad.json"} <= names
    assert any(n.endswith(".md") for n in names) and any(n.endswith(".json") for n in names)
    try:
        purge = ("purge", server.code, "--yes", "--data", str(data))
        running = await asyncio.to_thread(dialoog, *purge)
        assert running.returncode == 2, running
        assert "running" in running.stderr and "Traceback" not in running.stderr
        assert names <= {p.name for p in folder.iterdir()}  # (a fold may add the .bak)
    finally:
        await server.stop()
    done = await asyncio.to_thread(dialoog, "purge", server.code, "--yes", "--data", str(data))
    assert done.returncode == 0, done.stderr
    assert f"removed session {server.code}" in done.stdout
    assert not folder.exists()
    assert traces(data, server.code, SECRET) == []
    assert [p.name for p in data.iterdir()] == ["remote"]  # an empty folder of saved tokens


async def test_a_killed_server_does_not_hold_its_session(tmp_path: Path) -> None:
    """The lock is the OS's: a server killed with SIGKILL leaves a session purge can remove."""
    server = await ended_day(tmp_path)
    await server.kill()
    done = await asyncio.to_thread(
        dialoog, "purge", server.code, "--yes", "--data", str(server.data)
    )
    assert done.returncode == 0, done.stderr
    assert traces(server.data, server.code, SECRET) == []


def _stored(data: Path, code: str, ended_at: float | None) -> None:
    async def make() -> None:
        store = SessionStore.create(data, make_session(code))
        await sit(store, "a1")
        await answer(store, "a1", f"{code}-x", SECRET)
        if ended_at is not None:
            await change(store, LEADER, End(f"end-{code}"), ended_at)
        await store.close()

    asyncio.run(make())


def test_without_a_terminal_and_without_yes_nothing_is_removed(tmp_path: Path) -> None:
    """Not on a terminal, no --yes: a sentence, exit 2, the session kept."""
    _stored(tmp_path, "KEEP", T0 + 10)
    result = dialoog("purge", "KEEP", "--data", str(tmp_path))
    assert result.returncode == 2
    assert "--yes" in result.stderr and "Traceback" not in result.stderr
    assert (tmp_path / "KEEP" / "journal.jsonl").exists()


def _on_terminal(args: list[str], reply: str) -> tuple[int, str]:
    """Run with a pseudo-terminal as stdin, typing `reply` at the question."""
    main, other = pty.openpty()
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "dialoogtafel", *args],
            cwd=REPO,
            stdin=other,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        os.write(main, reply.encode() + b"\n")
        out, err = proc.communicate(timeout=60)
    finally:
        os.close(main)
        os.close(other)
    return proc.returncode, out + err


def test_on_a_terminal_it_asks_first(tmp_path: Path) -> None:
    """The question names the session; 'n' keeps it (exit 1), 'y' removes it."""
    _stored(tmp_path, "ASK1", T0 + 10)
    code, said = _on_terminal(["purge", "ASK1", "--data", str(tmp_path)], "n")
    assert code == 1 and "ASK1" in said and "[y/N]" in said and "nothing removed" in said
    assert (tmp_path / "ASK1").exists()
    code, said = _on_terminal(["purge", "ASK1", "--data", str(tmp_path)], "y")
    assert code == 0 and "removed session ASK1" in said
    assert not (tmp_path / "ASK1").exists()


def test_an_unknown_code_is_a_sentence_and_exit_2(tmp_path: Path) -> None:
    """No such session: one line, exit 2."""
    for code in ("ZZZZ", "../etc"):
        result = dialoog("purge", code, "--yes", "--data", str(tmp_path))
        assert result.returncode == 2
        assert result.stderr.startswith("dialoog: ") and result.stderr.count("\n") == 1


def test_ended_before_removes_only_sessions_that_ended_before_the_date(tmp_path: Path) -> None:
    """Ended before the date: removed; ended after it, or never: kept; listed first."""
    day = 86400.0
    _stored(tmp_path, "OLD1", T0)
    _stored(tmp_path, "OLD2", T0 + day)
    _stored(tmp_path, "NEW1", T0 + 10 * day)
    _stored(tmp_path, "OPEN", None)
    date = time.strftime("%Y-%m-%d", time.localtime(T0 + 5 * day))
    result = dialoog("purge", "--ended-before", date, "--yes", "--data", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "OLD1" in result.stdout and "OLD2" in result.stdout and "NEW1" not in result.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["NEW1", "OPEN"]
    bad = dialoog("purge", "--ended-before", "gisteren", "--yes", "--data", str(tmp_path))
    assert bad.returncode == 2 and "not a date" in bad.stderr
