"""`dialoog export CODE`: the minutes (Markdown) or the complete JSON of a stored session."""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from pathlib import Path

from kiosk.cli_common import CliError, add_data_option, data_dir


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
    from exports import render_minutes, session_to_export, to_json_text  # only for this command
    from exports.groups import question_groups
    from server.endings import export_name
    from server.storage import NoSuchSession, StorageError
    from server.storage import load_session as load_stored
    from server.storage.paths import session_folder

    data = data_dir(args)
    code = str(args.code).upper()
    if args.server:
        return _write(args, *_fetch(args, data, code))
    try:
        session = load_stored(data, code)
    except NoSuchSession:
        known = ", ".join(s.code for s in _known(data)) or "none"
        raise CliError(f"no session {code} in {data}; known sessions: {known}") from None
    except StorageError as err:
        raise CliError(str(err)) from None
    question_groups(session, session_folder(data, code))  # the cached rode draad, if current
    if args.format == "json":
        text = to_json_text(session_to_export(session, time.time()))
    else:
        text = render_minutes(session)
    return _write(args, text, export_name(session, args.format))


def _fetch(args: argparse.Namespace, data: Path, code: str) -> tuple[str, str]:
    """The export from a hosted server, with the session's leader token kept on this machine."""
    from kiosk.organizer import load_saved
    from kiosk.remote import fetch_export, server_base

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
    from server.storage import StorageError, list_sessions

    try:
        return list_sessions(data)
    except StorageError:
        return []
