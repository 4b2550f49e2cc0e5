"""The real server in a subprocess (`dialoog serve`) and protocol clients that steer it."""

from __future__ import annotations

import contextlib
import json
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from websockets.sync.client import ClientConnection, connect

from dialoogtafel.server.protocol import control, hello, new_id

REPO = Path(__file__).resolve().parents[2]
TIMEOUT = 10.0 * float(os.environ.get("DIALOOG_TIMEOUT_SCALE", "1"))  # one unit for every wait
HOST = "127.0.0.1"
CHROMIUM = Path("/usr/bin/chromium")  # Debian's; `playwright install` is never needed
CHROMIUM_ARGS = [  # root in a container, and nothing reached for but 127.0.0.1
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
]


def free_port() -> int:
    """A port that was free a moment ago on 127.0.0.1 (the server gets it for its whole life)."""
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def end(proc: subprocess.Popen[Any] | None) -> None:
    """SIGTERM a process that still runs (graceful), SIGKILL if it lingers past TIMEOUT."""
    if proc is not None and proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=TIMEOUT)


class Serve:
    """`dialoog serve` on 127.0.0.1:port in a subprocess; stopped, killed and resumed in place."""

    def __init__(
        self, data: Path, port: int | None = None, tables: int = 3, options: tuple[str, ...] = ()
    ) -> None:
        self.options = options  # more flags for every start, e.g. --premoderate
        self.data = data
        self.port = port or free_port()
        self.tables = tables
        self.log = data.parent / f"serve-{self.port}.log"
        self.proc: subprocess.Popen[str] | None = None
        self.code = ""
        self.leader_token = ""
        self.screen_token = ""
        self.starts = 0

    @property
    def base(self) -> str:
        """http://127.0.0.1:port, what the page is opened at."""
        return f"http://{HOST}:{self.port}"

    @property
    def ws_url(self) -> str:
        """The WebSocket endpoint."""
        return f"ws://{HOST}:{self.port}/ws"

    def page_url(self, query: str = "") -> str:
        """The session's phone page."""
        return f"{self.base}/s/{self.code}{query}"

    def start(self) -> Serve:
        """Start a new session, or bring the same one back once it has a code."""
        args = ["--port", str(self.port), "--host", HOST, "--data", str(self.data)]
        args += ["--public-url", self.base, *self.options]
        args += ["--resume", self.code] if self.code else ["--tables", str(self.tables)]
        self.starts += 1
        with self.log.open("a") as log:
            log.write(f"--- start {self.starts}: serve {' '.join(args)}\n")
        printed = self._serve(args)
        self.code = printed["session code"]
        self.leader_token = printed["leader token"]
        self.screen_token = printed["screen token"]
        listening = printed["listening on"]
        assert listening == f"{HOST}:{self.port}", listening
        return self

    def _serve(self, args: list[str]) -> dict[str, str]:
        """Run `dialoog serve ARGS`, its stderr to the log; what it printed up to `listening on`."""
        err = self.log.open("a")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "dialoogtafel", "serve", *args],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=err,
            text=True,
        )
        err.close()
        return self._read_until_listening(self.proc)

    def _read_until_listening(self, proc: subprocess.Popen[str]) -> dict[str, str]:
        lines: queue.Queue[str | None] = queue.Queue()

        def pump() -> None:
            assert proc.stdout is not None
            for line in proc.stdout:
                lines.put(line)
            lines.put(None)

        threading.Thread(target=pump, daemon=True).start()
        printed: dict[str, str] = {}
        deadline = time.monotonic() + 3 * TIMEOUT
        while "listening on" not in printed:
            try:
                line = lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                line = None
            if line is None:
                self.terminate()
                raise AssertionError(f"dialoog serve did not start:\n{self.output()}")
            key, sep, value = line.partition(":")
            if sep:
                printed[key.strip()] = value.strip()
        return printed

    def output(self) -> str:
        """What the server wrote to stderr so far (for failure messages)."""
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def kill(self) -> None:
        """SIGKILL: the process dies at once, mid-write or not."""
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=TIMEOUT)

    def stop(self) -> None:
        """SIGTERM: the server closes its clients and stores, as on Ctrl-C."""
        assert self.proc is not None
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self.kill()
            raise AssertionError(
                f"dialoog serve did not stop on SIGTERM:\n{self.output()}"
            ) from None

    def terminate(self) -> None:
        """Stop it if it still runs (fixture teardown)."""
        end(self.proc)

    def resume(self) -> Serve:
        """`dialoog serve --resume CODE` on the same data folder and port."""
        return self.start()


class Peer:
    """A protocol client on its own socket (websockets' sync client): leader or participant."""

    def __init__(self, serve: Serve, role: str = "leader", **fields: Any) -> None:
        self._stack = contextlib.ExitStack()  # websockets 17 wants connect() as a context manager
        self.ws: ClientConnection = self._stack.enter_context(
            connect(serve.ws_url, open_timeout=TIMEOUT)
        )
        if role == "leader":
            fields.setdefault("token", serve.leader_token)
        self.ws.send(json.dumps(hello(serve.code, role, **fields)))  # type: ignore[arg-type]
        self.seen: list[dict[str, Any]] = []
        self.welcome = self.next_of("welcome")

    @classmethod
    def participant(cls, serve: Serve, table: int) -> Peer:
        """A phone without a browser, seated at a table."""
        return cls(serve, "participant", device=os.urandom(16).hex(), table=table)

    def next_of(
        self, kind: str, where: Callable[[dict[str, Any]], bool] = lambda m: True
    ) -> dict[str, Any]:
        """The next message of this type that satisfies `where`; fails after TIMEOUT."""
        deadline = time.monotonic() + TIMEOUT
        while True:
            left = deadline - time.monotonic()
            try:
                raw = self.ws.recv(timeout=max(left, 0.0))
            except TimeoutError:
                raise AssertionError(f"no {kind!r} message within {TIMEOUT} s") from None
            msg = json.loads(raw)
            self.seen.append(msg)
            if msg["type"] == kind and where(msg):
                return msg
            if msg["type"] == "error" and kind != "error":
                raise AssertionError(f"server error while waiting for {kind!r}: {msg}")

    def change(self, frame: dict[str, Any]) -> dict[str, Any]:
        """Send one change and wait for its ack."""
        self.ws.send(json.dumps(frame))
        return self.next_of("ack", lambda m: m["id"] == frame["id"])

    def control(self, action: str, **fields: Any) -> dict[str, Any]:
        """A leader control, acked."""
        return self.change(control(action, **fields))

    def answer(self, question: str, text: str) -> str:
        """A participant's answer, acked; its id."""
        frame = {"type": "answer", "id": new_id(), "question": question, "text": text}
        self.change(frame)
        return str(frame["id"])

    def close(self) -> None:
        """Close the socket."""
        self._stack.close()


def leader_view(serve: Serve) -> dict[str, Any]:
    """A fresh leader's welcome: everything the server has made durable."""
    leader = Peer(serve)
    try:
        return leader.welcome
    finally:
        leader.close()


def shown_texts(welcome: dict[str, Any]) -> list[str]:
    """The texts of the shown answers in a welcome."""
    return [a["text"] for a in welcome["answers"] if a.get("state", "shown") == "shown"]
