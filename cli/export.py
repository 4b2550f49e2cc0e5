"""`dialoog export CODE`: the minutes (Markdown) or the complete JSON of a stored session."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

from dialoogtafel.cli.common import CliError, add_data_option, data_dir


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `dialoog export`."""
    p = sub.add_parser(
        "export",
        help="write a session's minutes (md) or complete JSON",
        description="Write a stored session as Markdown minutes (verslag) or as complete JSON. "
        "Works at any time, also while the session runs (then the minutes say 'concept').",
    )
    p.add_argument("code", metavar="CODE", help="the session code (see `dialoog sessions`)")
    p.add_argument("--format", choices=("md", "json"), default="md", help="md (default) or json")
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="file to write; '-' for standard output (default: standard output)",
    )
    p.add_argument(
        "--server",
        metavar="URL",
        help="fetch it from the hosted server the session was made on from this machine "
        "(`dialoog start --server URL`), with the leader token kept here",
    )
    add_data_option(p)
    p.set_defaults(run=run_export)


def run_export(args: argparse.Namespace) -> int:
    """Load the stored session and write the chosen format."""
    from dialoogtafel.exports.writer import export_name, render  # only for this command
    from dialoogtafel.server.storage import NoSuchSession
    from dialoogtafel.server.storage import load_session as load_stored
    from dialoogtafel.server.storage.paths import session_folder

    data = data_dir(args)
    code = str(args.code).upper()
    if args.server:
        return _write(args, *_fetch(args, data, code))
    try:
        session = load_stored(data, code)
    except NoSuchSession:
        known = ", ".join(s.code for s in _known(data)) or "none"
        raise CliError(f"no session {code} in {data}; known sessions: {known}") from None
    text = render(session, args.format, session_folder(data, code))  # its rode draad cached there
    return _write(args, text, export_name(session, args.format))


def _fetch(args: argparse.Namespace, data: Path, code: str) -> tuple[str, str]:
    """The export from a hosted server, with the session's leader token kept on this machine."""
    from dialoogtafel.cli.organizer import load_saved
    from dialoogtafel.cli.remote import fetch_export, server_base

    saved = load_saved(data, code)
    remote = dataclasses.replace(saved, server=server_base(args.server))
    return fetch_export(remote, args.format)


def _write(args: argparse.Namespace, text: str, name: str) -> int:
    """To standard output, a file, or a file named `name` in a folder."""
    if args.output in (None, "-"):
        sys.stdout.write(text)
        return 0
    target = Path(args.output)
    if target.is_dir():
        target = target / name
    try:
        target.write_text(text, encoding="utf-8")
    except OSError as err:
        raise CliError(f"cannot write {target}: {err.strerror}") from None
    print(f"written: {target}", file=sys.stderr)
    return 0


def _known(data: Path) -> list:
    from dialoogtafel.server.storage import StorageError, list_sessions

    try:
        return list_sessions(data)
    except StorageError:
        return []
