"""The one writer of export files: at `end` (via the server), the HTTP API and `dialoog export`.

The renderers (json_export, minutes) make text; this module names the files and writes them.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

from dialoogtafel.exports.json_export import session_to_export, to_json_text
from dialoogtafel.exports.minutes import render_minutes
from dialoogtafel.exports.topics import thread_of
from dialoogtafel.server.domain import Session
from dialoogtafel.server.storage.files import atomic_write

FORMATS = ("json", "md")


def export_name(session: Session, suffix: str) -> str:
    """`<CODE>-<date>.<suffix>`, the date of the session's start (UTC)."""
    day = datetime.fromtimestamp(session.created, UTC).strftime("%Y-%m-%d")
    return f"{session.code}-{day}.{suffix}"


def render(session: Session, fmt: str, folder: Path | None = None) -> str:
    """One format of a session as text. With its folder, the rode draad's suggestions kept there
    are used."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    thread_of(session, folder)
    if fmt == "json":
        return to_json_text(session_to_export(session, time.time()))
    return render_minutes(session)


def render_named(session: Session, fmt: str, folder: Path | None = None) -> tuple[bytes, str]:
    """The bytes of one format and the file name it is saved under (for the HTTP API)."""
    return render(session, fmt, folder).encode(), export_name(session, fmt)


def write_exports(session: Session, folder: Path) -> dict[str, str]:
    """Write every format into the session's folder; return their absolute paths by format."""
    paths: dict[str, str] = {}
    for fmt in FORMATS:
        path = folder / export_name(session, fmt)
        atomic_write(path, render(session, fmt, folder).encode())
        paths[fmt] = str(path.resolve())
    return paths
