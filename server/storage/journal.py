"""The journal: one JSON line a change, appended and fsync'd; the first line creates the session.

Line 1: ``{"seq": 0, "at": created, "create": {"format", "session", "secret", "leader_hash",
"screen_hash"}}``. Line n+1: ``{"seq": n, "at": t, "actor": author key or "leader", "cmd":
command}``. A last line without its newline, or that is not JSON, was torn by a crash before
it was acknowledged; anything wrong before the last line is damage.
"""

from __future__ import annotations

import json
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dialoogtafel.server.domain import Session
from dialoogtafel.server.domain.codec import (
    command_from_dict,
    command_to_dict,
    session_from_dict,
    session_to_dict,
)
from dialoogtafel.server.domain.commands import Command
from dialoogtafel.server.domain.jsontext import text_encoder
from dialoogtafel.server.storage.errors import StorageError
from dialoogtafel.server.storage.files import sync_file, write_all
from dialoogtafel.server.storage.keys import Keys

FORMAT = 1
_SEQ_PREFIX = re.compile(rb'\{"seq":\s*(\d+)\s*,')


@dataclass(frozen=True, slots=True)
class Record:
    """One change as the journal keeps it."""

    seq: int
    at: float
    actor: str
    cmd: Command
    remember: bool = True  # False: a change id the server made; see domain.apply


@dataclass(frozen=True, slots=True)
class JournalContent:
    """A journal as read: the session it created, its keys, its changes, and a torn tail.

    The created session is built from the first line only when asked for (`created`): with a
    readable database it is not needed, and a session created whole makes that line large.
    """

    creation: dict[str, Any]  # the first line's "session", as session_to_dict wrote it
    keys: Keys
    records: list[Record] = field(default_factory=list)  # only those past `after`
    last_seq: int = 0
    good_length: int = 0  # bytes up to the end of the last whole line
    torn_bytes: int = 0  # bytes after it, never acknowledged
    path: Path = Path("journal.jsonl")

    @property
    def code(self) -> str:
        """The code of the session the journal created."""
        return str(self.creation["code"])

    @property
    def created(self) -> Session:
        """The session as the first line created it (StorageError if it cannot be built)."""
        try:
            return session_from_dict(self.creation)
        except (ValueError, KeyError, TypeError) as err:
            why = f"not a creation record: {err.__class__.__name__}"
            raise _damaged(self.path, 1, why) from None


_LINE_JSON = text_encoder(separators=(",", ":"))  # one for all lines; ASCII (the default)


def _line(data: dict[str, Any]) -> bytes:
    # ASCII JSON: a newline in participant text is escaped, so a record is always one line
    return _LINE_JSON(data).encode() + b"\n"


def creation_line(s: Session, keys: Keys) -> bytes:
    """The first journal line: everything needed to rebuild the session from the journal alone."""
    create = {
        "format": FORMAT,
        "session": session_to_dict(s),
        "secret": keys.secret.hex(),
        "leader_hash": keys.leader_hash,
        "screen_hash": keys.screen_hash,
    }
    return _line({"seq": s.seq, "at": s.created, "create": create})


def record_line(seq: int, at: float, actor: str, cmd: Command, *, remember: bool = True) -> bytes:
    """One change as a journal line (`"forget": true` when its id is not remembered)."""
    data = {"seq": seq, "at": at, "actor": actor, "cmd": command_to_dict(cmd)}
    return _line(data if remember else {**data, "forget": True})


def _damaged(path: Path, number: int, why: str) -> StorageError:
    return StorageError(
        f"{path} line {number} is damaged ({why}); it was changed outside Dialoogtafel:"
        " restore the session folder from a backup"
    )


def _creation(path: Path, raw: bytes | Any) -> tuple[dict[str, Any], Keys]:
    """The creation record's session and keys, from its line (or that line already parsed)."""
    try:
        data = json.loads(raw) if isinstance(raw, bytes) else raw
        create = data["create"]
        if create["format"] != FORMAT or data["seq"] != 0:
            raise ValueError("unknown format")
        keys = Keys(bytes.fromhex(create["secret"]), create["leader_hash"], create["screen_hash"])
        session = create["session"]
        if not isinstance(session, dict) or not isinstance(session.get("code"), str):
            raise TypeError("no session")
        return session, keys
    except (ValueError, KeyError, TypeError) as err:
        raise _damaged(path, 1, f"not a creation record: {err.__class__.__name__}") from None


