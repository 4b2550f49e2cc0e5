"""At the end of a session: the JSON and the minutes written into its folder."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

from exports.groups import question_groups
from exports.json_export import session_to_export, to_json_text
from exports.minutes import render_minutes
from server.domain import Session
from server.storage.files import atomic_write


def export_name(session: Session, suffix: str) -> str:
    """`<CODE>-<date>.<suffix>`, the date of the session's start (UTC)."""
    day = datetime.fromtimestamp(session.created, UTC).strftime("%Y-%m-%d")
    return f"{session.code}-{day}.{suffix}"


def write_exports(session: Session, folder: Path) -> dict[str, str]:
    """Write both files; return their absolute paths by format."""
    json_path = folder / export_name(session, "json")
    md_path = folder / export_name(session, "md")
    question_groups(session, folder)  # once for both files, and kept for `dialoog export`
    atomic_write(json_path, to_json_text(session_to_export(session, time.time())).encode())
    atomic_write(md_path, render_minutes(session).encode())
    return {"json": str(json_path.resolve()), "md": str(md_path.resolve())}
