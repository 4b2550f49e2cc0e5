"""`dialoog qr CODE -o FILE`: a printable page with one QR code per table, for table tents."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from urllib.parse import urlsplit

from dialoogtafel.cli.common import CliError, add_data_option, data_dir
from dialoogtafel.cli.listening import public_url
from dialoogtafel.cli.network import DEFAULT_PORT


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `qr`."""
    p = sub.add_parser(
        "qr",
        help="write a printable page with one QR code per table",
        description="Write an HTML page (A4, one page per table) with the table's number, its "
        "theme and a QR code of its join URL, for table tents. Print it from a browser.",
    )
    p.add_argument("code", metavar="CODE", help="the session code")
    p.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="FILE",
        help="the HTML file to write (- for stdout)",
    )
    add_data_option(p)
    p.add_argument(
        "--public-url",
        default=None,
        metavar="URL",
        help="what the codes point at (default: http://<LAN address>:PORT)",
    )
    p.add_argument(
        "--port",
        type=int,
        default=DEFAULT_PORT,
        metavar="P",
        help=f"the port the session's server listens on (default {DEFAULT_PORT})",
    )
    p.set_defaults(run=write_tents)


def public_url_or_default(args: argparse.Namespace) -> str:
    """The URL the codes point at: the one given, checked, else this machine's LAN address."""
    given = args.public_url
    if given is not None:
        parts = urlsplit(given)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise CliError(f"--public-url must be an http(s) URL with a host, not {given!r}")
    url, note = public_url(args, args.port)
    if note is not None:
        raise CliError(
            "no network address found for the QR codes; pass --public-url "
            f"(for example http://192.168.1.20:{args.port})"
        )
    return url


def write_tents(args: argparse.Namespace) -> int:
    """Load the stored session and write its tents."""
    from dialoogtafel.cli.tents import render_tents  # qrcode and storage load only for this command
    from dialoogtafel.server.storage import NoSuchSession, load_session

    data = data_dir(args)
    try:
        session = load_session(data, args.code.upper())
    except NoSuchSession:
        raise CliError(f"no session {args.code.upper()} in {data}") from None
    page = render_tents(session, public_url_or_default(args))
    if args.output == "-":
        sys.stdout.write(page)
        return 0
    out = Path(args.output)
    try:
        out.write_text(page, encoding="utf-8")
    except OSError as err:
        raise CliError(f"cannot write {out}: {err.strerror}") from None
    print(f"{len(session.tables)} table tent(s) written to {out}. Open it in a browser to print.")
    return 0
