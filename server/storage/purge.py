"""Removing a stored session and every trace of it: its folder (journal, database, backups,
tokens, exports, caches) and what the data folder keeps about it elsewhere.

A session open in a server is never removed: the running store holds an exclusive `flock` on
its journal for as long as it runs, and purge takes the same lock first (non-blocking), so a
server that runs the session makes purge refuse, and a server that tries to open it while it is
being removed finds it locked or gone. The folder is first renamed out of the way in one step
(`.purge-CODE-…`, a name no listing or open takes for a session), then emptied and removed; a
purge cut short by a crash leaves only such a folder, and the next purge removes it.
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import shutil
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from dialoogtafel.server.storage.creates import forget_creates
from dialoogtafel.server.storage.errors import StorageError
from dialoogtafel.server.storage.files import fsync_dir
from dialoogtafel.server.storage.loading import check_folder
from dialoogtafel.server.storage.paths import JOURNAL_FILE, session_folder

log = logging.getLogger(__name__)

TOMBSTONE = ".purge-"  # a folder being removed: its name is never a session code


class SessionInUse(StorageError):
    """The session is open in a running server; it is not removed."""


@dataclass(frozen=True, slots=True)
class Purged:
    """What one purge removed."""

    code: str
    files: int
    bytes: int


# Other places that keep something about a session (the hosted server's create ids, a
# leader's saved tokens): each is called with (data_dir, code) after the folder is gone.
Forget = Callable[[Path, str], None]


@contextlib.contextmanager
def _locked(journal: Path) -> Iterator[None]:
    """Hold the journal's lock, as a running store does; SessionInUse when someone holds it."""
    try:
        fd = os.open(journal, os.O_RDONLY)
    except FileNotFoundError:  # no journal: no server can run this session
        yield
        return
    try:
        if sys.platform != "win32":
            import fcntl

            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                raise SessionInUse(
                    f"session {journal.parent.name} is open in a running Dialoogtafel server; "
                    "stop that server (or let the hosted server remove it) and try again"
                ) from None
        yield
    finally:
        os.close(fd)


def _size(folder: Path) -> tuple[int, int]:
    files = size = 0
    for root, _dirs, names in os.walk(folder):
        for name in names:
            files += 1
            with contextlib.suppress(OSError):
                size += (Path(root) / name).lstat().st_size
    return files, size


def _remove_tree(folder: Path) -> None:
    try:
        shutil.rmtree(folder)
    except OSError as err:
        raise StorageError(f"cannot remove {folder}: {err.strerror or err}") from None


def purge_session(data_dir: Path, code: str, forget: tuple[Forget, ...] = ()) -> Purged:
    """Remove session `code` from the data folder (NoSuchSession, SessionInUse, StorageError)."""
    data_dir = Path(data_dir)
    folder = session_folder(data_dir, code)
    check_folder(folder)
    with _locked(folder / JOURNAL_FILE):
        files, size = _size(folder)
        gone = data_dir / f"{TOMBSTONE}{folder.name}-{secrets.token_hex(4)}"
        try:
            folder.rename(gone)  # from here on no listing, open or export finds the session
        except OSError as err:
            raise StorageError(f"cannot remove {folder}: {err.strerror or err}") from None
        fsync_dir(data_dir)
        _remove_tree(gone)
    fsync_dir(data_dir)
    for hook in (forget_creates, *forget):
        hook(data_dir, folder.name)
    log.info("session purged session=%s files=%d", folder.name, files)
    return Purged(folder.name, files, size)


def sweep_purges(data_dir: Path) -> int:
    """Remove what purges cut short left behind; how many folders."""
    try:
        left = [p for p in Path(data_dir).iterdir() if p.name.startswith(TOMBSTONE) and p.is_dir()]
    except OSError:
        return 0
    for p in left:
        _remove_tree(p)
    if left:
        fsync_dir(Path(data_dir))
    return len(left)
