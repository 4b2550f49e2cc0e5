"""The file names of a session's exports and of the charts written beside its minutes."""

from __future__ import annotations

from datetime import UTC, datetime

from dialoogtafel.server.domain import Session


def export_name(session: Session, suffix: str) -> str:
    """`<CODE>-<date>.<suffix>`, the date of the session's start (UTC)."""
    day = datetime.fromtimestamp(session.created, UTC).strftime("%Y-%m-%d")
    return f"{session.code}-{day}.{suffix}"


def chart_name(session: Session, question_id: str) -> str:
    """`<CODE>-<date>-<question id>.png`: a poll's chart, beside the minutes that link it."""
    safe = "".join(c if c.isascii() and (c.isalnum() or c in "-_") else "_" for c in question_id)
    return export_name(session, "png").removesuffix(".png") + f"-{safe}.png"
