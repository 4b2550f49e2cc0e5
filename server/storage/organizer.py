"""A hosted server's organizer key: only its SHA-256 is kept, in a 0600 file in the data folder."""

from __future__ import annotations

import json
import secrets
import time
from pathlib import Path

from dialoogtafel.server.storage.errors import StorageError
from dialoogtafel.server.storage.files import atomic_write, fsync_dir
from dialoogtafel.server.storage.keys import matches, token_hash

ORGANIZER_FILE = "organizer-key.json"  # a dot in the name: never taken for a session folder


def organizer_file(data_dir: Path) -> Path:
    """Where the key's hash lives."""
    return Path(data_dir) / ORGANIZER_FILE


def rotate_organizer_key(data_dir: Path) -> str:
    """A new organizer key: its hash replaces the old one at once; the key itself is returned
    once, to be shown to the organizer, and stored nowhere."""
    key = secrets.token_urlsafe(24)
    data = {"sha256": token_hash(key), "made": int(time.time())}
    path = organizer_file(data_dir)
    try:
        Path(data_dir).mkdir(parents=True, exist_ok=True)
        atomic_write(path, (json.dumps(data, indent=1) + "\n").encode())  # mkstemp: mode 0600
        fsync_dir(Path(data_dir).parent)  # in case the data folder itself is new
    except OSError as err:
        raise StorageError(f"cannot write {path}: {err.strerror or err}") from None
    return key


def organizer_hash(data_dir: Path) -> str | None:
    """The stored hash, or None when no key was made yet (StorageError when unreadable)."""
    path = organizer_file(data_dir)
    try:
        stored = json.loads(path.read_bytes())["sha256"]
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise StorageError(f"{path} cannot be read ({err.__class__.__name__})") from None
    if not isinstance(stored, str) or len(stored) != 64:
        raise StorageError(f"{path} holds no organizer key hash")
    return stored


def check_organizer_key(data_dir: Path, key: object) -> bool:
    """Whether `key` is the current organizer key (read afresh: a rotation counts at once)."""
    try:
        stored = organizer_hash(data_dir)
    except StorageError:
        return False
    return stored is not None and matches(key, stored)
