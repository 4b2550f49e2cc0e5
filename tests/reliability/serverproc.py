"""`dialoog serve` as a subprocess for the reliability benches: start, SIGKILL, resume, sample."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
TIMEOUT = 10.0 * float(os.environ.get("DIALOOG_TEST_TIMEOUT_SCALE", "1"))


def free_port() -> int:
    """A port that was free a moment ago on 127.0.0.1."""
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True, slots=True)
class Sample:
    """What /proc says about a process at one moment."""

    at: float
    rss_kb: int
    fds: int
    threads: int


def sample(pid: int) -> Sample:
    """RSS, open file descriptors and threads of a running process (Linux /proc)."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value.split()
    fds = sum(1 for _ in Path(f"/proc/{pid}/fd").iterdir())
    return Sample(time.monotonic(), int(fields["VmRSS"][0]), fds, int(fields["Threads"][0]))


def descendants(pid: int) -> set[int]:
    """Every process a process started, and theirs (Linux /proc; empty where there is none)."""
    found: set[int] = set()
    todo = [pid]
    while todo:
        for task in Path(f"/proc/{todo.pop()}/task").glob("*"):
            try:
                kids = {int(k) for k in (task / "children").read_text().split()}
            except OSError:
                continue
            todo += list(kids - found)
            found |= kids
    return found


def pidfds(pids: set[int]) -> dict[int, int]:
    """A pidfd for each process that still exists: it becomes readable when the process ends."""
    fds = {}
    for pid in pids:
        try:
            fds[pid] = os.pidfd_open(pid)
        except ProcessLookupError:  # gone already
            continue
    return fds


async def ended(fds: dict[int, int], within: float) -> set[int]:
    """Wait until each process has ended or `within` seconds passed; the pids still running.

    The kernel's own event, not a poll: a pidfd turns readable once its process has exited
    (asyncio's `Process.wait()` also waits for the process's pipes, which a child it started may
    hold open). Closes the pidfds."""
    loop = asyncio.get_running_loop()
    waits: dict[int, asyncio.Future[None]] = {}
    for pid, fd in fds.items():
        waits[pid] = loop.create_future()
        loop.add_reader(fd, _set_once, waits[pid])
    try:
        if waits:
            await asyncio.wait(waits.values(), timeout=within)
    finally:
        for fd in fds.values():
            loop.remove_reader(fd)
            os.close(fd)
    return {pid for pid, done in waits.items() if not done.done()}


def _set_once(done: asyncio.Future[None]) -> None:
    if not done.done():
        done.set_result(None)


def fd_kinds(pid: int) -> Counter[str]:
    """What a process's open descriptors point at, by kind (socket, pipe, a file's name)."""
    kinds: Counter[str] = Counter()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = str(fd.readlink())
        except FileNotFoundError:  # closed meanwhile
            continue
        kinds[target.split(":")[0] if ":" in target else Path(target).name] += 1
    return kinds


