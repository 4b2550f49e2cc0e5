"""Listening on a port, and the public URL that QR codes carry: for `serve` and `--hosted`."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from dialoogtafel.cli.common import CliError
from dialoogtafel.cli.network import lan_address

if TYPE_CHECKING:
    from dialoogtafel.server.app import DialoogServer


def public_url(args: argparse.Namespace, port: int) -> tuple[str, str | None]:
    """The base URL for links and QR codes, and a note when no LAN address was found."""
    if args.public_url:
        url = str(args.public_url).rstrip("/")
        if not url.startswith(("http://", "https://")):
            raise CliError(f"--public-url must start with http:// or https://, not {url!r}")
        return url, None
    host = getattr(args, "host", "0.0.0.0")
    if host not in ("0.0.0.0", "::", ""):
        return f"http://{host}:{port}", None
    lan = lan_address()
    if lan is None:
        return f"http://127.0.0.1:{port}", "no network found: only this computer can join"
    return f"http://{lan}:{port}", None


async def listen(server: DialoogServer, host: str, port: int) -> None:
    """Listen, or say in one line why not."""
    try:
        await server.start()
    except OSError as err:
        reason = err.strerror or str(err)
        raise CliError(f"cannot listen on {host}:{port}: {reason}") from None
    server.tune_collector()
