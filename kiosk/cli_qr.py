"""`dialoog qr CODE -o FILE`: a printable page with one QR code per table, for table tents."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from urllib.parse import urlsplit

from kiosk.cli_common import CliError, add_data_option, data_dir
from kiosk.network import DEFAULT_PORT, lan_address


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
        help=f"what the codes point at (default: http://<LAN address>:{DEFAULT_PORT})",
    )
    p.set_defaults(run=write_tents)


def public_url_or_default(given: str | None) -> str:
    """The URL the codes point at: the one given, checked, else this machine's LAN address."""
    if given is not None:
        parts = urlsplit(given)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise CliError(f"--public-url must be an http(s) URL with a host, not {given!r}")
        return given.rstrip("/")
    address = lan_address()
    if address is None:
        raise CliError(
            "no network address found for the QR codes; pass --public-url "
            f"(for example http://192.168.1.20:{DEFAULT_PORT})"
        )
    return f"http://{address}:{DEFAULT_PORT}"


def write_tents(args: argparse.Namespace) -> int:
    """Load the stored session and write its tents."""
    from kiosk.tents import render_tents  # qrcode and storage load only for this command
    from server.storage import NoSuchSession, StorageError, load_session

    data = data_dir(args)
    try:
        session = load_session(data, args.code.upper())
    except NoSuchSession:
        raise CliError(f"no session {args.code.upper()} in {data}") from None
    except StorageError as err:
        raise CliError(str(err)) from None
    page = render_tents(session, public_url_or_default(args.public_url))
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
