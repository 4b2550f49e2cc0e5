"""`dialoog purge`: remove a stored session, or every session ended before a date, for good."""

from __future__ import annotations

import argparse
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from dialoogtafel.cli.common import CliError, add_data_option, data_dir
from dialoogtafel.cli.organizer import add_organizer_options, organizer_key, saved_file

if TYPE_CHECKING:
    from dialoogtafel.server.storage import Purged, SessionSummary


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `dialoog purge`."""
    p = sub.add_parser(
        "purge",
        help="remove a session and everything stored about it",
        description="Remove a stored session for good: its journal, database and backups, its "
        "tokens, the exports and caches in its folder, and the folder itself. Asks first on a "
        "terminal. A session that a running server holds is refused: stop that server first. "
        "With --server, ask a hosted server to remove it (the organizer key is needed).",
    )
    p.add_argument("code", metavar="CODE", nargs="?", help="the session code")
    p.add_argument(
        "--ended-before",
        metavar="DATE",
        help="remove every session that ended before this date (YYYY-MM-DD, local time, "
        "or YYYY-MM-DDTHH:MM); sessions that never ended are kept",
    )
    p.add_argument("--yes", action="store_true", help="do not ask (needed when not on a terminal)")
    p.add_argument("--server", metavar="URL", help="a hosted server to remove the session from")
    add_organizer_options(p)
    add_data_option(p)
    p.set_defaults(run=run_purge)


def cutoff(text: str) -> float:
    """--ended-before as a time stamp: a date means its local midnight."""
    try:
        when = datetime.fromisoformat(text.strip())
    except ValueError:
        raise CliError(f"not a date: {text!r} (expected YYYY-MM-DD)") from None
    return when.timestamp()  # a naive date or time is local time


def confirm(question: str, yes: bool) -> bool:
    """True with --yes; on a terminal ask; elsewhere refuse (CliError), never guess."""
    if yes:
        return True
    if not sys.stdin.isatty():
        raise CliError("not removing anything without --yes when not run on a terminal")
    try:
        reply = input(f"{question} [y/N] ")
    except EOFError:
        return False
    return reply.strip().lower() in ("y", "yes", "j", "ja")


def run_purge(args: argparse.Namespace) -> int:
    """Remove one session, or the sessions ended before a date."""
    if (args.code is None) == (args.ended_before is None):
        raise CliError("name one session (CODE) or give --ended-before DATE")
    if args.server:
        if args.code is None:
            raise CliError("--server removes one session: give its CODE")
        return _remote(args, str(args.code).upper())
    data = data_dir(args)
    if args.code is not None:
        return _one(data, str(args.code).upper(), args.yes)
    return _many(data, cutoff(args.ended_before), args.yes)


def _forget_saved_tokens(data: Path, code: str) -> None:
    """The tokens this machine kept of a session made on a hosted server."""
    saved_file(data, code).unlink(missing_ok=True)


def _purge(data: Path, code: str) -> Purged:
    from dialoogtafel.server.storage import purge_session

    return purge_session(data, code, forget=(_forget_saved_tokens,))


def _said(p: Purged) -> str:
    return f"removed session {p.code}: {p.files} file(s), {p.bytes / 1e6:.1f} MB"


def _describe(s: SessionSummary) -> str:
    date = time.strftime("%Y-%m-%d %H:%M", time.localtime(s.created))
    title = "".join(ch if ch.isprintable() else " " for ch in s.title)[:40]
    return f"{s.code}  {date}  {s.answers} answer(s)  {title}"


def _one(data: Path, code: str, yes: bool) -> int:
    from dialoogtafel.server.storage import NoSuchSession, sweep_purges
    from dialoogtafel.server.storage.listing import summarize
    from dialoogtafel.server.storage.loading import check_folder
    from dialoogtafel.server.storage.paths import session_folder

    sweep_purges(data)
    try:
        folder = session_folder(data, code)
        check_folder(folder)
    except NoSuchSession:
        if saved_file(data, code).exists():
            raise CliError(
                f"session {code} lives on a hosted server; remove it there with "
                f"`dialoog purge {code} --server URL`"
            ) from None
        raise CliError(f"no session {code} in {data}") from None
    summary = summarize(folder)
    what = _describe(summary) if summary.problem is None else f"{code} (cannot be read)"
    if not confirm(f"Remove {what} and every file in {folder}?", yes):
        print("nothing removed", file=sys.stderr)
        return 1
    print(_said(_purge(data, code)))
    return 0


def _many(data: Path, before: float, yes: bool) -> int:
    from dialoogtafel.server.storage import SessionInUse, list_sessions, sweep_purges

    sweep_purges(data)
    due = [
        s
        for s in list_sessions(data)
        if s.problem is None and s.ended and s.ended_at is not None and s.ended_at < before
    ]
    if not due:
        print(f"no session in {data} ended before that date")
        return 0
    for s in due:
        print(_describe(s))
    if not confirm(f"Remove these {len(due)} session(s) and every file in their folders?", yes):
        print("nothing removed", file=sys.stderr)
        return 1
    refused = 0
    for s in due:
        try:
            print(_said(_purge(data, s.code)))
        except SessionInUse as err:
            refused += 1
            print(f"kept {s.code}: {err}", file=sys.stderr)
    return 1 if refused else 0


def _remote(args: argparse.Namespace, code: str) -> int:
    from dialoogtafel.cli.remote import delete_remote, server_base

    base = server_base(args.server)
    key = organizer_key(args)
    if not confirm(f"Remove session {code} and everything stored about it on {base}?", args.yes):
        print("nothing removed", file=sys.stderr)
        return 1
    print(delete_remote(base, key, code))
    _forget_saved_tokens(data_dir(args), code)
    return 0
