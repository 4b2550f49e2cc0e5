"""`dialoog serve`: the headless server; the options it shares with `dialoog start`."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dialoogtafel.cli.common import CliError, add_data_option, data_dir
from dialoogtafel.cli.hosted import add_hosted_options, serve_hosted
from dialoogtafel.cli.listening import listen, public_url
from dialoogtafel.cli.network import DEFAULT_PORT
from dialoogtafel.question_sets import DEFAULT_SET
from dialoogtafel.server.domain.limits import MAX_TABLES

if TYPE_CHECKING:
    from dialoogtafel.server.app import DialoogServer, Started
    from dialoogtafel.server.live import LiveSession

DEFAULT_TABLES = 6


def tables_count(text: str) -> int:
    """--tables: a whole number from 1 to MAX_TABLES."""
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if not 1 <= n <= MAX_TABLES:
        raise argparse.ArgumentTypeError(f"choose from 1 to {MAX_TABLES} tables")
    return n


def port_number(text: str) -> int:
    """--port: 0 (any free port) to 65535."""
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 0 <= n <= 65535:
        raise argparse.ArgumentTypeError("a port is a number from 0 to 65535")
    return n


def add_session_options(p: argparse.ArgumentParser) -> None:
    """The options of `start` and `serve`: which set, how many tables, where, which session."""
    p.add_argument(
        "--set",
        default=DEFAULT_SET,
        metavar="ID|FILE",
        help="question set id or TOML file (default: %(default)s; see `dialoog sets`)",
    )
    p.add_argument(
        "--tables",
        type=tables_count,
        default=DEFAULT_TABLES,
        metavar="N",
        help="number of tables (default: %(default)s)",
    )
    p.add_argument(
        "--port",
        type=port_number,
        default=DEFAULT_PORT,
        help="TCP port for the phone page and /ws (default: %(default)s; 0: any free port)",
    )
    p.add_argument(
        "--public-url",
        metavar="URL",
        help="what the QR codes and links point at (default: this machine's LAN address)",
    )
    add_data_option(p)
    p.add_argument(
        "--resume", metavar="CODE", help="bring a stored session back instead of a new one"
    )
    p.add_argument(
        "--premoderate",
        action="store_true",
        help="new answers wait for the leader's approval before anyone else sees them",
    )
    p.add_argument(
        "--no-rode-draad",
        dest="rode_draad",
        action="store_false",
        help="never place answers in topics nor suggest groups (no worker process, no model)",
    )


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `dialoog serve`."""
    p = sub.add_parser(
        "serve",
        help="run the server without a kiosk (prints code, join URL and tokens)",
        description="Run the server headless, e.g. on a small VPS behind a TLS proxy. "
        "Prints the session code, the join URL, the leader token and the screen token.",
    )
    add_session_options(p)
    p.add_argument("--host", default="0.0.0.0", help="address to listen on (default: %(default)s)")
    p.add_argument("--verbose", action="store_true", help="log connections and changes")
    add_hosted_options(p)
    p.set_defaults(run=run_serve)


@dataclass(slots=True)
class Running:
    """A started server with its one session, ready for a kiosk or for Ctrl-C."""

    server: DialoogServer
    live: LiveSession
    started: Started
    note: str | None


async def start_server(args: argparse.Namespace, host: str) -> Running:
    """A resumed session is open before the port is (phones reconnecting must find it); a new
    one is made only once the port is ours (a taken port costs no session folder)."""
    from dialoogtafel.cli.wiring import make_server
    from dialoogtafel.question_sets import (  # the server loads only to run
        load_set,
    )
    from dialoogtafel.server.config import ServerConfig
    from dialoogtafel.server.storage import NoSuchSession

    data = data_dir(args)
    config = ServerConfig(data_dir=data, host=host, port=args.port, placement=args.rode_draad)
    server = make_server(config)
    try:
        if args.resume:
            live = await asyncio.to_thread(server.resume, args.resume)
            if args.premoderate and not live.durable.premoderate:
                raise CliError(
                    f"session {live.code} was started without --premoderate; premoderation "
                    "belongs to a session (start a new one to use it)"
                )
            await listen(server, host, args.port)
        else:
            questions = load_set(args.set)
            await listen(server, host, args.port)
            live = await asyncio.to_thread(
                server.create, questions, args.tables, premoderate=args.premoderate
            )
    except NoSuchSession:
        await server.close()
        raise CliError(
            f"no session {args.resume.upper()} in {data} (see `dialoog sessions --data {data}`)"
        ) from None
    except BaseException:
        await server.close()  # then main() says why, in one line
        raise
    base, note = public_url(args, server.port)
    server.public_url = base
    return Running(server, live, server.started(live), note)


async def _serve(args: argparse.Namespace) -> int:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):  # before the lines below say we are up
        with contextlib.suppress(NotImplementedError):  # Windows
            loop.add_signal_handler(sig, stop.set)
    if args.hosted:
        return await serve_hosted(args, stop)
    running = await start_server(args, args.host)
    s = running.started
    print(f"session code:  {s.code}")
    print(f"join URL:      {s.join_url}")
    print(f"leader token:  {s.leader_token}")
    print(f"screen token:  {s.screen_token}")
    print(f"listening on:  {args.host}:{running.server.port}")
    print(f"session files: {s.folder}")
    if running.note:
        print(f"note: {running.note}")
    print("Ctrl-C stops the server; `--resume CODE` brings the session back.", flush=True)
    await stop.wait()
    await running.server.close()
    return 0


def run_serve(args: argparse.Namespace) -> int:
    """Run until Ctrl-C or SIGTERM; the session stays resumable."""
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    return asyncio.run(_serve(args))
