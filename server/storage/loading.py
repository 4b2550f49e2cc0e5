"""Bringing a session back from its folder: the database, then the journal past its seq.

A database that cannot be read is rebuilt from the backup and the journal, or from the journal
alone (its first line creates the session), and a log line says so; a damaged journal line is
an error that names the file and the line.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from dialoogtafel.server.domain import Session, apply
from dialoogtafel.server.domain.events import Rejected
from dialoogtafel.server.storage.database import read_database
from dialoogtafel.server.storage.errors import NoSuchSession, StorageError
from dialoogtafel.server.storage.journal import JournalContent, Record, read_journal
from dialoogtafel.server.storage.keys import Keys
from dialoogtafel.server.storage.paths import BACKUP_FILE, DB_FILE, JOURNAL_FILE

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Loaded:
    """A session as brought back, and what that took."""

    session: Session
    keys: Keys
    journal: JournalContent
    db_seq: int | None  # the seq of a readable database, None when it had to be rebuilt
    rebuilt_from: str | None  # "backup" or "journal" when the database could not be read


def check_folder(folder: Path) -> None:
    """NoSuchSession unless the folder holds a session."""
    if not folder.is_dir():
        raise NoSuchSession(f"no session {folder.name} in {folder.parent}")
    if not (folder / JOURNAL_FILE).exists() and not (folder / DB_FILE).exists():
        raise NoSuchSession(f"{folder} is not a session folder (no {JOURNAL_FILE})")


def _try_database(path: Path) -> tuple[Session, Keys] | str:
    """The session in a database file, or why it cannot be read."""
    try:
        return read_database(path)
    except FileNotFoundError:
        return "it is missing"
    except (OSError, ValueError, RecursionError) as err:
        return f"{err.__class__.__name__}: {err}"


def replay(s: Session, records: list[Record], journal: Path) -> Session:
    """Apply journal records in order; each must give exactly its recorded seq."""
    for r in records:
        result = apply(s, r.actor, r.cmd, r.at, remember=r.remember)
        if isinstance(result, Rejected) or result.duplicate or result.seq != r.seq:
            what = result.code if isinstance(result, Rejected) else f"seq {result.seq}"
            raise StorageError(
                f"{journal} line {r.seq + 1}: change {r.seq} does not replay ({what});"
                " the journal does not belong to this database"
            )
        s = result.session
    return s


def load(folder: Path, *, check_all: bool = True) -> Loaded:
    """The latest durable session in a folder (reads only; repairs are the caller's)."""
    check_folder(folder)
    journal_path = folder / JOURNAL_FILE
    db = _try_database(folder / DB_FILE)
    base: tuple[Session, Keys] | None = None
    rebuilt_from = None
    if isinstance(db, str):
        log.warning("database unreadable file=%s (%s)", folder / DB_FILE, db)
        bak = _try_database(folder / BACKUP_FILE)
        if isinstance(bak, tuple):
            base, rebuilt_from = bak, "backup"
        else:
            rebuilt_from = "journal"
        source = "the backup and the journal" if base else "the journal alone"
        log.warning("rebuilding session=%s from %s", folder.name, source)
    else:
        base = db
    content = read_journal(journal_path, after=base[0].seq if base else 0, check_all=check_all)
    session, keys = base if base else (content.created, content.keys)
    if keys != content.keys or session.code != content.code:
        raise StorageError(f"{journal_path} belongs to another session than {folder / DB_FILE}")
    if content.last_seq < session.seq:
        raise StorageError(
            f"{journal_path} ends at change {content.last_seq} but the database holds change"
            f" {session.seq}: the journal was cut short; restore the folder from a backup"
        )
    session = replay(session, content.records, journal_path)
    db_seq = db[0].seq if isinstance(db, tuple) else None
    return Loaded(session, keys, content, db_seq, rebuilt_from)
