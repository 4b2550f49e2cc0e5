"""The rode draad's suggestions kept in a session's folder: its file, what they depend on, reading
them back. No numpy here: an export that finds them kept imports nothing of the model."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

SUGGESTIONS_FILE = "rode-draad.json"


def suggestion_digest(text: str, unplaced: list[tuple[str, str]]) -> str:
    """What a question's suggestions depend on: its text and its unplaced answers."""
    basis = json.dumps([text, sorted(unplaced)], ensure_ascii=False)
    return hashlib.sha256(basis.encode("utf-8", "surrogatepass")).hexdigest()


def read_suggestions(folder: Path) -> dict[str, Any]:
    """The suggestions kept in a session's folder, per question (empty when none or unreadable)."""
    try:
        data = json.loads((folder / SUGGESTIONS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
