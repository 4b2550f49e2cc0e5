"""Durable file writes: fsync'd appends, atomic replaces, private files, synced folders."""

from __future__ import annotations

import logging
import os
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

if sys.platform == "darwin":  # pragma: no cover - macOS only
    import fcntl

    def sync_file(fd: int) -> None:
        """Flush a file's data to the disk itself (macOS fsync stops at the drive's cache)."""
        try:
            fcntl.fcntl(fd, fcntl.F_FULLFSYNC)
        except OSError:
            os.fsync(fd)

else:

    def sync_file(fd: int) -> None:
        """Flush a file's data and size to the disk."""
        os.fsync(fd)


def fsync_dir(folder: Path) -> None:
    """Make renames and new files in a folder durable (a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # Windows: folders cannot be opened; NTFS journals its metadata itself
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_all(fd: int, data: bytes) -> None:
    """Write every byte (os.write may write fewer than asked)."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


WRITE_GROUP = 256 * 1024  # bytes: small pieces are joined up to this before one write


def _grouped(pieces: Iterable[bytes]) -> Iterator[bytes]:
    """The pieces joined into writes of about WRITE_GROUP bytes (never the whole file)."""
    batch: list[bytes] = []
    size = 0
    for piece in pieces:
        batch.append(piece)
        size += len(piece)
        if size >= WRITE_GROUP:
            yield b"".join(batch)
            batch, size = [], 0
    if batch:
        yield b"".join(batch)


def atomic_write(path: Path, data: bytes | Iterable[bytes], backup: Path | None = None) -> None:
    """Replace `path` with `data` (or its pieces, in order) all at once: temp file, fsync,
    rename, fsync the folder.

    With `backup`, the file being replaced becomes that backup (a hard link, so `path`
    exists at every moment).
    """
    folder = path.parent
    fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    tmp = Path(tmp_name)
    pieces = iter([data] if isinstance(data, bytes) else data)
    try:
        try:
            for piece in _grouped(pieces):
                write_all(fd, piece)
            sync_file(fd)
        finally:
            os.close(fd)
            close = getattr(pieces, "close", None)
            if close is not None:  # a generator reading the old file lets it go before the rename
                close()
        if backup is not None and path.exists():
            _link_backup(path, backup)
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(folder)  # the rename is only durable once the folder itself is synced


def _link_backup(path: Path, backup: Path) -> None:
    """Make `backup` the current content of `path`, atomically."""
    staging = backup.with_name(f".{backup.name}.tmp")
    staging.unlink(missing_ok=True)
    try:
        os.link(path, staging)
    except OSError:  # a file system without hard links: copy instead
        staging.write_bytes(path.read_bytes())
    staging.replace(backup)


def stale_temp_files(folder: Path) -> list[Path]:
    """Temp files a killed atomic write left behind."""
    return [p for p in folder.glob(".*.tmp") if p.is_file()]


def write_private(path: Path, data: bytes) -> None:
    """Create a new file only its owner can read (mode 0600 from the start), fsync'd."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        write_all(fd, data)
        sync_file(fd)
    finally:
        os.close(fd)


def set_aside(db: Path) -> None:
    """Keep an unreadable database for a person to look at, out of the way."""
    if db.exists():
        aside = db.with_name(f"{db.name}.damaged-{int(time.time())}")
        db.rename(aside)
        logging.getLogger(__name__).warning("unreadable database kept file=%s", aside)
