"""`dialoog kiosk --connect URL --token T`: a kiosk on another machine (or a second projector)."""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from dialoogtafel.cli.common import CliError, add_data_option, data_dir, read_secret
from dialoogtafel.cli.network import lan_address
from dialoogtafel.cli.organizer import add_organizer_options, organizer_key, save
from dialoogtafel.cli.serve import DEFAULT_TABLES, tables_count
from dialoogtafel.question_sets import DEFAULT_SET
from dialoogtafel.server.protocol.urls import endpoint, join_url

TOKEN_ENV = "DIALOOG_TOKEN"
NO_NETWORK = "geen netwerk gevonden: alleen deze computer / no network found: this computer only"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `kiosk`."""
    p = sub.add_parser(
        "kiosk",
        help="show a running session on this screen (leader or second screen)",
        description="Connect to a running server and show its session full screen. URL is the "
        "session's address as phones use it, e.g. http://192.168.1.20:8080/s/ABCD. The token is "
        f"the leader (or screen) token `dialoog serve` printed; --token-file or ${TOKEN_ENV} "
        "keep it out of the process list.",
    )
    p.add_argument("--connect", required=True, metavar="URL", help="http://HOST:PORT/s/CODE")
    p.add_argument("--token", default=None, metavar="T", help="the leader or screen token")
    p.add_argument(
        "--token-file",
        type=Path,
        default=None,
        metavar="FILE",
        help="read the token from this file instead",
    )
    p.add_argument(
        "--role",
        choices=("leader", "screen"),
        default="leader",
        help="leader steers with the keyboard; screen only shows (default: leader)",
    )
    p.add_argument(
        "--session",
        default=None,
        metavar="CODE",
        help="the session code, when URL is a ws:// address without /s/CODE",
    )
    p.add_argument(
        "--public-url",
        default=None,
        metavar="URL",
        help="what the QR code points at (default: the server's address)",
    )
    p.add_argument(
        "--new",
        action="store_true",
        help="make a new session on a hosted server (URL is the server, e.g. https://HOST) "
        "with its organizer key, and lead it here",
    )
    p.add_argument("--set", default=DEFAULT_SET, metavar="ID|FILE", help="with --new: the set")
    p.add_argument(
        "--tables", type=tables_count, default=DEFAULT_TABLES, metavar="N", help="with --new"
    )
    add_organizer_options(p)
    add_data_option(p)
    p.set_defaults(run=run_kiosk)


def read_token(args: argparse.Namespace) -> str:
    """The token from --token, --token-file or the environment, in that order."""
    flags = "--token T, --token-file FILE"
    return read_secret(args.token, args.token_file, TOKEN_ENV, "token", flags)


def _is_loopback(host: str | None) -> bool:
    if host == "localhost":
        return True
    try:
        return host is not None and ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def join_for(connect_url: str, code: str, public_url: str | None) -> tuple[str, str | None]:
    """The URL the QR code says, and a note for the lobby when phones cannot reach it.

    A server reached on this machine (127.0.0.1) is shown with the LAN address instead, so
    phones in the room can open it.
    """
    if public_url is not None:
        return join_url(public_url, code), None
    parts = urlsplit(endpoint(connect_url, code).join_url)
    if not _is_loopback(parts.hostname):
        return urlunsplit(parts), None
    address = lan_address()
    if address is None:
        return urlunsplit(parts), NO_NETWORK
    netloc = address if parts.port is None else f"{address}:{parts.port}"
    return urlunsplit(parts._replace(netloc=netloc)), None


def run_kiosk(args: argparse.Namespace) -> int:
    """Run the kiosk until the leader closes it."""
    from dialoogtafel.kiosk.app import KioskApp  # Textual loads only for the commands that draw

    if args.new:
        return _run_new(args)
    token = read_token(args)
    target = endpoint(args.connect, args.session)
    url, note = join_for(args.connect, target.code, args.public_url)
    back = f"dialoog kiosk --connect {args.connect}"  # the session runs on; no token on screen
    app = KioskApp(args.connect, token, args.role, url, note, session=target.code, resume=back)
    app.run()
    return 0


def _run_new(args: argparse.Namespace) -> int:
    """`--new`: make the session on the hosted server at URL, then lead it here."""
    from dialoogtafel.cli.remote import create_remote
    from dialoogtafel.kiosk.app import KioskApp

    if args.role != "leader":
        raise CliError("--new makes a session to lead: leave out --role screen")
    key = organizer_key(args)
    remote = asyncio.run(create_remote(args.connect, key, args.set, args.tables))
    saved = save(data_dir(args), remote)
    shown = join_url(args.public_url, remote.code) if args.public_url else remote.join_url
    back = f"dialoog start --server {remote.server} --resume {{code}}"
    KioskApp(remote.url, remote.leader_token, "leader", shown, None, resume=back).run()
    print(f"Session {remote.code} goes on running on {remote.server}; its tokens are in {saved}")
    return 0
