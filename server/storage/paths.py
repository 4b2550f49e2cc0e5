"""Where sessions live: the data folder, one folder a session, and the files in it."""

from __future__ import annotations

import re
from pathlib import Path

from dialoogtafel.server.datadir import default_data_dir
from dialoogtafel.server.storage.errors import NoSuchSession

__all__ = ["default_data_dir"]  # re-exported: server.storage.default_data_dir

DB_FILE = "session.db.json"
BACKUP_FILE = "session.db.json.bak"
JOURNAL_FILE = "journal.jsonl"
TOKENS_FILE = "tokens.json"

_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")


def valid_code(code: str) -> bool:
    """Whether a session code is safe as a folder name (letters, digits, - and _)."""
    return bool(_CODE.fullmatch(code))


def session_folder(data_dir: Path, code: str) -> Path:
    """The folder of session `code`; NoSuchSession for a code that cannot be a folder name."""
    if not valid_code(code):
        raise NoSuchSession(f"{code!r} is not a session code (letters, digits, - and _)")
    return Path(data_dir) / code
