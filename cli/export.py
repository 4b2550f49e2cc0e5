"""`dialoog export CODE`: a stored session's minutes (Markdown or Word) or its complete JSON."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from dialoogtafel.cli.common import CliError, add_data_option, data_dir

if TYPE_CHECKING:
    from dialoogtafel.exports.writer import Rendered


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `dialoog export`."""
    p = sub.add_parser(
        "export",
        help="write a session's minutes (md, docx) or complete JSON",
        description="Write a stored session as minutes (verslag) in Markdown or as a Word "
        "document, or as complete JSON. Works at any time, also while the session runs (then "
        "the minutes say 'concept'). A poll's chart is written beside the minutes as "
        "CODE-DATE-QUESTION.png (Markdown links it; the .docx has it inside).",
    )
    p.add_argument("code", metavar="CODE", help="the session code (see `dialoog sessions`)")
    p.add_argument(
        "--format",
        choices=("md", "json", "docx"),
        default="md",
        help="md (default), json, or docx (Word)",
    )
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="file or folder to write; '-' for standard output (default: standard output for "
        "md and json; for docx a file CODE-DATE.docx in the current folder)",
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
    from dialoogtafel.exports.writer import Rendered, render  # only for this command
    from dialoogtafel.server.storage import NoSuchSession
    from dialoogtafel.server.storage import load_session as load_stored
    from dialoogtafel.server.storage.paths import session_folder

    data = data_dir(args)
    code = str(args.code).upper()
    if args.server:
        fetched, name = _fetch(args, data, code)
        return _write(args, Rendered(name, fetched))
    try:
        session = load_stored(data, code)
    except NoSuchSession:
        known = ", ".join(s.code for s in _known(data)) or "none"
        raise CliError(f"no session {code} in {data}; known sessions: {known}") from None
    alone = args.output in (None, "-")  # standard output: the Markdown's charts inside it
    folder = session_folder(data, code)  # the rode draad's suggestions cached there
    return _write(args, render(session, args.format, folder, alone=alone))


def _fetch(args: argparse.Namespace, data: Path, code: str) -> tuple[bytes, str]:
    """The export from a hosted server, with the session's leader token kept on this machine."""
    from dialoogtafel.cli.organizer import load_saved
    from dialoogtafel.cli.remote import fetch_export, server_base

    saved = load_saved(data, code)
    remote = dataclasses.replace(saved, server=server_base(args.server))
    return fetch_export(remote, args.format)


def _write(args: argparse.Namespace, rendered: Rendered) -> int:
    """To standard output, a file, or a file named after the session in a folder; charts beside."""
    output = args.output
    if output is None and args.format == "docx":
        output = "."  # a Word file is for a folder, not for a terminal
    if output in (None, "-"):
        if args.format == "docx" and sys.stdout.isatty():
            raise CliError("a .docx is not for a terminal: give -o FILE or -o FOLDER")
        sys.stdout.buffer.write(rendered.data)  # Markdown: its charts inside (render's `alone`)
        sys.stdout.flush()
        return 0
    target = Path(output)
    if target.is_dir():
        target = target / rendered.name
    for name, png in rendered.charts.items():  # first: the minutes link them
        _save(target.parent / name, png)
    _save(target, rendered.data)
    print(f"written: {target}", file=sys.stderr)
    return 0


def _save(target: Path, data: bytes) -> None:
    try:
        target.write_bytes(data)
    except OSError as err:
        raise CliError(f"cannot write {target}: {err.strerror}") from None


def _known(data: Path) -> list:
    from dialoogtafel.server.storage import StorageError, list_sessions

    try:
        return list_sessions(data)
    except StorageError:
        return []
