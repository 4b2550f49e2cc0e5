"""`dialoog start`: the server and the kiosk in one process, on the leader's laptop."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import time

from kiosk.cli_serve import add_session_options, start_server


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `dialoog start`."""
    p = sub.add_parser(
        "start",
        help="start a session: server and kiosk in one (the default way to run a workshop)",
        description="Start a session on this laptop: the phone page and /ws listen on all "
        "interfaces, and the kiosk shows a QR code with this laptop's LAN address. "
        "Quit with q (the session stays resumable with --resume CODE).",
    )
    add_session_options(p)
    p.add_argument(
        "--log", metavar="FILE", help="write the server's log to this file (default: none)"
    )
    p.set_defaults(run=run_start)


async def _start(args: argparse.Namespace) -> int:
    from kiosk.app import KioskApp  # Textual loads here, not for every other subcommand

    began = time.perf_counter()
    running = await start_server(args, "0.0.0.0")
    s = running.started
    app = KioskApp(
        f"http://127.0.0.1:{running.server.port}/s/{s.code}",
        s.leader_token,
        join_url=s.join_url,
        lan_note=running.note,
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
