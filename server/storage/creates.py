"""A hosted server's `create` ids, kept on disk: a resend after a restart finds its session.

`hosted-creates.json` in the data folder maps the last REMEMBERED create ids to their session
codes. The id is written, with the code the session will get, before the session is made: a
crash between the two leaves an id whose session does not exist yet, and the resend makes it
with that code. The file is read afresh for every look-up and every change, under a lock on the
data folder, so `dialoog purge` (another process) can take a code out of it at any time.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from dialoogtafel.server.storage.errors import StorageError
from dialoogtafel.server.storage.files import atomic_write

CREATES_FILE = "hosted-creates.json"  # a dot in the name: never taken for a session folder
REMEMBERED = 1000


@contextlib.contextmanager
def _folder_locked(data_dir: Path) -> Iterator[None]:
    if sys.platform == "win32":  # pragma: no cover - no flock; one server per folder there
        yield
        return
    import fcntl

    fd = os.open(data_dir, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _read(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_bytes())
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as err:
        raise StorageError(f"{path} cannot be read ({err.__class__.__name__})") from None
    if not isinstance(data, dict):
        raise StorageError(f"{path} holds no create ids")
    return {str(k): str(v) for k, v in data.items()}


def _write(path: Path, ids: dict[str, str]) -> None:
    try:
        atomic_write(path, (json.dumps(ids, indent=0) + "\n").encode())
    except OSError as err:
        raise StorageError(f"cannot write {path}: {err.strerror or err}") from None


def made_by(data_dir: Path, create_id: str) -> str | None:
    """The code of the session this create id made (or is making), or None."""
    return _read(Path(data_dir) / CREATES_FILE).get(create_id)


def remember_create(data_dir: Path, create_id: str, code: str) -> str:
    """Keep create id -> code durably, unless the id is known: then its code (blocking)."""
    path = Path(data_dir) / CREATES_FILE
    with _folder_locked(Path(data_dir)):
        ids = _read(path)
        if create_id in ids:
            return ids[create_id]
        ids[create_id] = code
        while len(ids) > REMEMBERED:
            ids.pop(next(iter(ids)))
        _write(path, ids)
    return code


def forget_creates(data_dir: Path, code: str) -> None:
    """Take a removed session's code out of the file (a purge hook)."""
    path = Path(data_dir) / CREATES_FILE
    with _folder_locked(Path(data_dir)):
        ids = _read(path)
        kept = {k: v for k, v in ids.items() if v != code}
        if kept != ids:
            _write(path, kept)