def _record(path: Path, number: int, raw: bytes) -> Record:
    try:
        data = json.loads(raw)
        seq, at, actor = data["seq"], data["at"], data["actor"]
        forget = data.get("forget", False)
        if not (isinstance(seq, int) and isinstance(at, int | float) and isinstance(actor, str)):
            raise TypeError("seq, at or actor of the wrong type")
        if not isinstance(forget, bool):
            raise TypeError("forget is not true or false")
        return Record(seq, float(at), actor, command_from_dict(data["cmd"]), not forget)
    except (ValueError, KeyError, TypeError) as err:
        raise _damaged(path, number, f"not a change record: {err.__class__.__name__}") from None


_NOT_JSON = object()


def _parsed(raw: bytes) -> Any:
    """The line's JSON, or _NOT_JSON."""
    try:
        return json.loads(raw)
    except ValueError:
        return _NOT_JSON


def read_journal(path: Path, after: int = -1, check_all: bool = True) -> JournalContent:
    """Read a journal; `records` holds the changes with seq > `after`.

    With `check_all`, every line is parsed and checked; otherwise lines up to `after` are only
    checked for their seq (fast, for listing). Raises StorageError naming the file and line.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise StorageError(f"{path} is missing: the session's journal is gone") from None
    except OSError as err:
        raise StorageError(f"{path} cannot be read: {err.strerror}") from None
    lines = raw.split(b"\n")
    tail = lines.pop()  # after the last newline: empty, or a line torn before its newline
    last = _parsed(lines[-1]) if not tail and lines else None
    if last is _NOT_JSON:
        tail = lines.pop() + b"\n"  # a torn last line that did get its newline
    good_length = len(raw) - len(tail)
    if not lines:
        raise StorageError(f"{path} has no creation record: the session was never fully created")
    # a journal of the creation line alone (a session created whole): that line is parsed once
    created, keys = _creation(path, last if len(lines) == 1 and last is not None else lines[0])
    records: list[Record] = []
    for number, line in enumerate(lines[1:], start=2):
        expected = number - 1
        if expected <= after and not check_all:
            m = _SEQ_PREFIX.match(line)
            if m is None or int(m.group(1)) != expected:
                raise _damaged(path, number, f"expected the change with seq {expected}")
            continue
        record = _record(path, number, line)
        if record.seq != expected:
            raise _damaged(path, number, f"seq {record.seq} where {expected} belongs")
        if record.seq > after:
            records.append(record)
    return JournalContent(created, keys, records, len(lines) - 1, good_length, len(tail), path)


class JournalFile:
    """The journal opened for appending, locked against a second writer process."""

    def __init__(self, path: Path, fd: int) -> None:
        """Take over an open, locked descriptor; use create() or open()."""
        self.path = path
        self._fd = fd

    @classmethod
    def create(cls, path: Path, first_line: bytes) -> JournalFile:
        """A new journal holding its creation record, fsync'd."""
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_EXCL, 0o600)
        journal = cls(path, fd)
        journal._lock()
        journal.append(first_line)
        return journal

    @classmethod
    def open(cls, path: Path, good_length: int) -> JournalFile:
        """An existing journal, cut back to `good_length` bytes (dropping a torn last line)."""
        fd = os.open(path, os.O_WRONLY | os.O_APPEND)
        journal = cls(path, fd)
        journal._lock()
        if os.fstat(fd).st_size != good_length:
            os.ftruncate(fd, good_length)
            sync_file(fd)
        return journal

    def _lock(self) -> None:
        if sys.platform == "win32":  # pragma: no cover
            return
        import fcntl

        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(self._fd)
            raise StorageError(
                f"{self.path} is in use: the session is open in another Dialoogtafel process"
            ) from None

    def append(self, data: bytes) -> None:
        """Append and fsync (blocking: the group commit runs it in a thread)."""
        write_all(self._fd, data)
        sync_file(self._fd)

    def close(self) -> None:
        """Close the file, releasing the lock."""
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1
