"""Caddy as a real TLS reverse proxy on 127.0.0.1 (its own internal CA), and a hosted server."""

from __future__ import annotations

import json
import os
import queue
import shutil
import ssl
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import NoReturn

from tests.browser.harness import HOST, TIMEOUT, Serve, end, free_port

CADDY = shutil.which("caddy") or "/usr/bin/caddy"

# Nothing here reaches beyond this machine: no admin endpoint, certificates from Caddy's own CA
# (no ACME), no OCSP, its CA not installed in the system's trust store, no redirect listener,
# and everything Caddy writes (CA, certificates, autosave) in the test's folder.
CADDYFILE = """{{
	admin off
	auto_https disable_redirects
	local_certs
	skip_install_trust
	ocsp_stapling off
	storage file_system {storage}
	http_port {http_port}
	https_port {port}
	grace_period 1s
}}

https://{host}:{port} {{
	bind {host}
	tls internal
	reverse_proxy {host}:{upstream}
}}
"""


class Caddy:
    """`caddy run` with a Caddyfile made for one test, in front of a server on `upstream`."""

    def __init__(self, folder: Path, upstream: int) -> None:
        self.folder = folder
        self.port = free_port()
        self.upstream = upstream
        self.proc: subprocess.Popen[str] | None = None
        self.log = folder / "caddy.log"

    @property
    def base(self) -> str:
        """https://127.0.0.1:port, the public address phones open."""
        return f"https://{HOST}:{self.port}"

    @property
    def root_ca(self) -> Path:
        """The root certificate of Caddy's internal CA (made at its first start)."""
        return self.folder / "storage" / "pki" / "authorities" / "local" / "root.crt"

    def ssl_context(self) -> ssl.SSLContext:
        """A client context that trusts Caddy's CA and checks the name, as a browser would."""
        return ssl.create_default_context(cafile=str(self.root_ca))

    def start(self) -> Caddy:
        """Write the Caddyfile, start Caddy, wait until /healthz answers through it over TLS."""
        if not Path(CADDY).exists():
            raise AssertionError("caddy is missing: `sh .ci/system-packages` installs it")
        self.folder.mkdir(parents=True, exist_ok=True)
        config = self.folder / "Caddyfile"
        config.write_text(
            CADDYFILE.format(
                storage=self.folder / "storage",
                http_port=free_port(),
                port=self.port,
                host=HOST,
                upstream=self.upstream,
            ),
            encoding="utf-8",
        )
        home = self.folder / "home"
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(home),
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_CONFIG_HOME": str(home / "config"),
        }
        self.proc = subprocess.Popen(
            [CADDY, "run", "--config", str(config), "--adapter", "caddyfile"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=self.folder,
        )
        self._wait_ready(self._pump_log(self.proc))
        return self

    def _pump_log(self, proc: subprocess.Popen[str]) -> queue.Queue[str | None]:
        """Copy Caddy's log lines (JSON, on stderr) to caddy.log; their `msg`s to a queue, then
        None when it exits."""
        msgs: queue.Queue[str | None] = queue.Queue()

        def pump() -> None:
            assert proc.stderr is not None
            with self.log.open("a", encoding="utf-8") as log:
                for line in proc.stderr:
                    log.write(line)
                    log.flush()
                    try:
                        msgs.put(str(json.loads(line).get("msg", "")))
                    except (ValueError, AttributeError):
                        msgs.put(line)
            msgs.put(None)

        threading.Thread(target=pump, daemon=True).start()
        return msgs

    def _wait_ready(self, msgs: queue.Queue[str | None]) -> None:
        """Wait for Caddy to say it serves its configuration and has made the certificate, then
        for /healthz through it: each step blocks on the log or the socket, up to one deadline."""
        deadline = time.monotonic() + 3 * TIMEOUT
        waiting = {"serving initial configuration", "certificate obtained successfully"}
        last = "no log line"
        while waiting:
            try:
                msg = msgs.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                msg = None
            if msg is None:
                self._failed(f"still waiting for {sorted(waiting)}")
            waiting.discard(msg)
        while time.monotonic() < deadline and self.proc is not None and self.proc.poll() is None:
            try:  # the certificate may be a moment from the cache: each try is a real TLS GET
                if self.get("/healthz")[0] == 200:
                    return
                last = "/healthz did not answer 200"
            except (OSError, ssl.SSLError) as err:
                last = str(err)
        self._failed(last)

    def _failed(self, why: str) -> NoReturn:
        self.stop()
        raise AssertionError(f"caddy did not come up ({why}):\n{self.log.read_text()}")

    def get(self, path: str, token: str | None = None) -> tuple[int, bytes]:
        """GET through the proxy over verified TLS (no proxy of the environment)."""
        request = urllib.request.Request(self.base + path)
        if token is not None:
            request.add_header("Authorization", f"Bearer {token}")
        opener = urllib.request.build_opener(
            urllib.request.ProxyHandler({}),
            urllib.request.HTTPSHandler(context=self.ssl_context()),
        )
        try:
            with opener.open(request, timeout=TIMEOUT) as r:
                return r.status, r.read()
        except urllib.error.HTTPError as err:
            return err.code, err.read()

    def stop(self) -> None:
        """SIGTERM (graceful), SIGKILL if it lingers."""
        end(self.proc)


class HostedServe(Serve):
    """`dialoog serve --hosted` on 127.0.0.1:port, its public URL the proxy's."""

    def __init__(self, data: Path, public_url: str) -> None:
        super().__init__(data)
        self.public_url = public_url

    def start(self) -> HostedServe:
        """Start it and wait until it listens."""
        args = ["--hosted", "--port", str(self.port), "--host", HOST, "--data", str(self.data)]
        args += ["--public-url", self.public_url]
        printed = self._serve(args)
        assert printed["listening on"] == f"{HOST}:{self.port}", printed
        return self
