"""The server under load: `dialoog serve` or bench/bare_server.py as a subprocess; its readings."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psutil
from websockets.asyncio.client import connect

BENCH = Path(__file__).resolve().parent
GIL = ["--gil"] if os.environ.get("PYSPY_GIL") else []  # py-spy: only the thread holding the GIL


@dataclass
class ServerProc:
    """A server subprocess and what it printed."""

    proc: subprocess.Popen[str]
    code: str
    token: str
    port: int
    data: Path

    @property
    def uri(self) -> str:
        return f"ws://127.0.0.1:{self.port}/ws"

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        shutil.rmtree(self.data, ignore_errors=True)


def spawn(
    cmd: list[str], data: Path, what: str
) -> tuple[subprocess.Popen[str], dict[str, str], int]:
    """Start a server command; its `label: value` lines up to `listening on`, and its port.

    30 s at most; a server that does not get there is killed and named in the error."""
    stderr = (data / "stderr.txt").open("w")
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=stderr, text=True, cwd=BENCH.parent, bufsize=1
    )
    seen: dict[str, str] = {}
    deadline = time.monotonic() + 30
    assert proc.stdout is not None
    while "listening on" not in seen and time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        key, _, value = line.partition(":")
        seen[key.strip()] = value.strip()
    if "listening on" not in seen:
        proc.kill()
        raise RuntimeError(f"{what} did not start: {(data / 'stderr.txt').read_text()}")
    return proc, seen, int(seen["listening on"].rsplit(":", 1)[1])


def start_server(kind: str, tables: int) -> ServerProc:
    """Start `dialoog serve` or the bare server; read its code, token and port (30 s at most)."""
    data = Path(tempfile.mkdtemp(prefix=f"dialoog-load-{kind}-"))
    if kind in ("ours", "ours-no-rode-draad"):
        cmd = [sys.executable, "-m", "dialoogtafel", "serve", "--port", "0", "--host", "127.0.0.1"]
        cmd += ["--data", str(data), "--public-url", "http://127.0.0.1", "--tables", str(tables)]
        cmd += ["--no-rode-draad"] if kind == "ours-no-rode-draad" else []
    else:
        cmd = [sys.executable, str(BENCH / "bare_server.py"), "--port", "0", "--data", str(data)]
        cmd += ["--no-disk"] if kind == "bare-no-disk" else []
    proc, seen, port = spawn(cmd, data, f"{kind} server")
    return ServerProc(proc, seen["session code"], seen["leader token"], port, data)


def server_alive(server: ServerProc) -> bool:
    """The process runs and a new leader gets its welcome."""
    if server.proc.poll() is not None:
        return False

    async def hello() -> bool:
        async with connect(server.uri, compression=None, open_timeout=10) as ws:
            msg = {"type": "hello", "session": server.code, "role": "leader", "token": server.token}
            await ws.send(json.dumps(msg))
            async with asyncio.timeout(10):
                while True:
                    if json.loads(await ws.recv())["type"] == "welcome":
                        return True

    try:
        return asyncio.run(hello())
    except (OSError, TimeoutError):
        return False


def cpu_seconds(p: psutil.Process) -> float:
    """User + system CPU seconds of a process so far."""
    t = p.cpu_times()
    return t.user + t.system


def children_cpu(p: psutil.Process) -> float:
    """User + system CPU seconds so far of the process's running children (its worker)."""
    total = 0.0
    for child in p.children(recursive=True):
        try:
            total += cpu_seconds(child)
        except psutil.Error:
            continue
    return total


def profile(pid: int, out: Path, seconds: float) -> subprocess.Popen[bytes]:
    """py-spy (from the venv) sampling the server for `seconds`, as collapsed stacks."""
    spy = Path(sys.executable).parent / "py-spy"
    cmd = [
        str(spy),
        "record",
        "--pid",
        str(pid),
        "--duration",
        str(int(seconds) + 1),
        "--rate",
        "1000",
    ]
    cmd += ["--format", "raw", "--output", str(out), "--threads"]
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
