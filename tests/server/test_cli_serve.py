"""`dialoog serve` as a subprocess: what it prints, the token file, SIGTERM, --resume, errors."""

from __future__ import annotations

import asyncio
import json
import signal
import socket
import stat
import subprocess
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest
from websockets.asyncio.client import connect

from dialoogtafel.server.protocol import hello
from tests.cli.process import dialoog
from tests.server.conftest import HOST, TIMEOUT

REPO = Path(__file__).resolve().parents[2]
PUBLIC = f"http://{HOST}:8123"
DIALOOG = [sys.executable, "-m", "dialoogtafel"]


class Serve:
    """A running `dialoog serve` and the lines it printed, by label."""

    def __init__(self, proc: asyncio.subprocess.Process, lines: dict[str, str]) -> None:
        self.proc, self.lines = proc, lines

    async def stop(self) -> int:
        """SIGTERM, then its exit code."""
        self.proc.send_signal(signal.SIGTERM)
        async with asyncio.timeout(TIMEOUT * 2):
            return await self.proc.wait()


Start = Callable[..., Awaitable[Serve]]


@pytest.fixture
async def serve(tmp_path: Path) -> AsyncIterator[Start]:
    """Start `dialoog serve --port 0` (more options as arguments); every one ends with the test."""
    procs: list[asyncio.subprocess.Process] = []

    async def start(*args: str) -> Serve:
        proc = await asyncio.create_subprocess_exec(
            *DIALOOG,
            "serve",
            "--host",
            HOST,
            "--port",
            "0",
            "--data",
            str(tmp_path / "data"),
            "--public-url",
            PUBLIC + "/",
            *args,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            cwd=REPO,
        )
        procs.append(proc)
        assert proc.stdout is not None and proc.stderr is not None
        lines: dict[str, str] = {}
        async with asyncio.timeout(TIMEOUT * 4):
            while not (line := (await proc.stdout.readline()).decode()).startswith("Ctrl-C"):
                assert line, f"serve ended early: {(await proc.stderr.read()).decode()}"
                label, _, value = line.partition(":")
                lines[label] = value.strip()
        return Serve(proc, lines)

    yield start
    for proc in procs:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()


def token_file(data: Path, code: str) -> Path:
    """The session folder's token file."""
    return data / code / "tokens.json"


async def welcome_with(port: str, code: str, token: str) -> dict[str, object]:
    """Say hello as the leader to a served session; its welcome."""
    async with connect(f"ws://{HOST}:{port}/ws", proxy=None) as ws:
        await ws.send(json.dumps(hello(code, "leader", token=token)))
        async with asyncio.timeout(TIMEOUT):
            welcome: dict[str, object] = json.loads(await ws.recv())
    return welcome


def mode_and_tokens(path: Path) -> tuple[int, dict[str, str]]:
    """A file's permission bits and its JSON."""
    return stat.S_IMODE(path.stat().st_mode), json.loads(path.read_text(encoding="utf-8"))


async def test_serve_prints_code_url_and_tokens_and_stops_on_sigterm(
    serve: Start, tmp_path: Path
) -> None:
    """Code, join URL, both tokens, the port on their own lines; tokens file 0600; SIGTERM: 0."""
    run = await serve()
    code, leader, screen = (
        run.lines["session code"],
        run.lines["leader token"],
        run.lines["screen token"],
    )
    assert 4 <= len(code) <= 6 and set(code) <= set("ABCDEFGHJKMNPQRSTUVWXYZ23456789")
    assert run.lines["join URL"] == f"{PUBLIC}/s/{code}"
    assert len(leader) >= 22 and len(screen) >= 22 and leader != screen
    host, _, port = run.lines["listening on"].rpartition(":")
    assert host == HOST and int(port) > 0
    mode, tokens = mode_and_tokens(token_file(tmp_path / "data", code))
    assert mode == 0o600 and tokens == {"leader": leader, "screen": screen}
    welcome = await welcome_with(port, code, leader)
    assert welcome["type"] == "welcome"
    assert await run.stop() == 0