class ServerProcess:
    """One `dialoog serve` on 127.0.0.1: started, killed and resumed on the same port and data."""

    def __init__(
        self,
        data: Path,
        log: Path,
        *,
        tables: int = 4,
        set_id: str = "",
        options: tuple[str, ...] = (),
    ) -> None:
        self.options = options  # more flags for every start, e.g. --premoderate
        self.data = data
        self.log = log
        self.tables = tables
        self.set_id = set_id
        self.port = 0
        self.code = ""
        self.leader_token = ""
        self.screen_token = ""
        self.proc: asyncio.subprocess.Process | None = None
        self._killed: list[asyncio.subprocess.Process] = []  # their pipes may close later
        self.orphans: list[int] = []  # processes a killed server left running
        self.stopped_in = 0.0  # seconds the last SIGTERM took
        self.starts = 0

    @property
    def ws_url(self) -> str:
        """The WebSocket endpoint."""
        return f"ws://{HOST}:{self.port}/ws"

    @property
    def pid(self) -> int:
        """The running server's process id."""
        assert self.proc is not None
        return self.proc.pid

    async def start(self) -> float:
        """Start a new session (first time) or resume it; seconds until it listened."""
        port = self.port or free_port()
        args = ["serve", "--host", HOST, "--port", str(port), "--data", str(self.data)]
        args += ["--public-url", f"http://{HOST}:{port}", *self.options]
        if self.code:
            args += ["--resume", self.code]
        else:
            args += ["--tables", str(self.tables)] + (["--set", self.set_id] if self.set_id else [])
        self.starts += 1
        with self.log.open("a") as log:
            log.write(f"--- start {self.starts}: dialoog {' '.join(args)}\n")
            log.flush()
            began = time.monotonic()
            self.proc = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "cli.main",
                *args,
                cwd=REPO,
                stdin=asyncio.subprocess.DEVNULL,
                stdout=asyncio.subprocess.PIPE,
                stderr=log,
            )
        printed = await self._printed()
        took = time.monotonic() - began
        code = printed["session code"]
        assert not self.code or code == self.code, f"resumed {code}, not {self.code}"
        self.code = code
        self.leader_token = printed["leader token"]
        self.screen_token = printed["screen token"]
        self.port = int(printed["listening on"].rpartition(":")[2])
        assert self.port == port, printed
        return took

    async def _printed(self) -> dict[str, str]:
        """The `key: value` lines `serve` prints, up to `listening on`."""
        assert self.proc is not None and self.proc.stdout is not None
        printed: dict[str, str] = {}
        try:
            async with asyncio.timeout(3 * TIMEOUT):
                while "listening on" not in printed:
                    line = (await self.proc.stdout.readline()).decode()
                    if not line:
                        break
                    key, sep, value = line.partition(":")
                    if sep:
                        printed[key.strip()] = value.strip()
        except TimeoutError:
            pass
        if "listening on" not in printed:
            await self.terminate()
            raise AssertionError(f"dialoog serve did not start:\n{self.output()[-3000:]}")
        return printed

    def output(self) -> str:
        """Everything the server wrote to stderr so far."""
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    async def kill(self) -> None:
        """SIGKILL by pid: the process dies at once, mid-write or not.

        Waits for the process to end (its pidfd), not for its stdout to close: a child it was
        starting (the rode draad's worker, before it lets go of stdout and learns its parent
        died) may hold the pipe open for a few seconds longer."""
        assert self.proc is not None
        children = pidfds(descendants(self.proc.pid))  # e.g. the rode draad's worker process
        # by pidfd: the signal reaches this process, never a later one given its pid
        server = pidfds({self.proc.pid}) if self.proc.returncode is None else {}
        for fd in server.values():
            signal.pidfd_send_signal(fd, signal.SIGKILL)
        if await ended(server, TIMEOUT):
            raise AssertionError(f"dialoog serve (pid {self.proc.pid}) outlived SIGKILL")
        self._killed.append(self.proc)
        self.orphans += sorted(await ended(children, TIMEOUT))  # a parent-death signal ends them

    async def stop(self, within: float = TIMEOUT) -> int:
        """SIGTERM, as Ctrl-C: clients closed, stores folded; the exit status (`stopped_in`:
        the seconds it took)."""
        assert self.proc is not None
        began = time.monotonic()
        self.proc.send_signal(signal.SIGTERM)
        try:
            async with asyncio.timeout(within):
                code = await self.proc.wait()
                self.stopped_in = time.monotonic() - began
                return code
        except TimeoutError:
            await self.kill()
            raise AssertionError("dialoog serve did not stop on SIGTERM") from None

    async def _let_go(self) -> None:
        """Close what killed processes left (their stdout, once their children let go of it)."""
        for proc in self._killed:
            try:
                async with asyncio.timeout(TIMEOUT):
                    await proc.wait()
            except TimeoutError:
                pass
        self._killed.clear()

    async def terminate(self) -> None:
        """Stop it if it still runs (cleanup after a failure)."""
        await self._let_go()
        if self.proc is not None and self.proc.returncode is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                async with asyncio.timeout(TIMEOUT):
                    await self.proc.wait()
            except TimeoutError:
                await self.kill()

    async def healthy(self) -> bool:
        """Whether GET /healthz answers 200 within a second."""
        try:
            async with asyncio.timeout(1.0):
                reader, writer = await asyncio.open_connection(HOST, self.port)
                writer.write(f"GET /healthz HTTP/1.1\r\nHost: {HOST}:{self.port}\r\n\r\n".encode())
                status = await reader.readline()
                writer.close()
                await writer.wait_closed()
        except (TimeoutError, OSError):
            return False
        return status.startswith(b"HTTP/1.1 200")
