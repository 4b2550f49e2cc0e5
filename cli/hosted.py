"""`dialoog serve --hosted` (many sessions, made by leaders) and `dialoog organizer-key rotate`."""

from __future__ import annotations

import argparse
import asyncio
import re

from dialoogtafel.cli.common import CliError, add_data_option, data_dir

DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")
UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "": 60}  # a bare number is minutes
DEFAULT_IDLE = "12h"
DEFAULT_MAX_SESSIONS = 500


def duration(text: str) -> float:
    """--idle-close: 30s, 45m, 12h, 2d (a bare number is minutes)."""
    match = DURATION.match(text)
    if match is None or float(match[1]) <= 0:
        raise argparse.ArgumentTypeError(f"not a duration: {text!r} (e.g. 12h, 45m, 30s)")
    return float(match[1]) * UNITS[match[2]]


def spoken(seconds: float) -> str:
    """A duration as --idle-close takes it: 12h, 45m, 30s (the largest unit that divides it)."""
    for unit in ("d", "h", "m"):
        if seconds >= UNITS[unit] and seconds % UNITS[unit] == 0:
            return f"{seconds / UNITS[unit]:g}{unit}"
    return f"{seconds:g}s"


def sessions_count(text: str) -> int:
    """--max-sessions: a whole number of at least 1."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"not a number of sessions: {text!r}")
    return int(text)


def add_hosted_options(p: argparse.ArgumentParser) -> None:
    """The options `dialoog serve` takes for a hosted server."""
    p.add_argument(
        "--hosted",
        action="store_true",
        help="keep any number of sessions: leaders make them with the organizer key "
        "(`dialoog start --server URL`); open sessions come back after a restart",
    )
    p.add_argument(
        "--idle-close",
        type=duration,
        default=duration(DEFAULT_IDLE),
        metavar="DURATION",
        help=f"with --hosted: end a session (files written) after this long without a change "
        f"or a new connection (default: {DEFAULT_IDLE}; e.g. 45m, 2d)",
    )
    p.add_argument(
        "--max-sessions",
        type=sessions_count,
        default=DEFAULT_MAX_SESSIONS,
        metavar="N",
        help="with --hosted: sessions open at once (default: %(default)s)",
    )


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `dialoog organizer-key`."""
    p = sub.add_parser(
        "organizer-key",
        help="make a new organizer key for a hosted server (the old one stops working)",
        description="A hosted server (`dialoog serve --hosted`) makes sessions only for whoever "
        "has its organizer key. `rotate` makes a new key, prints it once and keeps only its "
        "hash (a file only you can read, in the data folder); the old key stops working at "
        "once, also on a server that is running.",
    )
    p.add_argument("action", choices=("rotate",), help="rotate: make a new key")
    add_data_option(p)
    p.set_defaults(run=run_organizer_key)


def run_organizer_key(args: argparse.Namespace) -> int:
    """Make a new organizer key and print it once."""
    from dialoogtafel.server.storage.organizer import organizer_file, rotate_organizer_key

    data = data_dir(args)
    key = rotate_organizer_key(data)
    print(f"organizer key: {key}")
    print(f"Only its hash is kept, in {organizer_file(data)}; this is the one time it is shown.")
    print("Leaders pass it to `dialoog start --server URL --organizer-key KEY`.")
    return 0


async def serve_hosted(args: argparse.Namespace, stop: asyncio.Event) -> int:
    """Run a hosted server until `stop` is set."""
    from dialoogtafel.cli.listening import listen, public_url
    from dialoogtafel.cli.wiring import make_server
    from dialoogtafel.server.config import Hosted, ServerConfig
    from dialoogtafel.server.storage.organizer import organizer_hash

    if args.resume:
        raise CliError("--resume is for one session; --hosted brings back every open session")
    data = data_dir(args)
    if organizer_hash(data) is None:
        raise CliError(
            f"no organizer key yet: run `dialoog organizer-key rotate --data {data}` first "
            "(it prints the key once)"
        )
    hosted = Hosted(idle_close=args.idle_close, max_sessions=args.max_sessions)
    server = make_server(ServerConfig(data_dir=data, host=args.host, port=args.port, hosted=hosted))
    assert server.hosting is not None
    back = await asyncio.to_thread(server.hosting.resume_open)  # before phones come back
    await listen(server, args.host, args.port)
    base, note = public_url(args, server.port)
    server.public_url = base
    print(f"hosted server: {len(back)} open session(s) brought back")
    print(f"public URL:    {base}")
    print(f"listening on:  {args.host}:{server.port}")
    print(f"data folder:   {data}")
    print(f"idle close:    after {spoken(args.idle_close)} without a change or a new connection")
    if note:
        print(f"note: {note}")
    print("Ctrl-C stops the server; open sessions come back at the next start.", flush=True)
    try:
        await stop.wait()
    finally:
        await server.close()
    return 0
