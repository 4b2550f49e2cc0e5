"""`dialoog sessions`: the sessions stored in the data folder, one line each."""

from __future__ import annotations

import argparse
import time
from typing import TYPE_CHECKING

from dialoogtafel.cli.common import add_data_option, data_dir

if TYPE_CHECKING:
    from dialoogtafel.server.storage import SessionSummary

TITLE_WIDTH = 40
HEADER = ("CODE", "TITLE", "SET", "DATE", "TABLES", "ANSWERS", "ENDED")
NUMERIC = {4, 5}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `sessions`."""
    p = sub.add_parser(
        "sessions",
        help="list stored sessions",
        description="List the sessions stored in the data folder: code, title, question set, "
        "date, tables, answers (not withdrawn) and whether the leader ended it.",
    )
    add_data_option(p)
    p.set_defaults(run=list_stored)


def _plain(text: str, width: int) -> str:
    """One line of at most `width` characters, without control characters."""
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    return text if len(text) <= width else text[: width - 1] + "…"


def _row(s: SessionSummary) -> tuple[str, ...]:
    if s.problem is not None:
        return (s.code, "(cannot be read, see below)", "", "", "", "", "")
    date = time.strftime("%Y-%m-%d %H:%M", time.localtime(s.created))
    ended = "yes" if s.ended else "no"
    title = _plain(s.title, TITLE_WIDTH)
    return (s.code, title, s.set_id, date, str(s.tables), str(s.answers), ended)


def list_stored(args: argparse.Namespace) -> int:
    """Print the stored sessions as an aligned table, newest first."""
    from dialoogtafel.server.storage import (  # loaded only for this command
        list_sessions,
    )

    data = data_dir(args)
    sessions = list_sessions(data)
    if not sessions:
        print(f"No sessions stored in {data} yet. Start one with `dialoog start`.")
        return 0
    rows = [HEADER, *(_row(s) for s in sessions)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEADER))]
    for row in rows:
        cells = [
            cell.rjust(width) if i in NUMERIC else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        print("  ".join(cells).rstrip())
    problems = [s for s in sessions if s.problem is not None]
    if problems:
        print()
        for s in problems:
            print(f"{s.code}: {s.problem}")
    print()
    print(f"{len(sessions)} session(s) in {data}. Export one with `dialoog export CODE`.")
    return 0
