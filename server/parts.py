"""What the server is handed by whoever starts it (cli/wiring.py): the export writer and set loader.

The server sits below the exports and the question sets (they import its domain), so it takes their
functions as values instead of importing them: the imports stay one way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dialoogtafel.server.domain import QuestionSet, Session


class BadSet(ValueError):
    """A question set that cannot be used; the message says where and why (in English)."""


@dataclass(frozen=True, slots=True)
class Parts:
    """The server's collaborators from above it."""

    write_exports: Callable[[Session, Path], dict[str, str]]
    """Write the session's export files into its folder; their paths by format."""
    render_export: Callable[[Session, str, Path | None], tuple[bytes, str]]
    """One format's bytes and file name (the HTTP API)."""
    load_set: Callable[[str | None, str | None], QuestionSet]
    """A shipped set by id, or a set from its TOML text; raises BadSet."""
    place: tuple[Callable[[dict[str, Any]], dict[str, Any]], Callable[[int], None]] | None = None
    """The rode draad's job function and its worker's start (rode_draad/worker.py): run in a
    worker process, so neither the model nor numpy is imported by the server itself."""
