"""Caddy as a real TLS reverse proxy on 127.0.0.1 (its own internal CA), and a hosted server."""

from __future__ import annotations

import os
import shutil
import signal
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.browser.harness import HOST, REPO, TIMEOUT, Serve, free_port

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
        self.proc: subprocess.Popen[bytes] | None = None
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
            raise AssertionError("caddy is missing: install Debian's caddy (apt-get install caddy)")
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
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(
                [CADDY, "run", "--config", str(config), "--adapter", "caddyfile"],
                stdout=log,
                stderr=log,
                env=env,
                cwd=self.folder,
            )
        self._wait_ready()
        return self

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + 3 * TIMEOUT
        last = ""
        while time.monotonic() < deadline:
            if self.proc is not None and self.proc.poll() is not None:
                break
            if self.root_ca.exists():
                try:
                    if self.get("/healthz")[0] == 200:
                        return
                except (OSError, ssl.SSLError) as err:
                    last = str(err)
            time.sleep(0.1)  # polling a process that is starting: the condition has a deadline
        self.stop()
        raise AssertionError(f"caddy did not come up ({last}):\n{self.log.read_text()}")

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
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=TIMEOUT)


class HostedServe(Serve):
    """`dialoog serve --hosted` on 127.0.0.1:port, its public URL the proxy's."""

    def __init__(self, data: Path, public_url: str) -> None:
        super().__init__(data)
        self.public_url = public_url

    def start(self) -> HostedServe:
        """Start it and wait until it listens."""
        args = ["--hosted", "--port", str(self.port), "--host", HOST, "--data", str(self.data)]
        args += ["--public-url", self.public_url]
        err = self.log.open("a")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "kiosk.cli", "serve", *args],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=err,
            text=True,
        )
        err.close()
        printed = self._read_until_listening(self.proc)
        assert printed["listening on"] == f"{HOST}:{self.port}", printed
        return self
