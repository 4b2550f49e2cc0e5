"""Reading a database file's rows back where the last fold wrote them, checked by a hash."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import BinaryIO

log = logging.getLogger("dialoogtafel.server.storage.encoder")  # the encoder's warnings


class RowSource:
    """The database file the last fold wrote, read back chunk by chunk during one pass over a
    fold's pieces (opened at the first chunk it is asked for, closed when the pass ends)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._file: BinaryIO | None = None
        self._failed = path is None
        self.missed = 0  # chunks the file no longer held as written: encoded again

    def read(self, at: int, size: int, digest: bytes) -> bytes | None:
        """The `size` bytes at `at` when they are still the ones written there, else None."""
        if self._file is None and not self._failed and self.path is not None:
            try:
                self._file = self.path.open("rb")
            except OSError:
                self._failed = True
        if self._file is None:
            return None
        try:
            self._file.seek(at)
            raw = self._file.read(size)
        except OSError:
            return None
        return raw if len(raw) == size and row_digest(raw) == digest else None

    def close(self) -> None:
        """Let the file go (it is replaced by the write this pass feeds)."""
        if self._file is not None:
            self._file.close()
            self._file = None
        if self.missed:
            log.warning(
                "database file %s no longer held %d chunks of rows as written; encoded again",
                self.path,
                self.missed,
            )
            self.missed = 0


def row_digest(raw: bytes) -> bytes:
    return hashlib.blake2b(raw, digest_size=8).digest()