async def test_serve_resume_brings_back_the_code_and_tokens(serve: Start) -> None:
    """--resume CODE after SIGTERM: the same code and tokens, and the leader token works."""
    first = await serve()
    assert await first.stop() == 0
    code = first.lines["session code"]
    again = await serve("--resume", code.lower())
    assert again.lines["session code"] == code
    assert again.lines["leader token"] == first.lines["leader token"]
    assert again.lines["screen token"] == first.lines["screen token"]
    port = again.lines["listening on"].rpartition(":")[2]
    assert (await welcome_with(port, code, first.lines["leader token"]))["type"] == "welcome"
    assert await again.stop() == 0


def run_serve(*args: str) -> subprocess.CompletedProcess[str]:
    """Run `dialoog serve ARGS` to its end (these cases end at once)."""
    return dialoog("serve", "--host", HOST, *args)


def assert_one_line_exit_2(run: subprocess.CompletedProcess[str], *words: str) -> None:
    """Exit 2, one line on stderr naming the problem, no traceback, nothing printed."""
    assert run.returncode == 2, run.stderr
    assert len(run.stderr.splitlines()) == 1 and run.stderr.startswith("dialoog: "), run.stderr
    assert "Traceback" not in run.stderr and run.stdout == ""
    for word in words:
        assert word in run.stderr


def test_a_port_in_use_is_one_line_and_exit_2(tmp_path: Path) -> None:
    """Another program listening on the port: one line, exit 2, no session folder made."""
    with socket.socket() as taken:
        taken.bind((HOST, 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        run = run_serve("--port", port, "--data", str(tmp_path / "data"))
    assert_one_line_exit_2(run, port)
    assert not (tmp_path / "data").exists() or not any((tmp_path / "data").iterdir())


def test_an_unknown_set_is_one_line_and_exit_2(tmp_path: Path) -> None:
    """--set with no such set: one line naming it, exit 2."""
    run = run_serve("--port", "0", "--data", str(tmp_path), "--set", "geen-set")
    assert_one_line_exit_2(run, "geen-set")


def test_an_unknown_resume_code_is_one_line_and_exit_2(tmp_path: Path) -> None:
    """--resume of a code that is not stored: one line naming it, exit 2."""
    run = run_serve("--port", "0", "--data", str(tmp_path), "--resume", "QQQQQ")
    assert_one_line_exit_2(run, "QQQQQ")


@pytest.mark.parametrize("resume", [False, True])
def test_an_unusable_data_folder_is_one_line_and_exit_2(tmp_path: Path, resume: bool) -> None:
    """--data naming a file (not a folder): one line naming it, exit 2, also with --resume."""
    not_a_folder = tmp_path / "data"
    not_a_folder.write_text("not a folder\n", encoding="utf-8")
    extra = ["--resume", "QQQQQ"] if resume else []
    run = run_serve("--port", "0", "--data", str(not_a_folder), *extra)
    assert_one_line_exit_2(run, str(not_a_folder))


async def test_premoderation_belongs_to_the_session_and_survives_resume(
    serve: Start, tmp_path: Path
) -> None:
    """--premoderate: the welcome says so, and again after --resume without the flag; a session
    started without it refuses --resume --premoderate in one line (exit 2)."""
    first = await serve("--premoderate")
    code, token = first.lines["session code"], first.lines["leader token"]
    port = first.lines["listening on"].rpartition(":")[2]
    assert (await welcome_with(port, code, token))["session"]["premoderate"] is True  # type: ignore[index]
    assert await first.stop() == 0
    again = await serve("--resume", code)
    port = again.lines["listening on"].rpartition(":")[2]
    assert (await welcome_with(port, code, token))["session"]["premoderate"] is True  # type: ignore[index]
    assert await again.stop() == 0
    plain = await serve()
    assert await plain.stop() == 0
    other = plain.lines["session code"]
    run = run_serve(
        "--port", "0", "--data", str(tmp_path / "data"), "--resume", other, "--premoderate"
    )
    assert_one_line_exit_2(run, other, "--premoderate")
