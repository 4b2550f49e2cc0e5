"""`dialoog start`: the server and the kiosk in one process, on the leader's laptop."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import time

from dialoogtafel.cli.common import CliError, data_dir
from dialoogtafel.cli.organizer import add_organizer_options, saved_file
from dialoogtafel.cli.serve import add_session_options, start_server
from dialoogtafel.kiosk.wifi import Wifi, add_wifi_options, wifi_from
from dialoogtafel.server.protocol.urls import join_url


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `dialoog start`."""
    p = sub.add_parser(
        "start",
        help="start a session: server and kiosk in one (the default way to run a workshop)",
        description="Start a session on this laptop: the phone page and /ws listen on all "
        "interfaces, and the kiosk shows a QR code with this laptop's LAN address. "
        "Quit with Ctrl+Q (the session stays resumable with --resume CODE).",
    )
    add_session_options(p)
    p.add_argument(
        "--log", metavar="FILE", help="write the server's log to this file (default: none)"
    )
    p.add_argument(
        "--server",
        metavar="URL",
        help="make the session on a hosted server (`dialoog serve --hosted`) instead of this "
        "laptop, e.g. https://dialoog.example.org; needs its organizer key",
    )
    add_organizer_options(p)
    add_wifi_options(p)
    p.set_defaults(run=run_start)


async def _start(args: argparse.Namespace) -> int:
    from dialoogtafel.kiosk.app import (
        KioskApp,  # Textual loads here, not for every other subcommand
    )

    try:
        wifi = wifi_from(args)
    except ValueError as err:
        raise CliError(str(err)) from None
    if args.server:
        return await _start_remote(args, wifi)
    began = time.perf_counter()
    running = await start_server(args, "0.0.0.0")
    s = running.started
    app = KioskApp(
        join_url(f"http://127.0.0.1:{running.server.port}", s.code),
        s.leader_token,
        join_url=s.join_url,
        lan_note=running.note,
        wifi=wifi,
    )
    try:
        await app.run_async()
    finally:
        await running.server.close()
    # After the kiosk has left the screen: how to come back (the token stays off the projector).
    print(f"Session {s.code} stopped; resume it with: dialoog start --resume {s.code}")
    print(f"Its files are in {s.folder}")
    logging.getLogger(__name__).info("ran for %.0f s", time.perf_counter() - began)
    return 0


async def _start_remote(args: argparse.Namespace, wifi: Wifi | None) -> int:
    """A session on a hosted server (made now, or one made from here before), its kiosk here."""
    from dialoogtafel.cli.organizer import load_saved, organizer_key, save
    from dialoogtafel.cli.remote import create_remote
    from dialoogtafel.kiosk.app import KioskApp

    if args.public_url:
        raise CliError("--public-url is the hosted server's own setting, not the kiosk's")
    data = data_dir(args)
    if args.resume:
        remote = load_saved(data, args.resume)
        saved = saved_file(data, remote.code)
    else:
        remote = await create_remote(
            args.server, organizer_key(args), args.set, args.tables, args.premoderate
        )
        saved = save(data, remote)
    back = f"dialoog start --server {remote.server} --resume {{code}}"
    app = KioskApp(
        remote.url, remote.leader_token, join_url=remote.join_url, wifi=wifi, resume=back
    )
    await app.run_async()
    print(f"Session {remote.code} goes on running on {remote.server}; back to it with:")
    print(f"  dialoog start --server {remote.server} --resume {remote.code}")
    print(f"Its tokens are kept in {saved}")
    return 0


def run_start(args: argparse.Namespace) -> int:
    """Run the server and the kiosk until the leader quits."""
    if args.log:
        logging.basicConfig(
            filename=args.log,
            level=logging.INFO,
            format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        )
    else:
        logging.basicConfig(level=logging.CRITICAL, stream=sys.stderr)  # keep the screen clean
    return asyncio.run(_start(args))
